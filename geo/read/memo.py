"""What reading an article found that depends on its text alone, kept between builds.

Reading a folder detects each article's language (:mod:`geo.read.detect`) and finds the
relative dates an undated article cannot place (:func:`geo.language.dates.undated_notes`).
Both are pure functions of the text, and together they were half the CPU time of a rebuild
in which no article had changed (2,000 articles: 19 of 30 s). :class:`TextMemo` keeps their
answers by the SHA-256 of the text and a ``salt`` (the analysis code's fingerprint: a change
to the code computes everything again), in one file beside the analysis cache. The build also
keeps the offices stated beside each article's people (``offices``, keyed by the text and the
people's spans: :func:`geo.language.people.person_offices`), a third of such a rebuild's CPU
time once the others were kept (2,000 articles: 3.3 of 9.8 s).

The file is gzip-compressed JSON, read strictly (exact types, or the whole memo is set aside
and computed again, with one problem line), written atomically as 0600, and holds only the
texts of the last build, so it does not grow as articles come and go.

>>> memo = TextMemo(None, "salt")
>>> memo.recall("language", "Officials met.", lambda: ["en", 0.99])
['en', 0.99]
"""
from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Callable

_FORMAT = "briefmap-reading"
_SCHEMA = 1
_MAX_BYTES = 64 * 2 ** 20          # far above any real memo (about 100 bytes an article)
FILE_NAME = "reading.json.gz"


def _valid(kind: str, value) -> bool:
    if kind == "language":
        return (type(value) is list and len(value) == 2 and type(value[0]) is str and len(value[0]) <= 8
                and type(value[1]) in (int, float) and 0 <= value[1] <= 1)
    if kind in ("relative", "offices"):
        return type(value) is list and all(type(v) is str for v in value)
    return False


class TextMemo:
    """Answers by (kind, text), read from and saved to ``folder`` (None: kept in memory only)."""

    KINDS = ("language", "relative", "offices")

    def __init__(self, folder: Path | None, salt: str):
        self.path = folder / FILE_NAME if folder is not None else None
        self.salt = salt
        self.problems: list[tuple[str, str]] = []       # (file, message)
        self._stored: dict[str, dict[str, object]] = {k: {} for k in self.KINDS}
        self._used: dict[str, dict[str, object]] = {k: {} for k in self.KINDS}
        if self.path is not None and self.path.exists():
            self._load()

    def _load(self) -> None:
        try:
            with gzip.open(self.path, "rb") as fh:
                raw = fh.read(_MAX_BYTES + 1)
            if len(raw) > _MAX_BYTES:
                raise ValueError("over the size limit")
            data = json.loads(raw.decode("utf-8"))
            if type(data) is not dict or data.get("format") != _FORMAT or data.get("schema") != _SCHEMA:
                raise ValueError("not a briefmap reading memo of this version")
            if data.get("salt") != self.salt:
                return                                   # other code: nothing in it applies
            for kind in self.KINDS:
                table = data.setdefault(kind, {})        # a memo from before a kind was added lacks it
                if type(table) is not dict or not all(type(k) is str and _valid(kind, v) for k, v in table.items()):
                    raise ValueError(f"bad {kind} table")
            self._stored = {kind: data[kind] for kind in self.KINDS}
        except (OSError, EOFError, ValueError, UnicodeDecodeError, RecursionError) as exc:
            self.problems.append((str(self.path), f"reading memo unusable ({str(exc)[:120]}); computed again"))
            self._stored = {k: {} for k in self.KINDS}

    def recall(self, kind: str, text: str, compute: Callable[[], object]):
        """The answer of ``kind`` for ``text``: remembered, else ``compute()`` (plain JSON data)."""
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        used = self._used[kind]
        if key in used:
            return used[key]
        value = self._stored[kind].get(key)
        if value is None:
            value = compute()
        used[key] = value
        return value

    def save(self) -> None:
        """Write the answers this build used (only when they differ from the file's)."""
        if self.path is None or self._used == self._stored:
            return
        from geo.atomic import atomic_path

        body = json.dumps({"format": _FORMAT, "schema": _SCHEMA, "salt": self.salt, **self._used},
                          sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")
        try:
            if not self.path.parent.is_dir():
                return                                   # no analysis cache here: nothing to keep it beside
            with atomic_path(self.path, mode=0o600) as tmp:
                tmp.write_bytes(gzip.compress(body, compresslevel=1, mtime=0))
        except OSError as exc:
            self.problems.append((str(self.path), f"cannot write the reading memo ({exc.strerror or exc})"))
