"""The shipped Natural Earth outlines: small, attributed, no antimeridian stripes."""
from __future__ import annotations

import doctest
import importlib

import pytest

from geo.present.render.basemap import outlines


def _rings(geom):
    if geom["type"] == "Polygon":
        yield from geom["coordinates"]
    else:
        for poly in geom["coordinates"]:
            yield from poly


def test_outlines_attribution_and_size():
    from importlib import resources
    raw = resources.files("geo").joinpath("data", "countries_110m.geojson").read_bytes()
    assert len(raw) < 250_000
    fc = outlines()
    assert "Natural Earth (public domain)" in fc["attribution"]
    names = {f["properties"]["name"] for f in fc["features"]}
    assert {"Russia", "Fiji", "Antarctica", "Cuba", "Cambodia", "United Arab Emirates"} <= names


def test_no_antimeridian_stripes():
    for f in outlines()["features"]:
        for ring in _rings(f["geometry"]):
            for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
                assert -180 <= x1 <= 180
                # A jump of more than half the world would draw a stripe across the map;
                # the only long edges allowed run along a parallel near the pole
                # (Antarctica's closing edge), which draw as a horizontal line.
                if abs(x1 - x0) >= 180:
                    assert y0 == y1 and y0 < -80, f["properties"]["name"]


@pytest.mark.parametrize("module", ["geo.present.render.safety", "geo.present.render.assets", "geo.present.render.elements",
                                    "geo.present.render.basemap", "geo.present.render.map", "geo.present.render"])
def test_doctests(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0


def test_an_empty_layer_is_not_offered_in_the_layer_control():
    from geo.present.render.map import render_map

    f = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [43.1, 11.6]},
         "properties": {"layer": "ports", "place": "Djibouti", "claim": "A port opened."}}
    html = render_map([f], [{"id": "ports", "title": "Ports"}, {"id": "bases", "title": "Unused bases"}], [],
                      title="Horn of Africa")
    assert "Ports (1)" in html and "Unused bases (0)" not in html


def test_detail_only_around_the_places_that_ask_for_it():
    from shapely.geometry import Point, shape

    from geo.present.render.basemap import DETAIL_DEG, detail

    d = detail([{"lat": 23.13, "lon": -82.38, "kind": "city"}, {"lat": 40.0, "lon": 100.0, "kind": "country"}])
    land = [shape(f["geometry"]) for f in d["land"]["features"] if f["properties"]["k"] == "land"]
    # Havana's own point is on 1:10m land (the 1:110m outline puts it in the sea)
    assert any(g.contains(Point(-82.3666, 23.1136)) for g in land)
    for g in land:
        x0, y0, x1, y1 = g.bounds
        assert -82.38 - DETAIL_DEG - 1e-6 <= x0 and x1 <= -82.38 + DETAIL_DEG + 1e-6   # nothing near the country point
    assert d["zoom"] == 5 and len(d["sea"]) == 1


def test_city_names_are_spaced_and_skip_places_on_the_map():
    from geo.present.render.basemap import CITY_SPACING_KM, _near, detail

    d = detail([{"lat": 23.13, "lon": -82.38, "kind": "city"}])
    names = [c[0] for c in d["cities"]]
    assert "Havana" not in names                       # the map marks it already
    for i, a in enumerate(d["cities"]):
        for b in d["cities"][i + 1:]:
            assert not _near((a[1], a[2]), (b[1], b[2]), CITY_SPACING_KM)


def test_a_country_point_at_sea_is_drawn_just_inside_its_coast():
    from shapely.geometry import Point

    from geo.present.render.basemap import _detail_index, on_land

    _, geoms, tree = _detail_index()
    lat, lon = on_land(21.5, -80.0, "country")           # a country point south of the island
    assert any(geoms[i].contains(Point(lon, lat)) for i in tree.query(Point(lon, lat)))
    assert abs(lat - 21.5) < 1 and abs(lon + 80.0) < 1
    assert on_land(21.5, -80.0, "site") is None            # a site keeps its point, at sea or not
    assert on_land(0.0, -140.0, "country") is None         # no land near: nothing invented


def test_the_detail_file_is_deterministic_gzip_of_valid_shapes():
    from importlib import resources

    from geo.present.render.basemap import _detail_pack

    raw = resources.files("geo").joinpath("data", "countries_10m.wkb.gz").read_bytes()
    assert raw[4:8] == b"\0\0\0\0"                        # gzip mtime 0
    assert len(raw) < 2_600_000
    pack = _detail_pack()
    assert len(pack.geoms) == len(pack.properties) > 200
    assert all(g.is_valid for g in pack.geoms)            # repaired when packed: clipping never fails
    assert {"Cuba", "Cambodia", "China", "Canada"} <= {p["name"] for p in pack.properties}


# ------------------------------------------------------ admin-1 boundaries

def _admin1():
    from importlib import resources

    from geo.present.render import shapepack

    raw = resources.files("geo").joinpath("data", "admin1_10m.wkb.gz").read_bytes()
    return raw, shapepack.read_bytes(raw)


def test_the_admin1_file_is_small_deterministic_and_attributed():
    raw, pack = _admin1()
    assert raw[4:8] == b"\0\0\0\0" and len(raw) < 1_500_000
    assert pack.attribution.startswith("Natural Earth") and "default point of view" in pack.attribution
    # Taiwan's divisions are drawn as Taiwan's (Natural Earth's default view), not as a province of China
    countries = {p["adm0_a3"] for p in pack.properties}
    assert {"TWN", "CHN", "CUB", "USA", "KHM"} <= countries


def test_admin1_lines_run_inside_one_country_not_along_its_coast():
    from shapely.geometry import box

    from geo.present.render.basemap import _detail_index, _detail_pack, admin1_lines

    # Cuba: its provinces' borders cross the island; none of them is the coast
    lines = admin1_lines(box(-84.0, 21.0, -80.0, 24.0))
    assert lines and sum(g.length for g in lines) > 3.0      # degrees of line, several provinces
    _, geoms, tree = _detail_index()
    inland = 0
    for g in lines:
        for part in getattr(g, "geoms", [g]):
            mid = part.interpolate(0.5, normalized=True)
            inland += any(geoms[i].buffer(-0.01).contains(mid) for i in tree.query(mid))
    assert inland >= 0.8 * sum(len(getattr(g, "geoms", [g])) for g in lines)
    # an international border is not restated as a division's border: along Cambodia-Vietnam
    # (the 1:10m outlines' shared edge) there is almost no admin-1 line
    pack = _detail_pack()
    by = {p["name"]: g for p, g in zip(pack.properties, pack.geoms)}
    border = by["Cambodia"].boundary.intersection(by["Vietnam"].buffer(0.01))
    assert border.length > 5
    near = sum(g.intersection(border.buffer(0.01)).length for g in admin1_lines(border.envelope))
    assert near < 0.1 * border.length, near          # line ends meeting it, not lines along it


def test_the_detail_layer_carries_division_lines_only_near_the_places():
    from shapely.geometry import shape

    from geo.present.render.basemap import DETAIL_DEG, detail

    d = detail([{"lat": 10.6, "lon": 103.6, "kind": "site"}])            # a site on Cambodia's coast
    adm1 = [shape(f["geometry"]) for f in d["land"]["features"] if f["properties"]["k"] == "adm1"]
    assert adm1
    for g in adm1:
        x0, y0, x1, y1 = g.bounds
        assert 103.6 - DETAIL_DEG - 1e-6 <= x0 and x1 <= 103.6 + DETAIL_DEG + 1e-6


def test_the_city_labels_file_is_what_its_script_makes_from_the_gazetteer():
    import importlib.util
    from importlib import resources

    from geo.datafiles import REPO

    script = REPO / "scripts" / "make_city_labels.py"
    if not script.exists():
        pytest.skip("scripts/ is not installed with the package")
    spec = importlib.util.spec_from_file_location("make_city_labels", script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    shipped = resources.files("geo").joinpath("data", "city_labels.csv").read_text("utf-8")
    assert shipped == mod.render()
