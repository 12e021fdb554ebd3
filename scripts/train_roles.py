#!/usr/bin/env python3
"""Train the place-role model and write geo/data/roles_model.json (the recipe is geo/training/roles.py).

    python scripts/train_roles.py              # fit, measure, write the model
    python scripts/train_roles.py --check      # fit and measure; fail if the shipped file differs
    python scripts/train_roles.py --relocar PATH

Needs scikit-learn (in the test extra) and ReLocaR's training half, read in place.
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fitting import write_or_check  # noqa: E402

from geo.training import roles as rt  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--relocar", type=Path, default=rt.RELOCAR)
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the shipped model differs")
    ap.add_argument("-o", "--output", type=Path, default=rt.MODEL_PATH)
    args = ap.parse_args()
    if not args.relocar.exists():
        print(f"error: {args.relocar}: ReLocaR's training half is not there (give --relocar PATH)", file=sys.stderr)
        return 1
    text = rt.dumps(rt.train(args.relocar, log=lambda s: print(s, file=sys.stderr)))
    t = rt.json.loads(text)["training"]
    for name in ("cv_relocar_fit", "relocar_report", "news_heldout", "kinds_heldout"):
        s = t[name]
        print(f"{name:16s} n={s['n']:4d} accuracy {s['accuracy']:.3f}  associative P/R {s['associative_precision']:.3f}/"
              f"{s['associative_recall']:.3f}  literal P/R {s['literal_precision']:.3f}/{s['literal_recall']:.3f}",
              file=sys.stderr)
    return write_or_check(text, args.output, args.check,
                          detail=f"{len(text) // 1024} KB, {len(rt.json.loads(text)['weights'])} weights")

if __name__ == "__main__":
    sys.exit(main())
