"""The committed seed map, opened in headless Chromium with the network off."""
from __future__ import annotations

import json
import re
from pathlib import Path

from tests.present.render.test_browser import _errors, _load, _network_requests, _open_popup_at

ROOT = Path(__file__).resolve().parents[3]
MAP = ROOT / "maps" / "briefing.html"
SHOT = Path("/tmp/seed-map.png")


def test_seed_map_works_offline_with_its_layers_and_markers(chrome, tmp_path):
    html = MAP.read_text(encoding="utf-8")
    features = json.loads((ROOT / "maps" / "briefing.geojson").read_text(encoding="utf-8"))["features"]
    page = _load(chrome, tmp_path, "briefing.html", html)
    assert _errors(chrome) == []
    assert _network_requests(chrome, page.as_uri()) == []

    control = chrome.execute_script(
        "return [...document.querySelectorAll('.leaflet-control-layers-overlays label')].map(l => l.innerText.trim())")
    for title in ("Project 141 sites", "Intelligence facilities", "Diplomatic visits"):
        label = next((c for c in control if c.startswith(title)), None)
        assert label is not None, control
        layer_id = {"Project 141 sites": "project141", "Intelligence facilities": "intelligence",
                    "Diplomatic visits": "visits"}[title]
        count = sum(1 for f in features if f["properties"]["layer"] == layer_id)
        assert re.search(rf"\({count}\)", label), (label, count)

    markers = chrome.execute_script("return BRIEFMAP.api.markers()")
    # one marker (or a place in one group marker) per distinct place and point
    places = {(f["properties"]["place"], tuple(f["geometry"]["coordinates"]))
              for f in features if f["geometry"] and f["geometry"]["type"] == "Point"}
    # a relation whose actors are of one country is one of that country's findings (its outline);
    # one whose only actor is a region is shown at the region's point; two countries: a link
    located = {f["properties"]["country"] for f in features if f["properties"].get("geo_precision") == "country"}
    homeless = set()
    for f in features:
        if f["geometry"] is None:
            p = f["properties"]
            named = {r["place_id"]: r for r in p["places"]}
            if p["relation"] == "region":
                end = named[p["relation_ends"][0]]
                places.add((end["name"], (end["lon"], end["lat"])))
            elif p["relation"] == "country" and p["country"] not in located:
                homeless.add(p["country"])
    shown = "|".join(m["place"] for m in markers).split("|")
    # a finding about a whole country is drawn on its outline, never as a marker at a point of it
    outlines = chrome.execute_script("return BRIEFMAP.api.outlines()")
    countries = {f["properties"]["place"] for f in features if f["properties"].get("geo_precision") == "country"}
    assert countries and countries <= set(outlines)
    assert not countries & set(shown)
    assert len(shown) + len(outlines) == len(places) + len(homeless)
    assert {name for name, _ in places} <= set(shown) | set(outlines)

    text = _open_popup_at(chrome, "intelligence", "Lourdes SIGINT station")
    assert text and "Lourdes" in text
    chrome.save_screenshot(str(SHOT))
