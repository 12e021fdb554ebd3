r"""The framing every kept file of a build shares: one JSON header line, then the body.

Cache entries, the corpus snapshot, the output fragments and the files snapshot are all
``header + b"\n" + body``, the header naming the format, its schema and the body's SHA-256,
some of them gzip-compressed. Each reader checks the same things in the same order, so the
checks live here: bounded inflation (a gzip bomb costs at most ``limit`` bytes), the header's
shape and format, the body's digest. Each raises :class:`FrameError` with a short reason the
caller puts in its problem line.

>>> import gzip, hashlib, json
>>> body = b"body"
>>> raw = json.dumps({"format": "x", "schema": 1, "sha256": hashlib.sha256(body).hexdigest()}).encode() + b"\n" + body
>>> header, found = unframe(inflate(gzip.compress(raw, mtime=0), 1000, "x file"), "x")
>>> header["schema"], found
(1, b'body')
>>> try:
...     unframe(raw[:-1], "x")
... except FrameError as exc:
...     print(exc)
checksum mismatch
"""
from __future__ import annotations

import hashlib
import json
import zlib

GZIP_MAGIC = b"\x1f\x8b\x08"          # a gzip member, deflate-compressed


class FrameError(ValueError):
    """A kept file that cannot be used, with the reason."""


def inflate(data: bytes, limit: int, what: str, prefix: bytes = GZIP_MAGIC) -> bytes:
    """The gunzipped ``data``, at most ``limit`` bytes; FrameError if it is not one whole gzip member.

    ``prefix``: the bytes the writer's gzip header always has (``gzip.compress(b"", level,
    mtime=0)[:10]``): gzip's checksum covers the data only, so a change in the header is caught here."""
    if not data.startswith(prefix):
        raise FrameError(f"not a {what}")
    inflater = zlib.decompressobj(wbits=31)
    try:
        raw = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise FrameError(f"corrupt ({exc})") from exc
    if len(raw) > limit:
        raise FrameError("over the size limit")
    if not inflater.eof:
        raise FrameError("truncated")
    if inflater.unused_data:
        raise FrameError("trailing bytes after the entry")
    return raw


def unframe(raw: bytes, fmt: str, what: str = "", check: bool = True) -> tuple[dict, bytes]:
    """(header, body) of ``raw``; FrameError if the header is not a JSON object of format ``fmt``
    (``what`` names the file in that reason) or, with ``check``, the body's digest is not the
    header's. Schema and key are the caller's to compare: what a mismatch means differs."""
    head, sep, body = raw.partition(b"\n")
    try:
        header = json.loads(head)
    except ValueError as exc:
        raise FrameError(f"not a {what}" if what else "bad header") from exc
    if type(header) is not dict or header.get("format") != fmt:
        raise FrameError(f"not a {what}" if what else "bad header")
    if check:
        check_digest(header, body, bool(sep))
    return header, body


def check_digest(header: dict, body: bytes, whole: bool = True) -> None:
    if not whole or header.get("sha256") != hashlib.sha256(body).hexdigest():
        raise FrameError("checksum mismatch")
