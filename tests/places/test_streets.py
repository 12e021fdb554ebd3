"""A street placed at the town the article says it is in (geo/places/streets.py)."""
from geo.model import Mention, Place, Resolution
from geo.places.streets import place_streets

SPRINGFIELD = Place("geonames:1", "Springfield", 39.92, -83.81, "city", "US")
DAYTON = Place("geonames:2", "Dayton", 39.76, -84.19, "city", "US")
BAMAKO = Place("geonames:3", "Bamako", 12.65, -8.0, "city", "ML")
GAO = Place("geonames:4", "Gao", 16.27, -0.04, "city", "ML")
KIDAL = Place("geonames:5", "Kidal", 18.44, 1.41, "city", "ML")


def at(text, word, place=None, detector="ner", confidence=0.9):
    start = text.index(word)
    label = "FAC" if detector == "street" else "GPE"
    return Resolution(Mention("d", start, start + len(word), word, label, detector), place,
                      confidence if place else 0.0, "")


def test_a_town_named_with_the_street_wins_over_the_articles_town():
    text = "In Dayton, police said. A man was hurt on Lowry Avenue in Springfield."
    out = place_streets(text, [at(text, "Dayton", DAYTON), at(text, "Lowry Avenue", detector="street"),
                               at(text, "Springfield", SPRINGFIELD)])
    street = out[1]
    assert street.place.name == "Lowry Avenue, Springfield"
    assert (street.place.lat, street.place.lon, street.place.kind) == (SPRINGFIELD.lat, SPRINGFIELD.lon, "street")
    assert "named-with" in street.reason and street.confidence == 0.8
    assert out[0] is not None and out[2].place == SPRINGFIELD


def test_a_local_story_places_its_streets_at_its_town():
    text = "Springfield police said a man on Fair Street was robbed."
    out = place_streets(text, [at(text, "Springfield", SPRINGFIELD), at(text, "Fair Street", detector="street")])
    assert out[1].place.name == "Fair Street, Springfield" and "article-town" in out[1].reason


def test_no_neighbourhood_no_town_and_the_reason_says_so():
    text = "From Bamako to Gao and Kidal; stocks fell on Wall Street."
    out = place_streets(text, [at(text, "Bamako", BAMAKO), at(text, "Gao", GAO), at(text, "Kidal", KIDAL),
                               at(text, "Wall Street", detector="street")])
    assert out[3].place is None and "names no town" in out[3].reason


def test_a_doubtful_town_holds_its_street_but_is_no_neighbourhood():
    text = "Police on Oak Road near Springfield. Later, Elm Road."
    out = place_streets(text, [at(text, "Oak Road", detector="street"),
                               at(text, "Springfield", SPRINGFIELD, confidence=0.3),
                               at(text, "Elm Road", detector="street")])
    assert out[0].place.name == "Oak Road, Springfield" and out[0].confidence == 0.3
    assert out[2].place is None


def test_the_same_street_in_one_town_is_one_place():
    text = "Oak Road, Springfield. Later Oak Road again."
    first, second = place_streets(text, [at(text, "Oak Road", detector="street"),
                                         at(text, "Springfield", SPRINGFIELD),
                                         Resolution(Mention("d", 29, 37, "Oak Road", "FAC", "street"), None, 0, "")])[::2]
    assert first.place.id == second.place.id
