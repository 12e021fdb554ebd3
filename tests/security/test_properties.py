"""Property-based tests over the text pipeline: any Unicode text, no crash, offsets inside
the text, claims verbatim substrings of their documents, and nothing lost (every mention
found is resolved or listed in the unresolved report)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.build.corpus import analyse, resolve_mentions, unresolved_rows
from geo.findings.claims import extract_claims
from geo.language.mentions import MentionFinder
from geo.model import Document
from geo.read.documents import decode, split_sections
from tests.security.corpus import PAYLOADS

WORDS = ["Havana", "Cuba", "Beijing", "China", "Chinese", "Russian", "Moscow", "Lourdes", "Ream", "Cambodia",
         "Georgia", "Paris", "Texas", "the", "said", "visited", "in", "on", "Monday", "June 8, 2023", "denied",
         "According to officials,", "base", "spy", ".", ",", "\n", "\n\n", "Telesur, January 18, 2023\n",
         "https://example.com/a\n", "Díaz-Canel", "北京", "Гавана", "\u200b", "\u2028", "🇨🇺"] + PAYLOADS
NEWSY = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=60).map(" ".join)
ANY_TEXT = st.one_of(st.text(max_size=400), NEWSY)
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def nlp():
    from geo.language.nlp import pipeline

    return pipeline()


@FAST
@given(st.binary(max_size=2000))
def test_decode_any_bytes_gives_text_or_one_clear_error(data):
    from geo.read.documents import DocumentError

    try:
        text = decode(data, "x.txt")
    except DocumentError as exc:
        assert str(exc).startswith("x.txt: ") and "\n" not in str(exc)
    else:
        assert isinstance(text, str)


@FAST
@given(ANY_TEXT)
def test_sections_tile_the_file(text):
    docs = split_sections(text, "f.txt")
    for d in docs:
        assert text[d.offset:d.offset + len(d.text)] == d.text
    assert "".join(d.text for d in docs).strip() == text.strip() or not text.strip()


@FAST
@given(text=ANY_TEXT)
def test_mentions_claims_and_nothing_lost_on_any_text(text, nlp, gazetteer):
    finder = MentionFinder(gazetteer)
    doc = Document(id="f.txt#0", path="f.txt", section=0, text=text)
    sdoc = nlp(text)
    mentions, rejected = finder.find(text, doc.id, sdoc)
    for m in list(mentions) + [r.mention for r in rejected]:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
    resolutions = resolve_mentions(text, mentions, gazetteer)
    # every mention found is resolved or unresolved-with-a-reason, exactly once
    assert sorted((r.mention.start, r.mention.end) for r in resolutions) == \
        sorted((m.start, m.end) for m in mentions)
    assert all(r.place is not None or r.reason for r in resolutions)
    rows = unresolved_rows({doc.id: doc}, resolutions, rejected)
    assert len(rows) == sum(r.place is None for r in resolutions) + len(rejected)
    for claim in extract_claims(doc, resolutions, sdoc):
        assert 0 <= claim.sent_start <= claim.mention.start < claim.mention.end <= claim.sent_end <= len(text)
        assert text[claim.sent_start:claim.sent_end] == claim.sentence
        assert claim.sentence in text


def test_nothing_lost_over_the_seeds(seeds_dir, gazetteer):
    """Each mention found in the seeds is in a feature or in the unresolved report."""
    build = analyse(seeds_dir, use_cache=False)
    docs = {d.id: d for d in build.documents}
    resolved = {(r.mention.doc_id, r.mention.start, r.mention.end) for r in build.resolutions if r.place}
    assert len(build.resolutions) == len(build.mentions)
    unresolved = {(r["doc"], r["start"], r["end"], r["mention"]) for r in build.unresolved}
    for m in build.mentions + [r.mention for r in build.rejected]:
        doc = docs[m.doc_id]
        key = (doc.path, doc.offset + m.start, doc.offset + m.end, m.text)
        assert ((m.doc_id, m.start, m.end) in resolved) != (key in unresolved), key
    # and every feature points back at verbatim text in its file
    for f in build.features:
        p = f["properties"]
        text = (seeds_dir / p["doc"]).read_text(encoding="utf-8")
        assert text[p["start"]:p["end"]] == (p["mention"] or p["claim"]) and p["claim"] in text
