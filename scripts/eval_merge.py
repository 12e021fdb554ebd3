#!/usr/bin/env python3
"""Precision and recall of cross-article merging on labelled pairs of articles written for it.

    PYTHONPATH=$PWD python scripts/eval_merge.py            # development pairs and held-out pairs
    PYTHONPATH=$PWD python scripts/eval_merge.py --quiet    # figures only, no mistakes

training/merge/pairs.txt is the development part (the merge thresholds were chosen looking
at it); training/merge/heldout.txt was written with it and is only scored.
"""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.evaluation.merging import score_file  # noqa: E402

PARTS = (("development pairs", ROOT / "training" / "merge" / "pairs.txt"),
         ("held-out pairs", ROOT / "training" / "merge" / "heldout.txt"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quiet", action="store_true", help="figures only")
    ap.add_argument("--part", choices=("dev", "heldout", "both"), default="both")
    args = ap.parse_args()
    for name, path in PARTS:
        if args.part != "both" and (args.part == "dev") != (path.name == "pairs.txt"):
            continue
        s = score_file(path)
        print(f"{name}: precision {s.precision:.2f} ({s.true_pos}/{s.true_pos + s.false_pos}), "
              f"recall {s.recall:.2f} ({s.true_pos}/{s.true_pos + s.false_neg}), "
              f"{s.true_neg} different pairs kept apart")
        if not args.quiet:
            for line in s.mistakes:
                print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
