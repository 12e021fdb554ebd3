"""Regression tests for bugs once found in the online wrapper (geo/places/gazetteer/geocoder.py):
a 500 treated as permanent, a Retry-After slept with no retry to follow, and one cache
shared by every server of a service. The build is also protected by geo/places/online.py
(time budget, breaker, catch-all)."""
from __future__ import annotations

import time

from geo.places.gazetteer.geocoder import OfflineGeocoder, online_geocoder
from tests.security.test_online_geocoder import Misbehaving


def _wrapper(service, tmp_path, gazetteer, **kw):
    args = dict(domain=f"127.0.0.1:{service.port}", scheme="http", timeout=0.5, min_delay_seconds=0.0,
                max_retries=1, offline=OfflineGeocoder(gazetteer))
    args.update(kw)
    return online_geocoder("nominatim", tmp_path, **args)


def test_http_500_is_retried_then_falls_back(tmp_path, gazetteer):
    service = Misbehaving("500")
    try:
        loc = _wrapper(service, tmp_path, gazetteer).geocode("Havana")
        assert loc is not None and loc.raw["briefmap_source"] == "offline-fallback"
        assert service.hits == 2
    finally:
        service.close()


def test_retry_after_is_not_slept_when_no_retry_follows(tmp_path, gazetteer):
    service = Misbehaving("429")             # Retry-After: 1
    try:
        geo = _wrapper(service, tmp_path, gazetteer, max_retries=0)
        started = time.monotonic()
        geo.geocode("Havana")
        assert time.monotonic() - started < 0.9
    finally:
        service.close()


def test_cache_is_per_server(tmp_path, gazetteer):
    first, second = Misbehaving("ok"), Misbehaving("500")
    try:
        assert _wrapper(first, tmp_path, gazetteer).geocode("Qwertzistan").raw["briefmap_source"] == "online"
        loc = _wrapper(second, tmp_path, gazetteer).geocode("Qwertzistan")
        assert loc is None or loc.raw["briefmap_source"] != "cache"
    finally:
        first.close()
        second.close()
