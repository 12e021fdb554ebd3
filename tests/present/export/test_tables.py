"""Spreadsheet rows (geo/present/export/tables.py) and the GeoJSON for a finding drawn at
no place: a row with its relation and no coordinates, a Feature with null geometry."""
from __future__ import annotations

import csv
import io
import json

from geo.present.export.geojson import geojson_text
from geo.present.export.tables import findings_csv_text


def _unplaced(claim: str) -> dict:
    return {"type": "Feature", "geometry": None,
            "properties": {"finding": "a.txt#0@9", "layer": "diplomacy", "claim": claim, "relation": "unplaced",
                           "place": None, "actors": [{"name": "the West (Western countries)", "kind": "place"}],
                           "claims": [{"claim": claim, "stance": "asserts"}]}}


def test_an_unplaced_finding_is_a_row_without_coordinates_and_its_text_no_formula():
    findings, claims = findings_csv_text([_unplaced("=HYPERLINK(\"http://x\") said the West")])
    (row,) = csv.DictReader(io.StringIO(findings))
    assert row["relation"] == "unplaced" and row["lat"] == row["lon"] == row["place"] == ""
    assert row["claim"].startswith("'=") and row["actors"] == "the West (Western countries)"
    (claim,) = csv.DictReader(io.StringIO(claims))
    assert claim["finding"] == "a.txt#0@9" and claim["claim"].startswith("'=")


def test_an_unplaced_finding_is_a_feature_with_null_geometry():
    (feature,) = json.loads(geojson_text([_unplaced("NATO allies said the West must spend more.")]))["features"]
    assert feature["geometry"] is None and feature["properties"]["relation"] == "unplaced"
