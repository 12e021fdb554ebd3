"""Score geo/language/reference.py on the hand-labelled sample tests/language/reference_sample.txt.

Each labelled span ([[words|place]] or [[words|-]]) is right when the analysis makes a
reference there to that place (any of the names separated by "/"), or none for "-".
A reference made where nothing is labelled counts as spurious. The three rules for
"the country" outside a locative phrase are scored side by side.

    PYTHONPATH=$PWD python scripts/eval_reference.py
"""
from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.build.analysis import AnalysisSpec, analyse_document  # noqa: E402
from geo.language.reference import references  # noqa: E402
from geo.language.roles import assign_roles  # noqa: E402
from geo.model import Document  # noqa: E402
from geo.places.gazetteer.islands import island_countries  # noqa: E402
from geo.training.reference import paragraphs as labelled_paragraphs  # noqa: E402

SAMPLE = ROOT / "tests" / "language" / "reference_sample.txt"
# Written after the rules were set and scored once: the figure to quote.
HELDOUT = ROOT / "tests" / "language" / "reference_heldout.txt"
# Facility descriptions after several facilities: the ranker's fitted part and its held-out part.
FACILITIES = ROOT / "training" / "reference" / "facilities.txt"
FACILITIES_HELDOUT = ROOT / "training" / "reference" / "heldout.txt"


def paragraphs(path: Path = SAMPLE) -> list[tuple[str, list[tuple[int, int, set[str]]]]]:
    """(plain text, [(start, end, gold names or empty for none)]) per paragraph."""
    return labelled_paragraphs(path)


def score(rule: str, path: Path = SAMPLE) -> tuple[int, int, int, list[str]]:
    """(right, labelled, spurious, mistakes) for one "the country" rule."""
    right = total = spurious = 0
    mistakes = []
    for k, (text, gold) in enumerate(paragraphs(path)):
        doc = Document(f"sample#{k}", "sample", 0, text, language="en")
        analysis = analyse_document(doc, AnalysisSpec())
        base = [r for r in analysis.resolutions if r.mention.detector != "reference"]
        found = references(text, base, island_countries().__contains__, country_rule=rule)
        found = [replace(r, mention=m) for r, m in zip(found, assign_roles(text, [r.mention for r in found]))]
        used = set()
        for start, end, names in gold:
            total += 1
            hit = next((r for r in found if r.mention.start < end and start < r.mention.end), None)
            if hit is not None:
                used.add(id(hit))
            ok = (hit is None) if not names else (hit is not None and hit.place.name in names)
            right += ok
            if not ok:
                mistakes.append(f"{text[start:end]!r} -> {hit.place.name if hit else None} (gold {names or '-'}): "
                                f"{text[:90]}")
        for r in found:
            if id(r) not in used:
                spurious += 1
                mistakes.append(f"spurious {r.mention.text!r} -> {r.place.name}: {text[:90]}")
    return right, total, spurious, mistakes


def main() -> None:
    for name, path in (("development sample", SAMPLE), ("held-out sample", HELDOUT),
                       ("facility articles (fitted)", FACILITIES), ("facility articles, held out", FACILITIES_HELDOUT)):
        for rule in ("topic", "nearest", "literal"):
            right, total, spurious, mistakes = score(rule, path)
            print(f"{name}, country rule {rule:8s}: {right}/{total} labelled spans right ({right / total:.1%}), "
                  f"{spurious} spurious")
            if rule == "topic":
                for line in mistakes:
                    print("   ", line)


if __name__ == "__main__":
    main()
