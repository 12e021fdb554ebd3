"""The GeoPackage read back through GDAL (pyogrio): typed dates, the claims table, QGIS styles."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess

import numpy as np
import pandas as pd
import pyogrio
import pytest
from lxml import etree

from geo.present.export import write_geopackage
from tests.present.export import fixtures as fx


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory):
    path = tmp_path_factory.mktemp("gpkg") / "t.gpkg"
    write_geopackage(path, fx.features(), fx.LAYERS)
    return path


def _types(path, table):
    info = pyogrio.read_info(path, layer=table)
    return dict(zip(info["fields"], info["dtypes"]))


def test_tables_follow_the_layers_and_hold_every_feature(gpkg):
    tables = dict(pyogrio.list_layers(gpkg))
    assert tables == {"ports": "Point", "visits_linestring": "MultiLineString", "talks": "Point",
                      "unlisted": "Point", "finding_claims": None, "layer_styles": None}
    counts = {t: pyogrio.read_info(gpkg, layer=t)["features"] for t in tables}
    assert counts["ports"] == 2 and counts["visits_linestring"] == 2 and counts["talks"] == 1
    assert counts["finding_claims"] == 6


def test_dates_are_date_columns_with_their_precision_beside(gpkg):
    types = _types(gpkg, "ports")
    assert types["event_date"] == "datetime64[D]" and types["published"] == "datetime64[D]"
    assert types["event_date_precision"] == "object" and types["start"] == "int64"
    assert types["confidence"] == "float64"
    ports = pyogrio.read_dataframe(gpkg, layer="ports")
    bergen = ports[ports["finding"] == "f-bergen"].iloc[0]
    assert bergen["event_date"] == np.datetime64("2021-03-01") and bergen["event_date_precision"] == "month"
    tromso = ports[ports["finding"] == "f-tromso"].iloc[0]
    assert tromso["event_date"] == np.datetime64("1999-01-01") and tromso["event_date_precision"] == "year"
    assert tromso["claim"] == fx.HOSTILE      # stored verbatim: a GeoPackage runs nothing
    # the declared SQL type is DATE, what QGIS's temporal controller filters on
    con = sqlite3.connect(gpkg)
    declared = {row[1]: row[2] for row in con.execute('PRAGMA table_info("ports")')}
    assert declared["event_date"] == "DATE" and declared["published"] == "DATE"


def test_claims_table_has_typed_dates_and_joins_on_finding(gpkg):
    types = _types(gpkg, "finding_claims")
    assert types["event_date"] == "datetime64[D]" and types["published"] == "datetime64[D]"
    claims = pyogrio.read_dataframe(gpkg, layer="finding_claims")
    assert sorted(claims["finding"].unique()) == ["f-bergen", "f-talks", "f-tromso", "f-unlisted"]
    undated = claims[claims["claim"].str.startswith("Officials denied")].iloc[0]
    assert pd.isna(undated["event_date"]) and pd.isna(undated["event_date_precision"])
    leap = claims[claims["finding"] == "f-unlisted"].iloc[0]
    assert leap["event_date"] == np.datetime64("2020-02-29") and leap["event_date_precision"] == "day"


def test_routes_split_at_the_antimeridian_stay_split_and_relations_have_no_geometry(gpkg):
    routes = pyogrio.read_dataframe(gpkg, layer="visits_linestring")
    parts = {row["visitor"]: len(row.geometry.geoms) for _, row in routes.iterrows()}
    assert parts == {"The envoy": 1, "The minister": 2}
    assert routes.geometry.bounds["maxx"].max() <= 180 and routes.geometry.bounds["minx"].min() >= -180
    talks = pyogrio.read_dataframe(gpkg, layer="talks")
    assert talks.geometry.iloc[0] is None and talks["finding"].iloc[0] == "f-talks"


def test_layer_styles_give_each_table_its_layer_colour(gpkg):
    styles = pyogrio.read_dataframe(gpkg, layer="layer_styles")
    assert sorted(styles["f_table_name"]) == ["ports", "talks", "unlisted", "visits_linestring"]
    assert set(styles["f_table_schema"]) == {""} and set(styles["f_geometry_column"]) == {"geom"}
    assert styles["useAsDefault"].all()
    by_table = styles.set_index("f_table_name")
    # QGIS's own lookup (QgsOgrProviderUtils::loadStyle) filters on these columns
    found = pyogrio.read_dataframe(gpkg, layer="layer_styles",
                                   where="f_table_schema='' AND f_table_name='ports' AND f_geometry_column='geom'")
    assert len(found) == 1
    qml = etree.fromstring(by_table.loc["ports", "styleQML"].split("\n", 1)[1].encode())
    assert qml.find(".//renderer-v2").get("type") == "singleSymbol"
    assert qml.find(".//symbol").get("type") == "marker"
    assert qml.find(".//Option[@name='color']").get("value") == "213,94,0,255"      # #D55E00
    line = etree.fromstring(by_table.loc["visits_linestring", "styleQML"].split("\n", 1)[1].encode())
    assert line.find(".//symbol").get("type") == "line"
    assert line.find(".//Option[@name='line_color']").get("value").startswith("0,158,115,")
    sld = etree.fromstring(by_table.loc["ports", "styleSLD"].encode())
    ns = {"se": "http://www.opengis.net/se"}
    assert sld.find(".//se:Fill/se:SvgParameter[@name='fill']", ns).text == "#d55e00"
    assert sld.find(".//se:Rule/se:Name", ns).text == "Ports & <harbours>"      # escaped, read back intact
    assert by_table.loc["unlisted", "styleSLD"].count("#999999") == 1           # not in the spec: grey


def test_empty_build_is_a_valid_geopackage(tmp_path):
    path = tmp_path / "e.gpkg"
    write_geopackage(path, [], fx.LAYERS)
    tables = dict(pyogrio.list_layers(path))
    assert {"ports", "visits", "talks", "layer_styles"} <= set(tables)


def test_same_features_same_bytes(tmp_path, gpkg):
    again = tmp_path / "again.gpkg"
    write_geopackage(again, fx.features(), fx.LAYERS)
    assert again.read_bytes() == gpkg.read_bytes()


@pytest.mark.skipif(not shutil.which("ogrinfo"), reason="ogrinfo (gdal-bin) not installed")
def test_ogrinfo_reads_it_without_warnings(gpkg):
    res = subprocess.run(["ogrinfo", "-ro", "-so", str(gpkg), "ports"], capture_output=True, text=True, check=True)
    assert "event_date: Date" in res.stdout and "Warning" not in res.stderr


QGIS_SCRIPT = """
import sys
from qgis.core import QgsApplication, QgsVectorLayer
app = QgsApplication([], False)
app.initQgis()
for table in sys.argv[2:]:
    layer = QgsVectorLayer(sys.argv[1] + "|layername=" + table, table, "ogr")
    fields = {f.name(): f.typeName() for f in layer.fields()}
    print(table, layer.isValid(), layer.renderer().symbol().color().name(), fields.get("event_date"), flush=True)
app.exitQgis()
"""


def _has_qgis() -> bool:
    return shutil.which("/usr/bin/python3") is not None and subprocess.run(
        ["/usr/bin/python3", "-c", "import qgis.core"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _has_qgis(), reason="PyQGIS not installed (apt: python3-qgis qgis-providers)")
def test_qgis_opens_each_table_in_its_layer_colour(gpkg):
    """The real check: QGIS itself loads the default style from layer_styles."""
    res = subprocess.run(["/usr/bin/python3", "-c", QGIS_SCRIPT, str(gpkg), "ports", "visits_linestring"],
                         capture_output=True, text=True, timeout=120,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(gpkg.parent)})
    lines = [line.split() for line in res.stdout.splitlines()]
    assert lines == [["ports", "True", "#d55e00", "Date"], ["visits_linestring", "True", "#009e73", "Date"]], \
        res.stderr[-2000:]
