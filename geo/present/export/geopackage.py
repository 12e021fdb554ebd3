"""The GeoPackage: a table per layer, typed columns, the related claims table and QGIS styles.

Written with ``pyogrio.raw`` (GDAL), column by column, so every column has a
real type: ``event_date`` and ``published`` are DATE columns (QGIS's temporal
controller and any SQL date filter use them), with the event date's stated
precision beside it as ``event_date_precision`` (day, month or year: "June
2023" is stored as 2023-06-01 with precision ``month``); offsets are
integers, confidences reals, lists (actors, places, claims) JSON text.

``finding_claims`` has a row per sentence that reports, confirms or denies a
finding (``finding`` joins it to the layer tables), with the same typed dates.
``layer_styles`` is the table QGIS reads a layer's default style from: a QML
and an SLD per table, in the layer's colour from the layer spec.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from geo.atomic import atomic_path
from geo.present.export.isodate import parse_iso
from geo.present.export.styles import layer_specs, qml, sld, style_for

#: Columns holding an ISO date at the precision the text stated: a DATE plus ``<name>_precision``.
DATED = ("event_date",)
#: Columns holding a publication date (always a whole day): a DATE.
DATES = ("published",)
#: Columns whose type is fixed, whatever the values of one table (an all-null column stays numeric).
TYPED = {"section": "int", "start": "int", "end": "int", "confidence": "float", "role_confidence": "float",
         "lat": "float", "lon": "float"}
CLAIMS_TABLE = "finding_claims"
STYLES_TABLE = "layer_styles"
GEOMETRY_COLUMN = "geom"          # pyogrio's name for it in a GeoPackage
# GeoPackage 1.2: what GDAL writes since 2.2, read without a warning by the GDAL of older QGIS releases
# (GDAL 3.6 calls a 1.4 file "partially supported"); nothing here needs 1.3 or 1.4.
DATASET_OPTIONS = {"VERSION": "1.2"}
PINNED_TIME = "2000-01-01T00:00:00.000Z"
_FAMILY = {"Point": "Point", "MultiPoint": "Point", "LineString": "LineString", "MultiLineString": "LineString",
           "Polygon": "Polygon", "MultiPolygon": "Polygon"}


def write_geopackage(path: Path, features: list[dict], layers) -> None:
    """One table per layer with features, ``finding_claims`` and ``layer_styles``.

    ``layers``: layer records (id, title, color) or bare ids, in map order. Tables
    follow it; a feature whose layer is not among them still gets a table (after the
    others, by name): the GeoPackage never holds fewer features than the GeoJSON,
    whatever the layer file said. Points (and relations, which have no place: an
    empty geometry) go in the layer's table; routes in ``<layer>_linestring``, as
    MultiLineString when any route in it crosses the antimeridian.
    """
    styles = layer_specs(layers)
    ids = [s.id for s in styles]
    present = {f["properties"]["layer"] for f in features}
    order = ids + sorted(present - set(ids))
    with atomic_path(path) as tmp:
        tmp.unlink()  # GDAL refuses to open an empty file as a GeoPackage
        written: list[tuple[str, str, str]] = []          # (table, layer, point|line)
        for layer in order:
            subset = [f for f in features if f["properties"]["layer"] == layer]
            families: dict[str, list[dict]] = {}
            for f in subset:
                geometry = f.get("geometry")
                families.setdefault(_FAMILY.get(geometry["type"], "Geometry") if geometry else "Point", []).append(f)
            for family in sorted(families):
                name = layer if family == "Point" else f"{layer}_{family.lower()}"
                _write_table(tmp, name, families[family], family)
                written.append((name, layer, "point" if family == "Point" else "line"))
        if not written:
            # No features at all: still a valid GeoPackage (empty tables), never a stale one.
            for layer in ids or ["features"]:
                _write_table(tmp, layer, [], "Point")
                written.append((layer, layer, "point"))
        _write_claims(tmp, features)
        _write_styles(tmp, [(table, style_for(styles, layer), kind) for table, layer, kind in written])
        _pin_timestamps(tmp)


# ------------------------------------------------------------------ columns

def _flat(props: dict) -> dict:
    """Properties for a table cell each: lists (actors, places, claims) as JSON text."""
    return {k: json.dumps(v, ensure_ascii=False, separators=(",", ":")) if isinstance(v, (list, dict)) else v
            for k, v in props.items()}


def _names(rows: list[dict]) -> list[str]:
    return list(dict.fromkeys(k for row in rows for k in row))


def _kind(name: str, values: list) -> str:
    if name in TYPED:
        return TYPED[name]
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "bool"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "float"
    return "str"


def _columns(rows: list[dict]) -> tuple[list, list[str], list]:
    """(arrays, names, masks) for pyogrio: dates typed, the event date's precision beside it."""
    import numpy as np

    arrays, names, masks = [], [], []

    def add(name, array, mask=None):
        arrays.append(array)
        names.append(name)
        masks.append(mask)

    stated = {f"{name}_precision" for name in DATED}
    for name in _names(rows):
        if name in stated:
            continue    # written beside its date below
        values = [row.get(name) for row in rows]
        if name in DATED or name in DATES:
            parsed = [parse_iso(v) for v in values]
            add(name, np.array([p.start.isoformat() if p else "NaT" for p in parsed], dtype="datetime64[D]"))
            if name in DATED:
                # a precision the record states ("week" for "this week") wins over the ISO text's length
                add(f"{name}_precision", np.array([row.get(f"{name}_precision") or (p.precision if p else None)
                                                   for row, p in zip(rows, parsed)], dtype=object))
            continue
        kind = _kind(name, values)
        missing = np.array([v is None for v in values], dtype=bool)
        if kind == "bool":
            add(name, np.array([bool(v) for v in values], dtype=bool), missing if missing.any() else None)
        elif kind == "int":
            add(name, np.array([0 if v is None else v for v in values], dtype=np.int64),
                missing if missing.any() else None)
        elif kind == "float":
            add(name, np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64))
        else:
            add(name, np.array([None if v is None else str(v) for v in values], dtype=object))
    return arrays, names, masks


def _wkb(features: list[dict]):
    """GeoJSON geometries as WKB (None for a relation's empty geometry)."""
    import numpy as np
    import shapely
    from shapely.geometry import shape

    geoms = np.array([shape(f["geometry"]) if f.get("geometry") else None for f in features], dtype=object)
    return shapely.to_wkb(geoms)


def _write_table(path: Path, name: str, features: list[dict], family: str) -> None:
    from pyogrio.raw import write

    rows = [_flat(f["properties"]) for f in features] or [{"layer": None}]
    arrays, names, masks = _columns(rows)
    if not features:
        arrays = [a[:0] for a in arrays]
        masks = [None] * len(arrays)
    multi = any(f.get("geometry") and f["geometry"]["type"].startswith("Multi") for f in features)
    geometry_type = "Unknown" if family == "Geometry" else ("Multi" + family if multi else family)
    write(path, _wkb(features), arrays, names, field_mask=masks, layer=name, driver="GPKG",
          geometry_type=geometry_type, promote_to_multi=multi, crs="EPSG:4326",
          layer_options={"SPATIAL_INDEX": "NO"}, dataset_options=DATASET_OPTIONS, append=False)


def _write_claims(path: Path, features: list[dict]) -> None:
    """The related table: one row per source sentence of each finding (``finding`` joins them)."""
    from pyogrio.raw import write

    rows = [{"finding": f["properties"]["finding"], "layer": f["properties"]["layer"], **c}
            for f in features if "finding" in f["properties"] for c in f["properties"].get("claims") or []]
    if not rows:
        return
    arrays, names, masks = _columns([_flat(r) for r in rows])
    write(path, None, arrays, names, field_mask=masks, layer=CLAIMS_TABLE, driver="GPKG", geometry_type=None)


def _write_styles(path: Path, tables) -> None:
    """QGIS's ``layer_styles`` table (the layout QGIS creates itself), one default style per table."""
    import numpy as np
    from pyogrio.raw import write

    def text(values):
        return np.array(values, dtype=object)

    n = len(tables)
    fields = {
        "f_table_catalog": text([""] * n),
        "f_table_schema": text([""] * n),           # QGIS looks styles up with f_table_schema=''
        "f_table_name": text([t for t, _, _ in tables]),
        "f_geometry_column": text([GEOMETRY_COLUMN] * n),
        "styleName": text([t for t, _, _ in tables]),
        "styleQML": text([qml(style, kind) for _, style, kind in tables]),
        "styleSLD": text([sld(style, t, kind) for t, style, kind in tables]),
        "useAsDefault": np.ones(n, dtype=bool),
        "description": text([style.title for _, style, _ in tables]),
        "owner": text([""] * n),
        "ui": text([None] * n),
        "update_time": np.array([PINNED_TIME.rstrip("Z")] * n, dtype="datetime64[ms]"),
    }
    write(path, None, list(fields.values()), list(fields), layer=STYLES_TABLE, driver="GPKG", geometry_type=None)


def _pin_timestamps(path: Path) -> None:
    """GeoPackage stores a last-change time per table; pin it so rebuilds are byte-identical."""
    con = sqlite3.connect(path)
    try:
        con.execute("UPDATE gpkg_contents SET last_change = ?", (PINNED_TIME,))
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    # The SQLite header counts transactions (file change counter at byte 24, and the
    # "version valid for" copy at 92), which depends on how GDAL happened to batch its
    # writes in this process. Pin both (kept equal, so the header stays valid).
    with open(path, "r+b") as fh:
        for offset in (24, 92):
            fh.seek(offset)
            fh.write((1).to_bytes(4, "big"))
