"""The offline gazetteer: names, abbreviations, demonyms, regions, sites, caching."""
from __future__ import annotations

import pytest

from geo.places.gazetteer import Gazetteer
from geo.places.gazetteer.index import default_cache_dir, read_sites
from geo.places.gazetteer.normalize import is_abbreviation, norm, plural_demonym, variants

SITES = """id,name,aliases,lat,lon,country,category,descriptors,status,source
lourdes-sigint,Lourdes SIGINT station,Lourdes;Lourdes facility;Lourdes base,22.9833,-82.4631,CU,intelligence,signals intelligence station;listening post;spy base,closed 2002,https://www.globalsecurity.org/intell/world/cuba/lourdes.htm
ream-naval,Ream Naval Base,Ream;Ream base,10.5044,103.6094,KH,naval_base,naval base;naval facility,active,https://en.wikipedia.org/wiki/Ream_Naval_Base
piraeus-ct,Piraeus Container Terminal,PCT,37.95,23.585,GR,port,,active,https://en.wikipedia.org/wiki/Port_of_Piraeus
"""


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    p = tmp_path_factory.mktemp("sites") / "sites.csv"
    p.write_text(SITES, encoding="utf-8")
    return Gazetteer.open(sites=p)


def test_norm_unifies_spellings():
    assert norm("U.S.") == norm("US") == "us"
    assert norm("The Gambia") == "gambia"
    assert norm("Zürich") == "zurich"
    assert norm("Coeur d’Alene") == norm("Coeur d'Alene") == "coeur dalene"
    assert "st louis" in variants("saint louis")
    assert is_abbreviation("U.A.E.") and not is_abbreviation("Cuba")
    assert plural_demonym("Cuban") == "Cubans" and plural_demonym("Chinese") == "Chinese"


def test_countries_abbreviations_and_demonyms(gaz):
    us = gaz.candidates("U.S.")[0]
    assert us.kind == "country" and us.country == "US" and us.geonameid == 6252001
    assert gaz.candidates("USA")[0].country == "US"
    assert gaz.candidates("UAE")[0].country == "AE"
    assert gaz.candidates("PRC")[0].country == "CN"
    for word, iso in [("Cuban", "CU"), ("Cubans", "CU"), ("Chinese", "CN"), ("Russian", "RU")]:
        assert gaz.candidates(word)[0].country == iso, word
    # abbreviations match only when written in capitals: "us" is a pronoun
    assert all(p.kind != "country" for p in gaz.candidates("us"))
    assert gaz.is_place_name("Cuba") and not gaz.is_place_name("Qwxzzy")


def test_initials_with_their_dots_are_an_abbreviation_or_nothing(gaz):
    # "D.A." (a district attorney) is not the town Da; "U.K." is the country alone, not the town Uk
    assert gaz.candidates("D.A.") == []
    assert [p.country for p in gaz.candidates("U.K.")] == ["GB"]
    assert gaz.candidates("Da") and gaz.candidates("N.Y.")[0].name == "New York"


def test_a_site_s_abbreviation_matches_only_in_capitals(gaz):
    assert gaz.candidates("PCT")[0].name == "Piraeus Container Terminal"
    assert not any(p.kind == "site" for p in gaz.candidates("Pct."))      # "Harris County Pct. 4"
    assert gaz.candidates("Piraeus Container Terminal")[0].kind == "site"


def test_regions_and_physical_features(gaz):
    for name in ["Caribbean", "Western Hemisphere", "Latin America", "South China Sea", "Gulf of Thailand",
                 "Middle East", "Eastern Europe"]:
        c = gaz.candidates(name)
        assert c and c[0].kind in ("region", "water"), name
        assert c[0].source.startswith("http")
    soviet = gaz.candidates("Soviet")[0]
    assert soviet.id == "region:soviet-union"


def test_subdivisions_and_counties_have_points(gaz):
    texas = [p for p in gaz.candidates("Texas") if p.kind == "adm1"][0]
    assert texas.country == "US" and 28 < texas.lat < 34 and -102 < texas.lon < -95
    rapides = gaz.candidates("Rapides Parish")[0]
    assert rapides.kind == "adm2" and abs(rapides.lat - 31.17) < 1 and abs(rapides.lon + 92.48) < 1


def test_cities_from_cities500(gaz):
    havana = [p for p in gaz.candidates("Havana") if p.kind == "city" and p.country == "CU"][0]
    assert havana.geonameid == 3553478 and havana.population > 1_000_000
    assert "CC BY" in havana.source


def test_sites_are_candidates_with_descriptors(gaz):
    c = gaz.candidates("Lourdes")
    site = [p for p in c if p.id == "site:lourdes-sigint"][0]
    assert site.kind == "site" and site.country == "CU" and site.category == "sigint-station"
    assert any(p.country == "FR" for p in c)       # Lourdes, France is still a candidate
    assert "listening post" in gaz.site_descriptors("site:lourdes-sigint")
    assert {s.id for s in gaz.sites()} >= {"site:lourdes-sigint", "site:ream-naval"}
    assert gaz.get("site:ream-naval").country == "KH"
    assert gaz.country("cu").name == "Cuba"


def test_read_sites_skips_rows_without_coordinates(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text(SITES.splitlines()[0] + "\nx,X,,,,,,,,\n", encoding="utf-8")
    assert read_sites(p) == []


def test_cache_dir_respects_env(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFMAP_CACHE", str(tmp_path))
    assert default_cache_dir() == tmp_path
    monkeypatch.delenv("BRIEFMAP_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "briefmap"


def test_an_arabic_name_is_found_by_either_ending_of_its_ta_marbuta(gaz):
    # GeoNames lists "Hodeida" and "Al Hudaydah" for Yemen's port; news also writes "Hodeidah".
    for name in ("Hodeidah", "Hodeida", "Al Hudayda"):
        top = gaz.lookup(name, 1)
        assert top and top[0].place.country == "YE" and top[0].place.kind == "city", name
    # a country outside the Arabic and Persian world gets no such twins
    assert not gaz.lookup("Barcelonah", 1)
