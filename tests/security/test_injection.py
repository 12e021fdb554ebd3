"""Hostile article text, titles, outlets, URLs, file names and metadata end up as
text on the map: nothing executes, links are only http(s), the map still works.

The corpus (tests/security/data/payloads.json) goes through the whole pipeline
(documents -> ... -> render), and the map is opened in headless Chromium with
the network switched off.
"""
from __future__ import annotations

import json
import re

import pytest

from geo.pipeline import build
from geo.present.outputs import outputs_for
from tests.security.corpus import EVIL_NAME, PAYLOADS, hostile_corpus


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, gazetteer):
    root = tmp_path_factory.mktemp("hostile")
    folder = hostile_corpus(root / "articles")
    out = root / "out" / "map.html"
    result = build(folder, out, use_cache=False, title="<script>window.__pwned=20</script> {{ 7*7 }}")
    features = json.loads(outputs_for(out)["geojson"].read_text(encoding="utf-8"))["features"]
    return result, out, features


def test_payloads_reach_the_outputs_verbatim(hostile_build):
    """Nothing is stripped or rewritten on the way: the GeoJSON holds the article text as written."""
    import yaml

    result, out, features = hostile_build
    # every sentence of a finding, not only its first: two payload sentences that differ only in
    # their numbers ("window.__pwned=1;alert(1)", "...=2;alert(2)") are one finding with two sources
    sources = [c for f in features for c in f["properties"].get("claims", [])]
    outlets = {f["properties"]["source"] for f in features} | {c["source"] for c in sources}
    claims = " ".join([f["properties"]["claim"] for f in features] + [c["claim"] for c in sources])
    # outlets come from sources.yaml: compare with what YAML itself reads (it folds U+2028/U+0085)
    meta = yaml.safe_load((out.parents[1] / "articles" / "sources.yaml").read_text(encoding="utf-8"))
    for name, fields in meta.items():
        assert fields["outlet"] in outlets, fields["outlet"]
    # each payload sits in a Havana sentence; the sentence splitter may cut one at "]]>"
    assert sum(p in claims for p in PAYLOADS) >= len(PAYLOADS) - 2
    assert any(f["properties"]["doc"] == EVIL_NAME for f in features)


def test_only_http_links_survive_and_each_drop_is_reported(hostile_build):
    result, _, features = hostile_build
    urls = {f["properties"]["url"] for f in features} - {""}
    assert urls and all(re.match(r"https?://", u) for u in urls)
    dropped = [p for p in result.problems if "field 'url' ignored" in p]
    assert len(dropped) == sum(1 for i in range(len(PAYLOADS)) if i % 2)


def test_jinja_in_article_text_is_not_evaluated(hostile_build):
    _, out, _ = hostile_build
    html = out.read_text(encoding="utf-8")
    # branca re-renders element output as a template: a payload evaluated there
    # would leave "49" or Python object reprs instead of the escaped braces
    assert "lipsum" in html and "<function" not in html and "__subclasses__" in html
    assert "\\u007b\\u007b 7*7 \\u007d\\u007d" in html   # braces escaped in the JSON payload
    assert "<script>window.__pwned" not in html     # no raw payload script tag anywhere
    assert not re.search(r"<img[^>]*onerror", html)


def _collect_texts(driver) -> list[str]:
    """Open every place's popup and every visit line's popup, and return their text."""
    return driver.execute_script("""
        const out = [];
        const names = [...new Set(BRIEFMAP.api.markers().flatMap(m => m.place.split('|')))];
        for (const name of names) {
          if (BRIEFMAP.api.openPlace(name)) {
            const p = document.querySelector('.leaflet-popup-content');
            if (p) out.push(p.textContent);
          }
        }
        Object.values(window).forEach(v => {
          if (v instanceof L.Map) v.eachLayer(l => {
            if (l.getPopup && l.getPopup()) { l.openPopup(); const p = document.querySelector('.leaflet-popup-content');
              if (p) out.push(p.textContent); l.closePopup(); }
          });
        });
        out.push(document.body.textContent);
        return out;""")


def test_hostile_map_is_inert_and_shows_text_literally(chrome, hostile_build, tmp_path):
    from tests.present.render.test_browser import _alert_fired, _errors, _load, _network_requests

    _, out, features = hostile_build
    page = _load(chrome, tmp_path, "hostile.html", out.read_text(encoding="utf-8"))
    assert not _alert_fired(chrome)
    assert _errors(chrome) == []
    assert chrome.execute_script("return typeof window.L") == "object"   # the map still works
    assert chrome.execute_script("return window.__pwned === undefined")
    assert _network_requests(chrome, page.as_uri()) == []
    n = chrome.execute_script("return document.querySelectorAll('path.leaflet-interactive').length")
    assert n >= 2   # one marker per place (several places in the hostile corpus)
    texts = _collect_texts(chrome)
    assert not _alert_fired(chrome)
    assert chrome.execute_script("return window.__pwned === undefined")
    joined = "\n".join(texts)
    for payload in PAYLOADS:                        # claims and outlets: shown as written
        assert payload in joined or payload.startswith("\u2028"), payload
    for f in features:                              # every claim: shown as written
        assert f["properties"]["claim"].strip()[:4000] in joined
    assert "{{ 7*7 }}" in joined and EVIL_NAME in joined
    assert "Corrected: pinned to site:lourdes-sigint" in joined
    # no element the payloads describe was created; links are http(s) only
    assert chrome.execute_script("return document.querySelectorAll('img, iframe, math, mglyph').length") == 0
    hrefs = chrome.execute_script("return [...document.querySelectorAll('a[href]')].map(a => a.href)")
    assert all(h.startswith(("http://", "https://", page.as_uri() + "#")) for h in hrefs), hrefs
    assert any(h.startswith("https://example.com/") for h in hrefs)
    assert chrome.execute_script("return document.title") == "<script>window.__pwned=20</script> {{ 7*7 }}"
    assert _errors(chrome) == []
