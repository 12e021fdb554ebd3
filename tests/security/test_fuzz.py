"""Fuzz targets (hypothesis) for the two doors outside text comes in by: the article reader and
``briefmap geoparse``'s line contract.

The budget is small by default so CI stays quick and deterministic (``derandomize``: the same
examples every run, so a failure is reproducible and never a flake); raise it for a real fuzzing
session, which then explores new examples each run::

    BRIEFMAP_FUZZ_EXAMPLES=5000 python -m pytest -q tests/security/test_fuzz.py
"""
from __future__ import annotations

import codecs
import io
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.build.geoparse import Geoparser, geoparse_jsonl
from geo.read.documents import MAX_CHARS, DocumentError, read_corpus, read_file

EXAMPLES = int(os.environ.get("BRIEFMAP_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="BRIEFMAP_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

# -- the article reader ------------------------------------------------------------------
PIECES = ["Havana", "Cuba", "Lisbon", " said ", ". ", "\n", "\n\n", "\r\n", "\t", "\x00", "\x1b[2J", "\u202e",
          "\u2028", "\ufeff", "é", "北京", "🇨🇺", "<p>", "</p>", "<script>x()</script>", "<article>", "<!--",
          "]]>", "<![CDATA[", "&amp;", "&#0;", "&#x110000;", "<meta charset='utf-7'>", "<title>", "</title>",
          "Telesur, January 18, 2023\n", "https://example.com/a\n", "---\n", "# Heading\n", "=" * 3]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=80).map("".join)
ENCODED = st.tuples(TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252",
                                           "latin-1"])).map(lambda te: te[0].encode(te[1], "replace"))
CONTENT = st.one_of(ENCODED, st.binary(max_size=600),
                    st.tuples(ENCODED, st.binary(max_size=40)).map(lambda p: p[0] + p[1]),     # a torn tail
                    st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE + b"\x00", b"\xff" * 7, b""]))
SUFFIX = st.sampled_from([".txt", ".md", ".html", ".htm", ".TXT"])
# File names any file system here accepts: no '/', no NUL, at most 200 bytes.
NAME = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=40)


def _one_line(message: str) -> bool:
    return "\n" not in message and "\r" not in message and "\x1b" not in message


@FUZZ
@given(content=CONTENT, suffix=SUFFIX)
def test_fuzz_the_reader_gives_documents_or_one_error_naming_the_file(content, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(content)
        try:
            docs = read_file(path, path.name)
        except DocumentError as exc:
            assert str(exc).startswith(f"{path.name}: ") and "\n" not in str(exc)
            return
    assert docs and any(d.text.strip() for d in docs)
    assert len({d.id for d in docs}) == len(docs)
    for d in docs:
        assert isinstance(d.text, str) and len(d.text) <= MAX_CHARS and d.offset >= 0 and d.path == path.name


@FUZZ
@given(files=st.dictionaries(st.tuples(NAME, SUFFIX).map("".join), CONTENT, min_size=1, max_size=5))
def test_fuzz_a_folder_every_article_file_is_read_or_named_once(files):
    with tempfile.TemporaryDirectory() as folder:
        written = []
        for name, content in files.items():
            if len(name.encode("utf-8")) > 200 or name in (".", ".."):
                continue
            (Path(folder) / name).write_bytes(content)
            written.append(name)
        docs, problems = read_corpus(folder)
    articles = {n for n in written if not n.startswith(".") and n != "sources.yaml"}
    read = {d.path for d in docs}
    named = [p.path for p in problems]
    # nothing dropped silently: each article file is read or is exactly one problem, never both
    assert read | set(named) == articles and not read & set(named)
    assert len(named) == len(set(named))
    assert all(_one_line(str(p)) for p in problems)


# -- the geoparse line contract -----------------------------------------------------------
GOOD = {"id": "a", "text": "Ministers met in Lisbon and Havana on Monday.", "spans": [[17, 23], [28, 34]]}
VALUE = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                               st.text(max_size=8)),
                     lambda inner: st.one_of(st.lists(inner, max_size=3),
                                             st.dictionaries(st.text(max_size=4), inner, max_size=3)),
                     max_leaves=8)


@st.composite
def line(draw) -> str:
    """A JSON Lines input line: a good document with one field mutated, or its text torn or spliced."""
    doc = dict(GOOD)
    key = draw(st.sampled_from(["id", "text", "spans", "url", "outlet", "extra", None]))
    if key is not None:
        doc[key] = draw(st.one_of(VALUE, st.lists(st.lists(st.integers(-3, 60), max_size=3), max_size=4),
                                  TEXT))
    if draw(st.booleans()):
        doc.pop(draw(st.sampled_from(sorted(doc))))
    raw = json.dumps(doc, ensure_ascii=draw(st.booleans()))
    cut = draw(st.sampled_from(["none", "tear", "splice"]))
    if cut == "tear":
        raw = raw[:draw(st.integers(0, len(raw)))]
    elif cut == "splice":
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.sampled_from(["}", "{", '"', "\\", "NaN", "1e999", "[" * 3000, "\x00"])) + raw[at:]
    return raw.replace("\n", " ").replace("\r", " ")


@pytest.fixture(scope="module")
def parser(gazetteer):
    return Geoparser(gazetteer)


@FUZZ
@given(lines=st.lists(line(), min_size=1, max_size=6))
def test_fuzz_geoparse_one_result_line_per_input_line(parser, lines):
    lines = [x for x in lines if x.strip()]
    out = io.StringIO()
    stats = geoparse_jsonl(io.StringIO("".join(x + "\n" for x in lines)), out, parser)
    written = out.getvalue().split("\n")[:-1]
    assert len(written) == len(lines) and out.getvalue().splitlines() == written   # one record, one line
    errors = 0
    for n, (given_line, record_line) in enumerate(zip(lines, written), 1):
        record = json.loads(record_line)
        assert ("places" in record) != ("error" in record) and "id" in record
        if "error" in record:
            errors += 1
            assert record["error"].startswith(f"line {n}: ") and "\n" not in record["error"]
            continue
        text = json.loads(given_line)["text"]
        for place in record["places"]:
            assert 0 <= place["start"] <= place["end"] <= len(text)
            assert text[place["start"]:place["end"]] == place["text"]
            assert place["lat"] is None or -90 <= place["lat"] <= 90
    assert errors == len(stats["failed"]) and stats["documents"] + errors == len(lines)
