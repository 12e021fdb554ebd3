import pytest

from geo.language.mentions import MentionFinder
from geo.language.nonplaces import nonplace_reason
from geo.model import Mention


@pytest.fixture(scope="module")
def finder(gazetteer):
    return MentionFinder(gazetteer)


def found(finder, text):
    mentions, rejected = finder.find(text, "d#0")
    return [m.text for m in mentions if m.label != "NORP"], {r.mention.text: r.reason for r in rejected}


@pytest.mark.parametrize("text, name, reason", [
    ("The frigate Smolensk tied up beside the pier in Latakia.", "Smolensk", "a vessel"),
    ("HMS Sheffield left Gibraltar at dawn.", "Sheffield", "a vessel"),
    ("Flight UA 870 to Sydney was turned back to Lima.", "UA", "a code"),
    ("Fighters loyal to IS seized two villages near Palmyra.", "IS", "a code"),
    ("Pictures on state TV showed the convoy near Kharkiv.", "TV", "a code"),
    ("The loan of 3 billion US dollars will pay for a port in Bagamoyo.", "US", "names a currency"),
    ("The Nepal Times said the road to Pokhara had reopened.", "Nepal", "part of a publication's name"),
    ("Reporters for the Times of Malta were barred from Valletta.", "Malta", "part of a publication's name"),
    ("The Pacific Fleet held drills off Vladivostok.", "Pacific", "part of a military unit's name"),
    ("The Denver Broncos lost at home on Sunday.", "Denver", "part of a team's name"),
    ("Uruguay beat Chile 3-0 in the qualifier in Montevideo.", "Uruguay", "a team in a sentence about sport"),
    ("Analysts at the Centre warned about debt in Laos.", "Centre", "a generic word"),
    ("Deputy minister Yunus-Bek Yevkurov visited the capital, Ouagadougou.", "Yunus", "part of the name"),
])
def test_names_that_name_something_else_are_rejected_with_the_reason(finder, text, name, reason):
    # The rule itself, whether or not the NER proposes the name in this sentence.
    from geo.language.nlp import parse

    start = text.index(name)
    entities = [(e.start_char, e.end_char, e.label_) for e in parse(text).ents]
    why = nonplace_reason(text, Mention("d#0", start, start + len(name), name), entities, finder._kinds,
                          finder._own_name)
    assert why is not None and why.startswith(reason)
    # And through the finder: never a place.
    places, rejected = found(finder, text)
    assert name not in places
    if name in rejected:
        assert rejected[name].startswith(reason)


def test_the_real_places_in_those_sentences_stay(finder):
    assert found(finder, "The frigate Smolensk tied up beside the pier in Latakia.")[0] == ["Latakia"]
    assert "Bagamoyo" in found(finder, "The loan of 3 billion US dollars will pay for a port in Bagamoyo.")[0]
    text = "Uruguay beat Chile 3-0 in the qualifier, and fans celebrated in Montevideo."
    assert nonplace_reason(text, Mention("d#0", text.index("Montevideo"), text.index("Montevideo") + 10,
                                         "Montevideo"), [], finder._kinds) is None


@pytest.mark.parametrize("text, name", [
    ("The US and the UAE agreed to expand the base.", "US"),
    ("Officials in Washington and the UK condemned the launch.", "UK"),
    ("Talks in Havana on trade resumed after the visit.", "Havana"),
    ("Chinese ships were seen near the Paracel Islands on Monday.", "Paracel Islands"),
    ("China and Russia held naval drills in the Sea of Japan.", "China"),
    ("Flights from Dallas-Fort Worth to Guinea-Bissau resumed.", "Dallas"),
    ("Australia used the base until PNG's independence in 1975.", "PNG"),
    ("Troops from NZ and Fiji joined the exercise.", "NZ"),
    # a headline's last word above the masthead line is no word of the outlet's name
    ("Shipping firms reroute around Africa\nMaritime Daily, 27 January 2024\n\nA tanker was hit.", "Africa"),
])
def test_ordinary_places_are_untouched(finder, text, name):
    assert name in found(finder, text)[0]


def test_a_town_that_opens_a_persons_name_is_the_person(finder):
    text = "Chelsea Manning spoke to students in Accra about her case."
    why = nonplace_reason(text, Mention("d#0", 0, 7, "Chelsea"), [(0, 15, "PERSON")], finder._kinds)
    assert why == "part of the name “Chelsea Manning” (PERSON)"
    text = "Florence told reporters she would stand again."
    assert nonplace_reason(text, Mention("d#0", 0, 8, "Florence"), [], finder._kinds).startswith("a person's name")


def test_a_vessel_named_again_later_is_still_the_vessel(finder):
    text = ("The tanker Sofia was boarded off Yemen by armed men. "
            "Owners of the Sofia said the crew were safe.")
    places, rejected = found(finder, text)
    assert "Sofia" not in places and "Yemen" in places


def test_the_filter_can_be_switched_off_for_measurement(gazetteer):
    text = "Pictures on state TV showed the convoy near Kharkiv."
    mentions, _ = MentionFinder(gazetteer, filter_nonplaces=False).find(text, "d#0")
    assert "TV" in [m.text for m in mentions]


def test_the_labelled_sample_is_split_once_into_disjoint_parts():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "training" / "nonplaces"
    read = lambda name: [l for l in (root / name).read_text(encoding="utf-8").splitlines() if l.strip()]  # noqa: E731
    train, held, every = read("train.txt"), read("heldout.txt"), read("all.txt")
    assert not set(train) & set(held)
    assert sorted(train + held) == sorted(every)


@pytest.mark.parametrize("text, name", [
    ("The Tulsa Police Department said the van was found in Sapulpa.", "Tulsa"),
    ("Mesquite police are looking for a driver seen in Garland.", "Mesquite"),
    ("According to the Boone County Sheriff's Office, the tractor rolled over near Harrison.", "Boone County"),
    ("Bakersfield City School District closed two campuses after the storm.", "Bakersfield"),
    ("Gorbunov, a United Russia deputy, flew to Tomsk on Monday.", "United Russia"),
])
def test_a_place_inside_an_organisations_name_is_the_organisation(finder, text, name):
    places, rejected = found(finder, text)
    assert name not in places and all(name not in p for p in places)
    assert any(r.startswith("part of an organisation's name") for r in rejected.values())


def test_the_town_of_an_organisation_is_still_a_place_elsewhere_in_the_article(finder):
    text = ("Residents of Tulsa met on Monday. The Tulsa Police Department said the meeting was calm. "
            "Later Tulsa reopened the park.")
    places, rejected = found(finder, text)
    assert places.count("Tulsa") == 2 and "Tulsa" in rejected


@pytest.mark.parametrize("text, name", [
    ("The US State Department said two frigates docked in Havana.", "Havana"),
    ("A pupil at Huntsville High School lives in Huntsville, Texas.", "Huntsville"),
    ("Troops from North Korea were seen near Kursk.", "North Korea"),
])
def test_a_countrys_bodies_and_a_towns_buildings_are_not_organisations(finder, text, name):
    assert name in found(finder, text)[0]


def test_a_person_ending_in_a_place_word_does_not_veto_the_town():
    # The NER's "Greer Station" (PERSON) is a district of Greer, not a person named Greer.
    import spacy
    from spacy.tokens import Span

    from geo.language.mentions import _person_words

    doc = spacy.blank("en")("Shops in Fenton Station opened and Joe Fenton spoke.")
    doc.ents = [Span(doc, 2, 4, label="PERSON"), Span(doc, 6, 8, label="PERSON")]
    assert _person_words(doc) == {"Joe", "Fenton"}
    doc.ents = [Span(doc, 2, 4, label="PERSON")]
    assert _person_words(doc) == set()
