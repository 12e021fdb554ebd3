"""Precision of the place mentions found on the labelled non-place sample, with and without the filter.

    PYTHONPATH=$PWD python scripts/eval_nonplaces.py [train|heldout] [--errors]

Precision: of the mentions the finder returns, the share that overlap a marked
``{place}``. Demonyms ("Chinese engineers", label NORP) are left out of both
counts: the sample does not mark them, and they stand for a country either way. Recall: of the marked places, the share a mention overlaps. The
filter is :mod:`geo.language.nonplaces` (``MentionFinder(filter_nonplaces=...)``).
Tune on ``train`` only; ``heldout`` is for the figure reported in the README.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "training" / "nonplaces"
_MARK = re.compile(r"\{([^{}]+)\}|\[([^\[\]]+)\]")


def parse(line: str) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """(text, place spans, non-place spans) of one marked line."""
    text, places, others, last = "", [], [], 0
    for m in _MARK.finditer(line):
        text += line[last:m.start()]
        name = m.group(1) or m.group(2)
        (places if m.group(1) else others).append((len(text), len(text) + len(name)))
        text += name
        last = m.end()
    return text + line[last:], places, others


def score(finder, lines: list[str], errors: bool = False) -> dict:
    tp = fp = found_places = total_places = 0
    for i, line in enumerate(lines):
        text, places, _ = parse(line)
        mentions, _ = finder.find(text, f"s{i}#0")
        mentions = [m for m in mentions if m.label != "NORP"]
        for m in mentions:
            if any(m.start < e and s < m.end for s, e in places):
                tp += 1
            else:
                fp += 1
                if errors:
                    print(f"  false place: {m.text!r} ({m.detector}) in {text!r}")
        for s, e in places:
            total_places += 1
            if any(m.start < e and s < m.end for m in mentions):
                found_places += 1
            elif errors:
                print(f"  missed place: {text[s:e]!r} in {text!r}")
    return {"mentions": tp + fp, "precision": tp / max(1, tp + fp), "recall": found_places / max(1, total_places),
            "false": fp, "places": total_places}


def main(argv: list[str]) -> None:
    from geo.language.mentions import MentionFinder
    from geo.places.gazetteer import Gazetteer

    part = argv[0] if argv and not argv[0].startswith("-") else "train"
    lines = [line for line in (ROOT / f"{part}.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    gazetteer = Gazetteer.open()
    for label, on in (("without filter", False), ("with filter", True)):
        result = score(MentionFinder(gazetteer, filter_nonplaces=on), lines, "--errors" in argv and on)
        print(f"{part} {label}: precision {result['precision']:.1%} ({result['mentions'] - result['false']}/"
              f"{result['mentions']}), recall {result['recall']:.1%} of {result['places']} places")


if __name__ == "__main__":
    main(sys.argv[1:])
