"""The geoparse API and ``briefmap geoparse`` JSON Lines, on small texts of our own."""
from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from geo.build.geoparse import Geoparser, geoparse, geoparse_jsonl, place_record
from geo.cli import main

TEXT = "Flooding closed roads in Havana, Cuba, and officials in Beijing sent aid."
FIELDS = {"start", "end", "text", "lat", "lon", "name", "country", "geonameid", "confidence"}


@pytest.fixture(scope="module")
def parser(gazetteer):
    return Geoparser(gazetteer)


def test_end_to_end_finds_and_resolves(parser):
    places = parser.parse(TEXT)
    assert [p["text"] for p in places] == ["Havana", "Cuba", "Beijing"]
    assert [p["country"] for p in places] == ["CU", "CU", "CN"]
    for p in places:
        assert FIELDS <= p.keys()
        assert TEXT[p["start"]:p["end"]] == p["text"]
        assert p["geonameid"] and 0 < p["confidence"] <= 1


def test_spans_are_resolved_exactly_and_in_order(parser):
    spans = [[56, 63], [25, 31]]           # Beijing, then Havana
    places = parser.parse(TEXT, spans)
    assert [(p["start"], p["end"], p["text"]) for p in places] == [(56, 63, "Beijing"), (25, 31, "Havana")]
    assert abs(places[1]["lat"] - 23.1) < 0.2 and abs(places[1]["lon"] + 82.4) < 0.2


def test_unresolvable_span_is_null(gazetteer):
    text = "We met at Qwzxptlk yesterday."
    strict = Geoparser(gazetteer, focus_fallback=False)
    (p,) = strict.parse(text, [[10, 18]])
    assert p["text"] == "Qwzxptlk" and p["lat"] is None and p["lon"] is None and p["geonameid"] is None
    assert p["confidence"] == 0 and "gazetteer" in p["reason"]


def test_focus_fallback_is_low_confidence_and_says_so(gazetteer):
    text = "Storms hit Qwzxptlk near Dallas, Houston and Austin in Texas."
    places = Geoparser(gazetteer, focus_fallback=True).parse(text, [[11, 19], [25, 31], [33, 40], [45, 51],
                                                                      [55, 60]])
    assert places[0]["name"] == "Texas" and places[0]["confidence"] <= 0.1
    assert "article focus" in places[0]["reason"]


def test_module_function_matches_the_parser(gazetteer):
    assert [p["name"] for p in geoparse(TEXT, gazetteer=gazetteer)][:1] == ["Havana"]


def test_bad_span_is_an_error(parser):
    with pytest.raises(ValueError):
        parser.parse("short", [[0, 99]])


def test_jsonl_round_trip(parser):
    docs = [{"id": "a", "text": TEXT}, {"id": "b", "text": TEXT, "spans": [[25, 31]]},
            {"id": "c", "text": "Nothing here.", "spans": []}]
    out = io.StringIO()
    stats = geoparse_jsonl(io.StringIO("\n".join(json.dumps(d) for d in docs) + "\n"), out, parser)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [x["id"] for x in lines] == ["a", "b", "c"]
    assert len(lines[0]["places"]) == 3 and [p["text"] for p in lines[1]["places"]] == ["Havana"]
    assert lines[2]["places"] == [] and stats["documents"] == 3


def test_cli_geoparse_stdin_to_stdout():
    doc = {"id": 7, "text": "Officials in Havana met envoys from Beijing.", "spans": [[13, 19]]}
    result = CliRunner().invoke(main, ["geoparse", "-q", "-"], input=json.dumps(doc) + "\n")
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout.strip().splitlines()[0])
    assert line["id"] == 7 and line["places"][0]["name"] == "Havana"


def test_cli_geoparse_marks_a_bad_line_and_exits_3():
    result = CliRunner().invoke(main, ["geoparse", "-q", "-j", "1", "-"], input='{"id": 1}\n')
    assert result.exit_code == 3
    assert [json.loads(x) for x in result.stdout.splitlines()] == [{"id": 1, "error": 'line 1: expected a "text" string'}]
    assert 'skipped: id 1: line 1: expected a "text" string' in result.stderr and "Traceback" not in result.output


def test_cli_help_has_an_example():
    for cmd in ("geoparse", "eval"):
        result = CliRunner().invoke(main, [cmd, "--help"])
        assert result.exit_code == 0 and "Example" in result.output


def test_worker_processes_give_the_serial_results():
    parser = Geoparser()            # the default gazetteer: workers open their own
    docs = [{"id": i, "text": f"Officials in {city} met envoys from Beijing."}
            for i, city in enumerate(["Havana", "Moscow", "Caracas", "Hanoi"] * 5)]
    docs.append({"id": "spans", "text": TEXT, "spans": [[25, 31]]})
    serial = [(d["id"], [place_record(r) for r in res]) for d, res in parser.parse_many(docs, batch_size=3)]
    parallel = [(d["id"], [place_record(r) for r in res])
                for d, res in parser.parse_many(docs, n_process=2, batch_size=3)]
    assert parallel == serial
    assert [p["text"] for p in serial[0][1]] == ["Havana", "Beijing"]


def test_gated_ner_finds_what_the_full_ner_finds_here(gazetteer):
    full = Geoparser(gazetteer, ner_gate=False).parse(TEXT)
    assert Geoparser(gazetteer).parse(TEXT) == full


def test_names_given_mode_reads_the_whole_text(parser):
    text = "Santa Maria, a town in the province of Bulacan, Philippines, was flooded again on Monday."
    places = parser.parse(text, spans=[[0, 11]])
    assert [p["text"] for p in places] == ["Santa Maria"]          # context is not output
    assert places[0]["country"] == "PH"


def test_url_of_a_national_domain_is_evidence(gazetteer):
    p = Geoparser(gazetteer)
    text = "The council in Richmond approved the new library budget."
    i = text.index("Richmond")
    uk = p.resolutions(text, [[i, i + 8]], url="https://www.example.co.uk/news/1")
    ca = p.resolutions(text, [[i, i + 8]], url="https://www.example.ca/news/1")
    assert uk[0].place.country == "GB" and ca[0].place.country == "CA"


def test_a_place_inside_an_organisations_name_is_output_associative(gazetteer):
    text = "Officers of the Savannah Police Department arrested two men on Tuesday."
    got = Geoparser(gazetteer=gazetteer).parse(text)
    savannah = [p for p in got if p["text"] == "Savannah"]
    assert len(savannah) == 1 and savannah[0]["role"] == "associative"
    # as in the build: only the resolver's context, never output
    assert all(p["text"] != "Savannah" for p in Geoparser(gazetteer=gazetteer, organisations=False).parse(text))
