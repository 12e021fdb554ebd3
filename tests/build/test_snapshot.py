"""The corpus snapshot: a rebuild reads the kept digests instead of the articles' cache entries,
gives a clean build's bytes, writes only a delta for a new article, and never trusts a damaged
snapshot (it is set aside with one problem line and made again)."""
from __future__ import annotations

import gzip
import json
import stat

import pytest

from geo.build.analysis import ResultCache
from geo.build.snapshot import CorpusSnapshot, Digest
from geo.pipeline import build
from tests.build.test_incremental import (
    ARTICLES,
    check_same_as_clean,
    outputs,
)


@pytest.fixture
def loads(monkeypatch):
    """The keys of the cache entries each build reads."""
    read = []
    real = ResultCache.load
    monkeypatch.setattr(ResultCache, "load", lambda self, key, name="": read.append(key) or real(self, key, name))
    return read


def test_a_rebuild_reads_the_snapshot_not_the_entries(corpus, tmp_path, gazetteer, loads):
    cache = tmp_path / "cache"
    check_same_as_clean(corpus, tmp_path, cache, 0)
    base = cache / "corpus" / "base.json.gz"
    assert base.exists() and not (cache / "corpus" / "delta.json.gz").exists()
    # It holds article text, as the entries do: the owner's only.
    assert stat.S_IMODE(base.stat().st_mode) == 0o600 and stat.S_IMODE(base.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((cache / "corpus" / "merge.json.gz").stat().st_mode) == 0o600
    loads.clear()
    again = check_same_as_clean(corpus, tmp_path, cache, 1)
    assert loads == [] and again.reused == len(again.documents)
    kept = base.read_bytes()
    # A new article: its digest goes in the delta; the base is not written again.
    (corpus / "four.txt").write_text("Later\n\nA Brazilian frigate docked at Callao on Friday.\n", encoding="utf-8")
    check_same_as_clean(corpus, tmp_path, cache, 2)
    assert base.read_bytes() == kept and (cache / "corpus" / "delta.json.gz").exists()
    loads.clear()
    check_same_as_clean(corpus, tmp_path, cache, 3)
    assert loads == []


def test_visits_found_again_are_kept_in_the_snapshot(corpus, tmp_path, gazetteer, loads):
    cache = tmp_path / "cache"
    for name in ("one.txt", "three.txt"):
        (corpus / name).unlink()
    assert check_same_as_clean(corpus, tmp_path, cache, 0).visits == []
    # one.txt tells who Quispe is: two.txt's visits are found again (its entry read, as is the
    # new one.txt's, whose visits are found from its entry too) ...
    (corpus / "one.txt").write_text(ARTICLES["one.txt"], encoding="utf-8")
    loads.clear()
    joined = check_same_as_clean(corpus, tmp_path, cache, 1)
    assert [v.origin.name for v in joined.visits] == ["Lima"] and len(loads) == 2
    # ... and kept: the next build reads no entry and gives the same visit.
    loads.clear()
    again = check_same_as_clean(corpus, tmp_path, cache, 2)
    assert [v.origin.name for v in again.visits] == ["Lima"] and loads == []


def _repack(path, edit):
    """The file with its body edited and its checksum made to match (a planted snapshot)."""
    import hashlib

    head, _, body = gzip.decompress(path.read_bytes()).partition(b"\n")
    header = json.loads(head)
    body = edit(body)
    header["sha256"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(gzip.compress(json.dumps(header, sort_keys=True).encode() + b"\n" + body,
                                   compresslevel=1, mtime=0))


@pytest.mark.parametrize("damage", ["truncated", "flipped", "planted", "not gzip"])
def test_a_damaged_snapshot_is_set_aside_and_made_again(corpus, tmp_path, gazetteer, damage, loads):
    cache = tmp_path / "cache"
    check_same_as_clean(corpus, tmp_path, cache, 0)
    base = cache / "corpus" / "base.json.gz"
    data = base.read_bytes()
    if damage == "truncated":
        base.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":           # one bit inside the compressed body: the checksum or gzip fails
        base.write_bytes(data[:40] + bytes([data[40] ^ 1]) + data[41:])
    elif damage == "planted":           # the checksum matches, the rows do not fit the records
        _repack(base, lambda body: json.dumps([*json.loads(body)[:-1], ["", [["k", [1, 2, 3]]]]]).encode())
    else:
        base.write_bytes(b"\x80\x04not a snapshot")
    loads.clear()
    rebuilt = build(corpus, tmp_path / "rebuilt" / "map.html", cache_dir=cache)
    assert len(rebuilt.problems) == 1 and "corpus snapshot unusable" in rebuilt.problems[0]
    assert len(loads) == len(rebuilt.documents)          # the entries were read instead
    clean = build(corpus, tmp_path / "clean" / "map.html", use_cache=False)
    assert outputs(tmp_path / "rebuilt" / "map.html") == outputs(tmp_path / "clean" / "map.html")
    loads.clear()
    again = check_same_as_clean(corpus, tmp_path, cache, 1)      # made again: no problem, no entry read
    assert not again.problems and loads == [] and clean.features == again.features


def test_a_snapshot_of_other_code_or_rules_is_not_read(tmp_path):
    snapshot = CorpusSnapshot(tmp_path, "key-a")
    snapshot.put("k1", Digest([], 1, 0, 1, ["geonames:1"], [], [], {}, []))
    snapshot.save()
    assert CorpusSnapshot(tmp_path, "key-a").get("k1") == Digest([], 1, 0, 1, ["geonames:1"], [], [], {}, [])
    other = CorpusSnapshot(tmp_path, "key-b")
    assert other.get("k1") is None and other.problems == []      # another key: nothing applies, nothing wrong


def test_a_delta_beside_another_base_is_not_read(tmp_path):
    def digest(n):
        return Digest([], n, 0, 0, [], [], [], {}, [])

    first = CorpusSnapshot(tmp_path, "key")
    for k in range(20):
        first.put(f"k{k}", digest(k))
    first.save()
    second = CorpusSnapshot(tmp_path, "key")
    for k in range(20):
        second.get(f"k{k}")
    second.put("new", digest(99))
    second.save()                                                # a delta of one digest
    delta = (tmp_path / "corpus" / "delta.json.gz").read_bytes()
    assert CorpusSnapshot(tmp_path, "key").get("new") == digest(99)
    # The base is made again (all its digests replaced) and an old delta put back beside it.
    third = CorpusSnapshot(tmp_path, "key")
    for k in range(20):
        third.put(f"k{k}", digest(k + 100))
    third.save()
    (tmp_path / "corpus" / "delta.json.gz").write_bytes(delta)
    fourth = CorpusSnapshot(tmp_path, "key")
    assert fourth.get("new") is None and fourth.get("k1") == digest(101) and fourth.problems == []


def _body(path):
    return gzip.decompress(path.read_bytes()).partition(b"\n")


def test_the_snapshot_is_read_a_row_at_a_time_as_parsed_whole(corpus, tmp_path, gazetteer):
    """The body is parsed a table and a row at a time (not one json.loads of it all): the same
    digests as decoding it whole, equal texts one string, any JSON spacing, and nothing else."""
    from geo.build.snapshot import _CODEC, _Part
    from geo.model import CompactCodec

    cache = tmp_path / "cache"
    check_same_as_clean(corpus, tmp_path, cache, 0)
    base = cache / "corpus" / "base.json.gz"
    head, _, body = _body(base)
    key = json.loads(head)["key"]
    whole_data = json.loads(body)
    whole = CompactCodec(_Part, shared=_CODEC.shared).decode(whole_data)
    read = CorpusSnapshot(cache, key)
    digests = {row.key: row.digest for row in whole.rows}
    assert digests and {k: read.get(k) for k in digests} == digests and read.problems == []
    # Pooled: a source's sentence is the very string of its claim's equal sentence.
    pairs = [(s.sentence, c.sentence) for d in digests for f in read.get(d).findings
             for s in f.sources for c in f.places if s.sentence == c.sentence]
    assert pairs and all(a is b for a, b in pairs)
    _repack(base, lambda b: json.dumps(json.loads(b), indent=1).encode())       # spaced, as json.loads takes
    spaced = CorpusSnapshot(cache, key)
    assert {k: spaced.get(k) for k in digests} == digests and spaced.problems == []
    for edit in (lambda b: b + b" []", lambda b: b[:-1], lambda b: b.replace(b"[", b"[[", 1),
                 lambda b: json.dumps(json.loads(b)[1:]).encode()):
        _repack(base, lambda b: edit(json.dumps(whole_data).encode()))
        broken = CorpusSnapshot(cache, key)
        assert broken.get(next(iter(digests))) is None and len(broken.problems) == 1


def test_decode_each_is_decode_a_value_at_a_time():
    from geo.model import Claim, CompactCodec, Mention, Place, RecordError

    codec = CompactCodec(list[Claim], shared=(Place, Mention), pool_strings=True)
    p = Place("geonames:1", "Havana", 23.1, -82.4, "city", "CU")
    claims = [Claim("d#0", p, Mention("d#0", 10, 16, "Havana"), "Met in " + "Havana.", 0, 14),
              Claim("d#0", p, Mention("d#0", 30, 36, "Havana"), "Met in Havana" + ".", 20, 34)]
    data = json.loads(json.dumps(codec.encode(claims)))
    each = list(codec.decode_each(Claim, iter(data[:-1]), iter(data[-1])))
    assert each == codec.decode(data) == claims
    assert each[0].sentence is each[1].sentence and each[0].doc_id is each[1].mention.doc_id
    for tables in (data[:1], data[:-1] + [[]]):
        with pytest.raises(RecordError):
            list(codec.decode_each(Claim, tables, data[-1]))
