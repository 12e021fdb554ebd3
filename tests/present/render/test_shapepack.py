"""The packed shapes format: round trip, determinism, and errors that name the file."""
from __future__ import annotations

import gzip
import io

import pytest

from geo.present.render import shapepack

FC = {"attribution": "made for this test", "features": [
    {"type": "Feature", "properties": {"id": "a"},
     "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]}},
    # a bow tie: invalid as drawn, repaired when packed
    {"type": "Feature", "properties": {"id": "b"},
     "geometry": {"type": "Polygon", "coordinates": [[[10, 0], [12, 2], [12, 0], [10, 2], [10, 0]]]}},
    {"type": "Feature", "properties": {"id": "c"},
     "geometry": {"type": "MultiLineString", "coordinates": [[[0, 0], [1, 1]], [[2, 2], [3, 3]]]}},
]}


def _packed(fc=FC) -> bytes:
    buf = io.BytesIO()
    shapepack.write(buf, fc)
    return buf.getvalue()


def test_round_trip_keeps_order_properties_and_shapes_and_repairs_invalid_ones():
    pack = shapepack.read_bytes(_packed())
    assert pack.attribution == "made for this test"
    assert [p["id"] for p in pack.properties] == ["a", "b", "c"]
    assert pack.geoms[0].area == 4.0
    assert all(g.is_valid for g in pack.geoms)
    assert pack.geoms[2].geom_type == "MultiLineString" and pack.geoms[2].length == pytest.approx(2 * 2 ** 0.5)


def test_the_same_shapes_give_the_same_bytes():
    assert _packed() == _packed()


@pytest.mark.parametrize("raw, why", [
    (b"not gzip at all", "not a packed shapes file"),
    (gzip.compress(b'{"format": "other", "version": 1}\n'), "expected 'briefmap-shapepack'"),
    (gzip.compress(b'{"format": "briefmap-shapepack", "version": 1, "attribution": "", '
                   b'"properties": [{}], "sizes": [100]}\nshort'), "bytes of shapes"),
])
def test_a_broken_pack_is_an_error_naming_the_file(raw, why):
    with pytest.raises(shapepack.ShapePackError, match=why) as err:
        shapepack.read_bytes(raw, "broken.wkb.gz")
    assert "broken.wkb.gz" in str(err.value)
