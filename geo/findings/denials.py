"""Denials that say what they deny, and the findings they answer.

"The Kremlin denied that Russian troops had been deployed to Tartus" is no finding of its
own: it is a source with stance ``denies`` on the finding that reports the deployment. What a
denial denies is its complement (:func:`denial_of`): the clause after "denied that", "rejected
reports that", "dismissed claims of", a gerund or noun phrase after "denied" ("denied receiving
any drones"), or the clause between "said reports that" and "were false". That clause is
compared with a candidate finding's sentence (:func:`match`) by

* the content words they share, by lemma (WordNet's, :func:`geo.language.wordclass.lemma`,
  then the crude stem of :func:`geo.findings.merge.stem`, so "deployed" and "deployment" meet),
  spaCy's English stop words left out; and
* the places they share: a place the clause names (by id) and the country of every place of
  the denial sentence, the denier's included ("Ankara denied that its aircraft ...": "its" is
  Turkey).

A candidate is the denied finding when it shares at least :data:`MIN_WORDS` words and one
place or country, and the share of the clause's words and places it holds is at least
:data:`LINK_SHARE`; the best such candidate (the nearest of equals) takes the denial. The same
test links a denial in one article to a finding in another (:mod:`geo.findings.merge`).

Measured with ``python scripts/eval_denials.py`` on denials written for it
(``training/denials/``, README "Findings").

>>> d = denial_of("The Kremlin denied that Russian troops had been deployed to Tartus.")
>>> d.cue, d.content
('denied that', 'Russian troops had been deployed to Tartus')
>>> sorted(content_terms(d.content))
['deploy', 'russia', 'tartu', 'troop']
>>> d = denial_of("In 2018, media reported that Beijing had approached Vanuatu, a claim both governments denied.")
>>> d.refers_back, d.denier, d.content
(True, 'both governments', 'In 2018, media reported that Beijing had approached Vanuatu')
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from geo.language.stopwords import english as english_stop_words
from geo.language.wordclass import lemma

# What a denial is said to deny, when it names it as a report: "rejected reports that".
_REPORT_NOUN = (r"(?:(?:any|all|the|these|those|such|a|recent|earlier|media|press|news|western|foreign|"
                r"u\.s\.|american|unfounded|false)\s+){0,3}"
                r"(?:reports?|claims?|allegations?|accusations?|suggestions?|assertions?|charges?|rumou?rs?|"
                r"speculation|stories|story)\s+(?:that|of|about)\s+")
# "deny" takes its complement directly ("denied receiving", "denied any role in");
# "reject", "dismiss", "refute" and "dispute" deny only a report or a that-clause ("rejected
# the proposal" refuses, it denies nothing).
_CUE = re.compile(
    rf"\b(?P<verb>den(?:y|ies|ied|ying))\s+(?:{_REPORT_NOUN}|that\s+)?"
    rf"|\b(?P<verb2>reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|refut(?:e|es|ed|ing)|disput(?:e|es|ed|ing))\s+"
    rf"(?:{_REPORT_NOUN}|that\s+)"
    # Spanish: "negó que", "desmintió las versiones de que".
    r"|\b(?P<verb3>neg(?:ó|aron)|niegan?|desminti(?:ó|eron)|desmiente|rechaz(?:ó|aron|a))\s+"
    r"(?:(?:las?|los)\s+(?:informaciones|versiones|acusaciones|denuncias|reportes?|informes?)\s+(?:de\s+)?)?que\s+",
    re.I)
# "said reports that ... were false": the clause between is what is denied.
_FALSE_REPORT = re.compile(
    r"\b(?:said|says|called|calls|described|termed)\s+(?:the\s+)?(?:reports?|claims?|allegations?|accusations?)\s+"
    r"(?:that|of)\s+(?P<content>.+?)\s+(?:(?:were|was|are|is|as)\s+)?(?:(?:completely|totally|entirely|utterly)\s+)?"
    r"(?:false|untrue|baseless|groundless|unfounded|fabricated|not true|lies|fake|nonsense)\b", re.I)
# "..., a claim both governments denied", "..., which Havana denied": the denied thing is the
# clause before the noun that points back at it, in the same sentence.
_BACK = re.compile(
    r",\s+(?:which|(?:(?:a|an|the)\s+)?(?:[\w-]+\s+)?(?:claims?|reports?|allegations?|accusations?|charges?|"
    r"suggestions?|stor(?:y|ies)|assertions?)(?:\s+(?:that|which))?)\s+"
    r"(?P<who>(?:[\w’'.-]+\s+){1,5}?)(?:(?:has|have|had)\s+)?(?:(?:also|since|repeatedly|strongly|quickly)\s+)?$",
    re.I)
_DENY_WORD = re.compile(r"\bden(?:y|ies|ied)\b", re.I)
# A passive "was denied" is a refusal ("had been denied entry"), not a denial of a claim.
_PASSIVE = re.compile(r"\b(?:been|was|were|is|are|being|be|get|got)\s+(?:\w+\s+)?$", re.I)
# Where the denied clause ends: a comment of the denier's own ("..., calling it a lie", "..., with
# the embassy describing it as"), the attribution ("..., a spokesman said"), the next clause.
_CLAUSE_END = re.compile(r";|\s+[-–—]\s+|,\s+(?:calling|saying|adding|describing|insisting|arguing|and said|but|"
                         r"while|with|which|according|citing)\b|,\s+(?:[\w’'.-]+\s+){1,6}(?:said|says|told)\b", re.I)
# A denied clause that only points back at a report ("the report's claims", "these
# allegations"): geo.findings.claims.denied_reports links those, to the report before them.
_ONLY_REPORT = re.compile(r"(?:(?:any|all|the|these|those|such|this|that|its|their|a)\s+)*(?:[\w’'-]+\s+)?"
                          r"(?:reports?|claims?|allegations?|accusations?|story|stories|rumou?rs?|charges?)"
                          r"(?:[’']s?\s+(?:claims?|allegations?|findings?|contents?))?", re.I)

# Measured on the development denials (scripts/eval_denials.py --part dev; share of each
# block's denied clause held by its claim): the denials of a claim that share a word with it
# held 0.50 to 1.00 of their clause, the unrelated denials that share a word 0.29 to 0.43; any
# LINK_SHARE in between gives precision 1.00, recall 0.89 (17/19). Without a shared word
# (MIN_WORDS 0), three unrelated denials of the same place and parties (0.50 to 0.60) would
# link, for one more denial linked (0.57).
MIN_WORDS = 1
LINK_SHARE = 0.45
PLACELESS_WORDS = 2


@dataclass(frozen=True)
class Denial:
    """What a sentence denies: the cue, and the denied clause with its offsets in the sentence."""

    cue: str
    content: str
    start: int
    end: int
    # The denial answers its own sentence's earlier clause ("Media reported that X, a claim both
    # governments denied"): the sentence is a claim with a denial, not a denial of another claim.
    refers_back: bool = False
    denier: str = ""


@dataclass(frozen=True)
class Evidence:
    """What a text says, as evidence of what a denial denies: its content words and places."""

    words: frozenset[str]
    places: frozenset[str]        # "#<place id>" and "@<country>"


@dataclass(frozen=True)
class Match:
    """How much of a denied clause a candidate finding's sentence holds."""

    words: int                    # content words shared
    places: int                   # places and countries shared
    share: float                  # (words + places) shared / (words + places) of the clause

    @property
    def links(self) -> bool:
        return self.words >= MIN_WORDS and self.places >= 1 and self.share >= LINK_SHARE


def denial_of(sentence: str) -> Denial | None:
    """The denial a sentence makes with what it denies, or None (no denial, or one that names
    only "the report": :func:`geo.findings.claims.denied_reports` links those)."""
    for m in _DENY_WORD.finditer(sentence):
        back = _BACK.search(sentence, 0, m.start())
        if back and content_terms(sentence[:back.start()]):
            content = sentence[:back.start()]
            return Denial(m.group(0), content, 0, len(content), refers_back=True, denier=back.group("who").strip())
    m = _FALSE_REPORT.search(sentence)
    if m:
        return Denial(sentence[m.start():m.start("content")].strip(), m.group("content"), m.start("content"),
                      m.end("content"))
    for m in _CUE.finditer(sentence):
        if _PASSIVE.search(sentence[max(0, m.start() - 30):m.start()]):
            continue
        start = m.end()
        end = len(sentence)
        stop = _CLAUSE_END.search(sentence, start)
        if stop:
            end = stop.start()
        content = sentence[start:end].rstrip(" .!?\"”’")
        if not content_terms(content) or _ONLY_REPORT.fullmatch(content):
            continue                  # "denied the report's claims": nothing said of what
        return Denial(" ".join(m.group(0).split()), content, start, start + len(content))
    return None


@lru_cache(maxsize=16384)
def _key(word: str) -> str:
    from geo.findings.merge import stem

    return stem(lemma(word, "v") or lemma(word, "n") or word)


def content_terms(text: str) -> set[str]:
    """The content words of ``text`` by lemma: three letters or more, no stop word, no number.
    (A list of words of reporting and denying left out as well changed nothing measured on the
    development denials: the cue and its report noun are outside the denied clause.)"""
    stop = english_stop_words()
    out = set()
    for w in re.findall(r"[^\W\d_]{3,}", text.lower()):
        if w in stop:
            continue
        out.add(_key(w))
    return out


def _name_words(claims) -> set[str]:
    """The names of the claims' places: places are compared by id, not twice as words. Only the
    capitalised words of a mention: "a Chinese eavesdropping station near Bejucal" names a
    curated site, and "eavesdropping station" is what a denial of it repeats."""
    return {k for c in claims for w in c.mention.text.split() if w[:1].isupper() for k in content_terms(w)}


def evidence(text: str, claims: Iterable = ()) -> Evidence:
    """The evidence of a sentence with the claims it makes: its words, place ids and countries."""
    claims = list(claims)
    marks = {"#" + c.place.id for c in claims} | {"@" + c.place.country for c in claims if c.place.country}
    return Evidence(frozenset(content_terms(text) - _name_words(claims)), frozenset(marks))


def denied_evidence(sentence: str, denial: Denial, claims: Iterable, sent_start: int) -> Evidence:
    """The evidence of a denied clause: its words, the places it names and the countries of
    every place of the denial sentence (who denies is most often who is accused)."""
    claims = list(claims)
    inside = [c for c in claims if denial.start <= c.mention.start - sent_start < denial.end]
    words = content_terms(denial.content) - _name_words(claims)
    marks = {"#" + c.place.id for c in inside} | {"@" + c.place.country for c in claims if c.place.country}
    return Evidence(frozenset(words), frozenset(marks))


def match(denied: Evidence, candidate: Evidence) -> Match:
    """How much of the denied clause ``candidate`` holds (see the module's notes)."""
    words = len(denied.words & candidate.words)
    places = len(denied.places & candidate.places)
    size = len(denied.words) + len(denied.places)
    return Match(words, places, (words + places) / size if size else 0.0)


def best_candidate(denied: Evidence, candidates: Iterable[tuple[int, Evidence]], near: int,
                   placeless: bool = False) -> int | None:
    """The key of the candidate the denial answers: the best linking match, the nearest of equals
    (``near``: where the denial is, in the candidates' keys' order); None if none links.

    ``placeless`` (a denial and its candidates in one article): a denial sentence that names no
    place at all ("The junta denied that its aircraft had bombed the school") links on its words
    alone, :data:`PLACELESS_WORDS` of them at least, with the same share."""
    best, best_key = None, None
    for key, ev in candidates:
        m = match(denied, ev)
        if not (m.links or (placeless and not denied.places and m.words >= PLACELESS_WORDS
                            and m.share >= LINK_SHARE)):
            continue
        rank = (m.share, m.words, -abs(key - near))
        if best is None or rank > best:
            best, best_key = rank, key
    return best_key
