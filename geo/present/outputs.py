"""Write a build's outputs: the map page, GeoJSON, GeoPackage, CSVs, workbook, KML/KMZ, unresolved report."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from geo.build.corpus import Build, layer_counts
from geo.model import Document

__all__ = ["MapPage", "OutputError", "map_page", "output_cache_dir", "outputs_for", "write_outputs"]


def document_records(documents: list[Document]) -> list[dict]:
    return [{"doc": d.path, "section": d.section, "title": d.title, "outlet": d.outlet,
             "published": d.published.isoformat() if d.published else None, "url": d.url}
            for d in documents]


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
    """Import what :func:`write_outputs` needs (folium, shapely, pyogrio, openpyxl: about a second,
    cold), while the articles are analysed. Only ``briefmap build`` calls this: its process ends
    with the build (see :func:`_without_data_frames`)."""
    import openpyxl  # noqa: F401  (the workbook)
    import shapely  # noqa: F401  (geo.present.export writes the GeoPackage's geometries through it)

    with _without_data_frames():
        import pyogrio.raw  # noqa: F401

        from geo.findings import distances  # noqa: F401
        from geo.present import export, render, story  # noqa: F401


@contextmanager
def _without_data_frames():
    """Imports made meanwhile see neither pandas nor geopandas, which pyogrio's package (for its
    data-frame functions) and folium (to accept a DataFrame as a location) import when they are
    installed, and which the writers never use (the GeoPackage is written as arrays through
    ``pyogrio.raw``, the map from plain lists): 0.3-0.4 s of CPU of every build (2026-12-03,
    1,000-article rebuild: pandas 0.14 s under folium, geopandas 0.15 s under pyogrio). They
    then believe them missing for the rest of the process, so this is done only where nothing
    else follows the build, and not at all when either is already imported. pyproj is left
    alone: the geodesic measures import it first (blocking it too, as first written, made
    the whole block a no-op), and pyogrio using it changes nothing it writes."""
    import sys

    blocked = [name for name in ("geopandas", "pandas") if name not in sys.modules]
    if "pyogrio" in sys.modules or "folium" in sys.modules or len(blocked) < 2:
        yield
        return
    for name in blocked:
        sys.modules[name] = None          # an import of it raises ImportError meanwhile
    try:
        yield
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


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


def output_cache_dir(cache_dir: Path | None, use_cache: bool = True) -> Path | None:
    """Where the output pieces are kept: beside the analysis cache (``cache_dir``, else the default),
    or nowhere when the build was told not to use a cache."""
    if not use_cache:
        return None
    from geo.build.analysis import default_cache_dir

    return Path(cache_dir) if cache_dir is not None else default_cache_dir()


def map_page(build: Build, *, title: str | None = None, cache=None) -> MapPage:
    """Render the map of a build: its title, subtitle and story.

    ``title`` defaults to the title of ``briefing.yaml``, else one made from the corpus
    (:func:`corpus_title`): nothing about any one corpus is built in. ``cache``: a
    :class:`geo.present.cache.OutputCache` (the pieces kept between builds).
    """
    from geo.findings.distances import find_distances
    from geo.present.render import render_map
    from geo.present.story import story_for

    counts = layer_counts(build)
    layers = [dict(layer, count=counts.get(layer["id"], 0)) for layer in build.layers]
    dated = sorted(d.published for d in build.documents if d.published)
    subtitle = f"{len(build.documents)} articles"
    if dated:
        subtitle += f", published {dated[0].isoformat()} to {dated[-1].isoformat()}"
    # Story mode (briefing.yaml beside the articles, else a default story) and
    # the distances the articles state, measured (geo/present/story.py, geo/findings/distances.py).
    story = story_for(build.folder, build.features, layers)
    title = title or story.get("title") or corpus_title(build)
    distances = find_distances(build.features)
    # The renderer credits GeoNames, Natural Earth and Leaflet itself.
    html = render_map(build.features, layers, document_records(build.documents), title=title, subtitle=subtitle,
                      story=story, distances=distances, cache=cache)
    return MapPage(html=html, title=title, subtitle=subtitle, story=story, layers=layers)


def write_outputs(build: Build, html_path: str | Path, *, title: str | None = None,
                  cache_dir: Path | None = None) -> list[Path]:
    """Write the HTML map, GeoJSON, GeoPackage, CSV, workbook, KML/KMZ and unresolved report side by side.

    ``title``: see :func:`map_page`. ``cache_dir``: the analysis cache's folder, beside which
    pieces of the outputs are kept between builds (:mod:`geo.present.cache`); None keeps none.
    """
    from geo.present.cache import OutputCache
    from geo.present.export import (
        atomic_group,
        clean_stale_temporaries,
        write_findings_csv,
        write_geojson,
        write_geopackage,
        write_text,
        write_unresolved,
        write_xlsx,
    )
    from geo.present.export.fragments import Fragments
    from geo.present.export.kml import write_kml

    paths = outputs_for(Path(html_path))
    check_outputs(paths)
    cache = OutputCache(cache_dir)
    with _build_frozen():
        page = map_page(build, title=title, cache=cache)
        clean_stale_temporaries(paths.values())
        # Each feature's rows and Placemark, kept by its content; without a cache the writers make
        # their documents whole, as before (so a --no-cache build checks a rebuild's bytes).
        fragments = Fragments(build.features, cache.folder) if cache.folder is not None else None
        # All the files are produced under temporary names and moved into place together; what
        # only one of them needs (the page, the GeoJSON lines) goes once it is written.
        with atomic_group(paths) as tmp:
            write_text(tmp["html"], page.html)
            title = page.title
            del page
            write_geojson(tmp["geojson"], build.features, fragments.lines if fragments else None)
            if fragments is not None:
                fragments.drop_lines()
            write_geopackage(tmp["gpkg"], build.features, build.layers)
            write_unresolved(tmp["unresolved"], build.unresolved)
            write_findings_csv(tmp["findings"], tmp["claims"], build.features, fragments)
            write_xlsx(tmp["xlsx"], build.features, title=title, fragments=fragments)
            write_kml(tmp["kml"], tmp["kmz"], build.features, build.layers, title=title, fragments=fragments)
        if fragments is not None:
            fragments.save()
    build.outputs = list(paths.values())
    return build.outputs


@contextmanager
def _build_frozen():
    """The objects alive now (the build: its findings, features, documents) left out of the
    garbage collector's passes while the outputs are written, and put back afterwards.

    Writing makes many short-lived objects, so the collector runs, and each full pass walked
    every record of the build, none of which writing frees: 0.46 of the 5.2 s of CPU the parent
    of a 1,000-article rebuild took (``gc.callbacks``). Cycles the writers make (the map's
    elements refer to their parents) are still collected; the output is the same."""
    import gc

    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
