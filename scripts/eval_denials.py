#!/usr/bin/env python3
"""Precision and recall of linking denials to the claims they deny, on labelled blocks written for it.

    PYTHONPATH=$PWD python scripts/eval_denials.py            # development and held-out blocks
    PYTHONPATH=$PWD python scripts/eval_denials.py --quiet    # figures only, no mistakes

training/denials/pairs.txt is the development part (the linking threshold was chosen looking
at it); training/denials/heldout.txt was written with it and is only scored.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.evaluation.denials import score_file  # noqa: E402
from geo.evaluation.merging import report_parts  # noqa: E402

PARTS = (("development denials", "dev", ROOT / "training" / "denials" / "pairs.txt"),
         ("held-out denials", "heldout", ROOT / "training" / "denials" / "heldout.txt"))

if __name__ == "__main__":
    sys.exit(report_parts(__doc__, PARTS, score_file, "unrelated denials"))
