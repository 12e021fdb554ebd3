"""Recipe of the candidate detector's classifier (``geo/data/candidate_model.json``).

``scripts/train_candidates.py`` runs it; a test checks that a fresh run reproduces the
shipped file byte for byte.

* Data: the development half of LGL (:func:`geo.evaluation.geoparsing.split_articles`, by document id
  with a fixed seed). The held-out half is never read here. Each article goes through the
  gated NER and the other detectors exactly as in ``briefmap geoparse``; every proposal
  of :class:`geo.language.candidates.CandidateFinder` is an example, positive when it overlaps a
  gold toponym span (LGL's own span rule in ``briefmap eval``).
* Model: scikit-learn's ``LogisticRegression`` (L2, lbfgs) over the binary features of
  :func:`geo.language.candidates.features`; ``C`` chosen from :data:`C_GRID` by
  :data:`FOLDS`-fold cross-validation grouped by document inside the dev half (log loss),
  then refitted on all of it. Features seen fewer than :data:`MIN_COUNT` times are left
  out. Weights are rounded to four decimals and written sorted, so the same data give the
  same file byte for byte.

scikit-learn is needed here only; the shipped model is plain JSON read by
:class:`geo.language.candidates.CandidateModel`.
"""
from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from geo.datafiles import REPO
from geo.evaluation.geoparsing import DEFAULT_LGL, read_lgl, split_articles
from geo.language.candidates import SCHEMA, CandidateFinder, CandidateModel
from geo.tagged import sample_lines, untag

ROOT = REPO
NEWS_TRAIN = ROOT / "training" / "candidates" / "news_train.txt"
NEWS_HELDOUT = ROOT / "training" / "candidates" / "news_heldout.txt"
_TAG = re.compile(r"<p>(.*?)</p>")
C_GRID = (0.1, 0.3, 1.0, 3.0)
FOLDS = 5
MIN_COUNT = 5
DIGITS = 4


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Tagged:
    """A paragraph of one of the ``training/candidates`` files: plain text and its place spans."""

    docid: str
    text: str
    toponyms: tuple[Span, ...]


def read_tagged(path: Path) -> list[Tagged]:
    """Paragraphs with ``<p>``-tagged places, one a line; ``#`` lines are comments."""
    out = []
    for n, line in sample_lines(path):
        plain, found = untag(line, _TAG)
        spans = [Span(start, end) for start, end, _ in found]
        if "<p>" in plain or "</p>" in plain:
            raise ValueError(f"{path}:{n}: unbalanced <p> tag")
        out.append(Tagged(f"{path.name}:{n}", plain, tuple(spans)))
    return out


def examples(articles, parser, batch_size: int = 32):
    """(document id, feature names, is a gold span) for every proposal in ``articles``."""
    from geo.language.nlp import parse_many

    finder = parser.finder
    saved = finder._candidates
    finder._candidates = CandidateFinder(parser.gazetteer, CandidateModel({}, 0.0))
    try:
        out = []
        for i in range(0, len(articles), batch_size):
            batch = articles[i:i + batch_size]
            for a, sdoc in zip(batch, parse_many([x.text for x in batch], parser.gate, len(batch))):
                for p in finder.proposals(a.text, a.docid, sdoc):
                    gold = any(p.start < t.end and t.start < p.end for t in a.toponyms)
                    out.append((a.docid, p.features, gold))
        return out
    finally:
        finder._candidates = saved


def _matrix(rows, vocab):
    import numpy as np
    from scipy.sparse import csr_matrix

    index = {f: j for j, f in enumerate(vocab)}
    data, cols, ptr = [], [], [0]
    for feats in rows:
        js = sorted({index[f] for f in feats if f in index})
        cols += js
        data += [1.0] * len(js)
        ptr.append(len(cols))
    return csr_matrix((np.array(data), np.array(cols, dtype=np.int64), np.array(ptr, dtype=np.int64)),
                      shape=(len(rows), len(vocab)))


def fit(samples, log: Callable[[str], None] = print) -> dict:
    """The model file's content from ``(doc, features, label)`` samples."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss
    from sklearn.model_selection import GroupKFold

    counts = Counter(f for _, feats, _ in samples for f in set(feats))
    vocab = sorted(f for f, c in counts.items() if c >= MIN_COUNT)
    X = _matrix([feats for _, feats, _ in samples], vocab)
    y = np.array([lab for _, _, lab in samples], dtype=int)
    groups = np.array([doc for doc, _, _ in samples])
    cv = {}
    for C in C_GRID:
        losses, right = [], 0
        for tr, te in GroupKFold(n_splits=FOLDS).split(X, y, groups):
            m = LogisticRegression(C=C, max_iter=2000).fit(X[tr], y[tr])
            prob = m.predict_proba(X[te])[:, 1]
            losses.append(log_loss(y[te], prob, labels=[0, 1]) * len(te))
            right += int(((prob >= 0.5) == y[te]).sum())
        cv[C] = (sum(losses) / len(y), right / len(y))
        log(f"C={C}: cross-validated log loss {cv[C][0]:.4f}, accuracy {cv[C][1]:.1%}")
    best = min(C_GRID, key=lambda c: (round(cv[c][0], 6), c))
    m = LogisticRegression(C=best, max_iter=2000).fit(X, y)
    weights = {f: round(float(w), DIGITS) + 0.0 for f, w in zip(vocab, m.coef_[0]) if round(float(w), DIGITS)}
    return {
        "schema": SCHEMA,
        "about": "Candidate place-name classifier (geo/language/candidates.py), fitted by scripts/train_candidates.py "
                 "(recipe geo/training/candidates.py) on LGL's development half only.",
        "training": {"data": "LGL development half (geo.evaluation.geoparsing.split_articles)", "examples": len(y),
                     "positive": int(y.sum()), "features": len(vocab), "C": best,
                     "cv": {str(c): {"log_loss": round(v[0], 4), "accuracy": round(v[1], 4)} for c, v in cv.items()}},
        "bias": round(float(m.intercept_[0]), DIGITS) + 0.0,
        "weights": dict(sorted(weights.items())),
    }


def train(path=DEFAULT_LGL, log: Callable[[str], None] = print) -> dict:
    """Fit the classifier on LGL's development half; return the model file's content."""
    from geo.build.geoparse import Geoparser

    dev, _ = split_articles(list(read_lgl(path)))
    parser = Geoparser()
    t0 = time.perf_counter()
    samples = examples(dev, parser)
    log(f"LGL dev half: {len(dev)} articles, {len(samples):,} proposals "
        f"({sum(s[2] for s in samples):,} gold) in {time.perf_counter() - t0:.1f} s")
    news = examples(read_tagged(NEWS_TRAIN), parser)
    log(f"{NEWS_TRAIN.name}: {len(news):,} proposals ({sum(s[2] for s in news):,} places)")
    model = fit(samples + news, log)
    model["training"]["data"] += f" and {NEWS_TRAIN.relative_to(ROOT)}"
    heldout = examples(read_tagged(NEWS_HELDOUT), parser)
    cm = CandidateModel(model["weights"], model["bias"])
    right = sum((cm.probability(f) >= 0.5) == g for _, f, g in heldout)
    model["training"]["news_heldout"] = {"proposals": len(heldout), "places": sum(g for _, _, g in heldout),
                                         "accuracy": round(right / len(heldout), 4) if heldout else None}
    log(f"{NEWS_HELDOUT.name} (not fitted on): {right}/{len(heldout)} proposals judged right")
    return model


def dumps(model: dict) -> str:
    """The model as the shipped file's text (stable: same model, same bytes)."""
    return json.dumps(model, indent=1, ensure_ascii=False) + "\n"
