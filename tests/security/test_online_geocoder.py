"""--geocoder against a fake service on 127.0.0.1 that misbehaves on purpose:
bounded retries, then the offline answer; the build never waits past its budget."""
from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

from geo.build.corpus import analyse
from geo.cli import EXIT_OK, EXIT_SKIPPED, main
from geo.places.online import OnlineResolver
from tests.fakes import FakeService
from tests.security.corpus import small_corpus

QWERTZ = json.dumps([{"lat": "10.5", "lon": "103.6", "display_name": "Qwertz Port, Somewhere",
                      "place_id": 77, "osm_id": 4242}])


class Misbehaving(FakeService):
    """A fake Nominatim; ``mode`` picks the misbehaviour."""

    def __init__(self, mode: str):
        self.mode = mode
        super().__init__()

    def answer(self, request):
        mode = self.mode
        if mode == "hang":
            time.sleep(30)
            return
        if mode == "trickle":                  # headers, then one byte every 0.3 s, forever-ish
            request.send_response(200)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", "100000")
            request.end_headers()
            for _ in range(200):
                try:
                    request.wfile.write(b" ")
                    request.wfile.flush()
                except OSError:
                    return
                time.sleep(0.3)
            return
        status, body, headers = 200, QWERTZ if "Qwertz" in request.path else "[]", {}
        if mode == "429":
            status, body, headers = 429, "{}", {"Retry-After": "1"}
        elif mode == "429-forever":
            status, body, headers = 429, "{}", {"Retry-After": "3600"}
        elif mode in ("500", "502", "503", "504", "403"):
            status, body = int(mode), "{}"
        elif mode == "garbage":
            body = "<html>not json"
        elif mode == "nan":
            body = json.dumps([{"lat": "nan", "lon": "1e999", "display_name": "x", "place_id": 1}])
        self.reply(request, status, body, headers)


@pytest.fixture
def service(request):
    s = Misbehaving(getattr(request, "param", "ok"))
    yield s
    s.close()


def resolver(service, tmp_path, gazetteer, budget=6.0):
    return OnlineResolver("nominatim", gazetteer, cache_dir=tmp_path / "cache", budget=budget, timeout=0.5,
                          max_retries=1, min_delay_seconds=0.0, domain=f"127.0.0.1:{service.port}", scheme="http")


def test_online_answer_places_what_the_gazetteer_cannot(service, tmp_path, gazetteer):
    folder = small_corpus(tmp_path / "c")
    build = analyse(folder, use_cache=False, online=resolver(service, tmp_path, gazetteer))
    placed = [f["properties"] for f in build.features if f["properties"]["mention"] == "Qwertzistan"]
    assert placed and placed[0]["place_id"] == "nominatim:4242" and placed[0]["place"] == "Qwertz Port"
    assert "online geocoder" in placed[0]["coord_source"]
    assert [r["mention"] for r in build.unresolved] == ["Vrolijkstad"]     # not found online: still reported
    assert build.problems == []
    # only unplaced mentions were asked about (Qwertzistan, Vrolijkstad)
    assert service.hits == 2


@pytest.mark.parametrize("service", ["429", "429-forever", "500", "502", "503", "504", "hang", "trickle",
                                     "garbage", "nan", "403"], indirect=True)
def test_misbehaving_service_degrades_to_offline_within_the_bound(service, tmp_path, gazetteer):
    folder = small_corpus(tmp_path / "c")
    online = resolver(service, tmp_path, gazetteer, budget=2.0)
    started = time.monotonic()
    build = analyse(folder, use_cache=False, online=online)
    elapsed = time.monotonic() - started
    assert elapsed < 2.0 + 5.0, elapsed                   # budget + the build itself
    # the offline answers stand: both names stay in the unresolved report, nothing lost
    assert [r["mention"] for r in build.unresolved] == ["Qwertzistan", "Vrolijkstad"]
    assert not any((f["properties"]["place_id"] or "").startswith("nominatim:") for f in build.features)
    if service.mode != "nan":                              # nan: a clean "no usable answer"
        assert len(build.problems) == 1 and build.problems[0].startswith("--geocoder nominatim: degraded")
    # bounded: 2 names x (1 try + 1 retry) x geopy's own connection retry, then the breaker
    assert service.hits <= 12


def test_unreachable_service_via_the_cli(tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]                          # nobody listens here
    folder = small_corpus(tmp_path / "c")
    args = ["build", str(folder), "-o", str(tmp_path / "o" / "m.html"), "-q", "--geocoder", "nominatim",
            "--geocoder-domain", f"127.0.0.1:{port}", "--geocoder-scheme", "http", "--geocoder-delay", "0",
            "--geocoder-timeout", "0.5", "--geocoder-retries", "1", "--geocoder-budget", "5"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == EXIT_SKIPPED, result.output
    assert "skipped: --geocoder nominatim: degraded to offline answers" in result.stderr
    assert (tmp_path / "o" / "m.html").exists()
    offline = CliRunner().invoke(main, args[:5])
    assert offline.exit_code == EXIT_OK


def test_unknown_service_is_a_usage_error(tmp_path):
    folder = small_corpus(tmp_path / "c")
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "m.html"), "--geocoder", "nosuch"])
    assert result.exit_code == 2 and "--geocoder" in result.output
