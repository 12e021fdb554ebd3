#!/usr/bin/env python3
"""Precision and recall of linking denials to the claims they deny, on labelled blocks written for it.

    PYTHONPATH=$PWD python scripts/eval_denials.py            # development and held-out blocks
    PYTHONPATH=$PWD python scripts/eval_denials.py --quiet    # figures only, no mistakes

training/denials/pairs.txt is the development part (the linking threshold was chosen looking
at it); training/denials/heldout.txt was written with it and is only scored.
"""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.evaluation.denials import score_file  # noqa: E402

PARTS = (("development denials", "dev", ROOT / "training" / "denials" / "pairs.txt"),
         ("held-out denials", "heldout", ROOT / "training" / "denials" / "heldout.txt"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quiet", action="store_true", help="figures only")
    ap.add_argument("--part", choices=("dev", "heldout", "both"), default="both")
    args = ap.parse_args()
    for name, part, path in PARTS:
        if args.part not in ("both", part):
            continue
        s = score_file(path)
        print(f"{name}: precision {s.precision:.2f} ({s.true_pos}/{s.true_pos + s.false_pos}), "
              f"recall {s.recall:.2f} ({s.true_pos}/{s.true_pos + s.false_neg}), "
              f"{s.true_neg} unrelated denials kept apart")
        if not args.quiet:
            for line in s.mistakes:
                print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
