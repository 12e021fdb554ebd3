"""Per-article budgets (geo/read/budget.py): each cut is one problem line naming the file, nothing past
the budget reaches the outputs, and an article within every budget is analysed unchanged."""
from __future__ import annotations

import json

import pytest

from geo.build.corpus import analyse
from geo.present.outputs import write_outputs
from geo.read import budget
from geo.read.budget import fit_text, sentence_pieces

ARTICLE = ("Trade talks in Lisbon\n\n"
           "Ministers from Portugal and Brazil met in Lisbon on Tuesday. They agreed to expand port links.\n\n"
           "A second round is planned in Recife, officials said.\n")


def test_a_text_within_the_budget_is_untouched():
    assert fit_text(ARTICLE, max_chars=len(ARTICLE)) == (ARTICLE, "")


@pytest.mark.parametrize("limit", [30, 60, 100, 140])
def test_a_cut_falls_on_a_boundary_and_says_where(limit):
    cut, note = fit_text(ARTICLE, max_chars=limit)
    assert len(cut) <= limit and ARTICLE.startswith(cut)
    assert ARTICLE[len(cut)].isspace()                  # never inside a word
    assert f"cut at character {len(cut):,} of {len(ARTICLE):,}" in note


def test_a_text_with_no_space_is_cut_hard():
    cut, note = fit_text("x" * 50, max_chars=20)
    assert cut == "x" * 20 and note


def test_sentence_pieces_cover_the_sentence_and_respect_the_limit():
    sentence = ", ".join(f"item {i} near the river" for i in range(200))
    pieces = sentence_pieces(sentence, 300)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(sentence)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))        # contiguous: nothing lost
    assert all(e - s <= 300 for s, e in pieces)
    assert all(sentence[e - 1] == "," for _, e in pieces[:-1])          # broken after a comma


def _corpus(tmp_path, text: str):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "long.txt").write_text(text, encoding="utf-8")
    return folder


def test_an_article_over_the_character_budget_is_cut_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(budget, "MAX_ARTICLE_CHARS", 2_000)
    text = "Port report\n\n" + " ".join(f"Inspectors visited Lisbon on day {i}." for i in range(200)) + "\n"
    build = analyse(_corpus(tmp_path, text), use_cache=False)
    [problem] = [p for p in build.problems if "per-article budget" in p]
    assert problem.startswith("long.txt: cut at character ") and "of 7,"
    assert build.mentions and max(m.end for m in build.mentions) <= 2_000


def test_a_huge_sentence_is_broken_into_pieces_and_nothing_is_lost(tmp_path, monkeypatch):
    places = ["Lisbon", "Porto", "Madrid", "Seville", "Valencia"]
    sentence = "Delegates travelled " + ", then ".join(f"to {places[i % 5]} by train number {i}" for i in range(80))
    folder = _corpus(tmp_path, "Travels\n\n" + sentence + ".\n")
    whole = analyse(folder, use_cache=False)
    assert not whole.problems
    monkeypatch.setattr(budget, "MAX_SENTENCE_CHARS", 400)
    build = analyse(folder, use_cache=False)
    [problem] = [p for p in build.problems if "sentence(s) over" in p]
    assert problem.startswith("long.txt: 1 sentence(s) over 400 characters (the longest 2,")
    # the NER ran before the split: every place it found is still there
    assert [(m.start, m.text) for m in build.mentions] == [(m.start, m.text) for m in whole.mentions]
    out = tmp_path / "o" / "m.html"
    write_outputs(build, out)
    features = json.loads(out.with_suffix(".geojson").read_text())["features"]
    claims = [f["properties"].get("claim") or "" for f in features]
    claims += [c["claim"] for f in features for c in f["properties"].get("claims", [])]
    assert claims and max(map(len, claims)) <= 480           # a piece, never the 2,800-character whole


def test_an_article_over_the_mention_budget_stops_at_a_sentence_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(budget, "MAX_MENTIONS", 30)
    text = "Tour\n\n" + " ".join("The envoy went to Lisbon, Porto and Madrid." for _ in range(40)) + "\n"
    cache = tmp_path / "cache"
    build = analyse(_corpus(tmp_path, text), cache_dir=cache)
    [problem] = [p for p in build.problems if "over the budget" in p]
    assert problem.startswith("long.txt: 120 place mentions, over the budget of 30: analysed up to character ")
    assert len(build.mentions) == 30 and len(build.unresolved) + len(
        [r for r in build.resolutions if r.place]) == 30
    again = analyse(tmp_path / "corpus", cache_dir=cache)     # from the cache: still said
    assert again.reused == 1 and problem in again.problems
