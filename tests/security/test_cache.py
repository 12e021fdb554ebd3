"""The per-document analysis cache holds checked JSON, never pickles: a planted entry
cannot run code, and any entry that fails to load or verify is re-analysed and named on
one problem line, never a crash and never a wrong result."""
from __future__ import annotations

import gzip
import json
import os
import pickle
import random
import shutil
import stat
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.build.analysis import (
    CACHE_SCHEMA,
    AnalysisSpec,
    CacheEntryError,
    DocumentAnalysis,
    ResultCache,
    analyse_documents,
    decode_entry,
    document_key,
    encode_entry,
)
from geo.build.corpus import analyse
from geo.model import Document, RecordError, from_data, to_data
from geo.present.outputs import write_outputs
from geo.read.documents import read_corpus, split_sections

TEXTS = {
    "a.txt": "Cuban President Miguel Díaz-Canel met Chinese officials in Havana on Monday, state media said. "
             "Russia denied it had reopened the Lourdes base.\n",
    "b.txt": "A Russian frigate docked in Havana after exercises in the Atlantic, the defence ministry said.\n",
    # a rejected span (Blinken) and a name no gazetteer knows (Quxandria)
    "c.txt": "U.S. Secretary of State Antony Blinken met Xi Jinping in Beijing on Monday. Blinken later claimed "
             "success. Blinken flew home to Washington. Officials in Quxandria said nothing.\n",
}


@pytest.fixture(scope="module")
def docs():
    return [d for name, text in TEXTS.items() for d in split_sections(text, name)]


@pytest.fixture(scope="module")
def fresh(docs):
    results, _ = analyse_documents(docs, AnalysisSpec())
    return results


def _keys(docs):
    fingerprint = AnalysisSpec().fingerprint()
    return [document_key(d, fingerprint) for d in docs]


class Boom:
    """Unpickling this creates the marker file: proof that a pickle was loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_planted_pickle_never_runs(tmp_path, docs, fresh):
    cache = ResultCache(tmp_path / "cache")
    marker = tmp_path / "pwned"
    payload = pickle.dumps(Boom(marker))
    for key in _keys(docs):
        folder = tmp_path / "cache" / key[:2]
        folder.mkdir(parents=True, exist_ok=True)    # two keys may share their first two digits
        (folder / f"{key}.pickle").write_bytes(payload)      # the old file name
        (folder / f"{key}.json.gz").write_bytes(payload)     # and the new one
    results, reused = analyse_documents(docs, AnalysisSpec(), cache=cache)
    assert not marker.exists()
    assert reused == 0 and results == fresh
    assert len(cache.problems) == len(docs)
    assert all("not a briefmap cache entry" in str(p) for p in cache.problems)


def test_records_round_trip_exactly(fresh, docs):
    # every kind of record is in the sample
    assert all(any(getattr(r, name) for r in fresh) for name in ("claims", "persons", "nationalities", "rejected"))
    assert any(m.role is not None for r in fresh for m in r.mentions)
    assert any(r.place is None for a in fresh for r in a.resolutions)
    for result in fresh:
        data = json.loads(json.dumps(to_data(result, DocumentAnalysis)))
        back = from_data(data, DocumentAnalysis)
        assert back == result
        assert [type(s) for s in back.sentences] == [tuple] * len(result.sentences)
        assert all(isinstance(v, set) for v in back.nationalities.values())
    dated = replace(docs[0], published=date(2023, 1, 18), url="https://example.org/a")
    assert from_data(json.loads(json.dumps(to_data(dated, Document))), Document) == dated


def test_records_refuse_data_of_the_wrong_shape(fresh):
    data = to_data(fresh[0], DocumentAnalysis)
    broken = json.loads(json.dumps(data))
    broken["claims"][0]["place"]["lat"] = "22.9"
    with pytest.raises(RecordError):
        from_data(broken, DocumentAnalysis)
    broken = json.loads(json.dumps(data))
    broken["mentions"][0]["role"]["role"] = "metonymic"
    with pytest.raises(RecordError):
        from_data(broken, DocumentAnalysis)
    broken = json.loads(json.dumps(data))
    broken["resolutions"][0]["extra"] = 1
    with pytest.raises(RecordError):
        from_data(broken, DocumentAnalysis)


def _mutate(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(7)
    if kind == 0:                       # flip some bits anywhere
        out = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
        return bytes(out)
    if kind == 1:                       # truncated
        return data[:rng.randrange(len(data))]
    if kind == 2:                       # random bytes
        return rng.randbytes(rng.randrange(0, 2000))
    if kind == 3:                       # bytes appended
        return data + rng.randbytes(rng.randint(1, 16))
    if kind == 4:                       # a well-formed gzip of something else
        return gzip.compress(rng.choice([b"", b"{}", b"[1,2]", b"null\n{}", rng.randbytes(64)]), mtime=0)
    header, _, body = gzip.decompress(data).partition(b"\n")
    if kind == 5:                       # another schema version
        head = json.loads(header)
        head["schema"] = CACHE_SCHEMA - 1
        return gzip.compress(json.dumps(head).encode() + b"\n" + body, mtime=0)
    # checksum kept: an extra field in the first row of the first table
    return gzip.compress(header + b"\n" + body.replace(b",", b",0,", 1), mtime=0)


def test_randomly_corrupted_entries_are_reanalysed_and_reported_once(tmp_path, docs, fresh):
    folder = tmp_path / "cache"
    analyse_documents(docs, AnalysisSpec(), cache=ResultCache(folder))
    entries = sorted(folder.rglob("*.json.gz"))
    assert len(entries) == len(docs)
    pristine = {p: p.read_bytes() for p in entries}
    rng = random.Random(17)
    reported = 0
    for _ in range(30):
        corrupted = set()
        for path, data in pristine.items():
            if rng.random() < 0.7:
                path.write_bytes(_mutate(data, rng))
                corrupted.add(path)
            else:
                path.write_bytes(data)
        cache = ResultCache(folder)
        results, reused = analyse_documents(docs, AnalysisSpec(), cache=cache)
        assert results == fresh                      # never a wrong result
        assert reused == len(docs) - len(cache.problems)
        assert len(cache.problems) <= len(corrupted)
        for problem in cache.problems:               # one line naming the document and the entry
            line = str(problem)
            assert "\n" not in line and "re-analysed" in line
            assert any(line.startswith(d.id) for d in docs) and any(str(p) in line for p in corrupted)
        reported += len(cache.problems)
        again = ResultCache(folder)                  # rewritten: the next build is quiet
        assert analyse_documents(docs, AnalysisSpec(), cache=again) == (fresh, len(docs)) and not again.problems
    assert reported >= 30                            # the mutations are detected, not merely harmless


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_decoding_any_mutation_is_refused_or_exact(fresh, data):
    key = "k" * 64
    entry = encode_entry(key, fresh[0])
    mutated = data.draw(st.one_of(
        st.binary(max_size=300),
        st.integers(0, len(entry) - 1).map(lambda n: entry[:n]),
        st.tuples(st.integers(0, len(entry) - 1), st.integers(1, 255)).map(
            lambda t: entry[:t[0]] + bytes([entry[t[0]] ^ t[1]]) + entry[t[0] + 1:]),
    ))
    try:
        value = decode_entry(key, mutated)
    except CacheEntryError:
        return
    assert value == fresh[0]


def test_compact_entries_refuse_rows_of_the_wrong_shape(fresh):
    from geo.build.analysis import _CODEC, CacheEntry

    data = json.loads(json.dumps(_CODEC.encode(CacheEntry(fresh[0]))))
    places, mentions, claims, top = data
    assert _CODEC.decode(json.loads(json.dumps(data))) == CacheEntry(fresh[0])
    for broken in (
        [places, mentions, claims],                                  # a part missing
        [places[:-1], mentions, claims, top],                         # a row number past its table
        [[p[:-1] for p in places], mentions, claims, top],            # a row one field short
        [[[*p[:2], str(p[2]), *p[3:]] for p in places], mentions, claims, top],   # a latitude as text
        [places, [[*m[:1], True, *m[2:]] for m in mentions], claims, top],        # a bool as an offset
    ):
        with pytest.raises(RecordError):
            _CODEC.decode(broken)


def test_an_entry_under_another_key_is_refused(fresh):
    with pytest.raises(CacheEntryError, match="another key"):
        decode_entry("b" * 64, encode_entry("a" * 64, fresh[0]))


def test_cache_folders_are_private_and_entries_owner_only(tmp_path, docs):
    previous = os.umask(0o022)
    try:
        folder = tmp_path / "home" / ".cache" / "briefmap" / "documents"
        analyse_documents(docs[:1], AnalysisSpec(), cache=ResultCache(folder))
    finally:
        os.umask(previous)
    [entry] = folder.rglob("*.json.gz")
    for path in (tmp_path / "home", tmp_path / "home" / ".cache", folder, entry.parent):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert [p.name for p in entry.parent.iterdir()] == [entry.name]   # no temporary left behind


def test_a_build_from_cache_writes_the_same_bytes_as_a_build_without(tmp_path, seeds_dir):
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    cache = tmp_path / "cache"
    analyse(corpus, cache_dir=cache)
    cached = analyse(corpus, cache_dir=cache, records=True)
    clean = analyse(corpus, use_cache=False, records=True)
    assert cached.reused == len(cached.documents) and not cached.problems
    documents, _ = read_corpus(corpus)
    assert cached.resolutions == clean.resolutions and cached.claims == clean.claims
    paths = [write_outputs(build, tmp_path / name / "brief.html") for build, name in ((cached, "a"), (clean, "b"))]
    for mine, theirs in zip(*paths):
        assert mine.read_bytes() == theirs.read_bytes(), mine.name


def test_a_corrupt_entry_is_one_problem_line_of_the_build(tmp_path, seeds_dir):
    from click.testing import CliRunner

    from geo.cli import EXIT_SKIPPED, main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    args = ["build", str(corpus), "-o", str(tmp_path / "out" / "brief.html"), "--cache-dir", str(cache), "-q"]
    assert CliRunner().invoke(main, args).exit_code == 0
    victim = sorted(cache.glob("??/*.json.gz"))[0]
    victim.write_bytes(victim.read_bytes()[:-9])
    # A rebuild reads the corpus snapshot, not the entries: the damaged entry is not read.
    assert CliRunner().invoke(main, args).exit_code == 0
    import shutil

    shutil.rmtree(cache / "corpus")             # without the snapshot every entry is read again
    result = CliRunner().invoke(main, args)
    assert result.exit_code == EXIT_SKIPPED, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("skipped:")]
    assert len(lines) == 1 and "truncated" in lines[0] and "re-analysed" in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert CliRunner().invoke(main, args).exit_code == 0
