"""physical.csv: rivers, lakes, seas, ranges, parks and islands of public record, schema-checked."""
import pytest

from geo.datafiles import DATA
from geo.places.gazetteer.normalize import norm
from geo.places.gazetteer.readers import PHYSICAL_KINDS, curated_physical

ROWS = curated_physical(DATA / "physical.csv")


def test_every_shipped_row_has_a_point_a_kind_and_a_public_source():
    assert len(ROWS) >= 200
    assert len({r.id for r in ROWS}) == len(ROWS)
    for r in ROWS:
        assert r.feature in PHYSICAL_KINDS and r.source.startswith("https://"), r.id
        assert -90 <= r.lat <= 90 and -180 <= r.lon <= 180, r.id


def test_us_features_lie_in_the_us_and_its_territories():
    for r in (r for r in ROWS if r.country == "US"):
        assert 17 < r.lat < 72 and (-180 < r.lon < -64), r.id


def test_no_name_is_written_twice_or_shadows_a_state_or_country_name():
    names = [norm(n) for r in ROWS for n in (r.name, *r.aliases)]
    assert len(names) == len(set(names))
    # an alias such as "the Mississippi" would normalise to the state's own name
    for shadow in ("mississippi", "amazon", "georgia", "jordan", "colorado", "hudson", "delaware"):
        assert shadow not in names


def test_a_bad_row_names_the_file_and_line(tmp_path):
    head = "id,name,aliases,feature,lat,lon,country,source\n"
    good = "a,A River,,river,1,2,,https://example.org/a\n"
    cases = {"b,B,,glacier,1,2,,https://example.org/b\n": "feature 'glacier'",
             "b,B,,lake,north,2,,https://example.org/b\n": "not numbers",
             "b,B,,lake,95,2,,https://example.org/b\n": "off the globe",
             "a,B,,lake,1,2,,https://example.org/b\n": "used before",
             "b,B,,lake,1,2,usa,https://example.org/b\n": "alpha-2",
             "b,B,,lake,1,2,,example.org/b\n": "https"}
    for row, problem in cases.items():
        path = tmp_path / "physical.csv"
        path.write_text(head + good + row, encoding="utf-8")
        with pytest.raises(ValueError, match=f"physical.csv: line 3: .*{problem}"):
            curated_physical(path)


def test_features_are_gazetteer_candidates(gazetteer):
    top = gazetteer.candidates("Rockies")[0]
    assert top.kind == "region" and top.id == "feature:rocky-mountains" and top.source.startswith("https://")
    assert gazetteer.candidates("Lake Okeechobee")[0].kind == "water"
