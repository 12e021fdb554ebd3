"""Every output holds every feature, whatever the corpus's layers.yaml says (issue 17: a two-layer
file gave 508 GeoJSON features but 425 in the GeoPackage, exit 0)."""
from __future__ import annotations

import json
import shutil
from collections import Counter

import openpyxl
import pyogrio

from geo.pipeline import build
from geo.present.render.map import _payload

TWO_LAYERS = """\
- id: spying
  title: Spying
  color: "#0072B2"
  rules:
    - {id: spy-words, pattern: '\\b(?:spy|espionage|listening|intelligence)'}
- id: everything-else
  title: Everything else
  color: "#999999"
  rules:
    - {id: any, pattern: '.'}
"""


def test_custom_layers_geojson_geopackage_and_map_agree(tmp_path, seeds_dir):
    folder = tmp_path / "corpus"
    shutil.copytree(seeds_dir, folder)
    (folder / "briefing.yaml").unlink(missing_ok=True)   # its steps name the shipped layers
    (folder / "layers.yaml").write_text(TWO_LAYERS, encoding="utf-8")
    out = tmp_path / "out" / "m.html"
    result = build(folder, out)
    assert not any("layers.yaml" in p for p in result.problems)

    features = json.loads(out.with_suffix(".geojson").read_text(encoding="utf-8"))["features"]
    by_layer = Counter(f["properties"]["layer"] for f in features)
    # The visit detector's layer exists although the file does not name it.
    assert {"spying", "everything-else", "visits"} <= set(by_layer)
    assert set(by_layer) <= {layer["id"] for layer in result.layers}

    gpkg = out.with_suffix(".gpkg")
    in_gpkg: Counter = Counter()
    for table, _ in pyogrio.list_layers(gpkg):
        if table in ("finding_claims", "layer_styles"):   # a row per source sentence; QGIS styles
            continue
        frame = pyogrio.read_dataframe(gpkg, layer=table)
        in_gpkg.update(frame["layer"])
    assert in_gpkg == by_layer and sum(in_gpkg.values()) == len(features) == len(result.features)

    claims = _payload(result.features, result.layers, None, [])[0]["claims"]
    assert len(claims) == len(features)

    # Google Earth's file and the workbook hold them too
    kml = sum(len(pyogrio.read_dataframe(out.with_suffix(".kml"), layer=name))
              for name, _ in pyogrio.list_layers(out.with_suffix(".kml")))
    assert kml == len(features)
    workbook = openpyxl.load_workbook(out.with_suffix(".xlsx"), read_only=True)
    findings = sum(1 for f in features if "finding" in f["properties"])
    assert sum(1 for _ in workbook["Findings"].iter_rows(min_row=2)) == findings
