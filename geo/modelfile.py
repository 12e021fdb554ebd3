"""Reading a shipped model file: plain JSON whose ``schema`` must be the one the code expects.

The learned parts (place roles, candidate places, finding types) ship their weights as
JSON in ``geo/data``; a file of another schema (a model refitted by newer code, a
hand-edited file) is refused with its path, never half-read.

>>> import json, tempfile
>>> with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
...     json.dump({"schema": 1, "weights": {}}, fh)
>>> read_model(fh.name, 1, "example")["weights"]
{}
>>> read_model(fh.name, 2, "example")
Traceback (most recent call last):
...
ValueError: ...: example model schema 1, expected 2
"""
from __future__ import annotations

import json


def read_model(path, schema: int, what: str) -> dict:
    """The model file's data; ``ValueError`` naming the file if its schema is not ``schema``."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict) or data.get("schema") != schema:
        found = data.get("schema") if isinstance(data, dict) else None
        raise ValueError(f"{path}: {what} model schema {found!r}, expected {schema}")
    return data
