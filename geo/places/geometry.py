"""Geometry shared by the exports and the map: great-circle routes cut at the antimeridian.

A route from Havana to Beijing goes over Alaska. Drawn as a straight two-point line, GIS
tools draw it across Africa; drawn as one densified line it crosses the 180° meridian and
tools that do not wrap draw a stripe across the world. RFC 7946 §3.1.9 asks for such a
line to be cut there into a MultiLineString; each piece ends on the meridian at the
latitude the great circle crosses it.

Example
-------
>>> segs = great_circle_lines((0.0, 0.0), (10.0, 0.0), 4)
>>> len(segs), segs[0][0], segs[0][-1]
(1, [0.0, 0.0], [10.0, 0.0])
>>> segs = great_circle_lines((-82.38, 23.13), (116.40, 39.91))
>>> len(segs), segs[0][-1][0], segs[1][0][0]
(2, -180.0, 180.0)
>>> route_geometry((-82.38, 23.13), (116.40, 39.91))["type"]
'MultiLineString'
"""
from __future__ import annotations

from pyproj import Geod

#: Points per route: enough for a smooth arc at world zoom (a bend every ~300 km on the
#: longest routes), few enough to keep a thousand routes under a megabyte.
ARC_POINTS = 64

GEOD = Geod(ellps="WGS84")


def great_circle_lines(a: tuple[float, float], b: tuple[float, float], n: int = ARC_POINTS,
                       digits: int = 5) -> list[list[list[float]]]:
    """The great circle from ``a`` to ``b`` (lon, lat) as one or two lists of [lon, lat]."""
    mid = GEOD.npts(a[0], a[1], b[0], b[1], n - 1) if a != b else []
    pts = [a] + [(float(x), float(y)) for x, y in mid] + [b]
    segs, cur = [], [pts[0]]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if abs(x1 - x0) > 180:
            # crossing: interpolate the latitude at the antimeridian
            edge = 180.0 if x0 > 0 else -180.0
            x1u = x1 + 360 if x0 > 0 else x1 - 360
            t = (edge - x0) / (x1u - x0) if x1u != x0 else 0.5
            yc = y0 + t * (y1 - y0)
            cur.append((edge, yc))
            segs.append(cur)
            cur = [(-edge, yc)]
        cur.append((x1, y1))
    segs.append(cur)
    return [[[round(x, digits), round(y, digits)] for x, y in seg] for seg in segs]


def route_geometry(a: tuple[float, float], b: tuple[float, float]) -> dict:
    """A GeoJSON geometry for the route: a LineString, or a MultiLineString cut at 180°."""
    segs = great_circle_lines(a, b)
    if len(segs) == 1:
        return {"type": "LineString", "coordinates": segs[0]}
    return {"type": "MultiLineString", "coordinates": segs}
