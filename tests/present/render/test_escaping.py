"""Hostile article text must stay inert text."""
from __future__ import annotations

import json
import re

import pytest

from geo.present.render.safety import html_text, js_json, safe_color, safe_url
from tests.present.render import fixtures as fx
from tests.present.render.helpers import payload_html


@pytest.fixture(scope="module")
def html():
    return payload_html()


def _scripts(html):
    return re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S | re.I)


def test_payloads_never_raw(html):
    assert "<img src=x onerror" not in html
    assert "<script>alert(1)" not in html
    assert "</script><script>alert(1)" not in html
    # no Jinja evaluation of article text anywhere (branca re-renders macro output)
    assert "{{ 7*7 }}" in html.replace("&#123;", "{").replace("&#125;", "}").replace(
        "\\u007b", "{").replace("\\u007d", "}")
    assert ">49<" not in html and "49 jinja" not in html


def test_script_count_is_ours(html):
    # every <script> in the page is one we emitted: a payload cannot open a new one
    n_scripts = len(re.findall(r"<script\b", html, flags=re.I))
    from tests.present.render.helpers import briefing_html
    assert n_scripts == len(re.findall(r"<script\b", briefing_html(), flags=re.I))


def test_javascript_urls_dropped(html):
    assert "javascript:alert(1)" not in html
    assert "javascript:" not in html.lower()


def test_json_payload_roundtrip():
    for text in fx.PAYLOADS:
        enc = js_json({"t": text})
        assert "<" not in enc and ">" not in enc and "&" not in enc
        assert "{" not in enc[1:-1] and "}" not in enc[1:-1]
        assert json.loads(enc) == {"t": text}
        assert "\u2028" not in enc


def test_helpers():
    assert html_text("<a href='x'>{{y}}</a>") == "&lt;a href=&#x27;x&#x27;&gt;&#123;&#123;y&#125;&#125;&lt;/a&gt;"
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url("JAVASCRIPT:alert(1)") == ""
    assert safe_url("data:text/html,<script>") == ""
    assert safe_url("https://example.com/x y") == ""
    assert safe_url("http://example.com/") == "http://example.com/"
    assert safe_color("#FFF", "#000") == "#fff"
    assert safe_color("#fff;}", "#000") == "#000"


def test_no_template_injection_rce():
    from geo.present.render import render_map
    evil = '{{ lipsum.__globals__["os"].getpid() }}'
    f = fx.point("intelligence", "Havana", evil, source=evil)
    f["properties"]["place"] = evil
    html = render_map([f], fx.LAYERS, [], title=evil, subtitle=evil, credits=[evil])
    import os
    assert str(os.getpid()) not in html


def test_json_braces_escaped_the_same_by_both_paths():
    from geo.present.render.safety import _js_json_split

    cases = [{"k{ey}": ["{a}", "b", ("}{",)], "n": 1.5, "none": None},
             ["plain", {"x": "no braces"}],
             # text like the private-use stand-ins an earlier js_json used, or their escapes
             ["\ue000 {x}", "\\ue001 }"], {"q": "queue00 {"}]
    for obj in cases:
        enc = js_json(obj)
        assert enc == _js_json_split(obj)
        assert json.loads(enc) == json.loads(json.dumps(obj))
        assert all("{" not in s and "}" not in s for s in re.findall(r'"(?:[^"\\]|\\.)*"', enc))
