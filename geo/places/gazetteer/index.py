"""Open (building on first use) the offline gazetteer and answer name look-ups.

The index is a SQLite file in the user cache directory, keyed by the versions of
its inputs so it is rebuilt whenever a package or the curated regions change.
Curated sites are *not* in the cache: analysts edit ``geo/data/sites.csv``, so
it is read at every open (it is small).

Example::

    >>> gaz = Gazetteer.open()                        # doctest: +SKIP
    >>> [p.kind for p in gaz.candidates("Cuba")][:1]  # doctest: +SKIP
    ['country']
"""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from geo.datafiles import DATA, cache_home
from geo.model import Place
from geo.places.gazetteer.build import (
    ABBREV,
    ALTERNATE,
    DEMONYM,
    DERIVED,
    PRIMARY,
    VARIANT,
    build_index,
    input_versions,
)
from geo.places.gazetteer.normalize import is_abbreviation, looks_uppercase, norm
from geo.places.gazetteer.rank import prior
from geo.places.gazetteer.sites import SiteRow

DEFAULT_SITES = DATA / "sites.csv"


def default_cache_dir() -> Path:
    """``$BRIEFMAP_CACHE``, else ``$XDG_CACHE_HOME/briefmap``, else ``~/.cache/briefmap``
    (:func:`geo.datafiles.cache_home`)."""
    return cache_home()


def default_index_path() -> Path:
    """Cache file name for the current input versions."""
    key = hashlib.sha256(json.dumps(input_versions(), sort_keys=True).encode()).hexdigest()[:12]
    return default_cache_dir() / f"gazetteer-{key}.sqlite"


@dataclass(frozen=True)
class Candidate:
    """A place a name can refer to, plus what the resolver needs to rank it.

    ``match`` says how the name matched: "name" (the place's own name), "alt"
    (an alternate name), "abbr" (an abbreviation written in capitals) or
    "demonym" ("Cuban" -> Cuba).
    """

    place: Place
    match: str
    admin1: str = ""      # GeoNames admin1 code "US.GA" of the place (its own code for adm1)
    admin2: str = ""      # GeoNames admin2 code "US.GA.139"
    capital: bool = False


_MATCH = {PRIMARY: "name", ALTERNATE: "alt", ABBREV: "abbr", DEMONYM: "demonym", DERIVED: "demonym",
          VARIANT: "variant"}
# When a place matches a name in several ways, the best one counts: its own name, then a
# variant of it, then an abbreviation or demonym, then an alternate name.
_INITIALS = re.compile(r"\s*(?:[A-Z]\.){2,}\s*")
_FLAG_RANK = "CASE n.flags WHEN 0 THEN 0 WHEN 5 THEN 1 WHEN 1 THEN 9 ELSE n.flags END"
_RANK_FLAG = {0: PRIMARY, 1: VARIANT, 9: ALTERNATE, 2: ABBREV, 3: DEMONYM, 4: DERIVED}


def _ensure_index(path: Path) -> Path:
    """Build the index at ``path`` unless it exists; one builder at a time (file lock)."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.with_suffix(".lock")
    with open(lock, "w") as fh:
        try:
            import fcntl

            fcntl.flock(fh, fcntl.LOCK_EX)      # another process may be building it right now
        except ImportError:                     # pragma: no cover - non-POSIX
            pass
        if not path.exists():
            build_index(path)
    return path


def read_sites(path: str | Path | None = None, *, text: str | None = None) -> list["SiteRow"]:
    """Read a curated sites CSV (a file, or its ``text``): one :class:`~geo.places.gazetteer.sites.SiteRow` per usable row.

    Rows :func:`geo.places.gazetteer.sites.check_sites` refuses are left out here; the build
    reports them (file and line) from the same check.
    """
    from geo.places.gazetteer.sites import check_sites

    if text is None:
        return check_sites(Path(path).read_text(encoding="utf-8"), Path(path).name)[0]
    return check_sites(text, "sites.csv")[0]


class Gazetteer:
    """Offline gazetteer: GeoNames-derived places, curated regions and curated sites."""

    def __init__(self, con: sqlite3.Connection, sites: list["SiteRow"]):
        self._con = con
        self._lock = threading.Lock()
        self._cache: dict[str, list[Candidate]] = {}
        self._by_name: dict[str, list[Candidate]] = {}     # lookup's cache by the name as written
        self._admin1: dict[str, str] | None = None
        self._countries: dict[str, str] | None = None
        self._sites: dict[str, Place] = {}
        self._site_desc: dict[str, list[str]] = {}
        self._site_names: dict[str, list[Place]] = {}
        self._site_abbreviations: dict[str, list[Place]] = {}
        self._site_rows: dict[str, SiteRow] = {}
        self._site_anchors: dict[str, list[Place]] = {}
        for row in sites:
            place = row.place
            if place.id in self._sites:
                continue
            self._sites[place.id] = place
            self._site_desc[place.id] = row.descriptors
            self._site_rows[place.id] = row
            for x in row.names:
                n = norm(x)
                # "PCT" is the Piraeus Container Terminal only as written, in capitals: "Harris
                # County Pct. 4" is a precinct (as the index keeps GeoNames' abbreviations).
                names = self._site_abbreviations if is_abbreviation(x) else self._site_names
                if n and place not in names.get(n, ()):
                    names.setdefault(n, []).append(place)
            for n in dict.fromkeys(norm(x) for x in row.anchors):
                if n:
                    self._site_anchors.setdefault(n, []).append(place)

    # ---- construction --------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None, sites: str | Path | None = None,
             sites_text: str = "") -> "Gazetteer":
        """Open the index (building it first if needed) plus the curated sites.

        ``path``: an index file (built there if missing); default: the user cache.
        ``sites``: an extra sites CSV read in addition to ``geo/data/sites.csv``.
        ``sites_text``: the content of an extra sites CSV. Workers get the analyst's
        file this way, so nothing is ever staged in a shared folder such as /tmp.
        """
        p = _ensure_index(Path(path) if path else default_index_path())
        con = sqlite3.connect(f"file:{p}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        rows = []
        for sp in (DEFAULT_SITES, sites):
            if sp and Path(sp).exists():
                rows.extend(read_sites(sp))
        if sites_text:
            rows.extend(read_sites(text=sites_text))
        return cls(con, rows)

    # ---- look-ups ---------------------------------------------------------------
    def lookup(self, name: str, limit: int = 200) -> list[Candidate]:
        """Candidates with match details: curated sites first, then by context-free rank."""
        # By the name as written first: the key below is a function of it, and normalising
        # each of the names a build looks up (60,000 for 200 articles, most of them asked
        # before) cost more than the look-ups. Bounded as the normalised cache is.
        hit = self._by_name.get(name)
        if hit is not None:
            return hit[:limit]
        n = norm(name)
        if not n:
            return []
        upper = looks_uppercase(name)
        # "D.A.", "U.K.", "N.Y.": initials, written with their dots, are an abbreviation or nothing
        # (not the towns Da, Uk and Ney, whose names the dots would otherwise reduce them to).
        initials = upper and _INITIALS.fullmatch(name) is not None
        key = f"{int(upper) + int(initials)}{n}"
        hit = self._cache.get(key)
        if hit is None:
            hit = self._query(n, upper, initials)
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[key] = hit
        if len(self._by_name) > 100_000:
            self._by_name.clear()
        self._by_name[name] = hit
        return hit[:limit]

    def _query(self, n: str, upper: bool, initials: bool = False) -> list[Candidate]:
        with self._lock:
            rows = self._con.execute(
                "SELECT p.id, p.name, p.lat, p.lon, p.kind, p.country, p.population, p.geonameid, p.source,"
                " p.admin1, p.admin2, p.capital, MIN(" + _FLAG_RANK + ") FROM names n JOIN places p ON p.rowid = n.place"
                " WHERE n.norm = ? AND (n.flags != ? OR ?) AND (n.flags = ? OR NOT ?) GROUP BY p.rowid",
                (n, ABBREV, int(upper), ABBREV, int(initials))).fetchall()
        sites = self._site_names.get(n, []) + (self._site_abbreviations.get(n, []) if upper else [])
        out = [Candidate(place=p, match="name") for i, p in enumerate(sites) if p not in sites[:i]]
        cands = []
        for pid, pname, lat, lon, kind, country, pop, gid, src, a1, a2, cap, flags in rows:
            cands.append(Candidate(
                place=Place(id=pid, name=pname, lat=lat, lon=lon, kind=kind, country=country,
                            population=pop, geonameid=gid, source=src),
                match=_MATCH[_RANK_FLAG[flags]], admin1=a1, admin2=a2, capital=bool(cap)))
        cands.sort(key=lambda c: (-prior(c), c.place.id))   # context-free ranking, best first
        return out + cands

    def candidates(self, name: str, limit: int = 50) -> list[Place]:
        """All places ``name`` can refer to (sites, regions, countries via demonyms, ...).

        Curated sites come first, then the rest by context-free rank (type, population).
        """
        return [c.place for c in self.lookup(name, limit)]

    def is_place_name(self, name: str) -> bool:
        """Fast check used by the gazetteer-based mention matcher."""
        return bool(self.lookup(name, 1))

    def get(self, place_id: str) -> Place | None:
        """The place with this id ("geonames:3553478", "region:caribbean", "site:...")."""
        if place_id in self._sites:
            return self._sites[place_id]
        c = self._get_candidate(place_id)
        return c.place if c else None

    def _get_candidate(self, place_id: str) -> Candidate | None:
        with self._lock:
            r = self._con.execute(
                "SELECT id, name, lat, lon, kind, country, population, geonameid, source, admin1, admin2, capital"
                " FROM places WHERE id = ?", (place_id,)).fetchone()
        if r is None:
            return None
        return Candidate(place=Place(id=r[0], name=r[1], lat=r[2], lon=r[3], kind=r[4], country=r[5],
                                     population=r[6], geonameid=r[7], source=r[8]),
                         match="name", admin1=r[9], admin2=r[10], capital=bool(r[11]))

    def country(self, iso2: str) -> Place | None:
        """The country with this ISO 3166-1 alpha-2 code."""
        if self._countries is None:   # ~250 rows: one scan, then a dict
            with self._lock:
                rows = self._con.execute("SELECT country, id FROM places WHERE kind = 'country' ORDER BY id").fetchall()
            self._countries = {}
            for cc, pid in rows:
                self._countries.setdefault(cc, pid)
        pid = self._countries.get(iso2.upper())
        return self.get(pid) if pid else None

    def admin1(self, code: str) -> Place | None:
        """The first-level division with this GeoNames admin1 code ("US.GA")."""
        if self._admin1 is None:      # ~4k rows: one scan, then a dict
            with self._lock:
                rows = self._con.execute("SELECT admin1, id FROM places WHERE kind = 'adm1' ORDER BY id").fetchall()
            self._admin1 = {}
            for a1, pid in rows:
                self._admin1.setdefault(a1, pid)
        pid = self._admin1.get(code)
        return self.get(pid) if pid else None

    def sites(self) -> list[Place]:
        """Curated sites, in file order."""
        return list(self._sites.values())

    def site_descriptors(self, place_id: str) -> list[str]:
        """Descriptors of a curated site ("signals intelligence station", ...)."""
        return list(self._site_desc.get(place_id, []))

    def site_row(self, place_id: str) -> SiteRow | None:
        """The curated row of a site (anchors, operator, status), None for other places."""
        return self._site_rows.get(place_id)

    def sites_anchored_at(self, name: str) -> list[Place]:
        """Sites that take their name from ``name`` (a town, island or port they share it with)."""
        return list(self._site_anchors.get(norm(name), []))

    def stats(self) -> dict[str, int]:
        """Number of places per kind (for status lines and tests)."""
        with self._lock:
            rows = self._con.execute("SELECT kind, COUNT(*) FROM places GROUP BY kind").fetchall()
        out = dict(rows)
        out["site"] = len(self._sites)
        return out
