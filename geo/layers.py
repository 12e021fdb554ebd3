"""Sort claims into map layers by the rules in ``data/layers.yaml``.

Each assignment keeps the rule that fired and the words it matched, so an
analyst can see why a claim sits where it does.

Example
-------
>>> registry = LayerRegistry.default()
>>> [layer["id"] for layer in registry.layers][:3]
['project141', 'intelligence', 'visits']
>>> registry.classify("The Lourdes listening post was dismantled.", site_category="").layer
'intelligence'
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from .model import LayerAssignment

VISITS = "visits"


class LayerRegistry:
    """The ordered layers and their rules, loaded from a YAML file."""

    def __init__(self, layers: list[dict]):
        self.layers = [{k: layer[k] for k in ("id", "title", "color", "description")} for layer in layers]
        self._rules: list[tuple[str, str, re.Pattern | None, frozenset]] = []
        for layer in layers:
            for rule in layer.get("rules") or []:
                pattern = re.compile(rule["pattern"], re.I) if rule.get("pattern") else None
                self._rules.append((layer["id"], rule["id"], pattern, frozenset(rule.get("site_categories", []))))
        # A sentence naming several places is classified once, not once per place.
        self._memo: dict[tuple[str, str], LayerAssignment] = {}

    @classmethod
    def from_file(cls, path: str | Path) -> "LayerRegistry":
        return cls(yaml.safe_load(Path(path).read_text(encoding="utf-8")))

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "LayerRegistry":
        return cls(yaml.safe_load(resources.files("geo").joinpath("data/layers.yaml").read_text(encoding="utf-8")))

    def ids(self) -> list[str]:
        return [layer["id"] for layer in self.layers]

    def classify(self, sentence: str, site_category: str = "") -> LayerAssignment:
        """The first layer whose rule fires for this sentence (and the site it is about)."""
        key = (sentence, site_category)
        if key not in self._memo:
            self._memo[key] = self._classify(sentence, site_category)
        return self._memo[key]

    def _classify(self, sentence: str, site_category: str) -> LayerAssignment:
        for layer, rule, pattern, categories in self._rules:
            if site_category and site_category in categories:
                return LayerAssignment(layer, f"{layer}/{rule}", f"site category {site_category}")
            if pattern is not None:
                match = pattern.search(sentence)
                if match:
                    return LayerAssignment(layer, f"{layer}/{rule}", match.group(0))
        return LayerAssignment(self.layers[-1]["id"], "default", "")
