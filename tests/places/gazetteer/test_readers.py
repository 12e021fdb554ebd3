"""Each gazetteer source's reader over a small fixture in the package's own format, against a golden file.

A failure means a reader's output changed: review the difference, then
``python scripts/gazetteer_golden.py`` rewrites tests/places/gazetteer/golden.
"""
import json

import pytest

from geo.places.gazetteer import digest, readers

GOLDEN = json.loads((digest.GOLDEN / "readers.json").read_text(encoding="utf-8"))
RECORDS = digest.reader_records(digest.fixture_sources())


@pytest.mark.parametrize("reader", sorted(GOLDEN))
def test_each_reader_gives_its_golden_records(reader):
    assert RECORDS[reader] == GOLDEN[reader], f"{reader} changed: review, then python scripts/gazetteer_golden.py"


def test_every_reader_has_a_golden_file_entry():
    assert sorted(RECORDS) == sorted(GOLDEN)


def test_post_office_towns_skip_military_unique_and_closed_codes_and_average_their_points():
    rows = [
        {"zip_code": "1", "zip_code_type": "STANDARD", "active": True, "city": "Elm", "state": "KS",
         "county": "Rice County", "lat": "38.0", "long": "-98.0", "country": "US"},
        {"zip_code": "2", "zip_code_type": "PO BOX", "active": True, "city": "Elm", "state": "KS",
         "county": "Rice County", "lat": "38.2", "long": "-98.2", "country": "US"},
        {"zip_code": "3", "zip_code_type": "UNIQUE", "active": True, "city": "Elm", "state": "KS",
         "county": "Reno County", "lat": "39.0", "long": "-99.0", "country": "US"},
        {"zip_code": "4", "zip_code_type": "MILITARY", "active": True, "city": "APO", "state": "AE",
         "county": "", "lat": "0", "long": "0", "country": "US"},
        {"zip_code": "5", "zip_code_type": "STANDARD", "active": False, "city": "Gone", "state": "KS",
         "county": "Rice County", "lat": "38.0", "long": "-98.0", "country": "US"},
        {"zip_code": "6", "zip_code_type": "STANDARD", "active": True, "city": "Nowhere", "state": "KS",
         "county": "Rice County", "lat": "", "long": "", "country": "US"},
    ]
    assert readers.zipcodes_towns(rows) == [readers.Town("Elm", "KS", "Rice County", 38.1, -98.1, 2)]


def test_a_country_without_a_point_falls_back_to_its_largest_polygon():
    ca = readers.countryinfo_countries(digest.FIXTURES / "countryinfo")["CA"]
    assert ca.point == pytest.approx((55.0, -95.0))        # the fixture's larger square, not the islet


def test_a_missing_package_is_named():
    with pytest.raises(RuntimeError, match="no_such_package_here"):
        readers.package_dir("no_such_package_here")
