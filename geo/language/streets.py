"""Streets, roads and highways named in English text ("on Rivers Avenue", "County Road 109").

Local news places its events on streets ("a wreck on Rivers Avenue", "the intersection of Fair
Street and South Lowry Avenue"), and a street is no entry of any offline gazetteer: without
this detector such a mention is either missed or read as the place the street is named after
("Rivers Avenue" -> Rivers State, Nigeria; "Street" alone -> a hamlet). A street's name is a
matter of form, not of context: capitalised words ending in a word for a street, or a road
class and its number. So this is a pattern, not a model; what the street is *in* is decided
later, from the article (:mod:`geo.places.streets`).

What it does not take, and why:

* "Court", "Place", "Way", "Circle", "Square", "Dr.": in news they head far more names that are
  not streets ("Supreme Court", "Times Square" is a site, "No Way", "Dr. Smith") than names
  that are;
* "St." followed by a capitalised word: that is a saint's name ("Mount St. Helens", "St. Paul");
* leading sentence or function words ("On Main Street" is "Main Street") and a possessive town
  before the name ("Augusta's Highland Avenue" is Highland Avenue; the town is a cue of
  :mod:`geo.places.streets`).

On the first labelled sample of LGL's held-out half (``scripts/eval_drawn.py``), 19 of the 70
literal places the map did not draw were streets or numbered roads.

>>> [s.text for s in find_streets("A wreck on Rivers Avenue and County Road 109 near Mount St. Helens.")]
['Rivers Avenue', 'County Road 109']
>>> [s.text for s in find_streets("Fair Street and South Lowry Avenue, then Augusta's Highland Ave. in town.")]
['Fair Street', 'South Lowry Avenue', 'Highland Ave.']
>>> [s.text for s in find_streets("The Supreme Court met on Tuesday.")]
[]
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

# Words that end a street's name. Abbreviations carry their dot so "St" in a name is not one.
STREET_TYPES = ("Street", "St.", "Avenue", "Ave.", "Road", "Rd.", "Drive", "Boulevard", "Blvd.", "Lane",
                "Parkway", "Pkwy.", "Highway", "Hwy.", "Pike", "Turnpike", "Expressway", "Freeway")
# A road class before its number: "County Road 109", "State Highway 360", "Interstate 85", "US 1".
ROAD_CLASSES = ("County Road", "County Route", "State Road", "State Route", "State Highway", "U.S. Highway",
                "U.S. Route", "US Highway", "US Route", "Farm to Market Road", "Farm-to-Market Road", "Interstate",
                "Highway", "Route", "U.S.", "US", "FM", "SR", "I-")
MAX_NAME_WORDS = 4
# A word of the name: capitalised, or an ordinal; a dot only after an initial or a short
# abbreviation ("N. Main", "Mt. Vernon"), so a sentence's end is never inside a name.
_WORD = r"(?:[A-Z][a-z]{0,2}\.|[A-Z][A-Za-z'’-]*(?![.\w])|\d{1,4}(?:st|nd|rd|th))"
_TYPES = "|".join(re.escape(t) for t in STREET_TYPES)
_NAMED = re.compile(rf"\b((?:{_WORD}\s+){{1,{MAX_NAME_WORDS}}}(?:{_TYPES}))(?![\w-])")
_CLASSES = "|".join(re.escape(c) + ("" if c.endswith("-") else r"\s+") for c in ROAD_CLASSES)
# Up to three digits: "US 2020" and "Route 2024" are years far more often than roads.
_NUMBERED = re.compile(rf"(?<![\w-])((?:{_CLASSES})\d{{1,3}}[A-Z]?)(?![\w-])")
# Words that start a sentence or a phrase before a street's name but are not part of it.
_LEADING = {"the", "a", "an", "on", "in", "at", "near", "from", "to", "into", "onto", "along", "off", "and", "or",
            "of", "by", "via", "past", "down", "up", "across", "toward", "towards", "behind", "beside", "between",
            "when", "while", "after", "before", "police", "officers", "residents", "downtown", "then", "where",
            *(w.lower() for w in (*calendar.month_name[1:], *calendar.day_name))}
# A road class and a street word with no name or number is no particular road ("Interstate Highway").
_GENERIC = re.compile(rf"(?:(?:{'|'.join(re.escape(c) for c in ROAD_CLASSES if not c.endswith('-'))})\s+)+(?:{_TYPES})")
# After "St.": a capitalised word makes it a saint ("St. Paul"); a digit or a dot makes no difference.
_SAINT_AFTER = re.compile(r"\s+[A-Z]")


@dataclass(frozen=True)
class Street:
    """A street's or a road's name and where it is in the text."""

    start: int
    end: int
    text: str


def find_streets(text: str) -> list[Street]:
    """Every street or numbered road named in ``text``, in order, none overlapping."""
    found: list[Street] = []
    for m in _NAMED.finditer(text):
        start, end = m.start(1), m.end(1)
        if text[start:end].endswith("St.") and _SAINT_AFTER.match(text, end):
            continue
        start = _skip_leading(text, start, end)
        if start is not None and not _GENERIC.fullmatch(text, start, end):
            found.append(Street(start, end, text[start:end]))
    for m in _NUMBERED.finditer(text):
        found.append(Street(m.start(1), m.end(1), m.group(1)))
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    out: list[Street] = []
    for s in found:
        if out and s.start < out[-1].end:
            continue
        out.append(s)
    return out


def _skip_leading(text: str, start: int, end: int) -> int | None:
    """The name's start past leading function words and a possessive ("Augusta's"); None when
    nothing but the street word is left."""
    words = list(re.finditer(r"\S+", text[start:end]))
    for k, w in enumerate(words[:-1]):
        token = w.group()
        bare = token.rstrip(".").lower()
        if bare in _LEADING:
            continue
        if token.endswith(("'s", "’s")):
            continue
        return start + w.start()
    return None
