"""Denials that say what they deny (geo/findings/denials.py), on texts written for these tests."""
import pytest

from geo.findings.assemble import document_findings
from geo.findings.claims import extract_claims
from geo.findings.denials import Evidence, Match, denial_of, match
from geo.findings.merge import merge_findings
from geo.language.roles import assign_roles
from geo.model import Mention, Resolution, Stance
from tests.findings.test_findings import PLACES, REGISTRY, document
from tests.findings.test_findings import analyse as _analyse

# "Freedonian" names Freedonia, as a demonym does.
NAMES = {**PLACES, "Freedonian": PLACES["Freedonia"]}


def analyse(text, names, doc_id="a.txt#0", outlet="Daily"):
    return _analyse(text, names, doc_id, outlet, places=NAMES)


@pytest.mark.parametrize("sentence, cue, content", [
    ("Sylvania denied that its troops had landed at Port Ala.", "denied that", "its troops had landed at Port Ala"),
    ("Sylvania denied sending drones to Freedonia.", "denied", "sending drones to Freedonia"),
    ("The ministry rejected reports that a radar was built near Port Ala, calling them lies.",
     "rejected reports that", "a radar was built near Port Ala"),
    ("Officials dismissed claims of a secret base in Freedonia, a spokesman said.",
     "dismissed claims of", "a secret base in Freedonia"),
    ("Officials said reports that warships had docked at Port Ala were false.", "said reports that",
     "warships had docked at Port Ala"),
    ("El ministerio negó que tropas de Sylvania hubieran llegado a Port Ala.", "negó que",
     "tropas de Sylvania hubieran llegado a Port Ala"),
])
def test_a_denial_says_what_it_denies(sentence, cue, content):
    d = denial_of(sentence)
    assert (d.cue, d.content) == (cue, content)
    assert sentence[d.start:d.end] == content


@pytest.mark.parametrize("sentence", [
    "The journalists had been denied entry to Freedonia.",          # a refusal, passive
    "Sylvania rejected the proposal to build a port.",               # rejecting is no denial of a claim
    "Freedonia denied the report's claims.",                         # names only the report
    "Freedonia denied the report's claims, with the embassy calling the report false.",
    "Sylvania built a port in Freedonia.",
])
def test_what_is_no_denial_of_a_stated_claim(sentence):
    assert denial_of(sentence) is None


def test_a_match_needs_a_shared_word_a_shared_place_and_half_the_clause():
    denied = Evidence(frozenset({"troop", "land"}), frozenset({"#p", "@FD"}))
    assert match(denied, Evidence(frozenset({"troop", "land", "friday"}), frozenset({"#p"}))).links
    # the same place and parties, another event: no shared word
    assert not match(denied, Evidence(frozenset({"dock", "warship"}), frozenset({"#p", "@FD"}))).links
    assert not Match(words=1, places=0, share=1.0).links


def test_a_denial_that_paraphrases_a_claim_of_its_article_is_a_source_on_it():
    text = "Freedonian troops landed at Port Ala on Friday, witnesses said. Freedonia denied that its troops had landed there."
    _, (found, _) = analyse(text, ["Freedonian", "Port Ala", "Freedonia"])
    assert len(found) == 1
    assert [s.stance for s in found[0].sources] == [Stance.ASSERTS, Stance.DENIES]
    assert found[0].status == "disputed" and found[0].locus.name == "Port Ala"


def test_a_denial_that_names_no_place_links_on_its_words_within_its_article():
    text = ("Jets bombed a school in Port Ala on Friday, witnesses said. "
            "The junta denied that its aircraft had bombed the school.")
    _, (found, _) = analyse(text, ["Port Ala"])
    assert len(found) == 1
    assert [s.stance for s in found[0].sources] == [Stance.ASSERTS, Stance.DENIES]
    assert found[0].status == "disputed"
    # one shared word is not enough without a place
    text = "Jets bombed a school in Port Ala on Friday, witnesses said. The junta denied that it had closed any school."
    _, (found, _) = analyse(text, ["Port Ala"])
    assert [s.stance for s in found[0].sources] == [Stance.ASSERTS]


def test_a_denial_of_something_else_is_a_finding_of_its_own_that_only_denies():
    text = ("Freedonian troops landed at Port Ala on Friday, witnesses said. "
            "Freedonia denied that it had closed its embassy in Sylvania.")
    _, (found, _) = analyse(text, ["Freedonian", "Port Ala", "Freedonia", "Sylvania"])
    assert len(found) == 2
    assert [s.stance for s in found[1].sources] == [Stance.DENIES] and found[1].status == "denied"


def test_a_denial_in_another_article_joins_the_finding_it_denies():
    _, (a, _) = analyse("Freedonian troops landed at Port Ala on Friday.", ["Freedonian", "Port Ala"], "a.txt#0")
    _, (b, _) = analyse("Freedonia denied that its troops had landed at Port Ala.", ["Freedonia", "Port Ala"],
                        "b.txt#0", "Weekly")
    merged = merge_findings(a + b, REGISTRY.ids())
    assert len(merged) == 1
    f = merged[0]
    assert [(s.doc_id, s.stance) for s in f.sources] == [("a.txt#0", Stance.ASSERTS), ("b.txt#0", Stance.DENIES)]
    assert f.status == "disputed"


def test_a_denial_in_another_article_of_another_event_stays_apart():
    _, (a, _) = analyse("Freedonian troops landed at Port Ala on Friday.", ["Freedonian", "Port Ala"], "a.txt#0")
    _, (b, _) = analyse("Freedonia denied that its warships had docked at Port Ala.", ["Freedonia", "Port Ala"],
                        "b.txt#0", "Weekly")
    assert len(merge_findings(a + b, REGISTRY.ids())) == 2


def test_a_headline_that_denies_is_no_source():
    head = "Freedonia Denies Its Troops Landed At Port Ala"
    text = head + "\n\nFreedonian troops landed at Port Ala on Friday, witnesses said."
    doc = document(text)
    mentions = [Mention(doc.id, text.index(n, a), text.index(n, a) + len(n), n)
                for n, a in (("Freedonia", 0), ("Port Ala", 0), ("Freedonian", len(head)), ("Port Ala", len(head)))]
    res = [Resolution(m, NAMES[m.text], 0.9, "test") for m in assign_roles(text, mentions)]
    spans = [(0, len(head)), (len(head) + 2, len(text))]
    found, skipped = document_findings(doc, extract_claims(doc, res, spans), spans, REGISTRY)
    assert [s.stance for f in found for s in f.sources] == [Stance.ASSERTS]
    assert {reason for _, reason in skipped} == {"heading"}


@pytest.mark.parametrize("sentence, denier, content", [
    ("In 2018, media reported that Sylvania had approached Freedonia about a base, a claim both governments "
     "denied at the time.", "both governments", "In 2018, media reported that Sylvania had approached Freedonia "
     "about a base"),
    ("A radar was built near Port Ala, which Sylvania has denied.", "Sylvania", "A radar was built near Port Ala"),
])
def test_a_denial_of_its_own_sentence_points_back_at_it(sentence, denier, content):
    d = denial_of(sentence)
    assert d.refers_back and d.denier == denier and d.content == content


def test_a_sentence_that_reports_and_denies_is_one_disputed_finding_kept_in_its_article():
    # "... a claim both governments denied at the time" once read "at the time" as what was denied
    # and joined any finding sharing the word "time" in another article.
    _, (a, _) = analyse("Freedonian police have begun training recruits in Port Ala, the first time they have.",
                        ["Freedonian", "Port Ala"], "a.txt#0")
    _, (b, _) = analyse("In 2018, media reported that Freedonia had approached Sylvania about a base, a claim both "
                        "governments denied at the time.", ["Freedonia", "Sylvania"], "b.txt#0", "Weekly")
    assert len(b) == 1
    assert [(s.stance, s.attribution) for s in b[0].sources][1] == (Stance.DENIES, "both governments")
    assert b[0].status == "disputed"
    merged = merge_findings(a + b, REGISTRY.ids())
    assert len(merged) == 2


def test_a_denial_of_the_report_with_no_report_named_before_answers_the_lead():
    text = ("Images show that Sylvania has built four villages near Port Ala, analysts said. "
            "The villages lie in a valley. Officers said they could house troops. "
            "Sylvania's embassy dismissed the report, saying the villages were for residents.")
    _, (found, _) = analyse(text, ["Sylvania", "Port Ala", "Sylvania"])
    lead = next(f for f in found if f.sources[0].sentence.startswith("Images show"))
    assert [s.stance for s in lead.sources] == [Stance.ASSERTS, Stance.DENIES]
    assert lead.status == "disputed"
    # one that shares no place or country with the lead stays a finding of its own
    text = "Images show that Sylvania has built four villages, analysts said. Freedonia dismissed the report."
    _, (found, _) = analyse(text, ["Sylvania", "Freedonia"])
    assert len(found) == 2
