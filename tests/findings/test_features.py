"""Where a finding with no literal place belongs: a link, one country's panel, or a region's point."""
from datetime import date

from geo.findings.features import finding_feature, relation_of
from geo.model import Actor, Claim, Document, Finding, GeoPrecision, Mention, Place, Source, Stance

FD = Place("country:FD", "Freedonia", 10.0, 10.0, "country", "FD")
PORT = Place("geonames:1", "Port Ala", 10.5, 10.5, "city", "FD")
SY = Place("country:SY", "Sylvania", 20.0, 20.0, "country", "SY")
ATLANTIS = Place("region:atl", "Atlantis Basin", 0.0, -30.0, "region", "")
TEXT = "Port Ala said Freedonia and Sylvania and the Atlantis Basin talk with the West (Western countries)."


def _finding(*places: Place, locus: Place | None = None) -> Finding:
    claims = tuple(Claim("a#0", p, Mention("a#0", TEXT.index(p.name), TEXT.index(p.name) + len(p.name), p.name),
                         TEXT, 0, len(TEXT)) for p in places)
    actors = tuple(Actor(p.name, "place", "associative", p.id, p.country) for p in places if p is not locus)
    source = Source("a#0", TEXT, 0, len(TEXT), claims[0].mention, "", Stance.ASSERTS)
    return Finding("a#0@0", "other", "", "statement", locus,
                   GeoPrecision.NONE if locus is None else GeoPrecision.CITY, actors, claims, (source,))


def test_actors_of_two_countries_are_a_link():
    assert relation_of(_finding(PORT, SY)) == ("link", ["geonames:1", "country:SY"], None)


def test_actors_of_one_country_are_one_of_its_findings_not_a_link():
    # a city standing for its government and the country itself: one country, its panel
    assert relation_of(_finding(PORT, FD)) == ("country", ["geonames:1"], "FD")
    assert relation_of(_finding(FD)) == ("country", ["country:FD"], "FD")


def test_a_region_alone_is_drawn_at_its_point_and_a_located_finding_is_no_relation():
    assert relation_of(_finding(ATLANTIS)) == ("region", ["region:atl"], None)
    assert relation_of(_finding(PORT, SY, locus=PORT))[0] is None


def test_the_feature_carries_the_relation_and_its_country():
    doc = Document("a#0", "a.txt", 0, TEXT, outlet="Daily", published=date(2024, 5, 1))
    props = finding_feature(_finding(PORT, FD), {"a#0": doc})["properties"]
    assert (props["relation"], props["relation_ends"], props["country"], props["place"]) == \
        ("country", ["geonames:1"], "FD", None)
    linked = finding_feature(_finding(PORT, SY), {"a#0": doc})["properties"]
    assert linked["relation"] == "link" and linked["country"] is None


WEST = Place("region:the-west", "the West (Western countries)", 45.0, -30.0, "region", "")


def test_a_grouping_alone_is_drawn_nowhere_and_beside_countries_is_no_end():
    # "the West warned ...": no government, no territory; its nominal point is no place to draw
    assert relation_of(_finding(WEST)) == ("unplaced", [], None)
    assert relation_of(_finding(WEST, ATLANTIS)) == ("region", ["region:atl"], None)
    assert relation_of(_finding(SY, WEST)) == ("country", ["country:SY"], "SY")
