"""Trips as itineraries, each pattern on a short article written for the test."""
import pytest

from geo.build.corpus import analyse


def trips_in(tmp_path, text, published="2024-03-15"):
    (tmp_path / "article.txt").write_text(text, encoding="utf-8")
    (tmp_path / "sources.yaml").write_text(f"article.txt:\n  published: {published}\n", encoding="utf-8")
    legs = analyse(tmp_path, use_cache=False).legs
    trips: dict[str, list] = {}
    for leg in legs:
        trips.setdefault(leg.trip, []).append(leg)
    return [sorted(t, key=lambda l: l.leg) for t in trips.values()]


def stops(trip):
    return [trip[0].origin.name if trip[0].origin else None] + [l.destination.name for l in trip]


def only(trips, name):
    found = [t for t in trips if name in t[0].visitor]
    assert len(found) == 1, [(t[0].visitor, stops(t)) for t in trips]
    return found[0]


def test_an_earlier_stop_comes_first_and_each_leg_starts_where_the_last_ended(tmp_path):
    trips = trips_in(tmp_path, "Kenyan President William Ruto arrived in Berlin on Tuesday after a visit to Paris, "
                               "where he met French officials.")
    assert stops(only(trips, "Ruto")) == ["Nairobi", "Paris", "Berlin"]


def test_planned_and_under_way_trips_are_told_apart(tmp_path):
    trips = trips_in(tmp_path, "Brazilian Foreign Minister Mauro Vieira will travel to Tokyo next week.\n\n"
                               "Italian Defence Minister Guido Crosetto is visiting Ankara this week.")
    assert only(trips, "Vieira")[0].travel.value == "planned"
    assert only(trips, "Crosetto")[0].travel.value == "under way"


def test_a_meeting_abroad_with_no_place_implies_the_hosts_capital(tmp_path):
    trips = trips_in(tmp_path, "French President Emmanuel Macron spoke on Monday.\n\n"
                               "Norwegian Prime Minister Jonas Gahr Store met with Macron on Tuesday.")
    leg = only(trips, "Store")[0]
    assert (leg.origin.name, leg.destination.name) == ("Oslo", "Paris")
    assert "inferred" in leg.reports[0].pattern


def test_a_title_phrase_is_the_person_who_holds_the_office(tmp_path):
    trips = trips_in(tmp_path, "Peruvian President Dina Boluarte opened the session in Lima.\n\n"
                               "Days later the Peruvian President flew to Madrid for talks.")
    leg = only(trips, "Boluarte")[0]
    assert leg.destination.name == "Madrid" and leg.office == "President"


def test_private_travel_is_not_a_diplomatic_visit(tmp_path):
    trips = trips_in(tmp_path, "Retired nurse Helen Parker flew to Lisbon last week to celebrate her birthday. "
                               "She visited Porto on Friday.")
    assert trips == []


def test_several_destinations_of_one_trip_word_are_legs_in_order(tmp_path):
    trips = trips_in(tmp_path, "Japanese Foreign Minister Yoko Kamikawa will visit Australia, New Zealand and Fiji "
                               "next month.")
    trip = only(trips, "Kamikawa")
    assert [l.destination.country for l in trip] == ["AU", "NZ", "FJ"]
    assert all(l.travel.value == "planned" for l in trip)


def test_the_subject_goes_on_after_then(tmp_path):
    trips = trips_in(tmp_path, "Indian Prime Minister Narendra Modi met German Chancellor Olaf Scholz in Berlin "
                               "on Monday, then attended a summit in Stockholm.")
    assert stops(only(trips, "Modi")) == ["New Delhi", "Berlin", "Stockholm"]
    assert not [t for t in trips if "Scholz" in t[0].visitor]


def test_a_caption_places_a_foreign_leader_with_the_host(tmp_path):
    trips = trips_in(tmp_path, "Vietnamese Premier Pham Minh Chinh and King Charles in London in 2023.")
    leg = only(trips, "Pham")[0]
    assert leg.destination.name == "London" and leg.event_date == "2023"


def test_returning_home_is_the_last_leg(tmp_path):
    trips = trips_in(tmp_path, "Chilean Foreign Minister Alberto van Klaveren arrived in Seoul on Monday. "
                               "He returns home on Friday.")
    trip = only(trips, "Klaveren")
    assert stops(trip) == ["Santiago", "Seoul", "Santiago"]


def test_one_trip_reported_in_two_articles_is_one_itinerary(tmp_path):
    (tmp_path / "a.txt").write_text("Argentine President Javier Milei arrived in Madrid on May 18, 2024.\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("Milei, the Argentine president, met Spanish officials in Madrid in May 2024 "
                                    "before he flew to Berlin.\n", encoding="utf-8")
    legs = analyse(tmp_path, use_cache=False).legs
    madrid = [l for l in legs if l.destination.name == "Madrid"]
    assert len(madrid) == 1 and {r.doc_id.split("#")[0] for r in madrid[0].reports} == {"a.txt", "b.txt"}


def test_travel_at_home_is_not_a_visit(tmp_path):
    trips = trips_in(tmp_path, "Australian Prime Minister Anthony Albanese flew to Perth on Sunday.")
    assert trips == []


@pytest.mark.parametrize("text,status", [
    ("The minister cancelled his trip to Rome", "cancelled"),
    ("The minister is due to travel to Rome", "planned"),
    ("The minister travelled to Rome", "took place"),
])
def test_travel_status_reads_the_verb(text, status):
    from geo.findings.visits import TRIGGER, travel_status

    assert travel_status(text, TRIGGER.search(text).start()).value == status
