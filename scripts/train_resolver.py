#!/usr/bin/env python3
"""Fit the resolver's evidence weights and write geo/data/resolver_weights.json (recipe: geo/resolver_training.py).

    python scripts/train_resolver.py              # fit on LGL's development half, write the weights
    python scripts/train_resolver.py --check      # fit; fail if the shipped file differs
    python scripts/train_resolver.py --lgl PATH

Needs scikit-learn (in the test extra) and LGL, read in place from ../shared/bench.
The held-out half is never read: score it with `briefmap eval`.
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo import evidence as ev  # noqa: E402
from geo import resolver_training as rt  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lgl", type=Path, default=rt.DEFAULT_LGL)
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the shipped weights differ")
    ap.add_argument("-o", "--output", type=Path, default=ev.WEIGHTS_PATH)
    args = ap.parse_args()
    if not args.lgl.exists():
        print(f"error: {args.lgl}: LGL is not there (give --lgl PATH)", file=sys.stderr)
        return 1
    text = rt.dumps(rt.train(args.lgl, log=lambda s: print(s, file=sys.stderr)))
    if args.check:
        same = args.output.exists() and args.output.read_text(encoding="utf-8") == text
        print("shipped weights reproduced" if same else f"{args.output} differs from a fresh fit", file=sys.stderr)
        return 0 if same else 1
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
