"""Spreadsheet formulas: no cell of a CSV briefmap writes starts with = + - @ tab or CR
(OWASP's CSV injection rule: such a text cell is prefixed with a single quote)."""
from __future__ import annotations

import csv
import io

from geo.pipeline import build
from geo.present.export import UNRESOLVED_FIELDS, unresolved_text
from tests.security.corpus import SMALL_ARTICLE

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _cells(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_every_formula_start_is_neutralised():
    values = ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
    rows = [{k: v for k in UNRESOLVED_FIELDS} for v in values]
    read = _cells(unresolved_text(rows))
    # A bare CR would split the row in a spreadsheet: it becomes a (quoted) line feed.
    assert [r["doc"] for r in read] == ["'" + v.replace("\r", "\n") for v in values]
    assert all(not cell.startswith(DANGEROUS) for r in read for cell in r.values())


def test_plain_cells_and_numbers_are_unchanged():
    row = {"doc": "a.txt", "section": 2, "start": 10, "end": 14, "mention": "Vrolijkstad", "label": "GPE",
           "detector": "ner", "reason": "no candidate in gazetteer"}
    (read,) = _cells(unresolved_text([row]))
    assert read == {k: str(v) for k, v in row.items()}


def test_a_file_named_like_a_formula_is_text_in_the_unresolved_report(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "=2+5.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (folder / "@cmd.txt").write_text(SMALL_ARTICLE + "\nA second edition.\n", encoding="utf-8")
    out = tmp_path / "out" / "m.html"
    build(folder, out)
    read = _cells(out.with_name("m.unresolved.csv").read_text(encoding="utf-8"))
    assert {r["doc"] for r in read} == {"'=2+5.txt", "'@cmd.txt"}
    assert all(not cell.startswith(DANGEROUS) for r in read for cell in r.values())
