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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from .claims import extract_claims, sentence_spans
from .documents import Problem, read_corpus
from .layers import LayerRegistry
from .mentions import MentionFinder, Rejected
from .model import BuildResult, Document
from .resolve import resolve_mentions  # noqa: F401  (shared with geo.geoparse; re-exported)
from .visits import VisitFinder, merge_nationalities, nationalities

SITES_FILE = "sites.csv"
LAYERS_FILE = "layers.yaml"


@dataclass
class Build(BuildResult):
    """A build's results plus what the summary and the reports need."""

    rejected: list[Rejected] = field(default_factory=list)
    unresolved: list[dict] = field(default_factory=list)
    layers: list[dict] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    problem_records: list[Problem] = field(default_factory=list)


def _open_gazetteer(folder: Path):
    from .gazetteer import Gazetteer

    extra = folder / SITES_FILE
    return Gazetteer.open(sites=extra if extra.exists() else None)


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


def analyse(folder: str | Path, *, progress: Callable[[str, int], None] | None = None,
            gazetteer=None, layers: LayerRegistry | None = None) -> Build:
    """Read and analyse a corpus folder; no files are written."""
    from .features import build_features
    from .nlp import pipeline

    started = time.perf_counter()
    folder = Path(folder)
    documents, problems = read_corpus(folder)
    gazetteer = gazetteer or _open_gazetteer(folder)
    if layers is None:
        layers = LayerRegistry.from_file(folder / LAYERS_FILE) if (folder / LAYERS_FILE).exists() else LayerRegistry.default()
    finder = MentionFinder(gazetteer)
    nlp = pipeline()
    build = Build(documents=documents, problem_records=problems, layers=layers.layers)
    parsed = []
    for doc, sdoc in zip(documents, nlp.pipe(d.text for d in documents)):
        mentions, rejected = finder.find(doc.text, doc.id, sdoc)
        resolutions = resolve_mentions(doc.text, mentions, gazetteer)
        build.mentions += mentions
        build.rejected += rejected
        build.resolutions += resolutions
        build.claims += extract_claims(doc, resolutions, sdoc)
        parsed.append((doc, sdoc, resolutions))
        if progress:
            progress(doc.id, 1)
    # Nationalities are a corpus-level fact: "Cuban President Díaz-Canel" in one
    # article tells where Díaz-Canel comes from in all of them.
    people = merge_nationalities(nationalities(sdoc, res) for _, sdoc, res in parsed)
    visit_finder = VisitFinder(gazetteer, people)
    for doc, sdoc, resolutions in parsed:
        build.visits += visit_finder.find(doc, sdoc, resolutions, sentence_spans(sdoc))
    by_id = {d.id: d for d in documents}
    build.features = build_features(build.claims, build.visits, by_id, layers)
    build.unresolved = unresolved_rows(by_id, build.resolutions, build.rejected)
    build.problems = [str(p) for p in problems]
    build.seconds = time.perf_counter() - started
    return build


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
            "unresolved": Path(f"{stem}.unresolved.csv")}


def write_outputs(build: Build, html_path: str | Path, *, title: str = "Briefing map") -> list[Path]:
    """Write the HTML map, GeoJSON, GeoPackage and unresolved report beside each other."""
    from .export import write_geojson, write_geopackage, write_text, write_unresolved
    from .render import render_map

    paths = outputs_for(Path(html_path))
    counts = layer_counts(build)
    layers = [dict(layer, count=counts.get(layer["id"], 0)) for layer in build.layers]
    dated = sorted(d.published for d in build.documents if d.published)
    subtitle = f"{len(build.documents)} articles"
    if dated:
        subtitle += f", published {dated[0].isoformat()} to {dated[-1].isoformat()}"
    # The renderer credits GeoNames, Natural Earth and Leaflet itself.
    html = render_map(build.features, layers, document_records(build.documents), title=title, subtitle=subtitle)
    write_text(paths["html"], html)
    write_geojson(paths["geojson"], build.features)
    write_geopackage(paths["gpkg"], build.features, [layer["id"] for layer in build.layers])
    write_unresolved(paths["unresolved"], build.unresolved)
    build.outputs = list(paths.values())
    return build.outputs


def build(folder: str | Path, html_path: str | Path, **kwargs) -> Build:
    """Analyse ``folder`` and write all outputs next to ``html_path``."""
    title = kwargs.pop("title", "Briefing map")
    result = analyse(folder, **kwargs)
    write_outputs(result, html_path, title=title)
    return result
