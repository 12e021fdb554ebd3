#!/usr/bin/env python3
"""Train the finding-type model and write geo/data/kinds_model.json (the recipe is geo/training/kinds.py).

    python scripts/train_kinds.py              # fit, measure on the held-out articles, write the model
    python scripts/train_kinds.py --check      # fit and measure; fail if the shipped file differs
    python scripts/train_kinds.py --layers     # per-layer precision/recall of the shipped model on the held-out articles

Needs scikit-learn (in the test extra); the labelled articles are training/findings/sample.txt.
"""
import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fitting import write_or_check  # noqa: E402

from geo.training import kinds as kt  # noqa: E402


def _table(title: str, s: dict, labels) -> None:
    print(f"{title}: n={s['n']} accuracy {s['accuracy']:.3f}")
    for label in labels:
        r = s[label]
        p = "  -  " if r["precision"] is None else f"{r['precision']:.3f}"
        q = "  -  " if r["recall"] is None else f"{r['recall']:.3f}"
        print(f"  {label:18s} gold {r['gold']:3d}  predicted {r['predicted']:3d}  P {p}  R {q}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the shipped model differs")
    ap.add_argument("--layers", action="store_true", help="report per-layer precision/recall and exit")
    ap.add_argument("-o", "--output", type=Path, default=kt.MODEL_PATH)
    args = ap.parse_args()
    log = lambda s: print(s, file=sys.stderr)  # noqa: E731
    if args.layers:
        report = kt.layer_report(log=log)
        _table("types (held out)", report["types"], kt.CLASSES)
        labels = [k for k in report["layers_typed"] if k not in ("n", "accuracy")]
        _table("layers, typed (shipped model + built-in layers)", report["layers_typed"], labels)
        _table("layers given the hand-labelled type", report["layers_gold_type"], labels)
        _table("layers by the keyword rules alone (before types)", report["layers_keywords_only"], labels)
        return 0
    text = kt.dumps(kt.train(log=log))
    held = json.loads(text)["training"]["held_out"]
    _table("held-out types", held, kt.CLASSES)
    return write_or_check(text, args.output, args.check,
                          detail=f"{len(text) // 1024} KB, {len(json.loads(text)['weights'])} features")

if __name__ == "__main__":
    sys.exit(main())
