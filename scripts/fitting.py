"""The command line the scripts that fit a shipped model share: fit, then write or --check.

Each script passes its recipe (a ``train(lgl, log)`` and a ``dumps(model)``) and the
file it ships; ``--check`` fits and fails if the shipped file is not reproduced byte
for byte, which is what CI's reproducibility tests ask of every shipped model.
"""
import argparse
import sys
from pathlib import Path


def fit_main(doc: str, train, dumps, default_lgl: Path, shipped: Path, what: str) -> int:
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lgl", type=Path, default=default_lgl)
    ap.add_argument("--check", action="store_true", help=f"do not write; exit 1 if the shipped {what} differ(s)")
    ap.add_argument("-o", "--output", type=Path, default=shipped)
    args = ap.parse_args()
    if not args.lgl.exists():
        print(f"error: {args.lgl}: LGL is not there (give --lgl PATH)", file=sys.stderr)
        return 1
    text = dumps(train(args.lgl, log=lambda s: print(s, file=sys.stderr)))
    return write_or_check(text, args.output, args.check, what)


def write_or_check(text: str, output: Path, check: bool, what: str = "model", detail: str = "") -> int:
    """Write the fitted file, or with ``check`` compare it with the shipped one (exit status 0/1)."""
    if check:
        same = output.exists() and output.read_text(encoding="utf-8") == text
        print(f"shipped {what} reproduced" if same else f"{output} differs from a fresh fit", file=sys.stderr)
        return 0 if same else 1
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}" + (f" ({detail})" if detail else ""), file=sys.stderr)
    return 0
