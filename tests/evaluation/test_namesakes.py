"""The encyclopedia-style namesakes sample: every row well formed, its hand-written point a real entry's."""
from __future__ import annotations

import json

import pytest

from geo.evaluation.namesakes import SAMPLE, read_rows
from geo.places.distance import haversine_km


def test_every_row_is_well_formed_and_names_its_subject_first():
    seen = set()
    for n, line in enumerate(SAMPLE.read_text(encoding="utf-8").splitlines(), 1):
        d = json.loads(line)
        assert set(d) == {"id", "text", "spans", "name", "country", "lat", "lon"}, f"line {n}"
        assert d["id"] not in seen, f"line {n}: duplicate id"
        seen.add(d["id"])
        (start, end), = d["spans"]
        assert d["text"][start:end] == d["name"] and d["text"].find(d["name"]) == start, f"line {n}"
        assert -90 <= d["lat"] <= 90 and -180 <= d["lon"] <= 180 and len(d["country"]) == 2, f"line {n}"


def test_a_broken_row_is_named_with_its_line(tmp_path):
    p = tmp_path / "rows.jsonl"
    p.write_text('{"id": "a", "text": "x", "spans": [[0, 1]], "country": "US", "lat": 1, "lon": 2}\n{"id": "b"}\n')
    with pytest.raises(ValueError, match="line 2"):
        read_rows(p)


def test_each_point_is_within_30_km_of_a_gazetteer_entry_of_its_name_and_country(gazetteer):
    # The points were written by hand; this ties each to a real entry, so a typo cannot pass as
    # a namesake the resolver "missed".
    for row in read_rows():
        name = row.text[row.start:row.end]
        near = [p for p in gazetteer.candidates(name, limit=200)
                if p.country == row.country and haversine_km(p.lat, p.lon, row.lat, row.lon) <= 30]
        assert near, f"{row.id}: no {name} of {row.country} within 30 km of ({row.lat}, {row.lon})"
