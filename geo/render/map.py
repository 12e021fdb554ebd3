"""Render features into one self-contained, offline, deterministic HTML map.

>>> f = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-82.38, 23.13]},
...      "properties": {"layer": "intelligence", "place": "Havana", "claim": "x"}}
>>> html = render_map([f], [{"id": "intelligence", "title": "Intelligence", "color": "#cc79a7"}],
...                   [], title="Cuba")
>>> html.startswith("<!DOCTYPE html>"), "Intelligence (1)" in html
(True, True)
"""
from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path
from typing import Iterable

import folium

from . import basemap
from .elements import FinishMap, InlineAssets, Panels, PlaceMarkers, VisitArcs
from .safety import clean_text, html_text, safe_color, safe_url

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#d55e00", "#0072b2", "#cc79a7", "#e69f00", "#009e73", "#56b4e9", "#000000", "#f0e442")
DEFAULT_COLORS = {
    "project141": "#d55e00",    # vermillion
    "visits": "#0072b2",        # blue
    "intelligence": "#cc79a7",  # reddish purple
    "military": "#e69f00",      # orange
    "economic": "#009e73",      # bluish green
    "incidents": "#56b4e9",     # sky blue
    "diplomacy": "#000000",     # black
    "context": "#8c8c8c",       # grey: background information
}
BASE_CREDITS = ("Places: GeoNames (CC BY 4.0); outlines: Natural Earth (public domain); "
                "map: Leaflet (BSD-2)")
STATUSES = ("reported", "confirmed", "alleged", "denied")
OTHER_LAYER = {"id": "_other", "title": "Other", "color": "#8c8c8c",
               "description": "Features whose layer is not in the layer list"}
ARC_POINTS = 48


def default_color(layer_id: str, index: int) -> str:
    """Colour for a layer with no (valid) colour of its own.

    >>> default_color("visits", 5), default_color("new", 1)
    ('#0072b2', '#0072b2')
    """
    return DEFAULT_COLORS.get(layer_id, PALETTE[index % len(PALETTE)])


# ---------------------------------------------------------------- data prep

def _layers(layers: list[dict], features: list[dict]) -> list[dict]:
    """Validated layer records with counts, in the given order."""
    out, seen = [], set()
    for i, raw in enumerate(layers):
        lid = clean_text(raw.get("id"), 100)
        if not lid or lid in seen:
            continue
        seen.add(lid)
        out.append({
            "id": lid,
            "title": clean_text(raw.get("title") or lid, 120),
            "color": safe_color(raw.get("color"), default_color(lid, i)),
            "description": clean_text(raw.get("description"), 300),
        })
    if any(_props(f).get("layer") not in seen for f in features):
        out.append(dict(OTHER_LAYER))
    counts = {}
    for f in features:
        lid = _props(f).get("layer")
        lid = lid if lid in seen else OTHER_LAYER["id"]
        counts[lid] = counts.get(lid, 0) + 1
    for layer in out:
        layer["count"] = counts.get(layer["id"], 0)
    return out


def _props(feature: dict) -> dict:
    p = feature.get("properties") if isinstance(feature, dict) else None
    return p if isinstance(p, dict) else {}


def _float(value, default=None):
    try:
        x = float(value)
    except (TypeError, ValueError):
        return default
    return x if math.isfinite(x) else default


def _claim(p: dict) -> dict:
    """The popup record of one feature (fixed key order, cleaned, safe URL)."""
    status = clean_text(p.get("status") or "reported", 40).lower()
    conf = _float(p.get("confidence"))
    rec = {
        "claim": clean_text(p.get("claim")),
        "mention": clean_text(p.get("mention"), 200),
        "source": clean_text(p.get("source"), 200),
        "published": clean_text(p.get("published"), 40),
        "event_date": clean_text(p.get("event_date"), 40),
        "attribution": clean_text(p.get("attribution"), 500),
        "status": status,
        "confidence": None if conf is None else round(min(max(conf, 0.0), 1.0), 3),
        "url": safe_url(p.get("url")),
        "resolution": clean_text(p.get("resolution"), 500),
        "layer_rule": clean_text(p.get("layer_rule"), 300),
        "doc": clean_text(p.get("doc"), 200),
    }
    if "visitor" in p:
        rec["visitor"] = clean_text(p.get("visitor"), 200)
    if p.get("corrected"):
        rec["corrected"] = clean_text(p.get("corrected"), 300)   # analyst correction (corrections.yaml)
    return rec


def _newest_first(claims: list[dict]) -> list[dict]:
    # ISO dates sort lexically; undated last; ties keep pipeline order (stable).
    return sorted(claims, key=lambda c: c["event_date"] or c["published"] or "", reverse=True)


def _lonlat(coord):
    if not isinstance(coord, (list, tuple)) or len(coord) < 2:
        return None
    lon, lat = _float(coord[0]), _float(coord[1])
    if lon is None or lat is None or not (-90 <= lat <= 90) or not (-180 <= lon <= 180):
        return None
    return lon, lat


def marker_radius(n: int) -> float:
    """Pixel radius for a place with ``n`` claims (area grows with n, capped).

    >>> marker_radius(1), marker_radius(5), marker_radius(100)
    (8.0, 14.4, 24.0)
    """
    return round(min(24.0, 8.0 + 3.2 * math.sqrt(max(n, 1) - 1)), 1)


def arc_points(a: tuple[float, float], b: tuple[float, float], n: int = ARC_POINTS):
    """A schematic curved route from ``a`` to ``b`` (lon, lat), as [lat, lon]
    points: a quadratic Bezier in lon/lat bowed to the north (east for a
    north-south chord). It stays within one world copy, so it always meets
    the place markers (a true great circle from Havana to Beijing would leave
    the map at the antimeridian).

    >>> pts = arc_points((0.0, 0.0), (10.0, 0.0), 4)
    >>> pts[0], pts[-1], pts[2][0] > 0
    ([0.0, 0.0], [0.0, 10.0], True)
    """
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    nx, ny = -dy, dx                     # left normal of the chord
    if ny < 0 or (ny == 0 and nx < 0):
        nx, ny = -nx, -ny                # bow north (or east)
    cx, cy = (x0 + x1) / 2 + 0.22 * nx, (y0 + y1) / 2 + 0.22 * ny
    pts = []
    for i in range(n + 1):
        t = i / n
        x = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t * t * x1
        y = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t * t * y1
        pts.append([round(max(-85.0, min(85.0, y)), 3), round(x, 3)])
    return pts


def _group(features: list[dict], layer_ids: set[str]):
    """Group point features by (layer, place, position) and line features by
    (layer, origin, destination, positions). Returns ({layer: [place]},
    {layer: [route]}, bounds_points, skipped). First-seen order is kept."""
    places: dict[str, dict] = {}
    routes: dict[str, dict] = {}
    pts: list[tuple[float, float]] = []
    skipped = 0
    for f in features:
        p = _props(f)
        layer = p.get("layer") if p.get("layer") in layer_ids else OTHER_LAYER["id"]
        geom = f.get("geometry") if isinstance(f, dict) else None
        gtype = geom.get("type") if isinstance(geom, dict) else None
        coords = geom.get("coordinates") if isinstance(geom, dict) else None
        if gtype == "Point" and _lonlat(coords):
            lon, lat = _lonlat(coords)
            place = clean_text(p.get("place"), 200) or f"{lat:.3f}, {lon:.3f}"
            key = (layer, place, round(lat, 5), round(lon, 5))
            g = places.setdefault(key, {"layer": layer, "place": place,
                                        "lat": round(lat, 5), "lon": round(lon, 5), "claims": []})
            g["claims"].append(_claim(p))
            pts.append((lat, lon))
        elif gtype == "LineString" and isinstance(coords, list) and len(coords) >= 2 \
                and _lonlat(coords[0]) and _lonlat(coords[-1]):
            a, b = _lonlat(coords[0]), _lonlat(coords[-1])
            origin = clean_text(p.get("origin"), 200) or f"{a[1]:.2f}, {a[0]:.2f}"
            dest = clean_text(p.get("destination") or p.get("place"), 200) or f"{b[1]:.2f}, {b[0]:.2f}"
            key = (layer, origin, dest, a, b)
            g = routes.setdefault(key, {"layer": layer, "origin": origin, "destination": dest,
                                        "a": a, "b": b, "visits": []})
            g["visits"].append(_claim(p))
            pts.extend([(a[1], a[0]), (b[1], b[0])])
        else:
            skipped += 1
    by_layer_places: dict[str, list] = {}
    for g in places.values():
        claims = _newest_first(g["claims"])
        by_layer_places.setdefault(g["layer"], []).append({
            "place": g["place"], "lat": g["lat"], "lon": g["lon"],
            "radius": marker_radius(len(claims)),
            "all_denied": all(c["status"] == "denied" for c in claims),
            "claims": claims,
        })
    by_layer_routes: dict[str, list] = {}
    for g in routes.values():
        visits = _newest_first(g["visits"])
        points = arc_points(g["a"], g["b"])
        by_layer_routes.setdefault(g["layer"], []).append({
            "origin": g["origin"], "destination": g["destination"],
            "points": points, "arrow_index": int(len(points) * 0.62),
            "weight": round(min(8.0, 3.0 + (len(visits) - 1)), 1),
            "all_denied": all(c["status"] == "denied" for c in visits),
            "visits": visits,
        })
        pts.extend((q[0], q[1]) for q in points)
    return by_layer_places, by_layer_routes, pts, skipped


def _bounds(pts: list[tuple[float, float]]):
    if not pts:
        return [[-50.0, -150.0], [70.0, 150.0]]
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    pad = 1.0  # a lone point should not zoom to street level
    return [[round(max(-85.0, min(lats) - pad), 4), round(min(lons) - pad, 4)],
            [round(min(85.0, max(lats) + pad), 4), round(max(lons) + pad, 4)]]


def _documents(documents: Iterable[dict]) -> list[dict]:
    out = []
    for d in documents or ():
        if not isinstance(d, dict):
            continue
        out.append({
            "doc": clean_text(d.get("doc"), 200),
            "title": clean_text(d.get("title"), 300),
            "outlet": clean_text(d.get("outlet"), 200),
            "published": clean_text(d.get("published"), 40),
            "url": safe_url(d.get("url")),
        })
    return out


# ---------------------------------------------------------------- building

class OfflineMap(folium.Map):
    """folium.Map without CDN links; ``InlineAssets`` provides everything."""

    default_js: list = []
    default_css: list = []


def _layer_label(layer: dict) -> str:
    # Leaflet's layer control sets this with innerHTML: escape the title.
    # The swatch colour is a validated #hex.
    return (f'<span class="bm-swatch" style="background-color:{layer["color"]}"></span>'
            f'{html_text(layer["title"])} ({layer["count"]})')


def build_map(features: list[dict], layers: list[dict], documents: list[dict], *,
              title: str, subtitle: str = "", credits: Iterable[str] = (),
              online_tiles: bool = True, include_jquery: bool = True) -> folium.Map:
    """Build the folium element tree (ids not yet made deterministic)."""
    features = [f for f in (features or []) if isinstance(f, dict)]
    layer_recs = _layers(list(layers or []), features)
    ids = {lay["id"] for lay in layer_recs}
    places, routes, pts, _skipped = _group(features, ids)

    m = OfflineMap(location=None, tiles=None, zoom_control=False, zoom_start=2,
                   zoomSnap=0.25, zoomDelta=0.5, worldCopyJump=False, minZoom=1)
    InlineAssets(clean_text(title, 200), include_jquery=include_jquery).add_to(m)
    basemap.add_base_layers(m, online_tiles=online_tiles)
    for layer in layer_recs:
        public = {"id": layer["id"], "title": layer["title"], "color": layer["color"]}
        fg = folium.FeatureGroup(name=_layer_label(layer), overlay=True, show=True)
        if places.get(layer["id"]):
            PlaceMarkers(public, places[layer["id"]]).add_to(fg)
        if routes.get(layer["id"]):
            VisitArcs(public, routes[layer["id"]]).add_to(fg)
        fg.add_to(m)
    folium.LayerControl(position="topright", collapsed=False).add_to(m)
    credit_line = "; ".join([BASE_CREDITS] + [clean_text(c, 300) for c in credits if c])
    Panels(title=clean_text(title, 200), subtitle=clean_text(subtitle, 400),
           legend=layer_recs, documents=_documents(documents), credits=credit_line,
           statuses=STATUSES).add_to(m)
    FinishMap(_bounds(pts), {"paddingTopLeft": [60, 120], "paddingBottomRight": [400, 50],
                             "maxZoom": 8}).add_to(m)
    return m


def _assign_ids(m: folium.Map) -> None:
    """Replace folium's random element ids with a counter in tree order."""
    n = 0

    def walk(el):
        nonlocal n
        n += 1
        el._id = f"{n:04d}"
        for child in list(el._children.values()):
            walk(child)

    walk(m.get_root())


def render_map(features: list[dict], layers: list[dict], documents: list[dict], *,
               title: str, subtitle: str = "", credits: Iterable[str] = (),
               **options) -> str:
    """Return the complete HTML document (same input -> same bytes)."""
    m = build_map(features, layers, documents, title=title, subtitle=subtitle,
                  credits=credits, **options)
    _assign_ids(m)
    return m.get_root().render()


def write_map(path, features: list[dict], layers: list[dict], documents: list[dict], *,
              title: str, subtitle: str = "", credits: Iterable[str] = (), **options) -> None:
    """Render and write atomically: a temp file in the same folder, then
    ``os.replace``, so a reader never sees a half-written map."""
    html = render_map(features, layers, documents, title=title, subtitle=subtitle,
                      credits=credits, **options)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(html)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
