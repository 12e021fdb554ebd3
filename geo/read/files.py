"""What reading each article file gave, kept between builds by the file's status.

A rebuild reads every file of the folder again, decodes it and splits it into its articles
(:func:`geo.read.documents.read_file`), and hashes its words to find duplicates: 0.21 s of CPU
for 1,000 articles (2026-12-03), for files nearly all unchanged. :class:`FileSnapshot` keeps,
per file name, its documents as read and that hash under the file's size, modification and
change times (nanoseconds), inode and device, so an unchanged file is not opened again. What
follows reading (``sources.yaml``, the copy's own dateline, the language) is applied as before.

The known limit of any such cache: a file rewritten with the same size within the same
nanosecond timestamps on the same inode is taken as unchanged. The change time (``st_ctime_ns``)
cannot be set back by ``touch`` or ``os.utime``, so an edit, a copy over the file or a
restored backup all change it; the file system's timestamp resolution is the limit.

The file (``files.json`` beside the analysis cache) is a JSON header line and a JSON body,
uncompressed (gzip took 0.07 of the 0.2 s a rebuild adding one article spent on it), keyed by the
analysis code's fingerprint (``salt``: other code reads everything again), with a SHA-256
of its body; it is decoded strictly (exact types, or the whole snapshot is set aside with
one problem line and every file read again), written atomically as 0600, and holds only
the files of the last build.

>>> snap = FileSnapshot(None, "salt")
>>> snap.get("a.txt", None) is None
True
"""
from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path

from geo.framing import check_digest, unframe
from geo.model import Document

__all__ = ["FileSnapshot", "FILE_NAME"]

_FORMAT = "briefmap-files"
_SCHEMA = 1
_MAX_BYTES = 512 * 2 ** 20
FILE_NAME = "files.json"
_FIELDS = ("id", "path", "section", "text", "offset", "title", "outlet", "published", "url", "meta_source",
           "filed_from", "language")
_TYPES = (str, str, int, str, int, str, str, (str, type(None)), str, str, str, str)


def stat_key(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _row(doc: Document) -> list:
    return [doc.id, doc.path, doc.section, doc.text, doc.offset, doc.title, doc.outlet,
            doc.published.isoformat() if doc.published else None, doc.url, doc.meta_source, doc.filed_from,
            doc.language]


def _doc(row) -> Document:
    if type(row) is not list or len(row) != len(_FIELDS):
        raise ValueError("bad document row")
    for value, kind in zip(row, _TYPES):
        if not isinstance(value, kind) or type(value) is bool:
            raise ValueError("bad document field")
    fields = dict(zip(_FIELDS, row))
    fields["published"] = date.fromisoformat(row[7]) if row[7] is not None else None
    return Document(**fields)


class FileSnapshot:
    """Per file name: (its status, the hash of its words, its documents as read); ``folder`` None: none kept."""

    def __init__(self, folder: Path | None, salt: str):
        self.path = Path(folder) / FILE_NAME if folder is not None else None
        self.salt = salt
        self.problems: list[tuple[str, str]] = []       # (file, message)
        self._stored: dict[str, list] = {}
        self._used: dict[str, list] = {}
        self._docs: dict[str, list[Document]] = {}      # the stored entries' documents, checked on loading
        self.read = 0                                    # files opened this build (tests read it)
        if self.path is not None and self.path.exists():
            self._load()

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as fh:
                packed = fh.read(_MAX_BYTES + 1)
            if len(packed) > _MAX_BYTES:
                raise ValueError("over the size limit")
            header, body = unframe(packed, _FORMAT, "briefmap files snapshot of this version", check=False)
            if header.get("schema") != _SCHEMA:
                raise ValueError("not a briefmap files snapshot of this version")
            if header.get("salt") != self.salt:
                return                                   # other code: nothing in it applies
            check_digest(header, body)
            table = json.loads(body.decode("utf-8", "surrogatepass"))
            if type(table) is not dict:
                raise ValueError("bad table")
            for name, entry in table.items():
                if (type(entry) is not list or len(entry) != 3 or type(entry[0]) is not list or len(entry[0]) != 5
                        or not all(type(n) is int for n in entry[0]) or type(entry[1]) is not str
                        or len(entry[1]) != 64 or type(entry[2]) is not list or not entry[2]):
                    raise ValueError("bad entry")
                bytes.fromhex(entry[1])
                docs = [_doc(row) for row in entry[2]]
                if any(d.path != name for d in docs):
                    raise ValueError("an entry's documents name another file")
                self._docs[name] = docs
            self._stored = table
        except (OSError, ValueError, UnicodeDecodeError, RecursionError, TypeError) as exc:
            self.problems.append((str(self.path), f"files snapshot unusable ({str(exc)[:120]}); every file read again"))
            self._stored, self._docs = {}, {}

    def get(self, name: str, st: os.stat_result | None) -> tuple[bytes, list[Document]] | None:
        """(the words' hash, the documents) kept for ``name`` at this status, or None."""
        if st is None:
            return None
        entry = self._stored.get(name)
        if entry is None or entry[0] != stat_key(st):
            return None
        self._used[name] = entry
        return bytes.fromhex(entry[1]), list(self._docs[name])

    def put(self, name: str, st: os.stat_result | None, fingerprint: bytes, docs: list[Document]) -> None:
        self.read += 1
        if st is not None and self.path is not None:
            self._used[name] = [stat_key(st), fingerprint.hex(), [_row(d) for d in docs]]

    def save(self) -> None:
        """Write the files this build read (only when they differ from the snapshot's)."""
        if self.path is None or self._used == self._stored:
            return
        from geo.atomic import atomic_path

        body = json.dumps(self._used, sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False).encode("utf-8", "surrogatepass")
        header = json.dumps({"format": _FORMAT, "schema": _SCHEMA, "salt": self.salt,
                             "sha256": hashlib.sha256(body).hexdigest()}).encode()
        try:
            if not self.path.parent.is_dir():
                return                                   # no analysis cache here: nothing to keep it beside
            with atomic_path(self.path, mode=0o600) as tmp:
                tmp.write_bytes(header + b"\n" + body)
        except OSError as exc:
            self.problems.append((str(self.path), f"cannot write the files snapshot ({exc.strerror or exc})"))
