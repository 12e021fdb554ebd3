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

from .model import Document
from .safeyaml import YamlError, load_yaml

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
METADATA_FILE = "sources.yaml"
# One article of several megabytes is already an outlier; beyond this the file
# is almost certainly not an article (a log, a dump) and would stall the NLP.
MAX_BYTES = 5_000_000
# The NLP reads one article at a time; one longer than this would stall or fail it.
MAX_CHARS = 1_000_000

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
        # One line, whatever the file name holds (newlines, escapes, terminal controls).
        return _printable(f"{self.path}: {self.message}")


def _printable(text: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", lambda m: f"\\x{ord(m.group()):02x}", text)


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
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16/32 with a BOM, else cp1252
    as the web's usual fallback. Raise DocumentError for binary data."""
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                       (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom):].decode(codec), path)
            except UnicodeDecodeError as exc:
                raise DocumentError(f"{path}: not valid {codec.upper()} after its byte-order mark "
                                    f"(byte {exc.start + len(bom)})") from exc
    if b"\x00" in data[:4096]:
        raise DocumentError(f"{path}: binary file (NUL bytes), not an article")
    try:
        return _check_text(data.decode("utf-8-sig"), path)
    except UnicodeDecodeError:
        pass
    try:
        return _check_text(data.decode("cp1252"), path)
    except UnicodeDecodeError:
        return _check_text(data.decode("latin-1"), path)


# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _check_text(text: str, path: str) -> str:
    """Reject decoded text that is mostly control characters (binary data without NULs)."""
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 20):
        raise DocumentError(f"{path}: binary file (control characters), not an article")
    return text


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


METADATA_FIELDS = ("title", "outlet", "published", "url", "note", "sections")


def load_metadata(folder: Path) -> tuple[dict, list[Problem]]:
    """Read ``sources.yaml`` (optional): ``{file name: {outlet, published, url, title}}``.

    A malformed file is ignored as a whole (one problem); a malformed entry or
    field is ignored on its own (one problem each), the rest is used.
    """
    path = folder / METADATA_FILE
    if not path.exists() and not path.is_symlink():
        return {}, []
    try:
        if not path.is_file():
            raise ValueError("not a regular file")
        data = load_yaml(path, METADATA_FILE, timestamps=False) or {}
        if not isinstance(data, dict):
            raise ValueError("top level must be a mapping of file name to fields")
    except YamlError as exc:
        where = f"line {exc.line}: " if exc.line else ""
        return {}, [Problem(METADATA_FILE, f"{where}ignored, malformed metadata: {exc.problem}".splitlines()[0])]
    except (ValueError, OSError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        return {}, [Problem(METADATA_FILE, f"ignored, malformed metadata: {detail}".splitlines()[0])]
    out, problems = {}, []
    for key, fields in data.items():
        if not isinstance(fields, dict):
            problems.append(Problem(METADATA_FILE, f"entry {str(key)[:80]!r} ignored: expected a mapping of fields"))
            continue
        clean, bad = _clean_fields(fields)
        sections = fields.get("sections")
        if sections is not None:
            clean_sections = {}
            for sec, sec_fields in (sections.items() if isinstance(sections, dict) else ()):
                if isinstance(sec, int) and isinstance(sec_fields, dict):
                    clean_sections[sec], sec_bad = _clean_fields(sec_fields)
                    bad += [f"sections.{sec}.{b}" for b in sec_bad]
                else:
                    bad.append(f"sections.{str(sec)[:40]}")
            if not isinstance(sections, dict):
                bad.append("sections")
            clean["sections"] = clean_sections
        for field_name in bad:
            problems.append(Problem(METADATA_FILE, f"{str(key)[:80]}: field {field_name!r} ignored, "
                                                   "not a valid value"))
        out[str(key)] = clean
    return out, problems


def _clean_fields(fields: dict) -> tuple[dict, list[str]]:
    """Keep string title/outlet, http(s) URLs and parseable dates; name what was dropped."""
    clean, bad = {}, []
    for key in ("title", "outlet"):
        value = fields.get(key)
        if value is None:
            continue
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            clean[key] = str(value)[:300]
        else:
            bad.append(key)
    url = fields.get("url")
    if url is not None:
        if isinstance(url, str) and is_web_url(url):
            clean["url"] = url.strip()
        else:
            bad.append("url")
    published = fields.get("published")
    if published is not None:
        value = published if isinstance(published, date) else parse_date(str(published))
        if value is None:
            bad.append("published")
        else:
            clean["published"] = value
    return clean, bad


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host and no whitespace or control characters."""
    from urllib.parse import urlsplit

    url = url.strip()
    if not url or len(url) > 2048 or re.search(r"[\x00-\x20\x7f\\]", url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _apply_metadata(doc: Document, meta: dict) -> Document:
    """Fill fields the text left empty from sidecar metadata; the text wins where it speaks."""
    sections = meta.get("sections") or {}
    fields = dict(meta)
    section_fields = sections.get(doc.section) if isinstance(sections, dict) else None
    fields.update(section_fields if isinstance(section_fields, dict) else {})
    changes = {}
    for key in ("title", "outlet", "url"):
        if not getattr(doc, key) and fields.get(key):
            changes[key] = str(fields[key])
    if "url" in changes and not is_web_url(changes["url"]):
        del changes["url"]          # links are only ever http(s)
    if doc.published is None and fields.get("published"):
        value = fields["published"]
        changes["published"] = value if isinstance(value, date) else parse_date(str(value))
    if changes:
        changes["meta_source"] = "+".join(filter(None, [doc.meta_source, METADATA_FILE]))
    return replace(doc, **changes)


def read_file(path: Path, name: str) -> list[Document]:
    """Read one article file into its documents; raise DocumentError naming the problem."""
    try:
        if not path.is_file():
            raise DocumentError(f"{name}: " + ("broken link" if path.is_symlink() and not path.exists()
                                               else "not a regular file"))
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(f"{name}: {size / 1e6:.1f} MB is over the {MAX_BYTES / 1e6:.0f} MB article limit")
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)   # bounded even if the file grows while we read
    except OSError as exc:
        raise DocumentError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > MAX_BYTES:
        raise DocumentError(f"{name}: over the {MAX_BYTES / 1e6:.0f} MB article limit")
    text = decode(data, name)
    if path.suffix.lower() in HTML_SUFFIXES:
        try:
            text, info = html_to_text(text)
        except Exception as exc:  # trafilatura/lxml on hostile markup: skip the file, keep the build
            raise DocumentError(f"{name}: unreadable HTML ({type(exc).__name__})") from exc
        docs = split_sections(text, name)
        docs = [_apply_metadata(d, info) for d in docs]
    else:
        docs = split_sections(text, name)
    if not any(d.text.strip() for d in docs):
        raise DocumentError(f"{name}: empty, no text to read")
    longest = max(len(d.text) for d in docs)
    if longest > MAX_CHARS:
        raise DocumentError(f"{name}: an article of {longest:,} characters is over the {MAX_CHARS:,} limit")
    return docs


def read_corpus(folder: str | Path) -> tuple[list[Document], list[Problem]]:
    """Read every article in ``folder`` (sorted by name, so file-system order never matters).

    Returns the documents and one :class:`Problem` per file that was skipped.
    A missing folder raises :class:`DocumentError`.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DocumentError(f"{folder}: " + ("not a folder" if folder.exists() else "no such folder"))
    metadata, problems = load_metadata(folder)
    documents: list[Document] = []
    seen: dict[str, str] = {}
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise DocumentError(f"{folder}: cannot list folder ({exc.strerror or exc})") from exc
    for key in sorted(metadata):
        if not (folder / key).is_file():
            problems.append(Problem(METADATA_FILE, f"entry {key[:80]!r} matches no file in the folder, ignored"))
    root = folder.resolve()
    for path in entries:
        if path.suffix.lower() not in SUFFIXES or path.name.startswith("."):
            continue
        try:
            if path.is_symlink() and path.exists() and not path.resolve().is_relative_to(root):
                # The folder is untrusted: a link must not pull in ~/.ssh/id_rsa.txt or /etc files.
                raise DocumentError(f"{path.name}: link to a file outside the corpus folder, refused")
            docs = read_file(path, path.name)
        except DocumentError as exc:
            message = str(exc)
            problems.append(Problem(path.name, message.removeprefix(f"{path.name}: ")))
            continue
        fingerprint = re.sub(r"\s+", " ", "".join(d.text for d in docs)).strip()
        if fingerprint in seen:
            problems.append(Problem(path.name, f"duplicate, same text as {seen[fingerprint]}"))
            continue
        seen[fingerprint] = path.name
        documents.extend(_apply_metadata(d, metadata.get(path.name, {})) for d in docs)
    return documents, problems
