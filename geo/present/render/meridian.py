"""Where the map's world is cut: at the antimeridian, or in the widest empty stretch of longitude.

A web map is cut at 180°: a briefing about the Solomons, Kiribati, Hawaii and China drew Kiribati
at the far left and the Solomons at the far right, and framed the whole world to show both. When
the widest gap between the longitudes the map draws is not the one across 180°, the map is cut
there instead (the *seam*) and every coordinate west of the seam is drawn one turn east
(``lon + 360``), which Leaflet draws as it would any other longitude. The base map is then drawn
twice, once a turn east, so land shows on both sides of 180°.

The payload's coordinates are those of ``payload.schema.json``'s ``latlon`` pairs and its places'
``lat``/``lon``; :data:`PATHS` lists them, and a test walks the schema so that a new field cannot
be left unshifted.

>>> seam([-82.4, 37.6, 54.4, 103.6, 116.4])          # the Cuba seeds: cut at 180 as usual
>>> seam([160.0, 168.3, -171.7, 147.2, 105.0, -77.0])   # the Pacific: cut over Europe and Africa
14.0
>>> shift_lon(-171.7, 14.0), shift_lon(160.0, 14.0)
(188.3, 160.0)
"""
from __future__ import annotations

from typing import Iterable

#: How much narrower (degrees of longitude) the cut world must make the map's span before the
#: map leaves the usual cut at 180°: a near tie keeps the map every reader knows.
MIN_GAIN_DEG = 30.0

#: Where the payload holds coordinates: (path, shape). ``point``: one [lat, lon]; ``points``: a
#: list of separate points; ``path``: a line or ring (kept continuous); ``paths``: a list of them;
#: ``polygons``: a list of polygons, each a list of rings; ``bounds``: [south-west, north-east];
#: ``latlon``: an object's own ``lat`` and ``lon``. A path segment ``[]`` is a list's items.
PATHS: tuple[tuple[str, str], ...] = (
    ("places[]", "latlon"),
    ("places[].at", "point"),
    ("places[].area.polygons", "polygons"),
    ("places[].area.anchors", "points"),
    ("places[].area.bounds", "bounds"),
    ("named[]", "latlon"),
    ("named[].at", "point"),
    ("routes[].from", "point"),
    ("routes[].to", "point"),
    ("routes[].segments", "paths"),
    ("story.steps[].bounds", "bounds"),
    ("distances[].ring", "path"),
    ("distances[].line", "path"),
)


def seam(lons: Iterable[float]) -> float | None:
    """The longitude to cut the map at, or ``None`` for the usual cut at 180°.

    The cut goes in the middle of the widest gap between the longitudes drawn, when that gap is
    not the one across 180° and cutting there narrows the map by at least :data:`MIN_GAIN_DEG`.
    """
    xs = sorted({round(((x + 180.0) % 360.0) - 180.0, 4) for x in lons})
    if len(xs) < 2:
        return None
    across = xs[0] + 360.0 - xs[-1]
    width, at = max((b - a, i) for i, (a, b) in enumerate(zip(xs, xs[1:])))
    if width < across + MIN_GAIN_DEG:
        return None
    return round((xs[at] + xs[at + 1]) / 2.0, 4)


def shift_lon(lon: float, cut: float) -> float:
    """``lon`` on the map cut at ``cut``: one turn east when west of the cut."""
    return round(lon + 360.0, 5) if lon < cut else lon


def _path(seq: list, cut: float) -> list:
    """A line or ring, its first point shifted and each next kept within 180° of the one before."""
    out, prev = [], None
    for q in seq:
        lon = shift_lon(q[1], cut) if prev is None else q[1]
        if prev is not None:
            while lon - prev > 180.0:
                lon -= 360.0
            while prev - lon > 180.0:
                lon += 360.0
        out.append([q[0], round(lon, 5)])
        prev = lon
    return out


def _joined(paths: list) -> list:
    """Lines that were cut at 180° and now meet end to start, as one (no notch where they met)."""
    out: list = []
    for p in paths:
        if out and out[-1] and p and abs(out[-1][-1][0] - p[0][0]) < 1e-6 and abs(out[-1][-1][1] - p[0][1]) < 1e-6:
            out[-1] = out[-1] + p[1:]
        else:
            out.append(p)
    return out


def _bounds(b: list, cut: float) -> list:
    (s, w), (n, e) = b
    w, e = shift_lon(w, cut), shift_lon(e, cut)
    if e < w:
        e += 360.0
    return [[s, w], [n, e]]


def _apply(value, shape: str, cut: float):
    if shape == "point":
        return [value[0], shift_lon(value[1], cut)]
    if shape == "points":
        return [[q[0], shift_lon(q[1], cut)] for q in value]
    if shape == "path":
        return _path(value, cut)
    if shape == "paths":
        return _joined([_path(p, cut) for p in value])
    if shape == "polygons":
        return [[_path(ring, cut) for ring in poly] for poly in value]
    if shape == "bounds":
        return _bounds(value, cut)
    raise ValueError(f"unknown shape {shape!r}")


def _visit(node, parts: list[str], shape: str, cut: float) -> None:
    """Shift, in place, what ``parts`` (a path split at dots) leads to under ``node``."""
    head, rest = parts[0], parts[1:]
    items = head.endswith("[]")
    key = head[:-2] if items else head
    if not isinstance(node, dict) or key not in node:
        return
    targets = node[key] if items else [node[key]]
    if items and not rest:
        for rec in targets:
            if shape == "latlon" and isinstance(rec, dict) and "lon" in rec:
                rec["lon"] = shift_lon(rec["lon"], cut)
        return
    if rest:
        for t in targets:
            _visit(t, rest, shape, cut)
        return
    node[key] = _apply(node[key], shape, cut)


def shift_payload(data: dict, cut: float) -> None:
    """Draw the payload ``data`` (``payload.schema.json``) on the map cut at ``cut``, in place."""
    for path, shape in PATHS:
        _visit(data, path.split("."), shape, cut)
