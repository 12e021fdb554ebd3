"""Merging findings across articles (geo/findings/merge.py): retellings read onto other
layers, retellings that name the place only as an actor, and what keeps two reports apart.

Texts written for these tests, about invented places (tests/findings/test_findings.py's)."""
from dataclasses import replace

from geo.findings.merge import evidence_words, merge_findings, proper_names
from geo.model import Place
from tests.findings.test_findings import PLACES, REGISTRY, analyse

REPORT = "Sylvania engineers began lengthening the runway at the Port Ala airfield to handle heavy bombers."
RETOLD = "Engineers from Sylvania have started lengthening the Port Ala airfield runway for heavy bombers."


def findings_of(text: str, names, doc_id: str, outlet: str = "Daily"):
    return analyse(text, names, doc_id, outlet)[1][0]


def test_a_retelling_read_onto_another_layer_merges_and_takes_the_more_specific_layer():
    a = findings_of(REPORT, ["Sylvania", "Port Ala"], "a.txt#0")
    b = [replace(f, layer="diplomacy") for f in findings_of(RETOLD, ["Sylvania", "Port Ala"], "b.txt#0")]
    assert a[0].layer != "diplomacy"
    merged = merge_findings(a + b, REGISTRY.ids())
    assert len(merged) == 1 and {s.doc_id for s in merged[0].sources} == {"a.txt#0", "b.txt#0"}
    # the layer earliest in the layer file, whichever article came first
    again = merge_findings(b + a, REGISTRY.ids())
    assert merged[0].layer == again[0].layer == a[0].layer


def test_findings_on_two_layers_need_more_shared_words_than_on_one():
    # four words in common ("lengthening", "runway", "airfield", Sylvania): enough on one layer only
    a = "Sylvania crews are lengthening the runway at the Port Ala airfield."
    b = "Workers from Sylvania finished lengthening a runway near the Port Ala airfield last spring."
    fa, fb = findings_of(a, ["Sylvania", "Port Ala"], "a.txt#0"), findings_of(b, ["Sylvania", "Port Ala"], "b.txt#0")
    assert len(evidence_words(fa[0]) & evidence_words(fb[0])) == 4
    same_layer = [replace(f, layer="military") for f in fa + fb]
    assert len(merge_findings(same_layer, REGISTRY.ids())) == 1
    two_layers = [replace(fa[0], layer="military"), replace(fb[0], layer="diplomacy")]
    assert len(merge_findings(two_layers, REGISTRY.ids())) == 2


def test_an_unplaced_retelling_naming_the_place_as_its_actor_joins_the_placed_finding():
    placed = findings_of("Sylvania warships will be allowed to refuel at Port Ala under a deal signed by both navies.",
                         ["Sylvania", "Port Ala"], "a.txt#0")
    unplaced = findings_of("Port Ala will allow Sylvania warships to refuel there, under a deal signed by both navies.",
                           ["Port Ala", "Sylvania"], "b.txt#0")
    assert placed[0].locus.name == "Port Ala" and unplaced[0].locus is None
    for found in (placed + unplaced, unplaced + placed):
        merged = merge_findings(found, REGISTRY.ids())
        assert len(merged) == 1 and merged[0].locus.name == "Port Ala"
        assert {s.doc_id for s in merged[0].sources} == {"a.txt#0", "b.txt#0"}


def test_an_unplaced_finding_joins_one_place_at_most():
    two = {**PLACES, "Cape Bel": Place("geonames:2", "Cape Bel", 20.5, 20.5, "city", "SY")}
    text = "Sylvania warships will be allowed to refuel at {} under a deal signed by both navies."
    at_ala = analyse(text.format("Port Ala"), ["Sylvania", "Port Ala"], "a.txt#0", places=two)[1][0]
    at_bel = analyse(text.format("Cape Bel"), ["Sylvania", "Cape Bel"], "b.txt#0", places=two)[1][0]
    both = analyse("Port Ala and Cape Bel will allow Sylvania warships to refuel, under a deal signed by both navies.",
                   ["Port Ala", "Cape Bel", "Sylvania"], "c.txt#0", places=two)[1][0]
    assert both[0].locus is None
    merged = merge_findings(at_ala + at_bel + both, REGISTRY.ids())
    # the two places' findings stay two; the unplaced one is in one of them
    assert len(merged) == 2 and sorted(len(f.sources) for f in merged) == [1, 2]
    assert {f.locus.name for f in merged} == {"Port Ala", "Cape Bel"}


def test_findings_whose_words_name_other_countries_are_two_reports():
    places = {**PLACES, "Ruritania": Place("country:RT", "Ruritania", 30.0, 30.0, "country", "RT")}
    report = "Freedonia and Sylvania signed a cooperation agreement in Port Ala covering oil refineries and grain silos."
    retold = "{} and Freedonia agreed in Port Ala to cooperate on oil refineries and grain silos."
    a = analyse(report, ["Freedonia", "Sylvania", "Port Ala"], "a.txt#0", places=places)[1][0]
    same = analyse(retold.format("Sylvania"), ["Sylvania", "Freedonia", "Port Ala"], "b.txt#0", places=places)[1][0]
    other = analyse(retold.format("Ruritania"), ["Ruritania", "Freedonia", "Port Ala"], "c.txt#0", places=places)[1][0]
    assert len(merge_findings(a + same, REGISTRY.ids())) == 1
    assert len(merge_findings(a + other, REGISTRY.ids())) == 2


def test_words_of_when_and_how_many_are_no_evidence():
    found = findings_of("On Monday Sylvania opened three hangars in Port Ala for twenty years.",
                        ["Sylvania", "Port Ala"], "a.txt#0")
    words = evidence_words(found[0])
    assert "hanga" in words or "hangar" in words
    assert not words & {"monday", "three", "twent", "twenty", "years"}


def test_two_meetings_that_name_different_things_stay_apart_on_thin_evidence():
    # the same parties, place and day; what they met about is named, and differs
    # (four words in common: "senior", "diplomats", "discuss" and Sylvania)
    a = "Senior Sylvania diplomats met Freedonia officials in Port Ala on Tuesday to discuss the Korvin copper mine."
    b = "Senior Sylvania diplomats met Freedonia officials in Port Ala on Tuesday to discuss reopening the Dallek border post."
    names = ["Sylvania", "Freedonia", "Port Ala"]
    fa, fb = findings_of(a, names, "a.txt#0"), findings_of(b, names, "b.txt#0", "Weekly")
    assert proper_names(fa[0]) == {"korvin"} and proper_names(fb[0]) == {"dallek"}
    assert len(merge_findings(fa + fb, REGISTRY.ids())) == 2
    # a retelling that keeps the name, or leaves it out, still merges
    c = "Diplomats from Sylvania met Freedonia officials in Port Ala to discuss the Korvin copper mine."
    fc = findings_of(c, names, "c.txt#0", "Weekly")
    assert len(merge_findings(fa + fc, REGISTRY.ids())) == 1


def test_two_unplaced_retellings_meet_at_a_place_both_name():
    a = "Sylvania and Freedonia agreed to set up a joint bank to settle trade in their own currencies."
    b = "Freedonia and Sylvania will create a shared bank so that trade between them is settled in local currencies."
    c = "Sylvania and Freedonia agreed to open a direct air route between their capitals."
    fa = findings_of(a, ["Sylvania", "Freedonia"], "a.txt#0")
    fb = findings_of(b, ["Freedonia", "Sylvania"], "b.txt#0")
    fc = findings_of(c, ["Sylvania", "Freedonia"], "c.txt#0")
    assert fa[0].locus is None and fb[0].locus is None and fc[0].locus is None
    merged = merge_findings(fa + fb + fc, REGISTRY.ids())
    assert sorted(len(f.sources) for f in merged) == [1, 2]
    assert {s.doc_id for f in merged if len(f.sources) == 2 for s in f.sources} == {"a.txt#0", "b.txt#0"}
