"""Named facilities on short texts of our own: each required site of the knowledge base is found
end to end (mentions, then resolution), and a town's name alone stays the town."""
from __future__ import annotations

import pytest

from geo.build.geoparse import Geoparser
from geo.language.facilities import FacilityFinder


@pytest.fixture(scope="module")
def parser(gazetteer):
    return Geoparser(gazetteer)


@pytest.fixture(scope="module")
def finder(gazetteer):
    return FacilityFinder(gazetteer)


def places(parser, text):
    return {r["text"]: r["place_id"] for r in parser.parse(text)}


@pytest.mark.parametrize("text, site", [
    ("Russian warships docked at the naval facility in Tartus on Tuesday.", "tartus-naval-base"),
    ("Satellite photos show the Tartus naval base half empty.", "tartus-naval-base"),
    ("Bombers took off from Hmeimim before dawn, the ministry said.", "hmeimim-air-base"),
    ("Two transport planes left the Russian air base near Latakia.", "hmeimim-air-base"),
    ("A consortium is still studying the deep-sea port at Kyaukpyu, officials said.", "kyaukpyu-deep-sea-port"),
    ("Cargo volumes at Gwadar Port stayed low last year.", "gwadar-port"),
    ("Insurgents attacked the port of Gwadar overnight.", "gwadar-port"),
    ("A research vessel berthed at Hambantota port for a week.", "hambantota-port"),
    ("The Chinese-run port at Hambantota was leased for 99 years.", "hambantota-port"),
    ("Sailors at China's naval base in Djibouti held a drill.", "pla-support-base-djibouti"),
    ("The People's Liberation Army Support Base in Djibouti added a pier.", "pla-support-base-djibouti"),
    ("Drones flew from Camp Lemonnier to Somalia.", "camp-lemonnier"),
    ("American troops at the US base in Djibouti were put on alert.", "camp-lemonnier"),
    ("Engineers lengthened a pier at Ream Naval Base this spring.", "ream-naval-base"),
    ("A new radome was built at the Bejucal site, the report says.", "bejucal-sigint"),
    ("Soviet technicians once staffed the Lourdes listening post outside Havana.", "lourdes-sigint"),
    ("Soldiers of the Russian base in Tajikistan trained near the border.", "201st-military-base"),
    ("Tankers unloaded at the Maday Island terminal.", "maday-island-oil-terminal"),
])
def test_each_required_site_is_found_and_resolved(parser, text, site):
    assert f"site:{site}" in places(parser, text).values(), places(parser, text)


@pytest.mark.parametrize("text, town", [
    ("Protesters marched through Gwadar on Friday.", "Gwadar"),
    ("Floods closed roads around Hambantota, police said.", "Hambantota"),
])
def test_a_towns_name_alone_is_not_the_facility(parser, text, town):
    found = places(parser, text)
    assert not found.get(town, "").startswith("site:"), found


@pytest.mark.parametrize("text", [
    "She waited at the bus station in Managua.",          # a compound noun, not a facility word
    "An air base in Syria was struck overnight.",         # no operator: which air base is not said
    "The embassy in Havana issued visas again.",          # whose embassy is not said
    "Reporters toured the naval base in Djibouti.",       # five states have bases there
    "The Turkish base in Djibouti was inspected.",        # an operator none of them has
    "Gwadar port city grew fast.",                        # the city, not its port
])
def test_no_facility_is_guessed(finder, text):
    assert finder.find(text, "d") == []


def test_the_operator_tells_apart_sites_on_one_anchor(finder):
    (us,) = finder.find("the U.S. embassy in Havana", "d")
    assert us.query == "site:us-embassy-havana" and us.text == "the U.S. embassy in Havana"
    (ru,) = finder.find("the Russian embassy in Havana", "d")
    assert ru.query == "site:russian-embassy-havana"
    (fr,) = finder.find("the French base in Djibouti", "d")
    assert fr.query == "site:ffdj-air-base-188"


def test_the_span_is_the_name_and_its_word(finder):
    text = "Chinese workers expanded Ream naval base in Cambodia."
    (m,) = finder.find(text, "d")
    assert text[m.start:m.end] == m.text == "Ream naval base"   # the subject of the verb is no qualifier
    assert m.label == "DESC" and m.detector == "facility"
