"""Each evidence function of the resolver, on candidates made here."""
from __future__ import annotations

import json

import pytest

from geo.model import Place
from geo.places import evidence as ev
from geo.places.gazetteer.index import Candidate


def cand(kind="city", pop=1000, match="name", country="US", admin1="", admin2="", capital=False, lat=0.0, lon=0.0):
    return Candidate(Place("p", "P", lat, lon, kind, country=country, population=pop), match, admin1, admin2, capital)


def test_population_is_log10_and_areas_count_as_large():
    assert ev.population(cand(pop=990))["population"] == pytest.approx(3.0)
    assert ev.population(cand("region", pop=0))["population"] == 7.0


def test_kind_is_an_indicator_with_towns_as_baseline():
    assert ev.kind(cand("country")) == {"kind_country": 1.0}
    assert ev.kind(cand("city")) == {}


def test_name_match_alternate_beside_an_own_name_and_namesake_division():
    alt, own = cand(match="alt"), cand(match="name")
    assert ev.name_match(alt, [alt, own]) == {"match_alt": 1.0, "match_alt_beside_own": 1.0}
    assert ev.name_match(alt, [alt]) == {"match_alt": 1.0}
    div = cand("adm1", pop=1_000_000, admin1="EG.06")
    city = cand("city", pop=400_000, admin1="EG.06")
    assert ev.name_match(div, [div, city]) == {"namesake_division": 1.0}
    assert ev.name_match(cand(match="part:name"), []) == {"match_part": 1.0}


def test_a_curated_regions_alias_is_its_name_not_a_spelling_variant():
    region = Candidate(Place("region:the-west", "the West (Western countries)", 45, -30, "region"), "variant")
    assert ev.name_match(region, [region]) == {}
    assert ev.name_match(cand(match="variant"), []) == {"match_variant": 1.0}


def test_capital_and_international_capital():
    assert ev.capital(cand(capital=True)) == {"capital": 1.0} and ev.capital(cand()) == {}
    assert ev.capital_international(cand(capital=True), True) == {"capital_international": 1.0}
    assert ev.capital_international(cand(capital=True), False) == {}


def test_kind_cue_rules_out_areas_only_when_a_town_reading_exists():
    town, country = cand("city"), cand("country")
    assert ev.kind_cue(country, [town, country], 2) == {"cue_municipal_not_area": 1.0}
    assert ev.kind_cue(country, [town, country], 1) == {"cue_resident_not_country": 1.0}
    assert ev.kind_cue(cand("adm1"), [town, cand("adm1")], 1) == {}       # "a Georgia man" may be the state
    assert ev.kind_cue(country, [country], 2) == {}


def test_context_country_has_its_own_feature_for_sites_and_countries():
    assert ev.context_country(cand("site"), 0.7, 1.0) == {"site_country": 0.7}
    assert ev.context_country(cand("country"), 0.5, 1.0) == {"country_contains": 0.5, "named_country": 1.0}
    assert ev.context_country(cand("city"), 0.5, 0.2) == {"country_support": 0.5, "named_country": 0.2}


def test_context_division_needs_the_codes():
    assert ev.context_division(cand(admin1="US.TX", admin2="US.TX.277"), 1.0, 0.5, 0.3) == {
        "named_admin1": 1.0, "admin1_support": 0.5, "admin2_support": 0.3}
    assert ev.context_division(cand("adm1", admin1="US.TX"), 1.0, 0.5, 0.0) == {"admin1_support": 0.5}
    assert ev.context_division(cand(), 1.0, 1.0, 1.0) == {}


def test_nearby_decays_with_distance_and_ignores_the_name_itself():
    c = cand(lat=40.0, lon=-90.0)
    close = ev.nearby(c, [(40.1, -90.0, 1.0, "other")], "me")["near"]
    far = ev.nearby(c, [(42.0, -90.0, 1.0, "other")], "me")["near"]
    assert 0.9 < close <= 1.0 and 0 < far < 0.3
    assert ev.nearby(c, [(40.0, -90.0, 1.0, "me")], "me") == {"near": 0.0}
    assert ev.nearby(cand("country"), [(40.0, -90.0, 1.0, "x")], "me") == {}


def test_colocated_is_for_towns_counties_and_sites_only():
    assert ev.colocated(cand(), 0.6) == {"colocated": 0.6}
    assert ev.colocated(cand("adm2"), 0.6) == {"colocated": 0.6}
    assert ev.colocated(cand("country"), 0.6) == {} and ev.colocated(cand(), 0.0) == {}


def test_colocated_counts_other_specific_names_with_any_reading_near_the_candidate():
    from geo.places.resolve import _Context, _Group

    def group(key, *points, probs=None):
        cands = [Candidate(Place(f"{key}{i}", key, lat, lon, "city"), "name") for i, (lat, lon) in enumerate(points)]
        n = len(cands)
        return _Group(key=key, name=key, indices=[0], cands=cands, static=[{}] * n, paired=[False] * n,
                      base=[0.0] * n, scores=[0.0] * n, probs=probs or [1.0 / n] * n, given=True)

    # "Brandon": a big town far away and a village; "Albany" and "Douglas" each have a reading
    # near the village only, however unlikely those readings are now.
    brandon = group("brandon", (27.9, -82.3), (45.97, -95.60))
    albany = group("albany", (31.6, -84.2), (45.63, -94.57), probs=[0.95, 0.05])
    douglas = group("douglas", (41.3, -96.2), (45.93, -95.45), probs=[0.9, 0.1])
    many = group("springfield", *[(45.9 + i * 0.001, -95.5) for i in range(ev.COLOCATED_SPECIFIC + 1)])
    ctx = _Context([brandon, albany, douglas, many])
    big, village = brandon.cands
    assert ctx.colocated(big, brandon) == 0.0
    # two names of two readings each count 1/sqrt(2); a name of too many readings says nothing
    assert ctx.colocated(village, brandon) == pytest.approx(2 / 2 ** 0.5, abs=1e-3)
    # a name never supports itself
    assert ctx.colocated(albany.cands[1], albany) == pytest.approx(2 / 2 ** 0.5, abs=1e-3)


def test_pair_locale_and_outlet():
    assert ev.written_pair(True) == {"pair": 1.0} and ev.written_pair(False) == {}
    assert ev.text_locale(cand(country="GB"), {"GB": 0.8}) == {"text_locale": 0.8}
    assert ev.text_locale(cand(country="FR"), {"GB": 0.8}) == {}
    assert ev.outlet(cand(country="CA"), {"CA": 1.0}) == {"outlet_country": 1.0}
    assert ev.outlet(cand(country="US"), {}) == {}


def test_no_feature_favours_a_country():
    assert not [f for f in ev.FEATURES if "us" in f.split("_")]


def test_shipped_weights_cover_every_feature_and_nothing_else():
    data = json.loads(ev.WEIGHTS_PATH.read_text(encoding="utf-8"))
    assert set(data["weights"]) == set(ev.FEATURES)
    assert "development half" in data["recipe"]["data"]


def test_without_zeroes_a_whole_signal():
    w = ev.shipped_weights()
    off = ev.without(w, "context_country")
    assert all(off[f] == 0.0 for f in ev.SIGNALS["context_country"])
    assert off["near"] == w["near"]


def test_unknown_feature_in_a_weights_file_is_an_error(tmp_path):
    f = tmp_path / "w.json"
    f.write_text(json.dumps({"weights": {"population": 1.0, "favour_us": 3.0}}), encoding="utf-8")
    with pytest.raises(ValueError, match="favour_us"):
        ev.shipped_weights(f)
