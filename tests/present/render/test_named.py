"""The "Also named" dots: which places the findings name that the map draws as dots, in the
payload and in a real browser."""
from __future__ import annotations

import time

from geo.present.render.map import PAYLOAD_VERSION, _layers, _payload, render_map
from geo.present.render.named import named_places
from tests.present.render.helpers import layer_switch

LAYERS = [{"id": "military", "title": "Military", "color": "#e69f00"}]


def _place(name, pid, kind, role, lat, lon, start, doc="a.txt"):
    return {"name": name, "place_id": pid, "kind": kind, "role": role, "lat": lat, "lon": lon,
            "doc": doc, "start": start, "end": start + len(name)}


def _finding(place_id, lon, lat, places, claim="Troops moved from Gao to Kidal.", geometry=True):
    return {"type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]} if geometry else None,
            "properties": {"layer": "military", "place": place_id.title(), "place_id": place_id,
                           "place_kind": "city", "claim": claim, "status": "reported", "places": places}}


KIDAL = _place("Kidal", "kidal", "city", "literal", 18.44, 1.41, 30)
GAO = _place("Gao", "gao", "city", "literal", 16.27, -0.04, 20)


def test_a_literal_place_not_drawn_is_named_once_with_every_finding_naming_it():
    other = _place("Gao", "gao", "city", "literal", 16.27, -0.04, 5, doc="b.txt")
    features = [_finding("kidal", 1.41, 18.44, [KIDAL, GAO]),
                _finding("timbuktu", -3.0, 16.77, [_place("Timbuktu", "timbuktu", "city", "literal", 16.77, -3.0, 0),
                                                   other])]
    (gao,) = named_places(features)
    assert (gao.name, gao.features) == ("Gao", (0, 1))
    assert gao.mentions == (("a.txt", 20, 23), ("b.txt", 5, 8))


def test_actors_countries_own_loci_and_relations_are_not_named():
    bamako = _place("Bamako", "bamako", "city", "associative", 12.65, -8.0, 0)     # "Bamako said"
    mali = _place("Mali", "ml", "country", "literal", 17.0, -4.0, 40)             # on its outline
    relation = _finding("", 0, 0, [_place("Menaka", "menaka", "city", "literal", 15.9, 2.4, 9)], geometry=False)
    features = [_finding("kidal", 1.41, 18.44, [KIDAL, bamako, mali]), relation]
    assert named_places(features) == []


def test_a_place_drawn_as_another_findings_locus_is_named_for_the_findings_drawn_elsewhere():
    # Gao has a marker of its own (the second finding); the first finding, drawn at Kidal, names
    # Gao too: the dot opens that one, the marker the other.
    gao_locus = _finding("gao", -0.04, 16.27, [_place("Gao", "gao", "city", "literal", 16.27, -0.04, 60)])
    (gao,) = named_places([_finding("kidal", 1.41, 18.44, [KIDAL, GAO]), gao_locus])
    assert (gao.name, gao.features, gao.mentions) == ("Gao", (0,), (("a.txt", 20, 23),))


def test_a_broken_record_is_not_drawn():
    bad = dict(GAO, lat="north")
    assert named_places([_finding("kidal", 1.41, 18.44, [KIDAL, bad, "x"])]) == []


def test_the_payload_points_each_dot_at_the_drawn_claims_naming_it():
    features = [_finding("kidal", 1.41, 18.44, [KIDAL, GAO])]
    data, _ = _payload(features, _layers(LAYERS, features), {}, [])
    assert data["version"] == PAYLOAD_VERSION
    assert data["named"] == [{"place": "Gao", "lat": 16.27, "lon": -0.04, "kind": "city", "claims": [0]}]
    assert data["claims"][0]["claim"] == "Troops moved from Gao to Kidal."


def test_the_layer_is_offered_only_when_something_is_named():
    with_dot = render_map([_finding("kidal", 1.41, 18.44, [KIDAL, GAO])], LAYERS, [], title="Mali")
    without = render_map([_finding("kidal", 1.41, 18.44, [KIDAL])], LAYERS, [], title="Mali")
    assert "Also named (1)" in with_dot and "Also named (" not in without


def test_dots_draw_toggle_open_and_are_found_by_search(chrome, tmp_path):
    from tests.present.render.test_browser import _errors, _load

    html = render_map([_finding("kidal", 1.41, 18.44, [KIDAL, GAO])], LAYERS, [], title="Mali")
    _load(chrome, tmp_path, "named.html", html)
    assert chrome.execute_script("return BRIEFMAP.api.ready()")
    assert chrome.execute_script("return BRIEFMAP.api.named()") == ["Gao"]
    # the dot opens the finding that names it, saying where that finding is drawn
    chrome.execute_script("document.querySelector('path.bm-named').dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    time.sleep(0.3)
    popup = chrome.execute_script("return document.querySelector('.leaflet-popup-content').innerText")
    assert "Gao" in popup and "Drawn at Kidal" in popup and "Troops moved from Gao to Kidal." in popup
    assert chrome.execute_script("return BRIEFMAP.api.search('gao')") >= 1
    hits = chrome.execute_script("return document.getElementById('bm-search-results').innerText")
    assert "also named in 1 finding" in hits
    box = layer_switch(chrome, "Also named")
    box.click()
    time.sleep(0.3)
    assert chrome.execute_script("return BRIEFMAP.api.named()") == []
    assert _errors(chrome) == []


def test_a_site_drawn_from_the_same_sentence_is_not_named_again():
    # one sentence, two sites: one finding per site, each naming the other
    base = _place("Ream", "ream", "site", "literal", 10.5, 103.6, 0)
    port = _place("Khalifa Port", "khalifa", "site", "literal", 24.8, 54.6, 30)
    a, b = _finding("ream", 103.6, 10.5, [base, port]), _finding("khalifa", 54.6, 24.8, [base, port])
    a["properties"]["finding"], b["properties"]["finding"] = "a.txt#0@0#0", "a.txt#0@0#1"
    assert named_places([a, b]) == []
