"""The candidate detector: capitalised gazetteer names the NER missed, judged by the shipped classifier."""
import pytest

from geo.evaluation.geoparsing import DEFAULT_LGL
from geo.language.candidates import THRESHOLD, CandidateFinder, CandidateModel, Proposal
from geo.language.mentions import MentionFinder
from geo.language.nlp import parse


@pytest.fixture(scope="module")
def finder(gazetteer):
    return MentionFinder(gazetteer)


def proposals(finder, text):
    return {p.text: p for p in finder.proposals(text, "t#0", parse(text))}


def places(finder, text):
    return [(m.text, m.detector) for m in finder.find(text, "t#0", parse(text))[0]]


def test_capitals_after_a_locative_word_or_in_a_list_of_places_are_places(finder):
    text = ("Ministers from Lithuania met in Vilnius with envoys who had flown from Copenhagen. "
            "The summit in Nairobi drew delegates from Lagos, Accra and Dakar.")
    found = dict(places(finder, text))
    for name in ("Vilnius", "Copenhagen", "Accra", "Dakar"):
        assert name in found, name


def test_people_companies_and_teams_named_like_places_are_not(finder):
    text = ("Michael Jordan scored 40 points, and afterwards Jordan told reporters he felt fine. "
            "Chief executive Jim Farley said Ford would hire engineers. Chelsea beat Arsenal 2-1. "
            "Her friend Victoria Lincoln admired the painting. Florence Nightingale founded nursing.")
    assert [p for p in places(finder, text) if p[1] == "candidate"] == []


def test_a_street_named_after_a_town_is_not_proposed_as_the_town(finder):
    assert "Lancaster" not in proposals(finder, "The crash happened on Lancaster Avenue late on Friday.")


def test_a_name_rejected_as_a_paper_is_not_taken_elsewhere_by_the_classifier(finder):
    text = "The newspaper Asahi reported the plan on Monday. Asahi quoted two officials in Tokyo."
    assert "Asahi" not in dict(places(finder, text))


def test_every_proposal_carries_its_features_and_probability(finder):
    props = proposals(finder, "Shelling hit Kharkiv overnight, officials said.")
    p = props["Kharkiv"]
    assert isinstance(p, Proposal) and "p1=hit" in p.features and 0 < p.probability < 1
    assert p.accepted == (p.probability >= THRESHOLD)


def test_a_name_inside_a_longer_capitalised_name_says_which_kind(finder):
    props = proposals(finder, "Tourists photographed the Jefferson Memorial. A spokesman for the Mankato Police "
                              "said nothing. Storms hit Southern Kansas overnight.")
    assert "The Jefferson" not in props        # "The" opens the name only when the place's own name has it
    assert "cap_after=other" in props["Jefferson"].features
    assert "cap_after=office" in props["Mankato"].features and props["Mankato"].accepted
    assert not props["Jefferson"].accepted


def test_a_place_named_after_a_firm_or_a_monument_is_not_a_place(finder):
    text = "Fans of the Portland Timbers cheered. The Franklin Memorial was closed for repairs."
    found = dict(places(finder, text))
    assert "Portland" not in found and "Franklin" not in found


def test_the_detector_can_be_switched_off(gazetteer):
    off = MentionFinder(gazetteer, use_candidates=False)
    text = "Accusations flew as Tbilisi accused the separatists of shelling."
    assert all(d != "candidate" for _, d in places(off, text))


def test_a_model_file_of_another_schema_is_refused(tmp_path):
    bad = tmp_path / "model.json"
    bad.write_text('{"schema": 99, "bias": 0, "weights": {}}', encoding="utf-8")
    with pytest.raises(ValueError, match="schema"):
        CandidateModel.load(bad)


def test_an_empty_model_proposes_but_accepts_nothing(gazetteer):
    cf = CandidateFinder(gazetteer, CandidateModel({}, -5.0))
    from geo.spans import SpanSet

    props = cf.propose(parse("Officials met in Vilnius."), SpanSet(), set(), set())
    assert [p.text for p in props] == ["Vilnius"] and not props[0].accepted


@pytest.mark.skipif(not DEFAULT_LGL.exists(), reason="LGL is not in ../shared/bench")
def test_shipped_model_is_reproduced_by_its_recipe():
    pytest.importorskip("sklearn")
    from importlib import resources

    from geo.language.candidates import MODEL_FILE
    from geo.training import candidates as ct

    fresh = ct.dumps(ct.train(log=lambda s: None))
    shipped = resources.files("geo").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    assert fresh == shipped, "run python scripts/train_candidates.py and commit"
