"""Read a corpus folder into :class:`~geo.model.Document` records.

Handles plain text, Markdown and saved web pages, splits compilation files
into their sections, and finds each section's outlet, publication date and
URL in the text itself. Optional metadata beside the articles
(``sources.yaml``) fills in what the text does not state.

Example
-------
>>> from geo.documents import split_sections
>>> text = "Intro\\n\\nTelesur, January 18, 2023\\n\\nA story.\\n\\nhttps://t.example/a\\n"
>>> [(d.outlet, str(d.published), d.url) for d in split_sections(text, "a.txt")]
[('', 'None', ''), ('Telesur', '2023-01-18', 'https://t.example/a')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import yaml

from .model import Document

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
METADATA_FILE = "sources.yaml"
# One article of several megabytes is already an outlier; beyond this the file
# is almost certainly not an article (a log, a dump) and would stall the NLP.
MAX_BYTES = 5_000_000

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
_MONTH_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
DATE_WORDS = rf"(?:{_MONTHS}|(?:{_MONTH_ABBR})\.?)"
# "Telesur, January 18, 2023" or "Center for a Secure Free Society, June 25, 2015"
_SECTION_HEADER = re.compile(
    rf"^(?P<outlet>[A-Z][\w.&'’ -]{{1,60}}?),\s+(?P<date>{DATE_WORDS}\s+\d{{1,2}},\s+\d{{4}})\s*$",
    re.M,
)
_URL_LINE = re.compile(r"^\s*(https?://\S+)\s*$", re.M)
_PUBLISHED = re.compile(
    rf"^\s*(?:Published|Posted|Updated)(?: on)?:?\s+"
    rf"(?P<date>\d{{1,2}}\s+{DATE_WORDS}\s+\d{{4}}|{DATE_WORDS}\s+\d{{1,2}},?\s+\d{{4}})",
    re.M | re.I,
)


class DocumentError(Exception):
    """A file that cannot be read as an article; the message names file and problem."""


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def parse_date(text: str) -> date | None:
    """Parse an explicit calendar date such as ``January 18, 2023`` or ``31 March 2017``."""
    cleaned = re.sub(r"\s+", " ", text.replace(",", " ")).strip().replace(".", "")
    cleaned = re.sub(r"\bSept\b", "Sep", cleaned)
    for fmt in ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def _title_of(text: str) -> str:
    """The first line that reads like a headline: several words, not a bullet or a breadcrumb."""
    for line in text.splitlines():
        line = line.strip()
        if len(line.split()) >= 3 and not line.startswith(("•", "http")) and ">" not in line:
            return line[:200]
    return ""


def split_sections(text: str, path: str) -> list[Document]:
    """Split a file's text into documents at lines like ``Outlet, Month D, YYYY``.

    Text before the first header is its own section (the compiler's own article).
    A URL alone on a line belongs to the section it ends.
    """
    headers = list(_SECTION_HEADER.finditer(text))
    bounds = [0] + [m.start() for m in headers] + [len(text)]
    docs = []
    for i in range(len(bounds) - 1):
        start, end = bounds[i], bounds[i + 1]
        body = text[start:end]
        if not body.strip():
            continue
        outlet, published = "", None
        header = headers[i - 1] if i > 0 else None
        if header is not None:
            outlet = header.group("outlet").strip()
            published = parse_date(header.group("date"))
        elif (m := _PUBLISHED.search(body)) is not None:
            published = parse_date(m.group("date"))
        urls = _URL_LINE.findall(body)
        docs.append(
            Document(
                id=f"{path}#{len(docs)}",
                path=path,
                section=len(docs),
                text=body,
                offset=start,
                title=_title_of(body[header.end() - start:] if header else body),
                outlet=outlet,
                published=published,
                url=urls[0] if urls else "",
                meta_source="text" if (outlet or published or urls) else "",
            )
        )
    return docs


def decode(data: bytes, path: str) -> str:
    """Decode article bytes: UTF-8 (with or without BOM), else cp1252 as the web's usual fallback."""
    if b"\x00" in data[:4096]:
        raise DocumentError(f"{path}: binary file (NUL bytes), not an article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def html_to_text(html: str) -> tuple[str, dict]:
    """Strip a saved web page's boilerplate with trafilatura; return text and metadata."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    meta = trafilatura.extract_metadata(html)
    info = {}
    if meta is not None:
        info = {"title": meta.title or "", "outlet": meta.sitename or "", "url": meta.url or "",
                "published": meta.date or ""}
    return text, info


def load_metadata(folder: Path) -> tuple[dict, list[Problem]]:
    """Read ``sources.yaml`` (optional): ``{file name: {outlet, published, url, title}}``."""
    path = folder / METADATA_FILE
    if not path.exists():
        return {}, []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError("top level must be a mapping of file name to fields")
    except (yaml.YAMLError, ValueError, UnicodeDecodeError) as exc:
        return {}, [Problem(METADATA_FILE, f"ignored, malformed metadata: {exc}".splitlines()[0])]
    return {str(k): v for k, v in data.items() if isinstance(v, dict)}, []


def _apply_metadata(doc: Document, meta: dict) -> Document:
    """Fill fields the text left empty from sidecar metadata; the text wins where it speaks."""
    sections = meta.get("sections") or {}
    fields = dict(meta)
    fields.update(sections.get(doc.section, {}) if isinstance(sections, dict) else {})
    changes = {}
    for key in ("title", "outlet", "url"):
        if not getattr(doc, key) and fields.get(key):
            changes[key] = str(fields[key])
    if doc.published is None and fields.get("published"):
        value = fields["published"]
        changes["published"] = value if isinstance(value, date) else parse_date(str(value))
    if changes:
        changes["meta_source"] = "+".join(filter(None, [doc.meta_source, METADATA_FILE]))
    return replace(doc, **changes)


def read_file(path: Path, name: str) -> list[Document]:
    """Read one article file into its documents; raise DocumentError naming the problem."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > MAX_BYTES:
        raise DocumentError(f"{name}: {len(data) / 1e6:.1f} MB is over the {MAX_BYTES / 1e6:.0f} MB article limit")
    text = decode(data, name)
    if path.suffix.lower() in HTML_SUFFIXES:
        text, info = html_to_text(text)
        docs = split_sections(text, name)
        docs = [_apply_metadata(d, info) for d in docs]
    else:
        docs = split_sections(text, name)
    if not any(d.text.strip() for d in docs):
        raise DocumentError(f"{name}: empty, no text to read")
    return docs


def read_corpus(folder: str | Path) -> tuple[list[Document], list[Problem]]:
    """Read every article in ``folder`` (sorted by name, so file-system order never matters).

    Returns the documents and one :class:`Problem` per file that was skipped.
    A missing folder raises :class:`DocumentError`.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DocumentError(f"{folder}: no such folder")
    metadata, problems = load_metadata(folder)
    documents: list[Document] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.suffix.lower() not in SUFFIXES or not path.is_file() or path.name.startswith("."):
            continue
        try:
            docs = read_file(path, path.name)
        except DocumentError as exc:
            problems.append(Problem(path.name, str(exc).split(": ", 1)[-1]))
            continue
        fingerprint = re.sub(r"\s+", " ", "".join(d.text for d in docs)).strip()
        if fingerprint in seen:
            problems.append(Problem(path.name, f"skipped, same text as {seen[fingerprint]}"))
            continue
        seen[fingerprint] = path.name
        documents.extend(_apply_metadata(d, metadata.get(path.name, {})) for d in docs)
    return documents, problems
