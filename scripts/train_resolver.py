#!/usr/bin/env python3
"""Fit the resolver's evidence weights and write geo/data/resolver_weights.json (recipe: geo/training/resolver.py).

    python scripts/train_resolver.py              # fit on LGL's development half, write the weights
    python scripts/train_resolver.py --check      # fit; fail if the shipped file differs
    python scripts/train_resolver.py --lgl PATH

Needs scikit-learn (in the test extra) and LGL, read in place from ../shared/bench.
The held-out half is never read: score it with `briefmap eval`.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fitting import fit_main  # noqa: E402

from geo.places import evidence as ev  # noqa: E402
from geo.training import resolver as rt  # noqa: E402


def main() -> int:
    return fit_main(__doc__, rt.train, rt.dumps, rt.DEFAULT_LGL, ev.WEIGHTS_PATH, "weights")


if __name__ == "__main__":
    sys.exit(main())
