"""Train and measure the place-role model (``scripts/train_roles.py``, ``briefmap eval --roles``).

Data, each read in place:

* ReLocaR's training half (``../shared/bench/relocar_train.xml``; Gritta et al. 2017,
  1,026 Wikipedia sentences, one tagged name each). It is split by sample with a fixed
  seed into a part the model is fitted on (80%) and a part only reported (20%).
* ``training/roles/news_train.txt``: news-style sentences written for this project
  (fitted on) and ``training/roles/news_heldout.txt`` (only reported);
  ``training/roles/kinds_train.txt`` / ``kinds_heldout.txt``: sentences written for the
  kinds the model found hardest (possessives, objects of verbs, teams, "of X", "to X").

The recipe: scikit-learn's ``LogisticRegression`` (L2, lbfgs) over the binary
features of :func:`geo.language.roles.features` (the words model) and over those of
:func:`geo.language.roles.parse_features` plus the parser's context vector
(:func:`geo.language.roles.parse_vector`, times :data:`VECTOR_SCALE`; the parse model),
``C`` chosen by 10-fold cross validation on the fitted part, then refitted on all of it
and the written training sentences. Weights are rounded to
four decimals and written sorted, so the same data give the same file byte for byte.

scikit-learn is needed here only (``pip install -e '.[test]'``); the shipped model is
plain JSON read by :class:`geo.language.roles.RoleModel`.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from geo.datafiles import REPO
from geo.language.roles import CONFIDENT, SCHEMA, RoleModel, features, parse_features, parse_vector, parse_window
from geo.tagged import sample_lines, untag

ROOT = REPO
RELOCAR = ROOT.parent / "shared" / "bench" / "relocar_train.xml"
NEWS_TRAIN = ROOT / "training" / "roles" / "news_train.txt"
NEWS_HELDOUT = ROOT / "training" / "roles" / "news_heldout.txt"
KINDS_TRAIN = ROOT / "training" / "roles" / "kinds_train.txt"
KINDS_HELDOUT = ROOT / "training" / "roles" / "kinds_heldout.txt"
# The context vector's values are about ten times the binary features' (0/1) spread: scaled
# down, the L2 penalty weighs them alike. 0.2 and 0.3 tied by CV, 0.5 and 1.0 lost 1-5 points.
VECTOR_SCALE = 0.2
MODEL_PATH = ROOT / "geo" / "data" / "roles_model.json"
SEED = 13
REPORT_SHARE = 0.2
FOLDS = 10
C_GRID = (0.3, 1.0, 3.0)
# Feature groups by name prefix, for the ablation that the roles module's docstring quotes.
GROUPS = {
    "positions": ("l1=", "l2=", "l3=", "r1=", "r2=", "r3=", "l21=", "r12="),
    "bags": ("lb=", "rb="),
    "shapes": ("l1suf", "l2suf", "r1suf", "r2suf", "l1shape", "l2shape", "r1shape", "r2shape"),
    "predicate": ("prep=", "gov=", "govsuf=", "prepgov=", "prepdist=", "noprep", "verb=", "verbsuf=", "poss"),
    "name": ("nwords=", "first"),
    "classes": ("possc=", "govc=", "verbc=", "l1c=", "r1c="),
}
# The parse model's WordNet-class features (ablation only).
PARSE_CLASSES = tuple(f"{p}{k}=" for p in "dc" for k in ("hc", "pgc", "gc", "subjc", "modc", "possc", "ancc1",
                                                          "ancc2", "ancc3"))
_TAG = re.compile(r"<(lit|met)>(.*?)</\1>")


@dataclass(frozen=True)
class Sample:
    source: str          # "relocar:17", "news_train.txt:4"
    text: str
    start: int
    end: int
    associative: bool


def read_relocar(path: Path = RELOCAR) -> list[Sample]:
    """ReLocaR's samples; offsets are those of the text with the tags removed."""
    out = []
    for s in ET.parse(path).getroot().iter("sample"):
        text = s.text or ""
        loc = s.find("loc")
        if loc is None or not loc.text:
            raise ValueError(f"{path}: sample {s.get('number')} has no <loc>")
        start = len(text)
        text += loc.text + (loc.tail or "")
        out.append(Sample(f"relocar:{s.get('number')}", text, start, start + len(loc.text), loc.get("reading") == "met"))
    return out


def read_tagged(path: Path) -> list[Sample]:
    """Sentences with ``<lit>``/``<met>`` tags, one a line; ``#`` lines are comments."""
    out = []
    for n, line in sample_lines(path):
        plain, found = untag(line, _TAG, 2)
        spans = [(start, end, m.group(1) == "met") for start, end, m in found]
        if not spans:
            raise ValueError(f"{path.name}:{n}: no <lit> or <met> tag")
        out += [Sample(f"{path.name}:{n}", plain, s, e, met) for s, e, met in spans]
    return out


def split(samples: Sequence[Sample], seed: int = SEED, share: float = REPORT_SHARE) -> tuple[list[Sample], list[Sample]]:
    """(fit, report): a fixed random split by sample."""
    import numpy as np

    order = np.random.RandomState(seed).permutation(len(samples))
    cut = int(round(len(samples) * share))
    report = {int(i) for i in order[:cut]}
    return ([s for i, s in enumerate(samples) if i not in report], [s for i, s in enumerate(samples) if i in report])


def _keep(names: list[str], drop: Iterable[str]) -> list[str]:
    drop = tuple(p for g in drop for p in GROUPS[g])
    return [f for f in names if not f.startswith(drop)] if drop else names


def parsed_features(samples: Sequence[Sample]) -> dict[Sample, tuple[list[str], list[float] | None]]:
    """The dependency features and context vector of each sample, its window parsed as at run time."""
    from geo.language.nlp import dependency_parse

    windows = [parse_window(s.text, s.start, s.end) for s in samples]
    docs = dependency_parse([s.text[lo:hi] for s, (lo, hi) in zip(samples, windows)])
    out = {}
    for s, (lo, _), d in zip(samples, windows, docs):
        at = (d, s.start - lo, s.end - lo)
        out[s] = (parse_features(*at), parse_vector(*at))
    return out


def _word_features(drop=()):
    return lambda s: (_keep(features(s.text, s.start, s.end), drop), None)


def _parse_rows(parse: dict, classes: bool = True, vector: bool = True):
    def row(s):
        names, vec = parse[s]
        if not classes:
            names = [f for f in names if not f.startswith(PARSE_CLASSES)]
        return names, (vec if vector else None)
    return row


def _matrix(samples, featf, vocab=None):
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction import DictVectorizer

    rows = [featf(s) for s in samples]
    dicts = [{f: 1 for f in names} for names, _ in rows]
    if vocab is None:
        vocab = DictVectorizer(sort=True).fit(dicts)
    X = vocab.transform(dicts)
    if any(vec is not None for _, vec in rows):
        width = next(len(vec) for _, vec in rows if vec is not None)
        dense = np.array([vec if vec is not None else [0.0] * width for _, vec in rows]) * VECTOR_SCALE
        X = sparse.hstack([X, sparse.csr_matrix(dense)]).tocsr()
    return X, vocab


def _fit(samples, C: float, featf):
    from sklearn.linear_model import LogisticRegression

    X, vocab = _matrix(samples, featf)
    y = [s.associative for s in samples]
    clf = LogisticRegression(C=C, max_iter=5000).fit(X, y)
    return clf, vocab


def _proba(clf, vocab, samples, featf) -> list[float]:
    X, _ = _matrix(samples, featf, vocab)
    return [float(p) for p in clf.predict_proba(X)[:, 1]]


def scores(gold: Sequence[bool], pred: Sequence[bool]) -> dict:
    """Accuracy and per-class precision/recall (associative = positive)."""
    out = {"n": len(gold), "accuracy": sum(g == p for g, p in zip(gold, pred)) / max(1, len(gold))}
    for name, cls in (("associative", True), ("literal", False)):
        tp = sum(g == cls and p == cls for g, p in zip(gold, pred))
        out[f"{name}_precision"] = tp / max(1, sum(p == cls for p in pred))
        out[f"{name}_recall"] = tp / max(1, sum(g == cls for g in gold))
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}


def cross_validate(samples: Sequence[Sample], C: float, drop=(), folds: int = FOLDS, seed: int = SEED,
                   parse: dict | None = None, parse_C: float | None = None, mode: str = "words",
                   parse_parts: tuple[bool, bool] = (True, True)) -> dict:
    """Scores over ``folds`` folds by sample (fixed seed), predictions pooled.

    ``mode``: ``words`` (the words model alone), ``parse`` (the parse model alone,
    features from ``parse``) or ``cascade`` (as shipped: the parse model for what the
    words model is unsure of). ``parse_unsure_share`` says how many went to the parse.
    ``parse_parts``: whether the parse model reads its WordNet classes and its context
    vector (both, as shipped; the ablation turns them off).
    """
    from sklearn.model_selection import KFold

    words = _word_features(drop)
    rows = _parse_rows(parse, *parse_parts) if parse is not None else None
    gold, pred, unsure = [], [], 0
    for train, test in KFold(folds, shuffle=True, random_state=seed).split(list(range(len(samples)))):
        tr, te = [samples[i] for i in train], [samples[i] for i in test]
        if mode == "parse":
            p = _proba(*_fit(tr, parse_C, rows), te, rows)
        else:
            p = _proba(*_fit(tr, C, words), te, words)
        if mode == "cascade":
            q = _proba(*_fit(tr, parse_C, rows), te, rows)
            hand = [max(a, 1 - a) < CONFIDENT and bool(parse[s][0]) for a, s in zip(p, te)]
            unsure += sum(hand)
            p = [b if h else a for a, b, h in zip(p, q, hand)]
        pred += [a >= 0.5 for a in p]
        gold += [s.associative for s in te]
    out = scores(gold, pred)
    if mode == "cascade":
        out["parse_unsure_share"] = round(unsure / max(1, len(gold)), 4)
    return out


def evaluate_model(model: RoleModel, samples: Sequence[Sample]) -> dict:
    pred = [model.judge(s.text, s.start, s.end).role.value == "associative" for s in samples]
    return scores([s.associative for s in samples], pred)


def words_per_second(model: RoleModel, samples: Sequence[Sample], repeat: int = 3, batch: int = 32) -> float:
    """Sentence words judged per CPU second (one judgement per sample, parsing included), best
    of ``repeat``; ``batch`` sentences judged together, as a geoparse batch judges its
    articles' mentions (``batch=1``: one call a sentence, as before)."""
    import os

    words = sum(len(s.text.split()) for s in samples)
    best = float("inf")
    for _ in range(repeat):
        t = sum(os.times()[:2])
        for i in range(0, len(samples), batch):
            model.judge_batch([(s.text, [(s.start, s.end)]) for s in samples[i:i + batch]])
        best = min(best, sum(os.times()[:2]) - t)
    return words / best if best > 0 else float("inf")


def _weights(clf, vocab) -> tuple[dict[str, float], list[float]]:
    """The named features' weights (sorted, the negligible dropped) and the context vector's."""
    names = vocab.get_feature_names_out()
    coef = clf.coef_[0]
    named = dict(sorted((str(n), round(float(w), 4)) for n, w in zip(names, coef) if abs(w) >= 5e-4))
    return named, [round(float(w), 4) for w in coef[len(names):]]


def train(relocar: Path = RELOCAR, log=print) -> dict:
    """Fit the model; return the JSON document to ship (weights and the measurements)."""
    fit, report = split(read_relocar(relocar))
    news_fit, news_report = read_tagged(NEWS_TRAIN), read_tagged(NEWS_HELDOUT)
    kinds_fit, kinds_report = read_tagged(KINDS_TRAIN), read_tagged(KINDS_HELDOUT)
    written = news_fit + kinds_fit
    cv = {C: cross_validate(fit, C) for C in C_GRID}
    C = max(C_GRID, key=lambda c: (cv[c]["accuracy"], -c))
    grid = ", ".join(f"{c}: {cv[c]['accuracy']:.3f}" for c in C_GRID)
    log(f"words model: C chosen by {FOLDS}-fold CV on the fitted part: {C} ({grid})")
    ablation, kept = {}, []
    for group in GROUPS:
        kept.append(group)
        ablation["+".join(kept)] = cross_validate(fit, C, [g for g in GROUPS if g not in kept])["accuracy"]
        log(f"  features {'+'.join(kept):40s} CV accuracy {ablation['+'.join(kept)]:.3f}")
    parse = parsed_features(fit + written)
    pcv = {c: cross_validate(fit, C, parse=parse, parse_C=c, mode="parse") for c in C_GRID}
    parse_C = max(C_GRID, key=lambda c: (pcv[c]["accuracy"], -c))
    grid = ", ".join(f"{c}: {pcv[c]['accuracy']:.3f}" for c in C_GRID)
    log(f"parse model: C chosen by {FOLDS}-fold CV on the fitted part: {parse_C} ({grid})")
    for name, parts in (("parse model, arcs and words only", (False, False)),
                        ("parse model + WordNet classes", (True, False))):
        ablation[name] = cross_validate(fit, C, parse=parse, parse_C=parse_C, mode="parse",
                                        parse_parts=parts)["accuracy"]
        log(f"  {name:40s} CV accuracy {ablation[name]:.3f}")
    cascade = cross_validate(fit, C, parse=parse, parse_C=parse_C, mode="cascade")
    ablation["words model alone"] = cv[C]["accuracy"]
    ablation["parse model alone (+ context vector)"] = pcv[parse_C]["accuracy"]
    ablation["cascade (shipped)"] = cascade["accuracy"]
    log(f"  cascade CV accuracy {cascade['accuracy']:.3f}, {cascade['parse_unsure_share']:.0%} of mentions parsed")
    words_clf = _fit(fit + written, C, _word_features())
    parse_clf = _fit(fit + written, parse_C, _parse_rows(parse))
    (weights, _), (parse_weights, vector) = _weights(*words_clf), _weights(*parse_clf)
    parse_bias = round(float(parse_clf[0].intercept_[0]), 4)
    model = RoleModel(weights, round(float(words_clf[0].intercept_[0]), 4), None,
                      parse_weights, parse_bias, vector, VECTOR_SCALE)
    training = {
        "recipe": "python scripts/train_roles.py",
        "data": {"relocar_train_fit": len(fit), "relocar_train_report": len(report),
                 "news_train": len(news_fit), "news_heldout": len(news_report),
                 "kinds_train": len(kinds_fit), "kinds_heldout": len(kinds_report), "split_seed": SEED},
        "C": C,
        "parse_C": parse_C,
        "confident": CONFIDENT,
        "cv_relocar_fit": cascade,
        "relocar_report": evaluate_model(model, report),
        "news_heldout": evaluate_model(model, news_report),
        "kinds_heldout": evaluate_model(model, kinds_report),
    }
    training["ablation_cv_accuracy"] = ablation
    return {"schema": SCHEMA, "classes": ["literal", "associative"], "bias": model.bias,
            "training": training,
            "parse": {"bias": parse_bias, "vector": {"scale": VECTOR_SCALE, "weights": vector},
                      "weights": parse_weights},
            "weights": weights}


def dumps(doc: dict) -> str:
    return json.dumps(doc, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def role_report(relocar: Path = RELOCAR, lgl: Path | None = None, limit: int | None = None) -> dict:
    """What ``briefmap eval --roles`` prints: cross validation on all of ReLocaR's training half
    (folds by sample, fixed seed, the shipped recipe and ``C``), the shipped model on the parts it
    was not fitted on, its speed, and LGL's names-given accuracy split by the role of each toponym.
    """
    model = RoleModel.default()
    samples = read_relocar(relocar)
    fit, report = split(samples)
    C = (model.meta or {}).get("C", 1.0)
    parse_C = (model.meta or {}).get("parse_C", 1.0)
    out = {
        "cv_relocar_train": cross_validate(samples, C, parse=parsed_features(samples), parse_C=parse_C, mode="cascade"),
        "shipped_on_relocar_report": evaluate_model(model, report),
        "shipped_on_news_heldout": evaluate_model(model, read_tagged(NEWS_HELDOUT)),
        "shipped_on_kinds_heldout": evaluate_model(model, read_tagged(KINDS_HELDOUT)),
        "words_per_s": round(words_per_second(model, samples)),
    }
    if lgl is not None and Path(lgl).exists():
        out["lgl_by_role"] = _lgl_by_role(Path(lgl), limit)
    return out


def _lgl_by_role(path: Path, limit: int | None) -> dict:
    from geo.build.geoparse import Geoparser
    from geo.evaluation.geoparsing import km, read_lgl

    articles = list(read_lgl(path, limit))
    parser = Geoparser()
    docs = [{"id": a.docid, "text": a.text, "spans": [[t.start, t.end] for t in a.toponyms]} for a in articles]
    tally: dict[str, list[int]] = {}
    for art, (_, res) in zip(articles, parser.parse_many(docs)):
        for gold, r in zip(art.toponyms, res):
            if gold.lat is None:
                continue
            role = r.mention.role.role.value if r.mention.role else "literal"
            hit = r.place is not None and km(r.place.lat, r.place.lon, gold.lat, gold.lon) <= 161
            n = tally.setdefault(role, [0, 0])
            n[0] += 1
            n[1] += hit
    return {role: {"toponyms": n, "acc161": round(h / n, 4)} for role, (n, h) in sorted(tally.items())}
