"""Pieces of the outputs kept between builds, by the content they are made from.

Adding one article to a built corpus rewrites every output, and some pieces of them cost as
much as the corpus steps while rarely changing: the 1:10m basemap detail is a clip of the
coasts, borders and cities around the map's places (0.6 s of CPU at 1,000 articles), the same
whenever the places are. :class:`OutputCache` keeps such a piece under a key made of what it
is computed from and of :func:`fingerprint` (every source and data file of the package and the
versions of the libraries drawing it), so a change to either computes it again.

Each piece is one file in ``outputs/`` beside the analysis cache, holding only its latest value
(so the folder does not grow), gzip-compressed JSON with its key and the SHA-256 of its body,
written atomically as 0600. A file that cannot be read, is not this format, names another key,
fails its checksum or holds a value of the wrong shape is ignored and the piece computed again:
it is never trusted, and never fails a build.

>>> cache = OutputCache(None)
>>> cache.recall("detail", ["Havana"], lambda: {"zoom": 5}, lambda v: type(v) is dict)
{'zoom': 5}
"""
from __future__ import annotations

import gzip
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Callable

from geo.fingerprint import package_digest, package_root

__all__ = ["OutputCache", "PieceTable", "fingerprint"]

_FORMAT = "briefmap-output-piece"
_SCHEMA = 1
_MAX_BYTES = 64 * 2 ** 20
FOLDER = "outputs"
_LIBRARIES = ("shapely", "numpy", "folium", "branca", "jinja2", "lxml", "openpyxl", "pyogrio")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Every file of the package (code and data: a piece may use any of them) and the libraries' versions."""
    root = package_root()
    names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts)
    return package_digest(names, _LIBRARIES)


class OutputCache:
    """Output pieces by name, each kept for one key: its latest (``folder`` None: nothing kept)."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) / FOLDER if folder is not None else None
        self.hits: list[str] = []            # names served from the cache this build (tests read them)

    def _key(self, name: str, parts) -> str:
        digest = hashlib.sha256(f"{_FORMAT}/{_SCHEMA}/{name}/{fingerprint()}\x00".encode())
        digest.update(json.dumps(parts, ensure_ascii=False, separators=(",", ":"),
                                 allow_nan=True).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def recall(self, name: str, parts, compute: Callable[[], object], valid: Callable[[object], bool]):
        """The piece ``name`` made from ``parts`` (plain JSON data): kept, else ``compute()`` (then kept).

        ``valid`` checks a kept value's shape before it is used; JSON must give back exactly what
        ``compute()`` returns (lists rather than tuples), or a hit would not be the same bytes."""
        if self.folder is None:
            return compute()
        key = self._key(name, parts)
        path = self.folder / f"{name}.json.gz"
        found = self._read(path, key, valid)
        if found is not None:
            self.hits.append(name)
            return found[0]
        value = compute()
        self._write(path, key, value)
        return value

    def table(self, name: str, valid: Callable[[object], bool]) -> "PieceTable":
        """Pieces of one kind, each under its own key (a country's outline by its code), in one file."""
        return PieceTable(self, name, valid)

    @staticmethod
    def _read(path: Path, key: str, valid) -> tuple | None:
        try:
            with open(path, "rb") as fh:
                packed = fh.read(_MAX_BYTES + 1)
            if len(packed) > _MAX_BYTES:
                return None
            head, _, body = gzip.decompress(packed).partition(b"\n")
            header = json.loads(head)
            if (type(header) is not dict or header.get("format") != _FORMAT or header.get("schema") != _SCHEMA
                    or header.get("key") != key or header.get("sha256") != hashlib.sha256(body).hexdigest()):
                return None
            value = json.loads(body.decode("utf-8", "surrogatepass"))
            return (value,) if valid(value) else None
        except (OSError, EOFError, ValueError, UnicodeDecodeError, RecursionError, gzip.BadGzipFile,
                TypeError, KeyError, IndexError, AttributeError):
            return None              # missing, partial, corrupt or planted: computed again

    def _write(self, path: Path, key: str, value) -> None:
        from geo.atomic import atomic_path

        try:
            body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        except (TypeError, ValueError):
            return                   # not plain JSON data: nothing to keep
        header = json.dumps({"format": _FORMAT, "schema": _SCHEMA, "key": key,
                             "sha256": hashlib.sha256(body).hexdigest()}).encode()
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            with atomic_path(path, mode=0o600) as tmp:
                tmp.write_bytes(gzip.compress(header + b"\n" + body, compresslevel=1, mtime=0))
        except OSError:
            pass                     # a read-only or full cache costs the next build the time, nothing else


class PieceTable:
    """Pieces of one kind by their own key, kept together in one file of :class:`OutputCache`.

    A build that adds an article to a corpus asks for nearly the same pieces as the last
    (the outlines of the same countries, and maybe one more): each is looked up on its own,
    and only those computed anew cost their time. The file is keyed by the fingerprint alone,
    each piece by its own key within it; :meth:`save` keeps just the pieces this build used,
    so the file stays the size of one map's. A piece that fails ``valid`` is computed again.

    >>> table = OutputCache(None).table("areas", lambda v: True)
    >>> table.get("CU", lambda: {"anchors": [[21.5, -79.5]]}), table.save()
    ({'anchors': [[21.5, -79.5]]}, None)
    """

    def __init__(self, cache: OutputCache, name: str, valid: Callable[[object], bool]):
        self.cache, self.name, self.valid = cache, name, valid
        self.used: dict[str, object] = {}
        self.computed = 0
        self.kept: dict = {}
        if cache.folder is not None:
            found = cache._read(self._path(), cache._key(name, []), lambda v: type(v) is dict)
            self.kept = found[0] if found is not None else {}

    def _path(self) -> Path:
        return self.cache.folder / f"{self.name}.json.gz"

    def get(self, key: str, compute: Callable[[], object]):
        if key in self.used:
            return self.used[key]
        if key in self.kept and self.valid(self.kept[key]):
            value = self.kept[key]
        else:
            value = compute()
            self.computed += 1
        self.used[key] = value
        return value

    def save(self) -> None:
        """Keep the pieces this build used (only when one was computed, or some went unused)."""
        if self.cache.folder is None or (not self.computed and self.used.keys() == self.kept.keys()):
            return
        self.cache._write(self._path(), self.cache._key(self.name, []), dict(sorted(self.used.items())))
