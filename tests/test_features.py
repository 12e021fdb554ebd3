from dataclasses import replace

from geo.features import actor_role
from geo.language.roles import judge_mention
from geo.model import Claim, Mention, Place

CUBA = Place("country:CU", "Cuba", 21.5, -79.5, "country", "CU")
US = Place("country:US", "United States", 39.8, -98.6, "country", "US")


def claim(sentence: str, mention: str, place: Place, attribution: str = "") -> Claim:
    start = sentence.index(mention)
    m = Mention("d#0", start, start + len(mention), mention)
    m = replace(m, role=judge_mention(sentence, m))
    return Claim("d#0", place, m, sentence, 0, len(sentence), attribution=attribution)


def test_nationality_of_an_actor_is_not_the_location():
    c = claim("Former U.S. officials said China is building a base in Cuba.", "U.S.", US)
    assert "associative" in actor_role(c)


def test_place_inside_the_attribution_is_the_speaker():
    s = "According to the Cuban government, talks went well."
    assert actor_role(claim(s, "Cuban", CUBA, attribution="According to the Cuban government"))


def test_place_where_things_happen_has_no_actor_role():
    assert actor_role(claim("Former U.S. officials said China is building a base in Cuba.", "Cuba", CUBA)) == ""
