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


def test_host_of_ignores_credentials_and_ports():
    assert host_of("https://user:pw@Example.CO.UK:8080/x") == "example.co.uk"
