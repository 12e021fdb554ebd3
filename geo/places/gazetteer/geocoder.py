"""geopy-compatible geocoders: fully offline, and an online one that falls back to it.

``OfflineGeocoder`` answers from the local gazetteer with a context-free ranking (the
resolver's prior: feature type, population, name match). It is a real
``geopy.geocoders.base.Geocoder`` so it composes with ``geopy.extra.rate_limiter.RateLimiter``.

``online_geocoder()`` wraps a geopy service (Nominatim by default) with:

* a ``RateLimiter`` that does NOT swallow errors and retries only transient ones
  (timeouts, unavailable, rate limited — honouring ``retry_after``); auth and query
  errors surface at once;
* an on-disk SQLite cache (answers and "not found" are both cached);
* a bounded timeout;
* a fallback to the offline answer when the service is unreachable. The returned
  location's ``raw["briefmap_source"]`` says which path answered ("online", "cache",
  "offline-fallback"), so a caller can tell "unreachable" from "not found" (None).

Example::

    >>> geo = OfflineGeocoder()                   # doctest: +SKIP
    >>> geo.geocode("Havana").point.latitude      # doctest: +SKIP
    23.13302
"""
from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from geopy.exc import (
    GeocoderAuthenticationFailure,
    GeocoderInsufficientPrivileges,
    GeocoderQueryError,
    GeocoderQuotaExceeded,
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
)
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geo.model import Place
from geo.places.gazetteer.index import Candidate, Gazetteer
from geo.places.gazetteer.rank import prior

# Errors worth retrying: the service may answer if asked again later.
TRANSIENT = (GeocoderTimedOut, GeocoderUnavailable, GeocoderRateLimited)
# Errors that say the request itself is wrong (bad query, bad key, no rights,
# quota): asking again cannot help. Any other service error, including a bare
# HTTP 500 or 502 that geopy reports as GeocoderServiceError, is the server's
# trouble and is retried, then answered offline.
PERMANENT = (GeocoderQueryError, GeocoderAuthenticationFailure, GeocoderInsufficientPrivileges,
             GeocoderQuotaExceeded)


def _place_location(place: Place, source: str = "offline") -> Location:
    raw = dataclasses.asdict(place)
    raw["briefmap_source"] = source
    return Location(place.name, Point(place.lat, place.lon), raw)


def rank_context_free(cands: list[Candidate]) -> list[Candidate]:
    """Order candidates by the resolver's context-free prior (best first)."""
    return sorted(cands, key=lambda c: (-prior(c), c.place.id))


class OfflineGeocoder(Geocoder):
    """A geopy Geocoder backed by the offline gazetteer (no network, ever)."""

    def __init__(self, gazetteer: Gazetteer | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.gazetteer = gazetteer or Gazetteer.open()

    def geocode(self, query: str, exactly_one: bool = True, limit: int = 10, **_: Any):
        """Return a Location (exactly_one) or a list of them; None when the name is unknown."""
        if isinstance(query, dict):
            query = ", ".join(str(v) for v in query.values())
        name = str(query).split(",")[0].strip()
        ranked = rank_context_free(self.gazetteer.lookup(name))
        if not ranked:
            return None
        locs = [_place_location(c.place) for c in ranked[: (1 if exactly_one else limit)]]
        return locs[0] if exactly_one else locs

    def reverse(self, query, exactly_one=True, **_: Any):  # pragma: no cover - not offered
        raise NotImplementedError("OfflineGeocoder does not reverse-geocode")


class _Cache:
    """Tiny SQLite cache of geocoder answers (JSON), safe across threads."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._con = sqlite3.connect(str(path), check_same_thread=False)
        self._con.execute("CREATE TABLE IF NOT EXISTS answers (service TEXT, query TEXT, answer TEXT,"
                          " stored REAL, PRIMARY KEY (service, query))")
        self._lock = threading.Lock()

    def get(self, service: str, query: str) -> tuple[bool, Any]:
        with self._lock:
            r = self._con.execute("SELECT answer FROM answers WHERE service=? AND query=?",
                                  (service, query)).fetchone()
        return (False, None) if r is None else (True, json.loads(r[0]))

    def put(self, service: str, query: str, answer: Any) -> None:
        with self._lock:
            self._con.execute("INSERT OR REPLACE INTO answers VALUES (?,?,?,?)",
                              (service, query, json.dumps(answer), time.time()))
            self._con.commit()


class CachedOnlineGeocoder:
    """Callable ``geocode(query)``: cache -> rate-limited service -> offline fallback."""

    def __init__(self, service: Geocoder, cache_dir: str | Path, offline: OfflineGeocoder | None,
                 min_delay_seconds: float = 1.0, max_retries: int = 2, timeout: float = 5.0):
        from geopy.extra.rate_limiter import RateLimiter

        self.service = service
        # One cache per server: a private Nominatim and the public one answer differently.
        self.service_name = f"{type(service).__name__}@{getattr(service, 'scheme', '')}://{getattr(service, 'domain', '')}"
        self.max_retries = max_retries
        self._attempt = 0
        self.offline = offline
        self.timeout = timeout
        self.cache = _Cache(Path(cache_dir) / "geocoder-cache.sqlite")
        self._limited = RateLimiter(self._call, min_delay_seconds=min_delay_seconds, max_retries=max_retries,
                                    error_wait_seconds=min_delay_seconds, swallow_exceptions=False)
        self.last_error: Exception | None = None

    def _call(self, query: str):
        self._attempt += 1
        try:
            return self.service.geocode(query, exactly_one=True, timeout=self.timeout)
        except GeocoderRateLimited as e:
            if e.retry_after and self._attempt <= self.max_retries:
                time.sleep(min(float(e.retry_after), 60.0))   # honour the service's delay, if we will retry
            raise
        except PERMANENT as e:
            raise _Permanent(e) from e  # auth/query errors: no retry
        except GeocoderServiceError:
            raise                       # timeouts, outages, 5xx: RateLimiter retries these

    def __call__(self, query: str):
        return self.geocode(query)

    def geocode(self, query: str):
        """A Location, or None when the service says the place does not exist."""
        hit, answer = self.cache.get(self.service_name, query)
        if hit:
            if answer is None:
                return None
            return Location(answer["address"], Point(answer["lat"], answer["lon"]),
                            {**answer["raw"], "briefmap_source": "cache"})
        self._attempt = 0
        try:
            loc = self._limited(query)
        except _Permanent as e:
            self.last_error = e.__cause__
            raise e.__cause__ from None
        except (GeocoderServiceError, OSError) as e:   # transient errors exhausted: unreachable
            self.last_error = e
            if self.offline is None:
                raise
            return self._fallback(query)
        self.last_error = None
        if loc is None:
            self.cache.put(self.service_name, query, None)
            return None
        raw = loc.raw if isinstance(loc.raw, dict) else {}
        self.cache.put(self.service_name, query,
                       {"address": loc.address, "lat": loc.latitude, "lon": loc.longitude, "raw": raw})
        return Location(loc.address, Point(loc.latitude, loc.longitude), {**raw, "briefmap_source": "online"})

    def _fallback(self, query: str):
        loc = self.offline.geocode(query) if self.offline else None
        if loc is not None:
            loc.raw["briefmap_source"] = "offline-fallback"
        return loc


def _adapter_without_retries(proxies=None, ssl_context=None):
    from geopy.adapters import RequestsAdapter, URLLibAdapter

    try:
        return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)
    except ImportError:  # requests missing: urllib does not retry on its own
        return URLLibAdapter(proxies=proxies, ssl_context=ssl_context)


class _Permanent(Exception):
    """Wraps a non-retryable service error so RateLimiter does not retry it."""


def online_geocoder(name: str = "nominatim", cache_dir: str | Path | None = None, *,
                    user_agent: str = "briefmap/0.1 (offline briefing maps; contact: set BRIEFMAP_CONTACT)",
                    timeout: float = 5.0, min_delay_seconds: float = 1.0, max_retries: int = 2,
                    offline: OfflineGeocoder | None = None, **service_kwargs: Any) -> CachedOnlineGeocoder:
    """An online geopy service with caching, rate limiting, bounded timeout and offline fallback.

    ``name`` is a geopy service name ("nominatim", "photon", ...). Extra keyword
    arguments (``domain``, ``scheme``, ``api_key``...) go to the service class.
    """
    from geopy.geocoders import get_geocoder_for_service

    from geo.places.gazetteer.index import default_cache_dir

    cls = get_geocoder_for_service(name)
    kwargs = dict(timeout=timeout, **service_kwargs)
    # geopy's default HTTP adapter retries 429/503 itself (urllib3 honours
    # Retry-After twice), hidden from the bound set here: retries happen in one
    # place only, the RateLimiter, where max_retries counts them.
    kwargs.setdefault("adapter_factory", _adapter_without_retries)
    if "user_agent" in cls.__init__.__code__.co_varnames:
        kwargs["user_agent"] = user_agent
    service = cls(**kwargs)
    return CachedOnlineGeocoder(service, cache_dir or default_cache_dir(), offline,
                                min_delay_seconds=min_delay_seconds, max_retries=max_retries, timeout=timeout)
