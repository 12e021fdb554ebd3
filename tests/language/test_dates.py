from datetime import date

import pytest

from geo.language.dates import find_dates, find_event_date, relative_dates

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


def test_relative_dates_without_publication_are_kept_as_text_without_a_date():
    when = find_event_date("They met on Monday.", None)
    assert (when.iso, when.text) == (None, "on Monday")


def test_a_resolved_date_beats_an_unanchored_one_in_the_same_sentence():
    when = find_event_date("Last week officials recalled the talks of March 3, 2019.", None)
    assert when.iso == "2019-03-03"


def test_relative_dates_lists_only_what_needs_a_publication_date():
    text = "The envoy flew in on Tuesday, weeks after the 2021 accord; more talks are due next month."
    assert [d.text for d in relative_dates(text)] == ["on Tuesday", "next month"]
    assert relative_dates("The accord was signed on 4 May 2021 in Lima.") == []


def test_closest_date_to_the_mention_wins():
    sentence = "Cuba recognised the PRC in 1960 and signed a deal in 2002."
    assert find_event_date(sentence, None, near=sentence.index("deal")).iso == "2002"


def test_offsets_point_at_the_expression():
    text = "They met in late November."
    (found,) = find_dates(text, PUB)
    assert text[found.start:found.end] == found.text == "in late November"


def test_spanish_dates_are_read_in_spanish_sentences():
    from datetime import date as _date

    from geo.language.dates import find_event_date

    pub = _date(2024, 5, 3)
    assert find_event_date("Los apagones afectaron a la isla en marzo de 2024.", pub, language="es").iso == "2024-03"
    assert find_event_date("Se reunieron el 25 de abril.", pub, language="es").iso == "2024-04-25"
    assert find_event_date("Llegó a Lima el jueves.", pub, language="es").iso == "2024-05-02"
    assert find_event_date("Firmaron el acuerdo el año pasado.", pub, language="es").iso == "2023"
    assert find_event_date("Llegó el jueves.", None, language="es").iso is None      # kept, not dropped
    assert find_event_date("They met on Monday.", pub).iso == "2024-04-29"          # English unchanged


def test_the_point_a_superlative_counts_from_is_not_the_events_date():
    from datetime import date

    from geo.language.dates import find_event_date

    s = "The general arrived in Port Ala on Wednesday, his first trip abroad since the 2021 coup."
    when = find_event_date(s, date(2024, 5, 3))
    assert when is not None and when.iso == "2024-05-01"
    assert find_event_date("It was the largest naval drill in the strait since 2019.", date(2024, 5, 3)) is None
    # a state that began then is dated by it
    assert find_event_date("The navy has kept a base there since 2019.", date(2024, 5, 3)).iso == "2019"


def test_that_year_is_the_year_an_earlier_sentence_names():
    from geo.language.dates import year_before

    text = ("The standoff began in May 2020 when soldiers clashed near the lake. In June of that year twenty "
            "soldiers died. The base opened the following year.")
    second = text.index("In June")
    third = text.index("The base")
    assert find_event_date(text[second:third], date(2024, 10, 22), year=year_before(text, second)).iso == "2020-06"
    assert find_event_date(text[third:], date(2024, 10, 22), year=year_before(text, third)).iso == "2021"
    # With no year before it, "June of that year" is no date, never the June before publication.
    assert find_event_date("In June of that year soldiers died.", date(2024, 10, 22)) is None
    # "next year" without an article is still the year after publication.
    assert find_event_date("It will open next year.", date(2024, 10, 22), year=2020).iso == "2025"


def test_a_bare_month_or_weekday_after_a_verb_of_the_future_is_the_next_one():
    published = date(2023, 8, 30)       # a Wednesday
    said = "The authority said on Wednesday it would cut transits from November."
    assert [d.iso for d in find_dates(said, published)] == ["2023-08-30", "2023-11"]
    assert find_event_date("The minister will visit Beijing on Monday.", published).iso == "2023-09-04"
    # past tense, or "last", keeps the one before publication
    assert find_event_date("Transits fell in November.", published).iso == "2022-11"
    assert find_event_date("It will match the cut made last November.", published).iso == "2022-11"
    assert find_event_date("The plan would have taken effect in November.", published).iso == "2022-11"
