"""Distances on a sphere, and the most central of a set of places.

A sphere is plenty for what these serve: thresholds of tens to thousands of kilometres (the
161 km of the benchmarks, an article's neighbourhood, a frame around a route). Geodesics on the
ellipsoid, where a stated distance is checked, are :mod:`geo.findings.distances`'.

>>> round(haversine_km(23.13, -82.38, 39.91, 116.40))
12740
>>> from geo.model import Place
>>> a, b, c = (Place(n, n, 0.0, lon, "city") for n, lon in (("a", 0.0), ("b", 0.1), ("c", 3.0)))
>>> centre, median = medoid([a, b, c], [a, b, c])
>>> centre.id, round(median)
('b', 11)
"""
from __future__ import annotations

import math
from typing import Sequence

from geo.model import Place

EARTH_DIAMETER_KM = 12742.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return EARTH_DIAMETER_KM * math.asin(min(1.0, math.sqrt(h)))


def place_km(a: Place, b: Place) -> float:
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def medoid(choices: Sequence[Place], places: Sequence[Place],
           weights: Sequence[float] | None = None) -> tuple[Place, float]:
    """The choice with the least (weighted) sum of distances to ``places`` (the lower id on a tie),
    and the median distance from it to them: how tightly the places sit around it."""
    ws = weights if weights is not None else [1.0] * len(places)

    def cost(c: Place) -> float:
        return sum(w * place_km(c, o) for o, w in zip(places, ws))

    centre = min(choices, key=lambda c: (cost(c), c.id))
    dists = sorted(place_km(centre, o) for o in places)
    return centre, dists[len(dists) // 2]
