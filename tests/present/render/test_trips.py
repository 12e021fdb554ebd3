"""A trip's legs in the browser: each leg's popup lists the whole itinerary."""
from __future__ import annotations

import time

from geo.pipeline import build
from tests.present.render.test_browser import _errors, _load


def test_a_leg_popup_shows_the_itinerary(chrome, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tour.txt").write_text(
        "Japanese Foreign Minister Yoko Kamikawa will visit Australia, New Zealand and Fiji next month.\n",
        encoding="utf-8")
    out = tmp_path / "out" / "map.html"
    build(corpus, out, use_cache=False)
    _load(chrome, tmp_path, "map.html", out.read_text(encoding="utf-8"))
    assert chrome.execute_script("return BRIEFMAP.api.openRoute('Wellington')")
    time.sleep(0.3)
    itinerary = chrome.execute_script(
        "var e = document.querySelector('.leaflet-popup .bm-itinerary'); return e && e.textContent")
    assert itinerary and "Tokyo" in itinerary and "Canberra" in itinerary and "Wellington" in itinerary
    bold = chrome.execute_script("return document.querySelector('.leaflet-popup .bm-itinerary strong').textContent")
    assert bold == "Wellington"
    assert not _errors(chrome)
