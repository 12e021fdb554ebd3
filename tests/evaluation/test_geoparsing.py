"""LGL metrics: the formulas on hand-made numbers, and a small slice of the real corpus."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from geo.evaluation.geoparsing import MAX_KM, auc, distance_metrics, evaluate, km, read_lgl
from geo.model import Mention
from geo.places.evidence import SIGNALS

BENCH = Path(__file__).resolve().parents[2] / ".." / "shared" / "bench"
LGL = BENCH / "lgl.xml"
needs_lgl = pytest.mark.skipif(not LGL.exists(), reason="../shared/bench/lgl.xml not present")


def test_auc_and_distances():
    assert auc([0, 0, 0]) == 0
    assert auc([MAX_KM, MAX_KM]) == pytest.approx(1.0, abs=1e-4)
    # two errors: trapezoid over [0, 1] = mean of the two scaled values
    e = [10.0, 1000.0]
    expect = (math.log(11) + math.log(1001)) / 2 / math.log(MAX_KM)
    assert auc(e) == pytest.approx(expect)
    assert km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.2)
    m = distance_metrics([0.0, 100.0, 200.0, MAX_KM], [True, False, False, False])
    assert m["acc161"] == 0.5 and m["median_km"] == 150.0 and m["exact"] == 0.25


@needs_lgl
def test_read_lgl_offsets_match_phrases():
    arts = list(read_lgl(LGL, limit=5))
    assert len(arts) == 5
    for a in arts:
        for t in a.toponyms:
            assert a.text[t.start:t.end] == t.phrase


@needs_lgl
def test_resolution_only_on_a_slice():
    rep = evaluate(LGL, limit=30)
    assert rep["mode"] == "resolution_only" and rep["n"] > 100
    assert rep["acc161"] > 0.7
    assert rep["words_per_s"] > 0


@needs_lgl
def test_end_to_end_with_a_stand_in_finder():
    def capitalised_words(text):   # trivial stand-in for the real mention finder
        import re
        return [Mention("x", m.start(), m.end(), m.group()) for m in re.finditer(r"\b[A-Z][a-z]{3,}\b", text)]

    rep = evaluate(LGL, limit=10, end_to_end=True, find_mentions=capitalised_words)
    assert 0 < rep["precision"] < 1 and 0 < rep["recall"] <= 1
    assert rep["tp"] + rep["fn"] == sum(len(a.toponyms) for a in read_lgl(LGL, limit=10))


@needs_lgl
def test_both_modes_with_the_real_geoparser_on_a_slice(tmp_path):
    from rich.console import Console

    from geo.evaluation.geoparsing import run_benchmark

    out = tmp_path / "lgl.json"
    reports = run_benchmark(LGL, limit=12, n_process=1, json_out=out, console=Console(file=open("/dev/null", "w")),
                            out=Console(file=open("/dev/null", "w")))
    assert [(r["mode"], r["half"]) for r in reports] == [("resolution_only", "dev"), ("resolution_only", "heldout"),
                                                         ("end_to_end", "dev"), ("end_to_end", "heldout")]
    ro, e2e = reports[1], reports[3]
    assert ro["acc161"] > 0.6 and e2e["acc161"] > 0.6
    assert e2e["f1"] > 0.5 and 0 < e2e["precision"] <= 1 and 0 < e2e["recall"] <= 1
    rows = {r["evidence"]: r for r in ro["ablation"]}
    assert "all evidence" in rows and "without nearby" in rows and len(rows) == 2 + len(SIGNALS)
    for r in reports:
        assert {"mean_km", "median_km", "auc", "words_per_s"} <= r.keys() and r["words_per_s"] > 0
    assert out.exists()


@needs_lgl
def test_cli_eval_on_a_slice():
    from click.testing import CliRunner

    from geo.cli import main

    result = CliRunner().invoke(main, ["eval", "--limit", "3", "-j", "1", "--mode", "resolution"])
    assert result.exit_code == 0, result.output
    assert "LGL (3 articles" in result.output


def test_split_is_by_document_fixed_and_near_half():
    from geo.evaluation.geoparsing import Article, half_of, split_articles

    arts = [Article(str(i), "", "") for i in range(400)]
    dev, held = split_articles(arts)
    assert {a.docid for a in dev}.isdisjoint(a.docid for a in held)
    assert 150 < len(dev) < 250
    assert [half_of(a.docid) for a in arts] == [half_of(a.docid) for a in arts]
    assert split_articles(arts[:50])[0] == [a for a in dev if int(a.docid) < 50]   # --limit keeps halves
