"""Findings on texts written for these tests: locus, actors, reference, merging, denials, non-claims."""
from datetime import date

import pytest

from geo.findings.assemble import document_findings
from geo.findings.claims import extract_claims
from geo.findings.furniture import furniture_reason
from geo.findings.layers import LayerRegistry
from geo.findings.merge import merge_findings
from geo.language.reference import references
from geo.language.roles import assign_roles
from geo.model import Document, GeoPrecision, Mention, Place, Resolution, Stance

PLACES = {
    "Freedonia": Place("country:FD", "Freedonia", 10.0, 10.0, "country", "FD"),
    "Sylvania": Place("country:SY", "Sylvania", 20.0, 20.0, "country", "SY"),
    "Port Ala": Place("geonames:1", "Port Ala", 10.5, 10.5, "city", "FD"),
    "Ala Station": Place("site:ala", "Ala Station", 10.4, 10.4, "site", "FD", category="sigint-station"),
}
REGISTRY = LayerRegistry.default()


def document(text: str, doc_id: str = "a.txt#0", outlet: str = "Daily", published=date(2024, 5, 1)) -> Document:
    return Document(doc_id, doc_id.split("#")[0], 0, text, outlet=outlet, published=published)


def sentences(text: str):
    spans, start = [], 0
    for part in text.split(". "):
        end = start + len(part) + (1 if start + len(part) < len(text) else 0)
        spans.append((start, min(end, len(text))))
        start = end + 1
    return spans


def analyse(text: str, names, doc_id="a.txt#0", outlet="Daily", places=None, confidences=None):
    """(document, (findings, skipped)) with ``names`` resolved from ``places`` (PLACES by default),
    each at its ``confidences`` entry (0.9 by default)."""
    places = PLACES if places is None else places
    doc = document(text, doc_id, outlet)
    mentions, at = [], 0
    for name in names:
        at = text.index(name, at)
        mentions.append(Mention(doc.id, at, at + len(name), name))
        at += len(name)
    mentions = assign_roles(text, mentions)
    res = [Resolution(m, places[m.text], (confidences or {}).get(m.text, 0.9), "test") for m in mentions]
    spans = sentences(text)
    claims = extract_claims(doc, res, spans)
    return doc, document_findings(doc, claims, spans, REGISTRY)


def test_one_sentence_is_one_finding_at_its_literal_place():
    _, (found, _) = analyse("Freedonia and Sylvania agreed to build a radar in Port Ala.", ["Freedonia", "Sylvania", "Port Ala"])
    assert len(found) == 1
    f = found[0]
    assert f.locus.name == "Port Ala" and f.geo_precision is GeoPrecision.CITY
    assert {a.name for a in f.actors if a.kind == "place"} == {"Freedonia", "Sylvania"}
    assert f.type == "agreement" and len(f.places) == 3


def test_a_site_is_the_most_specific_locus():
    _, (found, _) = analyse("Engineers expanded Ala Station outside Port Ala.", ["Ala Station", "Port Ala"])
    assert found[0].locus.name == "Ala Station" and found[0].type == "facility"
    assert found[0].layer == "intelligence"      # by the site's category


def test_a_relation_between_actors_has_no_place():
    _, (found, _) = analyse("Freedonia said Sylvania had broken the accord.", ["Freedonia", "Sylvania"])
    assert found[0].locus is None and found[0].geo_precision is GeoPrecision.NONE


def test_a_denial_of_the_report_is_a_source_on_what_it_denies():
    text = ("A report said Sylvania is building a base in Port Ala. Freedonia denied the report on Tuesday.")
    _, (found, _) = analyse(text, ["Sylvania", "Port Ala", "Freedonia"])
    assert len(found) == 1
    f = found[0]
    assert [s.stance for s in f.sources] == [Stance.ASSERTS, Stance.DENIES]
    # a report its subject denies is disputed, not settled: both sides are named
    assert f.status == "disputed" and "denied the report" in f.status_evidence
    assert f.status_evidence.startswith("reported by ")


def test_a_finding_only_denied_is_denied():
    _, (found, _) = analyse("Freedonia denied building a base in Port Ala.", ["Freedonia", "Port Ala"])
    assert found[0].status == "denied"


def test_copies_in_two_articles_are_one_finding_with_both_sources():
    text = "Sylvania opened a naval base in Port Ala last week, officials said."
    _, (a, _) = analyse(text, ["Sylvania", "Port Ala"], "a.txt#0", "Daily")
    _, (b, _) = analyse("Reprint: " + text, ["Sylvania", "Port Ala"], "b.txt#0", "Weekly")
    merged = merge_findings(a + b, REGISTRY.ids())
    assert len(merged) == 1 and [s.doc_id for s in merged[0].sources] == ["a.txt#0", "b.txt#0"]


def test_different_claims_at_one_place_stay_apart():
    _, (a, _) = analyse("Sylvania opened a naval base in Port Ala last week.", ["Sylvania", "Port Ala"], "a.txt#0")
    _, (b, _) = analyse("Floods closed the airport in Port Ala on Monday.", ["Port Ala"], "b.txt#0")
    assert len(merge_findings(a + b, REGISTRY.ids())) == 2


def test_the_island_refers_to_the_island_country_named_before():
    text = "Freedonia is an island. Sylvania wants a port on the island."
    mentions = [Mention("d", 0, 9, "Freedonia"), Mention("d", 24, 32, "Sylvania")]
    res = [Resolution(m, PLACES[m.text], 0.9, "test") for m in mentions]
    found = references(text, res, lambda iso2: iso2 == "FD")
    assert [(r.mention.text, r.place.name) for r in found] == [("the island", "Freedonia")]


@pytest.mark.parametrize("line, whole, last, reason", [
    ("By Anna Smith, Reuters", False, False, "byline"),
    ("READ MORE: Five things about the vote", False, False, "link to another story"),
    ("Photo: AP", False, False, "photo credit"),
    ("OSTERBURG, May 2 (Reuters) -", False, False, "dateline"),
    ("Freedonia Opens Port To Foreign Navies", True, False, "heading"),
    ("Jane Roe is a senior fellow at the Institute for Policy.", False, True, "author biography"),
    ("Freedonia opened its port to foreign navies on Monday.", True, True, ""),
])
def test_page_furniture_is_not_a_claim(line, whole, last, reason):
    assert furniture_reason(line, whole_line=whole, last=last) == reason


def test_a_heading_is_skipped_with_its_reason():
    text = "Sylvania Builds Port\nSylvania is building a port in Port Ala."
    doc = document(text)
    m1 = Mention(doc.id, 0, 8, "Sylvania")
    m2 = Mention(doc.id, 21, 29, "Sylvania")
    m3 = Mention(doc.id, text.index("Port Ala"), text.index("Port Ala") + 8, "Port Ala")
    res = [Resolution(m, PLACES[m.text], 0.9, "t") for m in assign_roles(text, [m1, m2, m3])]
    spans = [(0, 20), (21, len(text))]
    found, skipped = document_findings(doc, extract_claims(doc, res, spans), spans, REGISTRY)
    assert len(found) == 1 and found[0].locus.name == "Port Ala"
    assert skipped and skipped[0][1] == "heading"


def test_status_tells_refusal_from_denial_and_may_from_modal():
    from geo.findings.claims import attribution_of, status_of

    assert status_of("The delegation had been denied entry at the border.")[0] == "reported"
    assert status_of("The port opened in May 2021.")[0] == "reported"
    assert status_of("The port may open next year.")[0] == "alleged"
    assert status_of("Officials could not confirm the sighting.") != ("confirmed", "confirm")
    assert attribution_of("The port is open, said Transport Minister Ana Lee.") == "Transport Minister Ana Lee"


def test_between_equals_the_locative_place_is_the_locus():
    from geo.findings.assemble import _locus_rank

    doc, _ = analyse("Sylvania troops were seen in Freedonia.", ["Sylvania", "Freedonia"])
    claims = extract_claims(doc, [Resolution(Mention(doc.id, 0, 8, "Sylvania"), PLACES["Sylvania"], 0.9, "t"),
                                  Resolution(Mention(doc.id, 29, 38, "Freedonia"), PLACES["Freedonia"], 0.9, "t")],
                            sentences(doc.text))
    assert min(claims, key=lambda c: _locus_rank(doc.text, c)).place.name == "Freedonia"


def test_a_merged_copy_is_represented_by_the_source_whose_outlet_is_known():
    text = "Sylvania opened a listening station in Port Ala, officials told the Daily Star on Monday."
    _, (blog, _) = analyse(text, ["Sylvania", "Port Ala"], "blog.txt#0", outlet="")
    _, (paper, _) = analyse(text, ["Sylvania", "Port Ala"], "paper.txt#0", outlet="Daily Star")
    docs = {"blog.txt#0": document(text, "blog.txt#0", outlet=""),
            "paper.txt#0": document(text, "paper.txt#0", outlet="Daily Star")}
    merged = merge_findings(blog + paper, REGISTRY.ids(), documents=docs)
    assert len(merged) == 1 and [s.doc_id for s in merged[0].sources] == ["paper.txt#0", "blog.txt#0"]


def test_a_verb_that_takes_in_is_no_locative_for_the_locus():
    text = "Officials fear the talks will result in Sylvania stationing troops in Freedonia."
    _, (found, _) = analyse(text, ["Sylvania", "Freedonia"])
    assert [f.locus.name for f in found] == ["Freedonia"]


def test_a_place_leading_an_organisation_name_is_no_actor():
    from geo.build.analysis import AnalysisSpec, analyse_document

    text = "Ministers at the Africa Pacific Trade Cooperation forum in Lima argued over tariffs with Chile."
    doc = document(text)
    analysis = analyse_document(doc, AnalysisSpec())
    found, _ = document_findings(doc, analysis.claims, analysis.sentences, REGISTRY)
    named = {c.place.name for f in found for c in f.places}
    actors = {a.name for f in found for a in f.actors}
    assert "Lima" in named and "Africa" not in actors
    assert all(f.locus is None or f.locus.name != "Africa" for f in found)


def test_a_retelling_merges_though_other_findings_at_the_place_share_its_topic_words():
    report = "A newspaper reported that Sylvania was negotiating to establish a joint military training camp in Port Ala."
    retold = "Officials confirmed that Sylvania is negotiating to establish a joint military training camp in Port Ala soon."
    others = ["Military training resumed in Port Ala after the storm.",
              "The joint military training schedule for Port Ala was published."]
    found = []
    for k, text in enumerate([report, retold] + others):
        names = ["Sylvania", "Port Ala"] if "Sylvania" in text else ["Port Ala"]
        found += analyse(text, names, f"{k}.txt#0")[1][0]
    merged = merge_findings(found, REGISTRY.ids())
    together = [f for f in merged if len(f.sources) > 1]
    assert len(together) == 1 and {s.doc_id for s in together[0].sources} == {"0.txt#0", "1.txt#0"}


def test_one_outlets_report_in_two_articles_merges_though_they_share_few_words():
    # the outlet named two ways, the same place, two words in common ("radar", Sylvania)
    a = "According to the WSJ, citing officials, Sylvania has quietly installed radar dishes in Port Ala."
    b = "A report published by the Wall Street Journal said Sylvania built a radar array in Port Ala to watch the coast."
    found = analyse(a, ["Sylvania", "Port Ala"], "a.txt#0")[1][0] + analyse(b, ["Sylvania", "Port Ala"], "b.txt#0")[1][0]
    assert found[0].layer == found[1].layer
    merged = merge_findings(found, REGISTRY.ids())
    assert len(merged) == 1 and {s.doc_id for s in merged[0].sources} == {"a.txt#0", "b.txt#0"}
    # without a common outlet the same few words are not enough
    c = "Sylvania built a radar array in Port Ala to watch the coast, a blogger wrote."
    other = analyse(c, ["Sylvania", "Port Ala"], "c.txt#0")[1][0]
    assert len(merge_findings(analyse(a, ["Sylvania", "Port Ala"], "a.txt#0")[1][0] + other, REGISTRY.ids())) == 2


def test_an_article_citing_the_outlet_twice_is_not_folded_into_one_finding():
    text = ("According to the WSJ, Sylvania has installed radar dishes in Port Ala. "
            "According to the WSJ, Sylvania radar crews in Port Ala rotate every month")
    first = analyse(text, ["Sylvania", "Port Ala", "Sylvania", "Port Ala"], "a.txt#0")[1][0]
    other = analyse("The Wall Street Journal reported that Sylvania radar dishes went up in Port Ala.",
                    ["Sylvania", "Port Ala"], "b.txt#0")[1][0]
    merged = merge_findings(first + other, REGISTRY.ids())
    assert len(merged) == 2 and sorted(len(f.sources) for f in merged) == [1, 2]


def test_place_and_outlet_names_are_no_evidence_that_two_findings_are_one():
    # same outlet, same place, nothing else in common: kept apart
    a = "According to Reuters, Sylvania opened a naval base in Port Ala."
    b = "According to Reuters, floods closed every school in Port Ala."
    found = analyse(a, ["Sylvania", "Port Ala"], "a.txt#0")[1][0] + analyse(b, ["Port Ala"], "b.txt#0")[1][0]
    assert len(merge_findings(found, REGISTRY.ids())) == 2


def test_a_political_grouping_is_never_the_locus():
    PLACES["the West"] = Place("region:the-west", "the West (Western countries)", 45.0, -30.0, "region", "")
    try:
        # Sylvania acts (associative) and the West is a grouping: nothing literal to place it at
        _, (found, _) = analyse("Sylvania warned the West against new sanctions.", ["Sylvania", "the West"])
    finally:
        del PLACES["the West"]
    assert len(found) == 1 and found[0].locus is None
    assert "the West (Western countries)" in {a.name for a in found[0].actors}


def test_parses_made_beforehand_type_the_findings_as_parsing_here_does(monkeypatch):
    import geo.findings.assemble as assemble
    from geo.findings.assemble import finding_parses

    text = ("Freedonia and Sylvania agreed to build a radar in Port Ala. Officials in Sylvania denied the report. "
            "Two warships from Sylvania docked at Ala Station on Monday")
    names = ["Freedonia", "Sylvania", "Port Ala", "Sylvania", "Sylvania", "Ala Station"]
    doc, (found, skipped) = analyse(text, names)
    mentions, at = [], 0
    for name in names:
        at = text.index(name, at)
        mentions.append(Mention(doc.id, at, at + len(name), name))
        at += len(name)
    res = [Resolution(m, PLACES[m.text], 0.9, "test") for m in assign_roles(text, mentions)]
    spans = sentences(text)
    claims = extract_claims(doc, res, spans)
    parsed = finding_parses(doc, claims, spans)
    assert parsed and all(isinstance(v, frozenset) for v in parsed.values())
    calls = []
    real = assemble.parse_sentences
    monkeypatch.setattr(assemble, "parse_sentences", lambda *a: calls.append(a) or real(*a))
    assert document_findings(doc, claims, spans, REGISTRY, parsed) == (found, skipped) and calls == []
    # parses of other sentences do not stand in for the ones it needs: it parses them itself
    assert document_findings(doc, claims, spans, REGISTRY, {"Another sentence.": None}) == (found, skipped)
    assert len(calls) == 1


# A town the resolver picked among namesakes without confidence, and the divisions around it.
TOWNS = {
    "Lakeview": Place("geonames:11", "Lakeview", 44.0, -70.0, "city", "FD"),          # a far namesake
    "Marrow County": Place("geonames:12", "Marrow County", 30.0, -95.0, "adm2", "FD"),
    "Ostria": Place("geonames:13", "Ostria", 31.0, -96.0, "adm1", "FD"),
    "Bellmont": Place("geonames:14", "Bellmont", 30.1, -95.1, "city", "FD"),
}


def analyse_with(text: str, confidences: dict[str, float]):
    return analyse(text, list(confidences), places=TOWNS, confidences=confidences)[1][0]


def test_a_doubtful_town_yields_to_the_confident_county_its_sentence_names():
    found = analyse_with("A truck overturned near Lakeview in Marrow County on Sunday.",
                         {"Lakeview": 0.3, "Marrow County": 0.95})
    assert len(found) == 1 and found[0].locus.name == "Marrow County"
    assert found[0].geo_precision is GeoPrecision.ADMIN2
    assert "Lakeview" in {c.place.name for c in found[0].places}     # still among its places


def test_a_confident_town_keeps_the_locus_over_its_county():
    found = analyse_with("A truck overturned near Lakeview in Marrow County on Sunday.",
                         {"Lakeview": 0.9, "Marrow County": 0.95})
    assert found[0].locus.name == "Lakeview" and found[0].geo_precision is GeoPrecision.CITY


def test_a_doubtful_town_alone_or_beside_another_town_keeps_the_locus():
    alone = analyse_with("A truck overturned near Lakeview on Sunday.", {"Lakeview": 0.3})
    assert alone[0].locus.name == "Lakeview"
    # a confident town elsewhere in the sentence may not be where the event is: no yielding to it
    pair = analyse_with("A pastor from Bellmont preached in Lakeview on Sunday.", {"Bellmont": 0.95, "Lakeview": 0.3})
    assert pair[0].locus.name in ("Bellmont", "Lakeview") and pair[0].geo_precision is GeoPrecision.CITY


def test_a_doubtful_town_does_not_yield_to_a_doubtful_division():
    found = analyse_with("Flooding closed roads in Lakeview and across Ostria on Sunday.",
                         {"Lakeview": 0.3, "Ostria": 0.4})
    assert found[0].locus.name == "Lakeview"
    found = analyse_with("Flooding closed roads in Lakeview and across Ostria on Sunday.",
                         {"Lakeview": 0.3, "Ostria": 0.9})
    assert found[0].locus.name == "Ostria" and found[0].geo_precision is GeoPrecision.ADMIN1


def test_a_dateline_yields_the_locus_to_the_place_its_sentence_is_about():
    from geo.findings.claims import sentence_spans
    from geo.language.nlp import parse

    places = {"PORT ALA": PLACES["Port Ala"], "Port Ala": PLACES["Port Ala"],
              "Obock": Place("geonames:9", "Obock", 11.9, 11.3, "city", "FD")}
    text = ("Ship calls\n\nPORT ALA, May 2 (Reuters) - A Sylvanian survey ship docked in Obock on Tuesday "
            "after Port Ala allowed the visit.\n\nIt left on Friday.")
    doc = document(text)
    mentions = []
    for name, at in (("PORT ALA", text.index("PORT ALA")), ("Obock", text.index("Obock")),
                     ("Port Ala", text.index("Port Ala allowed"))):
        mentions.append(Mention(doc.id, at, at + len(name), name))
    mentions = assign_roles(text, mentions)
    spans = sentence_spans(parse(text))
    res = [Resolution(m, places[m.text], 0.9, "test") for m in mentions]
    found, _ = document_findings(doc, extract_claims(doc, res, spans), spans, REGISTRY)
    (f,) = [f for f in found if "survey ship" in f.sources[0].sentence]
    assert f.locus.name == "Obock"
    # the dateline still files the sentence at Port Ala, and the city's government, which acts, is an actor
    assert {p.mention.text for p in f.places} >= {"PORT ALA", "Port Ala", "Obock"}
    assert "Port Ala" in {a.name for a in f.actors}


def test_a_dateline_is_the_locus_when_its_sentence_names_no_place_literally():
    from geo.findings.claims import sentence_spans
    from geo.language.nlp import parse

    text = "Talks\n\nPORT ALA (AP) - Two ministers pledged support at a meeting on Friday."
    doc = document(text)
    at = text.index("PORT ALA")
    mentions = assign_roles(text, [Mention(doc.id, at, at + 8, "PORT ALA")])
    spans = sentence_spans(parse(text))
    res = [Resolution(m, PLACES["Port Ala"], 0.9, "test") for m in mentions]
    found, _ = document_findings(doc, extract_claims(doc, res, spans), spans, REGISTRY)
    assert [f.locus.name for f in found if "ministers" in f.sources[0].sentence] == ["Port Ala"]


def test_a_feature_inside_one_country_is_the_locus_before_that_country():
    places = {**PLACES, "Ala Gap": Place("feature:ala-gap", "Ala Gap", 10.2, 10.2, "region", "FD"),
              "Ala Sea": Place("feature:ala-sea", "Ala Sea", 12.0, 12.0, "water", "")}
    _, (found, _) = analyse("Villages were built near the Ala Gap, a strip of land in Freedonia.",
                            ["Ala Gap", "Freedonia"], places=places)
    assert found[0].locus.name == "Ala Gap"
    # a feature of no one country (several, or disputed) stays a region, after the country
    _, (found, _) = analyse("Villages were built by the Ala Sea, in Freedonia.", ["Ala Sea", "Freedonia"],
                            places=places)
    assert found[0].locus.name == "Freedonia"
