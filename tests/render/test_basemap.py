"""The shipped Natural Earth outlines: small, attributed, no antimeridian stripes."""
from __future__ import annotations

import doctest
import importlib

import pytest

from geo.render.basemap import outlines


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


@pytest.mark.parametrize("module", ["geo.render.safety", "geo.render.assets", "geo.render.elements",
                                    "geo.render.basemap", "geo.render.map", "geo.render"])
def test_doctests(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0


def test_an_empty_layer_is_not_offered_in_the_layer_control():
    from geo.render.map import render_map

    f = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [43.1, 11.6]},
         "properties": {"layer": "ports", "place": "Djibouti", "claim": "A port opened."}}
    html = render_map([f], [{"id": "ports", "title": "Ports"}, {"id": "bases", "title": "Unused bases"}], [],
                      title="Horn of Africa")
    assert "Ports (1)" in html and "Unused bases (0)" not in html
