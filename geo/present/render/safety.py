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
    # Braces are JSON syntax too, so they are escaped where each string (key or value) is
    # encoded: the C encoder calls _string for every one. Walking the payload first to mark
    # its braces (a check, then a copy) took a third of a second of a 1,000-article map.
    text = "".join(_encoder()(obj, 0))
    for char, escaped in _OUTSIDE_SYNTAX:
        text = text.replace(char, escaped)
    return text


def _string(s: str) -> str:
    """One string as an ASCII JSON literal, its braces written as escapes."""
    out = _ascii(s)
    if "{" in s or "}" in s:
        out = out.replace("{", "\\u007b").replace("}", "\\u007d")
    return out


def _refuse(o):
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")


def _encoder():
    """``json.dumps(obj, ensure_ascii=True, separators=(",", ":"), allow_nan=False)`` with
    :func:`_string` for strings: the same bytes, from the C encoder where there is one. A new
    one per call, as json.dumps makes: its circular-reference markers outlive a failed call."""
    from json import encoder

    if encoder.c_make_encoder is not None:
        # (markers, default, encoder, indent, key_separator, item_separator, sort_keys, skipkeys, allow_nan)
        return encoder.c_make_encoder({}, _refuse, _string, None, ":", ",", False, False, False)
    return encoder._make_iterencode({}, _refuse, _string, None, _finite, ":", ",", False, False, True)


def _finite(o: float) -> str:
    if o != o or o in (math.inf, -math.inf):
        raise ValueError(f"Out of range float values are not JSON compliant: {o!r}")
    return float.__repr__(o)


_ascii = json.encoder.encode_basestring_ascii


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
