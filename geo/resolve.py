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

The context is refined a few times (each name re-ranked against the current picks
for the other names), which makes the result independent of mention order.

Example::

    >>> res = resolve_document(text, mentions, gazetteer)   # doctest: +SKIP
    >>> res[0].place.name, res[0].reason                     # doctest: +SKIP
    ('Havana', 'country named in article: CU')
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Sequence

from .gazetteer.index import Candidate, Gazetteer
from .gazetteer.normalize import norm
from .gazetteer.rank import prior as _prior
from .model import Mention, Resolution

# Context weights (same units).
W_COUNTRY = 1.2          # other places in the article lie in the candidate's country
W_NAMED_COUNTRY = 0.8    # ... and that country is itself named
W_NAMED_ADMIN1 = 1.8     # the candidate's state/province is named in the article
W_ADMIN1 = 1.0           # other places in the article lie in the same state/province
W_ADMIN2 = 1.2           # ... or in the same county/district
W_NEAR = 1.5             # closeness to the other places (decays with distance)
NEAR_KM = 150.0
W_PAIR = 4.0             # "Town, State": the next mention contains the candidate
W_SITE_COUNTRY = 5.0     # a curated site whose country is in context

ROUNDS = 3
MAX_CANDIDATES = 200
MAX_POINTS = 40


@dataclass
class _Group:
    """All mentions sharing one normalised name: resolved once (one sense per discourse)."""

    key: str
    name: str
    indices: list[int] = field(default_factory=list)
    cands: list[Candidate] = field(default_factory=list)
    prior: list[float] = field(default_factory=list)
    pick: int = -1
    conf: float = 0.0
    reason: str = ""
    pair_bonus: list[float] = field(default_factory=list)


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


def _lookup(m: Mention, gaz: Gazetteer) -> list[Candidate]:
    name = m.query or m.text
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
    """Evidence from the current picks, with per-group contributions so a group can exclude its own."""

    def __init__(self, groups: list[_Group]):
        self.country: dict[str, float] = defaultdict(float)
        self.named_country: dict[str, float] = defaultdict(float)
        self.named_admin1: dict[str, float] = defaultdict(float)
        self.admin1: dict[str, float] = defaultdict(float)
        self.admin2: dict[str, float] = defaultdict(float)
        self.points: list[tuple[float, float, float, str]] = []   # lat, lon, weight, group key
        for g in groups:
            if g.pick < 0:
                continue
            c, w = g.cands[g.pick], g.conf * len(g.indices) ** 0.5
            p = c.place
            if p.country:
                self.country[p.country] += w
            if p.kind == "country":
                self.named_country[p.country] += w
            if p.kind == "adm1" and c.admin1:
                self.named_admin1[c.admin1] += w
            if c.admin1:
                self.admin1[c.admin1] += w
            if c.admin2:
                self.admin2[c.admin2] += w
            if p.kind in ("city", "adm2", "adm1", "site") and len(self.points) < MAX_POINTS:
                self.points.append((p.lat, p.lon, g.conf, g.key))

    def own(self, g: _Group) -> tuple[Candidate | None, float]:
        if g.pick < 0:
            return None, 0.0
        return g.cands[g.pick], g.conf * len(g.indices) ** 0.5

    def bonus(self, c: Candidate, g: _Group) -> tuple[float, str]:
        """Context bonus for candidate ``c`` of group ``g`` and the main reason for it."""
        own, w_own = self.own(g)

        def other(table: dict[str, float], key: str, own_key: str | None) -> float:
            v = table.get(key, 0.0)
            if own is not None and own_key == key:
                v -= w_own
            return min(1.0, max(0.0, v))

        p = c.place
        parts: list[tuple[float, str]] = []
        if p.country:
            oc = own.place.country if own else None
            v = other(self.country, p.country, oc)
            if p.kind == "site":
                parts.append((W_SITE_COUNTRY * v, f"curated site in article's country {p.country}"))
            else:
                parts.append((W_COUNTRY * v, f"other places in article are in {p.country}"))
            if p.kind != "country":
                onc = own.place.country if own and own.place.kind == "country" else None
                parts.append((W_NAMED_COUNTRY * other(self.named_country, p.country, onc),
                              f"country named in article: {p.country}"))
        if c.admin1 and p.kind in ("city", "adm2", "site"):
            ona = own.admin1 if own and own.place.kind == "adm1" else None
            parts.append((W_NAMED_ADMIN1 * other(self.named_admin1, c.admin1, ona),
                          f"state/province named in article: {c.admin1}"))
        if c.admin1:
            parts.append((W_ADMIN1 * other(self.admin1, c.admin1, own.admin1 if own else None),
                          f"other places in article are in {c.admin1}"))
        if c.admin2 and p.kind != "adm2":
            parts.append((W_ADMIN2 * other(self.admin2, c.admin2, own.admin2 if own else None),
                          f"county/district in article: {c.admin2}"))
        if p.kind in ("city", "adm2", "site") and self.points:
            best = 0.0
            for lat, lon, w, key in self.points:
                if key == g.key:
                    continue
                d = _km(p.lat, p.lon, lat, lon)
                best = max(best, w * math.exp(-d / NEAR_KM))
            parts.append((W_NEAR * best, "near other places in article"))
        total = sum(v for v, _ in parts)
        top = max(parts, key=lambda x: x[0]) if parts else (0.0, "")
        return total, (top[1] if top[0] >= 0.5 else "")


def _score_group(g: _Group, ctx: _Context | None) -> None:
    """Pick the best candidate of a group under the given context; set confidence and reason."""
    best = second = -1e9
    best_i, best_reason = -1, ""
    for i, c in enumerate(g.cands):
        s = g.prior[i] + g.pair_bonus[i]
        reason = ""
        if ctx is not None:
            b, reason = ctx.bonus(c, g)
            s += b
        if g.pair_bonus[i] > 0 and not reason:
            reason = "written next to the place that contains it"
        if s > best:
            best, second, best_i, best_reason = s, best, i, reason
        elif s > second:
            second = s
    g.pick = best_i
    if len(g.cands) == 1:
        g.conf, g.reason = 0.95, "only candidate"
        return
    margin = best - second
    g.conf = round(0.5 + 0.45 * math.tanh(margin / 2), 3)
    if best_reason:
        g.reason = best_reason
    else:
        c = g.cands[best_i]
        if c.place.kind in ("country", "continent", "region", "water", "adm1") and c.match != "demonym":
            g.reason = f"{c.place.kind} preferred over {len(g.cands) - 1} smaller places"
        elif c.match == "demonym":
            g.reason = f"demonym of {c.place.name}"
        else:
            g.reason = f"largest population among {len(g.cands)}"


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


def resolve_document(text: str, mentions: Sequence[Mention], gazetteer: Gazetteer) -> list[Resolution]:
    """One Resolution per mention, in order (place None with a reason when unresolved)."""
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
            g.prior = [_prior(c) for c in g.cands]
            g.pair_bonus = [0.0] * len(g.cands)
            gi = groups[key] = len(order)
            order.append(g)
        order[gi].indices.append(i)
        group_of.append(gi)
    live = [g for g in order if g.cands]
    _pair_bonuses(text, mentions, order, group_of)
    for g in live:
        _score_group(g, None)
    for _ in range(ROUNDS):
        ctx = _Context(live)
        for g in live:
            _score_group(g, ctx)

    out: list[Resolution] = []
    seen: set[str] = set()
    for i, m in enumerate(mentions):
        g = order[group_of[i]]
        if not g.cands:
            out.append(Resolution(mention=m, place=None, confidence=0.0, reason="no candidate in gazetteer"))
            continue
        c = g.cands[g.pick]
        reason = g.reason if g.key not in seen else f"same name resolved earlier in article ({g.reason})"
        seen.add(g.key)
        out.append(Resolution(mention=m, place=c.place, confidence=g.conf, reason=reason))
    return out

