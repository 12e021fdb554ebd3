"""The workbook: a Findings sheet and a Claims sheet (openpyxl), typed, safe and reproducible.

The rows are the CSV files' (:func:`geo.present.export.tables.finding_rows`,
:func:`~geo.present.export.tables.claim_rows`), with typed cells: coordinates and counts
are numbers, ``event_date`` and ``published`` real dates (shown at the precision
the article stated: ``2023-06`` stays a month) with ``event_date_precision``
beside them, links clickable when they are http(s).

Article text is untrusted. A text cell is always stored as text, never as a
formula, and one that starts like a formula (:func:`~geo.present.export.tables.formula_like`)
also gets Excel's quote prefix, so editing it keeps it text; the value itself is
the sentence as written (the CSV's leading apostrophe is not needed here).
Characters XML cannot hold are replaced by U+FFFD.

Two builds of the same inputs give the same bytes: the document properties'
times and every zip entry's time are pinned.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from geo.atomic import write_bytes
from geo.present.export.isodate import parse_iso
from geo.present.export.tables import CLAIM_FIELDS, FINDING_FIELDS, claim_rows, finding_rows, formula_like
from geo.present.export.xmltext import xml_text
from geo.present.export.zips import PINNED, pinned_zip

MAX_CELL = 32_767                          # Excel's limit on a cell's text
_DATE_FORMATS = {"day": "yyyy-mm-dd", "month": "yyyy-mm", "year": "yyyy"}
_NUMBERS = {"lat", "lon", "sources", "section", "start", "end", "confidence"}
_WIDTHS = {"claim": 80, "attribution": 30, "source_profile": 30, "url": 40, "doc": 24, "actors": 30, "place": 22}


def _columns(fields: tuple[str, ...]) -> list[str]:
    out = []
    for name in fields:
        out.append(name)
        if name == "event_date":
            out.append("event_date_precision")
    return out


def _safe_url(value) -> str | None:
    return value if isinstance(value, str) and re.match(r"https?://[^\s\"<>]+$", value, re.I) else None


def _text(value: str) -> str:
    value = xml_text(value)
    if len(value) > MAX_CELL:
        value = value[:MAX_CELL - 40] + " [cut at Excel's cell limit; see CSV]"
    return value


def _sheet(wb, title: str, fields: tuple[str, ...], rows: list[dict]) -> None:
    """One sheet, streamed (openpyxl's write-only mode: a 10,000-finding corpus in seconds, not
    tens of seconds). Plain numbers and ordinary text go in as values; a date, a link, a sentence
    or text that starts like a formula goes in as a styled cell."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    columns = _columns(fields)
    for c, name in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = _WIDTHS.get(name, 14)
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def styled(value, **style):
        cell = WriteOnlyCell(ws, value=value)
        for key, val in style.items():
            setattr(cell, key, val)
        return cell

    ws.append([styled(name, font=bold) for name in columns])
    for row in rows:
        out = []
        for name in columns:
            if name == "event_date_precision":
                parsed = parse_iso(row.get("event_date"))
                value = parsed.precision if parsed else None
            else:
                value = row.get(name)
            if value is None:
                out.append(None)
                continue
            if name in ("event_date", "published"):
                parsed = parse_iso(value)
                if parsed:
                    out.append(styled(parsed.start, number_format=_DATE_FORMATS[parsed.precision]))
                    continue
            if name in _NUMBERS and isinstance(value, (int, float)) and not isinstance(value, bool):
                out.append(value)
                continue
            text = _text(str(value))
            link = name == "url" and _safe_url(text)
            if not (formula_like(text) or link or name == "claim"):
                out.append(text)
                continue
            cell = styled(text)
            cell.data_type = "s"            # never a formula, whatever the text starts with
            if formula_like(text):
                cell.quotePrefix = True     # and stays text when someone edits the cell
            if link:
                cell.hyperlink = text
            if name == "claim":
                cell.alignment = wrap
            out.append(cell)
        ws.append(out)


def xlsx_bytes(features: list[dict], *, title: str = "Briefing") -> bytes:
    """The workbook: Findings (a row per finding) and Claims (a row per source sentence, joined on ``finding``)."""
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    _sheet(wb, "Findings", FINDING_FIELDS, finding_rows(features))
    _sheet(wb, "Claims", CLAIM_FIELDS, claim_rows(features))
    props = wb.properties
    props.creator = "briefmap"
    props.title = _text(title)[:200]
    props.created = props.modified = datetime(*PINNED)
    buffer = io.BytesIO()
    wb.save(buffer)
    return pinned_zip(buffer.getvalue())


def write_xlsx(path: Path, features: list[dict], *, title: str = "Briefing") -> None:
    write_bytes(path, xlsx_bytes(features, title=title))
