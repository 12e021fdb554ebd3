"""The GeoJSON output: the feature list as written, one feature per line."""
from __future__ import annotations

import json
from pathlib import Path

from geo.atomic import atomic_path


def geojson_text(features: list[dict]) -> str:
    """A FeatureCollection with one feature per line: diffs stay readable line by line, and
    each line goes through json's C encoder (``indent`` would force the pure-Python one,
    several seconds on a large corpus)."""
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    return '{"type":"FeatureCollection","features":[\n' + lines + ("\n" if lines else "") + "]}\n"


def write_geojson(path: Path, features: list[dict], lines: list[str] | None = None) -> None:
    """The bytes of :func:`geojson_text`, written a feature at a time (the whole text of a large
    corpus's features, joined and then encoded, was the largest allocation of the outputs).
    ``lines``: the features already encoded so (:attr:`geo.present.export.fragments.Fragments.lines`,
    which key the other writers' kept pieces)."""
    if lines is None:
        lines = (json.dumps(feature, ensure_ascii=False, separators=(",", ":")) for feature in features)
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as out:
        out.write('{"type":"FeatureCollection","features":[\n')
        for i, line in enumerate(lines):
            out.write((",\n" if i else "") + line)
        out.write(("\n" if features else "") + "]}\n")
