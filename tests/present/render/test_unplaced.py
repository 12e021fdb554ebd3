"""Findings the map draws at no place and on no line ("the West warned ..."): in the
payload's ``unplaced`` list, in the "Not placed" panel, found by search, and escaped."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from geo.present.render.map import _layers, _payload, render_map
from tests.present.render.helpers import layer_switch

ROOT = Path(__file__).resolve().parents[3]
LAYERS = [{"id": "diplomacy", "title": "Diplomatic ties", "color": "#0072b2"},
          {"id": "military", "title": "Military", "color": "#e69f00"}]
HOSTILE = "NATO allies said the West must spend more <img src=x onerror=alert(1)> {{ 7*7 }}."


def _unplaced(claim=HOSTILE, layer="diplomacy"):
    # what geo.findings.features.finding_feature writes for a finding whose only actors are groupings
    return {"type": "Feature", "geometry": None,
            "properties": {"finding": "a.txt#0@9", "layer": layer, "claim": claim, "status": "reported",
                           "relation": "unplaced", "relation_ends": [], "place": None, "country": None,
                           "actors": [{"name": "the West (Western countries)", "kind": "place", "role": "associative",
                                       "place_id": "region:the-west", "country": None}]}}


def _placed(claim="Troops moved into Kidal on Monday.", layer="military"):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [1.41, 18.44]},
            "properties": {"layer": layer, "place": "Kidal", "place_id": "kidal", "place_kind": "city",
                           "claim": claim, "status": "reported"}}


def test_a_finding_drawn_nowhere_is_a_claim_listed_as_unplaced():
    features = [_placed(), _unplaced()]
    story = {"title": "t", "steps": [{"title": "both", "feature_ids": [0, 1]}, {"title": "only it", "feature_ids": [1]}]}
    layers = _layers(LAYERS, features)
    data, _ = _payload(features, layers, story, [])
    assert len(data["claims"]) == 2 and data["unplaced"] == [1]
    assert "place" not in data["claims"][1] and "route" not in data["claims"][1]
    assert data["claims"][1]["claim"].startswith("NATO allies")
    # it counts in its layer's toggle; a story step shows drawn findings only, one with none is left out
    assert [lay["count"] for lay in layers] == [1, 1]
    assert [s["claims"] for s in data["story"]["steps"]] == [[0]]


def test_the_payload_with_unplaced_claims_matches_the_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "geo" / "present" / "render" / "payload.schema.json").read_text(encoding="utf-8"))
    features = [_placed(), _unplaced()]
    data, _ = _payload(features, _layers(LAYERS, features), {}, [])
    jsonschema.validate(data, schema)
    del data["unplaced"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_the_panel_is_there_only_when_something_is_not_placed_and_its_text_is_inert():
    html = render_map([_placed(), _unplaced()], LAYERS, [], title="Sahel")
    assert 'id="bm-unplaced"' in html and "Not placed (1)" in html
    assert "<img src=x" not in html and "{{ 7*7 }}" not in html
    assert 'id="bm-unplaced"' not in render_map([_placed()], LAYERS, [], title="Sahel")


def test_the_panel_lists_follows_the_layer_switch_and_search_opens_it(chrome, tmp_path):
    from tests.present.render.test_browser import _errors, _load

    html = render_map([_placed(), _unplaced()], LAYERS, [], title="Sahel")
    _load(chrome, tmp_path, "unplaced.html", html)
    assert chrome.execute_script("return BRIEFMAP.api.ready()")
    assert _errors(chrome) == []
    assert chrome.execute_script("return window.__xss === undefined && !document.querySelector('img[src=x]')")
    listed = chrome.execute_script("return BRIEFMAP.api.unplaced()")
    assert len(listed) == 1 and "the West must spend more <img src=x" in listed[0]
    assert chrome.execute_script("return BRIEFMAP.api.visibleCount()") == 2
    # switching its layer off takes it out of the list, as it takes markers off the map
    box = layer_switch(chrome, "Diplomatic ties")
    box.click()
    time.sleep(0.3)
    assert chrome.execute_script("return BRIEFMAP.api.unplaced()") == []
    assert "1 hidden by the filters" in chrome.execute_script(
        "return document.getElementById('bm-unplaced-count').textContent")
    box.click()
    time.sleep(0.3)
    # a search hit on it opens the panel at its entry
    assert not chrome.execute_script("return document.getElementById('bm-unplaced').open")
    assert chrome.execute_script("return BRIEFMAP.api.search('spend more')") == 1
    chrome.execute_script("document.querySelector('#bm-search-results button').click()")
    time.sleep(0.2)
    assert chrome.execute_script("return document.getElementById('bm-unplaced').open")
    assert "Not placed" in chrome.execute_script("return document.getElementById('bm-search-results').innerText")
