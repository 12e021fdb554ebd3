"""Where the map is cut: at 180° as usual, or in the widest empty stretch of longitude (the Pacific)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.findings.layers import LayerRegistry
from geo.present.render import meridian, render_map
from geo.present.render.map import _layers, _payload

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = json.loads((ROOT / "geo" / "present" / "render" / "payload.schema.json").read_text(encoding="utf-8"))

# The Pacific briefing that drew Kiribati at the world's left edge and the Solomons at its right.
PACIFIC = {"Honiara": (159.95, -9.43), "Kanton Island": (-171.68, -2.81), "Port Vila": (168.32, -17.73),
           "Lombrum": (147.37, -2.04), "Beijing": (116.40, 39.91), "Honolulu": (-157.86, 21.31)}


def _point(place: str, layer: str = "military") -> dict:
    lon, lat = PACIFIC[place]
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"layer": layer, "place": place, "mention": place, "claim": f"Work began at {place}.",
                           "doc": "a.txt#0", "source": "", "published": "2024-05-01", "event_date": "2024-05",
                           "attribution": "", "status": "reported", "confidence": 0.9, "url": "",
                           "resolution": "test", "layer_rule": "test"}}


def _visit(origin: str, destination: str) -> dict:
    (lon0, lat0), (lon1, lat1) = PACIFIC[origin], PACIFIC[destination]
    f = _point(destination, "visits")
    f["geometry"] = {"type": "LineString", "coordinates": [[lon0, lat0], [lon1, lat1]]}
    f["properties"].update(origin=origin, destination=destination, visitor="A minister")
    return f


def _features() -> list[dict]:
    return [_point(p) for p in PACIFIC if p != "Beijing"] + [_visit("Beijing", "Kanton Island")]


def test_the_usual_cut_stays_when_the_widest_gap_is_across_180():
    assert meridian.seam([-82.4, 37.6, 54.4, 103.6, 116.4]) is None           # Cuba, Moscow, UAE, Cambodia, China
    assert meridian.seam([10.0]) is None
    assert meridian.seam([]) is None
    # a near tie keeps the usual map
    assert meridian.seam([0.0, 170.0]) is None


def test_a_pacific_corpus_is_cut_over_the_atlantic_side():
    cut = meridian.seam(lon for lon, _ in PACIFIC.values())
    assert cut is not None and -157.86 < cut < 116.40
    shifted = sorted(meridian.shift_lon(lon, cut) for lon, _ in PACIFIC.values())
    assert shifted[-1] - shifted[0] < 100          # Beijing to Honolulu, over the Pacific: 86 degrees


def _latlon_paths(node, path="") -> set[str]:
    """Every place in the payload schema that holds coordinates, in meridian.PATHS' notation."""
    out = set()
    if not isinstance(node, dict):
        return out
    if node.get("$ref") == "#/$defs/latlon":
        return {path}
    props = node.get("properties", {})
    if {"lat", "lon"} <= set(props):
        out.add(path)
    for key, sub in props.items():
        out |= _latlon_paths(sub, f"{path}.{key}".lstrip("."))
    if "items" in node:
        items = node["items"]
        inner = _latlon_paths(items, path + "[]")
        # a list of coordinates (or of lists of them) is one entry: its shape says how it moves
        out |= {p if not p.startswith(path + "[][") and p != path + "[]" or "lat" in items.get("properties", {})
                else path for p in inner}
    return out


def test_every_coordinate_the_schema_names_is_moved():
    named = {p for p, _ in meridian.PATHS}
    assert _latlon_paths(SCHEMA) == named


def test_the_payload_of_a_pacific_map_is_drawn_in_one_stretch():
    features = _features()
    data, pts = _payload(features, _layers(LayerRegistry.default().layers, features), {}, [])
    cut = meridian.seam(p[1] for p in pts)
    meridian.shift_payload(data, cut)
    lons = [p["lon"] for p in data["places"]]
    assert all(cut <= x < cut + 360 for x in lons)
    assert max(lons) - min(lons) < 60               # the islands and Hawaii together
    (route,) = data["routes"]
    assert len(route["segments"]) == 1              # the halves cut at 180 are one line again
    line = [q for seg in route["segments"] for q in seg]
    assert all(abs(b[1] - a[1]) < 10 for a, b in zip(line, line[1:]))   # no jump across the page
    assert route["to"][1] == pytest.approx(meridian.shift_lon(-171.68, cut))


def test_the_seed_payload_is_not_moved():
    features = json.loads((ROOT / "maps" / "briefing.geojson").read_text(encoding="utf-8"))["features"]
    data, pts = _payload(features, _layers(LayerRegistry.default().layers, features), {}, [])
    assert meridian.seam(p[1] for p in pts) is None
    assert data["seam"] is None


def test_a_pacific_page_in_the_browser_draws_its_places_side_by_side(chrome, tmp_path):
    from tests.present.render.test_browser import _errors, _load

    html = render_map(_features(), [dict(lay) for lay in LayerRegistry.default().layers], [],
                      title="Pacific", online_tiles=False)
    _load(chrome, tmp_path, "pacific.html", html)
    assert chrome.execute_script("return BRIEFMAP.api.ready()")
    assert _errors(chrome) == []
    points = chrome.execute_script("return BRIEFMAP.api.markerPoints()")
    width, height = chrome.execute_script("return [window.innerWidth, window.innerHeight]")
    xs = {k: v[0] for k, v in points.items()}
    # west to east across the Pacific: Lombrum, Honiara, Port Vila, then Kanton and Honolulu east of 180
    assert xs["Lombrum"] < xs["Honiara"] < xs["Port Vila"] < xs["Kanton Island"] < xs["Honolulu"]
    assert all(0 <= x <= width and 0 <= y <= height for x, y in points.values())
    assert '"seam":' in html and '"seam":null' not in html
