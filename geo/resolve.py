"""Resolve an article's place mentions to gazetteer places, using the article as context.

Ranking is by principles only; no rule names a specific place:

* a context-free prior: population (log scale), feature type (countries, continents,
  regions and first-level divisions beat towns for a bare name), how the name matched
  (a place's own name beats an alternate name), national capitals;
* the article as context: countries and first/second-level divisions resolved
  elsewhere in the article, other places in the same country/division, distance to the
  other resolved places, and "Town, State" pairs written next to each other;
* curated sites are preferred when their country is in the article's context;
* one sense per discourse: every mention of the same name gets the same place.

Every name keeps a soft assignment over its candidates; the context is the
probability-weighted evidence of all the other names, refined for a few rounds
(a simple form of collective inference), which makes the result independent of
mention order and lets mutually consistent readings support each other.

Example::

    >>> res = resolve_document(text, mentions, gazetteer)   # doctest: +SKIP
    >>> res[0].place.name, res[0].reason                     # doctest: +SKIP
    ('Havana', 'country named in article: CU')
"""
from __future__ import annotations

import csv
import dataclasses
import functools
import math
import re
from pathlib import Path
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Sequence

from .gazetteer.index import Candidate, Gazetteer
from .gazetteer.normalize import norm
from .gazetteer.rank import prior as _prior
from .model import Mention, Resolution

# Context weights (same units).
W_COUNTRY = 2.0          # other places in the article lie in the candidate's country
W_NAMED_COUNTRY = 0.8    # ... and that country is itself named
W_NAMED_ADMIN1 = 1.8     # the candidate's state/province is named in the article
W_ADMIN1 = 1.0           # other places in the article lie in the same state/province
W_ADMIN2 = 2.0           # a county/district named in the article, or other places in it
W_NEAR = 4.0             # closeness to the other places (decays with distance)
NEAR_KM = 150.0
W_PAIR = 4.0             # "Town, State": the next mention contains the candidate
W_SITE_COUNTRY = 5.0     # a curated site whose country is in context
W_COUNTRY_CONTAINS = 2.0 # a country candidate that contains the article's other places
W_CAPITAL_INTERNATIONAL = 1.5  # a national capital, when the article names three or more countries

TEMPERATURE = 1.0        # softness of the per-name assignment used as context
TOP_K = 4                # senses of each name that count as context
MIN_PROB = 0.05
FLOOR = 0.5              # weight of a specific (county/state) reading however unlikely
ROUNDS = 3
MAX_CANDIDATES = 200
MAX_POINTS = 40


# What the words around a mention say about the kind of place it is. News writes
# "Jordan City Council", "Berea police", "a Lebanon man", "the city of Paris" only of
# towns: a country, continent or region would take its demonym ("Jordanian police")
# or another construction. A dateline ("MANSFIELD --") names the town a story was
# filed from. Each cue lowers the readings it rules out (feature-type evidence).
_MUNICIPAL = re.compile(
    r"^(?:'s?)?\s+(?:City Council|city council|City Commission|city commission|City Hall|city hall|"
    r"Town Council|town council|Town Board|Village Board|village board|Board of Aldermen|"
    r"Mayor|mayor|City Manager|city manager|city officials|city limits|Township Board|"
    r"Police Department|police department|Police Chief|police chief|Fire Department|fire department|"
    r"firefighters|Fire Chief|fire chief|"
    r"High School|high school|Middle School|middle school|Elementary|elementary school|Junior High|"
    r"(?:Independent |Unified |Community )?School District|Public Schools|Public Library|public library|"
    r"Post Office|post office)\b(?! (?:Athletic|Association|League|Coaches))")
_RESIDENT = re.compile(r"^\s+(?:man|woman|men|women|resident|residents|native|teen|teenager|boy|girl|couple|"
                       r"police|Police|policeman|officers)\b")
_CITY_OF = re.compile(r"\b(?:[Cc]ity|[Tt]own|[Vv]illage|[Tt]ownship|[Bb]orough|[Hh]amlet) of\s*$"
                      # a postal address: "400 S. Locust St., Lebanon"
                      r"|\b\d+ (?:[NSEW]\.? )?(?:[A-Z][\w'.-]* ){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Dr|Drive|Blvd|"
                      r"Boulevard|Ln|Lane|Ct|Court|Pl|Place|Pike|Hwy|Highway|Way|Circle|Cir|Parkway|Pkwy|Terrace)\.?,\s*$")
_DATELINE_AFTER = re.compile(r"^\s*(?:,[^\n.—–-]{1,30})?\s*(?:—|--|–|-)\s")
_DATELINE_BEFORE = re.compile(r"(?:^|\n|[.!?\"”]\s)\s*$")
TOWN_KINDS = ("city", "site")
NOT_TOWN_STRONG = ("country", "continent", "region", "water", "adm1", "adm2")   # ruled out by a municipal cue
NOT_TOWN_WEAK = ("country", "continent", "region", "water")                      # ruled out by "a X man"
W_TYPE_CUE = 8.0


def town_cue(text: str, m: Mention) -> int:
    """2 if the words around the mention make it a town (municipal cue, dateline), 1 if they
    rule out a country or region ("a Lebanon man"), else 0.

    >>> t = "Jordan City Council met. A Lebanon man spoke."
    >>> town_cue(t, Mention("d", 0, 6, "Jordan", "GPE", "x")), town_cue(t, Mention("d", 27, 34, "Lebanon", "GPE", "x"))
    (2, 1)
    """
    if not (0 <= m.start <= m.end <= len(text)) or text[m.start:m.end] != m.text:
        return 0
    after = text[m.end:m.end + 60]
    before = text[max(0, m.start - 40):m.start]
    if _MUNICIPAL.match(after) or _CITY_OF.search(before):
        return 2
    letters = [ch for ch in m.text if ch.isalpha()]
    if (len(letters) > 2 and all(ch.isupper() for ch in letters) and _DATELINE_AFTER.match(after)
            and _DATELINE_BEFORE.search(before)):
        return 2
    if _RESIDENT.match(after):
        return 1
    return 0


LOCALE_CUES = Path(__file__).resolve().parent / "data" / "locale_cues.csv"
W_LOCALE = 1.5           # the article's locale, from its wording, favours places in that country


@functools.lru_cache(maxsize=4)
def _locale_cues(path: Path = LOCALE_CUES) -> tuple[tuple[str, re.Pattern, str, float], ...]:
    with open(path, encoding="utf-8", newline="") as fh:
        return tuple((r["id"], re.compile(r["pattern"]), r["country"].strip().upper(), float(r["weight"]))
                     for r in csv.DictReader(fh))


def article_locale(text: str) -> dict[str, float]:
    """Which country the article is written in/for, from wording that is not a place name.

    Currency ("$12", "£5"), institutions ("sheriff's deputies", "school district",
    "MPPs"), road numbering ("Interstate 35"), telephone formats and spelling are
    curated in ``geo/data/locale_cues.csv`` (one public source per row). Each cue
    counts once; evidence per country saturates at 1.

    >>> article_locale("Sheriff's deputies closed Interstate 35; damage was put at $2 million.")["US"] > 0.9
    True
    """
    raw: dict[str, float] = defaultdict(float)
    for _, rx, country, w in _locale_cues():
        if rx.search(text):
            raw[country] += w
    return {c: 1.0 - math.exp(-v) for c, v in raw.items()}


@dataclass
class _Group:
    """All mentions sharing one normalised name: resolved once (one sense per discourse)."""

    key: str
    name: str
    indices: list[int] = field(default_factory=list)
    cands: list[Candidate] = field(default_factory=list)
    prior: list[float] = field(default_factory=list)
    pair_bonus: list[float] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    probs: list[float] = field(default_factory=list)      # soft assignment, refined each round
    pick: int = -1
    cue: int = 0            # town_cue() of its mentions: 2 a town, 1 not a country/region
    conf: float = 0.0
    reason: str = ""

    def top(self, k: int, floor: float) -> list[tuple[Candidate, float]]:
        """The k most probable candidates with probability >= floor."""
        order = sorted(range(len(self.cands)), key=lambda i: -self.probs[i])[:k]
        return [(self.cands[i], self.probs[i]) for i in order if self.probs[i] >= floor]


def _contains(outer: Candidate, inner: Candidate) -> bool:
    """True if ``outer`` (a country or division) contains ``inner``."""
    o, i = outer.place, inner.place
    if o.id == i.id:
        return False
    if o.kind == "country":
        return bool(o.country) and i.country == o.country and i.kind != "country"
    if o.kind == "adm1":
        return bool(outer.admin1) and inner.admin1 == outer.admin1 and i.kind in ("city", "adm2", "site")
    if o.kind == "adm2":
        return bool(outer.admin2) and inner.admin2 == outer.admin2 and i.kind in ("city", "site")
    return False


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


_QUALIFIER_PREFIXES = ("north ", "south ", "east ", "west ", "northern ", "southern ", "eastern ", "western ",
                       "central ", "upper ", "lower ", "downtown ", "greater ", "port of ", "city of ", "town of ",
                       "village of ", "lake ", "river ", "mount ", "fort ")
_FEATURE_SUFFIXES = (" township", " station", " city", " village", " borough", " valley", " river", " lake",
                     " park", " harbor", " harbour", " port", " airport", " bay", " islands", " island", " heights",
                     " hills", " hill", " area", " metro", " district", " creek", " springs", " beach")


def core_name(name: str) -> str:
    """The place a qualified name is part of: "Port of Los Angeles" -> "Los Angeles".

    Used only when the full name is not in the gazetteer: a part of X lies at or near X.

    >>> core_name("Hamilton Township"), core_name("South Los Angeles"), core_name("Cuba")
    ('Hamilton', 'Los Angeles', '')
    """
    low = name.lower()
    for pre in _QUALIFIER_PREFIXES:
        if low.startswith(pre) and len(name) > len(pre) + 2:
            return name[len(pre):]
    for suf in _FEATURE_SUFFIXES:
        if low.endswith(suf) and len(name) > len(suf) + 2:
            return name[: -len(suf)]
    return ""


ALT_EXTRA = 1.5          # extra handicap of alternate-name matches when some place has the name itself
NAMESAKE_SHARE = 0.2     # a division whose same-named city holds this share of its people
NAMESAKE_PENALTY = 2.5   # ... is, by that name, mostly the city ("Alexandria", "Berlin")


def _priors(cands: Sequence[Candidate]) -> list[float]:
    """Context-free scores of a name's candidates, with one rule that needs them all.

    A first-level division named after its main city ("Alexandria" governorate,
    "Berlin" state) is called by that name mostly when the city is meant, so it
    drops below a same-named city inside it that holds a good share of its people.
    """
    out = [_prior(c) for c in cands]
    # A place called exactly this beats one that merely lists it among alternate
    # (often historical or foreign) names: "Maryville" is not Beeville.
    if any(c.match in ("name", "variant", "abbr", "demonym") for c in cands):
        out = [s - ALT_EXTRA if c.match == "alt" else s for c, s in zip(cands, out)]
    for i, a in enumerate(cands):
        if a.place.kind != "adm1" or not a.admin1:
            continue
        if any(c.place.kind == "city" and c.match == "name" and c.admin1 == a.admin1
               and c.place.population >= NAMESAKE_SHARE * a.place.population for c in cands):
            out[i] -= NAMESAKE_PENALTY
    return out


def _lookup(m: Mention, gaz: Gazetteer) -> list[Candidate]:
    cands = _lookup_name(m, gaz, m.query or m.text)
    if not cands and not m.query.startswith("site:"):
        core = core_name(m.query or m.text)
        if core:
            cands = [dataclasses.replace(c, match="part:" + c.match) for c in _lookup_name(m, gaz, core)
                     if c.place.kind not in ("country", "continent")]
    return cands


def _lookup_name(m: Mention, gaz: Gazetteer, name: str) -> list[Candidate]:
    if m.query.startswith("site:"):
        place = gaz.get(m.query)
        return [Candidate(place=place, match="name")] if place else []
    cands = gaz.lookup(name, MAX_CANDIDATES)
    if m.label == "NORP":
        dem = [c for c in cands if c.match == "demonym"]
        cands = dem or cands
    elif m.label == "DESC":
        cands = [c for c in cands if c.place.kind == "site"] or _describe(name, gaz)
    return cands


def _describe(text: str, gaz: Gazetteer) -> list[Candidate]:
    """Sites whose curated descriptors occur in a descriptive mention ("a listening post")."""
    t = norm(text)
    out = []
    for site in gaz.sites():
        if any(norm(d) and norm(d) in t for d in gaz.site_descriptors(site.id)):
            out.append(Candidate(place=site, match="alt"))
    return out


class _Context:
    """What the rest of the article says, as soft evidence from every name's likely senses.

    Each name contributes its candidates weighted by their current probability, so
    mutually consistent readings ("Paris" + "Henry County" both in Tennessee) support
    each other even before either is decided. A group's own contribution is kept
    apart so that a name never counts as evidence for itself.
    """

    TABLES = ("country", "named_country", "named_admin1", "admin1", "admin2")

    def __init__(self, groups: list[_Group], locale: dict[str, float] | None = None):
        self.locale = locale or {}
        self.total = {t: defaultdict(float) for t in self.TABLES}
        self.own: dict[str, dict[tuple[str, str], float]] = {}
        self.points: list[tuple[float, float, float, str]] = []   # lat, lon, weight, group key
        for g in groups:
            mine: dict[tuple[str, str], float] = defaultdict(float)
            strength = min(2.0, len(g.indices) ** 0.5)
            for c, p in g.top(TOP_K, MIN_PROB):
                w = p * strength
                pl = c.place
                if pl.country and pl.kind not in ("continent", "region", "water"):
                    mine[("country", pl.country)] += w
                if pl.kind == "country":
                    mine[("named_country", pl.country)] += w
                if c.admin1:
                    mine[("admin1", c.admin1)] += w
                if pl.kind in ("city", "adm2", "site") and p >= 0.2 and len(self.points) < MAX_POINTS:
                    self.points.append((pl.lat, pl.lon, p, g.key))
            # Specific evidence counts even for unlikely readings: a county or state that a
            # name *could* denote is strong support for a town inside it, and vice versa.
            for c, p in zip(g.cands, g.probs):
                w = max(p, FLOOR) * strength
                if c.place.kind == "adm1" and c.admin1:
                    k = ("named_admin1", c.admin1)
                    mine[k] = max(mine.get(k, 0.0), w)
                if c.admin2:
                    k = ("admin2", c.admin2)
                    mine[k] = max(mine.get(k, 0.0), w)
            for (t, k), w in mine.items():
                self.total[t][k] += w
            self.own[g.key] = mine
        # An article that names several countries is about international affairs,
        # where a capital's name usually stands for its government ("Washington").
        self.international = sum(1 for w in self.total["named_country"].values() if w >= 0.5) >= 3

    def country_support(self, g: _Group, country: str) -> float:
        """How much the article's other names place it in ``country`` (0..1)."""
        return self._other(g, "country", country)

    def _other(self, g: _Group, table: str, key: str) -> float:
        v = self.total[table].get(key, 0.0) - self.own[g.key].get((table, key), 0.0)
        return 0.0 if v <= 1e-9 else min(1.0, v)

    def bonus(self, c: Candidate, g: _Group, with_reason: bool = False) -> tuple[float, str]:
        """Context bonus for candidate ``c`` of group ``g`` (and the main reason for it)."""
        p = c.place
        parts: list[tuple[float, str]] = []
        if p.country:
            v = self._other(g, "country", p.country)
            if p.kind == "site":
                parts.append((W_SITE_COUNTRY * v, f"curated site in article's country {p.country}"))
            elif p.kind != "country":
                parts.append((W_COUNTRY * v, f"other places in article are in {p.country}"))
                parts.append((W_NAMED_COUNTRY * self._other(g, "named_country", p.country),
                              f"country named in article: {p.country}"))
            else:
                parts.append((W_COUNTRY_CONTAINS * v, f"other places in article are in {p.country}"))
                parts.append((W_NAMED_COUNTRY * self._other(g, "named_country", p.country),
                              f"country also named in article as {p.country}"))
        if p.country and p.country in self.locale:
            parts.append((W_LOCALE * self.locale[p.country], f"article written for {p.country} readers"))
        if c.capital and self.international:
            parts.append((W_CAPITAL_INTERNATIONAL, "national capital in an article about several countries"))
        if c.admin1:
            if p.kind in ("city", "adm2", "site"):
                parts.append((W_NAMED_ADMIN1 * self._other(g, "named_admin1", c.admin1),
                              f"state/province named in article: {c.admin1}"))
            parts.append((W_ADMIN1 * self._other(g, "admin1", c.admin1),
                          f"other places in article are in {c.admin1}"))
        if c.admin2:
            parts.append((W_ADMIN2 * self._other(g, "admin2", c.admin2),
                          f"county/district in article: {c.admin2}"))
        if p.kind in ("city", "adm2", "site") and self.points:
            best = 0.0
            coslat = math.cos(math.radians(p.lat))
            for lat, lon, w, key in self.points:
                if key == g.key:
                    continue
                # equirectangular distance: accurate enough at the scale where it matters
                dx = (lon - p.lon) * coslat
                d = 111.2 * math.sqrt(dx * dx + (lat - p.lat) ** 2)
                if d < 6 * NEAR_KM:
                    best = max(best, w * math.exp(-d / NEAR_KM))
            parts.append((W_NEAR * best, "near other places in article"))
        total = sum(v for v, _ in parts)
        if not with_reason:
            return total, ""
        top = max(parts, key=lambda x: x[0]) if parts else (0.0, "")
        return total, (top[1] if top[0] >= 0.5 else "")


def _update(g: _Group, ctx: _Context | None) -> None:
    """Re-score a group's candidates under the context and refresh its soft assignment."""
    g.scores = [g.prior[i] + g.pair_bonus[i] + (ctx.bonus(c, g)[0] if ctx else 0.0)
                for i, c in enumerate(g.cands)]
    m = max(g.scores)
    ex = [math.exp((s - m) / TEMPERATURE) for s in g.scores]
    z = sum(ex)
    g.probs = [e / z for e in ex]


def _decide(g: _Group, ctx: _Context) -> None:
    """Final pick, confidence and a short human reason."""
    best_i = max(range(len(g.cands)), key=lambda i: (g.scores[i], -i))
    g.pick = best_i
    c = g.cands[best_i]
    if c.match.startswith("part:"):
        g.conf = round(min(0.5, max(0.05, g.probs[best_i] / 2)), 3)
        g.reason = f"not in gazetteer; placed at the place it is part of: {c.place.name}"
        return
    if len(g.cands) == 1:
        g.conf, g.reason = 0.95, "only candidate"
        return
    g.conf = round(min(0.95, max(0.05, g.probs[best_i])), 3)
    _, reason = ctx.bonus(c, g, with_reason=True)
    if g.pair_bonus[best_i] > 0:
        reason = "written next to the place that contains it"
    if not reason:
        if c.place.kind in ("country", "continent", "region", "water", "adm1") and c.match != "demonym":
            reason = f"{c.place.kind} preferred over {len(g.cands) - 1} smaller places"
        elif c.match == "demonym":
            reason = f"demonym of {c.place.name}"
        else:
            reason = f"largest population among {len(g.cands)}"
    g.reason = reason


def _pair_bonuses(text: str, mentions: Sequence[Mention], groups: list[_Group], group_of: list[int]) -> None:
    """'Gainesville, Ga.' / 'Paris, Texas': a mention followed by ", <container>" constrains both."""
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        gap = text[a.end:b.start] if 0 <= a.end <= b.start <= len(text) else None
        if gap is None or gap.strip() not in (",", "") or len(gap) > 3 or "," not in gap:
            continue
        ga, gb = groups[group_of[i]], groups[group_of[i + 1]]
        if ga is gb:
            continue
        for ia, ca in enumerate(ga.cands):
            if any(_contains(cb, ca) for cb in gb.cands):
                ga.pair_bonus[ia] = W_PAIR
        for ib, cb in enumerate(gb.cands):
            if any(_contains(cb, ca) for ca in ga.cands):
                gb.pair_bonus[ib] = W_PAIR


def resolve_document(text: str, mentions: Sequence[Mention], gazetteer: Gazetteer,
                     focus_fallback: bool = False) -> list[Resolution]:
    """One Resolution per mention, in order (place None with a reason when unresolved).

    ``focus_fallback=True`` places a name the gazetteer lacks at the article's focus
    (the state/province or country most supported by the other names) with a low
    confidence (0.1) and says so in the reason; off by default so the map never
    shows a guessed point unless asked.
    """
    groups: dict[str, int] = {}
    order: list[_Group] = []
    group_of: list[int] = []
    for i, m in enumerate(mentions):
        name = m.query or m.text
        key = f"{m.label == 'NORP'}|{m.label == 'DESC'}|{m.query if m.query.startswith('site:') else norm(name)}"
        gi = groups.get(key)
        if gi is None:
            g = _Group(key=key, name=name)
            g.cands = _lookup(m, gazetteer)
            g.prior = _priors(g.cands)
            g.pair_bonus = [0.0] * len(g.cands)
            gi = groups[key] = len(order)
            order.append(g)
        order[gi].indices.append(i)
        order[gi].cue = max(order[gi].cue, town_cue(text, m) if m.label != "NORP" else 0)
        group_of.append(gi)
    live = [g for g in order if g.cands]
    for g in live:
        ruled_out = NOT_TOWN_STRONG if g.cue == 2 else NOT_TOWN_WEAK if g.cue == 1 else ()
        if ruled_out and any(c.place.kind in TOWN_KINDS for c in g.cands):
            g.prior = [p - W_TYPE_CUE if c.place.kind in ruled_out else p for c, p in zip(g.cands, g.prior)]
    _pair_bonuses(text, mentions, order, group_of)
    for g in live:
        _update(g, None)
    locale = article_locale(text)
    ctx = _Context(live, locale)
    for _ in range(ROUNDS):
        for g in live:
            _update(g, ctx)
        ctx = _Context(live, locale)
    for g in live:
        _decide(g, ctx)
    focus = _focus(live, gazetteer, locale) if focus_fallback else None
    unlisted = _unlisted(live, ctx, focus) if focus is not None else set()

    out: list[Resolution] = []
    seen: set[str] = set()
    for i, m in enumerate(mentions):
        g = order[group_of[i]]
        if g.key in unlisted:
            c = g.cands[g.pick]
            out.append(Resolution(mention=m, place=focus, confidence=0.1,
                                  reason=f"the gazetteer's {c.place.name} ({c.place.country}) does not fit the "
                                         f"article; placed at article focus {focus.name}"))
            continue
        if not g.cands:
            if focus is not None:
                out.append(Resolution(mention=m, place=focus, confidence=0.1,
                                      reason=f"no candidate in gazetteer; placed at article focus {focus.name}"))
            else:
                out.append(Resolution(mention=m, place=None, confidence=0.0, reason="no candidate in gazetteer"))
            continue
        c = g.cands[g.pick]
        reason = g.reason if g.key not in seen else f"same name resolved earlier in article ({g.reason})"
        seen.add(g.key)
        out.append(Resolution(mention=m, place=c.place, confidence=g.conf, reason=reason))
    return out



UNLISTED_PRIOR = 2.5      # a place too small for the gazetteer (under 500 people), on the log10 scale


def _unlisted(groups: list[_Group], ctx: _Context, focus) -> set[str]:
    """Names better read as a small place the gazetteer lacks, near the article's focus.

    The gazetteer is incomplete: when a name's best reading is a town (or a place a
    qualified name is part of) in another country that nothing in the article supports,
    while the article's places and wording are firmly in the focus country, an unlisted
    local place there is the likelier reading ("Hampton Park" in a Charleston story is
    not the Melbourne suburb). Scored like a candidate: a tiny-place prior plus the
    country-level support the focus country gets.
    """
    out: set[str] = set()
    if sum(1 for w in ctx.total["named_country"].values() if w >= 0.5) >= 2:
        return out          # an article about several countries: foreign towns are expected

    def support(g: _Group, country: str) -> float:
        return W_COUNTRY * ctx.country_support(g, country) + W_LOCALE * ctx.locale.get(country, 0.0)

    for g in groups:
        c = g.cands[g.pick]
        if c.place.country == focus.country or support(g, c.place.country) >= 0.5:
            continue
        if c.place.kind not in ("city", "adm2") and not c.match.startswith("part:"):
            continue
        if UNLISTED_PRIOR + support(g, focus.country) > g.scores[g.pick]:
            out.add(g.key)
    return out


FOCUS_SPREAD_KM = 100.0   # local places this close together form the article's neighbourhood


def _focus(groups: list[_Group], gaz: Gazetteer, locale: dict[str, float] | None = None):
    """The article's focus: where a name the gazetteer lacks most likely lies.

    The country most of the article's places lie in (its wording's locale counts as one
    more place), then the first-level division most of them lie in there; when the
    article's towns in it sit close together (a local story), the most central of them,
    else the division, else the country.
    """
    by_admin1: dict[str, float] = defaultdict(float)
    by_country: dict[str, float] = defaultdict(float)
    local: list[tuple[Candidate, float]] = []
    for g in groups:
        if g.pick < 0:
            continue
        c = g.cands[g.pick]
        w = g.conf * len(g.indices)
        if c.place.country and c.place.kind not in ("continent", "region", "water"):
            by_country[c.place.country] += w
        if c.admin1:
            by_admin1[c.admin1] += w
        if c.place.kind in ("city", "adm2", "site") and not c.match.startswith("part:"):
            local.append((c, w))
    for cc, v in (locale or {}).items():
        by_country[cc] += v
    if not by_country:
        return None
    country = max(sorted(by_country), key=lambda k: by_country[k])
    in_country = {k: v for k, v in by_admin1.items() if k.split(".", 1)[0] == country}
    code = max(sorted(in_country), key=lambda k: in_country[k]) if in_country else ""
    near = [(c, w) for c, w in local if c.place.country == country and (not code or c.admin1 == code)]
    if near:
        def cost(c):
            return sum(w * _km(c.place.lat, c.place.lon, o.place.lat, o.place.lon) for o, w in near)

        centre = min(near, key=lambda cw: (cost(cw[0]), cw[0].place.id))[0]
        dists = sorted(_km(centre.place.lat, centre.place.lon, o.place.lat, o.place.lon) for o, _ in near)
        if dists[len(dists) // 2] <= FOCUS_SPREAD_KM:
            return centre.place
    if code:
        for g in groups:
            for c in g.cands:
                if c.place.kind == "adm1" and c.admin1 == code:
                    return c.place
        place = gaz.admin1(code) if hasattr(gaz, "admin1") else None
        if place is not None:
            return place
    return gaz.country(country)


def resolve_mentions(text: str, mentions: Sequence[Mention], gazetteer: Gazetteer,
                     focus_fallback: bool = False) -> list[Resolution]:
    """Resolve a document's mentions; described facilities go straight to their curated site.

    The one resolution step shared by ``briefmap build`` and ``briefmap geoparse``.
    """
    out = []
    for res in resolve_document(text, mentions, gazetteer, focus_fallback=focus_fallback):
        if res.mention.query.startswith("site:"):
            place = gazetteer.get(res.mention.query)
            if place is not None:
                how = ("named facility: a place it is named after joined to a word for it"
                       if res.mention.detector == "facility" else "descriptor and country")
                res = Resolution(res.mention, place, 0.9, f"described facility matches curated site {place.name} ({how})")
        out.append(res)
    return _follow_named_sites(out, gazetteer)


def _follow_named_sites(resolutions: list[Resolution], gazetteer: Gazetteer) -> list[Resolution]:
    """Once an article names a curated site ("the naval base at Guantanamo Bay"), a shorter name
    that is one of the site's aliases ("the return of Guantanamo") means the site, not the
    same-named town: one sense per discourse, carried from the explicit mention to its short form."""
    sites = {r.place.id: r for r in resolutions if r.place is not None and r.place.kind == "site"}
    if not sites:
        return resolutions
    out = []
    for res in resolutions:
        if res.place is not None and res.place.kind != "site" and res.mention.label != "NORP":
            named = next((sites[c.id] for c in gazetteer.candidates(res.mention.text, limit=MAX_CANDIDATES)
                          if c.id in sites), None)
            if named is not None:
                res = Resolution(res.mention, named.place, named.confidence,
                                 f"short form of {named.place.name}, which the article names at "
                                 f"“{named.mention.text}”")
        out.append(res)
    return out
