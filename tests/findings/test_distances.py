"""Stated distances: found in the text, measured on the ellipsoid."""
from __future__ import annotations

import pytest

from geo.findings.distances import MILE, find_distances, geodesic_m, parse_stated, ring

HAVANA = (-82.38304, 23.13302)


def feat(place, country, kind, lon, lat, claim, mention=None):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"place": place, "country": country, "place_kind": kind, "claim": claim,
                           "mention": mention or place, "doc": "a.txt", "source": "WSJ", "published": "2023-06-20"}}


@pytest.mark.parametrize("text, value, unit, reference", [
    ("a training center on the island roughly 100 miles from the U.S. coast", 100, "mi", "United States of America"),
    ("given Cuba's 90-mile proximity to U.S. shores", 90, "mi", "United States of America"),
    ("some 150 km off the coast of Florida", 150, "km", "United States of America"),
    ("a base 1,200 kilometres from Japan", 1200, "km", "Japan"),
    ("ninety miles from Key West", 90, "mi", "United States of America"),
    ("12 nautical miles off Taiwan", 12, "nmi", "Taiwan"),
])
def test_parse_stated(text, value, unit, reference):
    (d,) = parse_stated(text)
    assert (d["value"], d["unit"], d["reference"]) == (value, unit, reference)


def test_no_false_distances():
    assert parse_stated("In 2019 some 100 officials met in Havana.") == []
    assert [d["reference"] for d in parse_stated("a 5-mile run")] == [None]


def test_geodesic_not_flat_earth():
    # Havana -> Key West: ~104 statute miles on WGS84
    d = geodesic_m(HAVANA, (-81.80902, 24.54251)) / MILE
    assert 103 < d < 104.5
    # the ring is a true geodesic circle: every vertex at the radius
    pts = ring(HAVANA, 100 * MILE, n=36)
    assert all(abs(geodesic_m(HAVANA, (lon, lat)) - 100 * MILE) < 30 for lat, lon in pts)


def test_find_distances_seed_sentences():
    s1 = ("Current and former U.S. officials have confirmed that China is negotiating with Havana to establish "
          "a joint military training center on the island roughly 100 miles from the U.S. coast.")
    s2 = "a national security challenge to the United States given Cuba\u2019s 90-mile proximity to U.S. shores."
    fs = [feat("United States", "US", "country", -98.5, 39.76, s1, "U.S."),
          feat("China", "CN", "country", 105.0, 35.0, s1),
          feat("Havana", "CU", "city", *HAVANA, s1),
          feat("United States", "US", "country", -98.5, 39.76, s2),
          feat("Cuba", "CU", "country", -80.0, 21.5, s2, "Cuba\u2019s"),
          feat("China", "CN", "country", 105.0, 35.0, "China is far from everything, 10,000 km from Mars.")]
    out = find_distances(fs)
    assert [(d["site"], d["stated"]) for d in out] == [("Cuba", "90-mile"), ("Havana", "roughly 100 miles")]
    cuba, havana = out
    # measured to the nearest point of the US outline (Key West), not the US centroid
    assert 100 < havana["measured_m"] / MILE < 108
    assert 85 < cuba["measured_m"] / MILE < 100
    assert havana["ring"] and not cuba["ring"]          # a ring around a point site only
    assert havana["feature_ids"] == [0, 1, 2]
    assert "measured 104 mi" in havana["label"] and "roughly 100 miles" in havana["label"]
    assert out == find_distances(fs)                    # deterministic


def test_a_distance_stated_by_a_later_source_of_a_finding_is_found_and_one_gap_has_one_label():
    first = "Officials said the listening post on the island was being upgraded."
    later = "The island lies about 100 miles from the U.S. coast, analysts noted."
    merged = feat("Cuba", "CU", "country", -80.0, 21.5, first, "the island")
    merged["properties"]["claims"] = [{"doc": "a.txt", "claim": first},
                                      {"doc": "b.txt", "claim": later}]
    other = feat("Cuba", "CU", "country", -80.0, 21.5, "Cuba sits some 150 km off the coast of Florida.")
    (d,) = find_distances([merged, other])
    assert d["site"] == "Cuba" and d["stated_all"] == ["about 100 miles", "some 150 km"]
    assert "\u201cabout 100 miles\u201d, \u201csome 150 km\u201d" in d["label"]
    assert d["feature_ids"] == [0, 1] and not d["ring"]


def test_a_distance_to_a_named_town_is_measured_to_the_town():
    claim = "The navy is building a pier at Port Ala, about 30 kilometres south of the town of Obock."
    f = feat("Port Ala", "FD", "city", 43.0, 11.5, claim)
    f["properties"]["places"] = [{"name": "Port Ala", "lat": 11.5, "lon": 43.0},
                                 {"name": "Obock", "lat": 11.75, "lon": 43.0}]
    (d,) = find_distances([f])
    assert (d["site"], d["reference"]) == ("Port Ala", "Obock")
    assert abs(d["measured_m"] - geodesic_m((43.0, 11.5), (43.0, 11.75))) < 1 and d["stated_m"] == 30000
    assert d["ring"] and d["label"].endswith("Port Ala to Obock")


def test_a_distance_from_something_unplaced_is_not_measured_from_the_place_it_names():
    # "The airport" is no place of the sentence: there is nothing to measure from.
    claim = "The airport lies about 10 kilometres from Obock."
    f = feat("Obock", "FD", "city", 43.0, 11.75, claim)
    f["properties"]["places"] = [{"name": "Obock", "lat": 11.75, "lon": 43.0}]
    assert find_distances([f]) == []
