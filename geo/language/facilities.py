"""Named facilities: a place name joined to a word for a facility there.

News names a base or port after the town, island or country it is in: "the
Tartus naval base", "the naval facility in Tartus", "the port of Gwadar",
"Hambantota port", "China's base in Djibouti", "the US embassy in Havana". The
town's name alone is the town ("Tartus" is a city of 450,000), so a curated
site lists such names as ``anchors`` (not aliases) in ``geo/data/sites.csv``,
and this finder turns an anchor into the facility only when a word for the
facility's kind (:data:`HEADS`, or one of the site's descriptors) stands right
before it, through a preposition, or right after it:

* ``<anchor> [one or two modifiers] <head>``: "Kadena Air Base", "Gwadar deep-sea port";
* ``<head> at|in|of|near|outside|on [the town of] <anchor>``: "the air base near Latakia".

Several sites on one anchor ("Djibouti" hosts bases of five states) are told
apart by who runs them, named just before: "the Chinese base", "China's base",
"the PLA base", "the US embassy". The site's own country is an anchor too, but
only with such a qualifier naming a foreign operator: "the Russian base in
Tajikistan" is the 201st base, "an air base in Syria" is no particular one. An
embassy always needs its sending state named. Anything still ambiguous is left
to the ordinary mention finder: no facility is guessed.

Example
-------
>>> from geo.places.gazetteer import Gazetteer
>>> finder = FacilityFinder(Gazetteer.open())
>>> [(m.text, m.query) for m in finder.find("Warships docked at the naval facility in Tartus.", "d")]
[('the naval facility in Tartus', 'site:tartus-naval-base')]
"""
from __future__ import annotations

import re

from geo.model import Mention

_NAVAL = ("naval base", "navy base", "naval facility", "naval station", "naval port", "naval support facility",
          "naval support point", "naval logistics facility", "naval logistics center", "naval logistics centre",
          "logistics facility", "logistics base", "logistics hub", "submarine base", "base", "facility")
# Not "airport": "the airport in Adana" is the city's airport, not the air base beside it.
_AIR = ("air base", "airbase", "air force base", "air station", "airfield", "air field", "base", "facility")
_MILITARY = ("military base", "army base", "base", "garrison", "camp", "military facility", "facility", "outpost")
_SIGINT = ("listening post", "listening station", "listening facility", "spy base", "spy station",
           "spy facility", "eavesdropping station", "eavesdropping facility", "eavesdropping base",
           "signals intelligence station", "signals intelligence facility", "signals intelligence site",
           "signals intelligence base", "sigint station", "sigint facility", "sigint site", "sigint base",
           "intelligence station", "intelligence facility", "intelligence base", "ground station", "station",
           "site", "facility", "base")
#: Words for a facility of each kind (the ``category`` column of sites.csv), matched
#: case-insensitively, plural or not. Kinds without words are found by their aliases only.
HEADS: dict[str, tuple[str, ...]] = {
    "naval-base": _NAVAL,
    "air-base": _AIR,
    "military-base": _MILITARY,
    "pla-overseas-base": tuple(dict.fromkeys(("support base", "military base", "naval base", "navy base",
                                              "naval facility", "military facility", "logistics facility",
                                              "logistics base", "base", "facility", "outpost"))),
    "port": ("port", "seaport", "harbour", "harbor", "deep-sea port", "deepsea port", "deep-water port",
             "deepwater port", "container terminal", "port facility", "port project", "terminal"),
    "sigint-station": _SIGINT,
    "space-station": ("ground station", "tracking station", "space station", "space tracking station",
                      "satellite station", "satellite ground station", "deep space station",
                      "space facility", "station", "facility", "antenna"),
    "radar-station": ("radar", "radar station", "early-warning radar", "early warning radar", "radar site",
                      "radar base", "station", "base", "facility"),
    "spaceport": ("cosmodrome", "spaceport", "launch site", "launch centre", "launch center", "space centre",
                  "space center", "launch facility", "launch complex"),
    "embassy": ("embassy", "consulate", "consulate general", "consulate-general"),
    "nuclear-site": ("nuclear site", "nuclear facility", "nuclear plant", "nuclear power plant", "nuclear complex",
                     "enrichment plant", "enrichment facility", "enrichment site", "reactor", "test site",
                     "nuclear test site", "plant", "facility", "site", "complex"),
}
# One-word heads that end many compounds ("bus station", "customer base", "refugee camp"):
# they count only after a determiner, a possessive, a capitalised word or one of these.
_GENERIC = {"base", "station", "site", "facility", "camp", "terminal", "antenna", "port", "plant", "complex",
            "outpost", "garrison", "radar", "reactor", "harbour", "harbor"}
_MODIFIERS = {"military", "naval", "navy", "air", "army", "secret", "new", "old", "former", "main", "largest",
              "large", "key", "strategic", "forward", "joint", "listening", "spy", "intelligence", "tracking",
              "ground", "logistics", "support", "overseas", "foreign", "commercial", "container", "nuclear",
              "missile", "drone", "underground", "remote", "sprawling", "alleged", "suspected", "reported",
              "planned", "proposed", "deep-sea", "deepwater", "deep-water", "sea", "marine", "submarine",
              "airforce", "satellite", "space", "power", "enrichment", "test", "research", "bomber", "fighter",
              "russian", "chinese", "american", "french", "british", "soviet", "japanese", "turkish", "indian"}
_ARTICLE = re.compile(r"\b(?:an?|the|An?|The)\s+\Z")
# "Chinese-run", "Russian-built": the maker or runner named in a compound adjective.
_MADE_BY = re.compile(r"-(?:run|built|owned|operated|funded|financed|backed|led|controlled|made)$", re.I)
# Words in many operators' names: they tell no operator apart.
_SERVICE_WORDS = {"army", "navy", "air", "force", "forces", "armed", "royal", "national", "republic", "ministry",
                  "defence", "defense", "military", "corps", "marine", "command", "group", "office", "united",
                  "states", "department", "state", "federal", "federation", "government", "space", "agency",
                  "fleet", "joint", "self-defense", "ground", "aerospace", "naval", "support", "with"}
_DETERMINERS = {"the", "a", "an", "its", "their", "this", "that", "his", "her", "our", "whose"}
_PREP = r"(?:at|in|of|near|outside|on)"
_PLACE_WORD = r"(?:town|city|port|village|island|islands|atoll|area|coast|bay|peninsula|province|region)"
_NAME = r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}"
# (b): "<head> in [the] [Syrian] [port of] <Name>"
_AFTER = re.compile(rf"\s+{_PREP}\s+(?:the\s+)?(?:[A-Z][a-z]+\s+(?={_PLACE_WORD}\s+of\s))?"
                    rf"(?:{_PLACE_WORD}\s+of\s+)?(?P<name>{_NAME})")
# (a): "<Name>['s] [modifier] <head>", read backwards from the head.
_BEFORE = re.compile(rf"(?P<name>{_NAME})(?:['’]s?)?\s+(?:(?P<mod>[a-z][\w-]*)\s+)?\Z")
# A head that is a word of a place's own name is no facility: "Gwadar port city".
_NOT_AFTER = re.compile(r"\s+(?:city|town|district|province|governorate|region|area|county|municipality|village)\b",
                        re.I)
# The Soviet Union's sites passed to Russia, its continuator state, which the rows name.
_HISTORIC = {"soviet": "RU", "soviets": "RU", "ussr": "RU", "u.s.": "US", "u.s": "US", "american": "US",
             "british": "GB", "u.k.": "GB"}


def _detector(by_country: bool) -> str:
    """A country plus its foreign operator is the descriptor pattern's reading ("pattern");
    a town's name plus a word for the facility is a named facility ("facility")."""
    return "pattern" if by_country else "facility"


class FacilityFinder:
    """Finds named facilities (anchor + kind word) in a text; see the module docstring."""

    def __init__(self, gazetteer):
        self.gazetteer = gazetteer
        self._heads: dict[str, set[str]] = {}          # site id -> its head words
        self._by_country: dict[str, list] = {}         # host country -> sites
        words: set[str] = set()
        for site in gazetteer.sites():
            heads = set(HEADS.get(site.category, ())) | {d.lower() for d in gazetteer.site_descriptors(site.id)}
            row = gazetteer.site_row(site.id)
            if not heads or row is None:
                continue
            self._heads[site.id] = heads
            self._by_country.setdefault(site.country, []).append(site)
            words |= heads
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
        self._head_re = re.compile(rf"\b(?P<head>{alternatives})(?:s|es)?\b", re.I) if words else None
        self._qualifier_memo: dict[str, frozenset[str]] = {}

    # -- qualifiers --------------------------------------------------------------
    def _codes(self, word: str) -> frozenset[str]:
        """Countries a word names as a country, its demonym or abbreviation ("Chinese", "China's", "US")."""
        key = word
        hit = self._qualifier_memo.get(key)
        if hit is None:
            bare = _MADE_BY.sub("", re.sub(r"['’]s?$", "", word))
            codes = {_HISTORIC[bare.lower()]} if bare.lower() in _HISTORIC else set()
            if len(bare) > 1 and bare[:1].isupper():
                for c in self.gazetteer.lookup(bare, 20):
                    if c.place.kind == "country" and c.match in ("name", "variant", "abbr", "demonym"):
                        codes.add(c.place.country)
            hit = self._qualifier_memo[key] = frozenset(codes)
        return hit

    def _qualifiers(self, text: str, end: int) -> list[tuple[int, str]]:
        """The words right before ``end`` that modify the facility, with their offsets.

        Read backwards over names, possessives and modifiers ("China's new naval base",
        "the Chinese-run port", "the PLA's base"); any other word ends the phrase, so the
        subject of a verb ("Chinese workers expanded ...") is no qualifier.
        """
        out: list[tuple[int, str]] = []
        origin = max(0, end - 60)
        for m in reversed(list(re.finditer(r"[\w’'.-]+|[^\w\s]", text[origin:end]))):
            word = m.group()
            low = word.lower()
            if not re.match(r"\w", word) or low in _DETERMINERS or len(out) == 4:
                break
            if not (word[:1].isupper() or low in _MODIFIERS or _MADE_BY.search(word)):
                break
            out.append((origin + m.start(), word if word.endswith("U.S.") else word.rstrip(".")))
        return out[::-1]

    def _operated(self, site, words: list[tuple[int, str]]) -> tuple[bool, bool, int]:
        """(a qualifier names an operator, it names a foreign operator of this site, offset of the first such word).

        A foreign operator is one of the site's operator countries other than its host, or an
        acronym in its operator's name ("PLA").
        """
        row = self.gazetteer.site_row(site.id)
        # Its acronyms ("PLA") and distinctive words ("Liberation") name the operator too.
        acronyms = set(re.findall(r"\b[A-Z]{2,6}\b", row.operator)) | {
            w for w in re.findall(r"[A-Z][\w’']{3,}", row.operator) if w.lower() not in _SERVICE_WORDS}
        foreign = set(row.operator_countries) - {site.country}
        named, match, first = False, False, -1
        for offset, word in words:
            bare = _MADE_BY.sub("", re.sub(r"['’]s?$", "", word))
            codes = self._codes(word)
            if codes or bare in acronyms:
                named = True
                if codes & foreign or bare in acronyms or (codes & set(row.operator_countries) and not foreign):
                    match = True
                    first = offset if first < 0 else first
        return named, match, first

    # -- matching ------------------------------------------------------------------
    def _anchored(self, name: str, head: str) -> tuple[list, bool]:
        """Sites this name (a sub-run of a capitalised run) can anchor with this head, and whether by country."""
        countries = {c.place.country for c in self.gazetteer.lookup(name, 20)
                     if c.place.kind == "country" and c.match in ("name", "variant", "abbr")}
        sites = [s for s in self.gazetteer.sites_anchored_at(name) if head in self._heads.get(s.id, ())]
        if sites:
            # "Djibouti" is a city and a country: read as the country, it needs the foreign operator.
            return sites, bool(countries)
        return [s for cc in sorted(countries) for s in self._by_country.get(cc, [])
                if head in self._heads[s.id] and s.category != "embassy"], True

    def _pick(self, sites: list, by_country: bool, words: list[tuple[int, str]]) -> tuple[object, int]:
        """The one site meant, and the offset where its qualifier starts (-1 if none was needed)."""
        judged = [(s, *self._operated(s, words)) for s in sites]
        named = any(n for _, n, _, _ in judged)
        chosen = [(s, first) for s, _, match, first in judged if match]
        if by_country:
            # Only a foreign operator makes a country's name mean one facility.
            chosen = [(s, f) for s, f in chosen if set(self.gazetteer.site_row(s.id).operator_countries) - {s.country}]
        elif not chosen and not named:
            chosen = [(s, -1) for s in sites if s.category != "embassy"]
        elif not chosen and len(sites) == 1 and sites[0].category != "embassy":
            chosen = [(sites[0], -1)]       # "the Syrian naval base at Tartus": the host's name is no contradiction
        if len({s.id for s, _ in chosen}) != 1:
            return None, -1
        return chosen[0]

    @staticmethod
    def _head_stands(text: str, start: int, head: str) -> bool:
        """A one-word head must not end a compound noun ("bus station") to name a facility."""
        if head not in _GENERIC:
            return True
        prev = re.search(r"([\w’'.-]+)\s+\Z", text[max(0, start - 40):start])
        if prev is None:
            return True
        word = prev.group(1)
        return (word[:1].isupper() or word.lower() in _DETERMINERS or word.lower() in _MODIFIERS
                or word.endswith(("'s", "’s", "'", "’")))

    def find(self, text: str, doc_id: str) -> list[Mention]:
        """Mentions of named facilities, each with ``query`` = the site's id (label DESC; detector
        ``facility``, or ``pattern`` when a country and its foreign operator named it)."""
        if self._head_re is None:
            return []
        out: list[Mention] = []
        for m in self._head_re.finditer(text):
            head = m.group("head").lower()
            if _NOT_AFTER.match(text, m.end()) or not self._head_stands(text, m.start(), head):
                continue
            found = self._before(text, m, head, doc_id) or self._after(text, m, head, doc_id)
            if found is None:
                continue
            article = _ARTICLE.search(text, max(0, found.start - 5), found.start)
            if article:         # "a Chinese navy base in Cambodia", as the descriptor pattern spans it
                found = Mention(doc_id, article.start(), found.end, text[article.start():found.end], found.label,
                                found.detector, found.query)
            if not (out and found.start < out[-1].end):
                out.append(found)
        return out

    def _before(self, text: str, m: re.Match, head: str, doc_id: str) -> Mention | None:
        lead = _BEFORE.search(text, max(0, m.start() - 80), m.start())
        if lead is None or not lead.group("name"):
            return None
        run_start = lead.start("name")
        tokens = [t for t in re.finditer(r"\S+", lead.group("name"))]
        while tokens and tokens[0].group().lower() in _DETERMINERS:
            tokens = tokens[1:]          # "The Tartus naval base" opening a sentence
        # Longest sub-run first; at most two words (modifiers) between the name and the head.
        spans = sorted(((i, j) for i in range(len(tokens)) for j in range(i + 1, len(tokens) + 1)
                        if len(tokens) - j + (1 if lead.group("mod") else 0) <= 2),
                       key=lambda ij: (ij[0] - ij[1], ij[0]))
        for i, j in spans:
            s0, s1 = run_start + tokens[i].start(), run_start + tokens[j - 1].end()
            name = re.sub(r"['’]s?$", "", text[s0:s1])
            sites, by_country = self._anchored(name, head)
            if not sites:
                continue
            words = self._qualifiers(text, s0) + [(run_start + t.start(), t.group()) for t in tokens[:i]]
            site, first = self._pick(sites, by_country, words)
            if site is None:
                return None
            start = min(s0, first) if first >= 0 else s0
            return Mention(doc_id, start, m.end(), text[start:m.end()], "DESC", _detector(by_country), site.id)
        return None

    def _after(self, text: str, m: re.Match, head: str, doc_id: str) -> Mention | None:
        tail = _AFTER.match(text, m.end())
        if tail is None:
            return None
        tokens = list(re.finditer(r"\S+", tail.group("name")))
        base = tail.start("name")
        for j in range(len(tokens), 0, -1):
            end = base + tokens[j - 1].end()
            name = re.sub(r"['’]s?$|[.,;:]$", "", text[base:end])
            sites, by_country = self._anchored(name, head)
            if not sites:
                continue
            site, first = self._pick(sites, by_country, self._qualifiers(text, m.start()))
            if site is None:
                return None
            end = base + len(name)
            start = min(m.start(), first) if first >= 0 else m.start()
            return Mention(doc_id, start, end, text[start:end], "DESC", _detector(by_country), site.id)
        return None

