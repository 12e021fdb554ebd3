"""Open the map in headless Chromium with the network off and check it works."""
from __future__ import annotations

import json
import time
from pathlib import Path

from tests.present.render import fixtures as fx
from tests.present.render.helpers import briefing_html, payload_html

SHOT = Path("/tmp/map-shot.png")
SHOT_POPUP = Path("/tmp/map-shot-popup.png")


def _load(driver, tmp_path, name, html):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    driver.get_log("browser")       # drain logs from earlier pages
    driver.get_log("performance")
    driver.get(path.as_uri())
    for _ in range(50):
        if driver.execute_script("return document.readyState") == "complete":
            break
        time.sleep(0.1)
    time.sleep(0.5)
    return path


def _errors(driver):
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def _network_requests(driver, page_uri):
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg["method"] == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return [u for u in urls if u != page_uri and not u.startswith("data:")]


def _resources(driver):
    return driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => !n.startsWith('data:'));")


def _alert_fired(driver):
    from selenium.common.exceptions import NoAlertPresentException
    try:
        driver.switch_to.alert.dismiss()
        return True
    except NoAlertPresentException:
        return False


def _open_popup_at(driver, layer_id, place):
    """Open the popup of the place marker ``place`` via the runtime's API and
    return its text (the marker lists every layer's claims; ``layer_id`` is
    kept for the callers' readability and checked against the popup)."""
    return driver.execute_script("""
        const [layerId, place] = arguments;
        if (!BRIEFMAP.api.openPlace(place)) return null;
        const pop = document.querySelector('.leaflet-popup-content');
        return pop ? pop.innerText : null;
    """, layer_id, place)


def test_briefing_map_offline(chrome, tmp_path):
    page = _load(chrome, tmp_path, "brief.html", briefing_html())
    assert _errors(chrome) == []
    assert chrome.execute_script("return typeof window.L") == "object"
    assert _network_requests(chrome, page.as_uri()) == []
    assert _resources(chrome) == []
    control = chrome.execute_script(
        "return document.querySelector('.leaflet-control-layers').innerText")
    for text in ("Project 141 sites (4)", "Visits (1)", "Intelligence facilities (4)",
                 "Military (1)", "Diplomacy (1)", "Country outlines (offline)"):
        assert text in control
    # one marker per place (Havana and Lourdes may share a group marker at
    # world zoom) and one visit arc
    markers = chrome.execute_script("return BRIEFMAP.api.markers()")
    names = "|".join(m["place"] for m in markers)
    for place in fx.PLACES:
        assert names.count(place) == 1, (place, names)
    assert chrome.execute_script("return BRIEFMAP.api.routes()") == 1
    # the outlines are drawn (non-interactive paths) and no tile image exists
    assert chrome.execute_script("return document.querySelectorAll('path:not(.leaflet-interactive)').length") > 100
    assert chrome.execute_script("return document.querySelectorAll('img.leaflet-tile').length") == 0
    chrome.save_screenshot(str(SHOT))
    text = _open_popup_at(chrome, "intelligence", "Havana")
    assert text and "Granma" in text and "Denied" in text.title()
    # newest first: 2023-06 event before 2019
    assert text.index("secret agreement") < text.index("since 2019")
    time.sleep(0.3)
    chrome.save_screenshot(str(SHOT_POPUP))
    assert _errors(chrome) == []


def test_payload_map_is_inert(chrome, tmp_path):
    _load(chrome, tmp_path, "payload.html", payload_html())
    assert not _alert_fired(chrome)
    assert _errors(chrome) == []
    assert chrome.execute_script("return typeof window.L") == "object"
    text = _open_popup_at(chrome, "intelligence", "Havana")
    assert not _alert_fired(chrome)
    assert text is not None
    for payload in fx.PAYLOADS[:5]:
        assert payload in text, payload
    # links: only http(s) hrefs exist inside the popup
    hrefs = chrome.execute_script(
        "return [...document.querySelectorAll('.leaflet-popup-content a')].map(a => a.href)")
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    # hostile place name shows literally in its tooltip/popup
    text = _open_popup_at(chrome, "project141", fx.PAYLOADS[2])
    assert text and fx.PAYLOADS[2] in text
    assert not _alert_fired(chrome)
    # hostile layer title shows as text in the layer control, no image element injected
    control = chrome.execute_script("return document.querySelector('.leaflet-control-layers').innerText")
    assert "<img src=x onerror=alert(1)> {{ 7*7 }} (1)" in control
    assert chrome.execute_script("return document.querySelectorAll('img').length") == 0
    assert chrome.execute_script("return document.title") == "<script>alert(1)</script> {{ 7*7 }}"
    # hover tooltip of the visit arc (visitor is a payload)
    assert _errors(chrome) == []


def test_hostile_story_and_distances_are_inert(chrome, tmp_path):
    from geo.present.render import render_map

    evil = fx.PAYLOADS
    story = {"title": evil[0], "source": evil[5], "steps": [
        {"title": evil[2], "narration": evil[1] + evil[3], "feature_ids": [5, 6]},
        {"title": evil[5], "narration": evil[6], "feature_ids": [10]}]}
    dist = [{"label": evil[2] + " " + evil[5], "stated": evil[0], "site": evil[1], "measured_m": 1.0,
             "stated_m": 2.0, "ring": [[23.1, -82.4], [23.2, -82.3], [23.1, -82.4]],
             "line": [[23.1, -82.4], [24.5, -81.8]], "feature_ids": [5]}]
    html = render_map(fx.briefing_features(), fx.LAYERS, fx.DOCUMENTS, title="t", story=story, distances=dist)
    assert "<img src=x" not in html and "</script><script>" not in html
    _load(chrome, tmp_path, "evil-story.html", html)
    assert not _alert_fired(chrome)
    chrome.execute_script("BRIEFMAP.api.story.go(0, true)")
    time.sleep(0.3)
    assert chrome.find_element("id", "bm-step-title").text == evil[2]
    assert evil[1] in chrome.find_element("id", "bm-step-narration").text
    chrome.execute_script("BRIEFMAP.api.story.go(1, true)")
    time.sleep(0.3)
    assert not _alert_fired(chrome)
    assert chrome.execute_script("return document.querySelectorAll('img').length") == 0
    assert chrome.find_element("id", "bm-step-title").text == evil[5]
    assert _errors(chrome) == []
