"""Pack a GeoJSON FeatureCollection (plain or .gz) into the shapes format the
map reads (``geo/present/render/shapepack.py``)::

    python scripts/pack_shapes.py geo/data/countries_10m.geojson.gz geo/data/countries_10m.wkb.gz

``make_basemap.py`` and ``make_admin1.py`` write this format themselves when
their output ends in ``.wkb.gz``; this script converts a file already built.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

from geo.present.render import shapepack


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("geojson")
    ap.add_argument("out")
    a = ap.parse_args(argv)
    raw = Path(a.geojson).read_bytes()
    fc = json.loads(gzip.decompress(raw) if a.geojson.endswith(".gz") else raw)
    shapepack.write(a.out, fc)
    print(f"{a.out}: {len(fc['features'])} shapes, {Path(a.out).stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
