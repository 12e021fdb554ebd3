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
