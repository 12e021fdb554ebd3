"""Names given, within 161 km, on encyclopedia-style openings about namesakes (training/wiki/namesakes.jsonl).

    python benchmarks/wiki_eval.py            # both halves, and the dev half's misses
    python benchmarks/wiki_eval.py --quiet    # figures only
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from geo.build.geoparse import Geoparser  # noqa: E402
from geo.evaluation.namesakes import read_rows, report, score  # noqa: E402

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quiet", action="store_true", help="figures only, no misses")
    args = ap.parse_args()
    lines = report(score(Geoparser(), read_rows()))
    print("\n".join(lines[:2] if args.quiet else lines))
