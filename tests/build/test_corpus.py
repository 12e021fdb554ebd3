"""The seed build end to end: what an analyst would check on the map."""
import json
import math
from pathlib import Path

import pytest

from geo.build.corpus import analyse
from geo.pipeline import build
from geo.present.outputs import outputs_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory, seeds_dir, gazetteer):
    out = tmp_path_factory.mktemp("seedmap") / "briefing.html"
    result = build(seeds_dir, out, use_cache=False, records=True,
                   title="China and Russia in Cuba: military, intelligence and diplomatic ties")
    features = json.loads(outputs_for(out)["geojson"].read_text(encoding="utf-8"))["features"]
    return result, out, features


def km(a, b):
    (lon1, lat1), (lon2, lat2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    return 6371 * math.acos(min(1, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)))


HAVANA = (-82.383, 23.133)


def points(features, layer=None, place=None):
    return [f for f in features if f["geometry"] and f["geometry"]["type"] == "Point"
            and (layer is None or f["properties"]["layer"] == layer)
            and (place is None or f["properties"]["place"] == place)]


def test_every_section_is_a_document_with_its_own_source(seed_build):
    result, _, _ = seed_build
    assert len({d.path for d in result.documents}) == 5
    outlets = {d.outlet for d in result.documents}
    assert {"Telesur", "Associated Press", "Newsweek", "Center for a Secure Free Society"} <= outlets


def test_lourdes_is_the_sigint_station_near_havana_not_france(seed_build):
    _, _, features = seed_build
    lourdes = [f for f in features if "Lourdes" in (f["properties"]["mention"] or "")]
    assert lourdes
    for f in lourdes:
        assert km(f["geometry"]["coordinates"], HAVANA) < 30
        assert f["properties"]["layer"] == "intelligence"


def test_project_141_sites_are_the_sites_not_country_centroids(seed_build):
    _, _, features = seed_build
    places = {f["properties"]["place"] for f in points(features, "project141")}
    assert "Ream Naval Base" in places
    assert any("Khalifa Port" in p for p in places)
    assert "Cambodia" not in places and "United Arab Emirates" not in places


def test_claims_are_verbatim_and_carry_their_source(seed_build, seeds_dir):
    _, _, features = seed_build
    for f in features:
        p = f["properties"]
        text = (seeds_dir / p["doc"]).read_text(encoding="utf-8")
        assert p["claim"] in text
        # the locus mention, or (a relation with no place) the sentence itself
        assert text[p["start"]:p["end"]] == (p["mention"] or p["claim"])
        assert 0 <= p["confidence"] <= 1
        if p["layer"] == "visits":
            # a leg's status is the journey's; whether the sentences deny it is report_status
            assert p["status"] in {"took place", "under way", "planned", "cancelled"}
            assert p["report_status"] in {"reported", "denied", "disputed", "confirmed", "alleged"}
        else:
            assert p["status"] in {"reported", "disputed", "denied", "confirmed", "alleged"}
        for c in p.get("claims", []):
            source = (seeds_dir / c["doc"]).read_text(encoding="utf-8")
            assert c["claim"] in source and text is not None
            assert c["stance"] in {"asserts", "confirms", "denies"}
        for place in p.get("places", []):
            source = (seeds_dir / place["doc"]).read_text(encoding="utf-8")
            assert source[place["start"]:place["end"]].strip() and place["role"] in {"literal", "associative"}


def test_attribution_status_and_event_dates(seed_build):
    _, _, features = seed_build
    # a source of the WSJ report's finding (the first source may be another article's retelling)
    wsj = [f for f in features if any(c.get("attribution") == "According to the WSJ, citing officials"
                                      for c in f["properties"].get("claims", [f["properties"]]))]
    assert wsj
    spy_base = [f for f in features if "spy base on Cuban soil" in f["properties"]["claim"]]
    # reported by the WSJ, denied by China and Cuba: disputed, with both sides in the evidence
    assert spy_base and all(f["properties"]["status"] == "disputed" for f in spy_base)
    assert all("denied by" in f["properties"]["status_evidence"] for f in spy_base)
    recognition = [f for f in features if f["properties"]["claim"].startswith("On September 28, 1960")]
    assert recognition and all(f["properties"]["event_date"] == "1960-09-28" for f in recognition)


def test_visits_are_dated_lines_from_origin_to_destination(seed_build):
    _, _, features = seed_build
    visits = [f["properties"] for f in features if f["properties"]["layer"] == "visits"]
    routes = {(v["visitor"], v["origin"], v["destination"], v["event_date"]) for v in visits}
    assert ("Alvaro Lopez Miera", "Havana", "Moscow", "2023-06-27") in routes
    assert ("Li Keqiang", "Beijing", "Havana", "2016-09") in routes
    lines = [f for f in features if f["geometry"] and f["geometry"]["type"] in ("LineString", "MultiLineString")]
    assert lines and all(f["properties"]["layer"] == "visits" for f in lines)
    # densified great circles, cut at the antimeridian (RFC 7946)
    for f in lines:
        parts = f["geometry"]["coordinates"] if f["geometry"]["type"] == "MultiLineString" else [f["geometry"]["coordinates"]]
        assert sum(len(part) for part in parts) >= 64
        assert all(abs(b[0] - a[0]) < 180 for part in parts for a, b in zip(part, part[1:]))


def _trip_of(visits, visitor_word):
    trips = {v["trip"] for v in visits if visitor_word in v["visitor"]}
    return [sorted((v for v in visits if v["trip"] == t), key=lambda v: v["leg"]) for t in sorted(trips)]


def test_trips_are_itineraries_leg_by_leg(seed_build):
    _, _, features = seed_build
    visits = [f["properties"] for f in features if f["properties"]["layer"] == "visits"]
    # "arrived in China after a visit to Moscow": Moscow first, then Beijing, from Havana
    diaz = [t for t in _trip_of(visits, "Canel") if len(t) > 1]
    assert [(l["origin"], l["destination"]) for l in diaz[0]] == [("Havana", "Moscow"), ("Moscow", "Beijing")]
    # "after a five day visit to the United States, Gen. Fan ... flew directly to Havana"
    fan = _trip_of(visits, "Fan Changlong")[0]
    assert [l["destination"] for l in fan][-1] == "Havana" and fan[-1]["origin"] == "Washington"
    # Marrero's China tour ends with the planned leg to Belarus, which leaves from China
    marrero = max(_trip_of(visits, "Marrero"), key=len)
    assert marrero[0]["origin"] == "Havana" and marrero[-1]["destination"] == "Minsk"
    assert marrero[-1]["status"] == "planned" and marrero[-1]["origin"] != "Havana"
    assert "Beijing" in {l["destination"] for l in marrero}
    for trip in (diaz[0], fan, marrero):
        assert [l["leg"] for l in trip] == list(range(1, len(trip) + 1))
        assert all(l["legs"] == len(trip) and l["itinerary"][0] == trip[0]["origin"] for l in trip)


def test_balloon_incident_is_one_finding_naming_alaska_and_south_carolina(seed_build):
    _, _, features = seed_build
    balloon = [f["properties"] for f in features if "balloon travel across Alaska" in f["properties"]["claim"]]
    assert len(balloon) == 1, "one sentence, one finding, drawn once"
    assert balloon[0]["place"] in {"Alaska", "South Carolina"}
    assert {"Alaska", "South Carolina"} <= {p["name"] for p in balloon[0]["places"]}


def test_nothing_found_is_dropped(seed_build):
    result, out, _ = seed_build
    resolved = sum(1 for r in result.resolutions if r.place is not None)
    unresolved_rows = outputs_for(out)["unresolved"].read_text(encoding="utf-8").splitlines()[1:]
    assert resolved + len(unresolved_rows) == len(result.mentions) + len(result.rejected)


def test_geopackage_has_a_table_per_layer(seed_build):
    import pyogrio

    result, out, features = seed_build
    tables = {name for name, _ in pyogrio.list_layers(outputs_for(out)["gpkg"])}
    layers = {f["properties"]["layer"] for f in features}
    assert {"project141", "intelligence"} <= tables
    assert any(t.startswith("visits_") for t in tables)
    assert all(any(t.startswith(layer) for t in tables) for layer in layers)


def test_committed_maps_are_not_stale(seed_build):
    """maps/ must be what a build of seeds/ produces today: rebuild with `make map`."""
    _, out, _ = seed_build
    committed = outputs_for(ROOT / "maps" / "briefing.html")
    fresh = outputs_for(out)
    for kind in ("html", "geojson", "unresolved"):
        assert committed[kind].exists(), f"{committed[kind]} missing: run `make map` and commit maps/"
        assert committed[kind].read_bytes() == fresh[kind].read_bytes(), (
            f"{committed[kind].name} is stale: run `make map` and commit maps/")


def test_findings_and_claims_spreadsheets_join_and_hold_every_finding(seed_build):
    import csv

    _, out, features = seed_build
    paths = outputs_for(out)
    findings = list(csv.DictReader(paths["findings"].open(encoding="utf-8")))
    claims = list(csv.DictReader(paths["claims"].open(encoding="utf-8")))
    with_finding = [f for f in features if "finding" in f["properties"]]
    assert len(findings) == len(with_finding)
    assert len(claims) == sum(len(f["properties"]["claims"]) for f in with_finding)
    ids = {row["finding"] for row in findings}
    assert {row["finding"] for row in claims} == ids
    assert {row["stance"] for row in claims} <= {"asserts", "confirms", "denies"}
    assert not any(v.startswith(("=", "+", "@")) for row in findings + claims for v in row.values() if v)


ARTICLES = ["Port talks\n\nOfficials met in Lisbon on Tuesday. Engineers from Chile visited Callao, the ministry said.\n",
            "Fishing\n\nA trawler from Vigo was seized near Zorbania Point on Monday, Spanish officials said.\n",
            "Envoy\n\nForeign Minister Ana Torres of Peru visited Madrid on Friday for talks on trade.\n"]


def _small_corpus(folder: Path) -> Path:
    folder.mkdir()
    for i, text in enumerate(ARTICLES):
        (folder / f"a{i}.txt").write_text(text, encoding="utf-8")
    return folder


def test_a_build_counts_what_it_found_and_holds_the_records_only_when_asked(tmp_path, gazetteer):
    folder = _small_corpus(tmp_path / "corpus")
    lean = analyse(folder, use_cache=False)
    full = analyse(folder, use_cache=False, records=True)
    assert lean.mentions is None and lean.resolutions is None and lean.claims is None and lean.rejected is None
    assert lean.counts == full.counts and lean.features == full.features and lean.unresolved == full.unresolved
    placed = [r for r in full.resolutions if r.place is not None]
    assert full.counts.mentions == len(full.mentions) > 0 and full.counts.resolved == len(placed)
    assert full.counts.places == len({r.place.id for r in placed}) and full.counts.claims == len(full.claims)
    assert full.counts.rejected == len(full.rejected)


def test_the_articles_stream_through_the_corpus_steps(tmp_path, gazetteer, monkeypatch):
    """No step holds every article's analysis: when the visits are found (after the whole
    corpus is read), at most the article being read is in memory, with a cache or without."""
    import gc

    from geo.build.analysis import DocumentAnalysis
    from geo.findings.visits import VisitFinder

    folder = _small_corpus(tmp_path / "corpus")
    alive = []
    real = VisitFinder.find

    def find(self, *args):
        alive.append(sum(type(o) is DocumentAnalysis for o in gc.get_objects()))
        return real(self, *args)

    monkeypatch.setattr(VisitFinder, "find", find)
    for kwargs in ({"cache_dir": tmp_path / "cache"}, {"use_cache": False}):
        alive.clear()
        analyse(folder, **kwargs)
        assert len(alive) == len(ARTICLES) and max(alive) <= 1, (kwargs, alive)


def test_the_findings_sentences_are_parsed_in_the_worker_not_the_parent(tmp_path, gazetteer, monkeypatch):
    """A background build's worker has the language model loaded: it parses the sentences
    the findings are typed by, so the parent (writing the outputs) never loads the parser."""
    import os

    import geo.language.nlp as nlp
    from geo.build.analysis import Execution

    folder = _small_corpus(tmp_path / "corpus")
    log = tmp_path / "parsed-by"
    real = nlp.dependency_parse

    def parse(texts):
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        return real(texts)

    monkeypatch.setattr(nlp, "dependency_parse", parse)      # the forked worker inherits it
    background = analyse(folder, use_cache=False, execution=Execution(background=True))
    pids = set(log.read_text().split())
    assert pids and str(os.getpid()) not in pids
    here = analyse(folder, use_cache=False)
    assert here.features == background.features and here.findings == background.findings
