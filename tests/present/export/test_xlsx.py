"""The workbook read back with openpyxl: typed cells, no formula anywhere, same bytes every time."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl

from geo.present.export import xlsx_bytes
from geo.present.export.tables import CLAIM_FIELDS, FINDING_FIELDS
from tests.present.export import fixtures as fx


def _book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def _records(ws) -> list[dict]:
    rows = list(ws.iter_rows())
    header = [c.value for c in rows[0]]
    return [{h: c for h, c in zip(header, row)} for row in rows[1:]]


def test_sheets_hold_every_finding_and_claim_joined_on_finding():
    wb = _book(xlsx_bytes(fx.features(), title="Test"))
    assert wb.sheetnames == ["Findings", "Claims"]
    findings, claims = _records(wb["Findings"]), _records(wb["Claims"])
    dated = FINDING_FIELDS.index("event_date") + 1
    assert [c.value for c in wb["Findings"][1]][:dated + 1] == list(FINDING_FIELDS[:dated]) + ["event_date_precision"]
    assert len(findings) == 4          # the two visits are routes, not findings
    assert len(claims) == 6 and len(wb["Claims"][1]) == len(CLAIM_FIELDS) + 1
    assert {r["finding"].value for r in claims} == {r["finding"].value for r in findings}
    assert wb.properties.creator == "briefmap" and wb.properties.title == "Test"


def test_cells_are_typed_and_dates_keep_their_precision():
    findings = {r["finding"].value: r for r in _records(_book(xlsx_bytes(fx.features()))["Findings"])}
    bergen = findings["f-bergen"]
    assert bergen["event_date"].value == dt.datetime(2021, 3, 1) and bergen["event_date"].number_format == "yyyy-mm"
    assert bergen["event_date_precision"].value == "month"
    assert bergen["published"].number_format == "yyyy-mm-dd"
    assert isinstance(bergen["lat"].value, float) and bergen["sources"].value == 2
    assert findings["f-tromso"]["event_date"].number_format == "yyyy"
    assert findings["f-talks"]["lat"].value is None          # a relation has no place
    assert bergen["url"].hyperlink.target == "https://gazette.example/a"


def test_hostile_text_is_text_never_a_formula():
    data = xlsx_bytes(fx.features())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in s or b"<f " in s for s in sheets)
    claims = _records(_book(data)["Claims"])
    hostile = next(r["claim"] for r in claims if r["claim"].value.startswith("=HYPERLINK"))
    assert hostile.value == fx.HOSTILE and hostile.data_type == "s" and hostile.quotePrefix
    plain = next(r["claim"] for r in claims if r["claim"].value.startswith("A new pier"))
    assert not plain.quotePrefix
    bad = next(r["url"] for r in claims if r["url"].value == "javascript:alert(1)")
    assert bad.hyperlink is None                              # shown, never a link


def test_control_characters_do_not_break_the_file():
    features = fx.features()
    features[0]["properties"]["claims"][0]["claim"] = "A pier\x00 at \x1bBergen"
    claims = _records(_book(xlsx_bytes(features))["Claims"])
    assert any(r["claim"].value == "A pier\ufffd at \ufffdBergen" for r in claims)


def test_same_features_same_bytes():
    assert xlsx_bytes(fx.features()) == xlsx_bytes(fx.features())
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(fx.features()))) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z" in z.read("docProps/core.xml")


def _reference_xlsx(features, title="Briefing") -> bytes:
    """The workbook written cell by cell through openpyxl's write-only cells (how xlsx_bytes
    wrote it before its rows were written as text): the bytes it must still give."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from geo.present.export import xlsx
    from geo.present.export.isodate import parse_iso
    from geo.present.export.tables import claim_rows, finding_rows, formula_like
    from geo.present.export.zips import PINNED, pinned_zip

    wb = Workbook(write_only=True)
    for name, fields, rows in (("Findings", FINDING_FIELDS, finding_rows(features)),
                               ("Claims", CLAIM_FIELDS, claim_rows(features))):
        ws = wb.create_sheet(name)
        columns = xlsx._columns(fields)
        for c, col in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(c)].width = xlsx._WIDTHS.get(col, 14)
        ws.freeze_panes = "A2"
        if rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"

        def styled(value, **style):
            cell = WriteOnlyCell(ws, value=value)
            for key, val in style.items():
                setattr(cell, key, val)
            return cell

        ws.append([styled(col, font=Font(bold=True)) for col in columns])
        for row in rows:
            out = []
            for col in columns:
                value = row.get("event_date" if col == "event_date_precision" else col)
                if col == "event_date_precision":
                    value = parse_iso(value).precision if parse_iso(value) else None
                if value is None:
                    out.append(None)
                    continue
                if col in ("event_date", "published") and parse_iso(value):
                    parsed = parse_iso(value)
                    out.append(styled(parsed.start, number_format=xlsx._DATE_FORMATS[parsed.precision]))
                    continue
                if col in xlsx._NUMBERS and isinstance(value, (int, float)) and not isinstance(value, bool):
                    out.append(value)
                    continue
                text = xlsx._text(str(value))
                link = col == "url" and xlsx._safe_url(text)
                cell = styled(text)
                cell.data_type = "s"
                if formula_like(text):
                    cell.quotePrefix = True
                if link:
                    cell.hyperlink = text
                if col == "claim":
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                out.append(cell if (formula_like(text) or link or col == "claim") else text)
            ws.append(out)
    wb.properties.creator = "briefmap"
    wb.properties.title = xlsx._text(title)[:200]
    wb.properties.created = wb.properties.modified = dt.datetime(*PINNED)
    buffer = io.BytesIO()
    wb.save(buffer)
    return pinned_zip(buffer.getvalue())


def test_rows_written_as_text_are_the_bytes_openpyxl_cells_give():
    features = fx.features()
    texts = ["  padded both sides ", "tab\there and\r\nCRLF & <b>bold</b> > end", "Tromsø – “quoted” — 北京 😀",
             "-3 dead", "@mention", "+1", "", "a\x0bvertical tab", "x" * 40_000, "'already quoted"]
    claims = features[0]["properties"]["claims"]
    for i, text in enumerate(texts):
        claims.append(fx.claim(text, source=text, event_date=["2021", "2021-07", "1900-02-10", None][i % 4],
                               published=["2020-12-31", None, "2019-06"][i % 3],
                               url=["https://x.example/?a=1&b=<2>", "http://y.example/ü", None][i % 3]))
    features[0]["properties"]["place"] = " Bergen & <port> "
    assert xlsx_bytes(features, title="A & B <c>") == _reference_xlsx(features, title="A & B <c>")
    assert xlsx_bytes([]) == _reference_xlsx([])


def test_a_text_that_looks_like_an_error_value_stays_text():
    features = fx.features()
    features[0]["properties"]["claims"][0]["source"] = "#N/A"
    cells = _records(_book(xlsx_bytes(features))["Claims"])
    assert cells[0]["source"].value == "#N/A" and cells[0]["source"].data_type == "s"
