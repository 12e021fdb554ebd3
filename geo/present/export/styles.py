"""Layer styles for GIS tools: the map's layer colours as QGIS QML and OGC SLD.

Each layer's colour comes from the layer spec (``geo/data/layers.yaml`` or the
corpus's own ``layers.yaml``), the same colour the HTML map draws it in. Layer
titles come from that file too, which is untrusted: every document is built
with lxml, which escapes text and attribute values.

>>> spec = layer_specs([{"id": "spies", "title": "Spies & <b>", "color": "#0072B2"}, "other"])
>>> [(s.id, s.color) for s in spec]
[('spies', '#0072b2'), ('other', '#999999')]
>>> "Spies &amp; &lt;b&gt;" in sld(spec[0], "spies", "point")
True
>>> kml_color("#0072b2")     # KML is aabbggrr
'ffb27200'
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from geo.present.export.xmltext import xml_text

FALLBACK_COLOR = "#999999"      # what geo.findings.layers gives a layer without a valid colour
_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
QGIS_VERSION = "3.28.0"         # the oldest QGIS LTR whose QML these documents follow


@dataclass(frozen=True)
class LayerStyle:
    id: str
    title: str
    color: str                  # #rrggbb, lower case


def normalize_color(value) -> str:
    found = _HEX.fullmatch(value) if isinstance(value, str) else None
    if not found:
        return FALLBACK_COLOR
    digits = found.group(1).lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def layer_specs(layers) -> list[LayerStyle]:
    """Layer ids (str) or layer records (dicts with id, title, color) as styles, in order, once each."""
    out, seen = [], set()
    for layer in layers or []:
        record = layer if isinstance(layer, dict) else {"id": str(layer)}
        lid = str(record.get("id") or "")
        if not lid or lid in seen:
            continue
        seen.add(lid)
        out.append(LayerStyle(lid, str(record.get("title") or lid), normalize_color(record.get("color"))))
    return out


def style_for(styles: list[LayerStyle], layer_id: str) -> LayerStyle:
    """The layer's style; a layer the spec does not name is drawn grey under its own id."""
    return next((s for s in styles if s.id == layer_id), LayerStyle(layer_id, layer_id, FALLBACK_COLOR))


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def kml_color(color: str, alpha: int = 255) -> str:
    r, g, b = _rgb(normalize_color(color))
    return f"{alpha:02x}{b:02x}{g:02x}{r:02x}"


def _xml(root) -> str:
    return etree.tostring(root, encoding="unicode", pretty_print=True)


# ------------------------------------------------------------------ QGIS QML

def _options(parent, props: dict[str, str]) -> None:
    """Symbol-layer properties, written both ways QGIS 3 reads them (Option map, legacy prop)."""
    option = etree.SubElement(parent, "Option", type="Map")
    for key, value in props.items():
        etree.SubElement(option, "Option", name=key, type="QString", value=xml_text(value))
    for key, value in props.items():
        etree.SubElement(parent, "prop", k=key, v=xml_text(value))


def qml(style: LayerStyle, kind: str) -> str:
    """A QGIS style: one symbol in the layer's colour (``kind``: point or line)."""
    r, g, b = _rgb(style.color)
    root = etree.Element("qgis", version=QGIS_VERSION, styleCategories="Symbology")
    renderer = etree.SubElement(root, "renderer-v2", type="singleSymbol", symbollevels="0",
                                enableorderby="0", forceraster="0")
    symbols = etree.SubElement(renderer, "symbols")
    symbol_type = "marker" if kind == "point" else "line"
    symbol = etree.SubElement(symbols, "symbol", type=symbol_type, name="0", alpha="1",
                              clip_to_extent="1", force_rhr="0")
    if kind == "point":
        layer = etree.SubElement(symbol, "layer", attrib={"class": "SimpleMarker", "enabled": "1",
                                                          "locked": "0", "pass": "0"})
        _options(layer, {"color": f"{r},{g},{b},255", "name": "circle", "outline_color": "255,255,255,255",
                         "outline_style": "solid", "outline_width": "0.4", "outline_width_unit": "MM",
                         "size": "3.2", "size_unit": "MM", "scale_method": "diameter"})
    else:
        layer = etree.SubElement(symbol, "layer", attrib={"class": "SimpleLine", "enabled": "1",
                                                          "locked": "0", "pass": "0"})
        _options(layer, {"line_color": f"{r},{g},{b},230", "line_style": "solid", "line_width": "0.7",
                         "line_width_unit": "MM", "capstyle": "round", "joinstyle": "round"})
    etree.SubElement(renderer, "rotation")
    etree.SubElement(renderer, "sizescale")
    etree.SubElement(root, "layerGeometryType").text = "0" if kind == "point" else "1"
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + _xml(root)


# ------------------------------------------------------------------ OGC SLD 1.1

SLD_NS = "http://www.opengis.net/sld"
SE_NS = "http://www.opengis.net/se"
OGC_NS = "http://www.opengis.net/ogc"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


def _se(parent, tag: str, text: str | None = None, **attrib):
    el = etree.SubElement(parent, f"{{{SE_NS}}}{tag}", {k: xml_text(v) for k, v in attrib.items()})
    if text is not None:
        el.text = xml_text(text)
    return el


def _svg(parent, name: str, value: str) -> None:
    _se(parent, "SvgParameter", value, name=name)


def sld(style: LayerStyle, table: str, kind: str) -> str:
    """An SLD 1.1 style for one table: the layer's colour, a circle for points, a line for routes."""
    root = etree.Element(f"{{{SLD_NS}}}StyledLayerDescriptor", version="1.1.0",
                         nsmap={None: SLD_NS, "se": SE_NS, "ogc": OGC_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation",
             "http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd")
    named = etree.SubElement(root, f"{{{SLD_NS}}}NamedLayer")
    _se(named, "Name", table)
    user = etree.SubElement(named, f"{{{SLD_NS}}}UserStyle")
    _se(user, "Name", table)
    rule = _se(_se(user, "FeatureTypeStyle"), "Rule")
    _se(rule, "Name", style.title)
    _se(_se(rule, "Description"), "Title", style.title)
    if kind == "point":
        graphic = _se(_se(rule, "PointSymbolizer"), "Graphic")
        mark = _se(graphic, "Mark")
        _se(mark, "WellKnownName", "circle")
        _svg(_se(mark, "Fill"), "fill", style.color)
        stroke = _se(mark, "Stroke")
        _svg(stroke, "stroke", "#ffffff")
        _svg(stroke, "stroke-width", "1")
        _se(graphic, "Size", "11")
    else:
        stroke = _se(_se(rule, "LineSymbolizer"), "Stroke")
        _svg(stroke, "stroke", style.color)
        _svg(stroke, "stroke-width", "2.5")
        _svg(stroke, "stroke-linejoin", "round")
        _svg(stroke, "stroke-linecap", "round")
    return _xml(root)
