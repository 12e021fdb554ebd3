"""The map payload (Python to JavaScript) is versioned and matches its JSON Schema."""
import json
from pathlib import Path

import pytest

from geo.findings.layers import LayerRegistry
from geo.present.render.map import PAYLOAD_VERSION, _layers, _payload

jsonschema = pytest.importorskip("jsonschema")
ROOT = Path(__file__).resolve().parents[3]
SCHEMA = json.loads((ROOT / "geo" / "present" / "render" / "payload.schema.json").read_text(encoding="utf-8"))


def test_schema_is_valid_and_names_the_version():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["version"]["const"] == PAYLOAD_VERSION


def test_seed_payload_matches_the_schema():
    features = json.loads((ROOT / "maps" / "briefing.geojson").read_text(encoding="utf-8"))["features"]
    layers = _layers(LayerRegistry.default().layers, features)
    data, _ = _payload(features, layers, {"title": "t", "steps": [{"title": "s", "feature_ids": [0, 1]}]}, [])
    jsonschema.validate(data, SCHEMA)
    assert data["version"] == PAYLOAD_VERSION


def test_a_payload_with_an_unknown_key_is_refused():
    features = json.loads((ROOT / "maps" / "briefing.geojson").read_text(encoding="utf-8"))["features"][:3]
    data, _ = _payload(features, _layers(LayerRegistry.default().layers, features), {}, [])
    data["claims"][0]["onclick"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
