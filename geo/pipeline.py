"""The build: documents -> mentions -> places -> claims -> layers -> outputs.

Example
-------
>>> from geo.pipeline import build                       # doctest: +SKIP
>>> result = build("seeds", "maps/briefing.html")        # doctest: +SKIP
>>> len(result.features) > 0                             # doctest: +SKIP
True
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .analysis import AnalysisSpec, Execution, ResultCache, analyse_documents, default_cache_dir, gazetteer_for
from .claims import extract_claims
from .documents import Problem, read_corpus, undated_notes
from .layers import LAYERS_FILE, LayerRegistry
from .mentions import Rejected
from .model import BuildResult, Document
from .resolve import resolve_mentions  # noqa: F401  (shared with geo.geoparse; re-exported)
from .findings.trips import assemble_trips
from .language.people import People
from .visits import VisitFinder, merge_nationalities

__all__ = ["analyse", "build", "write_outputs", "resolve_mentions", "Build"]

SITES_FILE = "sites.csv"


@dataclass
class Build(BuildResult):
    """A build's results plus what the summary and the reports need."""

    rejected: list[Rejected] = field(default_factory=list)
    unresolved: list[dict] = field(default_factory=list)
    layers: list[dict] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    reused: int = 0                   # documents whose analysis came from the cache
    problem_records: list[Problem] = field(default_factory=list)
    folder: Path | None = None   # the corpus folder (briefing.yaml is read from it)
    findings: list = field(default_factory=list)      # geo.model.Finding, merged across documents
    not_claims: list = field(default_factory=list)    # (Claim, reason): headings, bylines, bios
    notes: list[str] = field(default_factory=list)    # analysed, but worth saying: relative dates left undated


def _spec(folder: Path) -> tuple[AnalysisSpec, list[Problem]]:
    """The analysis settings, and one problem per row of the corpus's ``sites.csv`` left out.

    The workers drop the same rows with the same check (geo.gazetteer.sites); they
    cannot report them, so the check runs here too, where the file has its name.
    """
    from .gazetteer.index import DEFAULT_SITES
    from .gazetteer.sites import check_sites

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
    rows = []
    for res in resolutions:
        if res.place is None:
            rows.append((res.mention, res.reason))
    for rej in rejected:
        rows.append((rej.mention, f"rejected: {rej.reason}"))
    out = []
    for mention, reason in sorted(rows, key=lambda r: (r[0].doc_id, r[0].start)):
        doc = documents[mention.doc_id]
        out.append({"doc": doc.path, "section": doc.section, "start": doc.offset + mention.start,
                    "end": doc.offset + mention.end, "mention": mention.text, "label": mention.label,
                    "detector": mention.detector, "reason": reason})
    return out


def _budget_problems(documents, results) -> list[Problem]:
    """One line per per-article budget that cut an article (geo/budget.py); a compilation's section is named."""
    files = Counter(d.path for d in documents)
    return [Problem(doc.path, (f"section {doc.section + 1}: " if files[doc.path] > 1 else "") + message)
            for doc, r in zip(documents, results) for message in r.problems]


def analyse(folder: str | Path, *, progress: Callable[[str, int], None] | None = None,
            layers: LayerRegistry | None = None, cache_dir: Path | None = None, use_cache: bool = True,
            execution: Execution | None = None, online=None, meanwhile: Callable[[], None] | None = None) -> Build:
    """Read and analyse a corpus folder; no files are written.

    Unchanged documents come from the content-hash cache (``cache_dir``,
    default the user cache); ``execution`` runs the rest here, on local
    processes or on a Dask cluster, with identical results. ``online`` (a
    :class:`geo.online.OnlineResolver`) places mentions the offline resolver
    could not; ``corrections.yaml`` in the folder is applied after that.
    ``meanwhile()`` runs while the documents are analysed in other processes
    (``briefmap build`` passes :func:`prepare_outputs`).
    """
    from .corrections import Corrector, apply_layer_order, load_corrections
    from .features import build_features
    from .findings.assemble import document_findings
    from .findings.merge import merge_findings

    started = time.perf_counter()
    folder = Path(folder)
    documents, problems = read_corpus(folder)
    if layers is None:
        layers = LayerRegistry.from_file(folder / LAYERS_FILE) if (folder / LAYERS_FILE).exists() else LayerRegistry.default()
    spec, site_problems = _spec(folder)
    problems = problems + site_problems
    cache = ResultCache((cache_dir or default_cache_dir()) if use_cache else None)
    results, reused = analyse_documents(documents, spec, cache=cache, execution=execution,
                                        progress=(lambda doc_id: progress(doc_id, 1)) if progress else None,
                                        meanwhile=meanwhile)
    problems = problems + layers.problems + _budget_problems(documents, results)
    build = Build(documents=documents, problem_records=problems, layers=layers.layers, reused=reused,
                  folder=folder, notes=[str(n) for n in undated_notes(documents)])
    findings = []
    corrections, correction_problems = load_corrections(folder)
    corrector = Corrector(corrections, gazetteer_for(spec), layers.ids())
    for doc, r in zip(documents, results):
        # Online answers and analyst corrections change resolutions after the
        # cached offline analysis; the claims are re-derived from them.
        if online is not None or corrections:
            resolutions = online.resolve(r.resolutions) if online is not None else r.resolutions
            if corrections:
                resolutions = corrector.resolutions(doc, resolutions, _sentence_finder(doc.text, r.sentences))
            if resolutions != r.resolutions:
                r.resolutions = resolutions
                r.claims = extract_claims(doc, resolutions, r.sentences)
        build.mentions += r.mentions
        build.rejected += r.rejected
        build.resolutions += r.resolutions
        build.claims += r.claims
        found, skipped = document_findings(doc, r.claims, r.sentences, layers)
        findings += found
        build.not_claims += skipped
    # Nationalities are a corpus-level fact: "Cuban President Díaz-Canel" in one
    # article tells where Díaz-Canel comes from in all of them.
    nationality = merge_nationalities(r.nationalities for r in results)
    people = People(nationality)
    for doc, r in zip(documents, results):
        people.add(doc.text, r.persons)
    visit_finder = VisitFinder(gazetteer_for(spec), nationality, people)
    for doc, r in zip(documents, results):
        build.visits += visit_finder.find(doc, r.persons, r.resolutions, r.sentences)
    build.legs = assemble_trips(build.visits)
    by_id = {d.id: d for d in documents}
    build.findings = merge_findings(findings, layers.ids(), layers.context_layer)
    build.features = build_features(build.findings, build.legs, by_id, layers)
    if corrections:
        build.features = apply_layer_order(corrector.features(build.features), layers.ids())
    build.unresolved = unresolved_rows(by_id, build.resolutions, build.rejected)
    problems = (problems + cache.problems + correction_problems + corrector.stale()
                + (online.problems() if online else []))
    build.problem_records = problems
    build.problems = [str(p) for p in problems]
    build.seconds = time.perf_counter() - started
    return build


def _sentence_finder(text: str, spans) -> Callable[[int], str]:
    """offset -> the sentence around it (what a correction's ``sentence:`` filter looks at)."""

    from .spans import span_finder

    spans = list(spans)
    find = span_finder(spans)       # bisection: a scan per mention was quadratic in the article

    def sentence_of(offset: int) -> str:
        i = find(offset)
        return "" if i is None else text[spans[i][0]:spans[i][1]]

    return sentence_of


def document_records(documents: list[Document]) -> list[dict]:
    return [{"doc": d.path, "section": d.section, "title": d.title, "outlet": d.outlet,
             "published": d.published.isoformat() if d.published else None, "url": d.url}
            for d in documents]


def layer_counts(build: Build) -> dict[str, int]:
    counts = {layer["id"]: 0 for layer in build.layers}
    for feature in build.features:
        counts[feature["properties"]["layer"]] = counts.get(feature["properties"]["layer"], 0) + 1
    return counts


def outputs_for(html_path: Path) -> dict[str, Path]:
    stem = html_path.with_suffix("")
    return {"html": html_path, "geojson": stem.with_suffix(".geojson"), "gpkg": stem.with_suffix(".gpkg"),
            "unresolved": Path(f"{stem}.unresolved.csv"), "findings": Path(f"{stem}.findings.csv"),
            "claims": Path(f"{stem}.claims.csv"), "xlsx": stem.with_suffix(".xlsx"), "kml": stem.with_suffix(".kml"),
            "kmz": stem.with_suffix(".kmz")}


class OutputError(ValueError):
    """Output paths that cannot all be written: the message names them."""


def check_outputs(paths: dict[str, Path]) -> None:
    """Refuse outputs that would overwrite each other (``-o x.geojson``: the map would replace the GeoJSON)."""
    import os

    seen: dict[str, str] = {}
    for kind, path in paths.items():
        real = os.path.normcase(os.path.realpath(path))
        if real in seen:
            raise OutputError(f"{path}: the {_OUTPUT_NAMES[seen[real]]} and the {_OUTPUT_NAMES[kind]} would both "
                              f"be written to this file; choose an output name ending in .html")
        seen[real] = kind


_OUTPUT_NAMES = {"html": "map", "geojson": "GeoJSON", "gpkg": "GeoPackage", "unresolved": "unresolved report",
                 "findings": "findings spreadsheet", "claims": "claims spreadsheet", "xlsx": "workbook",
                 "kml": "KML", "kmz": "KMZ"}


def prepare_outputs() -> None:
    """Import what :func:`write_outputs` needs: folium, pandas and geopandas take about a second, cold."""
    import geopandas  # noqa: F401  (pyogrio and shapely: geo.export writes the GeoPackage through them)
    import openpyxl  # noqa: F401  (the workbook)

    from . import distances, export, render, story  # noqa: F401


def corpus_title(build: Build) -> str:
    """A title from what the articles are about: the places most findings happen at or involve."""
    counts: dict[str, int] = {}
    for f in build.findings:
        for name in {a.name for a in f.actors if a.kind == "place"} | ({f.locus.name} if f.locus else set()):
            counts[name] = counts.get(name, 0) + 1
    top = [n for n, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]
    if not top:
        return "Briefing map"
    return "Briefing: " + (", ".join(top[:-1]) + " and " + top[-1] if len(top) > 1 else top[0])


@dataclass
class MapPage:
    """The map as ``briefmap build`` writes it, and what went into it (the deck reuses both)."""

    html: str
    title: str
    subtitle: str
    story: dict
    layers: list[dict]          # the build's layers, each with its feature count


def map_page(build: Build, *, title: str | None = None) -> MapPage:
    """Render the map of a build: its title, subtitle and story.

    ``title`` defaults to the title of ``briefing.yaml``, else one made from the corpus
    (:func:`corpus_title`): nothing about any one corpus is built in.
    """
    from .distances import find_distances
    from .render import render_map
    from .story import story_for

    counts = layer_counts(build)
    layers = [dict(layer, count=counts.get(layer["id"], 0)) for layer in build.layers]
    dated = sorted(d.published for d in build.documents if d.published)
    subtitle = f"{len(build.documents)} articles"
    if dated:
        subtitle += f", published {dated[0].isoformat()} to {dated[-1].isoformat()}"
    # Story mode (briefing.yaml beside the articles, else a default story) and
    # the distances the articles state, measured (geo/story.py, geo/distances.py).
    story = story_for(build.folder, build.features, layers)
    title = title or story.get("title") or corpus_title(build)
    distances = find_distances(build.features)
    # The renderer credits GeoNames, Natural Earth and Leaflet itself.
    html = render_map(build.features, layers, document_records(build.documents), title=title, subtitle=subtitle,
                      story=story, distances=distances)
    return MapPage(html=html, title=title, subtitle=subtitle, story=story, layers=layers)


def write_outputs(build: Build, html_path: str | Path, *, title: str | None = None) -> list[Path]:
    """Write the HTML map, GeoJSON, GeoPackage, CSV, workbook, KML/KMZ and unresolved report side by side.

    ``title``: see :func:`map_page`.
    """
    from .export import (atomic_group, clean_stale_temporaries, write_findings_csv, write_geojson,
                         write_geopackage, write_text, write_unresolved, write_xlsx)
    from .export.kml import write_kml

    paths = outputs_for(Path(html_path))
    check_outputs(paths)
    page = map_page(build, title=title)
    clean_stale_temporaries(paths.values())
    # All the files are produced under temporary names and moved into place together.
    with atomic_group(paths) as tmp:
        write_text(tmp["html"], page.html)
        write_geojson(tmp["geojson"], build.features)
        write_geopackage(tmp["gpkg"], build.features, build.layers)
        write_unresolved(tmp["unresolved"], build.unresolved)
        write_findings_csv(tmp["findings"], tmp["claims"], build.features)
        write_xlsx(tmp["xlsx"], build.features, title=page.title)
        write_kml(tmp["kml"], tmp["kmz"], build.features, build.layers, title=page.title)
    build.outputs = list(paths.values())
    return build.outputs


def build(folder: str | Path, html_path: str | Path, **kwargs) -> Build:
    """Analyse ``folder`` and write all outputs next to ``html_path``."""
    title = kwargs.pop("title", None)
    result = analyse(folder, **kwargs)
    write_outputs(result, html_path, title=title)
    return result
