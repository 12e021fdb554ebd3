"""Check a curated sites CSV (``geo/data/sites.csv``, or an analyst's ``sites.csv``) row by row.

A row that cannot be mapped is one problem with the file and line number, and the
row is left out: a coordinate that is not a finite number in range (``NaN`` would
make the GeoJSON invalid JSON, ``Infinity`` and 95 degrees north put a site nowhere),
an id used before, a required field that is empty or missing. Nothing is skipped
silently. The shipped file passes the same check (``tests/places/gazetteer/test_sites.py``).

Columns beyond the four required ones are optional, so a file written for an older
layout still loads. The shipped knowledge base is held to more: :func:`audit_sites`
checks that every row has a known ``category`` (the facility's kind), a ``status``
of :data:`STATUSES`, an ISO 3166-1 ``country`` and ``operator_country``, an
``operator`` and a public ``source``. An analyst's file is not audited: a free-text
status there costs nothing.

``aliases`` are names that mean the facility wherever they occur ("Camp Lemonnier",
"Hmeimim"); ``anchors`` are names it shares with a town, district, island or country
("Tartus", "Gwadar") and mean the facility only when joined to a word for it ("the
Tartus naval base", "the port of Gwadar"; :mod:`geo.language.facilities`). ``descriptors``
are phrases that, followed by a place in the site's country, mean this site ("a
Chinese navy base in Cambodia"; :mod:`geo.language.mentions`).

Example
-------
>>> rows, problems = check_sites("id,name,lat,lon\\na,Alpha,10,20\\nb,Beta,nan,20\\na,Again,1,2\\n")
>>> [r.place.id for r in rows], [str(p) for p in problems]
(['site:a'], ["sites.csv: line 3: lat 'nan' is not a finite number; row ignored", "sites.csv: line 4: id 'a' is used before (line 2); row ignored"])
"""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

from geo.model import Place
from geo.read.documents import Problem

COLUMNS = ("id", "name", "aliases", "lat", "lon", "country", "category", "descriptors", "status", "source",
           "anchors", "operator", "operator_country", "notes")
REQUIRED = ("id", "name", "lat", "lon")
_RANGE = {"lat": 90.0, "lon": 180.0}

#: What a facility is (the ``category`` column); layers.yaml rules select sites by these.
KINDS = {
    "sigint-station": "signals-intelligence (listening) station",
    "space-station": "satellite or space tracking, telemetry or ground station",
    "radar-station": "early-warning or missile-defence radar",
    "naval-base": "naval base or naval support facility",
    "air-base": "military air base",
    "military-base": "army, joint or garrison base",
    "pla-overseas-base": "a base of China's People's Liberation Army abroad (built or reported)",
    "port": "civil port of record for military or dual use (visits, logistics, a foreign operator)",
    "spaceport": "launch site",
    "nuclear-site": "nuclear weapons, enrichment, test or power site",
    "embassy": "embassy or consulate",
    "diplomatic-venue": "venue of state ceremonies and talks",
    "landmark": "landmark",
}
#: Whether the facility exists: ``reported`` = asserted by a public source, not confirmed
#: or denied by its host; ``planned`` = agreed or announced, not built.
STATUSES = ("active", "closed", "reported", "planned")


@dataclass(frozen=True)
class SiteRow:
    """One usable row: the place plus the names and words the mention finder matches."""

    place: Place
    names: list[str]                 # the name and its aliases
    descriptors: list[str]
    anchors: list[str]
    operator_countries: list[str]    # ISO2 codes of who runs it, host included where it does
    operator: str = ""
    status: str = ""
    line: int = 0


def _split(value: str | None) -> list[str]:
    return [x.strip() for x in (value or "").split(";") if x.strip()]


def _coordinate(row: dict, key: str) -> tuple[float | None, str]:
    raw = (row.get(key) or "").strip()
    try:
        value = float(raw)
    except ValueError:
        return None, f"{key} {raw[:40]!r} is not a number"
    if not math.isfinite(value):
        return None, f"{key} {raw[:40]!r} is not a finite number"
    if abs(value) > _RANGE[key]:
        return None, f"{key} {raw[:40]!r} is outside -{_RANGE[key]:g}..{_RANGE[key]:g}"
    return value, ""


def check_sites(text: str, name: str = "sites.csv", known_ids: dict[str, str] | None = None
                ) -> tuple[list[SiteRow], list[Problem]]:
    """The usable rows of a sites CSV and one :class:`Problem` per row left out.

    ``known_ids`` maps ids already taken (by another file) to where: a row reusing
    one is a duplicate.
    """
    rows: list[SiteRow] = []
    problems: list[Problem] = []
    seen: dict[str, str] = dict(known_ids or {})
    # csv.reader, not DictReader: DictReader skips blank lines unseen, and the line
    # numbers in the messages must be the ones an editor shows.
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        return [], [Problem(name, f"line 1: ignored, not a CSV file: {exc}")]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [Problem(name, f"line 1: ignored, the header lacks column(s) {', '.join(missing)} "
                                  f"(expected {','.join(COLUMNS)})")]
    line = reader.line_num + 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(name, f"line {line}: rest of the file ignored, not valid CSV: {exc}"))
            break
        here, line = line, reader.line_num + 1
        if not any(v.strip() for v in fields):
            continue        # a blank line carries no site
        r = dict(zip(header, fields))
        extra = len(fields) - len(header)
        reasons = [f"{key} is empty" for key in REQUIRED if not (r.get(key) or "").strip()]
        if extra > 0:
            reasons.append(f"{extra} more field(s) than the header has columns")
        lat, why_lat = _coordinate(r, "lat") if not reasons else (None, "")
        lon, why_lon = _coordinate(r, "lon") if not reasons else (None, "")
        reasons += [w for w in (why_lat, why_lon) if w]
        sid = (r.get("id") or "").strip()
        if not reasons and sid in seen:
            reasons.append(f"id {sid[:60]!r} is used before ({seen[sid]})")
        if reasons:
            problems.append(Problem(name, f"line {here}: {'; '.join(reasons)}; row ignored"))
            continue
        seen[sid] = f"line {here}"
        place = Place(id=f"site:{sid}", name=r["name"].strip(), lat=lat, lon=lon, kind="site",
                      country=(r.get("country") or "").strip().upper(),
                      category=(r.get("category") or "").strip(), source=(r.get("source") or "").strip())
        rows.append(SiteRow(place, [place.name] + _split(r.get("aliases")), _split(r.get("descriptors")),
                            _split(r.get("anchors")), [c.upper() for c in _split(r.get("operator_country"))],
                            (r.get("operator") or "").strip(), (r.get("status") or "").strip(), here))
    return rows, problems


def audit_sites(rows: list[SiteRow], name: str = "sites.csv") -> list[Problem]:
    """What keeps a usable row out of the shipped knowledge base, one problem per row.

    >>> rows, _ = check_sites("id,name,lat,lon,country,category,status,source,operator,operator_country\\n"
    ...                       "a,Alpha,1,2,XX,base,open,,,US\\n")
    >>> print(audit_sites(rows)[0])
    sites.csv: line 2: country 'XX' is not an ISO 3166-1 code; category 'base' is not a known kind; status 'open' is not one of active, closed, reported, planned; operator is empty; source is empty
    """
    import pycountry

    def iso(code: str) -> bool:
        # XK: Kosovo, user-assigned in ISO 3166 and used by GeoNames (so by the gazetteer).
        return code == "XK" or (len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None)

    problems = []
    for row in rows:
        p, why = row.place, []
        if not iso(p.country):
            why.append(f"country {p.country!r} is not an ISO 3166-1 code")
        why += [f"operator_country {c!r} is not an ISO 3166-1 code" for c in row.operator_countries if not iso(c)]
        if p.category not in KINDS:
            why.append(f"category {p.category!r} is not a known kind")
        if row.status not in STATUSES:
            why.append(f"status {row.status!r} is not one of {', '.join(STATUSES)}")
        if not row.operator:
            why.append("operator is empty")
        if not row.operator_countries and row.operator:
            why.append("operator_country is empty")
        if not p.source:
            why.append("source is empty")
        if why:
            problems.append(Problem(name, f"line {row.line}: {'; '.join(why)}"))
    return problems
