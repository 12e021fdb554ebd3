"""Distances the articles state, measured on the ellipsoid.

An article says a training centre is "roughly 100 miles from the U.S. coast"
or speaks of "Cuba's 90-mile proximity to U.S. shores". ``find_distances``
finds such phrases in the claims, works out the *site* (the most specific
place the sentence is about) and the *reference* (the country or coast it
is measured to), and measures the geodesic distance with ``pyproj.Geod``
(WGS84) to the nearest vertex of the reference's Natural Earth 1:50m outline
(``geo/data/coasts_50m.json.gz``, built by ``scripts/make_coasts.py``).

The map draws, for each distance: a geodesic ring of the *stated* radius
around the site (point sites), the measured line to the nearest point of the
reference, and a label with both numbers, so the audience sees whether the
article's figure holds up.

>>> parse_stated("on the island roughly 100 miles from the U.S. coast")[0]["metres"]
160934.4
>>> [d["reference"] for d in parse_stated("given Cuba's 90-mile proximity to U.S. shores")]
['United States of America']
>>> round(geodesic_m((-82.383, 23.133), (-81.809, 24.543)) / 1609.344, 1)
103.6
"""
from __future__ import annotations

import gzip
import json
import math
import re
from functools import lru_cache
from importlib import resources
from typing import Iterable

import numpy as np
from pyproj import Geod

GEOD = Geod(ellps="WGS84")
MILE = 1609.344
UNITS = {"mile": MILE, "mi": MILE, "km": 1000.0, "kilometer": 1000.0, "kilometre": 1000.0,
         "nautical mile": 1852.0, "nm": 1852.0}
_WORDS = {"ninety": 90, "hundred": 100, "fifty": 50, "twenty": 20, "thirty": 30, "forty": 40,
          "sixty": 60, "seventy": 70, "eighty": 80, "ten": 10, "a hundred": 100, "one hundred": 100}
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})*(?:\.\d+)?|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>nautical[- ]miles?|miles?|mi|kilomet(?:er|re)s?|km|nm)"
_APPROX = r"(?:(?P<approx>roughly|about|approximately|around|some|nearly|almost|just|only|barely|less than|" \
          r"more than|under|over|within)\s+)?"
STATED = re.compile(rf"\b{_APPROX}{_NUM}(?:\s*|-){_UNIT}\b(?P<rest>(?:[^.;:!?]|\.(?=\S)|(?<=\b[A-Z])\.){{0,90}})", re.I)
# What a distance is measured to: words after "from/to/off/of" in the rest.
REFERENCES = {
    "United States of America": r"\b(?:U\.?\s?S\.?(?:\s?A\.?)?|United States|America|American|Florida|Key West)\b",
}
ADJECTIVAL_PLACE_KINDS = ("site", "city", "adm2", "adm1", "region", "water", "country", "continent")


def _unit_metres(unit: str) -> float:
    u = unit.lower().replace("-", " ")
    if u.startswith("nautical") or u == "nm":
        return UNITS["nautical mile"]
    if u.startswith("mi"):
        return MILE
    return 1000.0


def _number(text: str) -> float:
    t = text.lower()
    return float(_WORDS[t]) if t in _WORDS else float(t.replace(",", ""))


@lru_cache(maxsize=1)
def _coasts() -> dict:
    raw = resources.files("geo").joinpath("data", "coasts_50m.json.gz").read_bytes()
    return json.loads(gzip.decompress(raw))


def coast_points(country: str) -> np.ndarray:
    """(n, 2) lon/lat outline vertices of a Natural Earth 1:50m country ('' if unknown).

    >>> coast_points("Cuba").shape[1], len(coast_points("Atlantis"))
    (2, 0)
    """
    flat = _coasts()["countries"].get(country)
    if not flat:
        return np.zeros((0, 2))
    return np.asarray(flat, dtype=float).reshape(-1, 2)


def country_names() -> list[str]:
    return sorted(_coasts()["countries"])


def _reference_of(rest: str) -> str | None:
    for name, pattern in REFERENCES.items():
        if re.search(pattern, rest, re.I):
            return name
    for name in country_names():
        if len(name) > 3 and re.search(rf"\b{re.escape(name)}\b", rest):
            return name
    return None


def parse_stated(text: str) -> list[dict]:
    """Every stated distance in ``text`` with what it is measured to (or None)."""
    out = []
    for m in STATED.finditer(text or ""):
        value = _number(m.group("num"))
        if value <= 0:
            continue
        unit = m.group("unit").lower()
        metres = round(value * _unit_metres(unit), 1)
        phrase = m.group(0)[: len(m.group(0)) - len(m.group("rest"))].strip()
        out.append({"phrase": phrase, "value": value, "unit": "mi" if _unit_metres(unit) == MILE
                    else ("nmi" if _unit_metres(unit) == 1852.0 else "km"),
                    "metres": metres, "approx": (m.group("approx") or "").lower(),
                    "reference": _reference_of(m.group("rest")),
                    "context": m.group(0).strip(), "at": m.start()})
    return out


def geodesic_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance in metres between two (lon, lat) points (WGS84)."""
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2])


def nearest(point: tuple[float, float], targets: np.ndarray) -> tuple[float, tuple[float, float]]:
    """(metres, (lon, lat)) of the vertex of ``targets`` nearest ``point`` (geodesic)."""
    n = len(targets)
    _, _, d = GEOD.inv(np.full(n, point[0]), np.full(n, point[1]), targets[:, 0], targets[:, 1])
    i = int(np.argmin(d))
    return float(d[i]), (float(targets[i, 0]), float(targets[i, 1]))


def nearest_between(a: np.ndarray, b: np.ndarray) -> tuple[float, tuple, tuple]:
    """Closest pair of vertices between two outlines: a fast planar screen on
    cos(lat)-scaled degrees for candidates, then geodesic on the best few."""
    best = []
    scale = np.cos(np.radians(np.clip(a[:, 1], -89, 89)))
    for i0 in range(0, len(a), 256):
        chunk, s = a[i0:i0 + 256], scale[i0:i0 + 256]
        dx = (chunk[:, None, 0] - b[None, :, 0]) * s[:, None]
        dy = chunk[:, None, 1] - b[None, :, 1]
        d2 = dx * dx + dy * dy
        j = np.argmin(d2, axis=1)
        for k in range(len(chunk)):
            best.append((float(d2[k, j[k]]), i0 + k, int(j[k])))
    best.sort()
    out = None
    for _, i, j in best[:40]:
        d = geodesic_m(tuple(a[i]), tuple(b[j]))
        if out is None or d < out[0]:
            out = (d, (float(a[i, 0]), float(a[i, 1])), (float(b[j, 0]), float(b[j, 1])))
    return out


def _unwrap(lon: float, near: float) -> float:
    """``lon`` moved by whole turns to lie within 180 degrees of ``near``."""
    return near + ((lon - near + 180.0) % 360.0 - 180.0)


def ring(centre: tuple[float, float], radius_m: float, n: int = 120) -> list[list[float]]:
    """Geodesic circle of ``radius_m`` around (lon, lat), as closed [lat, lon] list.

    Its longitudes run on past 180 degrees where it crosses the antimeridian, so that the map
    (Leaflet) draws one ring around the place, not a band across the world from edge to edge
    ("3,000 kilometres south-west of Hawaii" around Kanton Island):

    >>> lons = [lon for _, lon in ring((-171.7, -2.8), 3_000_000)]
    >>> max(lons) - min(lons) < 90
    True
    """
    az = np.linspace(0.0, 360.0, n, endpoint=False)
    lons, lats, _ = GEOD.fwd(np.full(n, centre[0]), np.full(n, centre[1]), az, np.full(n, radius_m))
    pts = [[round(float(la), 4), round(_unwrap(float(lo), centre[0]), 4)] for lo, la in zip(lons, lats)]
    return pts + [pts[0]]


def line(a: tuple[float, float], b: tuple[float, float], n: int = 32) -> list[list[float]]:
    """Geodesic from a to b (lon, lat) as [lat, lon] points, continuous across the antimeridian."""
    mid = GEOD.npts(a[0], a[1], b[0], b[1], n)
    out, last = [], a[0]
    for lo, la in [a] + list(mid) + [b]:
        last = _unwrap(lo, last)
        out.append([round(la, 4), round(last, 4)])
    return out


def _props(f: dict) -> dict:
    p = f.get("properties") if isinstance(f, dict) else None
    return p if isinstance(p, dict) else {}


def _point(f: dict):
    g = f.get("geometry") or {}
    if g.get("type") != "Point":
        return None
    lon, lat = g["coordinates"][:2]
    return float(lon), float(lat)


def _specificity(kind: str) -> int:
    kind = (kind or "").lower()
    return ADJECTIVAL_PLACE_KINDS.index(kind) if kind in ADJECTIVAL_PLACE_KINDS else len(ADJECTIVAL_PLACE_KINDS)


def _fmt(metres: float, unit: str) -> str:
    div = {"mi": MILE, "nmi": 1852.0, "km": 1000.0}[unit]
    return f"{metres / div:,.0f} {unit}"


@lru_cache(maxsize=None)
def _coast_gap(country_coast: str, reference: str) -> tuple[float, tuple, tuple]:
    """Nearest points between a country's coast and a reference coast; many claims state the
    same gap ("Cuba ... 90 miles from Florida"), and each pair is measured once."""
    return nearest_between(coast_points(country_coast), coast_points(reference))


@lru_cache(maxsize=4096)
def _parse_stated_cached(claim: str) -> tuple[dict, ...]:
    # The same sentence reaches here once per place it names; callers only read the dicts.
    return tuple(parse_stated(claim))


def find_distances(features: Iterable[dict]) -> list[dict]:
    """Stated distances in the claims, measured.

    Each result: ``stated`` (the phrase), ``stated_m``, ``unit``, ``site``
    (place name), ``site_kind``, ``reference`` (country), ``from``/``to``
    ([lat, lon] of the measured line's ends), ``measured_m``, ``ring``
    ([lat, lon] geodesic circle of the stated radius around a point site, or
    []), ``line``, ``label``, ``feature_ids`` (indices of the claims that state
    it), ``claim``, ``source``, ``published``, ``stated_all`` (every figure
    stated for a country's gap: one line, one label). Every source sentence of
    a finding counts, not only its first. Sorted and de-duplicated, so the
    same input gives the same output.
    """
    features = list(features)
    by_sentence: dict[tuple, list[int]] = {}
    for i, f in enumerate(features):
        p = _props(f)
        if not _point(f):
            continue
        # every source of a finding, not only the first: a retelling merged into it may be the
        # one that states the distance ("... on the island roughly 100 miles from the U.S. coast")
        sentences = [(p.get("doc"), p.get("claim"))] + [
            (c.get("doc"), c.get("claim")) for c in (p.get("claims") or []) if isinstance(c, dict)]
        for doc, claim in dict.fromkeys(sentences):
            if claim:
                by_sentence.setdefault((doc, claim), []).append(i)
    found: dict[tuple, dict] = {}
    members: dict[tuple, set[int]] = {}     # found[key]["feature_ids"] as a set, for membership
    for (doc, claim), idxs in by_sentence.items():
        stated = [s for s in _parse_stated_cached(claim) if s["reference"]]
        for s in stated:
            ref = s["reference"]
            targets = coast_points(ref)
            if not len(targets):
                continue
            code = country_code(ref)
            candidates = [i for i in idxs if (_props(features[i]).get("country") or "") != code]
            if not candidates:
                continue
            site_i, sp, site, kind = _site(claim, s, candidates, features)
            # a country's gap to the reference is one line, whatever figure each article gives
            # ("90-mile", "roughly 100 miles"): one record naming every figure, not two labels
            # on the same line; a point site gets a ring per stated radius
            key = (site, 0.0 if kind == "country" else s["metres"], ref)
            rec = found.get(key)
            if rec is not None and s["phrase"] not in rec["stated_all"]:
                rec["stated_all"].append(s["phrase"])
                rec["label"] = _label(rec["stated_all"], rec["measured_m"], rec["unit"], site, ref)
            if rec is None:
                # Measured once per (site, distance, reference): an article repeating the
                # sentence must not redo the geodesic search each time.
                outline = coast_points(coast_name(sp.get("country") or "")) if kind == "country" else []
                if len(outline):
                    d, a, b = _coast_gap(coast_name(sp.get("country") or ""), ref)
                    circle = []
                else:
                    a = _point(features[site_i])
                    d, b = nearest(a, targets)
                    circle = ring(a, s["metres"])
                ratio = d / s["metres"]
                rec = found[key] = {
                    "stated": s["phrase"], "stated_m": s["metres"], "unit": s["unit"],
                    "site": site, "site_kind": kind, "reference": ref,
                    "from": [round(a[1], 4), round(a[0], 4)], "to": [round(b[1], 4), round(b[0], 4)],
                    "measured_m": round(d, 1), "ratio": round(ratio, 3),
                    "ring": circle, "line": line(a, b),
                    "label": _label([s["phrase"]], d, s["unit"], site, ref), "stated_all": [s["phrase"]],
                    "feature_ids": [], "claim": claim, "source": sp.get("source") or "",
                    "published": sp.get("published") or "",
                }
            ids = members.setdefault(key, set())
            rec["feature_ids"].extend(i for i in idxs if i not in ids)
            ids.update(idxs)
        _measure_to_places(claim, idxs, features, found, members)
    out = sorted(found.values(), key=lambda r: (r["site"], r["stated_m"], r["reference"]))
    for r in out:
        r["feature_ids"].sort()
    return out


# After the figure, the place it is measured from: "30 kilometres from Sihanoukville",
# "25 km southeast of the capital San José", "8 miles west of the town of Lourdes".
_FROM = r"^\s+(?:away\s+)?(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:wards?)?\s+)?" \
        r"(?:from|of|off)\s+(?:downtown\s+)?(?:the\s+)?(?:(?:capital|city|town|port|village|island|base)(?:\s+of)?,?\s+)?"


def _site(claim: str, s: dict, candidates: list[int], features: list) -> tuple[int, dict, str, str]:
    """(index, properties, place name, place kind) of the finding a stated distance is about: the
    nearest place before the figure, the more specific between equals."""
    site_i = min(candidates, key=lambda i: (_gap(claim, _props(features[i]).get("mention"), s["at"]),
                                            _specificity(_props(features[i]).get("place_kind")), i))
    sp = _props(features[site_i])
    return site_i, sp, sp.get("place") or "", (sp.get("place_kind") or "").lower()


def _point_reference(s: dict, claim: str, idxs: list[int], features: list) -> tuple[str, tuple] | None:
    """(name, (lon, lat)) of a place the sentence names right after a stated distance that has no
    country reference ("about 30 kilometres from Sihanoukville"), from the places its findings name."""
    after = claim[s["at"] + len(s["phrase"]):]
    for i in idxs:
        for pl in _props(features[i]).get("places") or []:
            name, lat, lon = pl.get("name"), pl.get("lat"), pl.get("lon")
            if name and lat is not None and lon is not None and \
                    re.match(_FROM + re.escape(name) + r"(?!\w)", after, re.I):
                return name, (float(lon), float(lat))
    return None


def _measure_to_places(claim: str, idxs: list[int], features: list, found: dict, members: dict) -> None:
    """The distances a sentence states to a named place rather than a country's coast: a ring of
    the stated radius around the finding's point and the measured geodesic to the place's point."""
    for s in _parse_stated_cached(claim):
        if s["reference"]:
            continue
        ref = _point_reference(s, claim, idxs, features)
        if ref is None:
            continue
        name, b = ref
        candidates = [i for i in idxs if _point(features[i]) and _props(features[i]).get("place") != name
                      and geodesic_m(_point(features[i]), b) > 0]
        if not candidates:
            continue
        site_i, sp, site, kind = _site(claim, s, candidates, features)
        key = (site, s["metres"], name)
        rec = found.get(key)
        if rec is None:
            a = _point(features[site_i])
            d = geodesic_m(a, b)
            rec = found[key] = {
                "stated": s["phrase"], "stated_m": s["metres"], "unit": s["unit"],
                "site": site, "site_kind": kind, "reference": name,
                "from": [round(a[1], 4), round(a[0], 4)], "to": [round(b[1], 4), round(b[0], 4)],
                "measured_m": round(d, 1), "ratio": round(d / s["metres"], 3),
                "ring": ring(a, s["metres"]) if kind != "country" else [], "line": line(a, b),
                "label": _point_label(s["phrase"], d, s["unit"], site, name), "stated_all": [s["phrase"]],
                "feature_ids": [], "claim": claim, "source": sp.get("source") or "",
                "published": sp.get("published") or "",
            }
        ids = members.setdefault(key, set())
        rec["feature_ids"].extend(i for i in idxs if i not in ids)
        ids.update(idxs)


def _point_label(stated: str, metres: float, unit: str, site: str, ref: str) -> str:
    """'Stated “about 30 kilometres” · measured 27 km (17 mi), Ream Naval Base to Sihanoukville'."""
    other = _fmt(metres, "km") if unit != "km" else _fmt(metres, "mi")
    return f"Stated \u201c{stated}\u201d \u00b7 measured {_fmt(metres, unit)} ({other}), {site} to {ref}"


def _label(stated: list[str], metres: float, unit: str, site: str, ref: str) -> str:
    """'Stated "90-mile", "roughly 100 miles" · measured 95 mi (153 km), Cuba to nearest U.S. coast'."""
    figures = ", ".join(f"\u201c{x}\u201d" for x in stated)
    other = _fmt(metres, "km") if unit != "km" else _fmt(metres, "mi")
    return f"Stated {figures} \u00b7 measured {_fmt(metres, unit)} ({other}), {site} to nearest {_short(ref)}"


def _gap(claim: str, mention, at: int) -> int:
    """Characters between a mention and the stated distance after it (the
    nearest preceding place is what the distance is about); mentions only
    after the phrase rank last."""
    if not mention:
        return 10**6
    pos = claim.rfind(mention, 0, at)
    if pos < 0:
        return 10**5 + max(claim.find(mention), 0)
    return at - (pos + len(mention))


def _short(country: str) -> str:
    return {"United States of America": "U.S. coast"}.get(country, f"coast of {country}")


@lru_cache(maxsize=None)
def country_code(name: str) -> str:
    """ISO alpha-2 code of a Natural Earth country name ('' if unknown).

    >>> country_code("United States of America"), country_code("Cuba")
    ('US', 'CU')
    """
    import pycountry

    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return ""


@lru_cache(maxsize=None)
def coast_name(code: str) -> str:
    """Natural Earth name of the country with ISO code ``code`` ('' if none)."""
    for name in country_names():
        if code and country_code(name) == code:
            return name
    return ""


def km(metres: float) -> float:
    return round(metres / 1000.0, 1) if math.isfinite(metres) else float("nan")
