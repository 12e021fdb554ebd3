"""Streets and numbered roads found by form (geo/language/streets.py) and taken by the mention finder."""
import pytest

from geo.language.mentions import MentionFinder
from geo.language.streets import find_streets


def names(text):
    return [s.text for s in find_streets(text)]


def test_named_streets_and_numbered_roads_with_offsets():
    text = "Police closed Elm Street, North Main St. and County Road 12 near Interstate 95 and I-20."
    found = find_streets(text)
    assert [s.text for s in found] == ["Elm Street", "North Main St.", "County Road 12", "Interstate 95", "I-20"]
    for s in found:
        assert text[s.start:s.end] == s.text


def test_leading_function_words_and_a_possessive_town_are_not_the_name():
    assert names("On Tuesday Oak Avenue flooded; Dayton's Wayne Avenue did not.") == ["Oak Avenue", "Wayne Avenue"]


def test_saints_courts_and_years_are_not_streets():
    assert names("The Supreme Court sat in St. Paul; Mount St. Helens erupted.") == []
    assert names("The US 2020 election and Route 2024 plans.") == []
    assert names("A lone Street.") == []


def test_a_sentence_end_is_never_inside_a_name():
    assert names("Stocks fell on Wall Street. Downing Street denied it.") == ["Wall Street", "Downing Street"]


@pytest.fixture(scope="module")
def finder(gazetteer):
    return MentionFinder(gazetteer)


def test_a_street_takes_the_place_named_inside_it(finder):
    mentions, _ = finder.find("A wreck on Rivers Avenue killed a man in North Charleston.", "d#0")
    assert [(m.text, m.detector) for m in mentions] == [("Rivers Avenue", "street"), ("North Charleston", "ner")]


def test_a_name_that_goes_on_is_not_a_street(finder):
    mentions, _ = finder.find("The Wall Street Journal reported it from Boston.", "d#0")
    assert "street" not in {m.detector for m in mentions}
