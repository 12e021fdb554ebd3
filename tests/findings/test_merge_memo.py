"""The merge with its memo (geo/findings/merge_memo.py) is the full merge: random sequences of
articles added, changed and removed, each merge reading the outcomes the previous one kept
(through their plain-data form, as the build stores them), give what merging from nothing gives.

Texts written for these tests, about tests/findings/test_findings.py's invented places: copies,
retellings on two layers, an unplaced retelling, outlets cited and publishing, denials."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.findings.merge import merge_findings
from geo.findings.merge_memo import MergeMemo, PlaceOutcome
from tests.findings.test_findings import PLACES, REGISTRY, analyse

SENTENCES = [
    "Sylvania engineers began lengthening the runway at the Port Ala airfield to handle heavy bombers.",
    "Engineers from Sylvania have started lengthening the Port Ala airfield runway for heavy bombers.",
    "Sylvania warships will be allowed to refuel at Port Ala under a deal signed by both navies.",
    "Port Ala will allow Sylvania warships to refuel there, under a deal signed by both navies.",
    "Freedonia denied that Sylvania engineers were lengthening the runway at Port Ala.",
    "According to the Daily Courier, Sylvania technicians installed antennas at Ala Station.",
    "Sylvania technicians installed new antennas at Ala Station, the Daily Courier reported.",
    "Freedonia and Sylvania signed a fishing agreement in Port Ala on Monday.",
    "Sylvania and Freedonia signed an agreement on fishing rights in Port Ala.",
    "Freedonia officials denied that any antennas were installed at Ala Station.",
]
# Each article: its sentences and its outlet; a second version of some (a changed article).
ARTICLES = [((0, 7), "Daily"), ((1,), "Courier"), ((2, 5), ""), ((3,), "Daily"), ((4, 8), "Post"),
            ((6, 0), "Courier"), ((9,), "Post"), ((5, 2), "Daily"), ((7, 1), ""), ((8, 6, 3), "Daily")]
CHANGED = {0: ((0, 8), "Daily"), 3: ((3, 9), "Courier"), 5: ((6,), "Post")}


def _names(text: str) -> list[str]:
    found = sorted((m.start(), name) for name in PLACES for m in re.finditer(re.escape(name), text))
    names, end = [], -1
    for start, name in found:
        if start >= end:
            names.append(name)
            end = start + len(name)
    return names


@pytest.fixture(scope="module")
def pool() -> dict[tuple[int, int], list]:
    """(article, version) -> its findings."""
    out = {}
    for n, article in enumerate(ARTICLES):
        for version, (picked, outlet) in enumerate([article] + ([CHANGED[n]] if n in CHANGED else [])):
            text = " ".join(SENTENCES[i] for i in picked)
            out[n, version] = analyse(text, _names(text), f"art{n:02d}.txt#0", outlet)[1][0]
    return out


def _merge_both_ways(pool, present: dict[int, int], kept: dict | None):
    findings, ids = [], []
    for n in sorted(present):
        found = pool[n, present[n]]
        findings += found
        ids += [f"{n}/{present[n]}:{k}" for k in range(len(found))]
    memo = MergeMemo.from_data(kept) if kept is not None else MergeMemo()
    with_memo = merge_findings(findings, REGISTRY.ids(), ids=ids, memo=memo)
    assert with_memo == merge_findings(findings, REGISTRY.ids())
    return memo


def test_the_pool_exercises_every_kind_of_join(pool):
    everything = {n: 0 for n in range(len(ARTICLES))}
    findings = [f for n in sorted(everything) for f in pool[n, 0]]
    merged = merge_findings(findings, REGISTRY.ids())
    assert len(merged) < len(findings)
    assert any(f.locus is None for f in findings), "an unplaced finding"
    assert any(all(s.stance.value == "denies" for s in f.sources) for f in findings), "a lone denial"
    memo = _merge_both_ways(pool, everything, None)
    assert memo.used_places and memo.used_denials


@settings(max_examples=60, deadline=None)
@given(start=st.sets(st.integers(0, len(ARTICLES) - 1)),
       steps=st.lists(st.tuples(st.sampled_from(["add", "remove", "change"]), st.integers(0, len(ARTICLES) - 1)),
                      min_size=1, max_size=8))
def test_merging_with_the_memo_after_additions_changes_and_removals_is_the_full_merge(pool, start, steps):
    present = {n: 0 for n in start}
    kept = _merge_both_ways(pool, present, None).to_data()
    for action, n in steps:
        if action == "add":
            present.setdefault(n, 0)
        elif action == "remove":
            present.pop(n, None)
        elif n in CHANGED:
            present[n] = 1 - present.get(n, 1)
        memo = _merge_both_ways(pool, present, kept)
        kept = memo.to_data()


def test_an_outcome_that_does_not_fit_its_place_is_worked_out_again(pool):
    present = {n: 0 for n in range(len(ARTICLES))}
    memo = _merge_both_ways(pool, present, None)
    spoilt = {k: PlaceOutcome([[0, 999]], o.visits, o.by_outlet) for k, o in memo.used_places.items()}
    data = MergeMemo(spoilt, {k: 999 for k in memo.used_denials}).to_data()
    again = _merge_both_ways(pool, present, data)        # positions past the findings: compared again
    assert again.made == len(memo.used_places) + len(memo.used_denials)


@pytest.mark.parametrize("data", [[], {"places": {}}, {"places": {"k": [[], []]}, "denials": {}},
                                  {"places": {"k": [[[0, "1"]], [], []]}, "denials": {}},
                                  {"places": {}, "denials": {"k": 1.5}}])
def test_a_memo_of_another_shape_is_refused(data):
    with pytest.raises(ValueError):
        MergeMemo.from_data(data)


def test_a_memo_needs_an_id_per_finding(pool):
    with pytest.raises(ValueError):
        merge_findings(pool[0, 0], REGISTRY.ids(), ids=[], memo=MergeMemo())
    assert merge_findings(pool[0, 0], REGISTRY.ids(), ids=[f"x{k}" for k in range(len(pool[0, 0]))],
                          memo=MergeMemo()) == merge_findings([replace(f) for f in pool[0, 0]], REGISTRY.ids())


def test_a_denials_key_holds_its_candidates_distances():
    # The nearest of equally good candidates wins: the same candidates at other distances from
    # the denial (an article added between them) are another question.
    same = MergeMemo.denial_key("d", [("a", -2), ("b", 3)])
    assert same == MergeMemo.denial_key("d", [("a", -2), ("b", 3)])
    assert same != MergeMemo.denial_key("d", [("a", -2), ("b", 4)])
    assert same != MergeMemo.denial_key("e", [("a", -2), ("b", 3)])
    place = MergeMemo.place_key("p", ["a", "b"], 1, True)
    assert place != MergeMemo.place_key("p", ["a", "b"], 2, True) != MergeMemo.place_key("p", ["a", "b"], 1, False)
