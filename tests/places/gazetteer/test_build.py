"""The index the builder makes: from the fixtures (golden), and from the installed packages (digest).

A package upgrade that changes any place or name fails ``test_the_installed_packages_build_the_golden_index``
with the counts per source: review what changed, then ``python scripts/gazetteer_golden.py``.
"""
import json

from geo.places.gazetteer import digest
from geo.places.gazetteer.index import _ensure_index, default_index_path


def _golden(name):
    return json.loads((digest.GOLDEN / name).read_text(encoding="utf-8"))


def test_the_fixtures_build_the_golden_index():
    assert json.loads(digest.dumps(digest.collected(digest.fixture_sources()))) == _golden("index.json")


def test_the_index_combines_the_sources_as_documented():
    got = digest.collected(digest.fixture_sources())
    places = {p["id"]: p for p in got["places"]}
    towns = {p["name"]: p for p in places.values() if p["id"].startswith("zip:")}
    # A post office town cities500 already has (Athens) is not added twice; one it lacks is,
    # in the county most of its ZIP codes are in.
    assert sorted(towns) == ["Bogart", "Winterville"]
    assert towns["Winterville"]["admin1"] == "US.GA" and towns["Winterville"]["admin2"] == "US.GA.059"
    # The curated point replaces the package's for Canada; "Ont." is a variant of Ontario.
    canada = next(p for p in places.values() if p["kind"] == "country" and p["country"] == "CA")
    assert (canada["lat"], canada["lon"]) == (60.10867, -113.64258)
    ontario = next(p for p in places.values() if p["kind"] == "adm1" and p["name"] == "Ontario")
    assert ["ont", ontario["id"], 5] in got["names"]


def test_the_installed_packages_build_the_golden_index(gazetteer):
    summary = digest.index_summary(_ensure_index(default_index_path()))
    golden = _golden("installed.json")
    assert summary["packages"] == golden["packages"], "a gazetteer package changed version: review the index"
    assert summary["places_by_source_and_kind"] == golden["places_by_source_and_kind"]
    assert summary == golden
