"""The outline of a country whose findings are about the country as a whole.

A finding whose locus is a whole country (``geo_precision`` country: "on the
island", "in Cuba") has no point of its own; a bubble at the country's
centroid reads as a place in its middle. The map draws such findings on the
country's outline instead (``static/countries.js``): the land shaded and
hatched, a tag with the country's name and count placed inside its land,
clickable to a panel of its findings.

The outline comes from the Natural Earth 1:10m countries the map already
ships for its detail layer (``geo/data/countries_10m.wkb.gz``), matched by
ISO 3166 code, simplified in proportion to the country's size (a few KB for an
island, ~20 KB for China) and rounded to 3 decimals.

>>> a = country_area("CU")
>>> a["anchors"][0], a["bounds"]
([20.57, -76.48], [[19.83, -84.95], [23.21, -74.13]])
>>> country_area("XX") is None, country_area("") is None
(True, True)
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from functools import lru_cache

from shapely.geometry import MultiPolygon, Point, box
from shapely.ops import polylabel, unary_union

DIGITS = 3
MAX_ANCHORS = 8


def _numeric(alpha2: str) -> str | None:
    import pycountry

    try:
        rec = pycountry.countries.get(alpha_2=alpha2.upper())
    except (KeyError, LookupError):
        return None
    return rec.numeric if rec else None


@lru_cache(maxsize=1)
def _by_code() -> dict[str, list]:
    from geo.present.render.basemap import _detail_ids, _detail_index

    _, geoms, _ = _detail_index()
    out: dict[str, list] = {}
    for code, g in zip(_detail_ids(), geoms):
        out.setdefault(code, []).append(g)
    return out


def _ring(coords) -> list[list[float]]:
    return [[round(y, DIGITS), round(x, DIGITS)] for x, y in coords]


def _anchors(main, others) -> list[list[float]]:
    """Points well inside the land where the tag may go: the pole of
    inaccessibility of the largest part first, then points spread over it
    (nearest first), then the other large parts' own poles."""
    size = math.sqrt(main.area)
    first = polylabel(main, tolerance=max(size / 200, 0.001))
    pts = [first]
    minx, miny, maxx, maxy = main.bounds
    inner = main.buffer(-size / 12) if size > 0 else main
    grid = []
    for i in range(1, 8):
        for j in range(1, 8):
            q = Point(minx + (maxx - minx) * i / 8, miny + (maxy - miny) * j / 8)
            if not inner.is_empty and inner.contains(q):
                grid.append(q)
    grid.sort(key=lambda q: (q.distance(first), q.x, q.y))
    # keep them apart: a tag moved a few pixels is no alternative
    for q in grid:
        if len(pts) >= MAX_ANCHORS - len(others[:2]):
            break
        if all(q.distance(p) > size / 6 for p in pts):
            pts.append(q)
    pts += [polylabel(o, tolerance=max(math.sqrt(o.area) / 200, 0.001)) for o in others[:2]]
    return [[round(p.y, 2), round(p.x, 2)] for p in pts]


# The outlines kept between builds while a map is drawn (:func:`kept_areas`), else None.
_TABLE = None


@contextmanager
def kept_areas(cache):
    """Within this block, outlines come from ``cache`` (a :class:`geo.present.cache.OutputCache`,
    or None) where it kept them, and those used are kept for the next build: the 54 countries
    of a 1,000-article map took 0.3 s of CPU to outline, on every build adding an article."""
    global _TABLE
    if cache is None:
        yield
        return
    table = _TABLE = cache.table("areas", _valid_area)
    try:
        yield
    finally:
        _TABLE = None
        table.save()


def _valid_area(value) -> bool:
    return value is None or (type(value) is dict and value.keys() == {"polygons", "anchors", "bounds"}
                             and all(type(v) is list for v in value.values())
                             and bool(value["anchors"]) and type(value["anchors"][0]) is list)


def _area(alpha2: str) -> dict | None:
    if _TABLE is not None:
        return _TABLE.get(alpha2, lambda: _outline(alpha2))
    return _outline(alpha2)


@lru_cache(maxsize=None)
def _outline(alpha2: str) -> dict | None:
    numeric = _numeric(alpha2) if alpha2 else None
    parts = _by_code().get(numeric) if numeric else None     # (a few outlines have no code)
    if not parts:
        return None
    polys = []
    for g in parts:
        polys += [p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon"]
    total = sum(p.area for p in polys)
    # islands far below the cut made after simplifying cannot make it: dropping them first
    # halves the cost for Canada's 410 parts (0.49 -> 0.2 s)
    polys = [p for p in polys if p.area >= total / 800]
    # one outline's parts are disjoint already; only several outlines need a union
    whole = MultiPolygon(polys) if len(parts) == 1 else unary_union(polys)
    # coarser for big countries: they are looked at from further away
    tol = min(0.25, max(0.01, math.sqrt(total) * 0.004))
    simple = whole.simplify(tol, preserve_topology=True)
    keep = sorted((p for p in getattr(simple, "geoms", [simple])
                   if p.geom_type == "Polygon" and p.area >= max((tol * 5) ** 2, total / 400)),
                  key=lambda p: (-p.area, p.bounds))
    if not keep:
        return None
    main, others = keep[0], [p for p in keep[1:] if p.area >= keep[0].area / 20]
    polygons = [[_ring(p.exterior.coords)] + [_ring(i.coords) for i in p.interiors] for p in keep]
    # framed on the main land and the large islands near it (not Svalbard, Alaska or Hawaii)
    x0, y0, x1, y1 = main.bounds
    near = box(x0 - (x1 - x0) / 4, y0 - (y1 - y0) / 4, x1 + (x1 - x0) / 4, y1 + (y1 - y0) / 4)
    minx, miny, maxx, maxy = unary_union([main] + [o for o in others if near.contains(o.centroid)]).bounds
    return {"polygons": polygons, "anchors": _anchors(main, others),
            "bounds": [[round(miny, 2), round(minx, 2)], [round(maxy, 2), round(maxx, 2)]]}


def country_area(alpha2: str | None) -> dict | None:
    """``polygons`` (Leaflet [lat, lon] rings), ``anchors`` (where its tag may
    go, best first) and ``bounds`` of the country with this ISO alpha-2 code;
    ``None`` when the basemap has no such country. A fresh copy each call."""
    area = _area((alpha2 or "").strip().upper())
    if area is None:
        return None
    return {"polygons": [[list(map(list, ring)) for ring in poly] for poly in area["polygons"]],
            "anchors": [list(a) for a in area["anchors"]], "bounds": [list(b) for b in area["bounds"]]}


def country_anchor(alpha2: str | None) -> tuple[float, float] | None:
    """[lat, lon] of the best place for the tag of the country with this code (the first of
    :func:`country_area`'s ``anchors``), or ``None``. No copy of the polygons is made: the map
    asks this for every finding that names a country, and copying them each time was a
    third of a second per 1,000 articles.

    >>> country_anchor("CU") == tuple(country_area("CU")["anchors"][0]), country_anchor("XX")
    (True, None)
    """
    area = _area((alpha2 or "").strip().upper())
    return None if area is None else tuple(area["anchors"][0])


def area_box(area: dict):
    """The area's bounds as a shapely box (lon/lat), for detail and framing."""
    (s, w), (n, e) = area["bounds"]
    return box(w, s, e, n)
