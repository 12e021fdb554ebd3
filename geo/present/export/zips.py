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
            info = zipfile.ZipInfo(name, date_time=PINNED)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, body)
    return out.getvalue()


def pinned_zip(data: bytes, edits: dict | None = None) -> bytes:
    """An Office file (a zip) rewritten with pinned entry times and document times; ``edits``
    maps an entry's name to a function of its bytes giving the bytes to write instead."""
    edits = edits or {}
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        entries = []
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename in edits:
                body = edits[info.filename](body)
            if info.filename == "docProps/core.xml":
                body = _CORE_TIME.sub(rb"\g<1>" + PINNED_ISO + rb"\g<2>", body)
            entries.append((info.filename, body))
    return zip_bytes(entries)
