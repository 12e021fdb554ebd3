"""The briefing file: parsing, validation messages, default story."""
from __future__ import annotations

from pathlib import Path

import pytest

from geo.present.story import BriefingError, default_story, load_briefing, parse_briefing, story_for

ROOT = Path(__file__).resolve().parents[2]


def pt(place, layer, claim, event_date=None, kind="city"):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-82.4, 23.1]},
            "properties": {"layer": layer, "place": place, "claim": claim, "event_date": event_date,
                           "place_kind": kind, "doc": "a.txt"}}


def visit(origin, destination, date):
    return {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[-82.4, 23.1], [116.4, 39.9]]},
            "properties": {"layer": "visits", "place": destination, "origin": origin, "destination": destination,
                           "claim": f"A trip from {origin}.", "event_date": date, "visitor": "X"}}


FEATURES = [
    pt("Havana", "intelligence", "A spy base near Havana.", "2023-06"),
    pt("Havana", "military", "Troops in Havana.", "1962"),
    pt("Lourdes SIGINT station", "intelligence", "Lourdes listened.", "2001", kind="site"),
    pt("Cuba", "economic", "Trade with Cuba.", None, kind="country"),
    visit("Havana", "Beijing", "2022-11"),
]
LAYERS = [{"id": "intelligence", "title": "Intelligence"}, {"id": "military", "title": "Military"},
          {"id": "visits", "title": "Visits"}, {"id": "economic", "title": "Economic"},
          {"id": "context", "title": "Other"}]


def test_steps_select_by_place_layer_words_and_dates():
    story = parse_briefing({"title": "T", "steps": [
        {"title": "Spies", "places": ["havana", "Lourdes SIGINT station"], "layers": ["intelligence"]},
        {"title": "Old", "places": ["Havana"], "to": 1999},
        {"title": "Words", "places": ["Havana", "Lourdes SIGINT station"], "match": ["LISTENED"]},
        {"title": "Trips", "places": ["Beijing"]},
        {"title": "Newest", "places": ["Havana"], "limit": 1},
    ]}, FEATURES, LAYERS)
    ids = [s["feature_ids"] for s in story["steps"]]
    assert ids == [[0, 2], [1], [2], [4], [0]]   # limit keeps the newest (2023-06)
    assert story["steps"][0]["places"] == ["Havana", "Lourdes SIGINT station"]
    assert story["title"] == "T"


@pytest.mark.parametrize("data, message", [
    ({"steps": [{"title": "x", "places": ["Havanna"]}]}, "place 'Havanna' is not on the map; did you mean 'Havana'"),
    ({"steps": [{"title": "x", "places": ["Havana"], "layers": ["spies"]}]}, "layer 'spies' does not exist"),
    ({"steps": [{"title": "x", "places": ["Havana"], "from": "June 2023"}]}, "is not a date"),
    ({"steps": [{"title": "x", "places": ["Havana"], "match": ["zebra"]}]}, "no claim at Havana"),
    ({"steps": [{"places": ["Havana"]}]}, "every step needs a 'title'"),
    ({"steps": [{"title": "x"}]}, "'places' is required"),
    ({"steps": [{"title": "x", "places": ["Havana"], "zoom": 3}]}, "unknown key(s) zoom"),
    ({"steps": []}, "'steps' must be a non-empty list"),
    ({"title": "x", "stepz": []}, "unknown key(s) stepz"),
    (["a"], "expected a mapping"),
    ({"steps": [{"title": "x", "places": ["Havana"], "limit": 0}]}, "'limit' must be a positive"),
])
def test_errors_name_the_file_and_step(data, message):
    with pytest.raises(BriefingError) as exc:
        parse_briefing(data, FEATURES, LAYERS, source="corpus/briefing.yaml")
    text = str(exc.value)
    assert text.startswith("corpus/briefing.yaml"), text
    assert message in text, text
    if "steps" in str(data) and isinstance(data, dict) and data.get("steps"):
        assert "step 1" in text


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "briefing.yaml"
    path.write_text("title: x\nsteps:\n  - title: [unclosed\n", encoding="utf-8")
    with pytest.raises(BriefingError, match=r"briefing.yaml: line \d+: not valid YAML"):
        load_briefing(path, FEATURES, LAYERS)


def test_default_story_is_by_layer_then_date_and_skips_background():
    story = default_story(FEATURES + [pt("Cuba", "context", "Cuba exists.")], LAYERS)
    assert [s["title"] for s in story["steps"]] == ["Intelligence", "Military", "Visits", "Economic"]
    assert story["steps"][0]["feature_ids"] == [0, 2]
    assert story["source"].startswith("generated")


def test_story_for_picks_up_the_file(tmp_path):
    assert story_for(tmp_path, FEATURES, LAYERS)["source"].startswith("generated")
    (tmp_path / "briefing.yaml").write_text("steps:\n  - title: S\n    places: [Havana]\n", encoding="utf-8")
    story = story_for(tmp_path, FEATURES, LAYERS)
    assert story["source"] == "briefing.yaml" and story["steps"][0]["title"] == "S"


def test_seed_briefing_file_is_valid():
    import json

    import yaml
    # the committed seed map's features (tests/build/test_corpus.py keeps them fresh)
    features = json.loads((ROOT / "maps" / "briefing.geojson").read_text(encoding="utf-8"))["features"]
    layers = yaml.safe_load((ROOT / "geo" / "data" / "layers.yaml").read_text(encoding="utf-8"))
    story = load_briefing(ROOT / "seeds" / "briefing.yaml", features, layers)
    assert len(story["steps"]) >= 6
    first = story["steps"][0]
    assert any("training" in features[i]["properties"]["claim"] for i in first["feature_ids"])
    lourdes = next(s for s in story["steps"] if "Lourdes" in s["title"])
    assert any(features[i]["properties"]["place"] == "Lourdes SIGINT station" for i in lourdes["feature_ids"])
