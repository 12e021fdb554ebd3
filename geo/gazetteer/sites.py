"""Check a curated sites CSV (``geo/data/sites.csv``, or an analyst's ``sites.csv``) row by row.

A row that cannot be mapped is one problem with the file and line number, and the
row is left out: a coordinate that is not a finite number in range (``NaN`` would
make the GeoJSON invalid JSON, ``Infinity`` and 95 degrees north put a site nowhere),
an id used before, a required field that is empty or missing. Nothing is skipped
silently. The shipped file passes the same check (``tests/gazetteer/test_sites.py``).

Example
-------
>>> rows, problems = check_sites("id,name,lat,lon\\na,Alpha,10,20\\nb,Beta,nan,20\\na,Again,1,2\\n")
>>> [r[0].id for r in rows], [str(p) for p in problems]
(['site:a'], ["sites.csv: line 3: lat 'nan' is not a finite number; row ignored", "sites.csv: line 4: id 'a' is used before (line 2); row ignored"])
"""
from __future__ import annotations

import csv
import io
import math

from ..documents import Problem
from ..model import Place

COLUMNS = ("id", "name", "aliases", "lat", "lon", "country", "category", "descriptors", "status", "source")
REQUIRED = ("id", "name", "lat", "lon")
_RANGE = {"lat": 90.0, "lon": 180.0}

Row = tuple[Place, list[str], list[str]]


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
                ) -> tuple[list[Row], list[Problem]]:
    """The usable rows of a sites CSV and one :class:`Problem` per row left out.

    ``known_ids`` maps ids already taken (by another file) to where: a row reusing
    one is a duplicate.
    """
    rows: list[Row] = []
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
        names = [place.name] + [a.strip() for a in (r.get("aliases") or "").split(";") if a.strip()]
        descs = [d.strip() for d in (r.get("descriptors") or "").split(";") if d.strip()]
        rows.append((place, names, descs))
    return rows, problems
