"""Kept per-feature pieces (geo.present.export.fragments): the writers give the same bytes from
kept pieces as made whole, and a damaged or stale file is made again, never trusted."""
from __future__ import annotations

import copy
import logging
import os
import stat

from geo.present.export import fragments as fr
from geo.present.export.fragments import Fragments
from geo.present.export.kml import kml_bytes
from geo.present.export.tables import findings_csv_text
from geo.present.export.xlsx import xlsx_bytes
from tests.present.export import fixtures as fx


def _outputs(features, fragments=None):
    return (kml_bytes(features, fx.LAYERS, title="T <&>", fragments=fragments),
            findings_csv_text(features, fragments),
            xlsx_bytes(features, title="T <&>", fragments=fragments))


def _hostile():
    features = fx.features()
    extra = copy.deepcopy(features[0])
    props = extra["properties"]
    props.update(finding="F-hostile", claim=fx.HOSTILE + "\r\nline two  ", place="=cmd|' /C calc'!A0",
                 url="https://x.example/?a=1&b=<2>", source=" padded ", layer="unknown-layer")
    for c in props.get("claims") or []:
        c["claim"] = "@SUM(1) " + fx.HOSTILE
        c["url"] = "javascript:alert(1)"
    return features + [extra]


def test_pieces_give_the_whole_documents_bytes(tmp_path):
    features = _hostile()
    whole = _outputs(features)
    assert _outputs(features, Fragments(features)) == whole           # made here, assembled
    first = Fragments(features, tmp_path)
    assert _outputs(features, first) == whole
    first.save()
    again = Fragments(features, tmp_path)
    assert _outputs(features, again) == whole                         # every piece kept
    assert set(again.made.values()) == {0}


def test_incremental_equals_full(tmp_path):
    """Add, change and remove a feature between builds: the kept pieces give a clean build's bytes."""
    features = _hostile()
    built = Fragments(features, tmp_path)
    _outputs(features, built)
    built.save()
    changed = copy.deepcopy(features)
    changed[1]["properties"]["claim"] = "A changed sentence."
    added = changed + [copy.deepcopy(changed[2])]
    added[-1]["properties"]["finding"] = "F-new"
    removed = added[:1] + added[2:]
    for step in (changed, added, removed):
        kept = Fragments(step, tmp_path)
        assert _outputs(step, kept) == _outputs(step)
        assert 0 < kept.made["kml"] < len(step) or step is removed
        kept.save()


def test_a_damaged_file_is_made_again_with_a_warning(tmp_path, caplog):
    features = fx.features()
    first = Fragments(features, tmp_path)
    whole = _outputs(features, first)
    first.save()
    path = tmp_path / fr.FILE_NAME
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    data = path.read_bytes()
    for damaged in (data[:-7], data.replace(b"Placemark", b"Placemarx", 1), b"\x00garbage", b"{}\n",
                    data.replace(b'"sizes":[', b'"sizes":[1', 1)):
        path.write_bytes(damaged)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="briefmap.outputs"):
            again = Fragments(features, tmp_path)
            assert again.kept == {} and again.problem
        assert "unusable" in caplog.text
        assert _outputs(features, again) == whole
        assert again.made["kml"] == len(features)


def test_the_kept_pieces_are_read_when_first_wanted(tmp_path, monkeypatch):
    """The map page, the GeoJSON and the GeoPackage are written before any piece is wanted: the
    file is read then, not when the writers start, so its pieces are not held beside theirs."""
    features = fx.features()
    first = Fragments(features, tmp_path)
    whole = _outputs(features, first)
    first.save()
    reads = []
    real = Fragments._read
    monkeypatch.setattr(Fragments, "_read", lambda self, path: reads.append(path) or real(self, path))
    again = Fragments(features, tmp_path)
    assert again.lines and reads == []
    again.drop_lines()
    assert reads == []
    assert _outputs(features, again) == whole and set(again.made.values()) == {0}
    assert reads == [tmp_path / fr.FILE_NAME, tmp_path / fr.DELTA_NAME]


def test_a_file_of_other_code_is_not_read(tmp_path, monkeypatch):
    features = fx.features()
    first = Fragments(features, tmp_path)
    _outputs(features, first)
    first.save()
    monkeypatch.setattr(Fragments, "_file_key", lambda self: "other code")
    stale = Fragments(features, tmp_path)
    assert stale.kept == {} and stale.problem is None


def test_a_forged_piece_of_the_wrong_shape_is_made_again(tmp_path):
    features = fx.features()
    first = Fragments(features, tmp_path)
    whole = _outputs(features, first)
    first.kept = {key: "<oops/>" for key in first.used}
    first.used = dict(first.kept)
    first.made = {"kml": 1}
    first.save()                                   # a well-formed file whose pieces are not pieces
    again = Fragments(features, tmp_path)
    assert _outputs(features, again) == whole


def test_new_pieces_go_in_a_delta_and_a_damaged_delta_costs_only_its_pieces(tmp_path, caplog):
    features = [copy.deepcopy(fx.features()[0]) for _ in range(40)]
    for n, f in enumerate(features):
        f["properties"]["finding"] = f"F{n}"
    built = Fragments(features, tmp_path)
    _outputs(features, built)
    built.save()
    base = (tmp_path / fr.FILE_NAME).read_bytes()
    added = features + [copy.deepcopy(features[0])]
    added[-1]["properties"]["finding"] = "F-new"
    kept = Fragments(added, tmp_path)
    assert _outputs(added, kept) == _outputs(added)
    kept.save()
    assert (tmp_path / fr.FILE_NAME).read_bytes() == base and (tmp_path / fr.DELTA_NAME).exists()
    (tmp_path / fr.DELTA_NAME).write_bytes(b"garbage")
    with caplog.at_level(logging.WARNING, logger="briefmap.outputs"):
        again = Fragments(added, tmp_path)
        assert len(again.kept) == len(again.base) > 0     # read when first wanted, warned then
    assert "unusable" in caplog.text
    assert _outputs(added, again) == _outputs(added)
    assert again.made["kml"] == 1                       # only the delta's pieces made again
