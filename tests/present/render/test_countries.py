"""Findings about a whole country, in headless Chromium with the network off:
drawn on the country's outline with a tag inside its land (or beside it with a
leader when it is too small on screen), never as a marker at its point; the
tag opens the country's panel; search, layer toggles and story steps reach it.
Test data of my own (a made-up briefing about Norwegian ports)."""
from __future__ import annotations

import time

import pytest
from shapely.geometry import Point, Polygon

from geo.present.render import render_map
from geo.present.render.map import _layers, _payload
from tests.present.render.helpers import layer_switch
from tests.present.render.test_browser import _errors, _load

LAYERS = [{"id": "ports", "title": "Ports", "color": "#0072b2"},
          {"id": "fishing", "title": "Fishing rights", "color": "#009e73"},
          {"id": "finance", "title": "Finance", "color": "#e69f00"}]
DOCS = [{"doc": "a.txt", "title": "Ports", "outlet": "Test Wire", "published": "2024-03-02", "url": ""}]
POINTS = {"Norway": (10.0, 62.0, "country", "NO"), "Bergen": (5.32, 60.39, "city", "NO"),
          "Luxembourg": (6.17, 49.75, "country", "LU")}


def finding(layer, place, claim, *, status="reported", published="2024-03-02"):
    lon, lat, kind, code = POINTS[place]
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"layer": layer, "place": place, "place_id": "t:" + place, "place_kind": kind,
                           "country": code, "geo_precision": kind, "claim": claim, "doc": "a.txt",
                           "source": "Test Wire", "published": published, "status": status}}


def relation_about(place, claim):
    """A claim whose one actor place is a country and that names no place in it."""
    lon, lat, _, code = POINTS[place]
    return {"type": "Feature", "geometry": None,
            "properties": {"layer": "finance", "place": None, "claim": claim, "doc": "a.txt", "source": "Test Wire",
                           "published": "2024-02-01", "status": "reported", "geo_precision": "none",
                           "actors": [{"name": place, "kind": "place", "role": "associative",
                                       "place_id": "t:" + place, "country": code}],
                           "places": [{"name": place, "place_id": "t:" + place, "lat": lat, "lon": lon}]}}


FEATURES = [
    finding("ports", "Norway", "Ferry operators said the coast of the country would get four new quays."),
    finding("fishing", "Norway", "The country extended its fishing zone, the ministry said.", status="confirmed"),
    finding("fishing", "Norway", "A trawler group denied it fished inside the zone.", status="denied"),
    finding("ports", "Bergen", "The harbour master in Bergen opened a cruise pier."),
    relation_about("Norway", "The sovereign fund of Norway sold its shipping shares."),
    finding("finance", "Luxembourg", "Funds registered in the duchy bought the quays' bonds."),
]
STORY = {"title": "Ports", "source": "test", "steps": [
    {"title": "The fishing zone", "narration": "A wider fishing zone and who denies fishing in it.",
     "feature_ids": [1, 2]},
    {"title": "A cruise pier", "narration": "One city's pier.", "feature_ids": [3]}]}


@pytest.fixture(scope="module")
def page(chrome, tmp_path_factory):
    html = render_map(FEATURES, LAYERS, DOCS, title="Norwegian ports", story=STORY)
    _load(chrome, tmp_path_factory.mktemp("countries"), "countries.html", html)
    assert chrome.execute_script("return BRIEFMAP.api.ready()")
    chrome.execute_script("BRIEFMAP.api.overview()")
    time.sleep(0.4)
    return chrome


def _payload_of(features):
    data, _ = _payload(features, _layers(LAYERS, features), STORY, [])
    return data


def test_payload_gives_a_country_its_outline_and_its_relations():
    data = _payload_of(FEATURES)
    places = {p["place"]: p for p in data["places"]}
    assert set(places) == {"Norway", "Bergen", "Luxembourg"}     # the relation joined Norway
    norway = places["Norway"]
    assert len(norway["claims"]) == 4 and "area" in places["Luxembourg"] and "area" not in places["Bergen"]
    shape = Polygon(norway["area"]["polygons"][0][0])             # [lat, lon] rings
    assert all(shape.contains(Point(a)) for a in norway["area"]["anchors"][:1])
    assert [data["places"][i]["place"] for i in norway["area"]["inside"]] == ["Bergen"]
    # the story step about the country is framed on its land, not on one point
    (s, w), (n, e) = data["story"]["steps"][0]["bounds"]
    assert n - s > 10 and e - w > 20


def test_no_marker_at_a_country_only_its_outline_and_tag(page):
    markers = {m["place"] for m in page.execute_script("return BRIEFMAP.api.markers()")}
    assert "Norway" not in markers and "Luxembourg" not in markers and "Bergen" in markers
    assert sorted(page.execute_script("return BRIEFMAP.api.outlines()")) == ["Luxembourg", "Norway"]
    tags = {t["place"]: t for t in page.execute_script("return BRIEFMAP.api.areas()")}
    assert tags["Norway"]["count"] == 4 and tags["Luxembourg"]["count"] == 1
    # the tag sits inside the land, or beside a country too small for it with a leader line
    for name, tag in tags.items():
        x, y, w, h = tag["box"]
        lat, lon = page.execute_script("""
            const m = Object.values(window).find(v => v instanceof L.Map);
            const ll = m.containerPointToLatLng([arguments[0] - m.getContainer().getBoundingClientRect().left,
                                                arguments[1] - m.getContainer().getBoundingClientRect().top]);
            return [ll.lat, ll.lng];""", x + w / 2, y + h / 2)
        area = next(p for p in _payload_of(FEATURES)["places"] if p["place"] == name)["area"]
        inside = any(Polygon(poly[0]).contains(Point(lat, lon)) for poly in area["polygons"])
        assert inside if tag["inside"] else page.execute_script(
            "return document.querySelectorAll('path.bm-area-leader').length") >= 1, (name, tag)
    assert _errors(page) == []


def test_the_tag_opens_the_countrys_panel(page):
    tag = page.find_element("xpath", "//div[contains(@class,'bm-area-tag')][.//span[text()='Norway']]")
    tag.click()
    time.sleep(0.3)
    text = page.execute_script("return BRIEFMAP.api.areaPanel()")
    assert text.startswith("Norway") and "4 findings about Norway as a whole" in text
    for f in FEATURES[:3] + FEATURES[4:5]:
        assert f["properties"]["claim"] in text
    assert "Bergen (1)" in text and "cruise pier" not in text
    # from the panel to a place inside the country
    page.find_element("xpath", "//button[contains(@class,'bm-linkish')][starts-with(text(),'Bergen')]").click()
    time.sleep(0.3)
    assert page.execute_script("return BRIEFMAP.api.areaPanel()") is None
    assert "cruise pier" in page.execute_script("return document.querySelector('.leaflet-popup-content').innerText")
    page.execute_script("BRIEFMAP.api.overview()")


def test_a_layer_chip_in_the_panel_narrows_its_list_and_pressed_again_restores_it(page):
    page.execute_script("BRIEFMAP.api.openArea('Norway')")
    time.sleep(0.3)

    def items():
        return page.execute_script("return document.querySelectorAll('#bm-area-panel .bm-claims > li').length")

    assert items() == 4
    chip = page.find_element("xpath", "//*[@id='bm-area-panel']//button[contains(@class,'bm-chip')]"
                                      "[starts-with(normalize-space(.),'Fishing rights')]")
    assert chip.get_attribute("aria-pressed") == "false"
    chip.click()
    time.sleep(0.2)
    text = page.execute_script("return BRIEFMAP.api.areaPanel()")
    assert items() == 2 and "fishing zone" in text and "four new quays" not in text
    chip = page.find_element("xpath", "//*[@id='bm-area-panel']//button[contains(@class,'bm-chip-on')]")
    assert chip.get_attribute("aria-pressed") == "true"
    chip.click()
    time.sleep(0.2)
    assert items() == 4
    page.find_element("css selector", "#bm-area-panel .bm-area-close").click()
    assert page.execute_script("return BRIEFMAP.api.areaPanel()") is None
    page.execute_script("BRIEFMAP.api.overview()")
    assert _errors(page) == []


def test_layer_toggles_and_search_reach_country_findings(page):
    box = layer_switch(page, "Fishing rights")
    box.click()
    time.sleep(0.3)
    tags = {t["place"]: t for t in page.execute_script("return BRIEFMAP.api.areas()")}
    assert tags["Norway"]["count"] == 2
    box.click()
    time.sleep(0.3)
    assert page.execute_script("return BRIEFMAP.api.search('Norway')") >= 1
    page.find_element("css selector", "#bm-search-results .bm-search-btn").click()
    time.sleep(1.2)
    assert page.execute_script("return BRIEFMAP.api.areaPanel()").startswith("Norway")
    page.execute_script("BRIEFMAP.api.search(''); BRIEFMAP.api.overview()")


def test_a_story_step_names_its_country_in_projector_type(page):
    page.execute_script("BRIEFMAP.api.story.go(0, true)")
    for _ in range(60):
        if page.execute_script("return BRIEFMAP.api.story.settled()"):
            break
        time.sleep(0.05)
    time.sleep(0.4)
    places = page.execute_script("return BRIEFMAP.api.story.places()")
    assert [p["place"] for p in places] == ["Norway"]
    lit = [lab for lab in page.execute_script("return BRIEFMAP.api.labels()") if lab["lit"]]
    assert [lab["text"] for lab in lit] == ["Norway"]
    u = min(1600 / 1920, 1000 / 1080)
    assert lit[0]["fontSize"] >= 22 * u - 0.5
    x, y, w, h = lit[0]["box"]
    assert 0 <= x and x + w <= 1600 and 0 <= y and y + h <= 1000
    # the tag counts the step's own findings there, and the denial shows as a mark
    tags = {t["place"]: t for t in page.execute_script("return BRIEFMAP.api.areas()")}
    assert tags["Norway"]["count"] == 2 and tags["Norway"]["lit"]
    assert "Luxembourg" not in tags            # a step names only its own places
    assert page.execute_script(
        "return document.querySelector('.bm-area-tag.bm-lit .bm-mark').textContent") == "?"
    page.execute_script("BRIEFMAP.api.story.exit()")
    assert _errors(page) == []


def test_a_large_country_with_few_findings_is_hatched_lighter_than_a_small_one_with_many(chrome, tmp_path):
    """At world zoom a country that fills much of the screen is not drawn as the map's main
    subject: Canada with two findings is hatched far lighter than Jamaica with twelve."""
    pts = {"Canada": (-100.0, 60.0, "CA"), "Jamaica": (-77.3, 18.1, "JM")}

    def about(place, n):
        lon, lat, code = pts[place]
        return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"layer": "ports", "place": place, "place_id": "t:" + place, "place_kind": "country",
                               "country": code, "geo_precision": "country", "doc": "a.txt", "source": "Test Wire",
                               "claim": f"Harbour works number {n} in {place} began, the authority said.",
                               "published": "2024-03-02", "status": "reported"}}

    features = [about("Canada", n) for n in range(2)] + [about("Jamaica", n) for n in range(12)]
    _load(chrome, tmp_path, "hatch.html", render_map(features, LAYERS, DOCS, title="Harbours"))
    chrome.execute_script("const m = Object.values(window).find(v => v instanceof L.Map); m.setView([30, -40], 2, {animate: false});")
    time.sleep(0.4)
    world = chrome.execute_script("return BRIEFMAP.api.areaStyles()")
    assert world["Canada"]["fillOpacity"] < 0.5 * world["Jamaica"]["fillOpacity"], world
    assert world["Canada"]["weight"] < world["Jamaica"]["weight"], world
    # a small country with many findings keeps the full hatching
    assert world["Jamaica"]["fillOpacity"] >= 0.44, world
    assert _errors(chrome) == []


def test_a_relation_of_one_countrys_city_joins_that_countrys_panel_not_the_city():
    lon, lat, _, _ = POINTS["Bergen"]
    about_bergen = {"type": "Feature", "geometry": None, "properties": {
        "layer": "finance", "place": None, "claim": "Bergen's council said the country must spend less.",
        "doc": "a.txt", "source": "Test Wire", "published": "2024-02-01", "status": "reported",
        "geo_precision": "none", "country": "NO", "relation": "country", "relation_ends": ["t:Bergen-council"],
        "actors": [{"name": "Bergen", "kind": "place", "role": "associative", "place_id": "t:Bergen-council",
                    "country": "NO"}],
        "places": [{"name": "Bergen", "place_id": "t:Bergen-council", "lat": lat, "lon": lon}]}}
    data = _payload_of(FEATURES + [about_bergen])
    places = {p["place"]: p for p in data["places"]}
    assert len(places["Norway"]["claims"]) == 5 and len(places["Bergen"]["claims"]) == 1
    # a country no finding places whole still gets the relation, at its outline
    alone = dict(about_bergen, properties=dict(about_bergen["properties"], country="LU"))
    data = _payload_of([alone])
    assert [(p["place"], "area" in p) for p in data["places"]] == [("Luxembourg", True)]
