"""Where an outlet or URL says an article is published."""
from geo.places.publication import host_of, publication_countries


def test_national_domains():
    assert publication_countries("https://www.thisisoxfordshire.co.uk/news/1") == {"GB": 1.0}
    assert publication_countries("http://sptimes.ru/story") == {"RU": 1.0}
    assert publication_countries("https://news.example.com.au/x") == {"AU": 1.0}


def test_generic_and_vanity_domains_say_nothing():
    for url in ("https://example.com/a", "https://example.org", "https://station.tv/news", "https://app.io/x",
                "", None, "no url at all"):
        assert publication_countries(url) == {}


def test_outlet_profile_gives_its_country_but_not_for_a_wire_service():
    assert publication_countries(None, "Global Times") == {"CN": 1.0}
    assert publication_countries(None, "Reuters") == {}
    assert publication_countries(None, "Some Unknown Gazette") == {}


def test_an_international_broadcaster_says_where_it_is_run_from_not_where_its_stories_are():
    # VOA or teleSUR write for audiences abroad: no home-country evidence; Granma writes for Cubans
    assert publication_countries(None, "Voice of America") == {}
    assert publication_countries(None, "teleSUR English") == {}
    assert publication_countries(None, "Granma") == {"CU": 1.0}


def test_host_of_ignores_credentials_and_ports():
    assert host_of("https://user:pw@Example.CO.UK:8080/x") == "example.co.uk"


def test_a_city_papers_host_names_its_town_and_nothing_else():
    from geo.places.publication import host_place_names

    towns = {"springfield": "Springfield", "columbus": "Columbus", "dublin": "Dublin"}.get
    assert host_place_names("http://www.springfieldnewssun.com/a", towns) == ["Springfield"]
    assert host_place_names("https://columbus-dispatch.example.com/", towns) == ["Columbus"]
    # a label that is only newspaper words, or a name followed by other words, names nothing
    assert host_place_names("http://www.dailynews.com/", towns) == []
    assert host_place_names("http://www.dublinbikes.com/", towns) == []
    assert host_place_names("", towns) == [] and host_place_names("not a url", towns) == []


def test_host_towns_join_the_inference_as_context(gazetteer):
    from geo.build.geoparse import Geoparser

    p = Geoparser(gazetteer)
    text = "Students from several Dublin elementary schools study martial arts before class."
    ctx = p.outlet_context(text, "http://columbuslocalnews.com/articles/1.txt", "d")
    assert [(m.text, m.start, m.end, m.detector) for m in ctx] == [("Columbus", len(text), len(text), "outlet")]
    assert Geoparser(gazetteer, use_outlet=False).outlet_context(text, "http://columbuslocalnews.com/", "d") == []
