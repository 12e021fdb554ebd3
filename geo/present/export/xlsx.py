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
import tempfile
from pathlib import Path
from typing import Iterator

from geo.atomic import atomic_path
from geo.present.export.isodate import parse_iso
from geo.present.export.tables import CLAIM_FIELDS, FINDING_FIELDS, claim_rows, finding_rows, formula_like
from geo.present.export.xmltext import xml_text
from geo.present.export.zips import PINNED, write_pinned_zip

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


# Cell styles by the looks a data cell can have; openpyxl numbers a style when it is first written.
_BOLD, _WRAP, _QUOTE, _WRAP_QUOTE = "bold", "wrap", "quote", "wrap+quote"


def _cell_text(text: str) -> str:
    """Text as lxml escapes it in an element (what openpyxl's cell writer gives; the rows are
    then encoded as ASCII with character references, as openpyxl's sheets are)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


class _Styles:
    """A workbook's cell styles, each registered with openpyxl on its first use (so the
    numbering is the one openpyxl gives when it writes the cells itself)."""

    def __init__(self, ws):
        self.ws = ws
        self.ids: dict[str, str] = {}

    def id(self, look: str) -> str:
        found = self.ids.get(look)
        if found is None:
            from openpyxl.cell import WriteOnlyCell
            from openpyxl.styles import Alignment, Font

            cell = WriteOnlyCell(self.ws)
            if look == _BOLD:
                cell.font = Font(bold=True)
            elif look.startswith("date:"):
                # openpyxl gives a cell holding a date this format first (so it is number 164)
                cell.number_format = _DATE_FORMATS["day"]
                cell.number_format = look[5:]
            if look in (_WRAP, _WRAP_QUOTE):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if look in (_QUOTE, _WRAP_QUOTE):
                cell.quotePrefix = True
            found = self.ids[look] = str(cell.style_id)     # registers it in the workbook
        return found


# A row's XML is made once per feature with these in place of its number and of each cell style's
# id (both known only where the row lands in its sheet); XML text cannot hold either character
# (xml_text makes them U+FFFD), so the markers never meet article text.
_ROW, _STYLE = "\x01", "\x02"


def _row_template(letters: list[str], columns: list[str], row: dict) -> list:
    """[xml, looks, links]: one data row's ``<row>`` element with :data:`_ROW` for its number and
    :data:`_STYLE` for each styled cell's style id, the looks of those cells in order, and its
    links as [column letter, target]."""
    from openpyxl.utils.datetime import to_excel

    out: list[str] = [f'<row r="{_ROW}">']
    append = out.append
    looks: list[str] = []
    links: list[list[str]] = []
    for letter, name in zip(letters, columns):
        if name == "event_date_precision":
            parsed = parse_iso(row.get("event_date"))
            value = parsed.precision if parsed else None
        else:
            value = row.get(name)
        if value is None:
            continue
        if name in ("event_date", "published"):
            parsed = parse_iso(value)
            if parsed:
                serial = to_excel(parsed.start)
                looks.append("date:" + _DATE_FORMATS[parsed.precision])
                append(f'<c r="{letter}{_ROW}" s="{_STYLE}" t="n"><v>{"%.16g" % serial}</v></c>')
                continue
        if name in _NUMBERS and isinstance(value, (int, float)) and not isinstance(value, bool):
            number = "" if value != value or value in (float("inf"), float("-inf")) else "%.16g" % value
            append(f'<c r="{letter}{_ROW}" t="n"><v>{number}</v></c>')
            continue
        # Every text cell is text (t="inlineStr"), never a formula or an error value ("#N/A").
        text = _text(str(value))
        quote = formula_like(text)
        look = (_WRAP_QUOTE if quote else _WRAP) if name == "claim" else (_QUOTE if quote else "")
        style = ""
        if look:
            looks.append(look)
            style = f' s="{_STYLE}"'
        if name == "url" and _safe_url(text):
            links.append([letter, text])
        if text == "":
            append(f'<c r="{letter}{_ROW}"{style} t="inlineStr"></c>')
        elif text != text.strip():
            append(f'<c r="{letter}{_ROW}"{style} t="inlineStr"><is><t xml:space="preserve">'
                   f'{_cell_text(text)}</t></is></c>')
        else:
            append(f'<c r="{letter}{_ROW}"{style} t="inlineStr"><is><t>{_cell_text(text)}</t></is></c>')
    append("</row>")
    return ["".join(out), looks, links]


def _letters(columns: list[str]) -> list[str]:
    from openpyxl.utils import get_column_letter

    return [get_column_letter(c) for c in range(1, len(columns) + 1)]


def _rows_xml(ws, styles: _Styles, templates, out) -> None:
    """The ``<row>`` elements of the data rows (from row 2), as openpyxl's write-only sheet
    writes them, written to the binary file ``out`` a batch of rows at a time, and the sheet's
    hyperlinks registered with it.

    Writing the cells through openpyxl's cell objects was most of the workbook's time (2.6 s of
    CPU for 2,000 articles' 26,600 rows); these are the same bytes, written as text. Each row
    comes as its :func:`_row_template` (which a rebuild keeps per feature): its number and
    style ids are put in here, each style registered on its first use, in row order, as
    openpyxl numbers them. The sheet's rows were one string, then its bytes, then the edited
    sheet, then the zip: the largest transient of a build's outputs (120 MB at 2,000 articles)."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    batch: list[str] = []
    append = batch.append
    for r, (xml, looks, links) in enumerate(templates, start=2):
        number = str(r)
        xml = xml.replace(_ROW, number)
        if looks:
            parts = xml.split(_STYLE)
            xml = parts[0] + "".join(styles.id(look) + part for look, part in zip(looks, parts[1:]))
        for letter, target in links:
            ws._hyperlinks.append(Hyperlink(ref=f"{letter}{number}", target=target))
        append(xml)
        if len(batch) >= _BATCH:
            out.write(_ascii("".join(batch)))
            batch.clear()
    out.write(_ascii("".join(batch)))


_BATCH = 2048


def _ascii(xml: str) -> bytes:
    return xml.encode("ascii", "xmlcharrefreplace")


# A feature's row templates kept as one text: rows split by _ROWS, a row's parts (xml, looks,
# links) by _PARTS, looks and links by _ITEMS, a link's letter and target by _PAIR. XML text
# holds none of these characters (xml_text), so none can come from an article.
_ROWS, _PARTS, _ITEMS, _PAIR = "\x06", "\x05", "\x03", "\x04"


def _packed(templates: list[list]) -> str:
    return _ROWS.join(_PARTS.join((xml, _ITEMS.join(looks), _ITEMS.join(_PAIR.join(link) for link in links)))
                      for xml, looks, links in templates)


def _unpacked(text: str) -> list[list]:
    out = []
    for row in text.split(_ROWS) if text else ():
        xml, looks, links = row.split(_PARTS)
        out.append([xml, looks.split(_ITEMS) if looks else [],
                    [link.split(_PAIR) for link in links.split(_ITEMS)] if links else []])
    return out


def _valid_packed(text: str) -> bool:
    """A kept piece: rows of three parts, a style id's place per look, links of two parts."""
    for row in text.split(_ROWS) if text else ():
        parts = row.split(_PARTS)
        if len(parts) != 3 or not parts[0].startswith("<row ") or not parts[0].endswith("</row>"):
            return False
        if parts[0].count(_STYLE) != (len(parts[1].split(_ITEMS)) if parts[1] else 0):
            return False
        if parts[2] and any(link.count(_PAIR) != 1 for link in parts[2].split(_ITEMS)):
            return False
    return True


def _templates(features: list[dict], fields: tuple[str, ...], rows_of, fragments=None) -> tuple[int, Iterator]:
    """How many data rows one sheet has, and their templates one at a time: made, or (``fragments``)
    kept per feature (unpacked only as the sheet is written)."""
    columns = _columns(fields)
    letters = _letters(columns)
    if fragments is None:
        templates = [_row_template(letters, columns, row) for row in rows_of(features)]
        return len(templates), iter(templates)
    pieces = fragments.pieces(
        f"xlsx-{fields[1]}",
        lambda i: _packed([_row_template(letters, columns, row) for row in rows_of(features[i:i + 1])]),
        _valid_packed)
    count = sum(piece.count(_ROWS) + 1 for piece in pieces if piece)
    return count, (t for piece in pieces for t in _unpacked(piece))


def _sheet(wb, styles_of, title: str, fields: tuple[str, ...], rows: tuple[int, Iterator], out) -> None:
    """One sheet: openpyxl writes its frame (widths, frozen header, filter, the header row,
    hyperlinks); the data rows go to ``out`` as XML for :func:`_write_workbook` to put in place.
    Plain numbers and ordinary text are plain cells; a date, a sentence or text that starts
    like a formula is a styled cell, a link a hyperlink."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    count, templates = rows
    ws = wb.create_sheet(title)
    columns = _columns(fields)
    for c, name in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = _WIDTHS.get(name, 14)
    ws.freeze_panes = "A2"
    if count:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    bold = Font(bold=True)

    def header(name):
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        return cell

    ws.append([header(name) for name in columns])
    styles_of.ws = ws
    _rows_xml(ws, styles_of, templates, out)


def _write_workbook(out, features: list[dict], title: str, fragments, spool_dir=None) -> None:
    """The workbook written to the seekable binary file ``out``: each sheet's data rows are made
    into a spool file (in ``spool_dir``) and copied from it into the zip, never held whole. One
    sheet's rows are made before the other's, in the order their styles are numbered."""
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    styles = _Styles(None)
    with tempfile.TemporaryFile(dir=spool_dir) as findings, tempfile.TemporaryFile(dir=spool_dir) as claims:
        _sheet(wb, styles, "Findings", FINDING_FIELDS, _templates(features, FINDING_FIELDS, finding_rows, fragments),
               findings)
        _sheet(wb, styles, "Claims", CLAIM_FIELDS, _templates(features, CLAIM_FIELDS, claim_rows, fragments), claims)
        props = wb.properties
        props.creator = "briefmap"
        props.title = _text(title)[:200]
        props.created = props.modified = datetime(*PINNED)
        buffer = io.BytesIO()
        wb.save(buffer)
        write_pinned_zip(out, buffer.getvalue(), {"xl/worksheets/sheet1.xml": lambda body: _spliced(body, findings),
                                                  "xl/worksheets/sheet2.xml": lambda body: _spliced(body, claims)})


def _spliced(body: bytes, rows) -> Iterator[bytes]:
    """A sheet's bytes from openpyxl with the data rows in the file ``rows`` before its ``</sheetData>``."""
    at = body.index(b"</sheetData>")
    yield body[:at]
    rows.seek(0)
    yield from iter(lambda: rows.read(1 << 20), b"")
    yield body[at:]


def xlsx_bytes(features: list[dict], *, title: str = "Briefing", fragments=None) -> bytes:
    """The workbook: Findings (a row per finding) and Claims (a row per source sentence, joined on ``finding``).
    ``fragments``: a :class:`geo.present.export.fragments.Fragments` of these features, whose
    kept row templates are used instead of making them again (the same bytes)."""
    buffer = io.BytesIO()
    _write_workbook(buffer, features, title, fragments)
    return buffer.getvalue()


def write_xlsx(path: Path, features: list[dict], *, title: str = "Briefing", fragments=None) -> None:
    """:func:`xlsx_bytes` written to ``path`` (atomically) as it is made."""
    with atomic_path(path) as tmp, open(tmp, "wb") as out:
        _write_workbook(out, features, title, fragments, spool_dir=Path(path).parent)
