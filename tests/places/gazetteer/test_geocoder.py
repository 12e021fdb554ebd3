"""geopy geocoders: offline, and online against a fake Nominatim on 127.0.0.1 (no real network)."""
from __future__ import annotations

import json
import socket

import pytest
from geopy.exc import GeocoderInsufficientPrivileges
from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location

from geo.places.gazetteer import Gazetteer
from geo.places.gazetteer.geocoder import OfflineGeocoder, online_geocoder
from tests.fakes import FakeService


@pytest.fixture(scope="module")
def offline():
    return OfflineGeocoder(Gazetteer.open())


class FakeNominatim(FakeService):
    """Answers /search with a canned reply chosen by the test."""

    def __init__(self):
        self.status, self.body = 200, "[]"
        super().__init__()

    def answer(self, request):
        self.reply(request, self.status, self.body)


@pytest.fixture
def fake():
    f = FakeNominatim()
    yield f
    f.close()


def make(port, tmp_path, offline):
    return online_geocoder("nominatim", tmp_path, domain=f"127.0.0.1:{port}", scheme="http", timeout=2,
                           min_delay_seconds=0.0, max_retries=1, offline=offline)


def test_offline_geocoder_is_a_geopy_geocoder(offline):
    loc = offline.geocode("Havana")
    assert isinstance(loc, Location) and loc.raw["country"] == "CU" and loc.raw["kind"] == "city"
    assert offline.geocode("Texas").raw["kind"] == "adm1"
    assert offline.geocode("Qwxzzyville") is None
    many = offline.geocode("Springfield", exactly_one=False, limit=5)
    assert len(many) == 5 and all(isinstance(x, Location) for x in many)
    limited = RateLimiter(offline.geocode, min_delay_seconds=0)
    assert limited("Cuba").raw["kind"] == "country"


def test_online_answer_is_cached(fake, tmp_path, offline):
    fake.body = json.dumps([{"lat": "23.1", "lon": "-82.4", "display_name": "La Habana, Cuba", "place_id": 1}])
    geo = make(fake.port, tmp_path, offline)
    loc = geo.geocode("Havana")
    assert loc.raw["briefmap_source"] == "online" and abs(loc.latitude - 23.1) < 1e-9
    fake.close()                                 # the service is gone: the cache still answers
    again = make(fake.port, tmp_path, offline).geocode("Havana")
    assert again.raw["briefmap_source"] == "cache" and again.address == "La Habana, Cuba"


def test_not_found_is_none_not_fallback(fake, tmp_path, offline):
    fake.body = "[]"
    geo = make(fake.port, tmp_path, offline)
    assert geo.geocode("Atlantis") is None and geo.last_error is None


def test_unreachable_falls_back_to_offline(tmp_path, offline):
    with socket.socket() as s:                   # a port with nobody listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    geo = make(port, tmp_path, offline)
    loc = geo.geocode("Havana")
    assert loc.raw["briefmap_source"] == "offline-fallback" and loc.raw["country"] == "CU"
    assert geo.last_error is not None


def test_auth_error_is_raised_and_not_retried(fake, tmp_path, offline):
    fake.status, fake.body = 403, "{}"
    geo = make(fake.port, tmp_path, offline)
    with pytest.raises(GeocoderInsufficientPrivileges):
        geo.geocode("Havana")
    assert fake.hits == 1


def test_transient_error_is_retried_then_falls_back(fake, tmp_path, offline):
    fake.status, fake.body = 503, "{}"
    geo = make(fake.port, tmp_path, offline)
    loc = geo.geocode("Havana")
    assert fake.hits == 2                        # first try + one retry
    assert loc.raw["briefmap_source"] == "offline-fallback"
