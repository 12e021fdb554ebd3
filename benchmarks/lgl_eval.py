"""LGL benchmark, both modes in one run: the same as ``briefmap eval``.

    python benchmarks/lgl_eval.py [--limit N] [--detectors] [--misses] [--json out.json]

LGL is read from ../shared/bench/lgl.xml (never copied into the project).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.cli import evaluate_cmd  # noqa: E402

if __name__ == "__main__":
    evaluate_cmd()
