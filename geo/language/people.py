"""People the articles name: their offices and their fullest names, across the corpus.

A trip needs a named official. News names a person once in full with their
office ("Cuban Prime Minister Manuel Marrero", "Gen. Fan Changlong, vice chairman
of the Central Military Commission") and then by surname ("Marrero", "Gen.
Fan") or by title alone ("the Cuban President"). This module reads the offices
next to every name the NER found and lets later stages ask for a person's
fullest name and office, or for the person a title phrase stands for.

Example
-------
>>> office_before("talks with Foreign Minister ")
'Foreign Minister'
>>> office_before("the meeting, said ")
''
>>> office_before("China's defense minister, ")
'defense minister'
>>> office_after(", vice chairman of the Central Military Commission, flew")
'vice chairman of the Central Military Commission'
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

# Words that make a title an office of state (or of an armed force, a party, a parliament).
# "Chairman" or "Director" alone may be a company's: they count only with an office
# word or an institution of state beside them in the phrase.
_OFFICE_HEAD = (r"president|vice[- ]president|prime minister|premier|vice premier|chancellor|minister|"
                r"secretary(?: of state| general)?|speaker|ambassador|envoy|diplomat|consul|foreign minister|"
                r"general|gen\.|lt\.? gen\.|maj\.? gen\.|admiral|adm\.|commander|marshal|colonel|col\.|"
                r"king|queen|crown prince|prince|emir|sheikh|sultan|senator|sen\.|congressman|congresswoman|"
                r"representative|rep\.|lawmaker|parliamentarian|legislator|governor|gov\.|mayor|councill?or|"
                r"chairman|chairwoman|chair|chief|head|leader|director|dictator|first secretary|general secretary|"
                r"spokes(?:man|woman|person)|deputy|commissioner|delegate|pope|cardinal")
_OFFICE_WORD = re.compile(rf"\b(?:{_OFFICE_HEAD})\b", re.I)

# The run of title words right before a name: capitalised words, "of", "for",
# "the", apostrophes, and lower-case office words ("Cuban president Raul Castro").
_BEFORE = re.compile(
    rf"((?:(?:[A-Z][\w.’'-]*|(?i:of|for|the|{_OFFICE_HEAD}|foreign|defen[cs]e|armed|forces|state|"
    rf"national|security|vice|deputy|former|acting|top|senior|party|revolutionary|military))(?:['’]s)?\s+)+)$")
_MODIFIER = re.compile(r"\b(?i:foreign|defen[cs]e|armed|vice|deputy|state|national|security|revolutionary|"
                       r"military|interior|finance|trade|economy|culture)\b(?:\s+\S+)*\s*$")
_LEADING_FILLER = re.compile(r"^(?:(?:the|of|for|and|former|acting)\s+)+", re.I)

# An appositive office after the name: ", vice chairman of the Central Military Commission,".
_AFTER = re.compile(
    rf",\s+(?!(?:and|or|but|who|which|whose|where|when)\b)(?:the\s+)?((?:[\w’'-]+\s+){{0,3}}?(?i:{_OFFICE_HEAD})\b(?:\s+(?:of|for|to)\s+(?:the\s+)?"
    rf"(?:[A-Z][\w’'.-]*\s*(?:of\s+(?:the\s+)?)?)+)?)")


def fold(text: str) -> str:
    """Lower case without accents: "Díaz-Canel" and "Diaz-Canel" are one key."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


_PARTICLES = {"de", "la", "del", "y", "van", "von", "da", "al", "bin", "el"}


@lru_cache(maxsize=1 << 16)      # a corpus names the same people again and again (16,020 asks, 1,000 articles)
def name_tokens(name: str) -> tuple[str, ...]:
    """The folded tokens a person is matched on, in order, without titles or a possessive."""
    name = re.sub(r"['’]s?$", "", name.strip())
    tokens = [t.strip(".,") for t in re.split(r"[\s\"“”]+", fold(name))]
    return tuple(t for t in tokens if len(t) > 1 and t not in _PARTICLES and not _OFFICE_WORD.fullmatch(t))


def office_before(text_before: str) -> str:
    """The office stated in the words right before a name, or ""."""
    # "China's defense minister, Chang Wanquan": an office set off by a comma still names them
    match = _BEFORE.search(re.sub(r",\s+$", " ", text_before[-90:]))
    if not match:
        return ""
    phrase = _LEADING_FILLER.sub("", match.group(1).strip())
    phrase = re.sub(r"^[A-Z][\w’'-]*['’]s\s+", "", phrase)     # "Cuba's ambassador" -> "ambassador"
    first = _OFFICE_WORD.search(phrase)
    if first is None:
        return ""
    # keep the office's own modifiers ("defense minister", "Armed Forces head"), not a nationality
    modifier = _MODIFIER.search(phrase[:first.start()])
    return phrase[modifier.start() if modifier else first.start():].strip(" ,")


def office_after(text_after: str) -> str:
    """The office an appositive after a name states, or ""."""
    match = _AFTER.match(text_after[:140])
    return match.group(1).strip(" ,") if match else ""


def person_offices(text: str, persons: Iterable) -> list[str]:
    """The office stated beside each of ``persons`` (spans of ``text``), "" where none is (or the
    span names no one :class:`People` would register). A function of the text and the spans alone.

    >>> from types import SimpleNamespace as Span
    >>> text = "Talks with Foreign Minister Ana Ruiz and Tom."
    >>> person_offices(text, [Span(text="Ana Ruiz", start_char=28, end_char=36),
    ...                       Span(text="Tom", start_char=41, end_char=44)])
    ['Foreign Minister', '']
    """
    out = []
    for ent in persons:
        if not name_tokens(re.sub(r"['’]s$", "", ent.text).strip()):
            out.append("")
            continue
        out.append(office_before(text[max(0, ent.start_char - 90):ent.start_char]) or
                   office_after(text[ent.end_char:ent.end_char + 140]))
    return out


def is_office(phrase: str) -> bool:
    return bool(_OFFICE_WORD.search(phrase or ""))


@dataclass(frozen=True)
class PersonInfo:
    """What the corpus says about one person."""

    name: str          # the fullest name used for them
    office: str        # the office stated most often ("" when none)
    country: str = ""  # ISO2 of their stated nationality, "" when unknown


class People:
    """Names and offices of the people an article set names.

    ``add`` takes each document's text and person spans; afterwards ``lookup``
    turns any form of a name into the person, and ``by_title`` finds who a title
    phrase stands for.
    """

    def __init__(self, nationality: dict[str, str] | None = None):
        self._names: Counter[str] = Counter()
        self._offices: dict[str, Counter[str]] = {}
        self._nationality = nationality or {}
        # Each name's tokens and, per token, the names holding it: a lookup reads only the
        # names that share its tokens (a scan of every name per lookup, and of every name's
        # lookup per title phrase, made the visits of 1,000 articles take minutes).
        self._tokens: dict[str, tuple[str, ...]] = {}
        self._postings: dict[str, set[str]] = {}
        # Answers, kept until the register changes (lookups repeat: every cached visit's
        # questions are asked again on each build).
        self._memo: dict[tuple, object] = {}

    def set_nationality(self, nationality: dict[str, str]) -> None:
        """Where people come from (person key -> country), known once every article is read:
        a corpus streamed through ``add`` sets it afterwards."""
        self._nationality = nationality
        self._memo.clear()

    def add(self, text: str, persons: Iterable, offices: Sequence[str] | None = None) -> None:
        """Register the ``persons`` (NER spans) of one article ``text``. ``offices``: what
        :func:`person_offices` gives for them, when remembered from an earlier build (reading
        the offices was a third of the CPU time of a rebuild with nothing to analyse)."""
        persons = list(persons)
        if offices is None:
            offices = person_offices(text, persons)
        for ent, office in zip(persons, offices, strict=True):
            name = re.sub(r"['’]s$", "", ent.text).strip()
            tokens = name_tokens(name)
            if not tokens:
                continue
            self._memo.clear()
            self._names[name] += 1
            if name not in self._tokens:
                self._tokens[name] = tokens
                for t in tokens:
                    self._postings.setdefault(t, set()).add(name)
            if office:
                self._offices.setdefault(name, Counter())[office] += 1

    def _with_all(self, tokens) -> Iterable[str]:
        """The names holding every one of ``tokens`` (every name, for none)."""
        sets = [self._postings.get(t, set()) for t in set(tokens)]
        if not sets:
            return list(self._names)
        smallest = min(sets, key=len)
        return [n for n in smallest if all(n in s for s in sets)]

    def _within(self, tokens: set[str]) -> Iterable[str]:
        """The names all of whose tokens are among ``tokens`` (each name has one at least)."""
        near = set().union(*(self._postings.get(t, set()) for t in tokens))
        return [n for n in near if set(self._tokens[n]) <= tokens]

    def _remembered(self, key: tuple, compute):
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    def _full(self, tokens: tuple[str, ...]) -> str | None:
        """The most used name of two or more tokens containing all of ``tokens``; None if ambiguous."""
        return self._remembered(("full", tokens), lambda: self._find_full(tokens))

    def _find_full(self, tokens: tuple[str, ...]) -> str | None:
        candidates = Counter()
        for name in self._with_all(tokens):
            if len(self._tokens[name]) >= max(2, len(tokens)):
                candidates[name] += self._names[name]
        if not candidates:
            return None
        # Two different people ("Li Keqiang", "Li Qiang") both contain "Li": ambiguous.
        people = {frozenset(self._tokens[n]) for n in candidates}
        if len(people) > 1 and not any(all(p <= q for p in people) for q in people):
            # several people unless one name contains all the others ("Manuel Marrero Cruz" ⊇ "Manuel Marrero")
            return None
        return sorted(candidates.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]

    def lookup(self, name: str) -> PersonInfo:
        return self._remembered(("lookup", name), lambda: self._look_up(name))

    def _look_up(self, name: str) -> PersonInfo:
        tokens = name_tokens(name)
        full = self._full(tokens) if tokens else None
        shown = full or re.sub(r"['’]s$", "", name).strip()
        within = set(name_tokens(shown))
        group = {n for n in self._with_all(tokens) if set(self._tokens[n]) <= within} if tokens else set()
        offices = Counter()
        for n in sorted(group | {shown}):
            offices.update(self._offices.get(n, Counter()))
        office = sorted(offices.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0] if offices else ""
        countries = {self._nationality[t] for t in name_tokens(shown) if t in self._nationality}
        return PersonInfo(shown, office, countries.pop() if len(countries) == 1 else "")

    def knows(self, phrase: str) -> bool:
        """Whether ``phrase`` ("General Fan", "Marrero") names a person the corpus names in full."""
        tokens = name_tokens(phrase)
        return bool(tokens) and self._full(tokens) is not None

    def offices(self, name: str) -> list[str]:
        """Every office stated for the person ``name`` stands for, most used first."""
        return list(self._remembered(("offices", name), lambda: self._offices_of(name)))

    def _offices_of(self, name: str) -> tuple[str, ...]:
        shown = set(name_tokens(name))
        found = Counter()
        if shown:
            for n in self._within(shown | set(name_tokens(self.lookup(name).name))):
                found.update(self._offices.get(n, Counter()))
        return tuple(o for o, _ in sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))

    def _everyone(self) -> frozenset[PersonInfo]:
        """Each person the register knows, once (under the fullest form of their name)."""
        return self._remembered(("everyone",), lambda: frozenset(
            self.lookup(n) for n in {self.lookup(m).name for m in self._names}))

    def by_title(self, title: str, country: str = "", candidates: Sequence[str] = ()) -> PersonInfo | None:
        """The person a title phrase stands for ("the Cuban President" -> Miguel Díaz-Canel).

        ``candidates`` are names in the order they were last mentioned before the phrase
        (nearest first); the first whose office has the phrase's head word (and whose
        country matches, when the phrase states one) wins; else the single such person
        in the corpus.
        """
        head = _OFFICE_WORD.findall(title)
        if not head:
            return None
        head_word = fold(head[-1])

        deputy = re.search(r"\b(?:vice|deputy)\b", fold(title))

        def holds(office: str) -> bool:
            office = fold(office)
            # "the president" is not the vice-president, unless the phrase says so
            return bool(re.search(rf"(?<![-\w]){re.escape(head_word)}\b", office)) and (
                bool(deputy) == bool(re.search(r"\b(?:vice|deputy)\b", office)))

        def fits(info: PersonInfo) -> bool:
            offices = self.offices(info.name) or [info.office]
            return any(holds(o) for o in offices) and (not country or info.country == country)

        for name in candidates:
            info = self.lookup(name)
            if fits(info):
                return info
        matches = sorted({i for i in self._everyone() if fits(i)}, key=lambda i: i.name)
        return matches[0] if len(matches) == 1 else None
