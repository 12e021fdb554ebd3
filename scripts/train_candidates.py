#!/usr/bin/env python3
"""Fit the candidate detector's classifier and write geo/data/candidate_model.json (recipe: geo/candidate_training.py).

    python scripts/train_candidates.py            # fit on LGL's development half, write the model
    python scripts/train_candidates.py --check    # fit; fail if the shipped file differs
    python scripts/train_candidates.py --lgl PATH

Needs scikit-learn (in the test extra) and LGL, read in place from ../shared/bench.
The held-out half is never read: score it with `briefmap eval`. Retrain the resolver
afterwards (`python scripts/train_resolver.py`): its context depends on the mentions found.
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo import candidate_training as ct  # noqa: E402

MODEL = Path(__file__).resolve().parents[1] / "geo" / "data" / "candidate_model.json"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lgl", type=Path, default=ct.DEFAULT_LGL)
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the shipped model differs")
    ap.add_argument("-o", "--output", type=Path, default=MODEL)
    args = ap.parse_args()
    if not args.lgl.exists():
        print(f"error: {args.lgl}: LGL is not there (give --lgl PATH)", file=sys.stderr)
        return 1
    text = ct.dumps(ct.train(args.lgl, log=lambda s: print(s, file=sys.stderr)))
    if args.check:
        same = args.output.exists() and args.output.read_text(encoding="utf-8") == text
        print("shipped model reproduced" if same else f"{args.output} differs from a fresh fit", file=sys.stderr)
        return 0 if same else 1
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
