"""Read a corpus folder into :class:`~geo.model.Document` records.

Handles plain text, Markdown, saved web pages, PDF (``pypdf``) and Word
``.docx`` (``python-docx``) files; other document formats an analyst may drop
in the folder (``.doc``, ``.rtf``, ``.odt``, ``.pages``...) are listed as
skipped with the reason, never passed over in silence. Compilation files are
split into their sections.

Each section's outlet, publication date, place of filing and URL are read in
this order, the first that speaks winning each field: a section header
(``Telesur, January 18, 2023``), a ``Published``/``Updated`` line, a URL line,
the saved page's own metadata (trafilatura, htmldate), ``sources.yaml`` beside
the articles, and last what the copy implies: a dateline with a wire credit,
a byline, a credit line (:mod:`geo.read.provenance`). ``Document.meta_source`` names
where each field came from.

Each section's language is detected (:mod:`geo.read.detect`); one the tool
cannot analyse is a problem, not a document. A section left without a
publication date that uses relative dates ("on Monday", "last week") is named
by :func:`geo.language.dates.undated_notes`: those dates cannot be placed in time.

Example
-------
>>> from geo.read.documents import split_sections
>>> text = "An intro of our own.\\n\\nTelesur, January 18, 2023\\n\\nA story.\\n\\nhttps://t.example/a\\n"
>>> [(d.outlet, str(d.published), d.url) for d in split_sections(text, "a.txt")]
[('', 'None', ''), ('Telesur', '2023-01-18', 'https://t.example/a')]
>>> [d.title for d in split_sections("Ports deal signed\\nTelesur, January 18, 2023\\n\\nA story.", "b.txt")]
['Ports deal signed']
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from geo.datafiles import cache_home
from geo.model import Document
from geo.read.provenance import is_headline, read_provenance
from geo.read.provenance import parse_date as _parse_date
from geo.read.safeyaml import YamlError, load_yaml

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
PDF_SUFFIXES = {".pdf"}
WORD_SUFFIXES = {".docx"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | WORD_SUFFIXES
# Document formats an analyst may save articles in that are not read: each is named
# as skipped with what to do, so a folder of them never builds an empty map with exit 0.
UNREAD_FORMATS = {
    ".doc": "Word 97-2003 document, not read: save it as .docx or .txt",
    ".rtf": "RTF document, not read: save it as .docx or .txt",
    ".odt": "OpenDocument text, not read: save it as .docx or .txt",
    ".pages": "Apple Pages document, not read: export it as .docx or .txt",
    ".epub": "e-book, not read: save the article as .txt or .html",
    ".docm": "macro-enabled Word document, not read: save it as .docx",
    ".dotx": "Word template, not read: save it as .docx",
    ".xps": "XPS document, not read: print it to PDF or save it as .txt",
    ".mht": "web archive, not read: save the page as .html",
    ".mhtml": "web archive, not read: save the page as .html",
    ".webarchive": "Safari web archive, not read: save the page as .html",
    ".eml": "e-mail message, not read: save the article as .txt or .html",
    ".msg": "Outlook message, not read: save the article as .txt or .html",
}
METADATA_FILE = "sources.yaml"
# One article of several megabytes is already an outlier; beyond this the file
# is almost certainly not an article (a log, a dump) and would stall the NLP.
MAX_BYTES = 5_000_000
# PDF and Word files carry images and fonts: a few pages can be tens of megabytes.
MAX_BINARY_BYTES = 50_000_000
# A report longer than this is a book, not an article; it is read up to here and said so.
MAX_PAGES = 300
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
    return _parse_date(text)


def _title_of(text: str) -> str:
    """The first line that reads like a headline: several words, not a bullet or a breadcrumb."""
    for line in text.splitlines():
        line = line.strip()
        if len(line.split()) >= 3 and not line.startswith(("•", "http")) and ">" not in line:
            return line[:200]
    return ""


def _only_a_headline(text: str) -> bool:
    """One line that reads as a headline (:func:`geo.read.provenance.is_headline`), not an article."""
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) == 1 and is_headline(lines[0])


def split_sections(text: str, path: str) -> list[Document]:
    """Split a file's text into documents at lines like ``Outlet, Month D, YYYY``.

    Text before the first header is its own section (the compiler's own article), unless it is
    only a headline: then it is the headline of the first header's article.
    A URL alone on a line belongs to the section it ends.
    """
    headers = list(_SECTION_HEADER.finditer(text))
    bounds = [0] + [m.start() for m in headers] + [len(text)]
    sections = [(bounds[i], bounds[i + 1], headers[i - 1] if i > 0 else None) for i in range(len(bounds) - 1)]
    if len(sections) > 1 and _only_a_headline(text[:headers[0].start()]):
        # "Tanker hit off Aden" above "Maritime Daily, January 27, 2024": the headline of the
        # article the line introduces, not an article of its own.
        sections = [(0, sections[1][1], headers[0])] + sections[2:]
    docs = []
    for start, end, header in sections:
        body = text[start:end]
        if not body.strip():
            continue
        outlet, published = "", None
        sources = {}
        if header is not None:
            outlet = header.group("outlet").strip()
            published = parse_date(header.group("date"))
            sources = {"outlet": "header", "published": "header"}
        else:
            stated = read_provenance(body)
            # Only an explicit date of the copy's own counts here (a dated line, a masthead line, a
            # byline's date); what a dateline implies comes after sources.yaml (see apply_provenance).
            if stated.evidence.get("published") in ("published", "updated", "masthead", "byline"):
                published = stated.published
                sources["published"] = stated.evidence["published"] + " line"
        urls = _URL_LINE.findall(body)
        if urls:
            sources["url"] = "text"
        docs.append(
            Document(
                id=f"{path}#{len(docs)}",
                path=path,
                section=len(docs),
                text=body,
                offset=start,
                title=_title_of(body if header is None or header.start() > start else body[header.end() - start:]),
                outlet=outlet,
                published=published,
                url=urls[0] if urls else "",
                meta_source=_sources_text(sources),
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


_HTMLDATE = {"original_date": True, "extensive_search": False, "max_date": "2099-12-31"}


def html_to_text(html: str) -> tuple[str, dict]:
    """Strip a saved web page's boilerplate with trafilatura; return text and metadata."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    # The page's own markup only (meta tags, <time>, the URL): htmldate's extensive
    # search guesses from any date in the text, and its default latest date is today,
    # which would make the same page date differently on another day.
    meta = trafilatura.extract_metadata(html, date_config=_HTMLDATE)
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


def _apply_metadata(doc: Document, meta: dict, source: str = METADATA_FILE) -> Document:
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
    changes = {k: v for k, v in changes.items() if v}
    if changes:
        sources = _sources_of(doc.meta_source)
        sources.update({k: source for k in changes if k != "title"})
        changes["meta_source"] = _sources_text(sources)
    return replace(doc, **changes)


def apply_provenance(doc: Document) -> Document:
    """Fill outlet, place of filing and date from the copy's dateline, byline or credit line.

    These come last: a header, the page's metadata or ``sources.yaml`` name the
    outlet that published the copy, a wire credit only the agency that wrote it.
    """
    stated = read_provenance(doc.text)
    changes: dict = {}
    if not doc.outlet and stated.outlet:
        changes["outlet"] = stated.outlet
    if not doc.filed_from and stated.filed_from:
        changes["filed_from"] = stated.filed_from
    if doc.published is None and stated.published is not None:
        changes["published"] = stated.published
    if not changes:
        return doc
    sources = _sources_of(doc.meta_source)
    sources.update({k: stated.evidence.get(k, "text") for k in changes})
    return replace(doc, **changes, meta_source=_sources_text(sources))


_SOURCE_FIELDS = ("outlet", "published", "filed_from", "url")


def _sources_text(sources: dict[str, str]) -> str:
    """``{"outlet": "byline", "url": "text"}`` -> ``"outlet=byline; url=text"`` (fixed field order)."""
    return "; ".join(f"{k}={sources[k]}" for k in _SOURCE_FIELDS if sources.get(k))


def _sources_of(text: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in text.split("; ") if "=" in part)


def read_file(path: Path, name: str) -> list[Document]:
    """Read one article file into its documents; raise DocumentError naming the problem."""
    suffix = path.suffix.lower()
    binary = suffix in PDF_SUFFIXES | WORD_SUFFIXES
    limit = MAX_BINARY_BYTES if binary else MAX_BYTES
    try:
        if not path.is_file():
            raise DocumentError(f"{name}: " + ("broken link" if path.is_symlink() and not path.exists()
                                               else "not a regular file"))
        size = path.stat().st_size
        if size > limit:
            raise DocumentError(f"{name}: {size / 1e6:.1f} MB is over the {limit / 1e6:.0f} MB article limit")
        with path.open("rb") as fh:
            data = fh.read(limit + 1)   # bounded even if the file grows while we read
    except OSError as exc:
        raise DocumentError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise DocumentError(f"{name}: over the {limit / 1e6:.0f} MB article limit")
    if suffix in PDF_SUFFIXES:
        docs = split_sections(pdf_text(data, name), name)
    elif suffix in WORD_SUFFIXES:
        docs = split_sections(docx_text(data, name), name)
    elif suffix in HTML_SUFFIXES:
        text = decode(data, name)
        try:
            text, info = html_to_text(text)
        except Exception as exc:  # trafilatura/lxml on hostile markup: skip the file, keep the build
            raise DocumentError(f"{name}: unreadable HTML ({type(exc).__name__})") from exc
        docs = split_sections(text, name)
        docs = [_apply_metadata(d, info, "page metadata") for d in docs]
    else:
        docs = split_sections(decode(data, name), name)
    if not any(d.text.strip() for d in docs):
        raise DocumentError(f"{name}: empty, no text to read")
    longest = max(len(d.text) for d in docs)
    if longest > MAX_CHARS:
        raise DocumentError(f"{name}: an article of {longest:,} characters is over the {MAX_CHARS:,} limit")
    return docs


def pdf_text(data: bytes, name: str) -> str:
    """The text layer of a PDF (``pypdf``), pages separated by a blank line.

    A PDF without text (a scan), an encrypted one or a broken one raises
    :class:`DocumentError` saying which; one longer than :data:`MAX_PAGES` is refused.
    """
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)   # its warnings about odd PDFs are not the analyst's problem
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):           # many PDFs are "encrypted" with an empty password
                    raise DocumentError(f"{name}: encrypted PDF, cannot read it without its password")
            except (NotImplementedError, PyPdfError) as exc:
                raise DocumentError(f"{name}: encrypted PDF, cannot read it without its password") from exc
        if len(reader.pages) > MAX_PAGES:
            raise DocumentError(f"{name}: {len(reader.pages)} pages is over the {MAX_PAGES}-page article limit")
        pages, chars = [], 0
        for page in reader.pages:
            text = page.extract_text() or ""
            chars += len(text)
            if chars > MAX_CHARS:
                raise DocumentError(f"{name}: more than {MAX_CHARS:,} characters of text, over the article limit")
            pages.append(_unwrap(text))
    except DocumentError:
        raise
    except Exception as exc:   # pypdf on a damaged or hostile file: skip it, keep the build
        raise DocumentError(f"{name}: unreadable PDF ({type(exc).__name__})") from exc
    text = "\n\n".join(p for p in pages if p.strip())
    if not text.strip():
        raise DocumentError(f"{name}: PDF with no text layer (a scan?): run OCR on it or save the text as .txt")
    return text


def _unwrap(page: str) -> str:
    """Join a PDF page's wrapped lines into paragraphs: a line break inside a sentence is not a break.

    A line that ends a sentence, or a short line (a heading), ends its paragraph; a word
    hyphenated across lines is joined.
    """
    lines = [line.strip() for line in page.splitlines()]
    out: list[str] = []
    for line in lines:
        if not line:
            if out and out[-1] != "":
                out.append("")
            continue
        if out and out[-1] and not re.search(r"[.!?:\"”’)]$", out[-1]) and len(out[-1]) > 40:
            prev = out.pop()
            line = prev[:-1] + line if re.search(r"[a-z]-$", prev) and line[:1].islower() else f"{prev} {line}"
        elif out and out[-1]:
            out.append("")
        out.append(line)
    return "\n".join(out).strip()


def docx_text(data: bytes, name: str) -> str:
    """The paragraphs (and table cells) of a Word ``.docx`` file (``python-docx``), one paragraph a block."""
    import io
    import zipfile

    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:   # declared in pyproject.toml; a broken install still names the file
        raise DocumentError(f"{name}: Word files need python-docx, which is not installed") from exc
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # A zip bomb would decompress far past any article: refuse before python-docx inflates it.
            if sum(i.file_size for i in archive.infolist()) > 20 * MAX_BINARY_BYTES:
                raise DocumentError(f"{name}: Word file that inflates past the size limit")
        document = docx.Document(io.BytesIO(data))
        blocks = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                blocks.append(" | ".join(cell.text for cell in row.cells))
    except DocumentError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise DocumentError(f"{name}: not a readable Word .docx file ({type(exc).__name__})") from exc
    except Exception as exc:   # lxml or python-docx on a hostile file
        raise DocumentError(f"{name}: unreadable Word file ({type(exc).__name__})") from exc
    text = "\n\n".join(b.strip() for b in blocks if b.strip())
    if len(text) > MAX_CHARS:
        raise DocumentError(f"{name}: more than {MAX_CHARS:,} characters of text, over the article limit")
    return _check_text(text, name)


def read_corpus(folder: str | Path, memo=None, files=None) -> tuple[list[Document], list[Problem]]:
    """Read every article in ``folder`` (sorted by name, so file-system order never matters).

    Returns the documents and one :class:`Problem` per file that was skipped.
    A missing folder raises :class:`DocumentError`. ``memo`` (a
    :class:`geo.read.memo.TextMemo`) remembers each text's language between builds;
    ``files`` (a :class:`geo.read.files.FileSnapshot`) what each unchanged file gave.
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
        suffix = path.suffix.lower()
        if path.name.startswith("."):
            continue
        if suffix in UNREAD_FORMATS and not path.is_dir():
            problems.append(Problem(path.name, UNREAD_FORMATS[suffix]))
            continue
        if suffix not in SUFFIXES:
            continue
        try:
            if path.is_symlink() and path.exists() and not path.resolve().is_relative_to(root):
                # The folder is untrusted: a link must not pull in ~/.ssh/id_rsa.txt or /etc files.
                raise DocumentError(f"{path.name}: link to a file outside the corpus folder, refused")
            kept = status = None
            if files is not None:
                status = _regular_status(path)
                kept = files.get(path.name, status)
            if kept is not None:
                fingerprint, docs = kept
            else:
                docs = read_file(path, path.name)
                # A digest, not the text: a second copy of every article stayed in memory to the end.
                # The words joined by single spaces: what re.sub(r"\s+", " ", text).strip() gives (\s
                # and str.split's whitespace are the same characters) at a third of the time.
                fingerprint = hashlib.sha256(" ".join("".join(d.text for d in docs).split())
                                             .encode("utf-8", "surrogatepass")).digest()
                if files is not None:
                    files.put(path.name, status, fingerprint, docs)
        except DocumentError as exc:
            message = str(exc)
            problems.append(Problem(path.name, message.removeprefix(f"{path.name}: ")))
            continue
        if fingerprint in seen:
            problems.append(Problem(path.name, f"duplicate, same text as {seen[fingerprint]}"))
            continue
        seen[fingerprint] = path.name
        for doc in docs:
            doc = apply_provenance(_apply_metadata(doc, metadata.get(path.name, {})))
            doc, problem = _with_language(doc, len(docs) > 1, memo)
            if problem is not None:
                problems.append(problem)
                continue
            documents.append(doc)
    return documents, problems


def _regular_status(path: Path):
    """The file's status, taken before it is read (a change while it is read then shows next
    time), or None when it is not a regular file (read_file names the problem)."""
    import stat

    try:
        st = path.stat()
    except OSError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None


def section_prefix(doc: Document, sections: bool) -> str:
    """How a message names a section of a file that has several ("" when it has one)."""
    return f"section {doc.section} ({doc.title[:60]!r}): " if sections else ""


def _with_language(doc: Document, sections: bool, memo=None) -> tuple[Document, Problem | None]:
    """The document with its language set, or a problem if briefmap cannot analyse that language."""
    from geo.read.detect import ANALYSED, Language, detect_language

    # The identifier's unpacked model is kept with the gazetteer index, not in the analysis cache: like
    # the index it is made from an installed package, and a build with an empty or no analysis cache
    # had unpacked it again (0.8 s of a cold seeds build's 5.9).
    if memo is None:
        found = detect_language(doc.text, model_cache=cache_home())
    else:
        def detected() -> list:
            language = detect_language(doc.text, model_cache=cache_home())
            return [language.code, language.confidence]
        found = Language(*memo.recall("language", doc.text, detected))
    if not found.analysed:
        analysed = " and ".join(ANALYSED.values())
        return doc, Problem(doc.path, f"{section_prefix(doc, sections)}written in {found.name} ({found.code}), "
                                      f"not analysed: briefmap reads {analysed}")
    return replace(doc, language=found.code), None


# How many of an article's unanchored expressions a problem line quotes.
