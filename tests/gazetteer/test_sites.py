"""sites.csv: every row that cannot be mapped is one problem line (file and line number), left out
of the gazetteer and so of every output; the shipped file passes the same check."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.gazetteer.index import DEFAULT_SITES, read_sites
from geo.gazetteer.sites import COLUMNS, check_sites

HEADER = ",".join(COLUMNS)


def test_every_shipped_site_passes_the_validator():
    text = DEFAULT_SITES.read_text(encoding="utf-8")
    rows, problems = check_sites(text, "geo/data/sites.csv")
    assert problems == []
    data_lines = [x for x in text.splitlines()[1:] if x.strip()]
    assert len(rows) == len(data_lines) == len(read_sites(DEFAULT_SITES))
    assert all(p.source.startswith("https://") for p, _, _ in rows)   # each row names its public source


@pytest.mark.parametrize("lat, lon, problem", [
    ("nan", "10", "lat 'nan' is not a finite number"),
    ("NaN", "10", "lat 'NaN' is not a finite number"),
    ("10", "Infinity", "lon 'Infinity' is not a finite number"),
    ("-inf", "10", "lat '-inf' is not a finite number"),
    ("90.5", "10", "lat '90.5' is outside -90..90"),
    ("10", "-180.01", "lon '-180.01' is outside -180..180"),
    ("ten", "10", "lat 'ten' is not a number"),
    ("", "10", "lat is empty"),
])
def test_bad_coordinates(lat, lon, problem):
    text = f"{HEADER}\nok,Fine,,1,2,,,,,\nbad,Bad,,{lat},{lon},,,,,\n"
    rows, problems = check_sites(text)
    assert [r[0].id for r in rows] == ["site:ok"]
    assert [str(p) for p in problems] == [f"sites.csv: line 3: {problem}; row ignored"]


def test_duplicates_missing_fields_and_line_numbers_across_quoted_newlines():
    text = (f"{HEADER}\n"
            'a,Alpha,"two\nline aliases",1,2,,,,,\n'   # lines 2-3
            "a,Alpha again,,1,2,,,,,\n"                 # line 4: duplicate
            ",No id,,1,2,,,,,\n"                         # line 5
            "c,,,1,2,,,,,\n"                             # line 6
            "\n"
            "d,Too many,,1,2,,,,,,extra\n"               # line 8
            "lourdes-sigint,Mine,,1,2,,,,,\n")           # line 9: the shipped id
    rows, problems = check_sites(text, known_ids={"lourdes-sigint": "in geo/data/sites.csv"})
    assert [r[0].id for r in rows] == ["site:a"]
    assert [str(p) for p in problems] == [
        "sites.csv: line 4: id 'a' is used before (line 2); row ignored",
        "sites.csv: line 5: id is empty; row ignored",
        "sites.csv: line 6: name is empty; row ignored",
        "sites.csv: line 8: 1 more field(s) than the header has columns; row ignored",
        "sites.csv: line 9: id 'lourdes-sigint' is used before (in geo/data/sites.csv); row ignored",
    ]


def test_header_without_required_columns_is_one_problem():
    rows, problems = check_sites("name,latitude,longitude\nX,1,2\n")
    assert rows == [] and len(problems) == 1
    assert str(problems[0]).startswith("sites.csv: line 1: ignored, the header lacks column(s) id, lat, lon")


def _strict_json(text: str):
    def refuse(constant):
        raise ValueError(f"{constant} in GeoJSON")
    return json.loads(text, parse_constant=refuse)


def test_build_reports_bad_site_rows_and_never_writes_them(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("Officials toured the Zorvakh Yard and the Pelmark Depot near Havana on "
                                  "Monday, Cuban state media said.\n", encoding="utf-8")
    (folder / "sites.csv").write_text(
        f"{HEADER}\n"
        "zorvakh,Zorvakh Yard,Zorvakh Yard,nan,-82.3,CU,naval-base,,,https://example.com/z\n"
        "pelmark,Pelmark Depot,Pelmark Depot,23.0,-82.4,CU,naval-base,,,https://example.com/p\n",
        encoding="utf-8")
    out = tmp_path / "out" / "m.html"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "-q", "--no-cache"])
    assert result.exit_code == 3, result.output
    assert "skipped: sites.csv: line 2: lat 'nan' is not a finite number; row ignored" in result.stderr
    geojson = _strict_json(out.with_suffix(".geojson").read_text(encoding="utf-8"))
    places = {f["properties"]["place_id"] for f in geojson["features"]}
    assert "site:pelmark" in places and "site:zorvakh" not in places
    assert "Traceback" not in result.output
