"""Place roles on sentences written for these tests (in neither training file)."""
import json

import pytest

from geo.language import roles
from geo.language.roles import (
    RoleModel,
    assign_roles,
    demonym_test,
    features,
    judge_mention,
    parse_features,
    parse_vector,
    parse_window,
)
from geo.model import Mention, Role

MODEL = RoleModel.default()


def role_of(sentence: str, name: str, occurrence: int = 0) -> Role:
    start = -1
    for _ in range(occurrence + 1):
        start = sentence.index(name, start + 1)
    return MODEL.judge(sentence, start, start + len(name)).role


@pytest.mark.parametrize("sentence, name, expected", [
    # subject of an action: the government acts
    ("Hungary vetoed the package at the summit.", "Hungary", Role.ASSOCIATIVE),
    ("Morocco and Spain agreed to reopen the border crossings.", "Morocco", Role.ASSOCIATIVE),
    # subject of a speech verb
    ("Islamabad said the strikes violated its sovereignty.", "Islamabad", Role.ASSOCIATIVE),
    ("Caracas denied that the aircraft had entered its airspace.", "Caracas", Role.ASSOCIATIVE),
    # possessive: the country's institutions
    ("Peru's foreign ministry summoned the envoy.", "Peru", Role.ASSOCIATIVE),
    # non-literal modifier
    ("Senior U.S. officials said the test had failed.", "U.S.", Role.ASSOCIATIVE),
    # locative phrases: where something is or happens
    ("A new radar was installed at a base in Namibia.", "Namibia", Role.LITERAL),
    ("Two people died when the bridge collapsed in Genoa.", "Genoa", Role.LITERAL),
    ("Rescue teams searched the rubble near Antakya.", "Antakya", Role.LITERAL),
    # destination and origin of travel
    ("The envoy flew to Jakarta on Sunday.", "Jakarta", Role.LITERAL),
    ("The delegation arrived in Windhoek for two days of talks.", "Windhoek", Role.LITERAL),
    # literal modifier: the place's own floods
    ("The Kerala floods destroyed thousands of homes.", "Kerala", Role.LITERAL),
])
def test_role_of_each_kind(sentence, name, expected):
    assert role_of(sentence, name) is expected


def test_demonym_is_associative_even_without_a_point(gazetteer):
    text = "American and Cuban negotiators met in Oslo."
    mentions = [Mention("d", 0, 8, "American", "GPE", "given"), Mention("d", 13, 18, "Cuban", "GPE", "given"),
                Mention("d", 38, 42, "Oslo", "GPE", "given")]
    judged = assign_roles(text, mentions, demonym_test(gazetteer))
    assert [m.role.role for m in judged] == [Role.ASSOCIATIVE, Role.ASSOCIATIVE, Role.LITERAL]
    assert judged[0].role.decided_by == "demonym" and "demonym" in judged[0].role.reason


def test_a_name_leading_an_organisation_is_associative():
    text = "She teaches at the Kyoto University of Art."
    m = Mention("d", 19, 24, "Kyoto", "GPE", "embedded", within="ORG")
    j = judge_mention(text, m)
    assert j.role is Role.ASSOCIATIVE and j.decided_by == "organisation"


def test_no_known_word_gives_literal_with_low_confidence_and_says_so():
    empty = RoleModel({}, 0.3)
    j = empty.judge("Qwxz Zzyv.", 0, 4)
    assert j.role is Role.LITERAL and j.confidence == 0.5 and "by default" in j.reason


def test_reason_names_the_evidence():
    j = MODEL.judge("Ottawa rejected the proposal.", 0, 6)
    assert j.decided_by == "model" and "p(associative)" in j.reason


def test_features_read_only_the_mention_sentence():
    text = "Talks were held in Vienna. Oslo hosted the next round."
    names = features(text, 27, 31)
    assert "first" in names and not any(f.startswith("prep=") for f in names)


def test_features_are_bounded_by_the_window():
    text = "x " * 100_000 + "in Havana"
    assert len(features(text, len(text) - 6, len(text))) < 60


def test_shipped_model_file_is_well_formed():
    data = json.loads(roles.resources.files("geo").joinpath("data", roles.MODEL_FILE).read_text(encoding="utf-8"))
    assert data["schema"] == roles.SCHEMA and data["classes"] == ["literal", "associative"]
    assert data["training"]["recipe"] == "python scripts/train_roles.py"
    assert all(isinstance(w, float) for w in data["weights"].values())
    assert list(data["weights"]) == sorted(data["weights"])


def test_a_demonym_before_a_word_for_the_land_is_literal(gazetteer):
    text = "They planned a base on Cuban soil, away from Chinese officials."
    mentions = [Mention("d", 23, 28, "Cuban", "NORP", "ner"), Mention("d", 45, 52, "Chinese", "NORP", "ner")]
    judged = assign_roles(text, mentions, demonym_test(gazetteer))
    assert [m.role.role for m in judged] == [Role.LITERAL, Role.ASSOCIATIVE]


@pytest.mark.parametrize("sentence, name, expected", [
    # subject of an action, and the object of one aimed at a government
    ("Slovakia vetoed the extension of the mission.", "Slovakia", Role.ASSOCIATIVE),
    ("The sanctions were meant to punish Belarus.", "Belarus", Role.ASSOCIATIVE),
    # subject of a speech verb
    ("Bucharest said the drone fragments were Russian.", "Bucharest", Role.ASSOCIATIVE),
    # possessive
    ("Zambia's finance minister resigned.", "Zambia", Role.ASSOCIATIVE),
    # demonym and non-literal modifier, as the model sees them (the demonym pass comes first in a build)
    ("French officials confirmed the arrest.", "French", Role.ASSOCIATIVE),
    ("The Pakistani army sealed the border.", "Pakistani", Role.ASSOCIATIVE),
    # a team and an event named after the place
    ("The Vancouver Canucks lost again.", "Vancouver", Role.ASSOCIATIVE),
    ("She chairs the Cannes Film Festival jury.", "Cannes", Role.ASSOCIATIVE),
    # locative phrases
    ("The warehouse in Gdansk caught fire.", "Gdansk", Role.LITERAL),
    ("Two climbers died on a glacier in Bhutan.", "Bhutan", Role.LITERAL),
    # destination of travel
    ("The foreign minister travelled to Accra on Monday.", "Accra", Role.LITERAL),
    ("The refugees walked to Tijuana over three weeks.", "Tijuana", Role.LITERAL),
    # the land's own event
    ("The Quebec floods forced thousands from their homes.", "Quebec", Role.LITERAL),
])
def test_role_of_each_kind_with_the_parse(sentence, name, expected):
    assert role_of(sentence, name) is expected


def test_only_the_mentions_the_words_model_is_unsure_of_are_parsed():
    seen = []

    def parse(texts):
        from geo.language.nlp import dependency_parse

        seen.extend(texts)
        return dependency_parse(texts)

    text = "Lima announced that the talks had failed. The queen visited Malta in 2015."
    spans = [(0, 4), (text.index("Malta"), text.index("Malta") + 5)]
    judged = MODEL.judge_many(text, spans, parse=parse)
    assert [j.decided_by for j in judged] == ["model", "parse"]
    # the parser read the unsure mention's own sentence only
    assert seen == ["The queen visited Malta in 2015."]
    assert "p(associative)" in judged[1].reason


def test_parse_window_keeps_to_the_sentence_and_ten_words():
    text = "Prices rose. " + " ".join(f"w{i}" for i in range(30)) + " in Oslo " + " ".join(f"v{i}" for i in range(30)) + "."
    lo, hi = parse_window(text, text.index("Oslo"), text.index("Oslo") + 4)
    words = text[lo:hi].split()
    assert words[:2] == ["w21", "w22"] and words[-1] == "v9" and len(words) == 10 + 1 + 1 + 9
    # "U.S." ends no sentence
    t = "Senior U.S. officials said so."
    assert t[slice(*parse_window(t, 7, 11))] == t


def test_parse_features_name_the_head_and_its_governor():
    from geo.language.nlp import dependency_parse

    text = "The envoy flew to Accra."
    doc = dependency_parse([text])[0]
    names = parse_features(doc, text.index("Accra"), text.index("Accra") + 5)
    assert "ddep=pobj" in names and "dpg=to_flew" in names



def test_a_list_member_reads_the_arcs_of_the_lists_first_member():
    from geo.language.nlp import dependency_parse

    text = "Envoys sailed from Lisbon, Dakar and Banjul."
    doc = dependency_parse([text])[0]
    last = parse_features(doc, text.index("Banjul"), text.index("Banjul") + 6)
    first = parse_features(doc, text.index("Lisbon"), text.index("Lisbon") + 6)
    assert "dinlist" in last and "dpg=from_sailed" in last
    assert "dinlist" not in first and set(last) - set(first) == {"dinlist"}


def test_a_name_outside_a_list_is_not_marked_as_one():
    from geo.language.nlp import dependency_parse

    text = "Rebels shelled Mopti overnight."
    doc = dependency_parse([text])[0]
    assert "dinlist" not in parse_features(doc, text.index("Mopti"), text.index("Mopti") + 5)


def test_the_context_vector_is_rounded_for_reproducible_retrains():
    from geo.language.nlp import dependency_parse

    text = "Delegates from Quito arrived."
    doc = dependency_parse([text])[0]
    vec = parse_vector(doc, text.index("Quito"), text.index("Quito") + 5)
    assert vec and all(v == round(v, 1) for v in vec)

def test_a_model_without_a_parse_part_judges_from_words_alone():
    words_only = RoleModel(MODEL.weights, MODEL.bias)
    j = words_only.judge("The refugees walked to Tijuana over three weeks.", 23, 30)
    assert j.decided_by == "model"


@pytest.mark.parametrize("sentence, name, expected", [
    # possessive: the country's institutions against its land
    ("Bolivia's cabinet resigned en masse.", "Bolivia", Role.ASSOCIATIVE),
    ("Ghana's finance ministry issued the bonds.", "Ghana", Role.ASSOCIATIVE),
    ("Ghana's coastline is dotted with forts.", "Ghana", Role.LITERAL),
    # object of a verb: a sanction aimed at a government, against a capture, a visit or a storm
    ("The assembly voted to sanction Myanmar for the coup.", "Myanmar", Role.ASSOCIATIVE),
    ("The rebels overran Timbuktu in April.", "Timbuktu", Role.LITERAL),
    ("The queen visited Malta in 2015.", "Malta", Role.LITERAL),
    ("The typhoon struck Luzon on Sunday.", "Luzon", Role.LITERAL),
    # a team, and "of X" after a natural feature
    ("He scored twice for Honduras in the qualifier.", "Honduras", Role.ASSOCIATIVE),
    ("The mountains of Armenia are snowbound in winter.", "Armenia", Role.LITERAL),
])
def test_role_of_the_kinds_read_by_word_class(sentence, name, expected):
    assert role_of(sentence, name) is expected


def test_reason_names_the_class_of_the_deciding_word():
    text = "The assembly voted to sanction Myanmar for the coup."
    j = MODEL.judge(text, text.index("Myanmar"), text.index("Myanmar") + 7)
    assert j.decided_by == "parse" and "object of a speech verb" in j.reason
    text = "Ghana's finance ministry issued the bonds."
    assert "possessor of" in MODEL.judge(text, 0, 5).reason


def test_an_unsure_judgement_says_so():
    model = RoleModel({"l1=<s>": 0.1}, 0.0)
    j = model.judge("Qwxz left.", 0, 4)
    assert j.confidence < roles.UNSURE and "unsure" in j.reason


def test_parse_vector_is_the_head_words_context():
    from geo.language.nlp import dependency_parse

    doc = dependency_parse(["Troops crossed into Latvia at dawn."])[0]
    vec = parse_vector(doc, 20, 26)
    assert vec is not None and len(vec) == doc.tensor.shape[1]
    assert parse_vector(doc, 0, 0) is None or len(parse_vector(doc, 0, 0)) == len(vec)


def test_the_frame_says_who_attacks_and_what_is_attacked():
    from geo.language.nlp import dependency_parse

    text = "In 1991 Serbia shelled Vukovar for months."
    doc = dependency_parse([text])[0]
    agent = parse_features(doc, 8, 14)
    target = parse_features(doc, text.index("Vukovar"), text.index("Vukovar") + 7)
    # the subject of a fighting verb whose object is a name, and that object with a name as subject
    assert "dframe=nsubj_v:competition_dobj" in agent and "dfarg=nsubj_dobj_NAME" in agent
    assert "dframe=dobj_v:competition_nsubj" in target and "dfarg=dobj_nsubj_NAME" in target


def test_an_of_phrase_reads_what_its_act_noun_is_an_act_of():
    from geo.language.nlp import dependency_parse

    text = "The project needs the consent of Bhutan."
    doc = dependency_parse([text])[0]
    assert "dact=of_v:communication" in parse_features(doc, text.index("Bhutan"), text.index("Bhutan") + 6)


@pytest.mark.parametrize("sentence, name, expected", [
    # the agent of an attack, and the land attacked (written for this test; in no training file)
    ("Eritrea shelled the border town overnight.", "Eritrea", Role.ASSOCIATIVE),
    ("Armoured columns overran Tobruk in two days.", "Tobruk", Role.LITERAL),
])
def test_attack_frames(sentence, name, expected):
    assert role_of(sentence, name) is expected


def test_a_batch_is_judged_as_its_texts_one_by_one_and_a_window_is_parsed_once():
    seen = []

    def parse(texts):
        from geo.language.nlp import dependency_parse

        seen.extend(texts)
        return dependency_parse(texts)

    one = "The queen visited Malta in 2015."
    other = "Hikers crossed into Andorra at dawn. Lima announced that the talks had failed."
    items = [(one, [(18, 23)]), (one, [(18, 23)]), (other, [(20, 27), (37, 41)])]
    batch = MODEL.judge_batch(items, parse=parse)
    assert batch == [MODEL.judge_many(text, spans) for text, spans in items]
    assert len(seen) == len(set(seen))


def _mention(text, name, occurrence=0, **kw):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(name, start + 1)
    return Mention("d", start, start + len(name), name, **kw)


@pytest.mark.parametrize("text, name, by", [
    # invented sentences: a built place named after its town, residents, downtown
    ("Officers met the family at the Dayton International Airport on Friday.", "Dayton", "facility"),
    ("Permits can be picked up at Eureka Fire Station 2 until noon.", "Eureka", "facility"),
    ("The concert moved to the Marion County Fairgrounds this year.", "Marion County", "facility"),
    ("All Polk County residents may now burn brush again.", "Polk County", "residence"),
    ("Shops in downtown Lufkin stayed open late.", "Lufkin", "downtown"),
    ("Flights left the Tulsa-Broken Arrow Regional Airport late.", "Tulsa", "facility"),
    ("The mine is near the Ohio, Pa., border.", "Ohio", "border"),
    ("Smuggling grew along the Arizona-Sonora border.", "Arizona", "border"),
    ("Since 1990 Lufkin has been home to a paper mill.", "Lufkin", "home"),
])
def test_rules_read_where_a_place_is(text, name, by):
    j = judge_mention(text, _mention(text, name, label="GPE"))
    assert j.role is Role.LITERAL and j.decided_by == by


def test_a_bare_park_or_department_is_not_the_town_by_rule():
    for text, name in [("He walked through Griffith Park at dawn.", "Griffith"),
                       ("The Dayton Fire Department said the blaze was out.", "Dayton")]:
        j = judge_mention(text, _mention(text, name, label="GPE"))
        assert j.decided_by not in ("facility", "residence", "downtown")


def test_an_unsure_associative_street_is_literal_a_confident_one_stays():
    text = "The crash was at the intersection of Maple Street and Elm Avenue."
    (m,) = assign_roles(text, [_mention(text, "Maple Street", label="FAC", detector="street")])
    assert m.role.role is Role.LITERAL or m.role.confidence >= roles.STREET_SURE


def test_a_state_after_its_town_is_used_as_the_town_is():
    from geo.model import Place, Resolution, RoleJudgement

    text = "Teams from Dalton, Ga., and Rome, Ga., arrived."
    lit = RoleJudgement(Role.LITERAL, 0.8, "model", "")
    assoc = RoleJudgement(Role.ASSOCIATIVE, 0.6, "parse", "")
    town = _mention(text, "Dalton", role=lit)
    state = _mention(text, "Ga.", role=assoc)
    ga = Place("ga", "Georgia", 32.7, -83.4, "adm1", "US")
    rs = roles.container_roles(text, [Resolution(town, Place("d", "Dalton", 34.8, -85.0, "city", "US"), 0.9, ""),
                                      Resolution(state, ga, 0.9, "")])
    assert rs[1].mention.role.role is Role.LITERAL and rs[1].mention.role.decided_by == "container"
    # a country that is not the town's, or words between, leave the role alone
    other = Place("x", "Georgia", 42.0, 43.5, "country", "GE")
    rs = roles.container_roles(text, [Resolution(town, Place("d", "Dalton", 34.8, -85.0, "city", "US"), 0.9, ""),
                                      Resolution(state, other, 0.9, "")])
    assert rs[1].mention.role.role is Role.ASSOCIATIVE
