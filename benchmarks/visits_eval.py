"""Precision and recall of trip legs on the held-out labelled sample (training/visits/heldout.jsonl).

    python benchmarks/visits_eval.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from geo.evaluation.trips import evaluate_trips  # noqa: E402

if __name__ == "__main__":
    score = evaluate_trips()
    print("\n".join(score.lines()))
    for line in score.misses:
        print("  missed:", line)
    for line in score.extras:
        print("  extra: ", line)
