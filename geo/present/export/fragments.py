"""Each feature's piece of an output (its KML Placemark, its CSV and workbook rows), kept between
builds by the feature's content and assembled in order instead of made again.

Adding one article to a built corpus changes a few of its thousands of features, and every
output was still made whole from all of them. A feature's piece of an output depends only on
the feature (what its GeoJSON line says) and on what the writer adds (the layer's title for
a Placemark's balloon): :class:`Fragments` keys each piece by the SHA-256 of the writer's
name, those extras and the feature's GeoJSON line, under a file key of the output cache's
:func:`geo.present.cache.fingerprint` (every file of the package and the writing libraries'
versions: other code makes everything again).

The pieces are text, kept in one file beside the other output pieces (``outputs/fragments.bin``):
a JSON header line (format, schema, key, the SHA-256 of the body, each piece's key and
size in bytes) and the pieces' UTF-8, uncompressed (a gzip-compressed JSON table of them took 0.17 s
to read and 0.2 s to write at 1,000 articles; this, about 22 MB, 0.14 s and 0.10 s). New
pieces go in a delta beside it (``fragments-delta.bin``, the same format); the base is
written again, with only the pieces of the last build, once the delta and the base's unused
pieces pass an eighth of them, so it does not grow. A file that cannot be read, is not this
format, names another key, fails its checksum or does not add up is set aside with a warning
(the ``briefmap.outputs`` logger: shown with ``--verbose``) and every piece made again; it
is never trusted and never fails a build. Written atomically, 0600, in the 0700 folder.

The writers make the same bytes either way: each builds its whole document with a
placeholder where the pieces go, and a piece is made by the code that made it inside the
whole document (``tests/present/export/test_fragments.py`` compares the two on hostile
text, ``tests/build/test_incremental.py`` a rebuild's files with a clean build's).
"""
from __future__ import annotations

import hashlib
import json
import logging
from itertools import islice
from pathlib import Path
from typing import Callable, Iterator

from geo.framing import check_digest, unframe

__all__ = ["Fragments"]

_FORMAT = "briefmap-fragments"
_SCHEMA = 2                      # 2: the index gives each piece's size in bytes, not characters
FILE_NAME = "fragments.bin"
DELTA_NAME = "fragments-delta.bin"
_MAX_BYTES = 1 << 30
_log = logging.getLogger("briefmap.outputs")


class Fragments:
    """The features of one build, their GeoJSON lines, and their kept pieces (``folder`` None: none kept).

    ``folder``: the output cache's folder (:attr:`geo.present.cache.OutputCache.folder`)."""

    def __init__(self, features: list[dict], folder: Path | None = None):
        self.features = features
        self.path = Path(folder) / FILE_NAME if folder is not None else None
        self.delta_path = Path(folder) / DELTA_NAME if folder is not None else None
        self._base: dict[str, str] = {}
        self._delta: dict[str, str] = {}
        self._lines: list[str] | None = None
        self._digests: list[bytes] | None = None
        self._kept: dict[str, str] = {}         # base and delta together
        self._loaded = self.path is None
        self.used: dict[str, str] = {}
        self.made: dict[str, int] = {}          # pieces made (not found) per kind, this build (tests read it)
        self._problem: str | None = None        # why the kept file was set aside, if it was

    # The kept pieces are read when first wanted, not when the writers start: the map page, the
    # GeoJSON (and its lines) and the GeoPackage need none of them, and a rebuild held them all
    # (144 MB of text at 10,000 articles) beside those from the start of its outputs.
    @property
    def kept(self) -> dict[str, str]:
        self._load()
        return self._kept

    @kept.setter
    def kept(self, value: dict[str, str]) -> None:
        self._load()
        self._kept = value

    @property
    def base(self) -> dict[str, str]:
        self._load()
        return self._base

    @property
    def delta(self) -> dict[str, str]:
        self._load()
        return self._delta

    @property
    def problem(self) -> str | None:
        self._load()
        return self._problem

    @property
    def lines(self) -> list[str]:
        """Each feature as the GeoJSON file writes it (one line each), made once per build."""
        if self._lines is None:
            dumps = json.dumps
            self._lines = [dumps(f, ensure_ascii=False, separators=(",", ":")) for f in self.features]
        return self._lines

    def drop_lines(self) -> None:
        """Let the GeoJSON lines go once the GeoJSON is written: the other writers' pieces are keyed
        by the lines' digests, taken first, and the lines were as large as the file (23 MB at 2,000
        articles) for the rest of the outputs."""
        self._feature_digests()
        self._lines = None

    def _feature_digests(self) -> list[bytes]:
        if self._digests is None:
            sha = hashlib.sha256
            self._digests = [sha(line.encode("utf-8", "surrogatepass")).digest() for line in self.lines]
        return self._digests

    def pieces(self, kind: str, make: Callable[[int], str], valid: Callable[[str], bool] = lambda v: True,
               extra: Callable[[int], str] | None = None) -> list[str]:
        """``make(i)`` (text) for every feature ``i``, or the piece kept for the same feature.

        ``extra(i)``: text beyond the feature that its piece depends on (it joins the key);
        ``valid``: a kept piece failing it is made again."""
        if self.path is None:
            self.made[kind] = self.made.get(kind, 0) + len(self.features)
            return [make(i) for i in range(len(self.features))]
        sha = hashlib.sha256
        prefix = f"{_SCHEMA}\x00{kind}\x00".encode()
        kept, used = self.kept, self.used
        out = []
        made = 0
        for i, digest in enumerate(self._feature_digests()):
            tail = digest if extra is None else extra(i).encode("utf-8", "surrogatepass") + b"\x00" + digest
            key = sha(prefix + tail).hexdigest()[:40]
            piece = used.get(key)
            if piece is None:
                piece = kept.get(key)
                if piece is None or not valid(piece):
                    piece = make(i)
                    made += 1
                used[key] = piece
            out.append(piece)
        self.made[kind] = self.made.get(kind, 0) + made
        return out

    # ------------------------------------------------------------------ the file

    def _file_key(self) -> str:
        from geo.present.cache import fingerprint

        return hashlib.sha256(f"{_FORMAT}/{_SCHEMA}/{fingerprint()}".encode()).hexdigest()

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        self._base = self._read(self.path)
        self._delta = self._read(self.delta_path)
        self._kept = {**self._base, **self._delta} if self._delta else self._base

    def _read(self, path: Path) -> dict[str, str]:
        try:
            with open(path, "rb") as fh:
                packed = fh.read(_MAX_BYTES + 1)
        except FileNotFoundError:
            return {}
        except OSError as exc:
            self._set_aside(path, f"cannot read it ({exc.strerror or exc})")
            return {}
        try:
            if len(packed) > _MAX_BYTES:
                raise ValueError("over the size limit")
            # The header line is parsed alone and the body read in place: each piece is decoded from
            # its own bytes (one decoded text of the whole body, then its slices, was up to five
            # times the file beside it: a 144 MB file took a 10,000-article rebuild from 1.2 to 1.8 GB).
            end = packed.find(b"\n")
            header, _ = unframe(packed[:end] if end >= 0 else packed, _FORMAT,
                                "briefmap fragments file of this version", check=False)
            if header.get("schema") != _SCHEMA:
                raise ValueError("not a briefmap fragments file of this version")
            if header.get("key") != self._file_key():
                return {}                    # other code or libraries: nothing in it applies
            body = memoryview(packed)[end + 1:] if end >= 0 else memoryview(b"")
            check_digest(header, body, end >= 0)
            keys, sizes = header.get("keys"), header.get("sizes")
            if (type(keys) is not list or type(sizes) is not list or len(keys) != len(sizes)
                    or not all(type(k) is str for k in keys) or not all(type(n) is int and n >= 0 for n in sizes)):
                raise ValueError("bad index")
            if sum(sizes) != len(body):
                raise ValueError("index and body disagree")
            kept, at = {}, 0
            for key, size in zip(keys, sizes):
                kept[key] = str(body[at:at + size], "utf-8", "surrogatepass")
                at += size
            return kept
        except (ValueError, UnicodeDecodeError, RecursionError, TypeError) as exc:
            self._set_aside(path, str(exc)[:120])
            return {}

    def _set_aside(self, path: Path, reason: str) -> None:
        self._problem = reason
        _log.warning("%s: output fragments unusable (%s); made again", path, reason)

    def save(self) -> None:
        """Keep the pieces this build used.

        New pieces go in the delta (rewriting the whole file was 0.10 s of a rebuild adding one
        article to 1,000); the base is written again, with just the pieces used, once the delta
        and the base's unused pieces pass an eighth of them. Both files are keyed by content,
        so a base and a delta of different builds (a write interrupted between the two) still
        hold only right pieces."""
        if self.path is None:
            return
        used, kept = self.used, self.kept
        new = {key: piece for key, piece in used.items() if key not in kept}
        unused = len(kept.keys() - used.keys())
        if not new and not unused:
            return
        delta = {key: piece for key, piece in self.delta.items() if key in used}
        delta.update(new)
        if not self.base or unused + len(delta) > len(used) / 8:
            if self._write(self.path, used):
                try:
                    self.delta_path.unlink(missing_ok=True)
                except OSError:
                    pass                     # a stale delta holds right pieces too (keyed by content)
        elif new:
            self._write(self.delta_path, delta)

    def _write(self, path: Path, pieces: dict[str, str]) -> bool:
        """Write ``pieces`` as one file, encoding them a batch at a time: the body joined into one
        string, its bytes and the file's bytes were three copies of every piece (the largest
        transient of a 2,000-article build's outputs, 170 MB); they are encoded twice instead,
        once for the digest the header leads with and once to write."""
        from geo.atomic import atomic_path

        sha = hashlib.sha256()
        for chunk in _encoded(pieces.values()):
            sha.update(chunk)
        header = json.dumps({"format": _FORMAT, "schema": _SCHEMA, "key": self._file_key(),
                             "sha256": sha.hexdigest(), "keys": list(pieces),
                             "sizes": [_utf8_size(piece) for piece in pieces.values()]}, separators=(",", ":"))
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            with atomic_path(path, mode=0o600) as tmp, open(tmp, "wb") as out:
                out.write(header.encode() + b"\n")
                for chunk in _encoded(pieces.values()):
                    out.write(chunk)
            return True
        except OSError as exc:
            # A read-only or full cache costs the next build the time, nothing else.
            _log.warning("%s: cannot keep the output fragments (%s)", path, exc.strerror or exc)
            return False


_BATCH = 1024


def _encoded(pieces) -> Iterator[bytes]:
    """The UTF-8 of ``pieces`` joined, a batch of pieces at a time."""
    pieces = iter(pieces)
    for batch in iter(lambda: list(islice(pieces, _BATCH)), []):
        yield "".join(batch).encode("utf-8", "surrogatepass")


def _utf8_size(piece: str) -> int:
    """The length of ``piece``'s UTF-8 (``isascii`` is a flag of the string: no encoding for most)."""
    return len(piece) if piece.isascii() else len(piece.encode("utf-8", "surrogatepass"))
