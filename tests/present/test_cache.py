"""Output pieces kept between builds (geo/present/cache.py): a kept piece is the computed one, a
change to what it is made from computes it again, and a damaged file is never trusted."""
from __future__ import annotations

import gzip

from geo.present.cache import OutputCache
from geo.present.render import basemap

PLACES = [{"lat": 23.13, "lon": -82.38, "kind": "city"}, {"lat": 22.15, "lon": -80.44, "kind": "city"},
          {"lat": 21.5, "lon": -79.5, "kind": "country"}]


def recall(cache, places, calls):
    parts = [[p["lat"], p["lon"], p["kind"]] for p in places]
    return cache.recall("detail", parts, lambda: calls.append(1) or basemap.detail(places), basemap._valid_detail)


def test_a_kept_piece_is_the_computed_one_and_other_places_compute_it_again(tmp_path):
    calls = []
    computed = recall(OutputCache(tmp_path), PLACES, calls)
    cache = OutputCache(tmp_path)
    kept = recall(cache, PLACES, calls)
    assert calls == [1] and cache.hits == ["detail"]
    assert kept == computed and basemap._valid_detail(kept)
    moved = PLACES[:1] + [{"lat": 10.5, "lon": -66.9, "kind": "city"}]
    other = recall(OutputCache(tmp_path), moved, calls)
    assert calls == [1, 1] and other == basemap.detail(moved) != computed
    assert (tmp_path / "outputs" / "detail.json.gz").stat().st_mode & 0o777 == 0o600


def test_a_corrupt_planted_or_misshapen_file_is_computed_again_without_a_crash(tmp_path):
    calls = []
    good = recall(OutputCache(tmp_path), PLACES, calls)
    path = tmp_path / "outputs" / "detail.json.gz"
    packed = path.read_bytes()
    head, _, body = gzip.decompress(packed).partition(b"\n")
    damaged = [packed[: len(packed) // 2],                          # cut short
               b"\x00garbage",                                      # not gzip
               gzip.compress(head + b"\n" + body.replace(b'"zoom":5', b'"zoom":6')),   # checksum fails
               gzip.compress(head + b"\n[]"),                       # checksum fails, wrong shape
               gzip.compress(b"{}\n" + body)]                      # no header
    for data in damaged:
        path.write_bytes(data)
        cache = OutputCache(tmp_path)
        assert recall(cache, PLACES, calls) == good and cache.hits == []
    assert len(calls) == 1 + len(damaged)
    assert OutputCache(tmp_path).recall("detail", [], lambda: 1, lambda v: True) == 1   # another key
    path.chmod(0o000)
    path.parent.chmod(0o500)                                        # unreadable and unwritable: computed
    try:
        assert recall(OutputCache(tmp_path), PLACES, calls) == good
    finally:
        path.parent.chmod(0o700)
        path.chmod(0o600)


def test_a_value_of_the_wrong_shape_is_not_used(tmp_path):
    cache = OutputCache(tmp_path)
    cache.recall("detail", ["x"], lambda: {"zoom": "5"}, lambda v: True)
    assert OutputCache(tmp_path).recall("detail", ["x"], lambda: None, basemap._valid_detail) is None
    assert not basemap._valid_detail({"zoom": "5"}) and basemap._valid_detail(None)


def test_country_outlines_are_kept_one_by_one_and_a_damaged_table_is_computed_again(tmp_path):
    from geo.present.render import areas

    def outlines(codes):
        cache = OutputCache(tmp_path)
        with areas.kept_areas(cache):
            got = [areas.country_area(c) for c in codes]
            computed = areas._TABLE.computed
        return got, computed

    fresh = [areas._outline(c) for c in ("CU", "VE", "XX")]
    assert outlines(["CU", "XX"]) == (fresh[::2], 2)
    assert outlines(["CU", "VE", "XX"]) == (fresh, 1)        # only the new country is outlined
    assert outlines(["VE", "CU"]) == (fresh[1::-1], 0)
    path = tmp_path / "outputs" / "areas.json.gz"
    for data in (path.read_bytes()[:100], b"not gzip"):
        path.write_bytes(data)
        assert outlines(["CU"]) == (fresh[:1], 1)
    with areas.kept_areas(None):                              # no cache: computed, nothing kept
        assert areas.country_area("CU") == fresh[0] and areas._TABLE is None
