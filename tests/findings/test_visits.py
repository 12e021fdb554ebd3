"""Visits: who travelled, from where, to where, and when, on small articles."""

from geo.build.corpus import analyse


def visits_in(tmp_path, text):
    (tmp_path / "article.txt").write_text(text, encoding="utf-8")
    result = analyse(tmp_path, use_cache=False)
    return {(v.visitor, v.origin.name if v.origin else None, v.destination.name): v for v in result.visits}


CUBA_CHINA = ("Cuba and China signed new agreements. Cuban officials praised China. "
              "China sent aid to Cuba and Havana thanked Beijing.\n\n")


def test_two_people_joined_by_and_are_two_visits_each_from_their_own_home(tmp_path):
    found = visits_in(tmp_path, CUBA_CHINA + "Mongolian President Ukhnaagiin Khurelsukh and European Council "
                                             "President Charles Michel are due to travel to Beijing next week.")
    origins = {visitor: origin for visitor, origin, _ in found}
    assert origins.get("Charles Michel") == "Brussels"
    assert origins.get("Ukhnaagiin Khurelsukh") in ("Ulan Bator", "Ulaanbaatar")


def test_a_third_country_in_the_sentence_stops_the_two_country_guess(tmp_path):
    found = visits_in(tmp_path, CUBA_CHINA + "Mongolia's envoy said Bolormaa Tseren will travel to Beijing.")
    assert all(origin != "Havana" for _, origin, _ in found)


def test_an_origin_stated_once_serves_the_same_persons_other_trips(tmp_path):
    found = visits_in(tmp_path, "After a visit to Madrid, NATO Secretary General Mark Rutte flew on to Warsaw.\n\n"
                                "Rutte later visited Rome.")
    assert {origin for _, origin, _ in found} == {"Brussels"}
    assert any("same person" in v.origin_reason for v in found.values())


def test_the_officials_who_speak_are_not_the_travellers(tmp_path):
    # Soldiers landing is no diplomatic visit, and "officials said" names the source, not a delegation.
    found = visits_in(tmp_path, "A contingent of Russian military instructors landed at the airport in Gao on "
                                "Tuesday, two local officials said.\n\nAmerican officials said Washington was "
                                "seeking talks with the junta in Niamey.")
    assert found == {}


def test_a_delegation_that_travels_is_still_a_visitor_beside_a_speaker(tmp_path):
    found = visits_in(tmp_path, "Officials said a Chinese delegation flew to Havana on Monday.")
    assert [visitor for visitor, _, dest in found if dest == "Havana"] == ["Chinese delegation"]


def test_an_arrival_takes_the_place_its_sentence_opens_with(tmp_path):
    found = visits_in(tmp_path, "In Ouagadougou, officials said a delegation from Moscow had arrived to "
                                "discuss a power plant.")
    assert [(origin, dest) for _, origin, dest in found] == [("Moscow", "Ouagadougou")]


def test_the_place_in_the_speaker_s_phrase_is_not_the_destination(tmp_path):
    found = visits_in(tmp_path, "Foreign Minister Ana Ruiz arrived in Lima on Monday for a two-day visit, the "
                                "Chilean embassy in Quito said.")
    assert [dest for _, _, dest in found] == ["Lima"]
