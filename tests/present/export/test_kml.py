"""KML and KMZ parsed back with fastkml and read through GDAL's KML drivers."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import pyogrio
import pytest
from fastkml import kml
from lxml import etree

from geo.present.export.kml import KMZ_ICONS, circle_png, kml_bytes, kmz_bytes, write_kml
from tests.present.export import fixtures as fx


def _document(data: bytes):
    return kml.KML.from_string(data).features[0]


def _placemarks(doc) -> dict[str, object]:
    return {p.name: p for folder in doc.features for p in folder.features}


def test_a_folder_per_layer_in_map_order_with_every_feature():
    doc = _document(kml_bytes(fx.features(), fx.LAYERS, title="Test <briefing>"))
    assert doc.name == "Test <briefing>"
    assert [f.name for f in doc.features] == ["Ports & <harbours>", "Trips", "Talks", "unlisted"]
    assert [len(f.features) for f in doc.features] == [2, 2, 1, 1]
    names = set(_placemarks(doc))
    assert {"Bergen", "Tromsø (denied)", "Oslo – Reykjavik", "The envoy: Oslo to Washington"} <= names


def test_styles_carry_the_layer_colour_and_denied_findings_their_own_mark():
    data = kml_bytes(fx.features(), fx.LAYERS)
    root = etree.fromstring(data)
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    colour = root.find(".//k:Style[@id='layer-ports']/k:IconStyle/k:color", ns).text
    assert colour == "ff005ed5"                       # #D55E00 as aabbggrr
    assert root.find(".//k:Style[@id='layer-visits']/k:LineStyle/k:color", ns).text == "e6739e00"
    places = _placemarks(_document(data))
    assert places["Bergen"].style_url.url == "#layer-ports"
    assert places["Tromsø (denied)"].style_url.url == "#layer-ports-denied"


def test_time_spans_cover_the_stated_periods():
    places = _placemarks(_document(kml_bytes(fx.features(), fx.LAYERS)))
    bergen = places["Bergen"].times                   # March 2021 (a month) to 30 April 2021
    assert (bergen.begin.dt, bergen.end.dt) == (dt.date(2021, 3, 1), dt.date(2021, 4, 30))
    tromso = places["Tromsø (denied)"].times          # "1999" only: the whole year
    assert (tromso.begin.dt, tromso.end.dt) == (dt.date(1999, 1, 1), dt.date(1999, 12, 31))
    assert places["The envoy: Oslo to Washington"].times.timestamp.dt == dt.date(2022, 11, 20)
    # no event date: stamped with the publication date, as the map's timeline does
    assert places["The minister: Tokyo to Honolulu"].times.timestamp.dt == dt.date(2022, 11, 21)
    assert places["Oslo – Reykjavik"].times.timestamp.dt == dt.date(2021, 3, 4)


def test_routes_are_lines_and_split_routes_multigeometry():
    places = _placemarks(_document(kml_bytes(fx.features(), fx.LAYERS)))
    envoy = places["The envoy: Oslo to Washington"].geometry
    assert envoy.geom_type == "LineString" and len(envoy.coords) == 3
    minister = places["The minister: Tokyo to Honolulu"].geometry
    assert minister.geom_type == "MultiLineString" and len(list(minister.geoms)) == 2
    assert places["Oslo – Reykjavik"].geometry is None      # a relation: listed, with no place


def test_balloon_escapes_article_text_and_lists_every_source():
    places = _placemarks(_document(kml_bytes(fx.features(), fx.LAYERS)))
    balloon = places["Tromsø (denied)"].description
    # what Google Earth renders as HTML: the article's markup arrives as text
    assert "<script>" not in balloon and "&lt;script&gt;alert(1)&lt;/script&gt;" in balloon
    assert "]]&gt;" in balloon and 'href="javascript' not in balloon and "javascript:alert(1)" in balloon
    assert balloon.count("<li>") == 2 and "[denies] Officials denied" in balloon
    bergen = places["Bergen"].description
    assert '<a href="https://gazette.example/a">link</a>' in bergen and "Nordic Daily" in bergen


def test_extended_data_fields():
    places = _placemarks(_document(kml_bytes(fx.features(), fx.LAYERS)))
    data = {d.name: d.value for d in places["Bergen"].extended_data.elements}
    assert data["finding"] == "f-bergen" and data["status"] == "reported" and data["sources"] == "2"
    assert data["event_date"] == "2021-03" and data["event_date_precision"] == "month"


def test_kmz_carries_its_icons_and_the_same_document():
    data = kmz_bytes(fx.features(), fx.LAYERS)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.namelist() == ["doc.kml", KMZ_ICONS["dot"], KMZ_ICONS["denied"]]
        doc = z.read("doc.kml")
        assert z.read(KMZ_ICONS["dot"]) == circle_png(cross=False)
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    assert b"maps.google.com" not in doc and b"files/dot.png" in doc
    assert circle_png().startswith(b"\x89PNG\r\n\x1a\n")
    assert kmz_bytes(fx.features(), fx.LAYERS) == data and kml_bytes(fx.features(), fx.LAYERS) == \
        kml_bytes(fx.features(), fx.LAYERS)


@pytest.mark.parametrize("driver", [d for d in ("LIBKML", "KML") if d in pyogrio.list_drivers()])
def test_gdal_reads_every_placemark(tmp_path, driver):
    kml_path, kmz_path = tmp_path / "t.kml", tmp_path / "t.kmz"
    write_kml(kml_path, kmz_path, fx.features(), fx.LAYERS)
    paths = [kml_path, kmz_path] if driver == "LIBKML" else [kml_path]
    for path in paths:
        layers = [name for name, _ in pyogrio.list_layers(path)]
        assert layers == ["Ports & <harbours>", "Trips", "Talks", "unlisted"]
        frames = {name: pyogrio.read_dataframe(path, layer=name, driver=driver) for name in layers}
        assert sum(len(f) for f in frames.values()) == len(fx.features())
        ports = frames["Ports & <harbours>"]
        assert ports.geometry.iloc[0].x == pytest.approx(5.3221)
        if driver == "LIBKML":
            assert str(ports.loc[ports["Name"] == "Bergen", "begin"].iloc[0].date()) == "2021-03-01"


def test_every_geojson_geometry_type_becomes_kml():
    features = fx.features()[:1]
    shapes = [{"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]},
              {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
              {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1, 2]},
                                                            {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}]}]
    features = [dict(features[0], geometry=g) for g in shapes]
    places = list(_document(kml_bytes(features, fx.LAYERS)).features[0].features)
    assert [p.geometry.geom_type for p in places] == ["MultiPoint", "Polygon", "GeometryCollection"]
