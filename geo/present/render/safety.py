"""Escaping helpers for untrusted article text on its way into HTML and JS.

Every string that comes from an article (claim sentences, outlet names,
URLs, even place names) is treated as hostile. Three contexts matter here:

* JSON embedded in a ``<script>`` block: ``</script>`` or ``<!--`` in a string
  would end or confuse the block, so ``<``, ``>`` and ``&`` inside strings are
  written as ``\\u003c`` etc. (valid JSON *and* valid JS).
* Jinja: branca re-parses the *output* of every MacroElement macro as a new
  Jinja template (``Element(header(this, kwargs))``), so ``{{ ... }}`` in
  article text would be evaluated -- with access to Python internals. Our own
  elements bypass that second pass (see ``elements.RawElement``) and we also
  escape ``{`` and ``}`` in every string as defence in depth.
* URLs: only ``http``/``https`` with a host become links.

>>> js_json({"claim": "</script><script>alert(1)</script> {{ 7*7 }}"})
'{"claim":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e \\\\u007b\\\\u007b 7*7 \\\\u007d\\\\u007d"}'
>>> safe_url("javascript:alert(1)"), safe_url(" https://example.com/a?b=1 ")
('', 'https://example.com/a?b=1')
"""
from __future__ import annotations

import html
import json
import math
import re
from urllib.parse import urlsplit

_STRING_LITERAL = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*")')   # unrolled: no per-character alternation
# JSON's own syntax never uses these four, so they can be replaced in the whole text at once.
_OUTSIDE_SYNTAX = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"))
_HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_URL_BAD_CHARS = re.compile(r"[\x00-\x20\x7f\\]")


def js_json(obj) -> str:
    """Serialise ``obj`` as JSON that is safe inside an HTML ``<script>``.

    ASCII only (so U+2028/U+2029 and odd bytes are ``\\u`` escapes), compact,
    and with ``< > & { } '`` inside strings replaced by ``\\u`` escapes.
    Dict key order is preserved (callers build dicts deterministically).

    >>> js_json(["a'b", 1.5, None])
    '["a\\\\u0027b",1.5,null]'
    >>> js_json({"x{y}": ["{}", "\\ue000 {"]}) == _js_json_split({"x{y}": ["{}", "\\ue000 {"]})
    True
    """
    marked, plain = _marked(obj)
    if not plain:            # a string holds a stand-in, or text that reads like its escape
        return _js_json_split(obj)
    text = json.dumps(marked, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    for char, escaped in _OUTSIDE_SYNTAX:
        text = text.replace(char, escaped)
    if marked is not obj:
        text = text.replace(_OPEN_ESCAPED, "\\u007b").replace(_CLOSE_ESCAPED, "\\u007d")
    return text


# Braces inside strings become two private-use characters before the dump, which json.dumps
# writes as escapes, replaced once in the whole text. The old way split the text at every
# string literal: for a 10 MB map payload that list of pieces was a transient 46 MB.
_OPEN, _CLOSE = "\ue000", "\ue001"
_OPEN_ESCAPED, _CLOSE_ESCAPED = "\\ue000", "\\ue001"
_BRACES = str.maketrans({"{": _OPEN, "}": _CLOSE})


def _marked(obj) -> tuple[object, bool]:
    """``obj`` with the braces of its strings (keys too) replaced by the stand-ins (the same
    object where it has none), and whether that is unambiguous: no string holds a stand-in
    or text such as ``\\ue000`` that the replacement after the dump could take for one."""
    plain = True

    def mark(x):
        kind = type(x)
        if kind is str:
            return x.translate(_BRACES) if "{" in x or "}" in x else x
        if kind is dict:
            out, changed = {}, False
            for k, v in x.items():
                k2, v2 = mark(k) if type(k) is str else k, mark(v)
                changed = changed or k2 is not k or v2 is not v
                out[k2] = v2
            return out if changed else x
        if kind is list or kind is tuple:
            items = [mark(v) for v in x]
            return items if any(a is not b for a, b in zip(items, x)) else x
        return x

    def check(x):
        nonlocal plain
        kind = type(x)
        if kind is str:
            if _OPEN in x or _CLOSE in x or "ue00" in x:
                plain = False
        elif kind is dict:
            for k, v in x.items():
                check(k)
                check(v)
        elif kind is list or kind is tuple:
            for v in x:
                check(v)

    check(obj)
    return (mark(obj) if plain else obj), plain


def _js_json_split(obj) -> str:
    """:func:`js_json` the slow way: braces escaped literal by literal after the dump."""
    text = json.dumps(obj, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    for char, escaped in _OUTSIDE_SYNTAX:
        text = text.replace(char, escaped)
    # Braces are also JSON syntax: escape them only inside string literals (the odd parts of the split).
    parts = _STRING_LITERAL.split(text)
    for i in range(1, len(parts), 2):
        if "{" in parts[i] or "}" in parts[i]:
            parts[i] = parts[i].replace("{", "\\u007b").replace("}", "\\u007d")
    return "".join(parts)


def html_text(value) -> str:
    """Escape text for HTML element content or a quoted attribute.

    Braces become character references so the result is inert if a later
    stage treats it as a Jinja template.

    >>> html_text('<img src=x onerror="a"> {{x}}')
    '&lt;img src=x onerror=&quot;a&quot;&gt; &#123;&#123;x&#125;&#125;'
    """
    s = html.escape("" if value is None else str(value), quote=True)
    return s.replace("{", "&#123;").replace("}", "&#125;")


def safe_url(url) -> str:
    """Return ``url`` if it is an absolute http(s) URL with a host, else "".

    >>> safe_url("HTTPS://Example.com"), safe_url("//evil.example"), safe_url("java\\nscript:x")
    ('HTTPS://Example.com', '', '')
    """
    if not isinstance(url, str):
        return ""
    url = url.strip()
    if not url or len(url) > 2048 or _URL_BAD_CHARS.search(url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return url


def safe_color(value, fallback: str) -> str:
    """Accept only ``#rgb``/``#rrggbb`` colours (they go into CSS and JS).

    >>> safe_color("#D55E00", "#000"), safe_color("red;background:url(x)", "#000")
    ('#d55e00', '#000')
    """
    if isinstance(value, str) and _HEX_COLOR.match(value):
        return value.lower()
    return fallback


def clean_text(value, limit: int = 4000) -> str:
    """Coerce to ``str``, drop NULs, and cap the length (a runaway sentence
    should not bloat the map).

    >>> clean_text(None), clean_text("a\\x00b"), len(clean_text("x" * 5000, 10))
    ('', 'ab', 10)
    """
    if value is None:
        return ""
    s = str(value).replace("\x00", "")
    return s if len(s) <= limit else s[: limit - 1] + "\u2026"


def finite(value, default=None):
    """``value`` as a finite float, else ``default`` (text, NaN and infinities are no coordinate).

    >>> finite("2.5"), finite("nan"), finite(None, 0.0)
    (2.5, None, 0.0)
    """
    try:
        x = float(value)
    except (TypeError, ValueError):
        return default
    return x if math.isfinite(x) else default


def lonlat(coord):
    """``(lon, lat)`` of a ``[lon, lat, ...]`` pair on the globe, else ``None``.

    >>> lonlat([-82.38, 23.13]), lonlat([0, 91]), lonlat("x")
    ((-82.38, 23.13), None, None)
    """
    if not isinstance(coord, (list, tuple)) or len(coord) < 2:
        return None
    lon, lat = finite(coord[0]), finite(coord[1])
    if lon is None or lat is None or not (-90 <= lat <= 90) or not (-180 <= lon <= 180):
        return None
    return lon, lat
