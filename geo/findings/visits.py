"""Find the legs of official journeys: who went where, when, and whether it happened.

Each sentence is read for the ways news reports travel, each a named pattern
(``Visit.pattern``) so the itinerary can say how a leg was found:

* ``trip-word``: a trip word and the preposition that introduces its destination
  ("visited Moscow", "flew directly to Havana", "will depart for Belarus",
  "then attended the G20 in Indonesia and APEC in Thailand", several destinations
  joined by "and");
* ``earlier-stop``: "after a visit to Moscow", "after stops in Kabul and Tehran":
  a stop made before the sentence's other legs;
* ``meeting``: "met with X in Beijing", or a meeting with a foreign official and no
  place, which implies a trip to the host's capital (marked as inferred);
* ``presence``: a caption or clause putting a foreign official in a place
  ("Premier Li Peng and Fidel Castro in Havana in 1995", "Marrero is in Shanghai");
* ``return``: "will fly back to Islamabad", "before returning home".

The visitor is the person the sentence makes the traveller (the nearest named
person before the trip word, the one it introduces, the subject carried over from
"then" or a pronoun, the person a title phrase such as "the Cuban President"
stands for) and must hold an office or be a delegation: private travel is not a
diplomatic visit. Each leg's status comes from the verb ("will visit": planned;
"is visiting": under way; "cancelled": cancelled); its date from the sentence,
resolved against the publication date. :mod:`geo.findings.trips` joins the legs
into itineraries.

Example
-------
>>> TRIGGER.search("during a visit Tuesday to Moscow").group(0)
'visit'
>>> travel_status("The minister will travel to Rome", 18).value
'planned'
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import replace
from typing import NamedTuple, Sequence

from geo.findings.claims import SAY_VERBS, attribution_of, status_of
from geo.language.dates import find_event_date, year_before
from geo.language.institutions import Institution, institution_after, institution_before
from geo.language.people import _OFFICE_HEAD, People, fold, is_office, office_after, office_before
from geo.model import Document, Mention, Place, Resolution, TravelStatus, Visit
from geo.places.capitals import capital_city

# Trip words: stem -> (a regular expression for its forms, the prepositions that introduce
# its destination, whether a place may follow with no preposition: "visited Moscow").
_TRIP_WORDS: dict[str, tuple[str, str, bool]] = {
    "visit": (r"visit(?:s|ed|ing)?", r"to|of|in|at", True),
    "trip": (r"trips?", r"to", False),
    "tour": (r"tour(?:s|ed|ing)?", r"of|to|in", True),
    "travel": (r"travel(?:s|led|ed|ling|ing)?", r"to|on to", False),
    "fly": (r"fl(?:ew|ies|y|ying)|flown", r"to|into|on to|back to", False),
    "arrive": (r"arriv(?:ed|es|e|ing|al)", r"in|at", True),
    "reach": (r"reach(?:ed|es|ing)?", r"", True),
    "land": (r"land(?:ed|s|ing)", r"in|at", False),
    "delegation": (r"delegations?", r"to", False),
    "depart": (r"depart(?:s|ed|ing)?|leav(?:e|es|ing)|left", r"for", False),
    "head": (r"head(?:s|ed|ing)?", r"to|for", False),
    "go": (r"go(?:es|ing)?|went", r"to|on to", False),
    "return": (r"return(?:s|ed|ing)?", r"to", False),
    "stop": (r"stop(?:s|ped|over|overs)?", r"in|at", False),
    "meet": (r"met|meets?|meetings?|talks", r"in|at", False),
    "attend": (r"attend(?:s|ed|ing)?|represented", r"in|at", False),
}
TRIGGER = re.compile(r"\b(?:" + "|".join(f"(?P<{k}>{v[0]})" for k, v in _TRIP_WORDS.items()) + r")\b", re.I)

# A clause's speaking verb right after a place: the place is in the speaker's phrase ("..., the
# embassy in Asmara said", "..., officials in Kabul told reporters"), not the trip's destination.
_SPEAKER_AFTER = re.compile(rf"[^\S\n]*(?:[\w’'-]+[^\S\n]+){{0,2}}?(?:{SAY_VERBS})(?!\w)")

# A trip word used as the noun of the same event: "attended the meeting of the G20 in Indonesia".
_NOUN_TRIGGER = re.compile(r"\b(?:the|a|an|their|his|her)\s+$")

# Words that may stand between a trip word and its destination's preposition: up to ten
# words with no verb of another clause ("a visit Tuesday by Armed Forces Minister Alvaro
# Lopez Miera to Moscow", "met with his Chinese counterpart Wang Yi in Beijing").
_OTHER_CLAUSE = re.compile(r"\b(?:is|was|are|were|be|been|has|have|had|will|would|said|says|that|which|who|"
                           r"whom|because|how|why|while|when|where|if|to\s+(?!the\b)[a-z]+)\b|[;:?!]")
_PLANNED = re.compile(r"\b(?:will|would|shall|due to|set to|is to|are to|to be|expected to|scheduled to|"
                      r"plans?|planned|planning|upcoming|intends? to|hopes? to)\s+(?:\w+\s+){0,3}$"
                      r"|(?<!prior )\bto\s+$", re.I)
_UNDER_WAY = re.compile(r"\b(?:is|are|am)\s+(?:currently\s+|now\s+)?(?:\w+ing|in|on)\b[^.]*$|\bcurrently\b"
                        r"|\bis\s+(?:currently\s+)?$", re.I)
_CANCELLED = re.compile(r"\b(?:cancel(?:l?ed|s)?|call(?:ed|s)? off|postpone[ds]?|unable to|won['’]t|will not|"
                        r"would not|did not|didn['’]t|never|not)\b(?:\s+\w+){0,4}\s*$", re.I)
_EARLIER = re.compile(r"\b(?:after|following)\s+(?:(?:concluding|wrapping up|ending|completing)\s+)?"
                      r"(?:an?|his|her|their|the)?\s*(?:[\w-]+\s+){0,3}$", re.I)
_THEN = re.compile(r"(?:,\s*|\s)(?:and\s+)?then\s+(?:\w+\s+)?$|\band\s+(?:later\s+)?$", re.I)
_PRONOUN = re.compile(r"^\W*(?:He|She|They)\b|^\W*The\s+(?:[a-z]+\s+){0,2}(?:minister|president|premier|"
                      r"secretary|chancellor|envoy|delegation|general|leader|chief|official)\b")
_HOME = re.compile(r"\b(?:return(?:s|ed|ing)?|fly(?:ing)? back|flew back|head(?:s|ed|ing)? back|go(?:es|ing)? back)"
                   r"\s+home\b", re.I)
# A delegation or officials as the visitor: an office of a body, not a person.
_GROUP = re.compile(r"\b(?:(?:[A-Z][\w’'-]+|senior|military|government|official|high-level|parliamentary|trade|"
                    r"business|congressional)\s+)*(?:delegations?|officials|ministers|lawmakers|parliamentarians|"
                    r"diplomats|envoys)(?:\s+from\s+[A-Z][\w’'-]+(?:\s+and\s+[A-Z][\w’'-]+)?)?\b")


# "..., two local officials said", "American officials said Washington was seeking talks":
# the officials who speak are the report's source, not the travellers.
_SPEAKS = re.compile(r"\s*(?:,\s*)?(?:said|say|says|told|tell|added|stated|confirmed|denied|believe[sd]?|"
                     r"warned|claimed|according)\b")


def _traveller_group(text: str, start: int, end: int) -> re.Match | None:
    """The first delegation or officials in ``text[start:end]`` that are not the sentence's speakers.

    >>> _traveller_group("Two officials said a delegation flew to Rome", 0, 44).group(0)
    'delegation'
    >>> _traveller_group("American officials said Washington was seeking talks", 0, 53) is None
    True
    """
    for group in _GROUP.finditer(text, start, end):
        if not _SPEAKS.match(text, group.end()):
            return group
    return None


# Arrivals: the trip words whose destination a sentence may open with ("In Kabul, the envoy arrived").
_ARRIVING = ("arrive", "land")
# The opening place phrase, up to its comma: "In Ouagadougou,", "In Ouagadougou, Burkina Faso's capital,".
_FRONTED = re.compile(r"\s*(?:In|At)\s+[A-Z][^,.;:!?]{0,40},")


def travel_status(text: str, trigger_start: int, sent_start: int = 0) -> "TravelStatus":
    """Where the trip a trip word reports stands, from the words just before it."""
    before = text[max(sent_start, trigger_start - 60):trigger_start]
    if _CANCELLED.search(before[-40:]):
        return TravelStatus.CANCELLED
    if _PLANNED.search(before):
        return TravelStatus.PLANNED
    if _UNDER_WAY.search(before[-30:]):
        return TravelStatus.UNDER_WAY
    return TravelStatus.TOOK_PLACE


def date_precision(when) -> str:
    """How precise an event date is: day, week, month, year or decade ("" for none)."""
    if when is None or not when.iso:
        return ""    # no date, or a relative one with nothing to anchor it ("on Monday" in an undated article)
    if re.search(r"\bweek", when.text, re.I):
        return "week"
    if re.search(r"\d0s\b", when.text):
        return "decade"
    return {10: "day", 7: "month", 4: "year"}.get(len(when.iso), "")


def _person_keys(name: str) -> set[str]:
    """Keys a person is matched on across articles: each name token, accent-folded.

    "Miguel Díaz-Canel Bermúdez" and "Diaz-Canel" share "diaz-canel"; "Xi" and
    "Xi Jinping" share "xi". Keys claimed by people of different countries are
    dropped by :func:`merge_nationalities`.
    """
    name = re.sub(r"['’]s?$", "", name.strip())
    return {t for t in re.split(r"[\s\"“”]+", fold(name)) if len(t) > 1 and t not in {"de", "la", "del", "y"}}


def capital_of(country: Place, gazetteer) -> Place:
    """The capital city standing for a country in a visit; the country's own point if unknown."""
    return capital_city(country.country, gazetteer) or country


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
    r"secretary|state|vice|chairman|general|head|leader|chief|ambassador|envoy|counterpart|armed|forces|military|"
    r"army|navy|party|deputy|senior|top|revolutionary))*,?\s+")


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


_TITLE_PHRASE = re.compile(rf"\b(?:[Tt]he\s+|[A-Z][\w’'-]+['’]s\s+)(?:[A-Z][\w.’'-]+(?:['’]s)?\s+){{0,3}}"
                           rf"(?i:{_OFFICE_HEAD})\b")


class _Sentence(NamedTuple):
    start: int
    end: int


class VisitFinder:
    """Finds the legs of official journeys in a document.

    ``people`` maps name keys to nationalities (:func:`merge_nationalities`);
    ``registry`` knows every person's fullest name and office across the corpus.
    """

    def __init__(self, gazetteer, people: dict[str, str], registry: People | None = None):
        self.gazetteer = gazetteer
        self.people = people
        self.registry = registry or People(people)

    # -- destinations -------------------------------------------------------------------------
    def _destinations(self, text: str, trigger: re.Match, index: "_Index", sent: _Sentence) -> list[Resolution]:
        """The places a trip word sends its traveller to, in order ("in Indonesia and ... in Thailand")."""
        stem = trigger.lastgroup or "visit"
        preps, direct = _TRIP_WORDS[stem][1], _TRIP_WORDS[stem][2]
        found: list[Resolution] = []
        for res in index.starting(trigger.end(), min(sent.end, trigger.end() + 120)):
            if res.mention.label == "NORP" or res.mention.within:
                continue  # "visit of the Cuban President", "the Asia Pacific Economic Cooperation forum"
            between = text[trigger.end():res.mention.start]
            if any(not _NOUN_TRIGGER.search(between, 0, t.start()) for t in TRIGGER.finditer(between)):
                break    # a nearer trip word owns this destination ("attended the meeting ... in" does not)
            if found:
                if self._continues(text, found[-1], res, preps):
                    found.append(self._narrowest(text, res, index))
                    continue
                break
            if re.match(rf"\s+(?:[A-Z][\w.’'-]+\s+){{0,2}}(?i:{_OFFICE_HEAD})\b", text[res.mention.end:res.mention.end + 60]):
                continue  # "visit U.S. President Donald Trump in Florida": a nationality, not where
            if "," in between and _SPEAKER_AFTER.match(text, res.mention.end):
                break    # "... for a four-day visit, the Russian embassy in Asmara said": who speaks, from where
            if self._introduces(between, preps, direct):
                found.append(self._narrowest(text, res, index))
                continue
            if re.search(r"[;:.]", between) or len(between.split()) > 12:
                break
        return found

    @staticmethod
    def _introduces(between: str, preps: str, direct: bool) -> bool:
        if direct and re.fullmatch(r"\s*(?:the\s+)?", between):
            return True
        if not preps:
            return False
        match = re.search(rf"(?:^|\s)(?:{preps})\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,2}}$", between)
        if match is None:
            return False
        gap = between[:match.start()]
        return len(gap.split()) <= 10 and not _OTHER_CLAUSE.search(gap)

    @staticmethod
    def _continues(text: str, last: Resolution, res: Resolution, preps: str) -> bool:
        """ "Japan and South Korea", "Australia, New Zealand and Japan", "... in Indonesia and the APEC forum in Thailand"."""
        gap = text[last.mention.end:res.mention.start]
        if re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:then\s+)?(?:(?:to|in)\s+)?(?:the\s+)?", gap):
            return True
        joined = re.match(r"\s*(?:,\s*)?and\s+", gap)
        if joined and preps:
            rest = gap[joined.end():]
            match = re.search(rf"(?:^|\s)(?:{preps})\s+(?:the\s+)?$", rest)
            return bool(match) and len(rest.split()) <= 10 and not _OTHER_CLAUSE.search(rest[:match.start()])
        return False

    @staticmethod
    def _fronted(text: str, trigger: re.Match, index: "_Index", sent: _Sentence) -> list[Resolution]:
        """The place a sentence opens with, for an arrival that names none after it: "In
        Ouagadougou, officials said a delegation from Moscow had arrived"."""
        head = _FRONTED.match(text, sent.start)
        if head is None or head.end() > trigger.start():
            return []
        return [r for r in index.starting(sent.start, head.end()) if r.mention.end <= head.end()
                and r.mention.label != "NORP" and not r.mention.within][:1]

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

    # -- visitors -----------------------------------------------------------------------------
    def _visitors(self, persons, text: str, trigger: re.Match, sent: _Sentence,
                  recent: list[str]) -> list[tuple[str, int]]:
        """[(visitor, offset)] for a trip word; offset -1 when the visitor comes from context.

        In order: the person a genitive introduces ("the visit of the Cuban President", "a visit
        Tuesday by Minister X"); the subject carried over by "then"; a title phrase nearer the
        trip word than any name ("... and China's president will visit"); the nearest person
        before it (with anyone joined by "and"); a name the corpus knows; a pronoun's antecedent;
        a title phrase; a delegation; the person right after it.
        """
        people = [e for e in persons if sent.start <= e.start_char < sent.end]
        before = sorted((e for e in people if e.end_char <= trigger.start()), key=lambda e: e.start_char)
        after = [e for e in people if e.start_char >= trigger.end() and e.start_char - trigger.end() < 60]
        lead = text[sent.start:trigger.start()]
        genitive = re.match(r"(?:\s+[\w’'-]+){0,2}?\s+(?:of|by)\s+", text[trigger.end():sent.end])
        if genitive:
            at = trigger.end() + genitive.end()
            for ent in after:
                if ent.start_char >= at and _TITLE_WORDS.fullmatch(" " + text[at:ent.start_char]
                                                                    if text[at:ent.start_char] else " "):
                    return [(_plain(ent.text), ent.start_char)]
            title = _TITLE_PHRASE.match(text, at)
            if title:
                return [(title.group(0), title.start())]
        if _THEN.search(lead):
            # "Xi ... met with Scholz in Beijing, then attended ...": the subject goes on.
            subject = self._subject(text, sent, people)
            if subject is not None:
                return [subject]
        titles = list(_TITLE_PHRASE.finditer(text, sent.start, trigger.start()))
        if before and titles and titles[-1].start() >= before[-1].end_char \
                and not re.match(r"\s*,", text[before[-1].end_char:titles[-1].start()]):
            # "... after Tillerson's visit, and one week before China's president will visit ...":
            # the title phrase nearer the trip word is its subject.
            return [(titles[-1].group(0), titles[-1].start())]
        if before:
            group = [before[-1]]
            for earlier in reversed(before[:-1]):
                if not _coordinated(text, earlier, group[0]):
                    break
                group.insert(0, earlier)
            return [(_plain(e.text), e.start_char) for e in group]
        known = [m for m in re.finditer(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*", lead)
                 if any(k in self.people for k in _person_keys(m.group(0))) or self.registry.knows(m.group(0))]
        if known:
            return [(_plain(known[-1].group(0)), sent.start + known[-1].start())]
        if _PRONOUN.search(lead) and recent:
            return [(recent[0], -1)]
        if titles:
            return [(titles[-1].group(0), titles[-1].start())]
        group = _traveller_group(text, sent.start, trigger.start()) or _traveller_group(text, trigger.end(), sent.end)
        if group:
            return [(group.group(0), group.start())]
        if after:
            return [(_plain(after[0].text), after[0].start_char)]
        return [("", -1)]

    def _subject(self, text: str, sent: _Sentence, people) -> tuple[str, int] | None:
        """The first person a sentence names: a person entity, or a name the corpus knows."""
        first = min(people, key=lambda e: e.start_char, default=None)
        for match in re.finditer(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*", text[sent.start:sent.end]):
            at = sent.start + match.start()
            if first is not None and sent.start + match.end() > first.start_char:
                break   # the run holds (or follows) the first person entity: that is the subject
            if any(k in self.people for k in _person_keys(match.group(0))):
                return _plain(match.group(0)), at
        return (_plain(first.text), first.start_char) if first is not None else None

    def _person(self, visitor: str, offset: int, text: str, recent: list[str]) -> tuple[str, str]:
        """(name, office) for a visitor phrase: a title phrase becomes the person it stands for."""
        if _TITLE_PHRASE.fullmatch(visitor.strip()) and not _person_keys_known(visitor, self.people):
            country = self._stated_country(visitor)
            info = self.registry.by_title(visitor, country, recent)
            if info is not None:
                return info.name, info.office
            return visitor, visitor
        info = self.registry.lookup(visitor)
        office = info.office
        if not office and offset >= 0:
            office = office_before(text[max(0, offset - 90):offset]) or office_after(text[offset + len(visitor):])
        if not office and _GROUP.fullmatch(visitor.strip()):
            office = "delegation"
        return info.name, office

    def _stated_country(self, phrase: str) -> str:
        """The country a title phrase names ("the Cuban President", "China's president"), or ""."""
        for word in re.findall(r"[A-Z][\w’'-]+", phrase):
            word = re.sub(r"['’]s$", "", word)
            if is_office(word):
                continue
            for place in self.gazetteer.candidates(word, limit=3):
                if place.kind == "country":
                    return place.country
        return ""

    # -- origins ------------------------------------------------------------------------------
    def _origin(self, visitor: str, offset: int, text: str, index: "_Index") -> tuple[Place | None, str]:
        """Where the visitor comes from: a place named right before them, else the corpus's
        nationality for that name."""
        near = index.starting(offset - 40 - index.longest, offset + len(visitor)) if offset >= 0 else ()
        for res in near:
            inside = offset >= 0 and res.mention.start >= offset and res.mention.end <= offset + len(visitor)
            gap = text[res.mention.end:offset]
            before = offset >= 0 and 0 <= offset - res.mention.end <= 40 and bool(_TITLE_WORDS.fullmatch(
                gap if re.match(r"['’]s\b", gap) else (" " + gap.lstrip() if gap.strip() else " ")))
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

    # -- the document -------------------------------------------------------------------------
    def find(self, document: Document, persons: Sequence[Person], resolutions: Sequence[Resolution],
             sentences) -> list[Visit]:
        text = document.text
        resolved = [r for r in resolutions if r.place is not None]
        main = _main_countries(resolved)
        index = _Index(resolved, persons)
        visits: list[Visit] = []
        recent: list[str] = []          # visitors named so far, nearest first
        for start, end in sentences:
            sent = _Sentence(start, end)
            used: set[int] = set()
            in_sentence = index.persons_in(sent)
            found_here = False
            for trigger in TRIGGER.finditer(text, sent.start, sent.end):
                dests = [d for d in self._destinations(text, trigger, index, sent) if d.mention.start not in used]
                if not dests and trigger.lastgroup in _ARRIVING:
                    dests = [d for d in self._fronted(text, trigger, index, sent) if d.mention.start not in used]
                home = bool(_HOME.match(text, trigger.start()))
                if not dests and not home and trigger.lastgroup != "meet":
                    continue
                for visitor, offset in self._visitors(in_sentence, text, trigger, sent, recent):
                    if not dests and home:
                        leg = self._leg(document, in_sentence, text, trigger, None, index, main, sent, visitor,
                                        offset, recent, pattern="return")
                        legs = [leg] if leg else []
                    elif not dests:
                        legs = [self._meeting(document, in_sentence, text, trigger, index, sent, visitor, offset,
                                              recent)]
                    else:
                        legs = [self._leg(document, in_sentence, text, trigger, dest, index, main, sent, visitor,
                                          offset, recent) for dest in dests]
                    for leg in filter(None, legs):
                        visits.append(leg)
                        found_here = True
                        if leg.visitor != "(unnamed)":
                            recent[:] = [leg.visitor] + [r for r in recent if r != leg.visitor]
                for dest in dests:
                    used.add(dest.mention.start)
            if not found_here:
                visits += self._presence(document, in_sentence, text, index, sent, recent)
            for ent in sorted(in_sentence, key=lambda e: -e.start_char):
                name = self.registry.lookup(_plain(ent.text)).name
                if name not in recent[:1]:
                    recent[:] = [name] + [r for r in recent if r != name]
            del recent[6:]
        return _dedupe(_hosts_travel(_share_origins(visits), self))

    def _leg(self, document, persons, text, trigger, dest, index, main, sent, visitor, offset, recent,
             pattern: str = "") -> Visit | None:
        name, office = self._person(visitor, offset, text, recent) if visitor else ("", "")
        origin, reason = self._origin(name if offset < 0 else visitor, offset, text, index)
        if dest is None:
            # "returning home": back to the visitor's seat
            if origin is None:
                return None
            dest_place, mention = capital_of(origin, self.gazetteer) if origin.kind == "country" else origin, None
            to_country = False
        else:
            dest_place, mention = dest.place, dest.mention
            to_country = dest.place.kind == "country"
            if origin is not None and origin.country and origin.country == dest_place.country and offset >= 0:
                # That is the host: the visitor is another person in the sentence.
                for other in persons:
                    if sent.start <= other.start_char < sent.end and _plain(other.text) != visitor:
                        other_origin, other_reason = self._origin(other.text, other.start_char, text, index)
                        if other_origin is not None and other_origin.country != dest_place.country:
                            visitor, origin, reason = _plain(other.text), other_origin, other_reason
                            name, office = self._person(visitor, other.start_char, text, recent)
                            break
            if origin is None and dest_place.country in main and len(main) == 2 and not _third_country(
                    index.starting(sent.start, sent.end - 1), sent, main):
                # A two-country story: whoever travels to one comes from the other, unless the
                # sentence itself brings in a third country ("Mongolian President ... to Beijing").
                origin = self.gazetteer.country(next(c for c in main if c != dest_place.country))
                reason = "inferred: the article's other main country"
            if origin is not None and origin.country and origin.country == dest_place.country:
                return None     # travel at home is not a diplomatic visit
        if trigger.lastgroup == "delegation" and not office:
            office = "head of a delegation"   # "led a Cuban delegation to ..."
        if not (is_office(office) or _GROUP.search(name or visitor or "")):
            return None   # private travel, a team, a tourist: not a diplomatic visit
        if origin is not None and origin.kind == "country":
            origin = capital_of(origin, self.gazetteer)
        destination = capital_of(dest_place, self.gazetteer) if dest_place.kind == "country" else dest_place
        sentence = text[sent.start:sent.end]
        when = find_event_date(sentence, document.published, near=trigger.start() - sent.start,
                               year=year_before(text, sent.start))
        lead = text[sent.start:trigger.start()]
        return Visit(
            doc_id=document.id, visitor=name or visitor or "(unnamed)", origin=origin, destination=destination,
            origin_reason=reason or "origin not stated", sentence=sentence,
            sent_start=sent.start, sent_end=sent.end, mention=mention or _word_mention(document, trigger),
            event_date=when.iso if when else None, event_date_text=when.text if when else "",
            attribution=attribution_of(sentence), status=status_of(sentence)[0],
            confidence=1.0 if dest is None else dest.confidence,
            office=office, travel=_status_with_date(travel_status(text, trigger.start(), sent.start), when,
                                                    document.published),
            date_precision=date_precision(when), pattern=pattern or (
                "earlier-stop" if _EARLIER.search(lead[-60:]) else
                "meeting" if trigger.lastgroup == "meet" else "trip-word"),
            before_sentence=bool(_EARLIER.search(lead[-60:])), trigger_start=trigger.start(),
            to_country=to_country,
        )

    def _meeting(self, document, persons, text, trigger, index, sent, visitor, offset, recent) -> Visit | None:
        """ "X met with President Y" and no place: X went to Y's country, if Y is foreign to X."""
        window = text[trigger.end():min(sent.end, trigger.end() + 80)]
        if not re.match(r"\s+(?:with\s+)?", window) or trigger.group(0).lower() not in ("met", "meets", "meet"):
            return None
        hosts = [e for e in persons if trigger.end() <= e.start_char < trigger.end() + 80]
        host_country, counterpart = None, ""
        for ent in hosts:
            origin, _ = self._origin(_plain(ent.text), ent.start_char, text, index)
            if origin is not None and origin.kind == "country":
                host_country, counterpart = origin, self.registry.lookup(_plain(ent.text)).name
                break
        if host_country is None:
            for res in index.starting(trigger.end(), trigger.end() + 50):
                if res.mention.label == "NORP" and res.place.kind == "country":
                    host_country = res.place    # "met with senior Chinese officials"
                    break
        if host_country is None:
            return None
        name, office = self._person(visitor, offset, text, recent) if visitor else ("", "")
        origin, reason = self._origin(name if offset < 0 else visitor, offset, text, index)
        if origin is None or not origin.country or origin.country == host_country.country:
            return None
        if not (is_office(office) or _GROUP.search(name or visitor)):
            return None
        sentence = text[sent.start:sent.end]
        when = find_event_date(sentence, document.published, near=trigger.start() - sent.start,
                               year=year_before(text, sent.start))
        return Visit(
            doc_id=document.id, visitor=name or visitor, origin=capital_of(origin, self.gazetteer)
            if origin.kind == "country" else origin, destination=capital_of(host_country, self.gazetteer),
            origin_reason=reason, sentence=sentence, sent_start=sent.start, sent_end=sent.end,
            mention=_word_mention(document, trigger), event_date=when.iso if when else None,
            event_date_text=when.text if when else "", attribution=attribution_of(sentence),
            status=status_of(sentence)[0], confidence=0.6, office=office,
            travel=_status_with_date(travel_status(text, trigger.start(), sent.start), when, document.published),
            date_precision=date_precision(when), pattern="meeting, host's capital inferred",
            trigger_start=trigger.start(), to_country=True, counterpart=counterpart,
        )

    def _presence(self, document, persons, text, index, sent, recent) -> list[Visit]:
        """A foreign official placed somewhere with no trip word: a caption ("Premier Li Peng and
        Fidel Castro in Havana in 1995") or "X is in Shanghai for ..."."""
        out = []
        for ent in persons:
            if not sent.start <= ent.start_char < sent.end:
                continue
            after = text[ent.end_char:min(sent.end, ent.end_char + 80)]
            gap = re.match(r"(?:\s+and\s+(?:[A-Z][\w’'.-]+\s+){1,4}?|\s+(?:\([A-Z]\)\s*)?|\s+(?:is|was|are|were)\s+)"
                           r"(?:(?:now|currently|still)\s+)?in\s+", after)
            if not gap:
                continue
            dests = index.starting(ent.end_char + gap.end(), ent.end_char + gap.end())
            if not dests:
                continue
            dest = dests[0]
            name, office = self._person(_plain(ent.text), ent.start_char, text, recent)
            origin, reason = self._origin(_plain(ent.text), ent.start_char, text, index)
            if origin is None or not is_office(office) or origin.country == dest.place.country:
                continue
            sentence = text[sent.start:sent.end]
            when = find_event_date(sentence, document.published, near=dest.mention.start - sent.start,
                                   year=year_before(text, sent.start))
            is_now = re.search(r"\b(?:is|are)\b", gap.group(0))
            out.append(Visit(
                doc_id=document.id, visitor=name, origin=capital_of(origin, self.gazetteer)
                if origin.kind == "country" else origin,
                destination=capital_of(dest.place, self.gazetteer) if dest.place.kind == "country" else dest.place,
                origin_reason=reason, sentence=sentence, sent_start=sent.start, sent_end=sent.end,
                mention=dest.mention, event_date=when.iso if when else None,
                event_date_text=when.text if when else "", attribution=attribution_of(sentence),
                status=status_of(sentence)[0], confidence=dest.confidence, office=office,
                travel=TravelStatus.UNDER_WAY if is_now else TravelStatus.TOOK_PLACE,
                date_precision=date_precision(when), pattern="presence", trigger_start=dest.mention.start,
                to_country=dest.place.kind == "country",
            ))
        return out


def _plain(name: str) -> str:
    return re.sub(r"['’]s$", "", name).strip()


def _person_keys_known(phrase: str, people: dict[str, str]) -> bool:
    """Whether a title-shaped phrase ends in a known surname ("the Cuban President Díaz-Canel")."""
    words = re.findall(r"[A-Z][\w’'-]+", phrase)
    return any(fold(w) in people and not is_office(w) for w in words[-1:])


def _word_mention(document: Document, trigger: re.Match) -> Mention:
    """A leg with no place mention (a meeting, "returning home") points at its trip word."""
    return Mention(document.id, trigger.start(), trigger.end(), trigger.group(0), label="EVENT", detector="trip")


def _status_with_date(status: TravelStatus, when, published) -> TravelStatus:
    """A dated leg after the publication date is planned, whatever the verb."""
    if when is not None and when.iso and published is not None and status is TravelStatus.TOOK_PLACE \
            and len(when.iso) == 10:
        if when.iso > published.isoformat():
            return TravelStatus.PLANNED
    return status


def _hosts_travel(visits: list[Visit], finder: "VisitFinder") -> list[Visit]:
    """A meeting read as "X went to Y's capital" is turned round when the article has someone from
    Y's side travelling to X's country ("a visit to Beijing this week" ... "China's defense
    minister met with Cuba's Cintra": Cintra is the traveller)."""
    arrivals = {(v.destination.country, v.origin.country if v.origin else "") for v in visits
                if not v.pattern.startswith("meeting, ")}
    out = []
    for visit in visits:
        if visit.pattern.startswith("meeting, ") and visit.origin is not None:
            home, host = visit.origin.country, visit.destination.country
            if any(dest == home and src in (host, "") for dest, src in arrivals):
                if not visit.counterpart:
                    continue
                info = finder.registry.lookup(visit.counterpart)
                visit = replace(visit, visitor=info.name, office=info.office, origin=visit.destination,
                                destination=visit.origin, counterpart=visit.visitor,
                                origin_reason=f"{info.name} met {visit.visitor}, whose side hosted the visit",
                                pattern="meeting, visitor's side inferred")
        out.append(visit)
    return out


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
