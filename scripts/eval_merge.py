#!/usr/bin/env python3
"""Precision and recall of cross-article merging on labelled pairs of articles written for it.

    PYTHONPATH=$PWD python scripts/eval_merge.py            # development pairs and held-out pairs
    PYTHONPATH=$PWD python scripts/eval_merge.py --quiet    # figures only, no mistakes

training/merge/pairs.txt is the development part (the merge thresholds were chosen looking
at it); training/merge/heldout.txt was written with it and is only scored.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.evaluation.merging import (
    report_parts,  # noqa: E402
    score_file,  # noqa: E402
)

PARTS = (("development pairs", "dev", ROOT / "training" / "merge" / "pairs.txt"),
         ("held-out pairs", "heldout", ROOT / "training" / "merge" / "heldout.txt"))

if __name__ == "__main__":
    sys.exit(report_parts(__doc__, PARTS, score_file, "different pairs"))
