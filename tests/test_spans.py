"""The indexed span look-ups (geo/spans.py) answer exactly what the list scans they replaced did."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from geo.spans import SpanSet, sorted_range, span_finder

_SPAN = st.tuples(st.integers(0, 200), st.integers(0, 30)).map(lambda t: (t[0], t[0] + t[1]))


@given(st.lists(_SPAN, max_size=40), st.lists(_SPAN, max_size=20), _SPAN)
def test_spanset_overlaps_is_the_list_scan(initial, added, query):
    taken = SpanSet(initial)
    spans = list(initial)
    for s, e in added:
        taken.add(s, e)
        spans.append((s, e))
        assert taken.overlaps(*query) == any(query[0] < e2 and s2 < query[1] for s2, e2 in spans)
    assert taken.overlaps(*query) == any(query[0] < e2 and s2 < query[1] for s2, e2 in spans)


@given(st.lists(st.integers(0, 20), max_size=30), st.integers(-5, 700))
def test_span_finder_is_the_scan_over_sorted_disjoint_spans(lengths, offset):
    spans, at = [], 0
    for n in lengths:
        spans.append((at, at + n + 1))
        at += n + 1 + (n % 3)           # gaps between some sentences
    expected = next((i for i, (s, e) in enumerate(spans) if s <= offset < e), None)
    assert span_finder(spans)(offset) == expected


@given(st.lists(st.integers(0, 100), max_size=30), st.integers(-5, 105), st.integers(-5, 105))
def test_sorted_range(starts, lo, hi):
    starts.sort()
    assert list(sorted_range(starts, lo, hi)) == [i for i, s in enumerate(starts) if lo <= s <= hi]
