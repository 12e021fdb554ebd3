"""The resolver's evidence: one function per signal, and the weights that combine them.

Each candidate reading of a name gets a score ``sum(weight[f] * value[f])`` over named
features; the weights are fitted by ``scripts/train_resolver.py`` (the recipe is
:mod:`geo.training.resolver`) on the development half of LGL and shipped in
``geo/data/resolver_weights.json``. A *signal* is a group of features that one
function computes, and the unit the evaluation's ablation removes:

* ``population``: log10 of the place's population (regions and seas count as 10 million);
* ``kind``: what sort of place it is (country, first-level division, county, town, ...);
* ``name_match``: how the name matched (its own name, a spelling variant, an alternate
  or foreign name, a part of a larger name) and whether a division is named after its
  main city;
* ``capital``: a national capital, and one in an article about several countries;
* ``kind_cue``: the words around the name rule out a country or region ("the Jordan
  City Council", "a Lebanon man");
* ``context_country``: the article's other names lie in the candidate's country, or
  name it;
* ``context_division``: they lie in, or name, its state/province or county;
* ``nearby``: closeness to the article's other places;
* ``colocated``: how many of the article's other, specific names have *some* reading near
  the candidate, however unlikely that reading is now ("Brandon" among "Albany" and
  "Douglas County": only one Brandon has both close by);
* ``written_pair``: "Paris, Texas" written next to its container;
* ``text_locale``: wording that is not a place name (currency, institutions, spelling)
  says which country the article is written for (:func:`geo.places.resolve.article_locale`);
* ``outlet``: the outlet's or URL's country (a national domain, a known outlet).

Nothing here prefers any country: a US town wins only when the evidence says so.

>>> from geo.model import Place
>>> from geo.places.gazetteer.index import Candidate
>>> population(Candidate(Place("x", "X", 0, 0, "city", population=99_990), "name"))
{'population': 5.0}
>>> kind(Candidate(Place("x", "X", 0, 0, "adm1"), "name"))
{'kind_adm1': 1.0}
"""
from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Mapping

from geo.datafiles import DATA

WEIGHTS_PATH = DATA / "resolver_weights.json"

KINDS = ("country", "continent", "region", "water", "adm1", "adm2", "site")   # towns are the baseline
AREA_LOG_POPULATION = {"region": 7.0, "water": 7.0}
TOWN_KINDS = ("city", "site")
NOT_TOWN_STRONG = ("country", "continent", "region", "water", "adm1", "adm2")   # ruled out by a municipal cue
NOT_TOWN_WEAK = ("country", "continent", "region", "water")                      # ruled out by "a X man"
NEAR_KM = 150.0
NAMESAKE_SHARE = 0.2     # a division whose same-named city holds this share of its people
# Colocation: a name whose towns and counties number at most COLOCATED_SPECIFIC is specific
# enough to say where the article is; each counts 1/sqrt(its readings) ("Albany", 10 towns,
# counts about 0.3; "Douglas County", 12 counties, about 0.3), summed up to COLOCATED_CAP.
# Set before fitting; the dev half's fitted acc@161 (scripts/train_resolver.py, names given)
# was 93.9% at 100 km and 30 readings, 93.8% at 50 km, 93.7% at 150 km, 93.8% with 10
# readings, 93.9% with 60 (93.7% without the signal). Held out (briefmap eval): names given
# 90.8% -> 91.3%, end to end 88.9% -> 89.3%; the ablation's "without colocated" 90.6%.
CURATED_PREFIXES = ("region:", "feature:")
COLOCATED_KM = 100.0
COLOCATED_SPECIFIC = 30
COLOCATED_CAP = 2.0

#: signal -> the features its function returns (the ablation removes a whole signal).
SIGNALS: dict[str, tuple[str, ...]] = {
    "population": ("population",),
    "kind": tuple(f"kind_{k}" for k in KINDS),
    "name_match": ("match_variant", "match_alt", "match_alt_beside_own", "match_part", "namesake_division"),
    "capital": ("capital", "capital_international"),
    "kind_cue": ("cue_municipal_not_area", "cue_resident_not_country"),
    "context_country": ("country_support", "named_country", "country_contains", "site_country"),
    "context_division": ("named_admin1", "admin1_support", "admin2_support"),
    "nearby": ("near",),
    "colocated": ("colocated",),
    "written_pair": ("pair",),
    "text_locale": ("text_locale",),
    "outlet": ("outlet_country",),
}
FEATURES: tuple[str, ...] = tuple(f for fs in SIGNALS.values() for f in fs)

# -- context-free evidence (computed once per candidate) ---------------------------------------


def population(c) -> dict[str, float]:
    """log10(population + 10); regions and seas, which carry none, count as a large place."""
    p = c.place
    return {"population": AREA_LOG_POPULATION.get(p.kind, 0.0) or math.log10(p.population + 10)}


def kind(c) -> dict[str, float]:
    """One indicator for the kind of place (a town is the baseline, no feature)."""
    return {f"kind_{c.place.kind}": 1.0} if c.place.kind in KINDS else {}


def name_match(c, cands) -> dict[str, float]:
    """How the name matched, judged against the name's other candidates.

    An alternate (often historical or foreign) name counts less than a place's own name,
    and less again when another place has the name as its own ("Maryville" is not
    Beeville); a division named after its main city ("Alexandria" governorate) is, by
    that name, mostly the city when the city holds a good share of its people.
    """
    out: dict[str, float] = {}
    match = c.match.removeprefix("part:")
    if c.match.startswith("part:"):
        out["match_part"] = 1.0
    # A curated region's or feature's aliases are names it is known by ("the West", "Western
    # world"), not spelling variants: penalised as variants, "the West" tied with Cameroon's West
    # Region in an article about Russia and Cuba.
    if match == "variant" and not c.place.id.startswith(CURATED_PREFIXES):
        out["match_variant"] = 1.0
    elif match == "alt":
        out["match_alt"] = 1.0
        if any(o.match in ("name", "variant", "abbr", "demonym") for o in cands):
            out["match_alt_beside_own"] = 1.0
    if c.place.kind == "adm1" and c.admin1 and any(
            o.place.kind == "city" and o.match == "name" and o.admin1 == c.admin1
            and o.place.population >= NAMESAKE_SHARE * c.place.population for o in cands):
        out["namesake_division"] = 1.0
    return out


def capital(c) -> dict[str, float]:
    """A national capital (named far more often than its population suggests)."""
    return {"capital": 1.0} if c.capital else {}


def kind_cue(c, cands, cue: int) -> dict[str, float]:
    """The words around the name (:func:`geo.places.resolve.town_cue`) rule out this kind of place.

    ``cue`` 2: a municipal cue or dateline (a town); 1: "a Lebanon man" (not a country or
    region). Only when the name has a town reading to fall back on, a town whose own name (or
    a spelling of it) it is: "a Kosovo police officer" is the country's police, whatever town
    lists "Kosovo" among its other names (Kosovo Polje).
    """
    if not cue or not any(o.place.kind in TOWN_KINDS and o.match in ("name", "variant", "abbr") for o in cands):
        return {}
    k = c.place.kind
    if cue == 2 and k in NOT_TOWN_STRONG:
        return {"cue_municipal_not_area": 1.0}
    if cue == 1 and k in NOT_TOWN_WEAK:
        return {"cue_resident_not_country": 1.0}
    return {}


def static_features(c, cands, cue: int) -> dict[str, float]:
    """Every context-free feature of candidate ``c`` among the name's ``cands``."""
    out = population(c)
    out.update(kind(c))
    out.update(name_match(c, cands))
    out.update(capital(c))
    out.update(kind_cue(c, cands, cue))
    return out


# -- evidence from the rest of the article (recomputed each round) --------------------------------


def context_country(c, support, named) -> dict[str, float]:
    """The other names lie in the candidate's country (``support``) or name it (``named``), each 0..1.

    A curated site gets its own weight for it (a site is only plausible where its country
    is in the story); a country candidate is supported by the places it contains.
    """
    k = c.place.kind
    if k == "site":
        return {"site_country": support}
    if k == "country":
        return {"country_contains": support, "named_country": named}
    return {"country_support": support, "named_country": named}


def context_division(c, named_admin1, admin1, admin2) -> dict[str, float]:
    """The other names name the candidate's state/province, lie in it, or in its county (0..1 each)."""
    out = {}
    if c.admin1:
        if c.place.kind in ("city", "adm2", "site"):
            out["named_admin1"] = named_admin1
        out["admin1_support"] = admin1
    if c.admin2:
        out["admin2_support"] = admin2
    return out


def flat_km(p, lat: float, lon: float, coslat: float) -> float:
    """Kilometres from place ``p`` to (lat, lon), equirectangular (``coslat``: cos of p's latitude,
    computed once per candidate): accurate enough at the scale where nearness matters."""
    dx = (lon - p.lon) * coslat
    return 111.2 * math.sqrt(dx * dx + (lat - p.lat) ** 2)


def nearby(c, points, own_key: str) -> dict[str, float]:
    """Closeness to the article's other places: max over them of probability * exp(-km / 150)."""
    p = c.place
    if p.kind not in ("city", "adm2", "site") or not points:
        return {}
    best = 0.0
    coslat = math.cos(math.radians(p.lat))
    for lat, lon, w, key in points:
        if key == own_key:
            continue
        d = flat_km(p, lat, lon, coslat)
        if d < 6 * NEAR_KM:
            best = max(best, w * math.exp(-d / NEAR_KM))
    return {"near": best}


def colocated(c, value: float) -> dict[str, float]:
    """The other names with a reading within :data:`COLOCATED_KM` of a town, county or site
    (0..:data:`COLOCATED_CAP`, computed by the resolver's context)."""
    return {"colocated": value} if value and c.place.kind in ("city", "adm2", "site") else {}


def written_pair(paired: bool) -> dict[str, float]:
    """'Gainesville, Ga.': the candidate contains, or lies in, the name written next to it."""
    return {"pair": 1.0} if paired else {}


def text_locale(c, locale: Mapping[str, float]) -> dict[str, float]:
    """The article's wording is for readers in the candidate's country (0..1)."""
    v = locale.get(c.place.country, 0.0) if c.place.country else 0.0
    return {"text_locale": v} if v else {}


def outlet(c, outlet_countries: Mapping[str, float]) -> dict[str, float]:
    """The outlet or URL says where the article is published: a candidate in that country (0..1)."""
    v = outlet_countries.get(c.place.country, 0.0) if c.place.country else 0.0
    return {"outlet_country": v} if v else {}


def capital_international(c, international: bool) -> dict[str, float]:
    """A national capital in an article naming three or more countries (it stands for its government)."""
    return {"capital_international": 1.0} if c.capital and international else {}


# -- weights ---------------------------------------------------------------------------------------


def dot(weights: Mapping[str, float], feats: Mapping[str, float]) -> float:
    """Score of a feature dict under ``weights`` (features without a weight count 0)."""
    return sum(weights.get(f, 0.0) * v for f, v in feats.items())


@functools.lru_cache(maxsize=4)
def _load(path: str) -> tuple[tuple[str, float], ...]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    w = data["weights"]
    unknown = sorted(set(w) - set(FEATURES))
    if unknown:
        raise ValueError(f"{path}: unknown resolver features {unknown}")
    return tuple((f, float(w.get(f, 0.0))) for f in FEATURES)


def shipped_weights(path: str | Path = WEIGHTS_PATH) -> dict[str, float]:
    """The fitted weights shipped with the package (a fresh dict each call)."""
    return dict(_load(str(path)))


def without(weights: Mapping[str, float], *signals: str) -> dict[str, float]:
    """``weights`` with every feature of the named signals set to 0 (for the ablation).

    >>> without({"near": 2.0, "pair": 1.0}, "nearby")
    {'near': 0.0, 'pair': 1.0}
    """
    drop = {f for s in signals for f in SIGNALS[s]}
    return {f: (0.0 if f in drop else v) for f, v in weights.items()}
