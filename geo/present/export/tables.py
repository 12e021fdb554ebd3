"""Spreadsheet rows: findings and the claims behind them, and the unresolved mentions.

The CSV files and the workbook (:mod:`geo.present.export.xlsx`) share these rows, so they
always agree. Article text and file names are untrusted: every text cell goes
through :func:`csv_cell` before it reaches a spreadsheet.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from geo.atomic import write_text

UNRESOLVED_FIELDS = ["doc", "section", "start", "end", "mention", "label", "detector", "reason"]
FINDING_FIELDS = ("finding", "layer", "type", "place", "lat", "lon", "geo_precision", "country", "relation", "status",
                  "event_date", "actors", "sources", "claim", "source", "published", "attribution", "url", "doc")
CLAIM_FIELDS = ("finding", "stance", "status", "claim", "source", "source_profile", "published", "attribution",
                "url", "doc", "section", "start", "end", "event_date")

# Excel, LibreOffice and Google Sheets run a cell that starts with one of these as a
# formula (=HYPERLINK(...), +cmd|..., a tab or CR before either). Article text and file
# names are untrusted, so text cells get OWASP's prefix: a single quote shows the
# text and keeps it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value) -> bool:
    """Whether a spreadsheet would read this text as a formula (or a DDE command).

    >>> formula_like("=1+1"), formula_like("-3 dead"), formula_like("Havana")
    (True, True, False)
    """
    return isinstance(value, str) and value.startswith(_FORMULA_START)


def csv_cell(value):
    """A value safe to put in a CSV an analyst opens in a spreadsheet.

    >>> csv_cell("=2+5.txt"), csv_cell("Havana"), csv_cell(12)
    ("'=2+5.txt", 'Havana', 12)
    """
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START):        # formula_like, inline: a cell of every row and column
        value = "'" + value
    # Python's csv quotes a cell holding the line terminator (LF) but not a bare CR,
    # which spreadsheets read as a row break: make it a quoted line feed. Few cells hold one,
    # and looking is cheaper than two replacements (257,000 cells for 1,000 articles).
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def unresolved_text(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=UNRESOLVED_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(row.get(k, "")) for k in UNRESOLVED_FIELDS})
    return buffer.getvalue()


def write_unresolved(path: Path, rows: list[dict]) -> None:
    write_text(path, unresolved_text(rows))


def _point(feature: dict) -> tuple:
    geometry = feature.get("geometry") or {}
    if geometry.get("type") == "Point":
        lon, lat = geometry["coordinates"][:2]
        return lon, lat
    return None, None


def finding_rows(features: list[dict]) -> list[dict]:
    """A row per finding (visits are routes, not findings: the GeoJSON and GeoPackage carry them)."""
    rows = []
    for f in features:
        p = f["properties"]
        if "finding" not in p:
            continue
        lon, lat = _point(f)
        rows.append({**p, "lon": lon, "lat": lat, "sources": len(p.get("claims") or []),
                     "actors": "; ".join(a["name"] for a in p.get("actors") or [])})
    return rows


def claim_rows(features: list[dict]) -> list[dict]:
    """A row per sentence that reports, confirms or denies a finding, joined on ``finding``."""
    return [{"finding": f["properties"]["finding"], **c} for f in features if "finding" in f["properties"]
            for c in f["properties"].get("claims") or []]


def _table_text(fields: tuple[str, ...], rows) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell("" if row.get(k) is None else row.get(k)) for k in fields})
    return buffer.getvalue()


def _rows_text(fields: tuple[str, ...], rows) -> str:
    """Rows as the CSV writer writes them, without the header."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    for row in rows:
        writer.writerow({k: csv_cell("" if row.get(k) is None else row.get(k)) for k in fields})
    return buffer.getvalue()


def _rows_like(text: str) -> bool:
    """A kept piece: no rows, or whole rows (the writer ends each with a line feed)."""
    return text == "" or text.endswith("\n")


def _header(fields: tuple[str, ...]) -> str:
    return _table_text(fields, [])


def findings_csv_text(features: list[dict], fragments=None) -> tuple[str, str]:
    """(findings, claims): a spreadsheet row per finding, and one per sentence that reports, confirms
    or denies it, joined on ``finding``; every cell made safe for spreadsheets (:func:`csv_cell`).
    ``fragments``: a :class:`geo.present.export.fragments.Fragments` of these features, whose
    kept rows are used instead of writing them again (the same text: a row depends on its
    feature alone)."""
    if fragments is None:
        return _table_text(FINDING_FIELDS, finding_rows(features)), _table_text(CLAIM_FIELDS, claim_rows(features))
    findings = fragments.pieces("csv-findings", lambda i: _rows_text(FINDING_FIELDS, finding_rows(features[i:i + 1])),
                                _rows_like)
    claims = fragments.pieces("csv-claims", lambda i: _rows_text(CLAIM_FIELDS, claim_rows(features[i:i + 1])),
                              _rows_like)
    return _header(FINDING_FIELDS) + "".join(findings), _header(CLAIM_FIELDS) + "".join(claims)


def write_findings_csv(findings_path: Path, claims_path: Path, features: list[dict], fragments=None) -> None:
    findings, claims = findings_csv_text(features, fragments)
    write_text(findings_path, findings)
    write_text(claims_path, claims)
