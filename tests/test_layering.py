"""geo/ imports flow one way: a stage never imports a later stage (see geo/__init__.py)."""
from __future__ import annotations

import ast
from pathlib import Path

GEO = Path(__file__).resolve().parents[1] / "geo"
# rank of each top-level name under geo; anything not listed is a shared foundation (0)
STAGES = {"read": 1, "language": 2, "places": 3, "findings": 4, "build": 5, "present": 6,
          "training": 7, "evaluation": 7, "cli": 7, "pipeline": 7, "__main__": 7}


def _rank(module: str) -> int | None:
    parts = module.split(".")
    return STAGES.get(parts[1], 0) if parts[0] == "geo" and len(parts) > 1 else None


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):   # function-level imports count too
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level:
            yield "relative"


def test_no_module_imports_a_later_stage():
    upward = []
    for path in sorted(GEO.rglob("*.py")):
        module = ".".join(path.relative_to(GEO.parent).with_suffix("").parts).removesuffix(".__init__")
        own = _rank(module)
        for name in _imports(path):
            assert name != "relative", f"{module}: relative import (moving a module must not break it)"
            target = _rank(name)
            if target is not None and own is not None and target > own:
                upward.append(f"{module} imports {name}")
    assert upward == []


def test_the_stages_exist_as_documented():
    assert {p.name for p in GEO.iterdir() if (p / "__init__.py").exists()} >= {
        "read", "language", "places", "findings", "build", "present", "training", "evaluation"}
