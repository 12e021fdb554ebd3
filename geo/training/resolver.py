"""Recipe of the resolver's weights (``geo/data/resolver_weights.json``), fitted on LGL's development half.

``scripts/train_resolver.py`` runs it; a test checks that a fresh run reproduces the
shipped file byte for byte.

* Data: the development half of LGL (:func:`geo.evaluation.geoparsing.split_articles`, by document id
  with a fixed seed), names given as in ``briefmap eval``, with the whole text as context
  and the article's URL as outlet evidence. The held-out half is never read here.
* Examples: for each gold toponym with a point, the candidates of its name within 161 km
  of gold are right, the others wrong. The model is a conditional logit (a softmax over
  the name's candidates, which is the resolver's own soft assignment), fitted by
  L-BFGS with an L2 penalty. Chosen over a pairwise logistic regression (scikit-learn)
  by 2-fold cross-validation by document inside the dev half: 91.1% against 90.5%
  within 161 km (and ``L2`` = 0.1 over 1 and 10 the same way).
* The context features depend on the other names' readings, hence on the weights: the
  fit is repeated ``ROUNDS`` times, each with the features the previous weights give,
  starting from :data:`INITIAL` (the former hand-set values).

Needs numpy and scipy (scikit-learn's dependencies, in the test extra); the resolver
itself only reads the JSON.
"""
from __future__ import annotations

import json
import time
from typing import Callable

from geo.evaluation.geoparsing import DEFAULT_LGL, km, read_lgl, split_articles
from geo.places import evidence as ev

#: The hand-set weights the fit starts from (the resolver's values before any fitting).
INITIAL = {
    "population": 1.0, "kind_country": 3.0, "kind_continent": 3.0, "kind_region": 2.5, "kind_water": 2.5,
    "kind_adm1": 1.0, "kind_adm2": -0.3, "kind_site": 0.0, "match_variant": -1.5, "match_alt": -1.5,
    "match_alt_beside_own": -1.5, "match_part": 0.0, "namesake_division": -2.5, "capital": 1.5,
    "capital_international": 1.5, "cue_municipal_not_area": -8.0, "cue_resident_not_country": -8.0,
    "country_support": 2.0, "named_country": 0.8, "country_contains": 2.0, "site_country": 5.0,
    "named_admin1": 1.8, "admin1_support": 1.0, "admin2_support": 2.0, "near": 4.0, "colocated": 0.0, "pair": 4.0,
    "text_locale": 1.5, "outlet_country": 1.5,
}
ROUNDS = 3
#: Rules, not fitted: the words around a name ruling out a kind of place ("the Jordan City
#: Council") are near-certain but too rare in LGL to fit (a few dozen cases in the dev half).
FIXED = ("cue_municipal_not_area", "cue_resident_not_country")
L2 = 0.1                 # chosen by 2-fold cross-validation by document inside the dev half (0.1, 1, 10)
RIGHT_KM = 161.0
DIGITS = 4


def examples(prepared, gazetteer, weights: dict[str, float]):
    """Per gold toponym: (feature matrix of its name's candidates, which of them are right).

    Names with one candidate, or whose candidates are all right or all wrong, teach nothing
    and are left out; a name mentioned several times counts once per gold place.
    """
    import numpy as np

    from geo.places.resolve import candidate_features

    out = []
    for p in prepared:
        feats = candidate_features(p.article.text, p.mentions, gazetteer, weights, p.outlet, p.context)
        seen = set()
        for gold, (key, cands) in zip(p.article.toponyms, feats):
            if gold.lat is None or len(cands) < 2 or (key, gold.geonameid) in seen:
                continue
            seen.add((key, gold.geonameid))
            right = np.array([km(c.place.lat, c.place.lon, gold.lat, gold.lon) <= RIGHT_KM for c, _ in cands])
            if right.any() and not right.all():
                out.append((np.array([[f.get(n, 0.0) for n in ev.FEATURES] for _, f in cands]), right))
    return out


def fit(lists, start: dict[str, float]) -> dict[str, float]:
    """Conditional logit: maximise the log probability of the right readings under a softmax
    over each name's candidates (the resolver's own soft assignment), with an L2 penalty of
    strength :data:`L2` towards 0. A feature that never tells a name's candidates apart in
    the data (curated sites are not in LGL) cannot be fitted and keeps its value in
    ``start``; the starting values were hand-set on all of LGL, so no fitted weight is
    anchored to them. scipy's L-BFGS-B, from ``start``; rounded to :data:`DIGITS`."""
    import numpy as np
    from scipy.optimize import minimize

    seen = np.zeros(len(ev.FEATURES), dtype=bool)
    for F, _ in lists:
        seen |= (F != F[0]).any(axis=0)
    seen &= np.array([f not in FIXED for f in ev.FEATURES])
    # Pulled towards 0 where the data speaks; kept at the starting value where it cannot.
    w0 = np.array([0.0 if s else start[f] for f, s in zip(ev.FEATURES, seen)], dtype=float)

    def loss(w):
        total, grad = 0.0, np.zeros_like(w)
        for F, right in lists:
            s = F @ w
            e = np.exp(s - s.max())
            z, zr = e.sum(), e[right].sum()
            total -= np.log(zr) - np.log(z)
            grad -= F[right].T @ (e[right] / zr) - F.T @ (e / z)
        d = w - w0
        return total + L2 / 2 * d @ d, grad + L2 * d

    x0 = np.array([start[f] for f in ev.FEATURES], dtype=float)
    bounds = [(start[f], start[f]) if f in FIXED else (None, None) for f in ev.FEATURES]
    res = minimize(loss, x0, jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": 1000})
    return {f: round(float(v), DIGITS) + 0.0 for f, v in zip(ev.FEATURES, res.x)}


def train(path=DEFAULT_LGL, log: Callable[[str], None] = print) -> dict:
    """Fit the weights on LGL's development half; return the model (weights and how they were made)."""
    from geo.build.geoparse import Geoparser
    from geo.evaluation.geoparsing import prepare, resolve_prepared, score

    dev, _ = split_articles(list(read_lgl(path)))
    parser = Geoparser()
    t0 = time.perf_counter()
    prepared = prepare(dev, parser)
    log(f"dev half: {len(dev)} articles, mentions found in {time.perf_counter() - t0:.1f} s")
    weights = dict(INITIAL)
    history = []
    for r in range(ROUNDS):
        lists = examples(prepared, parser.gazetteer, weights)
        weights = fit(lists, INITIAL)
        acc = score(dev, resolve_prepared(prepared, parser.gazetteer, weights), False)["acc161"]
        history.append({"round": r + 1, "toponyms": len(lists), "dev_acc161": round(acc, 4)})
        log(f"round {r + 1}: {len(lists):,} ambiguous toponyms, dev acc@161 {acc:.1%}")
    return {
        "about": "Resolver evidence weights (geo/places/evidence.py), fitted by scripts/train_resolver.py "
                 "(recipe geo/training/resolver.py) on LGL's development half only.",
        "recipe": {"data": "LGL development half (geo.evaluation.geoparsing.split_articles, seed "
                           f"{__import__('geo.evaluation.geoparsing', fromlist=['SPLIT_SEED']).SPLIT_SEED!r})",
                   "articles": len(dev), "model": "conditional logit over each name's candidates, L2 towards 0 "
                                                  "(features the data cannot fit keep their starting value)",
                   "l2": L2, "rounds": ROUNDS, "right_km": RIGHT_KM},
        "training": history,
        "weights": weights,
    }


def dumps(model: dict) -> str:
    """The model as the shipped file's text (stable: same model, same bytes)."""
    return json.dumps(model, indent=1, ensure_ascii=False) + "\n"
