"""KML and KMZ for Google Earth: a folder per layer, styled in the layer's colour, with time spans.

Every feature is a Placemark in its layer's Folder (layers in map order): a
finding at its place (a relation between actors, which has no place, is listed
without a geometry), a visit as its route (a LineString, or a MultiGeometry of
LineStrings where a route is split at the antimeridian). The balloon
(``description``) holds the finding's status, the representative sentence and
every sentence that reports, confirms or denies it, with outlet, date,
attribution and link; ``ExtendedData`` carries the fields GIS tools read.

Time: a Placemark spans the event dates its sentences state, from the first
day of the earliest to the last day of the latest ("June 2023" covers the whole
month), so Google Earth's time slider shows it over that period; one stated day
is a TimeStamp. A finding with no event date is stamped with its publication
date (the HTML map's timeline does the same). Undated and unpublished: no time,
always shown.

Article text is untrusted: it is HTML-escaped inside the balloon, and lxml
escapes the balloon again as XML text, so no markup or script from an article
reaches Google Earth's HTML renderer; a link is written only for http(s) URLs.

The KML refers to Google Earth's own circle icon; the KMZ carries its own icons
and opens with no network.
"""
from __future__ import annotations

import html
import re
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Iterator

from lxml import etree

from geo.atomic import atomic_path
from geo.present.export.isodate import parse_iso
from geo.present.export.styles import kml_color, layer_specs, style_for
from geo.present.export.xmltext import xml_text
from geo.present.export.zips import write_entry, zip_bytes

KML_NS = "http://www.opengis.net/kml/2.2"
ICONS = {"dot": "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png",
         "denied": "https://maps.google.com/mapfiles/kml/shapes/forbidden.png"}
KMZ_ICONS = {"dot": "files/dot.png", "denied": "files/denied.png"}
DENIED = {"denied"}
_URL = re.compile(r"https?://[^\s\"'<>]+$", re.I)


def _k(tag: str) -> str:
    return f"{{{KML_NS}}}{tag}"


def _sub(parent, tag: str, text=None):
    el = etree.SubElement(parent, _k(tag))
    if text is not None:
        el.text = xml_text(text)
    return el


def _esc(value) -> str:
    return html.escape(xml_text(value), quote=True)


def _style_id(layer_id: str, denied: bool = False) -> str:
    return "layer-" + re.sub(r"[^\w.-]", "_", layer_id) + ("-denied" if denied else "")


# ------------------------------------------------------------------ time

def _period(props: dict):
    """(begin, end) dates of the stated event dates, or (published, published), or None."""
    dates = [parse_iso(c.get("event_date")) for c in props.get("claims") or []]
    dates = [d for d in dates + [parse_iso(props.get("event_date"))] if d]
    if dates:
        return min(d.start for d in dates), max(d.end for d in dates)
    published = parse_iso(props.get("published"))
    return (published.start, published.end) if published else None


def _time(placemark, props: dict) -> None:
    period = _period(props)
    if period is None:
        return
    begin, end = period
    if begin == end:
        _sub(_sub(placemark, "TimeStamp"), "when", begin.isoformat())
    else:
        span = _sub(placemark, "TimeSpan")
        _sub(span, "begin", begin.isoformat())
        _sub(span, "end", end.isoformat())


# ------------------------------------------------------------------ text

def _name(props: dict) -> str:
    if "visitor" in props:
        name = f"{props.get('visitor') or 'Visit'}: {props.get('origin') or '?'} to {props.get('destination') or '?'}"
    elif props.get("place"):
        name = str(props["place"])
    else:
        places = [a["name"] for a in props.get("actors") or [] if a.get("kind") == "place"]
        name = " – ".join(places) or str(props.get("type") or "finding")
    status = props.get("status")
    return f"{name} ({status})" if status and status != "reported" else name


def _source_line(c: dict) -> str:
    parts = [f"<i>{_esc(c['source'])}</i>" if c.get("source") else "outlet not stated"]
    if c.get("published"):
        parts.append(f"published {_esc(c['published'])}")
    if c.get("event_date"):
        parts.append(f"event {_esc(c['event_date'])}")
    if c.get("attribution"):
        parts.append(_esc(c["attribution"]))
    line = ", ".join(parts)
    url = c.get("url")
    if isinstance(url, str) and _URL.match(url):
        line += f' · <a href="{_esc(url)}">link</a>'
    elif url:
        line += f" · {_esc(url)}"
    return line


def description(props: dict, layer_title: str) -> str:
    """The balloon's HTML; every value from an article escaped.

    >>> d = description({"claim": "<b>x</b>", "status": "denied", "url": "javascript:alert(1)"}, "Ports")
    >>> "<b>x</b>" in d, "&lt;b&gt;x&lt;/b&gt;" in d, 'href="javascript' in d
    (False, True, False)
    """
    head = [f"<b>{_esc(props.get('status') or 'reported')}</b>", _esc(layer_title)]
    if props.get("type"):
        head.append(_esc(props["type"]))
    out = [f"<p>{' · '.join(head)}</p>", f"<p>{_esc(props.get('claim') or '')}</p>"]
    claims = props.get("claims") or []
    if not claims:
        out.append(f"<p>{_source_line(props)}</p>")
    else:
        out.append(f"<p><b>{len(claims)} source sentence{'s' if len(claims) != 1 else ''}</b></p><ol>")
        for c in claims:
            stance = _esc(c.get("stance") or "asserts")
            out.append(f"<li>[{stance}] {_esc(c.get('claim') or '')}<br/>{_source_line(c)}</li>")
        out.append("</ol>")
    if props.get("event_date_text"):
        out.append(f"<p>Date as written: {_esc(props['event_date_text'])}</p>")
    return "".join(out)


_DATA = ("finding", "layer", "type", "status", "place", "place_id", "country", "geo_precision", "relation",
         "event_date", "published", "source", "visitor", "origin", "destination", "doc")


def _extended(placemark, props: dict) -> None:
    data = _sub(placemark, "ExtendedData")
    values = {k: props.get(k) for k in _DATA if props.get(k) is not None}
    parsed = parse_iso(props.get("event_date"))
    if parsed:
        values["event_date_precision"] = parsed.precision
    if props.get("claims"):
        values["sources"] = len(props["claims"])
    for key, value in values.items():
        field = etree.SubElement(data, _k("Data"), name=xml_text(key))
        _sub(field, "value", value)


# ------------------------------------------------------------------ geometry

def _coords(points) -> str:
    return " ".join(f"{float(x):.6f},{float(y):.6f}" for x, y, *_ in points)


def _line(parent, points) -> None:
    line = _sub(parent, "LineString")
    _sub(line, "tessellate", "1")
    _sub(line, "coordinates", _coords(points))


def _ring(parent, tag: str, points) -> None:
    ring = _sub(_sub(parent, tag), "LinearRing")
    _sub(ring, "coordinates", _coords(points))


def _geometry(parent, geometry) -> None:
    """Any GeoJSON geometry as KML (multi-part ones as a MultiGeometry); none for a relation."""
    if not geometry:
        return
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Point":
        _sub(_sub(parent, "Point"), "coordinates", _coords([coords]))
    elif kind == "LineString":
        _line(parent, coords)
    elif kind == "Polygon":
        polygon = _sub(parent, "Polygon")
        _ring(polygon, "outerBoundaryIs", coords[0])
        for hole in coords[1:]:
            _ring(polygon, "innerBoundaryIs", hole)
    elif kind in ("MultiPoint", "MultiLineString", "MultiPolygon"):
        multi = _sub(parent, "MultiGeometry")
        for part in coords:
            _geometry(multi, {"type": kind[5:], "coordinates": part})
    elif kind == "GeometryCollection":
        multi = _sub(parent, "MultiGeometry")
        for part in geometry.get("geometries") or []:
            _geometry(multi, part)


# ------------------------------------------------------------------ document

def _styles(doc, styles, icons: dict[str, str]) -> None:
    for style in styles:
        for denied in (False, True):
            el = etree.SubElement(doc, _k("Style"), id=_style_id(style.id, denied))
            icon = _sub(el, "IconStyle")
            _sub(icon, "color", kml_color(style.color))
            _sub(icon, "scale", "1.1" if denied else "0.9")
            _sub(_sub(icon, "Icon"), "href", icons["denied" if denied else "dot"])
            _sub(_sub(el, "LabelStyle"), "scale", "0.8")
            line = _sub(el, "LineStyle")
            _sub(line, "color", kml_color(style.color, 230))
            _sub(line, "width", "3")


def _placemark(folder, f: dict, style) -> None:
    props = f["properties"]
    placemark = _sub(folder, "Placemark")
    _sub(placemark, "name", _name(props))
    _sub(placemark, "description", description(props, style.title))
    _time(placemark, props)
    _sub(placemark, "styleUrl", "#" + _style_id(style.id, props.get("status") in DENIED))
    _extended(placemark, props)
    _geometry(placemark, f.get("geometry"))


# Where a Folder's Placemarks go in a document made without them (see :func:`kml_bytes`): a
# comment, which article text cannot make (it reaches the file escaped, "&lt;!--"), on a line
# of its own at the Placemarks' depth.
_SLOT = "briefmap-placemarks"
_SLOT_LINE = b"      <!--" + _SLOT.encode() + b"-->\n"
_FOLDER_OPEN, _FOLDER_CLOSE = b"<Folder>\n", b"    </Folder>"


def _used_styles(features: list[dict], layers):
    styles = layer_specs(layers)
    present = [f["properties"]["layer"] for f in features]
    order = [s.id for s in styles] + sorted(set(present) - {s.id for s in styles})
    return [style_for(styles, lid) for lid in order if lid in present]


def kml_root(features: list[dict], layers, *, title: str = "Briefing", icons: dict[str, str] = ICONS,
             slots: bool = False):
    """The KML document's tree; ``slots``: each Folder's Placemarks left out, a :data:`_SLOT`
    comment where they go."""
    used = _used_styles(features, layers)
    root = etree.Element(_k("kml"), nsmap={None: KML_NS})
    doc = _sub(root, "Document")
    _sub(doc, "name", title)
    _sub(doc, "open", "1")
    _sub(doc, "description", "Findings from news articles, by layer. Each place's balloon lists the "
                             "sentences that report, confirm or deny it, with their sources. Made with briefmap.")
    _styles(doc, used, icons)
    for style in used:
        folder = _sub(doc, "Folder")
        _sub(folder, "name", style.title)
        members = [f for f in features if f["properties"]["layer"] == style.id]
        _sub(folder, "description", f"{len(members)} feature{'s' if len(members) != 1 else ''}")
        if slots:
            folder.append(etree.Comment(_SLOT))
            continue
        for f in members:
            _placemark(folder, f, style)
    return root


def placemark_text(f: dict, style) -> str:
    """One feature's Placemark as it is written inside a document's Folder: the same element,
    made and pretty-printed at the same depth (libxml2 indents an element by its depth and
    its own content alone), cut out of a document that holds only it."""
    root = etree.Element(_k("kml"), nsmap={None: KML_NS})
    _placemark(_sub(_sub(root, "Document"), "Folder"), f, style)
    text = etree.tostring(root, encoding="UTF-8", pretty_print=True)
    start = text.index(_FOLDER_OPEN) + len(_FOLDER_OPEN)
    return text[start:text.rindex(_FOLDER_CLOSE)].decode("utf-8")


def kml_bytes(features: list[dict], layers, *, title: str = "Briefing", icons: dict[str, str] = ICONS,
              fragments=None) -> bytes:
    """The KML document (UTF-8). ``fragments``: a :class:`geo.present.export.fragments.Fragments`
    of these features, whose kept Placemarks are put in place of making them again (the same
    bytes)."""
    return b"".join(_kml_parts(features, layers, title, icons, fragments))


def _kml_parts(features: list[dict], layers, title: str, icons: dict[str, str], fragments) -> Iterator[bytes]:
    """:func:`kml_bytes` in parts that end where an element does: with ``fragments``, the skeleton's
    pieces and a batch of Placemarks at a time, so the document need never be held whole."""
    if fragments is None:
        yield etree.tostring(kml_root(features, layers, title=title, icons=icons), xml_declaration=True,
                             encoding="UTF-8", pretty_print=True)
        return
    used = {style.id: style for style in _used_styles(features, layers)}
    pieces = fragments.pieces(
        "kml", lambda i: placemark_text(features[i], used[features[i]["properties"]["layer"]]),
        lambda v: v.startswith("      <Placemark>") and v.endswith("</Placemark>\n"),
        extra=lambda i: "\x00".join((used[features[i]["properties"]["layer"]].id,
                                     used[features[i]["properties"]["layer"]].title)))
    by_layer: dict[str, list[str]] = {lid: [] for lid in used}
    for f, piece in zip(features, pieces):
        by_layer[f["properties"]["layer"]].append(piece)
    skeleton = etree.tostring(kml_root(features, layers, title=title, icons=icons, slots=True),
                              xml_declaration=True, encoding="UTF-8", pretty_print=True)
    parts = skeleton.split(_SLOT_LINE)
    if len(parts) != len(used) + 1:
        raise AssertionError("KML skeleton: one Placemark slot per folder expected")
    yield parts[0]
    for lid, tail in zip(used, parts[1:]):
        placemarks = by_layer[lid]
        for at in range(0, len(placemarks), _BATCH):
            yield "".join(placemarks[at:at + _BATCH]).encode("utf-8")
        yield tail


_BATCH = 1024


def _local_icons(kml: bytes) -> bytes:
    """The KML with its icons pointing into the KMZ. Only an ``<href>`` element can hold the exact
    text replaced: article text reaches the file escaped (``&lt;href&gt;``)."""
    for key, url in ICONS.items():
        kml = kml.replace(f"<href>{url}</href>".encode(), f"<href>{KMZ_ICONS[key]}</href>".encode())
    return kml


def kmz_bytes(features: list[dict], layers, *, title: str = "Briefing", kml: bytes | None = None) -> bytes:
    """A KMZ: ``doc.kml`` first (Google Earth opens the first .kml), then the icons it uses.
    ``kml``: the document from :func:`kml_bytes` for the same features, if already made."""
    kml = kml if kml is not None else kml_bytes(features, layers, title=title)
    return zip_bytes([("doc.kml", _local_icons(kml)), (KMZ_ICONS["dot"], circle_png(cross=False)),
                      (KMZ_ICONS["denied"], circle_png(cross=True))])


def write_kml(kml_path: Path | None, kmz_path: Path | None, features: list[dict], layers, *,
              title: str = "Briefing", fragments=None) -> None:
    """The KML and the KMZ (each atomically). The document is written in parts and the KMZ's copy
    read back from the file: the whole document, its pieces and the KMZ's copy with its icons
    made local were all alive at once (three times the KML's size, 11 MB at 2,000 articles)."""
    parts = _kml_parts(features, layers, title, ICONS, fragments)
    if kml_path is None:
        if kmz_path is not None:
            with tempfile.TemporaryFile(dir=Path(kmz_path).parent) as spool:
                _write_parts(spool, parts)
                _write_kmz(kmz_path, spool)
        return
    with atomic_path(kml_path) as tmp:
        with open(tmp, "wb") as out:
            _write_parts(out, parts)
        if kmz_path is not None:
            with open(tmp, "rb") as kml:
                _write_kmz(kmz_path, kml)


def _write_parts(out, parts) -> None:
    for part in parts:
        out.write(part)


def _write_kmz(kmz_path: Path, kml) -> None:
    """:func:`kmz_bytes` of the KML in the open file ``kml``, read a run of whole lines at a time:
    an ``<href>`` :func:`_local_icons` replaces is within one line, so the runs come out as the
    whole would."""
    kml.seek(0)
    runs = (_local_icons(b"".join(lines)) for lines in iter(lambda: kml.readlines(1 << 20), []))
    with atomic_path(kmz_path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        write_entry(z, "doc.kml", runs)
        write_entry(z, KMZ_ICONS["dot"], (circle_png(cross=False),))
        write_entry(z, KMZ_ICONS["denied"], (circle_png(cross=True),))


# ------------------------------------------------------------------ icons

def circle_png(size: int = 32, *, cross: bool = False) -> bytes:
    """A white disc with a dark rim (Google Earth tints it with the style's colour); ``cross``
    cuts an X through it, the mark of a denied finding. Drawn here, so the bytes never vary."""
    c = (size - 1) / 2
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            d = ((x - c) ** 2 + (y - c) ** 2) ** 0.5
            alpha = max(0.0, min(1.0, c - d + 0.5))
            shade = 255 if d < c - 3 else 60                 # rim: dark, stays visible on any basemap
            if cross and (abs(x - y) < 2.2 or abs(x + y - 2 * c) < 2.2) and d < c - 3:
                alpha, shade = 1.0, 30
            row += bytes([shade, shade, shade, round(alpha * 255)])
        rows.append(bytes(row))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
            + chunk(b"IEND", b""))
