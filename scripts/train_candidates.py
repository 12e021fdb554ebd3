#!/usr/bin/env python3
"""Fit the candidate detector's classifier and write geo/data/candidate_model.json (recipe: geo/training/candidates.py).

    python scripts/train_candidates.py            # fit on LGL's development half, write the model
    python scripts/train_candidates.py --check    # fit; fail if the shipped file differs
    python scripts/train_candidates.py --lgl PATH

Needs scikit-learn (in the test extra) and LGL, read in place from ../shared/bench.
The held-out half is never read: score it with `briefmap eval`. Retrain the resolver
afterwards (`python scripts/train_resolver.py`): its context depends on the mentions found.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fitting import fit_main  # noqa: E402

from geo.training import candidates as ct  # noqa: E402

MODEL = Path(__file__).resolve().parents[1] / "geo" / "data" / "candidate_model.json"


def main() -> int:
    return fit_main(__doc__, ct.train, ct.dumps, ct.DEFAULT_LGL, MODEL, "model")


if __name__ == "__main__":
    sys.exit(main())
