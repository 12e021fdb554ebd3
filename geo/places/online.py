"""``--geocoder SERVICE``: ask an online geopy service about mentions the offline resolver could not place.

Uses the project's online wrapper (:func:`geo.places.gazetteer.geocoder.online_geocoder`:
cache, rate limit, bounded retries, offline fallback) and adds what a build
needs on top:

* a hard time budget for the whole build (``budget`` seconds): every call runs
  in a worker thread joined with the time left, so a service that hangs,
  trickles bytes or asks to retry in an hour cannot hold the build beyond it;
* a circuit breaker: after an authentication error, a budget overrun or
  ``MAX_FAILURES`` failed calls the service is not asked again in this build;
* validation of the answer (finite coordinates in range) before it becomes a place;
* the offline answer stands whenever the service does not give a usable one,
  and one :class:`~geo.read.documents.Problem` line says the build was degraded.

Example::

    >>> online = OnlineResolver("nominatim", gazetteer, budget=30)    # doctest: +SKIP
    >>> resolutions = online.resolve(resolutions)                     # doctest: +SKIP
"""
from __future__ import annotations

import math
import threading
import time
from pathlib import Path

from geo.model import Place, Resolution
from geo.read.documents import Problem

MAX_FAILURES = 3
DEFAULT_BUDGET = 60.0


class OnlineResolver:
    def __init__(self, service: str, gazetteer, *, cache_dir: str | Path | None = None,
                 budget: float = DEFAULT_BUDGET, timeout: float = 5.0, max_retries: int = 2,
                 min_delay_seconds: float = 1.0, **service_kwargs):
        from geo.places.gazetteer.geocoder import OfflineGeocoder, online_geocoder

        self.service = service
        self.budget = float(budget)
        self.geocoder = online_geocoder(service, cache_dir, timeout=timeout, max_retries=max_retries,
                                        min_delay_seconds=min_delay_seconds,
                                        offline=OfflineGeocoder(gazetteer), **service_kwargs)
        self.deadline: float | None = None
        self.down = ""                   # why the service is no longer asked ("" while it is)
        self.degraded = 0                # calls that got no usable answer because the service failed
        self.last_reason = ""
        self.failures = 0
        self.asked = self.placed = self.kept_offline = 0
        self._memo: dict[str, Place | None] = {}

    # ------------------------------------------------------------------ calls
    def _call(self, query: str):
        """Run one geocode in a daemon thread; raise TimeoutError when the budget runs out."""
        if self.deadline is None:
            self.deadline = time.monotonic() + self.budget
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"time budget of {self.budget:g} s used up")
        box: dict = {}

        def work():
            try:
                box["value"] = self.geocoder.geocode(query)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                box["error"] = exc

        worker = threading.Thread(target=work, name=f"briefmap-geocode-{self.service}", daemon=True)
        worker.start()
        worker.join(remaining)
        if worker.is_alive():
            raise TimeoutError(f"no answer within the {self.budget:g} s time budget")
        if "error" in box:
            raise box["error"]
        return box.get("value")

    def lookup(self, query: str) -> Place | None:
        """A place from the service, or None (not found, unusable, or the service is down)."""
        if query in self._memo:
            return self._memo[query]
        if self.down:
            return None
        from geopy.exc import (
            GeocoderAuthenticationFailure,
            GeocoderInsufficientPrivileges,
            GeocoderQuotaExceeded,
            GeocoderServiceError,
        )

        self.asked += 1
        self.geocoder.last_error = None
        try:
            loc = self._call(query)
        except TimeoutError as exc:
            self.degraded += 1
            self.down = str(exc)
            return None
        except (GeocoderAuthenticationFailure, GeocoderInsufficientPrivileges, GeocoderQuotaExceeded) as exc:
            self.degraded += 1
            self.down = f"{type(exc).__name__}: {exc}"
            return None
        except (GeocoderServiceError, OSError, ValueError, TypeError, KeyError) as exc:
            self._fail(f"{type(exc).__name__}: {exc}")
            return None
        source = (loc.raw or {}).get("briefmap_source") if loc is not None else None
        if source == "offline-fallback" or (loc is None and self.geocoder.last_error is not None):
            err = self.geocoder.last_error
            self._fail(f"unreachable ({type(err).__name__ if err else 'error'})")
            return None                  # the offline resolver's answer stands
        self.failures = 0
        place = self._place(query, loc)
        self._memo[query] = place
        return place

    def _fail(self, reason: str) -> None:
        self.degraded += 1
        self.last_reason = reason
        self.failures += 1
        if self.failures >= MAX_FAILURES:
            self.down = f"{MAX_FAILURES} failed calls, last: {reason}"

    def _place(self, query: str, loc) -> Place | None:
        if loc is None:
            return None
        try:
            lat, lon = float(loc.latitude), float(loc.longitude)
        except (TypeError, ValueError):
            return None
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            return None
        raw = loc.raw if isinstance(loc.raw, dict) else {}
        key = raw.get("osm_id") or raw.get("place_id") or f"{lat:.5f},{lon:.5f}"
        name = str(loc.address or query).split(",")[0].strip()[:200] or query
        return Place(id=f"{self.service}:{key}", name=name, lat=round(lat, 6), lon=round(lon, 6), kind="geocoded",
                     source=f"{self.service} online geocoder ({raw.get('briefmap_source', 'online')})")

    # ------------------------------------------------------------------ build
    def resolve(self, resolutions: list[Resolution]) -> list[Resolution]:
        """Ask the service about each unplaced mention; keep the offline answer otherwise."""
        out = []
        for res in resolutions:
            if res.place is None and res.mention.label != "NORP":
                place = self.lookup(res.mention.text.strip())
                if place is not None:
                    self.placed += 1
                    res = Resolution(res.mention, place, 0.5,
                                     f"{res.reason}; placed by the {self.service} online geocoder")
                else:
                    self.kept_offline += 1
            out.append(res)
        return out

    def problems(self) -> list[Problem]:
        if not (self.down or self.degraded):
            return []
        why = self.down or self.last_reason
        return [Problem(f"--geocoder {self.service}",
                        f"degraded to offline answers: {why} ({self.asked} asked, {self.degraded} failed, "
                        f"{self.placed} placed; --verbose shows each failure)")]
