"""Finding types on sentences written for these tests (not the seeds, not the training sample)."""
import pytest

from geo.findings.kinds import FindingType, KindModel, features, stem, trigger
from geo.model import Actor, Place
from geo.training import kinds as kt

STATION = Place("site:ala", "Ala Station", 10.4, 10.4, "site", "FD", category="sigint-station")
BASE = Place("site:bay", "Bay Naval Base", 10.4, 10.4, "site", "FD", category="naval-base")
TOWN = Place("geonames:1", "Port Ala", 10.5, 10.5, "city", "FD")


def test_features_read_locus_triggers_and_actors():
    f = features("Sylvania signed a lease for the base.", BASE, (), (Actor("Sylvania", "place", "associative"),))
    assert {"locus=site", "site=naval-base", "sitegroup=military", "trig=agreement", "trig=installation",
            "nactors=1", "site+installation"} <= set(f)
    assert "locus=none" in features("Nobody knows.") and "speaker" in features("x", None, (), (Actor("X", "speaker", "source"),))
    assert trigger("visitó") == "trip" and trigger("sanciones") == "money" and stem("deployments") == "deploy"


@pytest.mark.parametrize("sentence, locus, expected", [
    ("Engineers added new antennas and a radome at the station last year.", STATION, FindingType.FACILITY),
    ("Two frigates and a submarine held live-fire drills off the coast.", TOWN, FindingType.MILITARY_ACTIVITY),
    ("The foreign minister flew to Port Ala on Monday for talks with the president.", TOWN, FindingType.VISIT),
    ("Rebels attacked a police station, killing four officers.", TOWN, FindingType.INCIDENT),
    ("The government imposed sanctions on three banks and froze their assets.", TOWN, FindingType.ECONOMIC),
    # Forces as the subject of a movement verb: military activity, not a statement.
    ("Three foreign destroyers berthed at Port Ala on Friday after patrolling the strait.", TOWN,
     FindingType.MILITARY_ACTIVITY),
    # A report typed by what it reports.
    ("A leaked report says foreign technicians run a listening post on the hill above Port Ala.", TOWN,
     FindingType.FACILITY),
    ("The ministry condemned the decision and warned of consequences.", None, FindingType.STATEMENT),
    ("The couple met on holiday and married in the old town last summer.", TOWN, FindingType.OTHER),
])
def test_the_shipped_model_types_plain_news(sentence, locus, expected):
    assert KindModel.default().judge(sentence, locus).type is expected


def test_spanish_sentences_are_typed_too():
    model = KindModel.default()
    assert model.judge("El canciller visitó Port Ala y se reunió con el presidente.", TOWN).type is FindingType.VISIT
    assert model.judge("Un terremoto sacudió la región y murieron cien personas.", TOWN).type is FindingType.INCIDENT


def test_expert_features_frame_facility_phrase_and_parse():
    from geo.findings.kinds import facility_phrases, parse_sentences, report_frame

    assert report_frame("Officials in the capital said the navy had left.")[0] == "Officials in the capital said"
    assert report_frame("The navy left the harbour.") == ("", "The navy left the harbour.")
    assert facility_phrases("a small spy post on the ridge".split()) == {"facphrase=intelligence"}
    assert facility_phrases("a post office".split()) == set()
    parsed = parse_sentences(["Investigators said four tankers sailed from the port at night."])[0]
    f = set(features("Investigators said four tankers sailed from the port at night.", TOWN, parsed=parsed))
    assert {"frame", "dframe", "dpred=sail", "dpredgroup=movement"} <= f and "trig=speech" not in f
    assert parse_sentences(["Un buque atracó en el puerto."], "es") == [None]


def test_a_judgement_names_its_evidence():
    j = KindModel.default().judge("Antennas at the station intercept satellite traffic.", STATION)
    assert j.type is FindingType.FACILITY and 0.3 < j.confidence <= 1 and j.evidence


def test_sample_reader_and_split(tmp_path):
    f = tmp_path / "s.txt"
    f.write_text("# doc: a | published: 2024-01-02 | lang: en\nfacility military | A base.\n"
                 "# doc: b | published: 2024-01-03 | lang: es\nother context | Un partido.\n", encoding="utf-8")
    docs = kt.read_sample(f)
    assert [(d.id, d.language, d.sentences[0][0]) for d in docs] == [("a", "en", "facility"), ("b", "es", "other")]
    many = [kt.LabelledDoc(f"d{i}", d.published, d.language, d.sentences) for i, d in enumerate(docs * 20)]
    fit, held = kt.split(many)
    assert kt.split(many) == (fit, held) and 0 < len(held) < len(many)
    # Adding articles never moves one across the split.
    more = many + [kt.LabelledDoc(f"extra{i}", docs[0].published, "en", docs[0].sentences) for i in range(30)]
    assert {d.id for d in kt.split(more)[1]} & {d.id for d in many} == {d.id for d in held}
    with pytest.raises(ValueError, match="'a' is used twice"):
        kt.split(docs * 2)
    f.write_text("# doc: a | published: 2024-01-02 | lang: en\nbase military | A base.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="s.txt:2: unknown finding type 'base'"):
        kt.read_sample(f)


def test_the_split_is_by_document():
    fit, held = kt.split(kt.read_sample())
    assert held and not {d.id for d in fit} & {d.id for d in held}


def test_shipped_model_is_reproduced_by_its_recipe():
    pytest.importorskip("sklearn")
    fresh = kt.dumps(kt.train(log=lambda s: None))
    assert fresh == kt.MODEL_PATH.read_text(encoding="utf-8"), "run python scripts/train_kinds.py and commit the model"
