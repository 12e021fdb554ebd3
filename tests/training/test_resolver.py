"""The shipped resolver weights are what their recipe fits on LGL's development half."""
import pytest

from geo.evaluation.geoparsing import DEFAULT_LGL
from geo.places import evidence as ev

pytest.importorskip("scipy")
needs_lgl = pytest.mark.skipif(not DEFAULT_LGL.exists(), reason="LGL is not in ../shared/bench")


@needs_lgl
def test_shipped_weights_are_reproduced_by_their_recipe():
    from geo.training import resolver as rt

    fresh = rt.dumps(rt.train(log=lambda s: None))
    assert fresh == ev.WEIGHTS_PATH.read_text(encoding="utf-8"), "run python scripts/train_resolver.py and commit"


def test_fit_keeps_unseen_features_at_their_start_and_learns_seen_ones():
    import numpy as np

    from geo.training import resolver as rt

    i = ev.FEATURES.index("population")
    F = np.zeros((2, len(ev.FEATURES)))
    F[0, i], F[1, i] = 5.0, 3.0          # the bigger place is right, every time
    w = rt.fit([(F, np.array([True, False]))] * 50, rt.INITIAL)
    assert w["population"] > 1.0
    assert w["site_country"] == rt.INITIAL["site_country"]
