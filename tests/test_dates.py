from datetime import date

import pytest

from geo.dates import find_dates, find_event_date

PUB = date(2023, 6, 20)  # a Tuesday


@pytest.mark.parametrize("text, iso", [
    ("On September 28, 1960, the Cuban government recognized", "1960-09-28"),
    ("at the Great Hall on Friday, Nov. 25, 2022.", "2022-11-25"),
    ("In November 1960, Ernesto Guevara led a delegation", "1960-11"),
    ("China has maintained espionage bases since at least 2019.", "2019"),
    ("Chinese presence in Cuba dates back to the 1840s.", "1840"),
    ("Published 31 March 2017", "2017-03-31"),
    ("On 7/16/21 at 7:30 AM EDT", "2021-07-16"),
])
def test_explicit_dates(text, iso):
    assert find_event_date(text, PUB).iso == iso


@pytest.mark.parametrize("text, iso", [
    ("Blinken met senior Chinese officials on Monday.", "2023-06-19"),
    ("In late November, the Cuban President paid a visit.", "2022-11"),
    ("In June, a report published by the WSJ claimed", "2023-06"),
    ("last September's historic visit", "2022-09"),
    ("Last month, the UN General Assembly voted", "2023-05"),
    ("expected to culminate on November 9", "2023-11-09"),
])
def test_relative_dates_resolve_against_publication(text, iso):
    assert find_event_date(text, PUB).iso == iso


def test_relative_dates_without_publication_are_left_undated():
    assert find_event_date("They met on Monday.", None) is None


def test_closest_date_to_the_mention_wins():
    sentence = "Cuba recognised the PRC in 1960 and signed a deal in 2002."
    assert find_event_date(sentence, None, near=sentence.index("deal")).iso == "2002"


def test_offsets_point_at_the_expression():
    text = "They met in late November."
    (found,) = find_dates(text, PUB)
    assert text[found.start:found.end] == found.text == "in late November"
