"""What the corpus steps take of every cached article, kept in one file beside the entries.

A rebuild after one article is added read the 1,000 other articles' cache entries again (one
file each, the whole analysis decoded: 0.47 s of CPU) and pooled their findings again
(:class:`geo.findings.compact.Compactor`, 0.30 s), only to take from each its findings, its
counts, its rows of the unresolved report, its people, nationalities and visits. A
:class:`Digest` is exactly that, and :class:`CorpusSnapshot` keeps the digests of the last
build's articles by their cache keys: loaded in one read (0.28 s for 1,000 articles, places,
mentions, claims, role judgements and actors stored once each across the corpus, so the
findings come back sharing them as the pool made them), only the new or changed articles'
entries are decoded.

The snapshot is two files in ``corpus/``: ``base.json.gz`` (every digest of a build) and
``delta.json.gz`` (the digests made since, naming the base they extend), so a build that adds
one article writes one digest, not 1,000 (writing a base took 0.5 s); the base is written again
when the delta or the base's digests no longer used grow past an eighth of the corpus. Both are
gzip-compressed JSON with a header naming the format, the schema, the key (the analysis
fingerprint and the layer rules' key: other code or rules use none of it) and a SHA-256 of the
body, decoded as strictly as the entries (:class:`geo.model.CompactCodec`; never unpickled),
written atomically as 0600. One that cannot be read, names another key, fails its checksum or
does not fit the records is set aside with one problem line, and the entries are read instead.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import tempfile
import zlib
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from geo.build.analysis import DocumentVisits, private_dir
from geo.findings.merge_memo import MergeMemo
from geo.findings.visits import Person
from geo.framing import FrameError, check_digest, inflate, unframe
from geo.model import Actor, Claim, CompactCodec, Finding, Mention, Place, RecordError, RoleJudgement
from geo.read.documents import Problem

__all__ = ["CorpusSnapshot", "Digest"]

_FORMAT = "briefmap-corpus-snapshot"
_SCHEMA = 1
FOLDER = "corpus"
# Far above any real snapshot (about 3.7 MB packed, 14.5 MB of JSON for 1,000 articles),
# low enough that a planted gzip bomb cannot exhaust memory.
_MAX_BYTES = 2 * 2 ** 30
_GZIP_LEVEL = 1
_GZIP_HEADER = gzip.compress(b"", compresslevel=_GZIP_LEVEL, mtime=0)[:10]
# The base is written again when the delta, or the base's digests no build uses any more,
# pass this share of the corpus (and this many digests).
_REWRITE_SHARE = 8
_REWRITE_MIN = 16


@dataclass
class Digest:
    """What the corpus steps take of one article: all they read of its cache entry but its visits' inputs."""

    problems: list[str]                       # the budgets that cut it
    mentions: int
    rejected: int
    claims: int
    placed: list[str]                         # the place id of each placed mention
    unresolved: list[tuple[Mention, str]]     # its rows of the unresolved report: mention, reason
    findings: list[Finding]
    nationalities: dict[str, set[str]]
    persons: list[Person]
    visits: DocumentVisits | None = None


@dataclass
class _Row:
    key: str                                  # the article's cache key (geo.build.analysis.document_key)
    digest: Digest


@dataclass
class _Part:
    base: str                                 # the SHA-256 of the base's body ("" in the base itself)
    rows: list[_Row] = field(default_factory=list)


# Each place, role judgement, mention, claim and actor once in the whole file.
_CODEC = CompactCodec(_Part, shared=(Place, RoleJudgement, Mention, Claim, Actor), pool_strings=True)


class SnapshotError(ValueError):
    """A snapshot file that cannot be used."""


class _OtherKey(SnapshotError):
    """A snapshot made by other code or layer rules: nothing in it applies (no problem to report)."""


class CorpusSnapshot:
    """The digests of the last build's articles (``folder`` None: nothing kept, nothing read).

    ``key`` says what the digests were made with; a snapshot of another key is not read.
    :meth:`get` gives a digest by the article's cache key; :meth:`put` adds or replaces one;
    :meth:`save` keeps the digests this build used.
    """

    def __init__(self, folder: Path | None, key: str):
        self.folder = Path(folder) / FOLDER if folder is not None else None
        self.key = key
        self.problems: list[Problem] = []
        self._base: dict[str, Digest] = {}
        self._base_sha = ""
        self._delta: dict[str, Digest] = {}
        self._used: dict[str, Digest] = {}
        self._fresh: set[str] = set()         # keys whose digest is not the one read
        if self.folder is not None:
            self._load()

    def __len__(self) -> int:
        return len(self._base) + len(self._delta)

    def get(self, key: str) -> Digest | None:
        """The digest kept for ``key`` (marked used by this build), or None."""
        found = self._delta.get(key) or self._base.get(key)
        if found is not None:
            self._used[key] = found
        return found

    def put(self, key: str, digest: Digest) -> None:
        """Keep ``digest`` for ``key`` (a new article, or visits found again)."""
        self._used[key] = digest
        self._fresh.add(key)

    def _load(self) -> None:
        base, delta = self.folder / "base.json.gz", self.folder / "delta.json.gz"
        if not base.exists():
            return
        try:
            names, digests, self._base_sha = self._read(base)
            if names:
                raise SnapshotError("the base names a base")
            self._base = digests
        except (OSError, SnapshotError) as exc:
            self._unusable(base, exc)
            return
        if not delta.exists():
            return
        try:
            names, digests, _ = self._read(delta, self._base_sha)
            if names != self._base_sha:
                return                        # made beside another base (a write lost): its digests are redone
            self._delta = digests
        except (OSError, SnapshotError) as exc:
            self._unusable(delta, exc)

    def _unusable(self, path: Path, exc: Exception) -> None:
        self._base, self._base_sha, self._delta = {}, "", {}
        if isinstance(exc, _OtherKey):
            return
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self.problems.append(Problem(str(path), f"corpus snapshot unusable ({reason}); "
                                                "read the cached articles instead and made again"))

    def _read(self, path: Path, base: str | None = None) -> tuple[str, dict[str, Digest], str]:
        """The base a file names, its digests by key, and its SHA-256. A delta naming another base
        than ``base`` is not decoded further (its digests would be redone anyway).

        The body is parsed a table and then a row at a time (:class:`_Walk`,
        :meth:`~geo.model.CompactCodec.decode_each`), the same values as parsing it whole, strings
        pooled: its whole JSON beside the records made from it was several times the file
        (145 MB at 10,000 articles), and the JSON parser's own string per occurrence held each
        finding's texts again in its sources."""
        body, sha = self._unpack(path)
        try:
            text = body.decode("utf-8", "surrogatepass")
            del body
            walk = _Walk(text)
            walk.expect("[")
            names: list[str] = []

            def tables():
                for _ in _CODEC.shared:
                    yield walk.value()
                    walk.expect(",")
                walk.expect("[")
                names.append(walk.value())
                if type(names[0]) is not str:
                    raise RecordError("expected the base's digest")
                walk.expect(",")

            def rows():
                if base is not None and names[0] != base:
                    return
                yield from walk.items()
                walk.expect("]")
                walk.expect("]")
                walk.end()

            digests = {row.key: row.digest for row in _CODEC.decode_each(_Row, tables(), rows())}
            if base is not None and names[0] != base:
                return names[0], {}, sha
        except (ValueError, RecursionError, RecordError) as exc:
            raise SnapshotError(f"does not fit the records ({str(exc)[:120]})") from exc
        return names[0], digests, sha

    def _unpack(self, path: Path) -> tuple[bytes, str]:
        """The body of a file of this format and key, and its SHA-256; SnapshotError otherwise."""
        with open(path, "rb") as fh:
            data = fh.read(_MAX_BYTES + 1)
        try:
            raw = inflate(data, _MAX_BYTES, "briefmap corpus snapshot", _GZIP_HEADER)
            del data
            header, body = unframe(raw, _FORMAT, check=False)
            del raw
            if header.get("schema") != _SCHEMA:
                raise FrameError("bad header")
            if header.get("key") != self.key:
                raise _OtherKey()
            check_digest(header, body)
        except FrameError as exc:
            raise SnapshotError(str(exc)) from exc
        sha = header["sha256"]
        return body, sha

    def merge_memo(self) -> MergeMemo | None:
        """The merge's kept outcomes (:mod:`geo.findings.merge_memo`; empty when none usable), or
        None when nothing is kept. Its outcomes are keyed by the findings' ids, which hold under
        this snapshot's key, so it is read under that key only."""
        if self.folder is None:
            return None
        path = self.folder / "merge.json.gz"
        if not path.exists():
            return MergeMemo()
        try:
            body, _ = self._unpack(path)
            return MergeMemo.from_data(json.loads(body.decode("utf-8", "surrogatepass")))
        except _OtherKey:
            return MergeMemo()
        except (OSError, ValueError, RecursionError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)[:120]
            self.problems.append(Problem(str(path), f"merge memo unusable ({reason}); compared again"))
            return MergeMemo()

    def save_merge_memo(self, memo: MergeMemo) -> None:
        """Keep the outcomes the merge used (when they differ from those read)."""
        if self.folder is None or not memo.changed():
            return
        body = json.dumps(memo.to_data(), separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")
        try:
            self._pack("merge.json.gz", body)
        except OSError as exc:
            self.problems.append(Problem(str(self.folder), f"cannot write the merge memo ({exc.strerror or exc})"))

    def save(self) -> None:
        """Keep the digests this build used: in the delta while it stays small, else in a new base.

        A build saves once, when its articles' visits are found; the digests are dropped then
        (their findings live on in the build's list until the merge), so the rest of the build
        does not carry every article's counts, rows, people and visits twice."""
        try:
            self._save()
        finally:
            self._base, self._delta, self._used, self._fresh = {}, {}, {}, set()

    def _save(self) -> None:
        if self.folder is None:
            return
        used = self._used
        stale_base = sum(1 for k in self._base if k not in used)
        delta = {k: d for k, d in used.items() if k in self._fresh or self._base.get(k) is not d}
        bar = max(_REWRITE_MIN, len(used) // _REWRITE_SHARE)
        try:
            if not self._base_sha or len(delta) > bar or stale_base > bar:
                if not used:
                    return
                self._base_sha = self._write("base.json.gz", _Part("", _rows(used)))
                self._remove("delta.json.gz")
            elif delta.keys() != self._delta.keys() or any(delta[k] is not self._delta[k] for k in delta):
                self._write("delta.json.gz", _Part(self._base_sha, _rows(delta)))
        except (OSError, TypeError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.problems.append(Problem(str(self.folder), f"cannot write the corpus snapshot ({reason})"))

    def _write(self, name: str, part: _Part) -> str:
        """Write ``part`` as ``name``: the same bytes as its whole encoding, made a row at a time.

        The whole encoding (lists of every digest's fields), its JSON and that JSON's bytes were
        all alive at once beside the build's findings: 147 MB at the end of a 2,000-article
        build, about five times that at 10,000. The rows go to a spool file as they are encoded;
        the tables they refer to are complete only then, and come first in the body, so the
        body is put together in a second file, its digest taken on the way, and compressed from it."""
        private_dir(self.folder)
        with tempfile.TemporaryFile(dir=self.folder) as rows, tempfile.TemporaryFile(dir=self.folder) as body:
            _spool_list(rows, _CODEC.encode_each(_Row, part.rows))
            sha = _Digesting(body)
            sha.write(b"[")
            for table in _CODEC.tables:
                _spool_list(sha, table)
                sha.write(b",")
            sha.write(b"[" + _json(part.base) + b",")
            rows.seek(0)
            shutil.copyfileobj(rows, sha, _CHUNK)
            sha.write(b"]]")
            return self._pack_spooled(name, body, sha.hexdigest())

    def _pack(self, name: str, body: bytes) -> str:
        from geo.atomic import atomic_path

        sha = hashlib.sha256(body).hexdigest()
        private_dir(self.folder)
        with atomic_path(self.folder / name, mode=0o600) as tmp:
            tmp.write_bytes(gzip.compress(self._header(sha) + body, compresslevel=_GZIP_LEVEL, mtime=0))
        return sha

    def _pack_spooled(self, name: str, body, sha: str) -> str:
        """:meth:`_pack` of the body in the file ``body``, compressed a chunk at a time (the same bytes)."""
        from geo.atomic import atomic_path

        deflate = zlib.compressobj(_GZIP_LEVEL, zlib.DEFLATED, 31)     # what gzip.compress(mtime=0) makes
        body.seek(0)
        with atomic_path(self.folder / name, mode=0o600) as tmp, open(tmp, "wb") as out:
            out.write(deflate.compress(self._header(sha)))
            for chunk in iter(lambda: body.read(_CHUNK), b""):
                out.write(deflate.compress(chunk))
            out.write(deflate.flush())
        return sha

    def _header(self, sha: str) -> bytes:
        return json.dumps({"format": _FORMAT, "schema": _SCHEMA, "key": self.key, "sha256": sha},
                          sort_keys=True).encode("ascii") + b"\n"

    def _remove(self, name: str) -> None:
        try:
            os.unlink(self.folder / name)
        except FileNotFoundError:
            pass


def _rows(digests: dict[str, Digest]) -> list[_Row]:
    return [_Row(k, d) for k, d in sorted(digests.items())]


_CHUNK = 1 << 20
# Items per json.dumps call when a list is spooled: few enough calls that the C encoder does the
# work, small enough that no batch's text is large.
_BATCH = 512


def _json(value) -> bytes:
    return json.dumps(value, separators=(",", ":"), allow_nan=True, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _spool_list(out, items) -> None:
    """Write the JSON of the list of ``items`` (any iterable) to ``out``, the same text as
    :func:`_json` of the whole list, a batch of items at a time."""
    items = iter(items)
    out.write(b"[")
    first = True
    for batch in iter(lambda: list(islice(items, _BATCH)), []):
        if not first:
            out.write(b",")
        out.write(_json(batch)[1:-1])
        first = False
    out.write(b"]")


_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


class _Walk:
    """A JSON text read a value at a time: what ``json.loads`` accepts, and the same values.

    ``json.loads`` of a whole snapshot made every list of it at once; here the outer arrays
    are stepped through by hand and each element parsed alone (``JSONDecoder.raw_decode``)."""

    def __init__(self, text: str):
        self.text, self.at = text, 0

    def _skip(self) -> None:
        self.at = _SPACE.match(self.text, self.at).end()

    def expect(self, char: str) -> None:
        self._skip()
        if self.text[self.at:self.at + 1] != char:
            raise ValueError(f"expected {char!r} at {self.at}")
        self.at += 1

    def value(self):
        self._skip()
        value, self.at = _DECODER.raw_decode(self.text, self.at)
        return value

    def items(self):
        """The elements of the array that comes next, one at a time."""
        self.expect("[")
        self._skip()
        if self.text[self.at:self.at + 1] == "]":
            self.at += 1
            return
        while True:
            yield self.value()
            self._skip()
            char = self.text[self.at:self.at + 1]
            self.at += 1
            if char == "]":
                return
            if char != ",":
                raise ValueError(f"expected ',' or ']' at {self.at - 1}")

    def end(self) -> None:
        self._skip()
        if self.at != len(self.text):
            raise ValueError(f"extra data at {self.at}")


class _Digesting:
    """A file written through, with the SHA-256 of what was written."""

    def __init__(self, out):
        self.out, self.sha = out, hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.sha.update(data)
        self.out.write(data)

    def hexdigest(self) -> str:
        return self.sha.hexdigest()
