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
import re
from pathlib import Path
from typing import Iterable

import folium

from geo.places.distance import haversine_km
from geo.places.geometry import ARC_POINTS, great_circle_lines
from geo.present.render import basemap, meridian
from geo.present.render.areas import country_anchor, country_area, kept_areas
from geo.present.render.elements import (
    Countries,
    DistanceOverlay,
    Filters,
    FinishMap,
    InlineAssets,
    Labels,
    LayerSwitch,
    Markers,
    Named,
    Panels,
    Print,
    Routes,
    Search,
    Story,
    Timeline,
    Unplaced,
)
from geo.present.render.named import named_places
from geo.present.render.safety import clean_text, html_text, js_json, safe_color, safe_url
from geo.present.render.safety import finite as _float
from geo.present.render.safety import lonlat as _lonlat

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#d55e00", "#0072b2", "#cc79a7", "#e69f00", "#009e73", "#56b4e9", "#000000", "#f0e442")
DEFAULT_COLORS = {
    "visits": "#0072b2",        # blue
    "intelligence": "#cc79a7",  # reddish purple
    "military": "#e69f00",      # orange
    "economic": "#009e73",      # bluish green
    "incidents": "#56b4e9",     # sky blue
    "diplomacy": "#000000",     # black
    "context": "#8c8c8c",       # grey: background information
}
BASE_CREDITS = ("Places and city names: GeoNames (CC BY 4.0); outlines and divisions: Natural Earth (public domain); "
                "map: Leaflet (BSD-2)")
STATUSES = ("reported", "confirmed", "alleged", "disputed", "denied")
OTHER_LAYER = {"id": "_other", "title": "Other", "color": "#8c8c8c",
               "description": "Features whose layer is not in the layer list"}
NAMED_LAYER = {"id": "_named", "title": "Also named", "color": "#ffffff",
               "description": "Places the findings name as where something is or happens, drawn at another place"}
# The payload's shape is geo/present/render/payload.schema.json; a change to it bumps this and the schema.
PAYLOAD_VERSION = 9


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


def _claim(p: dict) -> dict:
    """The popup record of one feature (fixed key order, cleaned, safe URL)."""
    status = clean_text(p.get("status") or "reported", 40).lower()
    conf = _float(p.get("confidence"))
    rec = {
        "claim": clean_text(p.get("claim")),
        "mention": clean_text(p.get("mention"), 200),
        "role": clean_text(p.get("role"), 20),
        "source": clean_text(p.get("source"), 200),
        "profile": clean_text(p.get("source_profile"), 200),
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
    if isinstance(p.get("actors"), list):
        rec["actors"] = [clean_text(a.get("name"), 200) for a in p["actors"][:12]
                         if isinstance(a, dict) and a.get("kind") == "place"]
    if p.get("geo_precision"):
        rec["precision"] = clean_text(p.get("geo_precision"), 20)
    others = p.get("claims")[1:] if isinstance(p.get("claims"), list) else []
    if others:
        # The other sentences that report, confirm or deny the same finding.
        rec["sources"] = [{"claim": clean_text(c.get("claim")), "source": clean_text(c.get("source"), 200),
                           "profile": clean_text(c.get("source_profile"), 200),
                           "published": clean_text(c.get("published"), 40), "url": safe_url(c.get("url")),
                           "attribution": clean_text(c.get("attribution"), 500),
                           "stance": clean_text(c.get("stance"), 20), "doc": clean_text(c.get("doc"), 200)}
                          for c in others[:50] if isinstance(c, dict)]
    if "visitor" in p:
        office = clean_text(p.get("office"), 200)
        rec["visitor"] = clean_text(p.get("visitor"), 200) + (f", {office}" if office else "")
        if isinstance(p.get("itinerary"), list) and isinstance(p.get("leg"), int):
            # leg n of the trip whose stops are listed: the popup shows the whole itinerary
            rec["trip"] = {"leg": p["leg"], "stops": [clean_text(x, 200) for x in p["itinerary"][:30]]}
    if p.get("corrected"):
        rec["corrected"] = clean_text(p.get("corrected"), 300)   # analyst correction (corrections.yaml)
    return rec


def _country_places(features: list[dict]) -> dict:
    """place_id -> ISO alpha-2 code of every place the features name as a whole country."""
    out = {}
    for f in features:
        p = _props(f)
        if p.get("place_kind") == "country" and p.get("place_id") and p.get("country"):
            out[p["place_id"]] = str(p["country"])
    return out


def _is_country(actor: dict, countries: dict) -> str | None:
    """The alpha-2 code when an actor place is a whole country (known as a locus
    elsewhere, or named as its country is), else ``None``."""
    code = countries.get(actor.get("place_id"))
    if code or not actor.get("country"):
        return code
    import pycountry

    rec = pycountry.countries.get(alpha_2=str(actor["country"]).upper())
    names = {getattr(rec, k, "") for k in ("name", "common_name", "official_name")} if rec else set()
    return str(actor["country"]) if actor.get("name") in names else None


def _solo_country(p: dict, countries: dict):
    """(alpha-2 code, gazetteer (lon, lat)) when a relation's one actor place is a whole country."""
    actors = [a for a in p.get("actors") or [] if isinstance(a, dict) and a.get("kind") == "place"]
    if not actors:
        return None
    code = _is_country(actors[0], countries)
    if not code:
        return None
    for rec in p.get("places") if isinstance(p.get("places"), list) else []:
        if isinstance(rec, dict) and rec.get("place_id") == actors[0].get("place_id"):
            ll = _lonlat([rec.get("lon"), rec.get("lat")])
            return (code, ll) if ll else None
    return None


def _anchor(code: str | None):
    """(lon, lat) of a country's tag (inside its land), or ``None``."""
    at = country_anchor(code) if code else None
    return (at[1], at[0]) if at else None


def _actor_points(p: dict, countries: dict | None = None, ends=()) -> list[tuple[str, tuple[float, float]]]:
    """(name, (lon, lat)) of a finding's distinct actor places, in the order named (only
    ``ends``, the relation's own, when given). A whole country is met at its tag inside its
    land, not at its gazetteer point."""
    points = {}
    for rec in p.get("places") if isinstance(p.get("places"), list) else []:
        if isinstance(rec, dict) and rec.get("place_id") not in points:
            ll = _lonlat([rec.get("lon"), rec.get("lat")])
            if ll:
                points[rec.get("place_id")] = (clean_text(rec.get("name"), 200), ll)
    for a in p.get("actors") or []:
        if isinstance(a, dict) and a.get("kind") == "place" and a.get("place_id") in points:
            at = _anchor(_is_country(a, countries or {}))
            if at:
                points[a["place_id"]] = (points[a["place_id"]][0], at)
    actors = [a.get("place_id") for a in p.get("actors") or [] if isinstance(a, dict) and a.get("kind") == "place"]
    if ends:
        return [points[i] for i in ends if i in points]
    out = [points[i] for i in dict.fromkeys(actors) if i in points]
    return out or list(points.values())[:1]


def _country_homes(features: list[dict], countries: dict) -> dict:
    """Alpha-2 code -> (name, (lon, lat)) where a country's findings gather: the point of a
    finding placed at the whole country, else of the country as some finding names it."""
    out: dict = {}
    for f in features:
        p = _props(f)
        geom = f.get("geometry") if isinstance(f, dict) else None
        if p.get("place_kind") == "country" and p.get("country") and isinstance(geom, dict) \
                and geom.get("type") == "Point" and _lonlat(geom.get("coordinates")):
            out.setdefault(str(p["country"]), (clean_text(p.get("place"), 200), _lonlat(geom.get("coordinates"))))
    for f in features:
        p = _props(f)
        named = dict(countries)
        for a in p.get("actors") or []:
            code = _is_country(a, countries) if isinstance(a, dict) and a.get("kind") == "place" else None
            if code:
                named[a.get("place_id")] = code
        for rec in p.get("places") if isinstance(p.get("places"), list) else []:
            code = named.get(rec.get("place_id")) if isinstance(rec, dict) else None
            ll = _lonlat([rec.get("lon"), rec.get("lat")]) if code and code not in out else None
            if ll:
                out[code] = (clean_text(rec.get("name"), 200), ll)
    return out


def _country_home(code: str):
    """(name, (lon, lat)) of a country no finding places or names whole: its tag in its land."""
    at = _anchor(code) if code else None
    if at is None:
        return None
    import pycountry

    rec = pycountry.countries.get(alpha_2=code.upper())
    return (getattr(rec, "common_name", None) or rec.name if rec else code), at


def marker_radius(n: int) -> float:
    """Pixel radius for a place with ``n`` claims (area grows with n, capped).
    The browser recomputes it from the claims that pass the filters.

    >>> marker_radius(1), marker_radius(5), marker_radius(100)
    (10.0, 16.4, 28.0)
    """
    return round(min(28.0, 10.0 + 3.2 * math.sqrt(max(n, 1) - 1)), 1)


def great_circle(a: tuple[float, float], b: tuple[float, float], n: int = ARC_POINTS):
    """The great circle from ``a`` to ``b`` (lon, lat) as one or two [lat, lon]
    segments: a route crossing the antimeridian (Havana to Beijing goes over
    Alaska) is cut there and continues from the other edge of the map, so
    both ends meet their place markers in the one world copy shown.

    >>> segs = great_circle((0.0, 0.0), (10.0, 0.0), 4)
    >>> len(segs), segs[0][0], segs[0][-1]
    (1, [0.0, 0.0], [0.0, 10.0])
    >>> segs = great_circle((-82.38, 23.13), (116.40, 39.91))
    >>> len(segs), segs[0][-1][1], segs[1][0][1]
    (2, -180.0, 180.0)
    """
    return [[[round(y, 3), round(x, 3)] for x, y in seg] for seg in great_circle_lines(a, b, n, digits=6)]


def _date_key(rec: dict) -> str:
    return rec["event_date"] or rec["published"] or ""


def _year(text: str):
    m = re.match(r"^(\d{4})", text or "")
    return int(m.group(1)) if m else None


def _payload(features: list[dict], layer_recs: list[dict], story, distances) -> tuple[dict, list]:
    """Everything the browser draws, as one JSON-ready dict (deterministic
    order): ``claims`` (one per feature), ``places`` (one per distinct
    place, all layers together), ``routes`` (visits grouped by origin and
    destination), ``story``, ``distances``, ``unplaced`` (the claims drawn at no
    place or route, newest first) and the timeline range."""
    layer_index = {lay["id"]: i for i, lay in enumerate(layer_recs)}
    claims: list[dict] = []
    fid_claim: dict[int, int] = {}      # the features drawn (a place or a route): steps, dots, distances
    unplaced: list[int] = []
    places: dict[tuple, dict] = {}
    routes: dict[tuple, dict] = {}
    pts: list[tuple[float, float]] = []
    countries = _country_places(features)
    homes = _country_homes(features, countries)
    for fid, f in enumerate(features):
        p = _props(f)
        layer = p.get("layer") if p.get("layer") in layer_index else OTHER_LAYER["id"]
        geom = f.get("geometry") if isinstance(f, dict) else None
        gtype = geom.get("type") if isinstance(geom, dict) else None
        coords = geom.get("coordinates") if isinstance(geom, dict) else None
        rec = _claim(p)
        rec["layer"] = layer_index[layer]
        rec["t"] = _date_key(rec)[:10]
        rec["t_from"] = "event" if rec["event_date"] else ("published" if rec["published"] else "")
        relation = None
        kind, country = clean_text(p.get("place_kind"), 40), clean_text(p.get("country"), 3)
        if geom is None:
            # A relation between actors, with no literal place (geo.findings.features.relation_of):
            # a link between the actor places of two countries, or one of a country's findings
            # (its panel) when its actors are of one country, else the point of its region.
            how, code = p.get("relation"), clean_text(p.get("country"), 3)
            ends = [e for e in p.get("relation_ends") or [] if isinstance(e, str)]
            if how is None:
                # a feature from before relations were typed: as its actors say
                solo = _solo_country(p, countries)
                how, code = ("country", solo[0]) if solo else ("link", "")
            # "unplaced": its only actors are groupings ("the West"), which no point stands for
            relation = _actor_points(p, countries, ends) if how not in ("country", "unplaced") else []
            if how == "country":
                home = homes.get(code) or _country_home(code)
                relation = [home] if home else []
                if home:
                    kind, country, gtype, coords = "country", code, "Point", list(home[1])
            elif len(relation) >= 2:
                gtype, coords = "LineString", [list(relation[0][1]), list(relation[1][1])]
            elif relation:
                gtype, coords = "Point", list(relation[0][1])
            rec["relation"] = True
        if gtype == "MultiLineString" and isinstance(coords, list) and coords and isinstance(coords[0], list) \
                and isinstance(coords[-1], list) and coords[0] and coords[-1]:
            # a route cut at the antimeridian: the map redraws it from its two ends
            gtype, coords = "LineString", [coords[0][0], coords[-1][-1]]
        if gtype == "Point" and _lonlat(coords):
            lon, lat = _lonlat(coords)
            name = (relation[0][0] if relation else clean_text(p.get("place"), 200)) or f"{lat:.3f}, {lon:.3f}"
            key = (name, round(lat, 5), round(lon, 5))
            g = places.setdefault(key, {"id": len(places), "place": name, "lat": round(lat, 5),
                                        "lon": round(lon, 5), "kind": kind, "country": country,
                                        "claims": []})
            rec["place"] = g["id"]
            pts.append((lat, lon))
        elif gtype == "LineString" and isinstance(coords, list) and len(coords) >= 2 \
                and _lonlat(coords[0]) and _lonlat(coords[-1]):
            a, b = _lonlat(coords[0]), _lonlat(coords[-1])
            if relation:
                (origin, a), (dest, b) = sorted(relation[:2])
            else:
                origin = clean_text(p.get("origin"), 200) or f"{a[1]:.2f}, {a[0]:.2f}"
                dest = clean_text(p.get("destination") or p.get("place"), 200) or f"{b[1]:.2f}, {b[0]:.2f}"
            key = (layer, origin, dest, a, b, bool(relation))
            g = routes.setdefault(key, {"id": len(routes), "origin": origin, "destination": dest,
                                        "a": a, "b": b, "claims": [], "relation": bool(relation)})
            rec["route"] = g["id"]
            pts.extend([(a[1], a[0]), (b[1], b[0])])
        else:
            # Drawn nowhere: no literal place, and no actor place the map can stand it at
            # ("NATO allies said the West must spend more": a grouping's only). Listed in the
            # map's "Not placed" panel (unplaced.js), so every finding is reachable.
            unplaced.append(len(claims))
            claims.append(rec)
            continue
        fid_claim[fid] = len(claims)
        g["claims"].append(len(claims))
        claims.append(rec)

    def newest_first(ids):
        return sorted(ids, key=lambda i: _date_key(claims[i]), reverse=True)

    place_list = []
    for g in places.values():
        rec = {"place": g["place"], "lat": g["lat"], "lon": g["lon"], "kind": g["kind"],
               "claims": newest_first(g["claims"])}
        area = country_area(g["country"]) if g["kind"] == "country" else None
        if area is not None:
            # findings about the whole country: drawn on its outline (countries.js), not at a point
            rec["area"] = area
            # the places inside it that have findings of their own, for its panel
            area["inside"] = [h["id"] for h in places.values()
                              if h["country"] == g["country"] and h["id"] != g["id"] and h["kind"] != "country"]
            place_list.append(rec)
            continue
        at = basemap.on_land(g["lat"], g["lon"], g["kind"])
        if at is not None:
            rec["at"] = list(at)    # drawn here: the gazetteer's point for the country is at sea
        place_list.append(rec)
    route_list = []
    for g in routes.values():
        segs = great_circle(g["a"], g["b"])
        route_list.append({"origin": g["origin"], "destination": g["destination"],
                           "from": [g["a"][1], g["a"][0]], "to": [g["b"][1], g["b"][0]],
                           "segments": segs, "claims": newest_first(g["claims"]), "relation": g["relation"]})
    named_list = []
    for n in named_places(features):
        ids = newest_first([fid_claim[i] for i in n.features if i in fid_claim])
        if not ids:
            continue
        rec = {"place": clean_text(n.name, 200) or f"{n.lat:.3f}, {n.lon:.3f}", "lat": round(n.lat, 5),
               "lon": round(n.lon, 5), "kind": clean_text(n.kind, 40), "claims": ids}
        at = basemap.on_land(rec["lat"], rec["lon"], n.kind)
        if at is not None:
            rec["at"] = list(at)
        named_list.append(rec)
    years = sorted(y for y in (_year(c["t"]) for c in claims) if y is not None)
    if years:
        # a lone outlier (an 1840 aside) should not squash the slider
        lo = years[min(len(years) - 1, len(years) // 50)]
        time_range = {"min": lo, "max": years[-1], "earliest": years[0]}
    else:
        time_range = {"min": 2000, "max": 2000, "earliest": 2000}
    steps = []
    for st in (story or {}).get("steps", []):
        ids = [fid_claim[i] for i in st.get("feature_ids", []) if i in fid_claim]
        if not ids:
            continue
        step_places = sorted({claims[i]["place"] for i in ids if "place" in claims[i]})
        step_routes = sorted({claims[i]["route"] for i in ids if "route" in claims[i]})
        spts = []
        for i in step_places:
            pl = place_list[i]
            if "area" in pl:
                # a country is framed on its land, not on one point of it
                spts += [tuple(pl["area"]["bounds"][0]), tuple(pl["area"]["bounds"][1])]
            else:
                spts.append(tuple(pl.get("at") or (pl["lat"], pl["lon"])))
        spts += _route_frame(spts, [route_list[r] for r in step_routes])
        for d in distances or []:
            # a step about a stated distance shows the whole measured line
            if set(d.get("feature_ids", [])) & set(st.get("feature_ids", [])) and d.get("line"):
                spts += [tuple(d["line"][0]), tuple(d["line"][-1])]
        steps.append({"title": clean_text(st.get("title"), 200),
                      "narration": clean_text(st.get("narration"), 1000),
                      "claims": newest_first(ids), "places": step_places, "routes": step_routes,
                      "bounds": _bounds(spts, pad=0.4)})
    story_rec = {"title": clean_text((story or {}).get("title"), 200),
                 "source": clean_text((story or {}).get("source"), 300), "steps": steps}
    dist_list = []
    for d in distances or []:
        ids = [fid_claim[i] for i in d.get("feature_ids", []) if i in fid_claim]
        dist_list.append({
            "label": clean_text(d.get("label"), 300), "stated": clean_text(d.get("stated"), 100),
            "site": clean_text(d.get("site"), 200), "measured_m": _float(d.get("measured_m"), 0.0),
            "stated_m": _float(d.get("stated_m"), 0.0),
            "ring": [[_float(a, 0.0), _float(b, 0.0)] for a, b in d.get("ring", [])],
            "line": [[_float(a, 0.0), _float(b, 0.0)] for a, b in d.get("line", [])],
            "claims": ids,
        })
    for lay in layer_recs:
        lay["count"] = sum(1 for c in claims if layer_recs[c["layer"]]["id"] == lay["id"])
    data = {"version": PAYLOAD_VERSION,
            "layers": [{"id": lay["id"], "title": lay["title"], "color": lay["color"]} for lay in layer_recs],
            "claims": claims, "places": place_list, "named": named_list, "routes": route_list, "story": story_rec,
            "distances": dist_list, "unplaced": newest_first(unplaced), "time": time_range, "seam": None}
    return data, pts


# A step's frame takes in its trips' origins only while it stays regional; else a
# trip from Havana to Moscow would frame the world, and the step is about Moscow.
FRAME_MAX_LON, FRAME_MAX_LAT = 100.0, 60.0
ROUTE_NEAR_KM = 2500.0     # how much of a far trip's arc the frame keeps, before its destination


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points, in km (a sphere is plenty here)."""
    return haversine_km(a[0], a[1], b[0], b[1])


def _regional(pts: list[tuple[float, float]]) -> bool:
    lats, lons = [p[0] for p in pts], [p[1] for p in pts]
    return max(lons) - min(lons) <= FRAME_MAX_LON and max(lats) - min(lats) <= FRAME_MAX_LAT


def _route_frame(places: list[tuple[float, float]], routes: list[dict]) -> list[tuple[float, float]]:
    """The points of a step's trips its frame takes in, besides its places.

    A visit happens at its destination, so the destinations always count; the
    origins too when the frame stays regional. Otherwise only the last
    ROUTE_NEAR_KM of each arc (on the destination's side of the antimeridian)
    is framed, and the runtime names the far end at the map's edge.

    >>> havana, miami, moscow = (23.13, -82.38), (25.77, -80.19), (55.75, 37.62)
    >>> r = lambda a, b: {"from": list(a), "to": list(b), "segments": [[list(a), list(b)]]}
    >>> _route_frame([], [r(miami, havana)])                     # a short trip: both ends
    [(23.13, -82.38), (25.77, -80.19)]
    >>> _route_frame([], [r(havana, moscow)])                    # a long one: where it went
    [(55.75, 37.62)]
    """
    if not routes:
        return []
    ends = [tuple(r["to"]) for r in routes]
    both = ends + [tuple(r["from"]) for r in routes]
    if _regional(places + both):
        return both
    near = []
    for r in routes:
        dest = tuple(r["to"])
        for seg in r["segments"]:
            near += [tuple(q) for q in seg if abs(q[1] - dest[1]) <= 180 and _km(tuple(q), dest) <= ROUTE_NEAR_KM]
    return ends + [q for q in near if q not in ends]


def _bounds(pts: list[tuple[float, float]], pad: float = 1.0):
    if not pts:
        return [[-50.0, -150.0], [70.0, 150.0]]
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    # a lone point should not zoom to street level
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
    # The description (what the layer holds) shows on hover.
    return (f'<span class="bm-layer-name" title="{html_text(layer.get("description") or "")}">'
            f'<span class="bm-swatch" style="background-color:{layer["color"]}"></span>'
            f'{html_text(layer["title"])} ({layer["count"]})</span>')


def build_map(features: list[dict], layers: list[dict], documents: list[dict], *,
              title: str, subtitle: str = "", credits: Iterable[str] = (),
              online_tiles: bool = True, story=None, distances=None, cache=None) -> folium.Map:
    """Build the folium element tree (ids not yet made deterministic).

    ``story``: ``geo.present.story`` dict (``None``: the default story; ``False``: no
    story). ``distances``: ``geo.findings.distances.find_distances`` output. ``cache``: a
    :class:`geo.present.cache.OutputCache` for the pieces kept between builds.
    """
    features = [f for f in (features or []) if isinstance(f, dict)]
    layer_recs = _layers(list(layers or []), features)
    if story is None:
        from geo.present.story import default_story
        story = default_story(features, [dict(lay) for lay in layer_recs])
    data, pts = _payload(features, layer_recs, story or {}, distances or [])

    m = OfflineMap(location=None, tiles=None, zoom_control=False, zoom_start=2,
                   zoomSnap=0.25, zoomDelta=0.5, worldCopyJump=False, minZoom=1)
    InlineAssets(clean_text(title, 200)).add_to(m)
    # the runtime's modules, in drawing order (routes under places under labels)
    for module in (Routes(), Named(), Markers(), Countries(), Labels()):
        module.add_to(m)
    cut = meridian.seam(p[1] for p in pts)
    basemap.add_base_layers(m, online_tiles=online_tiles, places=data["places"], cache=cache, seam=cut)
    data["seam"] = cut
    if cut is not None:
        meridian.shift_payload(data, cut)
        pts = [(lat, meridian.shift_lon(lon, cut)) for lat, lon in pts]
    for layer in layer_recs:
        if not layer["count"]:
            continue        # an empty layer is not offered: "Project 141 sites (0)" on a map of Djibouti
        fg = folium.FeatureGroup(name=_layer_label(layer), overlay=True, show=True)
        LayerSwitch(layer["id"]).add_to(fg)
        fg.add_to(m)
    if data["named"]:
        fg = folium.FeatureGroup(name=_layer_label(dict(NAMED_LAYER, count=len(data["named"]))), overlay=True,
                                 show=True)
        LayerSwitch(NAMED_LAYER["id"]).add_to(fg)
        fg.add_to(m)
    if data["distances"]:
        fg = folium.FeatureGroup(name=_layer_label({"title": "Stated distances, measured",
                                                    "color": "#1d1d1d",
                                                    "count": len(data["distances"])}),
                                 overlay=True, show=True)
        DistanceOverlay(data["distances"]).add_to(fg)
        fg.add_to(m)
    folium.LayerControl(position="topright", collapsed=False).add_to(m)
    Filters().add_to(m)                 # under the layer toggles
    credit_line = "; ".join([BASE_CREDITS] + [clean_text(c, 300) for c in credits if c])
    Panels(title=clean_text(title, 200), subtitle=clean_text(subtitle, 400),
           legend=layer_recs, documents=_documents(documents), credits=credit_line,
           statuses=STATUSES, story=data["story"]).add_to(m)
    Unplaced(len(data["unplaced"])).add_to(m)   # above the sources (bottom corners stack upwards)
    Search().add_to(m)                  # under the title
    Timeline(data["time"]).add_to(m)
    Story(data["story"]).add_to(m)
    Print().add_to(m)
    FinishMap(data, _bounds(pts), {"paddingTopLeft": [60, 150], "paddingBottomRight": [400, 130],
                                   "maxZoom": 8}).add_to(m)
    return m


def _check_no_jquery_needed(m: folium.Map) -> None:
    """The page ships no jQuery; folium's ``Popup`` and ``keep_in_front``
    would call ``$`` and break the page, so refuse them here."""
    def walk(el):
        if isinstance(el, folium.Popup):
            raise ValueError("folium.Popup needs jQuery, which the map does not ship; "
                             "popups are built by the runtime (markers.js, routes.js)")
        for child in el._children.values():
            walk(child)

    if getattr(m, "objects_to_stay_in_front", None):
        raise ValueError("Map.keep_in_front needs jQuery, which the map does not ship")
    walk(m)


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
    """Return the complete HTML document (same input -> same bytes).

    Options: ``story`` (a ``geo.present.story`` dict; default: generated; ``False``:
    none), ``distances`` (``geo.findings.distances.find_distances``), ``online_tiles``, ``cache``
    (:class:`geo.present.cache.OutputCache`).
    """
    with kept_areas(options.get("cache")):
        m = build_map(features, layers, documents, title=title, subtitle=subtitle,
                      credits=credits, **options)
    _check_no_jquery_needed(m)
    _assign_ids(m)
    finish = next(el for el in m._children.values() if isinstance(el, FinishMap))
    head, mark, tail = m.get_root().render().partition(FinishMap.DATA_MARK)
    if not mark or FinishMap.DATA_MARK in tail:      # pragma: no cover - a template error
        raise ValueError("the map page must hold the payload's mark exactly once")
    return "".join((head, js_json(finish.data), tail))


def write_map(path, features: list[dict], layers: list[dict], documents: list[dict], *,
              title: str, subtitle: str = "", credits: Iterable[str] = (), **options) -> None:
    """Render and write atomically: a temp file in the same folder, then
    ``os.replace``, so a reader never sees a half-written map."""
    html = render_map(features, layers, documents, title=title, subtitle=subtitle,
                      credits=credits, **options)
    from geo.present.export import write_text

    write_text(Path(path), html)
