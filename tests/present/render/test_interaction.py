"""End to end in headless Chromium with networking off: the committed seed
map's layers, story, timeline, search and grouped markers."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml

from tests.present.render.helpers import layer_switch
from tests.present.render.test_browser import _errors, _load, _network_requests

ROOT = Path(__file__).resolve().parents[3]
MAP = ROOT / "maps" / "briefing.html"
SHOTS = Path("/tmp/briefmap-shots")


@pytest.fixture(scope="module")
def seed(chrome, tmp_path_factory):
    page = _load(chrome, tmp_path_factory.mktemp("seedmap"), "briefing.html", MAP.read_text(encoding="utf-8"))
    features = json.loads((ROOT / "maps" / "briefing.geojson").read_text(encoding="utf-8"))["features"]
    assert chrome.execute_script("return BRIEFMAP.api.ready()")
    return chrome, page, features


def _count(driver):
    return driver.execute_script("return BRIEFMAP.api.visibleCount()")


def _readout(driver, expect: str = "", timeout: float = 3.0):
    """The timeline's count line; with ``expect``, once it starts so (redraws wait for a frame)."""
    end = time.monotonic() + timeout
    while True:
        text = driver.execute_script("return document.getElementById('bm-tl-count').textContent")
        if not expect or text.startswith(expect) or time.monotonic() > end:
            return text
        time.sleep(0.05)


def test_loads_offline_clean_and_becomes_interactive(seed):
    driver, page, features = seed
    assert _errors(driver) == []
    assert _network_requests(driver, page.as_uri()) == []
    # The runtime says when it is interactive; how soon is a benchmark (benchmarks/run.py).
    assert driver.execute_script("return window.BRIEFMAP_READY_MS") > 0
    assert _count(driver) == len(features)
    assert _readout(driver) == f"showing {len(features)} of {len(features)} claims"
    assert len(MAP.read_bytes()) < 2_000_000


def test_layer_toggle_changes_markers_and_counts(seed):
    driver, _, features = seed
    n_intel = sum(1 for f in features if f["properties"]["layer"] == "intelligence")
    box = layer_switch(driver, "Intelligence facilities")
    before = _count(driver)
    box.click()
    time.sleep(0.2)
    assert _count(driver) == before - n_intel
    assert _readout(driver, f"showing {before - n_intel} of").startswith(f"showing {before - n_intel} of")
    # Lourdes only has intelligence claims: its marker is gone
    names = "|".join(m["place"] for m in driver.execute_script("return BRIEFMAP.api.markers()"))
    assert "Lourdes SIGINT station" not in names
    box.click()
    time.sleep(0.2)
    assert _count(driver) == before
    assert _errors(driver) == []


def test_timeline_filters_claims_and_visits(seed):
    driver, _, features = seed
    total = _count(driver)
    routes = driver.execute_script("return BRIEFMAP.api.routes()")
    # drag the "from" handle to 2020 (as a user would: set value + input event)
    driver.execute_script("""
        const s = document.getElementById('bm-tl-from'); s.value = '2020';
        s.dispatchEvent(new Event('input', {bubbles: true}));""")
    time.sleep(0.2)
    dated_old = sum(1 for f in features
                    if (f["properties"]["event_date"] or f["properties"]["published"] or "9999")[:4] < "2020")
    assert _count(driver) == total - dated_old
    assert driver.execute_script("return document.getElementById('bm-tl-range').textContent") == "2020 \u2013 today"
    assert driver.execute_script("return BRIEFMAP.api.routes()") < routes     # 1960s visits gone
    # only claims that state an event date in 2020 or later
    driver.find_element("id", "bm-tl-undated").click()
    time.sleep(0.2)
    assert _count(driver) == sum(1 for f in features if (f["properties"]["event_date"] or "0")[:4] >= "2020")
    driver.execute_script("BRIEFMAP.api.setTime(null, null, true)")
    assert _count(driver) == total


def test_story_steps_with_arrow_keys(seed):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver, _, features = seed
    steps = yaml.safe_load((ROOT / "seeds" / "briefing.yaml").read_text(encoding="utf-8"))["steps"]
    driver.find_element("css selector", ".leaflet-container").click()
    ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
    time.sleep(1.8)
    panel = driver.find_element("id", "bm-story")
    assert panel.is_displayed()
    assert driver.find_element("id", "bm-step-title").text == steps[0]["title"]
    assert driver.find_element("id", "bm-step-count").text == f"Step 1 of {len(steps)}"
    text = driver.find_element("id", "bm-step-claims").text
    assert "training" in text and "Havana" in text
    # claims show source, date, attribution and status
    assert "Attribution:" in text and ("REPORTED" in text.upper() or "CONFIRMED" in text.upper())
    # the legend and layer control make room for the panel
    assert not driver.find_element("css selector", ".leaflet-control-layers").is_displayed()
    SHOTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(SHOTS / "story-step-1.png"))
    for _ in range(2):
        ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
        time.sleep(1.6)
    assert driver.execute_script("return BRIEFMAP.api.story.current()") == 2
    assert driver.find_element("id", "bm-step-title").text == steps[2]["title"]
    assert "Lourdes" in driver.find_element("id", "bm-step-claims").text
    # the step's place is highlighted and shown on its own (its group spread out)
    lit = driver.execute_script("return [...document.querySelectorAll('.bm-marker.bm-lit')].length")
    assert lit >= 1     # Lourdes; each finding is drawn once, at its locus
    ActionChains(driver).send_keys(Keys.ARROW_LEFT).perform()
    time.sleep(1.6)
    assert driver.execute_script("return BRIEFMAP.api.story.current()") == 1
    driver.find_element("id", "bm-next").click()
    time.sleep(1.6)
    assert driver.execute_script("return BRIEFMAP.api.story.current()") == 2
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    time.sleep(0.5)
    assert not panel.is_displayed()
    assert driver.find_element("css selector", ".leaflet-control-layers").is_displayed()
    assert _errors(driver) == []


def test_search_finds_places_and_words(seed):
    driver, _, _ = seed
    box = driver.find_element("id", "bm-search-input")
    box.clear()
    box.send_keys("Lourdes")
    time.sleep(0.2)
    hits = driver.find_elements("css selector", "#bm-search-results .bm-search-hit")
    assert hits and "Lourdes SIGINT station" in hits[0].text
    hits[0].find_element("css selector", "button").click()
    time.sleep(1.5)
    pop = driver.execute_script("const p = document.querySelector('.leaflet-popup-content'); return p && p.innerText")
    assert pop and "Lourdes SIGINT station" in pop
    assert driver.execute_script("return BRIEFMAP.api.search('balloon')") >= 1
    assert driver.execute_script("return BRIEFMAP.api.search('zzzqqq')") == 0
    box.clear()


def test_one_marker_per_place_groups_spread_on_click(seed):
    driver, _, _ = seed
    driver.execute_script("BRIEFMAP.api.overview()")
    time.sleep(0.5)
    markers = driver.execute_script("return BRIEFMAP.api.markers()")
    groups = [m for m in markers if m["group"]]
    assert groups, "world zoom should group Havana, Lourdes and Cuba"
    cuba = next(m for m in groups if "Havana" in m["place"])
    members = cuba["place"].split("|")
    driver.execute_script("""
        const names = arguments[0];
        let hit = null;
        Object.values(window).forEach(v => { if (v instanceof L.Map) v.eachLayer(l => {
          if (l.bmGroup && l.bmGroup.length === names.length) hit = l; }); });
        hit.fire('click');""", members)
    time.sleep(0.3)
    after = driver.execute_script("return BRIEFMAP.api.markers()")
    singles = {m["place"] for m in after if not m["group"]}
    assert set(members) <= singles
    # leader lines tie each spread marker to its true position
    assert driver.execute_script("return document.querySelectorAll('path.bm-leader').length") == len(members)
    # a place's popup lists all its claims, all layers, newest first
    text = driver.execute_script("""BRIEFMAP.api.openPlace('Havana');
        return document.querySelector('.leaflet-popup-content').innerText""")
    assert "newest first" in text
    assert _errors(driver) == []
