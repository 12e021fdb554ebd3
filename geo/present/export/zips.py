"""Zip containers (XLSX, PPTX, KMZ) with pinned times, so the same content gives the same bytes.

Zip entries carry a modification time, and Office writers stamp the document's
own ``created``/``modified`` properties with the clock; both are pinned here.

>>> data = zip_bytes([("a.txt", b"hello")])
>>> zip_bytes([("a.txt", b"hello")]) == data, pinned_zip(data) == data
(True, True)
"""
from __future__ import annotations

import io
import re
import zipfile

PINNED = (2000, 1, 1, 0, 0, 0)
PINNED_ISO = b"2000-01-01T00:00:00Z"
_CORE_TIME = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def zip_bytes(entries) -> bytes:
    """A deflated zip of ``(name, bytes)`` in the given order, every entry dated :data:`PINNED`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in entries:
            write_entry(z, name, (body,))
    return out.getvalue()


def write_entry(z: zipfile.ZipFile, name: str, chunks) -> None:
    """One deflated entry dated :data:`PINNED`, its bytes given as ``chunks``: what ``writestr``
    of their whole writes (deflate's output does not depend on how its input is cut)."""
    info = zipfile.ZipInfo(name, date_time=PINNED)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    with z.open(info, "w") as dest:
        for chunk in chunks:
            dest.write(chunk)


def pinned_zip(data: bytes, edits: dict | None = None) -> bytes:
    """An Office file (a zip) rewritten with pinned entry times and document times; ``edits``
    maps an entry's name to a function of its bytes giving the bytes to write instead."""
    out = io.BytesIO()
    write_pinned_zip(out, data, {name: (lambda body, edit=edit: (edit(body),)) for name, edit in (edits or {}).items()})
    return out.getvalue()


def write_pinned_zip(out, data: bytes, edits: dict | None = None) -> None:
    """:func:`pinned_zip` written to the seekable file ``out``, where ``edits`` give an entry's new
    bytes as an iterable of chunks: a large entry (a workbook's sheet) is never held whole, nor
    the whole zip."""
    edits = edits or {}
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_TIME.sub(rb"\g<1>" + PINNED_ISO + rb"\g<2>", body)
            write_entry(z, info.filename, edits[info.filename](body) if info.filename in edits else (body,))
