"""briefmap geoparse goes line by line: a bad line becomes an error line with its id (or line
number), a document the NER or the resolver fails on cannot take its batch down, and every
input line gets exactly one output line (issue 17)."""
from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geo.language.nlp
from geo.build import geoparse as gp
from geo.build.geoparse import Geoparser, geoparse_jsonl
from geo.cli import main

GOOD = "Officials in Havana met envoys from Beijing."


@pytest.fixture(scope="module")
def parser(gazetteer):
    return Geoparser(gazetteer)


def _run(parser, lines: list[str], **kwargs) -> tuple[list[dict], dict]:
    out = io.StringIO()
    stats = geoparse_jsonl(io.StringIO("".join(x + "\n" for x in lines)), out, parser, **kwargs)
    return [json.loads(x) for x in out.getvalue().splitlines()], stats


def test_each_kind_of_bad_line_is_an_error_line_and_the_rest_go_on(parser):
    long_text = "x" * (gp.MAX_TEXT + 1)
    lines = [json.dumps({"id": "ok1", "text": GOOD}),
             "{not json",
             json.dumps(["an", "array"]),
             json.dumps({"id": "span-out", "text": "Havana", "spans": [[0, 99]]}),
             json.dumps({"id": "neg", "text": "Havana", "spans": [[-1, 3]]}),
             json.dumps({"id": "reversed", "text": "Havana", "spans": [[4, 2]]}),
             json.dumps({"id": "not-pairs", "text": "Havana", "spans": [[0, 1, 2]]}),
             json.dumps({"id": "floats", "text": "Havana", "spans": [[0.0, 6.0]]}),
             json.dumps({"id": "spans-dict", "text": "Havana", "spans": {"a": 1}}),
             json.dumps({"text": long_text, "spans": []}),
             json.dumps({"id": "no-text"}),
             json.dumps({"id": "bad-url", "text": GOOD, "url": 5}),
             "",
             json.dumps({"id": "ok2", "text": GOOD, "spans": [[13, 19]]})]
    records, stats = _run(parser, lines)
    assert len(records) == len(lines) - 1        # the blank line is not a document
    ids = [r["id"] for r in records]
    assert ids == ["ok1", 2, 3, "span-out", "neg", "reversed", "not-pairs", "floats", "spans-dict", 10,
                   "no-text", "bad-url", "ok2"]
    assert "places" in records[0] and "places" in records[-1]
    assert [p["name"] for p in records[-1]["places"]] == ["Havana"]
    for r, line_no in zip(records[1:-1], [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]):
        assert set(r) == {"id", "error"} and r["error"].startswith(f"line {line_no}: ")
    assert "over the limit of 1,000,000" in records[9]["error"]
    assert "outside the text" in records[3]["error"]
    assert stats["documents"] == 2 and len(stats["failed"]) == 11


def test_url_and_outlet_pass_through(parser):
    lines = [json.dumps({"id": 1, "text": GOOD, "url": "https://example.com/a", "outlet": "Reuters"}),
             json.dumps({"id": 2, "text": GOOD})]
    records, _ = _run(parser, lines)
    assert list(records[0]) == ["id", "url", "outlet", "places"]
    assert records[0]["url"] == "https://example.com/a" and records[0]["outlet"] == "Reuters"
    assert list(records[1]) == ["id", "places"]


def test_a_document_the_ner_fails_on_cannot_take_its_batch_down(parser, monkeypatch):
    real = geo.language.nlp.parse_many

    def fragile(texts, *args, **kwargs):
        texts = list(texts)
        if any("POISON" in t for t in texts):
            raise RuntimeError("model blew up\non two lines")
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(geo.language.nlp, "parse_many", fragile)
    lines = [json.dumps({"id": i, "text": GOOD if i != 3 else "POISON " + GOOD}) for i in range(6)]
    records, stats = _run(parser, lines)
    assert [r["id"] for r in records] == list(range(6))
    assert records[3] == {"id": 3, "error": "named-entity recognition failed: RuntimeError: model blew up on two lines"}
    for r in records[:3] + records[4:]:
        assert [p["name"] for p in r["places"]] == ["Havana", "Beijing"]
    assert stats["failed"] == [(3, records[3]["error"])]


def test_a_document_the_resolver_fails_on_is_marked(parser, monkeypatch):
    real = Geoparser.resolutions

    def fragile(self, text, spans=None, doc_id="doc", sdoc=None, **kw):
        if doc_id == "bad":
            raise KeyError("boom")
        return real(self, text, spans, doc_id, sdoc, **kw)

    monkeypatch.setattr(Geoparser, "resolutions", fragile)
    records, _ = _run(parser, [json.dumps({"id": "bad", "text": GOOD}), json.dumps({"id": "good", "text": GOOD})])
    assert records[0] == {"id": "bad", "error": "geoparsing failed: KeyError: 'boom'"}
    assert "places" in records[1]


def test_cli_exit_3_and_one_skipped_line_each():
    lines = "\n".join([json.dumps({"id": "a", "text": GOOD, "spans": [[13, 19]]}), "oops", "[]"]) + "\n"
    result = CliRunner().invoke(main, ["geoparse", "-q", "-j", "1", "-"], input=lines)
    assert result.exit_code == 3
    skipped = [x for x in result.stderr.splitlines() if x.startswith("skipped:")]
    assert skipped == ["skipped: id 2: line 2: not JSON (Expecting value)",
                       'skipped: id 3: line 3: expected an object with a "text" string, got an array']
    assert len(result.stdout.splitlines()) == 3 and "Traceback" not in result.output


_SPAN = st.one_of(st.lists(st.integers(-5, 60), min_size=2, max_size=2),
                  st.lists(st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=3), st.none()),
                           max_size=3),
                  st.integers(), st.text(max_size=4))
_DOC = st.fixed_dictionaries({"text": st.one_of(st.text(max_size=60), st.sampled_from([GOOD, "Havana, Cuba"]))},
                             optional={"id": st.one_of(st.integers(), st.text(max_size=5), st.none(), st.booleans()),
                                       "spans": st.one_of(st.none(), st.lists(_SPAN, max_size=4), st.integers()),
                                       "url": st.one_of(st.text(max_size=10), st.integers()),
                                       "outlet": st.text(max_size=10)})
_LINE = st.one_of(_DOC.map(lambda d: json.dumps(d, ensure_ascii=False)),
                  st.text(alphabet=st.characters(blacklist_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"),
                          min_size=1, max_size=40))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_LINE, min_size=1, max_size=8))
def test_property_one_output_line_per_input_line_never_a_crash(parser, lines):
    lines = [x for x in lines if x.strip()]
    records, stats = _run(parser, lines, )
    assert len(records) == len(lines)
    for n, (line, record) in enumerate(zip(lines, records), 1):
        assert ("places" in record) != ("error" in record)
        if "error" in record:
            assert record["error"].startswith(f"line {n}: ")
            continue
        doc = json.loads(line)
        assert record["id"] == doc.get("id", n)
        text = doc["text"]
        for p in record["places"]:
            assert text[p["start"]:p["end"]] == p["text"]
        if doc.get("spans") is not None:
            assert [[p["start"], p["end"]] for p in record["places"]] == doc["spans"]
    assert stats["documents"] + len(stats["failed"]) == len(lines)


def test_worker_processes_keep_error_lines_in_place():
    lines = [json.dumps({"id": i, "text": GOOD}) if i % 3 else "bad line" for i in range(7)]
    records, _ = _run(Geoparser(), lines, n_process=2)
    assert [r.get("id") for r in records] == [1, 1, 2, 4, 4, 5, 7]
    assert [("error" in r) for r in records] == [True, False, False, True, False, False, True]


def test_output_lines_stay_one_line_whatever_the_text_holds(parser):
    text = "Havana\u2028met\x85Beijing\u2029"
    records, _ = _run(parser, [json.dumps({"id": "sep", "text": text, "spans": [[0, 6]], "outlet": "a\u2028b"})])
    assert records[0]["outlet"] == "a\u2028b" and records[0]["places"][0]["text"] == "Havana"
