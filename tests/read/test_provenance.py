from datetime import date

import pytest

from geo.read.provenance import parse_date, read_provenance


@pytest.mark.parametrize("text, outlet, filed, published, day", [
    ("Port talks stall\n\nTRIPOLI (AP) — Officials met on Sunday.", "Associated Press", "Tripoli", None, ""),
    ("ANKARA, March 9 (Reuters) - Turkey said on Thursday it would reply.", "Reuters", "Ankara", None, "March 9"),
    ("LIMA, Peru, Feb. 2, 2024 (AFP) -- Protesters gathered.", "Agence France-Presse", "Lima, Peru",
     date(2024, 2, 2), ""),
    ("DJIBOUTI — A second pier opened at the port.", "", "Djibouti", None, ""),
    ("HAMBANTOTA, Sri Lanka — Ships idled offshore.", "", "Hambantota, Sri Lanka", None, ""),
])
def test_datelines_give_place_of_filing_wire_and_day(text, outlet, filed, published, day):
    p = read_provenance(text)
    assert (p.outlet, p.filed_from, p.published, p.dateline_date) == (outlet, filed, published, day)
    assert p.evidence["filed_from"] == "dateline"


@pytest.mark.parametrize("text", ["UPDATE: the vote is delayed.", "NOTE: figures are provisional.",
                                  "BREAKING — markets fell.", "Markets fell in Lima - again."])
def test_labels_and_ordinary_sentences_are_not_datelines(text):
    assert read_provenance(text).filed_from == ""


@pytest.mark.parametrize("line, outlet", [
    ("By Priya Nair and Tom Hale, Associated Press", "Associated Press"),
    ("By Priya Nair | Reuters", "Reuters"),
    ("By Priya Nair for The Guardian", "The Guardian"),
    ("By Priya Nair, Newsweek", "Newsweek"),
    ("By Priya Nair, The Daily Standard", "The Daily Standard"),
])
def test_bylines_name_the_outlet(line, outlet):
    p = read_provenance(f"{line}\n\nThe minister arrived late.")
    assert p.outlet == outlet and p.evidence["outlet"] == "byline"
    assert p.byline.startswith("Priya Nair")


def test_a_byline_ending_in_a_place_names_no_outlet():
    assert read_provenance("By Priya Nair, Mombasa\n\nThe ship docked.").outlet == ""


@pytest.mark.parametrize("tail, outlet", [
    ("(Reporting by Priya Nair; Editing by Tom Hale)", "Reuters"),
    ("Copyright 2024 The Associated Press. All rights reserved.", "Associated Press"),
    ("© AFP 2024", "Agence France-Presse"),
])
def test_credit_lines_at_the_end_name_the_wire(tail, outlet):
    body = "The ship docked at the new pier after a week at sea. " * 60
    p = read_provenance(body + "\n\n" + tail)
    assert p.outlet == outlet and p.evidence["outlet"] == "credit"


@pytest.mark.parametrize("line, published, how", [
    ("Published 4 May 2021", date(2021, 5, 4), "published"),
    ("Published On 4 May 2021", date(2021, 5, 4), "published"),
    ("Posted: 2021-05-04T08:00:00Z", date(2021, 5, 4), "published"),
    ("Updated 9:15 AM GMT, Tue May 4, 2021", date(2021, 5, 4), "updated"),
    ("Last updated on May 4th, 2021", date(2021, 5, 4), "updated"),
])
def test_dated_lines(line, published, how):
    p = read_provenance(f"A headline about ports\n{line}\n\nThe pier opened.")
    assert (p.published, p.evidence["published"]) == (published, how)


def test_publication_beats_a_later_update_whatever_the_order():
    p = read_provenance("Updated 6 May 2021\nPublished 4 May 2021\n\nText.")
    assert p.published == date(2021, 5, 4)


def test_dated_line_far_down_the_body_is_not_the_header():
    p = read_provenance("Text. " * 600 + "\nPublished 4 May 2021\n")
    assert p.published is None


def test_parse_date_refuses_impossible_days():
    assert parse_date("February 30, 2021") is None
    assert parse_date("2021-13-01") is None
    assert parse_date("3rd June 2021") == date(2021, 6, 3)


@pytest.mark.parametrize("header, outlet, published, how", [
    ("By Staff Reporter | Gulf Monitor | 12 January 2024", "Gulf Monitor", date(2024, 1, 12), "byline"),
    ("By A. Correspondent, Horn Review, 5 February 2024", "Horn Review", date(2024, 2, 5), "byline"),
    ("Maritime Daily, 27 January 2024", "Maritime Daily", date(2024, 1, 27), "masthead"),
    ("5 February 2024 | Horn Review", "Horn Review", date(2024, 2, 5), "masthead"),
    ("Red Sea Observer - Tuesday, February 20, 2024", "Red Sea Observer", date(2024, 2, 20), "masthead"),
    ("March 3, 2024", "", date(2024, 3, 3), "masthead"),
])
def test_a_byline_or_masthead_line_under_the_headline_dates_the_copy(header, outlet, published, how):
    p = read_provenance(f"Tanker hit off the coast\n{header}\n\nA tanker was struck on Friday.")
    assert (p.outlet, p.published, p.evidence["published"]) == (outlet, published, how)


def test_a_place_and_a_date_on_a_line_date_the_copy_but_name_no_outlet():
    p = read_provenance("Talks resume\nHavana, 12 March 2024\n\nThe delegations met.")
    assert (p.outlet, p.published) == ("", date(2024, 3, 12))


def test_a_date_deep_in_the_story_or_inside_a_sentence_is_not_the_copy_s():
    body = "\n".join(f"Paragraph {i} says little." for i in range(10))
    assert read_provenance(f"Timeline\n\n{body}\n\n12 January 2024\n\nThe strikes began.").published is None
    assert read_provenance("Strikes\n\nThe talks ended on 5 February 2024 | sources said.").published is None


def test_provenance_lines_are_the_header_s_own_lines():
    from geo.read.provenance import provenance_lines

    text = ("US jets strike targets\nBy Staff Reporter | Gulf Monitor | 12 January 2024\n\n"
            "Published 12 January 2024\n\nJets struck on Friday, the Pentagon said.")
    assert [text[a:b] for a, b in provenance_lines(text)] == [
        "By Staff Reporter | Gulf Monitor | 12 January 2024", "Published 12 January 2024"]
