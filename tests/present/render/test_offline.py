"""The page must not reference any network resource in script/link tags."""
from __future__ import annotations

import re

from geo.present.render.assets import leaflet_css, leaflet_js
from tests.present.render.helpers import briefing_html, payload_html

TAG = re.compile(r"<(script|link|img|iframe|source|embed|object)\b[^>]*>", re.I)
ATTR = re.compile(r"""\b(?:src|href|data)\s*=\s*["']?([^"'\s>]+)""", re.I)


def _external_refs(html: str) -> list[str]:
    refs = []
    # Only look at markup outside <script>/<style> bodies (inlined JS contains "<link" in regexes).
    markup = re.sub(r"(<script\b[^>]*>).*?(</script>)", r"\1\2", html, flags=re.S | re.I)
    markup = re.sub(r"(<style\b[^>]*>).*?(</style>)", r"\1\2", markup, flags=re.S | re.I)
    for tag in TAG.finditer(markup):
        refs += [u for u in ATTR.findall(tag.group(0)) if not u.startswith("data:")]
    return refs


def test_no_external_script_or_link():
    for html in (briefing_html(), payload_html()):
        assert _external_refs(html) == []
        assert not re.search(r"<(script|link)[^>]+(src|href)\s*=\s*[\"']?(https?:)?//", html, re.I)


def test_no_cdn_hosts_anywhere():
    html = briefing_html()
    for host in ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com",
                 "netdna.bootstrapcdn.com", "bootstrap", "awesome-markers", "fontawesome"):
        assert host not in html, host


def test_leaflet_inlined_and_no_jquery():
    html = briefing_html()
    assert "Leaflet 1.9.3" in html
    assert "sourceMappingURL" not in html
    # jQuery (87.5 KB) is not shipped, and nothing outside Leaflet calls $( or jQuery
    assert "jQuery" not in html
    ours = html.replace(leaflet_js(), "")
    assert not re.search(r"(?<![\w.])\$\(", ours)


def test_a_folium_popup_is_refused_since_it_needs_jquery():
    import folium
    import pytest

    from geo.present.render.map import _check_no_jquery_needed

    m = folium.Map(tiles=None)
    folium.CircleMarker([0, 0], popup=folium.Popup("x")).add_to(m)
    with pytest.raises(ValueError, match="jQuery"):
        _check_no_jquery_needed(m)


def test_css_images_are_data_uris():
    css = leaflet_css()
    assert not re.search(r"url\((?!data:|#default#VML)", css)


def test_online_tiles_are_optional_and_hidden():
    html = briefing_html()
    assert "tile.openstreetmap.org" in html  # offered ...
    # ... but never added to the map at load: only the outlines layer is.
    tile_vars = re.findall(r"var (tile_layer_\w+) = L\.tileLayer", html)
    assert len(tile_vars) == 2
    for var in tile_vars:
        assert f"{var}.addTo(" not in html


def test_size_budget():
    from geo.present.render import render_map
    from tests.present.render import fixtures as fx
    html = render_map(fx.seed_scale_features(200), fx.LAYERS, fx.DOCUMENTS, title="Seed scale")
    assert len(html.encode("utf-8")) < 1_000_000
