"""Build ``geo/data/coasts_50m.json.gz`` for measuring stated distances.

``geo/findings/distances.py`` measures "roughly 100 miles from the U.S. coast" as the
geodesic distance from a site to the nearest vertex of a country's outline.
The 1:110m outlines drawn on the map are too coarse for that (they have no
Florida Keys: Havana would be 140 miles from "the U.S." instead of 104), so
this keeps every country's 1:50m boundary vertices (not drawn, Python only)::

    python scripts/make_coasts.py /tmp/wa/package/countries-50m.json

Source: world-atlas 2.0.2 (npm, ISC), Natural Earth 1:50m admin-0 countries
(public domain, Natural Earth default point of view). Coordinates rounded to
3 decimals (about 100 m). Output is gzip with mtime 0 (deterministic).
"""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import geopandas as gpd
import shapely

OUT = Path(__file__).resolve().parents[1] / "geo" / "data" / "coasts_50m.json.gz"


def main(src: str) -> None:
    g = gpd.read_file(src, layer="countries")
    out = {}
    for name, geom in sorted(zip(g["name"], g.geometry), key=lambda r: str(r[0])):
        if geom is None or not name:
            continue
        pts = shapely.get_coordinates(geom.boundary)
        seen, flat = set(), []
        for lon, lat in pts:
            key = (round(float(lon), 3), round(float(lat), 3))
            if key not in seen:
                seen.add(key)
                flat.extend(key)
        out[str(name)] = flat
    data = {"attribution": "Natural Earth 1:50m (public domain), via world-atlas 2.0.2",
            "countries": out}
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    with open(OUT, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
        gz.write(raw)
    print(OUT, OUT.stat().st_size, len(out))


if __name__ == "__main__":
    main(sys.argv[1])
