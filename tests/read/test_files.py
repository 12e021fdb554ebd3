"""The folder's file snapshot (geo.read.files): unchanged files are not read again, any change
of a file's status is, and a damaged or stale snapshot is set aside and everything read again."""
from __future__ import annotations

import os
import stat

from geo.read.documents import read_corpus
from geo.read.files import FILE_NAME, FileSnapshot


def _folder(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Port works\n\nOfficials in Havana said the pier was finished.\n", encoding="utf-8")
    (folder / "b.md").write_text("# One\n\nTalks in Lima.\n\n# Two\n\nTalks in Quito ended on Friday.\n",
                                 encoding="utf-8")
    (folder / "c.txt").write_bytes((folder / "a.txt").read_bytes())     # a duplicate
    (folder / "sources.yaml").write_text("a.txt:\n  outlet: Harbour Gazette\n", encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    return folder, cache


def _read(folder, cache, salt="s"):
    snap = FileSnapshot(cache, salt)
    docs, problems = read_corpus(folder, None, snap)
    snap.save()
    return docs, problems, snap


def test_unchanged_files_are_not_read_again_and_give_the_same_documents(tmp_path):
    folder, cache = _folder(tmp_path)
    plain = read_corpus(folder)
    docs, problems, first = _read(folder, cache)
    assert (docs, problems) == plain and first.read == 3
    assert stat.S_IMODE(os.stat(cache / FILE_NAME).st_mode) == 0o600
    docs, problems, again = _read(folder, cache)
    assert (docs, problems) == plain and again.read == 0
    assert [p.message for p in problems if "duplicate" in p.message]       # still found from the kept hash


def test_a_changed_added_or_removed_file_is_read(tmp_path):
    folder, cache = _folder(tmp_path)
    _read(folder, cache)
    a = folder / "a.txt"
    before = a.stat()
    a.write_text("Port works\n\nOfficials in Havana said the pier was halted.\n", encoding="utf-8")
    os.utime(a, ns=(before.st_atime_ns, before.st_mtime_ns))       # same size and mtime: ctime still moves
    (folder / "d.txt").write_text("Flooding closed roads in Jefferson Parish.\n", encoding="utf-8")
    (folder / "c.txt").unlink()
    docs, problems, snap = _read(folder, cache)
    assert (docs, problems) == read_corpus(folder)
    assert snap.read == 2 and "halted" in docs[0].text


def test_a_damaged_snapshot_is_set_aside_and_everything_read(tmp_path):
    folder, cache = _folder(tmp_path)
    _read(folder, cache)
    path = cache / FILE_NAME
    good = path.read_bytes()
    head, _, body = good.partition(b"\n")
    for damaged in (good[:-9], b"not json", head + b"\n" + body.replace(b"Havana", b"Hxvana"),
                    b'{"format": "briefmap-files", "schema": 1, "salt": "s", "sha256": "0"}\n{}'):
        path.write_bytes(damaged)
        docs, problems, snap = _read(folder, cache)
        assert snap.read == 3
        assert docs == read_corpus(folder)[0]
        assert any("files snapshot unusable" in message for _, message in snap.problems)


def test_a_planted_entry_of_the_wrong_shape_is_refused(tmp_path):
    import hashlib
    import json

    folder, cache = _folder(tmp_path)
    _read(folder, cache)
    path = cache / FILE_NAME
    head, _, body = path.read_bytes().partition(b"\n")
    table = json.loads(body)
    table["a.txt"][2][0][2] = "0"                      # a section number as text
    body = json.dumps(table).encode()
    header = json.loads(head)
    header["sha256"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)
    docs, problems, snap = _read(folder, cache)
    assert snap.read == 3 and any("unusable" in message for _, message in snap.problems)


def test_a_snapshot_of_other_code_is_not_read(tmp_path):
    folder, cache = _folder(tmp_path)
    _read(folder, cache)
    docs, problems, snap = _read(folder, cache, salt="other")
    assert snap.read == 3 and not snap.problems


def test_without_a_cache_nothing_is_kept(tmp_path):
    folder, _ = _folder(tmp_path)
    snap = FileSnapshot(None, "s")
    assert read_corpus(folder, None, snap) == read_corpus(folder)
    snap.save()
