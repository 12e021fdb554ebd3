"""The corpus build: documents -> mentions -> places -> claims -> findings -> layers.

:func:`analyse` reads a folder and returns a :class:`Build`; writing it out is
:mod:`geo.present.outputs`' job, and :func:`geo.pipeline.build` does both.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from geo.build.analysis import (
    AnalysisSpec,
    CacheEntry,
    DocumentAnalysis,
    DocumentFindings,
    DocumentVisits,
    Execution,
    ResultCache,
    analyse_document,
    default_cache_dir,
    gazetteer_for,
    gc_paused,
    stream_documents,
    warm_worker,
)
from geo.build.snapshot import CorpusSnapshot, Digest
from geo.findings.claims import extract_claims
from geo.findings.compact import Compactor
from geo.findings.layers import LAYERS_FILE, LayerRegistry
from geo.findings.trips import assemble_trips
from geo.findings.visits import VisitFinder, merge_nationalities
from geo.language.dates import undated_notes
from geo.language.mentions import Rejected
from geo.language.people import People, person_offices
from geo.model import BuildResult, Document, Resolution
from geo.places.resolve import resolve_mentions  # noqa: F401  (shared with geo.build.geoparse; re-exported)
from geo.read.documents import Problem, read_corpus

__all__ = ["analyse", "Build", "layer_counts"]

SITES_FILE = "sites.csv"


@dataclass
class Counts:
    """How many mentions, places and claims a build found (the summary's figures)."""

    mentions: int = 0
    resolved: int = 0            # mentions placed
    places: int = 0              # distinct places they were placed at
    rejected: int = 0            # candidate names ruled out (each a row of the unresolved report)
    claims: int = 0


@dataclass
class Build(BuildResult):
    """A build's results plus what the summary and the reports need.

    The per-mention records (``mentions``, ``resolutions``, ``claims``, ``rejected``,
    ``not_claims``) are kept only when :func:`analyse` is asked for them (``records=True``);
    otherwise they are None, and ``counts`` says how many there were: a corpus is streamed
    through the build one article at a time, and holding every article's records made
    memory grow with the corpus.
    """

    mentions: list | None = None
    resolutions: list | None = None
    claims: list | None = None
    rejected: list[Rejected] | None = None
    counts: Counts = field(default_factory=Counts)
    unresolved: list[dict] = field(default_factory=list)
    layers: list[dict] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    reused: int = 0                   # documents whose analysis came from the cache
    problem_records: list[Problem] = field(default_factory=list)
    folder: Path | None = None   # the corpus folder (briefing.yaml is read from it)
    findings: list = field(default_factory=list)      # geo.model.Finding, merged across documents
    not_claims: list | None = None                    # (Claim, reason): headings, bylines, bios
    notes: list[str] = field(default_factory=list)    # analysed, but worth saying: relative dates left undated


def _spec(folder: Path) -> tuple[AnalysisSpec, list[Problem]]:
    """The analysis settings, and one problem per row of the corpus's ``sites.csv`` left out.

    The workers drop the same rows with the same check (geo.places.gazetteer.sites); they
    cannot report them, so the check runs here too, where the file has its name.
    """
    from geo.places.gazetteer.index import DEFAULT_SITES
    from geo.places.gazetteer.sites import check_sites

    extra = folder / SITES_FILE
    if not extra.exists():
        return AnalysisSpec(), []
    try:
        text = extra.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return AnalysisSpec(), [Problem(SITES_FILE, "ignored, not UTF-8 text")]
    except OSError as exc:
        return AnalysisSpec(), [Problem(SITES_FILE, f"ignored, cannot read: {exc.strerror or type(exc).__name__}")]
    shipped, _ = check_sites(DEFAULT_SITES.read_text(encoding="utf-8"))
    known = {row.place.id.removeprefix("site:"): "in geo/data/sites.csv" for row in shipped}
    _, problems = check_sites(text, SITES_FILE, known)
    return AnalysisSpec(sites_csv=text), problems


def unresolved_rows(documents: dict[str, Document], resolutions, rejected) -> list[dict]:
    """The unresolved report's rows: mentions left unplaced, then names ruled out, by document and offset."""
    rows = []
    for res in resolutions:
        if res.place is None:
            rows.append((res.mention, res.reason))
    for rej in rejected:
        rows.append((rej.mention, f"rejected: {rej.reason}"))
    return [_unresolved_row(documents[m.doc_id], m, reason)
            for m, reason in sorted(rows, key=lambda r: (r[0].doc_id, r[0].start))]


def _unresolved_row(doc: Document, mention, reason: str) -> dict:
    return {"doc": doc.path, "section": doc.section, "start": doc.offset + mention.start,
            "end": doc.offset + mention.end, "mention": mention.text, "label": mention.label,
            "detector": mention.detector, "reason": reason}


def _budget_problems(documents, problems_of: dict[str, list[str]]) -> list[Problem]:
    """One line per per-article budget that cut an article (geo/read/budget.py); a compilation's section is named."""
    files = Counter(d.path for d in documents)
    return [Problem(doc.path, (f"section {doc.section + 1}: " if files[doc.path] > 1 else "") + message)
            for doc in documents for message in problems_of.get(doc.id, ())]


def analyse(folder: str | Path, *, progress: Callable[[str, int], None] | None = None,
            layers: LayerRegistry | None = None, cache_dir: Path | None = None, use_cache: bool = True,
            execution: Execution | None = None, online=None, meanwhile: Callable[[], None] | None = None,
            records: bool = False) -> Build:
    """Read and analyse a corpus folder; no files are written.

    Unchanged documents come from the content-hash cache (``cache_dir``,
    default the user cache); ``execution`` runs the rest here, on local
    processes or on a Dask cluster, with identical results. ``online`` (a
    :class:`geo.places.online.OnlineResolver`) places mentions the offline resolver
    could not; ``corrections.yaml`` in the folder is applied after that.
    ``meanwhile()`` runs while the documents are analysed in other processes
    (``briefmap build`` passes :func:`prepare_outputs`). ``records`` keeps every
    mention, resolution and claim in the :class:`Build` (memory then grows with the corpus).
    """
    started = time.perf_counter()
    execution = execution or Execution()
    # A background execution's workers fork while this process is small; with no cache to
    # reuse, every article is analysed, so they load the language model meanwhile.
    warm = warm_worker if _cold(cache_dir, use_cache) else None
    with execution.started(warm):
        return _analyse(folder, progress, layers, cache_dir, use_cache, execution, online, meanwhile, records,
                        started)


def _cold(cache_dir: Path | None, use_cache: bool) -> bool:
    """Whether no article can come from the cache: none kept (``--no-cache``), or no folder yet."""
    return not use_cache or not Path(cache_dir or default_cache_dir()).is_dir()


def _analyse(folder, progress, layers, cache_dir, use_cache, execution, online, meanwhile, records,
             started) -> Build:
    from geo.build.analysis import _code_fingerprint
    from geo.places.corrections import load_corrections
    from geo.read.files import FileSnapshot
    from geo.read.memo import TextMemo

    folder = Path(folder)
    memo = TextMemo((cache_dir or default_cache_dir()) if use_cache else None, _code_fingerprint())
    files = FileSnapshot((cache_dir or default_cache_dir()) if use_cache else None, memo.salt)
    documents, problems = read_corpus(folder, memo, files)
    files.save()
    problems = problems + [Problem(path, message) for path, message in files.problems]
    layers_key = None                 # what the findings were sorted with, when it can be told
    if layers is None:
        layers_key, layers = _layers_of(folder)
    spec, site_problems = _spec(folder)
    problems = problems + site_problems
    cache = ResultCache((cache_dir or default_cache_dir()) if use_cache else None)
    corrections = load_corrections(folder)
    with gc_paused():     # the corpus-level steps below make many small long-lived records
        snapshot = None
        # Online answers and corrections change an article's resolutions after its cached
        # analysis, and the records are the whole analyses: the entries are read then.
        if use_cache and layers_key is not None and online is None and not corrections[0] and not records:
            snapshot = CorpusSnapshot(cache_dir or default_cache_dir(), f"{spec.fingerprint()}|{layers_key}")
        stream = stream_documents(documents, spec, cache=cache, execution=execution,
                                  progress=(lambda doc_id: progress(doc_id, 1)) if progress else None,
                                  meanwhile=meanwhile, parses=True,
                                  digests=snapshot.get if snapshot is not None else None)
        return _corpus_steps(folder, documents, problems, layers, layers_key, spec, cache, stream, online,
                             started, records, memo, corrections, snapshot, execution.stop)


# Cyclic garbage collection is paused while the articles stream through (it walked every
# record alive at each pass); young objects are still collected every so many articles,
# so the garbage a long build makes meanwhile does not pile up.
_COLLECT_EVERY = 256


@dataclass
class _Pending:
    """An article whose visits are found once the whole corpus is read."""

    doc: Document
    key: str
    cached: DocumentVisits | None          # visits from its cache entry, valid while their answers hold
    # What the visit finder reads, when it cannot be read again from the cache entry
    # (no cache, a write that failed, or resolutions changed by online answers or corrections).
    held: tuple | None = None
    cacheable: bool = True                 # whether its visits belong in its (offline) cache entry
    digest: Digest | None = None           # what the snapshot keeps of it, visits aside
    kept: bool = False                     # whether ``digest`` came from the snapshot
    # Where its findings are in the corpus's list, when its digest is made only once its entry is
    # read again for its visits (see _corpus_steps).
    findings_at: tuple[int, int] | None = None


def _digest(r: DocumentAnalysis, findings: list, visits: DocumentVisits | None = None) -> Digest:
    """What the snapshot keeps of an analysis (its visits are added once they are found)."""
    return Digest(r.problems, len(r.mentions), len(r.rejected), len(r.claims),
                  [res.place.id for res in r.resolutions if res.place is not None],
                  [(res.mention, res.reason) for res in r.resolutions if res.place is None]
                  + [(rej.mention, f"rejected: {rej.reason}") for rej in r.rejected],
                  findings, r.nationalities, r.persons, visits)


def _corpus_steps(folder, documents, problems, layers, layers_key, spec, cache, stream, online, started,
                  records, memo, corrections, snapshot: CorpusSnapshot | None,
                  analysed: Callable[[], None] = lambda: None) -> Build:
    """Findings, visits, features and reports from the per-document results (see :func:`analyse`).

    The articles stream through one at a time: what each yields for the outputs (its
    findings, rows of the unresolved report, counts, people and nationalities: its
    :class:`~geo.build.snapshot.Digest`, read from ``snapshot`` when kept there) is kept,
    the rest dropped. Visits need the whole corpus's people first, so the articles whose
    visits must be found again are read again from their cache entry afterwards.
    ``analysed()`` is called once every article has come through (the workers are ended then).
    """
    import gc

    from geo.findings.assemble import document_findings
    from geo.findings.features import build_features
    from geo.findings.merge import merge_findings
    from geo.places.corrections import Corrector, apply_layer_order

    build = Build(documents=documents, layers=layers.layers, folder=folder,
                  notes=[str(n) for n in undated_notes(documents, memo)])
    if records:
        build.mentions, build.resolutions, build.claims, build.rejected, build.not_claims = [], [], [], [], []
    counts, places = build.counts, set()
    findings, unresolved, nationality_maps, pending = [], [], [], []
    # What each finding is, as the merge's memo knows it: its article's cache key and its number
    # there (the snapshot's key covers the code and the layer rules they were made with).
    finding_ids: list[str] | None = [] if snapshot is not None else None
    budget_cuts: dict[str, list[str]] = {}
    people = People()
    compactor = Compactor()         # one copy of each equal string and place across the findings
    corrections, correction_problems = corrections
    corrector = Corrector(corrections, gazetteer_for(spec), layers.ids())
    for n, item in enumerate(stream, 1):
        doc, r, entry = item.doc, item.analysis, item.entry
        if item.digest is not None:
            _take_digest(build, doc, item.digest, budget_cuts, places, unresolved, findings, nationality_maps)
            finding_ids += [f"{item.key}:{k}" for k in range(len(item.digest.findings))]
            people.add(doc.text, item.digest.persons,
                       memo.recall("offices", _spans_key(doc.text, item.digest.persons),
                                   lambda: person_offices(doc.text, item.digest.persons)))
            pending.append(_Pending(doc, item.key, item.digest.visits, digest=item.digest, kept=True))
            continue
        if entry is not None:
            build.reused += 1
        if r.problems:
            budget_cuts[doc.id] = r.problems
        # Online answers and analyst corrections change resolutions after the cached
        # offline analysis; the claims are re-derived from them. The cache keeps the
        # offline analysis, and nothing derived from the changed one.
        changed = False
        if online is not None or corrections:
            resolutions = online.resolve(r.resolutions) if online is not None else r.resolutions
            if corrections:
                resolutions = corrector.resolutions(doc, resolutions, _sentence_finder(doc.text, r.sentences))
            if resolutions != r.resolutions:
                changed = True
                offline, r = r, replace(r, resolutions=resolutions,
                                        claims=extract_claims(doc, resolutions, r.sentences))
                if entry is None:
                    cache.store(item.key, CacheEntry(offline))
                entry = None
        _count(counts, places, r)
        if records:
            build.mentions += r.mentions
            build.rejected += r.rejected
            build.resolutions += r.resolutions
            build.claims += r.claims
        unresolved += _unresolved_of(doc, r)
        if entry is not None and entry.findings is not None and layers_key is not None \
                and entry.findings.layers == layers_key:
            found, skipped = entry.findings.findings, entry.findings.skipped
        else:
            # the worker parsed the findings' sentences of its own claims (not of changed ones)
            found, skipped = document_findings(doc, r.claims, r.sentences, layers,
                                               None if changed else item.parses)
            if not changed and (item.entry is None or layers_key is not None):
                # A new article's entry is written once, with its findings; a cached one
                # again only when its findings were sorted by other layer rules.
                derived = DocumentFindings(layers_key, found, skipped) if layers_key is not None else None
                entry = CacheEntry(r, derived, entry.visits if entry is not None else None)
                if not cache.store(item.key, entry):
                    entry = None
        found = compactor.findings(found)
        findings += found
        if finding_ids is not None:
            finding_ids += [f"{item.key}:{k}" for k in range(len(found))]
        if records:
            build.not_claims += skipped
        nationality_maps.append(r.nationalities)
        people.add(doc.text, r.persons, memo.recall("offices", _spans_key(doc.text, r.persons),
                                                 lambda: person_offices(doc.text, r.persons)))
        stored = entry is not None                      # the analysis can be read again from the cache
        cached = entry.visits if entry is not None and item.entry is not None else None
        pending.append(_Pending(doc, item.key, cached, None if stored else (r.persons, _placed(r), r.sentences),
                                cacheable=not changed))
        if snapshot is not None and stored and not changed:
            # An article without visits to try is read again from its entry for them, after the
            # workers have ended: its digest is made then (held from here, the digests of a new
            # corpus's every article were in the parent beside the two workers at the tree's peak).
            if cached is None:
                pending[-1].findings_at = (len(findings) - len(found), len(findings))
            else:
                pending[-1].digest = _digest(r, found)
        if n % _COLLECT_EVERY == 0:
            gc.collect(1)
    item = r = entry = offline = compactor = None          # the last article's analysis goes too
    analysed()
    build.unresolved = [row for _, _, row in sorted(unresolved, key=lambda u: (u[0], u[1]))]
    problems = problems + layers.problems + _budget_problems(documents, budget_cuts)
    # Nationalities are a corpus-level fact: "Cuban President Díaz-Canel" in one
    # article tells where Díaz-Canel comes from in all of them.
    nationality = merge_nationalities(nationality_maps)
    people.set_nationality(nationality)
    looked_up = _Recorder(nationality, people)
    visit_finder = VisitFinder(gazetteer_for(spec), looked_up, looked_up.registry)
    for p in pending:
        if p.cached is not None and all(looked_up.answer(k) == v for k, v in p.cached.people):
            build.visits += p.cached.visits
            if p.digest is not None and not p.kept:
                snapshot.put(p.key, replace(p.digest, visits=p.cached))
            continue
        entry = None
        if p.held is None:
            entry = cache.load(p.key, p.doc.id)
            if entry is None:       # gone or spoilt since it was written: analysed again
                entry = CacheEntry(analyse_document(p.doc, spec))
                cache.store(p.key, entry)
            persons, placed, sentences = entry.analysis.persons, entry.analysis.resolutions, entry.analysis.sentences
        else:
            persons, placed, sentences = p.held
        looked_up.log = {}
        visits = visit_finder.find(p.doc, persons, placed, sentences)
        build.visits += visits
        if entry is not None and p.cacheable:
            found = DocumentVisits(sorted(looked_up.log.items()), visits)
            cache.store(p.key, CacheEntry(entry.analysis, entry.findings, found))
            if p.digest is not None:
                snapshot.put(p.key, replace(p.digest, visits=found))
            elif p.findings_at is not None:
                snapshot.put(p.key, _digest(entry.analysis, findings[slice(*p.findings_at)], found))
    looked_up.log = None
    del pending
    if snapshot is not None:
        snapshot.save()
    build.legs = assemble_trips(build.visits)
    by_id = {d.id: d for d in documents}
    compared = snapshot.merge_memo() if snapshot is not None else None
    build.findings = merge_findings(findings, layers.ids(), layers.context_layer, by_id,
                                    ids=finding_ids if compared is not None else None, memo=compared)
    if compared is not None:
        snapshot.save_merge_memo(compared)
    del findings
    build.features = build_features(build.findings, build.legs, by_id, layers)
    if corrections:
        build.features = apply_layer_order(corrector.features(build.features), layers.ids())
    memo.save()
    problems = (problems + cache.problems + (snapshot.problems if snapshot is not None else [])
                + [Problem(*p) for p in memo.problems] + correction_problems
                + corrector.stale()
                + (online.problems() if online else []))
    build.problem_records = problems
    build.problems = [str(p) for p in problems]
    build.seconds = time.perf_counter() - started
    return build


def _take_digest(build: Build, doc: Document, d: Digest, budget_cuts: dict, places: set[str], unresolved: list,
                 findings: list, nationality_maps: list) -> None:
    """What :func:`_corpus_steps` takes of an article, from its digest instead of its analysis."""
    build.reused += 1
    if d.problems:
        budget_cuts[doc.id] = d.problems
    counts = build.counts
    counts.mentions += d.mentions
    counts.rejected += d.rejected
    counts.claims += d.claims
    counts.resolved += len(d.placed)
    places.update(d.placed)
    counts.places = len(places)
    unresolved += [(m.doc_id, m.start, _unresolved_row(doc, m, reason)) for m, reason in d.unresolved]
    findings += d.findings
    nationality_maps.append(d.nationalities)


def _count(counts: Counts, places: set[str], r: DocumentAnalysis) -> None:
    counts.mentions += len(r.mentions)
    counts.rejected += len(r.rejected)
    counts.claims += len(r.claims)
    for res in r.resolutions:
        if res.place is not None:
            counts.resolved += 1
            places.add(res.place.id)
    counts.places = len(places)


def _placed(r: DocumentAnalysis) -> list[Resolution]:
    """The resolutions the visit finder reads: the placed ones."""
    return [res for res in r.resolutions if res.place is not None]


def _unresolved_of(doc: Document, r: DocumentAnalysis) -> list[tuple[str, int, dict]]:
    """One document's rows of the unresolved report, with what they sort by across documents."""
    rows = [(res.mention, res.reason) for res in r.resolutions if res.place is None]
    rows += [(rej.mention, f"rejected: {rej.reason}") for rej in r.rejected]
    return [(m.doc_id, m.start, _unresolved_row(doc, m, reason)) for m, reason in rows]


def _layers_of(folder: Path) -> tuple[str | None, LayerRegistry]:
    """The corpus's layer registry and a key for what it sorts by: the file's bytes, or the built-in
    layers (which the analysis fingerprint covers), and the finding-type model that types the
    findings first (outside the analysis fingerprint, so refitting it re-sorts findings without
    re-analysing articles). A file that cannot be read gets no key."""
    path = folder / LAYERS_FILE
    if not path.exists():
        return "builtin|" + _kinds_key(), LayerRegistry.default()
    registry = LayerRegistry.from_file(path)
    try:
        key = "file:" + hashlib.sha256(path.read_bytes()).hexdigest() + "|" + _kinds_key()
    except OSError:
        key = None
    return key, registry


def _kinds_key() -> str:
    """A digest of the finding-type classifier: its code and its shipped weights."""
    from importlib import resources

    root = resources.files("geo")
    digest = hashlib.sha256()
    for name in ("findings/kinds.py", "data/kinds_model.json"):
        digest.update(root.joinpath(name).read_bytes())
    return "kinds:" + digest.hexdigest()[:16]


class _Recorder(dict):
    """The corpus-level facts a document's visits read, each question noted with its answer.

    The visit finder asks the nationality map (``"Fan" in people``) and the people
    register (``registry.lookup("General Fan")``); both depend on every article. A
    document's cached visits stay valid while every question they asked gets the same
    answer (:meth:`answer`), so adding an article redoes only the documents whose
    people it changes. Register questions are keyed ``@[method, args]`` and answered
    with the ``repr`` of the result (frozen dataclasses, lists, booleans: stable).
    """

    def __init__(self, data: dict[str, str], people: People):
        super().__init__(data)
        self.log: dict[str, str | None] | None = None
        self.registry = _RecordedPeople(people, self)
        # The register is complete before any question is asked again (every article was
        # added), so each answer is worked out once: the same people's questions recur in many
        # articles' cached visits (decoding and answering them took 10% of the corpus steps).
        self._answers: dict[str, str] = {}

    def answer(self, key: str) -> str | None:
        if key.startswith("@"):
            found = self._answers.get(key)
            if found is None:
                method, args = json.loads(key[1:])
                found = self._answers[key] = repr(getattr(self.registry.people, method)(*args))
            return found
        return super().get(key)

    def __contains__(self, key) -> bool:
        hit = super().__contains__(key)
        if self.log is not None:
            self.log[key] = super().get(key)
        return hit

    def __getitem__(self, key):
        if self.log is not None:
            self.log[key] = super().get(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        if self.log is not None:
            self.log[key] = super().get(key)
        return super().get(key, default)


class _RecordedPeople:
    """A :class:`People` register whose answers are noted in a :class:`_Recorder`'s log."""

    def __init__(self, people: People, recorder: _Recorder):
        self.people = people
        self.recorder = recorder

    def __getattr__(self, method: str):
        call = getattr(self.people, method)

        def recorded(*args):
            result = call(*args)
            if self.recorder.log is not None:
                key = "@" + json.dumps([method, [list(a) if isinstance(a, tuple) else a for a in args]],
                                       ensure_ascii=False)
                self.recorder.log[key] = repr(result)
            return result

        return recorded


def _sentence_finder(text: str, spans) -> Callable[[int], str]:
    """offset -> the sentence around it (what a correction's ``sentence:`` filter looks at)."""

    from geo.spans import span_finder

    spans = list(spans)
    find = span_finder(spans)       # bisection: a scan per mention was quadratic in the article

    def sentence_of(offset: int) -> str:
        i = find(offset)
        return "" if i is None else text[spans[i][0]:spans[i][1]]

    return sentence_of


def _spans_key(text: str, persons) -> str:
    """What the offices of an article's people depend on: the people's spans, then the text."""
    spans = "".join(f"{p.start_char},{p.end_char},{len(p.text)}:{p.text}|" for p in persons)
    return f"{spans}\n{text}"


def layer_counts(build: Build) -> dict[str, int]:
    counts = {layer["id"]: 0 for layer in build.layers}
    for feature in build.features:
        counts[feature["properties"]["layer"]] = counts.get(feature["properties"]["layer"], 0) + 1
    return counts
