"""Fit the facility-antecedent ranker (``scripts/train_reference.py``): which earlier facility
"the plant", "the base", "the site" refers to.

Data: ``training/reference/facilities.txt``, short articles written for this project in which a
facility description follows several facilities (the article's own and asides: "Beijing already
has a base in Djibouti"), each description labelled by hand with the place it refers to.
``training/reference/heldout.txt`` was written before the first fit and is only scored;
``training/reference/heldout2.txt`` was written later (2026-12-02) and scored with the shipped
model before the articles added to the fitted part that day were fitted: 5/7 then and after.

Each article goes through the real analysis (mentions, places, roles, the country descriptions),
and :func:`geo.language.reference.facility_choices` gives every description's candidates with
their features. The recipe: scikit-learn's ``LogisticRegression`` (L2, lbfgs, C=1) over the
binary features, one row per (description, candidate), the gold candidate positive; weights
rounded to four decimals and written sorted, so the same data give the same file byte for byte.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from geo.datafiles import DATA, REPO
from geo.language.reference import MODEL_FILE, MODEL_SCHEMA, AntecedentModel, facility_choices

SAMPLE = REPO / "training" / "reference" / "facilities.txt"
HELDOUT = REPO / "training" / "reference" / "heldout.txt"
# Written on 2026-12-02 after the first fit and scored with that model before any refit: cleaner.
HELDOUT2 = REPO / "training" / "reference" / "heldout2.txt"
MODEL_PATH = DATA / MODEL_FILE
C = 1.0
_MARK = re.compile(r"\[\[([^|\]]+)\|([^\]]+)\]\]")


def paragraphs(path: Path) -> list[tuple[str, list[tuple[int, int, set[str]]]]]:
    """(plain text, [(start, end, gold names or empty for none)]) per blank-line-separated article."""
    body = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    out = []
    for block in (b.strip() for b in body.split("\n\n")):
        if not block:
            continue
        text, gold, at = "", [], 0
        for m in _MARK.finditer(block):
            text += block[at:m.start()]
            start = len(text)
            text += m.group(1)
            gold.append((start, len(text), set() if m.group(2) == "-" else set(m.group(2).split("/"))))
            at = m.end()
        out.append((text + block[at:], gold))
    return out


def choices(path: Path, log=print) -> list[tuple[list[tuple[str, ...]], list[bool]]]:
    """Per labelled description some facility fits: (candidates' features, which are right)."""
    from geo.build.analysis import AnalysisSpec, analyse_document
    from geo.model import Document
    from geo.places.gazetteer.islands import island_countries

    out, unmatched = [], 0
    for k, (text, gold) in enumerate(paragraphs(path)):
        doc = Document(f"{path.stem}#{k}", path.stem, 0, text, language="en")
        base = [r for r in analyse_document(doc, AnalysisSpec()).resolutions if r.mention.detector != "reference"]
        for start, end, fits, rows in facility_choices(text, base, island_countries().__contains__):
            names = next((g for s, e, g in gold if s < end and start < e), None)
            if not names:
                unmatched += names is None
                continue
            out.append((rows, [f.place.name in names for f in fits]))
    log(f"{path.name}: {len(out)} descriptions with candidates ({unmatched} unlabelled)")
    return out


def accuracy(model: AntecedentModel, items) -> tuple[int, int]:
    """(right, descriptions whose gold is among the candidates' places... or not)."""
    right = 0
    for rows, gold in items:
        best = max(range(len(rows)), key=lambda k: (model.score(rows[k]), k))
        right += gold[best]
    return right, len(items)


def nearest_baseline(items) -> tuple[int, int]:
    return sum(gold[-1] for _, gold in items), len(items)


def train(log=print) -> dict:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    fit = choices(SAMPLE, log)
    X = [{f: 1 for f in row} for rows, _ in fit for row in rows]
    y = [int(g) for _, gold in fit for g in gold]
    vocab = DictVectorizer(sort=True).fit(X)
    clf = LogisticRegression(C=C, max_iter=5000).fit(vocab.transform(X), y)
    weights = {str(n): round(float(w), 4) for n, w in zip(vocab.get_feature_names_out(), clf.coef_[0])}
    model = AntecedentModel(round(float(clf.intercept_[0]), 4), weights)
    held = choices(HELDOUT, log)
    held2 = choices(HELDOUT2, log)
    training = {"recipe": "python scripts/train_reference.py", "C": C,
                "data": {"sample": "training/reference/facilities.txt", "held_out": "training/reference/heldout.txt",
                         "fit_descriptions": len(fit), "held_out_descriptions": len(held)},
                "fit_right": list(accuracy(model, fit)), "fit_nearest_right": list(nearest_baseline(fit)),
                "held_out_right": list(accuracy(model, held)), "held_out_nearest_right": list(nearest_baseline(held)),
                "held_out2": "training/reference/heldout2.txt", "held_out2_right": list(accuracy(model, held2)),
                "held_out2_nearest_right": list(nearest_baseline(held2))}
    return {"schema": MODEL_SCHEMA, "bias": model.bias, "training": training, "weights": dict(sorted(weights.items()))}


def dumps(doc: dict) -> str:
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
