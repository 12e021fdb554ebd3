#!/usr/bin/env python3
"""Fit the facility-antecedent ranker and write geo/data/reference_model.json (recipe: geo/training/reference.py).

    python scripts/train_reference.py            # fit, score the held-out articles, write the model
    python scripts/train_reference.py --check    # fit; fail if the shipped file differs
"""
import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fitting import write_or_check  # noqa: E402

from geo.training import reference as rt  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the shipped model differs")
    ap.add_argument("-o", "--output", type=Path, default=rt.MODEL_PATH)
    args = ap.parse_args()
    text = rt.dumps(rt.train(log=lambda s: print(s, file=sys.stderr)))
    t = json.loads(text)["training"]
    for part in ("fit", "held_out", "held_out2"):
        right, n = t[f"{part}_right"]
        near, _ = t[f"{part}_nearest_right"]
        print(f"{part}: ranker {right}/{n} right, nearest facility {near}/{n}")
    return write_or_check(text, args.output, args.check)


if __name__ == "__main__":
    sys.exit(main())
