"""Build ``geo/data/countries_110m.geojson`` (and the 1:10m detail file) from
the world-atlas TopoJSON.

The renderer draws these outlines as its offline base layer, so the map is
never blank without network. Run once when the source data changes
(``npm pack world-atlas@2.0.2`` and unpack it)::

    python scripts/make_basemap.py /tmp/wa/package/countries-110m.json
    python scripts/make_basemap.py /tmp/wa/package/countries-10m.json --digits 3 \
        --simplify 0.002 -o geo/data/countries_10m.wkb.gz

The 1:10m file is not drawn whole: the renderer cuts from it only the
neighbourhoods of the findings' places (geo/present/render/basemap.py).

Source: world-atlas 2.0.2 (npm, ISC), which packages Natural Earth 1:110m
admin-0 countries (public domain, Natural Earth "default" point of view:
e.g. Taiwan and Kosovo are separate polygons, W. Sahara is its own polygon).

Why the work below:
- TopoJSON stores shared, delta-encoded, quantized arcs; we decode them here
  (a few lines) instead of adding a topojson dependency.
- Russia, Fiji and Antarctica cross the antimeridian. Leaflet joins a ring's
  consecutive vertices with straight lines, so a ring jumping from +179 to -179
  draws a stripe across the whole map. We unwrap each ring to a continuous
  longitude range, then cut it into the [-180, 180] window and the shifted
  windows, so every output polygon lies within [-180, 180].
- Coordinates are rounded to 2 decimals (about 1 km, far below the 1:110m
  generalisation) to keep the embedded file small.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from shapely.affinity import translate
from shapely.geometry import MultiPolygon, Polygon, box, mapping
from shapely.validation import make_valid

ATTRIBUTION = "Natural Earth (public domain), via world-atlas 2.0.2"
DIGITS = 2


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Delta-decode and de-quantize every arc of a TopoJSON topology.

    >>> decode_arcs({"transform": {"scale": [1, 1], "translate": [0, 0]},
    ...              "arcs": [[[1, 2], [1, 1]]]})
    [[(1, 2), (2, 3)]]
    """
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def ring(arcs: list, refs: list[int]) -> list[tuple[float, float]]:
    """Join arc references into one ring (negative ref = reversed arc ~ref)."""
    pts: list[tuple[float, float]] = []
    for ref in refs:
        seg = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        # consecutive arcs share their end/start point
        pts.extend(seg if not pts else seg[1:])
    return pts


def unwrap(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Make longitudes continuous: add/subtract 360 where a step exceeds 180.

    >>> unwrap([(179.0, 0.0), (-179.0, 1.0)])
    [(179.0, 0.0), (181.0, 1.0)]
    """
    out = [pts[0]]
    shift = 0.0
    for (x0, _), (x1, y1) in zip(pts, pts[1:]):
        step = x1 - x0
        if step > 180:
            shift -= 360
        elif step < -180:
            shift += 360
        out.append((x1 + shift, y1))
    return out


def split_polygon(rings: list[list[tuple[float, float]]]) -> list[Polygon]:
    """Cut one (unwrapped) polygon into pieces that lie within [-180, 180]."""
    if len(rings[0]) < 4:
        return []          # a sliver of a few points at 1:10m: nothing to draw
    shell = unwrap(rings[0])
    holes = [unwrap(r) for r in rings[1:] if len(r) >= 4]
    poly = Polygon(shell, holes)
    if not poly.is_valid:
        poly = make_valid(poly)
    pieces = []
    for k in (-2, -1, 0, 1, 2):
        window = box(-180 + 360 * k, -90, 180 + 360 * k, 90)
        part = poly.intersection(window)
        if part.is_empty:
            continue
        part = translate(part, xoff=-360 * k)
        for g in getattr(part, "geoms", [part]):
            if isinstance(g, Polygon) and g.area > 0:
                pieces.append(g)
    return pieces


def close_polar_ring(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Antarctica's outer ring runs -180 -> 180 around the pole without
    closing over it; route it down to -90 at both ends so it encloses the
    continent instead of the rest of the world."""
    xs = [p[0] for p in unwrap(pts)]
    if max(xs) - min(xs) < 359:
        return pts
    u = unwrap(pts)
    return u + [(u[-1][0], -90.0), (u[0][0], -90.0), u[0]]


def rnd(geom, digits: int = DIGITS):
    """Round coordinates to ``digits`` decimals (GeoJSON mapping)."""
    def r(c):
        if isinstance(c[0], (int, float)):
            return [round(c[0], digits), round(c[1], digits)]
        return [r(x) for x in c]
    m = mapping(geom)
    return {"type": m["type"], "coordinates": r(m["coordinates"])}


def build(topo: dict, digits: int = DIGITS, tolerance: float = 0.0) -> dict:
    arcs = decode_arcs(topo)
    features = []
    geoms = topo["objects"]["countries"]["geometries"]
    for g in sorted(geoms, key=lambda g: (g["properties"]["name"], g.get("id") or "")):
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
        elif g["type"] == "MultiPolygon":
            polys = g["arcs"]
        else:
            continue
        pieces = []
        for p in polys:
            rings = [ring(arcs, r) for r in p]
            rings[0] = close_polar_ring(rings[0])
            pieces.extend(split_polygon(rings))
        if not pieces:
            continue
        geom = MultiPolygon(pieces) if len(pieces) > 1 else pieces[0]
        geom = geom.simplify(tolerance, preserve_topology=True)
        features.append({
            "type": "Feature",
            "properties": {"name": g["properties"]["name"], "id": g.get("id") or ""},
            "geometry": rnd(geom, digits),
        })
    return {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION,
        "features": features,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("topojson", nargs="?", default="/tmp/wa/package/countries-110m.json")
    ap.add_argument("-o", "--out", default=str(Path(__file__).resolve().parents[1]
                                                / "geo" / "data" / "countries_110m.geojson"))
    ap.add_argument("--digits", type=int, default=DIGITS, help="decimals kept (2: about 1 km, 3: about 100 m)")
    ap.add_argument("--simplify", type=float, default=0.0, help="Douglas-Peucker tolerance in degrees")
    a = ap.parse_args(argv)
    fc = build(json.loads(Path(a.topojson).read_text()), a.digits, a.simplify)
    if "10m" in Path(a.topojson).name:
        fc["attribution"] = ATTRIBUTION + ", 1:10m"
    text = json.dumps(fc, separators=(",", ":"), ensure_ascii=True, sort_keys=True)
    if a.out.endswith(".wkb.gz"):
        from geo.present.render import shapepack
        shapepack.write(a.out, fc)         # the detail file the map reads: parsed 20x faster than JSON
    elif a.out.endswith(".gz"):
        import gzip
        # mtime=0: the same data gives the same bytes
        Path(a.out).write_bytes(gzip.compress((text + "\n").encode("ascii"), mtime=0))
    else:
        Path(a.out).write_text(text + "\n")
    for f in fc["features"]:
        xs = [c[0] for c in _flat(f["geometry"]["coordinates"])]
        assert -180 <= min(xs) and max(xs) <= 180, f["properties"]["name"]
    print(f"{a.out}: {len(fc['features'])} countries, {len(text)} bytes", file=sys.stderr)
    return 0


def _flat(c):
    if isinstance(c[0], (int, float)):
        yield c
    else:
        for x in c:
            yield from _flat(x)


if __name__ == "__main__":
    sys.exit(main())
