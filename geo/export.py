"""Write the build's outputs: GeoJSON, GeoPackage and the unresolved-mentions report.

Every file is written to a temporary sibling and moved into place, so an
interrupted build leaves the previous outputs intact.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Iterator

UNRESOLVED_FIELDS = ["doc", "section", "start", "end", "mention", "label", "detector", "reason"]


def _temp_prefix(path: Path) -> str:
    return f".{path.stem}."


def _temp_suffix(path: Path) -> str:
    return f".partial{path.suffix}"


@contextlib.contextmanager
def atomic_path(path: Path, mode: int | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; replace ``path`` with it only on success.

    ``mode``: the file's permissions (default: what a new file gets under the umask).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Keep the real suffix last: GDAL picks the format and checks conformance by it. The
    # process id in the name lets a later build tell a killed build's leftovers from the
    # files of a build still running (clean_stale_temporaries).
    fd, tmp = tempfile.mkstemp(prefix=f"{_temp_prefix(path)}{os.getpid()}-", suffix=_temp_suffix(path),
                               dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if mode is None:
            # mkstemp creates 0600 files; outputs are meant to be shared like any other file.
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp_path, mode)
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # someone else's process: alive
        return True
    return True


def clean_stale_temporaries(paths) -> list[Path]:
    """Remove hidden temporaries that a killed build left beside ``paths``; return them.

    SIGKILL or a power cut skips the clean-up in :func:`atomic_path`. A temporary is
    stale when the process named in it is gone (or, without a process id, from an
    older briefmap, when it is over an hour old); a build still running keeps its files.
    """
    removed = []
    for path in map(Path, paths):
        # Leading dots: write_text inside atomic_group nests one temporary in another.
        pattern = re.compile(rf"\.+{re.escape(path.stem)}\.(.+)\.partial{re.escape(path.suffix)}")
        try:
            entries = list(path.parent.iterdir())
        except OSError:
            continue
        for entry in entries:
            found = pattern.fullmatch(entry.name)
            if not found:
                continue
            pids = [int(p) for p in re.findall(r"(?:^|\.)(\d+)-\w+(?=\.|$)", found.group(1))]
            try:
                if entry.is_symlink() or not entry.is_file():
                    continue
                if pids:
                    if any(pid == os.getpid() or _alive(pid) for pid in pids):
                        continue
                elif time.time() - entry.stat().st_mtime < 3600:
                    continue
                entry.unlink()
                removed.append(entry)
            except OSError:
                continue
    return removed


@contextlib.contextmanager
def atomic_group(paths: dict[str, Path]) -> Iterator[dict[str, Path]]:
    """Yield a temporary path per output; move them all into place only if the block succeeds.

    A crash or Ctrl-C while the outputs are being produced leaves every previous
    output untouched (no half-written file, no new map beside an old GeoJSON).
    """
    from .interrupts import check

    with contextlib.ExitStack() as stack:
        yield {key: stack.enter_context(atomic_path(path)) for key, path in paths.items()}
        check()   # a stop signal some library swallowed still means: write nothing


def write_text(path: Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


def geojson_text(features: list[dict]) -> str:
    """A FeatureCollection with one feature per line: diffs stay readable line by line, and
    each line goes through json's C encoder (``indent`` would force the pure-Python one,
    several seconds on a large corpus)."""
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    return '{"type":"FeatureCollection","features":[\n' + lines + ("\n" if lines else "") + "]}\n"


def write_geojson(path: Path, features: list[dict]) -> None:
    write_text(path, geojson_text(features))


def write_geopackage(path: Path, features: list[dict], layer_ids: list[str]) -> None:
    """One table per layer with features, written with pyogrio through geopandas.

    Tables follow ``layer_ids``; a feature whose layer is not among them still gets
    a table (after the others, by name): the GeoPackage never holds fewer features
    than the GeoJSON, whatever the layer file said.
    """
    import geopandas as gpd

    present = {f["properties"]["layer"] for f in features}
    tables = list(dict.fromkeys(layer_ids)) + sorted(present - set(layer_ids))
    with atomic_path(path) as tmp:
        tmp.unlink()  # GDAL refuses to open an empty file as a GeoPackage
        for layer in tables:
            subset = [f for f in features if f["properties"]["layer"] == layer]
            if not subset:
                continue
            frame = gpd.GeoDataFrame(
                {"geometry": _geometries(subset), **gpd.pd.DataFrame([_flat(f["properties"]) for f in subset])},
                geometry="geometry", crs="EPSG:4326")
            # GeoPackage columns are typed: store None-able fields as text.
            for column in frame.columns:
                if column != "geometry" and frame[column].dtype == object:
                    frame[column] = frame[column].astype("string")
            # A table per geometry type: GeoPackage tables hold one. A relation between
            # actors has no place: it goes in the Point table with an empty geometry.
            kinds = frame.geometry.geom_type.fillna("Point")
            for geom_type, part in frame.groupby(kinds, sort=True):
                name = layer if geom_type == "Point" else f"{layer}_{geom_type.lower()}"
                part.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio",
                             layer_options={"SPATIAL_INDEX": "NO"}, metadata=None)
        claims = _claim_rows(features)
        if claims is not None:
            import pyogrio

            pyogrio.write_dataframe(claims, tmp, layer="finding_claims", driver="GPKG", append=tmp.exists())
        if not tmp.exists():
            # No features at all: still a valid GeoPackage (empty tables), never a stale one.
            for layer in layer_ids or ["features"]:
                empty = gpd.GeoDataFrame({"layer": gpd.pd.Series([], dtype="string")},
                                         geometry=gpd.GeoSeries([], crs="EPSG:4326"))
                empty.to_file(tmp, layer=layer, driver="GPKG", engine="pyogrio", geometry_type="Point",
                              layer_options={"SPATIAL_INDEX": "NO"}, metadata=None)
        _strip_gpkg_timestamps(tmp)


def _flat(props: dict) -> dict:
    """Properties for a table cell each: lists (actors, places, claims) as JSON text."""
    return {k: json.dumps(v, ensure_ascii=False, separators=(",", ":")) if isinstance(v, (list, dict)) else v
            for k, v in props.items()}


def _claim_rows(features: list[dict]):
    """The related table: one row per source sentence of each finding (``finding`` joins them)."""
    import pandas as pd

    rows = [{"finding": f["properties"]["finding"], "layer": f["properties"]["layer"], **c}
            for f in features for c in f["properties"].get("claims") or []]
    if not rows:
        return None
    frame = pd.DataFrame(rows)
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].astype("string")
    return frame


def _geometries(features: list[dict]):
    """GeoJSON geometries as shapely objects; points (nearly all of them) in one vectorised call."""
    import numpy as np
    import shapely
    from shapely.geometry import shape

    out = np.empty(len(features), dtype=object)
    points = [i for i, f in enumerate(features) if f["geometry"] and f["geometry"]["type"] == "Point"]
    if points:
        coords = np.array([features[i]["geometry"]["coordinates"] for i in points], dtype=float).reshape(-1, 2)
        out[points] = shapely.points(coords)
    for i, f in enumerate(features):
        if f["geometry"] and f["geometry"]["type"] != "Point":
            out[i] = shape(f["geometry"])
    return out


def _strip_gpkg_timestamps(path: Path) -> None:
    """GeoPackage stores a last-change time per table; pin it so rebuilds are byte-identical."""
    import sqlite3

    if not path.exists():
        return
    con = sqlite3.connect(path)
    try:
        con.execute("UPDATE gpkg_contents SET last_change = '2000-01-01T00:00:00.000Z'")
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


# Excel, LibreOffice and Google Sheets run a cell that starts with one of these as a
# formula (=HYPERLINK(...), +cmd|..., a tab or CR before either). Article text and file
# names are untrusted, so text cells get OWASP's prefix: a single quote shows the
# text and keeps it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A value safe to put in a CSV an analyst opens in a spreadsheet.

    >>> csv_cell("=2+5.txt"), csv_cell("Havana"), csv_cell(12)
    ("'=2+5.txt", 'Havana', 12)
    """
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START):
        value = "'" + value
    # Python's csv quotes a cell holding the line terminator (LF) but not a bare CR,
    # which spreadsheets read as a row break: make it a quoted line feed.
    return value.replace("\r\n", "\n").replace("\r", "\n")


def unresolved_text(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=UNRESOLVED_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(row.get(k, "")) for k in UNRESOLVED_FIELDS})
    return buffer.getvalue()


def write_unresolved(path: Path, rows: list[dict]) -> None:
    write_text(path, unresolved_text(rows))


FINDING_FIELDS = ("finding", "layer", "type", "place", "lat", "lon", "geo_precision", "status", "event_date",
                  "actors", "sources", "claim", "source", "published", "attribution", "url", "doc")
CLAIM_FIELDS = ("finding", "stance", "status", "claim", "source", "source_profile", "published", "attribution",
                "url", "doc", "section", "start", "end", "event_date")


def _table_text(fields: tuple[str, ...], rows) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell("" if row.get(k) is None else row.get(k)) for k in fields})
    return buffer.getvalue()


def findings_csv_text(features: list[dict]) -> tuple[str, str]:
    """(findings, claims): a spreadsheet row per finding, and one per sentence that reports, confirms
    or denies it, joined on ``finding``; every cell made safe for spreadsheets (:func:`csv_cell`)."""
    findings, claims = [], []
    for f in features:
        p = f["properties"]
        if "finding" not in p:
            continue        # visits: the GeoJSON and GeoPackage carry them
        coords = (f.get("geometry") or {}).get("coordinates") or [None, None]
        findings.append({**p, "lon": coords[0], "lat": coords[1], "sources": len(p.get("claims") or []),
                         "actors": "; ".join(a["name"] for a in p.get("actors") or [])})
        claims += [{"finding": p["finding"], **c} for c in p.get("claims") or []]
    return _table_text(FINDING_FIELDS, findings), _table_text(CLAIM_FIELDS, claims)


def write_findings_csv(findings_path: Path, claims_path: Path, features: list[dict]) -> None:
    findings, claims = findings_csv_text(features)
    write_text(findings_path, findings)
    write_text(claims_path, claims)
