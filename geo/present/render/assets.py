"""Offline copies of the JavaScript and CSS the map needs, ready to inline.

Folium links Leaflet, jQuery, Bootstrap and Font Awesome from CDNs; with no
network the page is blank. We inline Leaflet (xstatic-leaflet 1.9.3.0, BSD-2)
and turn the images Leaflet's CSS references into data URIs. jQuery (87.5 KB)
is not shipped: only folium's ``Popup`` and ``keep_in_front`` call ``$``, and
the runtime builds its own popups.

>>> "L.version" in leaflet_js() or "1.9.3" in leaflet_js()
True
>>> "url(images/" in leaflet_css()
False
"""
from __future__ import annotations

import base64
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import xstatic.pkg.leaflet as _xleaflet

LEAFLET_VERSION = _xleaflet.VERSION

# Leaflet's default marker images are not in xstatic-leaflet. We draw vector
# markers, but if anything ever creates an L.Marker it gets this inline pin
# instead of a request for images/marker-icon.png.
_PIN_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="25" height="41" viewBox="0 0 25 41">'
    '<path d="M12.5 0C5.6 0 0 5.6 0 12.5 0 21.9 12.5 41 12.5 41S25 21.9 25 12.5C25 5.6 19.4 0 12.5 0z" '
    'fill="#2a6fb0" stroke="#123" stroke-width="1"/><circle cx="12.5" cy="12.5" r="4.5" fill="#fff"/></svg>'
)
_EMPTY_GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="
_SOURCE_MAP = re.compile(r"^\s*//[#@] sourceMappingURL=.*$", re.M)


def _data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def pin_icon_uri() -> str:
    """The inline SVG pin used for Leaflet's default icon."""
    return _data_uri("image/svg+xml", _PIN_SVG.encode("utf-8"))


def empty_image_uri() -> str:
    """A 1x1 transparent GIF (Leaflet's default marker shadow)."""
    return _EMPTY_GIF


def _read(base: str, name: str) -> str:
    return (Path(base) / name).read_text(encoding="utf-8")


def _check_inlinable(text: str, tag: str) -> str:
    """Inlined code must not be able to close its own ``<script>``/``<style>``."""
    if re.search(rf"</{tag}", text, re.I) or "<!--" in text:
        raise ValueError(f"asset cannot be inlined in <{tag}>")
    return text


@lru_cache(maxsize=None)
def leaflet_js() -> str:
    """Minified Leaflet, without its sourceMappingURL comment (a devtools fetch)."""
    text = _SOURCE_MAP.sub("", _read(_xleaflet.BASE_DIR, "leaflet.js"))
    return _check_inlinable(text, "script")


@lru_cache(maxsize=None)
def leaflet_css() -> str:
    """Leaflet's CSS with every ``url(images/...)`` replaced by a data URI."""
    css = _read(_xleaflet.BASE_DIR, "leaflet.css")
    images = Path(_xleaflet.BASE_DIR) / "images"

    def repl(m: re.Match) -> str:
        name = m.group(1)
        path = images / name
        if path.is_file():
            return f"url({_data_uri('image/png', path.read_bytes())})"
        return f"url({pin_icon_uri()})"  # marker-icon.png is not shipped

    css = re.sub(r"url\(images/([\w.-]+)\)", repl, css)
    return _check_inlinable(css, "style")


@lru_cache(maxsize=None)
def static_text(name: str) -> str:
    """A file from ``geo/present/render/static`` (our own CSS and JS runtime).

    >>> "BRIEFMAP" in static_text("core.js")
    True
    """
    text = resources.files("geo.present.render").joinpath("static", name).read_text("utf-8")
    return _check_inlinable(text, "script" if name.endswith(".js") else "style")
