"""Find the date or period a sentence's event happened, at the precision stated.

A regular expression finds the expression and decides its precision (day,
month, year); ``dateutil`` turns it into a date; relative expressions
("on Monday", "in late November", "last September") resolved against the
article's publication date.

Example
-------
>>> from datetime import date
>>> find_event_date("They met in late November.", published=date(2023, 1, 18))
EventDate(iso='2022-11', text='in late November', start=9, end=25)
>>> find_event_date("On September 28, 1960, Cuba recognised the PRC.").iso
'1960-09-28'

Without a publication date a relative expression cannot be placed in time: it
is kept as text with no ISO date (``iso=None``), never dropped, and
:func:`relative_dates` lists such expressions so the build can name the article.

>>> find_event_date("They met on Monday.")
EventDate(iso=None, text='on Monday', start=9, end=18)
>>> [d.text for d in relative_dates("Talks began last week and ended on June 3, 2023.")]
['last week']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:                   # the reader imports nothing from language/: the note is built here
    from geo.model import Document
    from geo.read.documents import Problem

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:(?:early|mid|late|the end of|the beginning of)[\s-]+)?"

# Ordered most to least specific; the first pattern that matches a span wins it.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("day", re.compile(rf"\b(?:on\s+)?(?:{_WEEKDAY},?\s+)?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b")),
    ("day", re.compile(rf"\b(?:on\s+)?\d{{1,2}}\s+{_MONTH}\s+\d{{4}}\b")),
    ("day", re.compile(r"\b(?:on\s+)?\d{1,2}/\d{1,2}/\d{2}(?:\d{2})?\b")),
    ("month", re.compile(rf"\b(?:(?:in|since|by|until|from)\s+)?{_PART}{_MONTH}\s+(?:of\s+)?\d{{4}}\b", re.I)),
    ("day", re.compile(rf"\b(?:on\s+)?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*,?\s*\d)")),
    ("decade", re.compile(r"\b(?:(?:in|since|during)\s+)?(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?1[89]\d0s|20[0-2]0s\b", re.I)),
    ("year", re.compile(r"\b(?:(?:in|since|by|until|from|between|before|after)\s+)?(?:at least\s+)?(?:early|mid|late)?[\s-]*(?:1[89]\d\d|20\d\d)\b(?!s)", re.I)),
    ("month", re.compile(rf"\b(?:(?:in|since|by|until|last|this|next)\s+)?{_PART}(?:January|February|March|April|June|July|August|September|October|November|December)\b(?!\s+\d)", re.I)),
    ("weekday", re.compile(rf"\b(?:(?:on|last|this|since)\s+)?{_WEEKDAY}\b")),
    ("week", re.compile(r"\b(?:this|last|next|earlier this|later this)\s+week(?:end)?\b", re.I)),
    ("month", re.compile(r"\b(?:this|last|next|earlier this|later this)\s+month\b", re.I)),
    ("year", re.compile(r"\b(?:this|last|next|earlier this|later this)\s+year\b", re.I)),
]
# A year named by an earlier sentence: "In June of that year", "later that year", "the following
# year". Only the article's text before the sentence can say which (:func:`year_before`).
_MONTH_NAME = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_THAT_YEAR = r"(?:that|the\s+same)\s+year"
_ANAPHORIC: list[tuple[str, re.Pattern]] = [
    ("month", re.compile(rf"\b(?:(?:in|by|until|from)\s+)?{_PART}{_MONTH_NAME}\s+(?:of\s+)?{_THAT_YEAR}\b", re.I)),
    ("year", re.compile(rf"\b(?:(?:in|during|by|later|earlier|throughout)\s+)?(?:(?:early|late|the end of)\s+)?"
                        rf"{_THAT_YEAR}\b|\bthe\s+(?:following|next|previous)\s+year\b|\ba\s+year\s+"
                        rf"(?:later|earlier|before)\b", re.I)),
]
_EXPLICIT_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b(?!s)")
# How far back an earlier sentence's year still anchors "that year": a paragraph or two.
YEAR_REACH = 800


def year_before(text: str, start: int) -> int | None:
    """The year the text names last before ``start``, within :data:`YEAR_REACH` characters (the
    year "that year" refers to), or None.

    >>> t = "The standoff began in May 2020. In June of that year soldiers died."
    >>> year_before(t, t.index("In June"))
    2020
    """
    last = None
    for m in _EXPLICIT_YEAR.finditer(text, max(0, start - YEAR_REACH), start):
        last = m
    return int(last.group(1)) if last else None


def _anaphoric_iso(kind: str, expr: str, year: int) -> str:
    low = expr.lower()
    if kind == "month":
        month = datetime.strptime(re.search(_MONTH_NAME, expr, re.I).group(0)[:3].title(), "%b").month
        return f"{year:04d}-{month:02d}"
    if "that" in low or "same" in low:          # "later that year", "the same year": that year itself
        return f"{year:04d}"
    if re.search(r"following|next|later", low):
        return f"{year + 1:04d}"
    if re.search(r"previous|earlier|before", low):
        return f"{year - 1:04d}"
    return f"{year:04d}"


_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# Spanish: each pattern's match is rewritten into the English expression the resolver reads
# ("el 30 de junio de 2024" -> "June 30, 2024"), and keeps its Spanish words as the text.
_ES_MONTHS = {"enero": "January", "febrero": "February", "marzo": "March", "abril": "April", "mayo": "May",
              "junio": "June", "julio": "July", "agosto": "August", "septiembre": "September",
              "setiembre": "September", "octubre": "October", "noviembre": "November", "diciembre": "December"}
_ES_WEEKDAYS = {"lunes": "Monday", "martes": "Tuesday", "miércoles": "Wednesday", "miercoles": "Wednesday",
                "jueves": "Thursday", "viernes": "Friday", "sábado": "Saturday", "sabado": "Saturday",
                "domingo": "Sunday"}
_ES_MONTH = "(" + "|".join(_ES_MONTHS) + ")"
_ES_PATTERNS: list[tuple[str, re.Pattern, object]] = [
    ("day", re.compile(rf"\b(?:el\s+)?(\d{{1,2}})\s+de\s+{_ES_MONTH}\s+(?:de|del)\s+(\d{{4}})\b", re.I),
     lambda m: f"{_ES_MONTHS[m[2].lower()]} {m[1]}, {m[3]}"),
    ("month", re.compile(rf"\b(?:(?:en|desde|hasta)\s+)?(?:el\s+mes\s+de\s+)?{_ES_MONTH}\s+(?:de|del)\s+(\d{{4}})\b", re.I),
     lambda m: f"{_ES_MONTHS[m[1].lower()]} {m[2]}"),
    ("day", re.compile(rf"\b(?:el\s+)?(\d{{1,2}})\s+de\s+{_ES_MONTH}\b", re.I),
     lambda m: f"{_ES_MONTHS[m[2].lower()]} {m[1]}"),
    ("year", re.compile(r"\b(?:(?:en|desde|hasta|antes de|después de)\s+)?(?:el\s+año\s+)?(1[89]\d\d|20\d\d)\b(?!s)", re.I),
     lambda m: m[1]),
    ("month", re.compile(rf"\b(?:en|desde|hasta)\s+(?:el\s+mes\s+de\s+)?{_ES_MONTH}\b", re.I),
     lambda m: _ES_MONTHS[m[1].lower()]),
    ("weekday", re.compile(r"\b(?:el\s+)?(?:pasado\s+)?(" + "|".join(_ES_WEEKDAYS) + r")\b(?:\s+pasado)?", re.I),
     lambda m: _ES_WEEKDAYS[m[1].lower()]),
    ("week", re.compile(r"\b(?:la\s+semana\s+pasada|esta\s+semana|la\s+próxima\s+semana)\b", re.I),
     lambda m: "last week" if "pasada" in m[0].lower() else "next week" if "próxima" in m[0].lower() else "this week"),
    ("month", re.compile(r"\b(?:el\s+mes\s+pasado|este\s+mes|el\s+próximo\s+mes)\b", re.I),
     lambda m: "last month" if "pasado" in m[0].lower() else "next month" if "próximo" in m[0].lower() else "this month"),
    ("year", re.compile(r"\b(?:el\s+año\s+pasado|este\s+año|el\s+próximo\s+año)\b", re.I),
     lambda m: "last year" if "pasado" in m[0].lower() else "next year" if "próximo" in m[0].lower() else "this year"),
]


@dataclass(frozen=True)
class EventDate:
    iso: str | None              # None: a relative expression with no publication date to anchor it
    text: str
    start: int
    end: int


def _strip_words(expr: str) -> str:
    return re.sub(r"^(?:on|in|since|by|until|from|between|before|after|during|at least|the)\s+", "",
                  expr.strip(), flags=re.I)


@lru_cache(maxsize=4096)
def _parse(expr: str, base: date | None) -> datetime | None:
    """Parse an absolute expression ("Nov. 25, 2022", "7/16/21", "September 28").

    Relative expressions never reach here (the regexes resolve them), so
    dateutil's parser suffices; dateparser would cost two seconds to load.
    Missing fields default to the publication date's year, or 1 January.
    """
    from dateutil import parser

    default = datetime(base.year if base else 1900, 1, 1)
    try:
        return parser.parse(expr, default=default, fuzzy=False)
    except (ValueError, OverflowError):
        return None


# A verb of the future before a bare month or weekday in its clause: "it would cut transits from
# November" (published in August: the November to come), "the minister will visit on Monday".
_FUTURE = re.compile(r"\b(?:will|shall|would(?! have)|(?:is|are|was|were) (?:to|going to|set to|due to|expected to|"
                     r"scheduled to)|plans? to|planned to|intends? to|intended to|aims? to)\b[^.;:!?]*$", re.I)


def is_future(text: str, start: int) -> bool:
    """Whether the date expression at ``start`` follows a verb of the future in its clause.

    >>> t = "The authority said it would cut transits from November."
    >>> is_future(t, t.index("November")), is_future("Transits fell in November.", 17)
    (True, False)
    """
    return bool(_FUTURE.search(text, max(0, start - 80), start))


def _resolve(kind: str, expr: str, published: date | None, future: bool = False) -> str | None:
    """Turn a matched expression into ISO text at the precision its kind implies; ``future``: a bare
    month or weekday is the next one after publication, not the last before it."""
    text = _strip_words(expr)
    text = re.sub(r"^(?:at least\s+)?", "", text, flags=re.I)
    part = re.match(r"(early|mid|late|the end of|the beginning of)[\s-]+", text, re.I)
    if part:
        text = text[part.end():]
    if kind == "decade":
        # ISO has no decade; the first year stands for it and the text keeps "the 1840s".
        return re.search(r"\d{4}", text).group(0)[:3] + "0"
    if kind == "year":
        year = re.search(r"\d{4}", text)
        if year:
            return year.group(0)
        if published is None:
            return None
        offset = {"last": -1, "next": 1}.get(text.split()[0].lower(), 0)
        return str(published.year + offset)
    if kind == "weekday":
        if published is None:
            return None
        weekday = _WEEKDAYS.index(re.search(_WEEKDAY, expr).group(0).lower())
        if future:
            return (published + timedelta(days=(weekday - published.weekday()) % 7 or 7)).isoformat()
        back = (published.weekday() - weekday) % 7
        return (published - timedelta(days=back)).isoformat()
    if kind == "week":
        if published is None:
            return None
        shift = -7 if text.lower().startswith("last") else 7 if text.lower().startswith("next") else 0
        return (published + timedelta(days=shift)).isoformat()
    if kind == "month" and not re.search(r"\d{4}", text):
        if published is None:
            return None
        lowered = text.lower()
        if lowered.endswith("month"):
            months = -1 if lowered.startswith("last") else 1 if lowered.startswith("next") else 0
            y, m = divmod(published.year * 12 + published.month - 1 + months, 12)
            return f"{y:04d}-{m + 1:02d}"
        month = datetime.strptime(text.split()[-1][:3].title(), "%b").month
        # A bare month names the most recent one at or before publication,
        # unless the text says "next".
        year = published.year if month <= published.month else published.year - 1
        if expr.lower().startswith("next") or (future and not expr.lower().startswith("last")):
            year = published.year if month > published.month else published.year + 1
        return f"{year:04d}-{month:02d}"
    parsed = _parse(text.replace("Sept.", "Sep.").replace("Sept ", "Sep "), published)
    if parsed is None:
        return None
    if kind == "month":
        return f"{parsed.year:04d}-{parsed.month:02d}"
    if kind == "day" and not re.search(r"\d{4}|/\d{2}\b", text) and published is not None:
        # "November 9" with no year: the occurrence nearest publication.
        candidates = [date(published.year + k, parsed.month, parsed.day) for k in (-1, 0, 1)
                      if _valid(published.year + k, parsed.month, parsed.day)]
        return min(candidates, key=lambda d: abs((d - published).days)).isoformat()
    if kind == "day" and not re.search(r"\d{4}|/\d{2}\b", text):
        return None
    return parsed.date().isoformat()


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
        return True
    except ValueError:
        return False


def find_dates(text: str, published: date | None = None, *, keep_unresolved: bool = False,
               language: str = "en", year: int | None = None) -> list[EventDate]:
    """Every date expression in ``text``, non-overlapping, in order, resolved where possible.

    ``keep_unresolved`` also returns the expressions that need a publication date
    and have none ("on Monday" with ``published=None``), with ``iso=None``.
    ``language="es"`` reads Spanish expressions instead:

    >>> [(d.iso, d.text) for d in find_dates("Llegó el 30 de junio de 2024 y volvió el jueves.",
    ...                                      date(2024, 7, 6), language="es")]
    [('2024-06-30', 'el 30 de junio de 2024'), ('2024-07-04', 'el jueves')]

    ``year``: the year an earlier sentence named (:func:`year_before`), which "that year", "in June
    of that year" and "the following year" refer to; without it they are no date:

    >>> [(d.iso, d.text) for d in find_dates("In June of that year, and the following year.", date(2024, 7, 6),
    ...                                      year=2020)]
    [('2020-06', 'In June of that year'), ('2021', 'the following year')]
    """
    return list(_find_dates(text, published, keep_unresolved, language, year))


# A sentence with several places gives a claim per place, and each claim asks for the
# sentence's dates (a third of the calls in a build repeat one): the answer depends on the
# arguments only, and its records are frozen. Bounded.
@lru_cache(maxsize=1024)
def _find_dates(text: str, published: date | None, keep_unresolved: bool, language: str,
                year: int | None = None) -> tuple[EventDate, ...]:
    taken: list[tuple[int, int]] = []
    found: list[EventDate] = []
    if language != "es":
        # Taken first, so that "June" of "June of that year" is not read as the June before publication.
        for kind, pattern in _ANAPHORIC:
            for match in pattern.finditer(text):
                start, end = match.start(), match.end()
                if any(start < e and s < end for s, e in taken):
                    continue
                taken.append((start, end))
                # A year earlier in the same sentence is the one meant ("opened in 2019 and closed
                # the next year"); else the caller's, from the sentences before.
                anchor = year_before(text, start) or year
                if anchor is not None:
                    expr = match.group(0).strip()
                    lead = len(match.group(0)) - len(match.group(0).lstrip())
                    found.append(EventDate(_anaphoric_iso(kind, expr, anchor), expr, start + lead,
                                           start + lead + len(expr)))
    patterns = ([(k, p, None) for k, p in _PATTERNS] if language != "es" else _ES_PATTERNS)
    for kind, pattern, english in patterns:
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            expr = match.group(0).strip()
            if not expr or any(start < e and s < end for s, e in taken):
                continue
            if kind == "year" and english is None and not re.search(r"\d{4}|year", expr):
                continue
            future = kind in ("month", "weekday") and english is None and is_future(text, start)
            iso = _resolve(kind, english(match) if english else expr, published, future)
            taken.append((start, end))
            relative = (iso is None and published is None
                        and _resolve(kind, english(match) if english else expr, _ANY_DAY) is not None)
            if iso is not None or (keep_unresolved and relative):
                lead = len(match.group(0)) - len(match.group(0).lstrip())
                found.append(EventDate(iso, expr, start + lead, start + lead + len(expr)))
    return tuple(sorted(found, key=lambda d: d.start))


# Any date anchors a relative expression: one that resolves against it and not
# against nothing is relative.
_ANY_DAY = date(2001, 1, 1)


def relative_dates(text: str) -> list[EventDate]:
    """The expressions in ``text`` that only a publication date could place ("on Monday", "last week")."""
    return [d for d in find_dates(text, None, keep_unresolved=True) if d.iso is None]


def find_event_date(sentence: str, published: date | None = None, near: int | None = None,
                    language: str = "en", year: int | None = None) -> EventDate | None:
    """The date expression in ``sentence`` that best dates its event.

    With ``near`` (an offset into the sentence, e.g. the place mention), the
    expression closest to it wins; otherwise the first one. A resolved date wins
    over one that cannot be placed without the publication date, which is returned
    (``iso=None``) only when the sentence has nothing better. ``year`` as in :func:`find_dates`.
    """
    dates = [d for d in find_dates(sentence, published, keep_unresolved=published is None, language=language,
                                   year=year)
             if not _reference_point(sentence, d.start, d.text)]
    resolved = [d for d in dates if d.iso is not None]
    dates = resolved or dates
    if not dates:
        return None
    if near is None:
        return dates[0]
    return min(dates, key=lambda d: (min(abs(d.start - near), abs(d.end - near)), d.start))


# "his first trip to China since the 2021 coup", "the largest drill since 2019": the date after
# "since" is what the event is measured against, not when it happened.
_SINCE_REFERENCE = re.compile(r"\b(?:first|last|only|biggest|largest|highest|lowest|worst|longest)\b"
                              r"[^.;:!?]{0,60}\bsince\s+(?:the\s+|at least\s+)?$", re.I)


def _reference_point(sentence: str, start: int, text: str = "") -> bool:
    """Whether the date ``text`` at ``start`` is the point a superlative is counted from.

    >>> s = "He arrived on Wednesday, his first trip abroad since the 2021 coup."
    >>> _reference_point(s, s.index("2021"), "2021")
    True
    >>> s = "It was the largest drill since 2019."
    >>> _reference_point(s, s.index("since"), "since 2019"), _reference_point("Bases there since 2019.", 12, "since 2019")
    (True, False)
    """
    before = sentence[max(0, start - 80):start]
    if text[:6].lower() == "since ":
        before += "since "
    return bool(_SINCE_REFERENCE.search(before))


_QUOTED = 3         # relative dates quoted in a note, then "..."


def undated_notes(documents: list[Document], memo=None) -> list[Problem]:
    """One note per document whose relative dates cannot be placed because it has no publication date.

    The article is analysed all the same (its claims keep the words, "on Monday",
    with no ISO date), so this is a note for the summary, not a skipped input.
    ``memo`` (a :class:`geo.read.memo.TextMemo`) remembers each text's relative dates between builds.
    """
    from geo.read.documents import METADATA_FILE, Problem, section_prefix

    sections: dict[str, int] = {}
    for doc in documents:
        sections[doc.path] = sections.get(doc.path, 0) + 1
    notes = []
    for doc in documents:
        if doc.published is not None:
            continue
        if memo is None:
            found = [d.text for d in relative_dates(doc.text)]
        else:
            found = memo.recall("relative", doc.text, lambda: [d.text for d in relative_dates(doc.text)])
        if not found:
            continue
        quoted = ", ".join(repr(text) for text in found[:_QUOTED]) + (", ..." if len(found) > _QUOTED else "")
        where = section_prefix(doc, sections[doc.path] > 1)
        notes.append(Problem(doc.path, f"{where}{len(found)} relative date(s) left undated ({quoted}): no "
                                       f"publication date in the text, page or {METADATA_FILE}"))
    return notes
