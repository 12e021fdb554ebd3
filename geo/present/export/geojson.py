"""The GeoJSON output: the feature list as written, one feature per line."""
from __future__ import annotations

import json
from pathlib import Path

from geo.atomic import write_text


def geojson_text(features: list[dict]) -> str:
    """A FeatureCollection with one feature per line: diffs stay readable line by line, and
    each line goes through json's C encoder (``indent`` would force the pure-Python one,
    several seconds on a large corpus)."""
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    return '{"type":"FeatureCollection","features":[\n' + lines + ("\n" if lines else "") + "]}\n"


def write_geojson(path: Path, features: list[dict]) -> None:
    write_text(path, geojson_text(features))
