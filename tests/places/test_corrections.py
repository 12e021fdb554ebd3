"""corrections.yaml: pin, reject, move to a layer; applied on every rebuild, marked on the map,
stale corrections reported."""
from __future__ import annotations

import re

import pytest
import yaml

from geo.build.corpus import analyse
from geo.places.corrections import parse_corrections
from tests.security.corpus import SMALL_ARTICLE


def _corpus(tmp_path, corrections) -> object:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (folder / "corrections.yaml").write_text(yaml.safe_dump({"corrections": corrections}), encoding="utf-8")
    return folder


def test_parse_reports_malformed_entries_and_keeps_the_rest():
    cs, problems = parse_corrections(
        "corrections:\n"
        "  - {mention: Jersey, reject: true}\n"
        "  - {mention: Havana}\n"                                   # no action
        "  - {mention: Havana, pin: x, layer: y}\n"                 # two actions
        "  - {place: Havana, pin: site:lourdes-sigint}\n"           # pin without mention
        "  - {mention: Havana, pin: {name: X, lat: 99, lon: 0}}\n"  # out of range
        "  - {mention: Havana, colour: red, layer: military}\n"     # unknown key
        "  - just a string\n"
        "  - {place: Havana, sentence: spy, layer: intelligence}\n")
    assert [(c.index, c.action, c.value) for c in cs] == [(1, "reject", "not a place"), (8, "layer", "intelligence")]
    # entry i is on line i + 1 of the file: each problem names both
    assert [p.message.split(" ignored")[0] for p in problems] == [f"line {i + 1}: correction #{i}" for i in range(2, 8)]
    assert all(p.path == "corrections.yaml" for p in problems)
    _, problems = parse_corrections("corrections: [unclosed\n")
    assert len(problems) == 1 and "malformed YAML" in problems[0].message and "line" in problems[0].message


def test_pin_reject_and_move_apply_and_are_marked(tmp_path, gazetteer):
    folder = _corpus(tmp_path, [
        {"mention": "Qwertzistan", "pin": {"name": "Qwertzistan port", "lat": 10.5, "lon": 103.6},
         "note": "the analyst knows"},
        {"mention": "Jersey", "reject": "the newspaper, not the island"},
        {"mention": "Lourdes", "pin": "Lourdes"},                   # by name: the gazetteer's best pick
        {"place": "Havana", "sentence": "met Cuban leaders", "layer": "intelligence"},
    ])
    build = analyse(folder, use_cache=False)
    assert build.problems == []
    props = [f["properties"] for f in build.features]
    pinned = [p for p in props if p["mention"] == "Qwertzistan"]
    assert pinned and pinned[0]["place"] == "Qwertzistan port" and pinned[0]["place_id"] == "correction:1"
    assert pinned[0]["corrected"] == "pinned to correction:1 by corrections.yaml #1: the analyst knows"
    assert not any(p["mention"] == "Jersey" for p in props)
    jersey = [r for r in build.unresolved if r["mention"] == "Jersey"]
    assert jersey and jersey[0]["reason"].startswith("rejected (the newspaper, not the island) by corrections.yaml #2")
    moved = [p for p in props if "met Cuban leaders" in p["claim"] and p["place"] == "Havana"]
    assert moved and all(p["layer"] == "intelligence" and "corrections.yaml #4" in p["corrected"] for p in moved)
    lourdes = [p for p in props if "Lourdes station" in p["claim"]]
    assert lourdes and all("corrections.yaml #3" in p["corrected"] for p in lourdes)
    # nothing lost: Qwertzistan left the unresolved report because it is now placed
    assert [r["mention"] for r in build.unresolved] == ["Jersey", "Vrolijkstad"]
    # corrected features are shown in the popup small print
    from geo.present.render.map import _claim

    assert _claim(pinned[0])["corrected"].startswith("pinned to correction:1")


def test_stale_and_impossible_corrections_are_reported(tmp_path, gazetteer):
    folder = _corpus(tmp_path, [
        {"mention": "Atlantis", "reject": True},                       # no such mention
        {"mention": "Havana", "doc": "other.txt", "pin": "site:lourdes-sigint"},   # wrong file
        {"mention": "Havana", "pin": "site:no-such-site"},             # unknown place
        {"place": "Havana", "layer": "no-such-layer"},                 # unknown layer
        {"mention": "Havana", "sentence": "eavesdropping", "pin": "site:lourdes-sigint"},  # applies
    ])
    build = analyse(folder, use_cache=False)
    lines = build.problems
    assert len(lines) == 4, lines
    assert all(re.match(r"corrections\.yaml: line \d+: correction #", line) for line in lines), lines
    assert any("#1" in x and "matches nothing" in x for x in lines)
    assert any("#2" in x and "matches nothing" in x for x in lines)
    assert any("#3" in x and "no place 'site:no-such-site'" in x for x in lines)
    assert any("#4" in x and "unknown layer" in x for x in lines)
    hits = [f["properties"] for f in build.features if f["properties"].get("corrected")]
    assert hits and all(p["place_id"] == "site:lourdes-sigint" and "eavesdropping" in p["claim"] for p in hits)


def test_rebuilds_apply_corrections_identically(tmp_path, gazetteer):
    folder = _corpus(tmp_path, [{"mention": "Jersey", "reject": True}])
    a = analyse(folder, use_cache=False)
    b = analyse(folder, use_cache=False)
    assert a.features == b.features and a.unresolved == b.unresolved


@pytest.mark.parametrize("text", ["", "corrections: []\n", "# only a comment\n"])
def test_empty_corrections_file_is_fine(text):
    assert parse_corrections(text) == ([], [])
