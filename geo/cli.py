"""The ``briefmap`` command line."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

# Exit statuses scripts can rely on.
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_SKIPPED = 3   # outputs written, but some input files were skipped
EXIT_INTERRUPTED = 130  # Ctrl-C: nothing written, previous outputs intact
MAX_PROBLEM_LINES = 20  # briefmap geoparse: failed lines named on stderr (all are in the output)

err = Console(stderr=True, highlight=False)
out = Console(highlight=False, width=max(100, Console().width))


def _interruptible(command):
    """Run ``command`` with SIGTERM and SIGHUP treated like Ctrl-C (geo.interrupts).

    ``kill``, a closed terminal or a service manager stopping a build then leaves what
    Ctrl-C leaves: exit 130, nothing written, the previous outputs and no temporary files.
    """
    import functools

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from .interrupts import stop_signals

        with stop_signals():
            return command(*args, **kwargs)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="briefmap")
def main() -> None:
    """briefmap - turn a folder of news articles into an offline briefing map.

    \b
    Commands:
      build     read articles, resolve places and claims, write the map
      png       export the map and each story step as 1920x1080 PNG slides
      geoparse  find and resolve places in JSON Lines documents
      eval      score geoparsing on the LGL benchmark (both modes)
    \b
    Example:
      briefmap build seeds -o maps/briefing.html
      briefmap png maps/briefing.html -o maps/slides
    Run "briefmap COMMAND --help" for each command's manual.
    """


@main.command()
@click.argument("folder", default="seeds", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", default=Path("maps/briefing.html"), type=click.Path(path_type=Path),
              show_default=True, help="HTML map to write; .geojson, .gpkg and .unresolved.csv go beside it.")
@click.option("--title", default=None,
              help="Title shown on the map [default: the title in briefing.yaml, else the places the "
                   "articles are most about].")
@click.option("--strict", is_flag=True, help="Fail (exit 1, write nothing) if any input file is skipped.")
@click.option("-j", "--workers", default=1, show_default=True, type=click.IntRange(1),
              help="Analyse documents on N local processes.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Send the per-document work to a running Dask cluster, e.g. tcp://10.0.0.5:8786.")
@click.option("--no-cache", is_flag=True, help="Re-analyse every document instead of reusing unchanged ones.")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              help="Where per-document results are cached [default: $BRIEFMAP_CACHE/documents or "
                   "~/.cache/briefmap/documents].")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar; only the summary.")
@click.option("--geocoder", "geocoder", default=None, metavar="SERVICE",
              help="Also ask an online geopy service (nominatim, photon, ...) about places the offline "
                   "gazetteer cannot place. Cached, rate-limited, bounded; falls back to offline answers.")
@click.option("--geocoder-domain", default=None, metavar="HOST[:PORT]",
              help="Service host, e.g. a private Nominatim (default: the service's public host).")
@click.option("--geocoder-scheme", default=None, type=click.Choice(["https", "http"]),
              help="Scheme for --geocoder-domain (default https).")
@click.option("--geocoder-budget", default=60.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds the whole build may spend waiting on the online geocoder.")
@click.option("--geocoder-timeout", default=5.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds per request.")
@click.option("--geocoder-retries", default=2, show_default=True, type=click.IntRange(0, 5),
              help="Retries after a timeout, 429 or 5xx before the offline answer is kept.")
@click.option("--geocoder-delay", default=1.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds between requests (Nominatim's policy is at least 1).")
@click.option("--png", "png_dir", default=None, type=click.Path(path_type=Path),
              help="Also export PNG slides (overview + one per story step) into this folder; see 'png'.")
@click.option("--watch", is_flag=True,
              help="Build, then build again whenever a file in FOLDER changes (Ctrl-C stops).")
@_interruptible
def build(folder: Path, output: Path, title: str, strict: bool, workers: int, scheduler: str | None,
          no_cache: bool, cache_dir: Path | None, quiet: bool, geocoder: str | None,
          geocoder_domain: str | None, geocoder_scheme: str | None, geocoder_budget: float,
          geocoder_timeout: float, geocoder_retries: int, geocoder_delay: float, png_dir: Path | None,
          watch: bool) -> None:
    """Build the briefing map from the articles in FOLDER.

    \b
    Reads every .txt, .md and .html file in FOLDER (compilations are split
    into their articles), finds place mentions, resolves them offline against
    GeoNames and the curated sites file, extracts the claims made about each
    place with source, date, attribution and status, sorts them into layers,
    and writes:
      OUTPUT                  the map (opens with no network)
      OUTPUT.geojson          one feature per claim at a place, visits as lines
      OUTPUT.gpkg             the same as a GeoPackage, one table per layer
      OUTPUT.unresolved.csv   every mention that could not be placed, and why
    Optional files in FOLDER: sources.yaml (outlet, date, URL per file),
    sites.csv (extra curated sites), layers.yaml (your own layer rules),
    corrections.yaml (analyst corrections: pin, reject, move to a layer).
    briefing.yaml (the story: titled steps with places, claims and
    narration; see seeds/briefing.yaml; without it one step per layer).

    \b
    Unchanged articles are not analysed again: results are cached by content
    hash (article text and metadata, curated data, code and model versions),
    so adding one article to a thousand re-analyses one. --workers and
    --scheduler spread the per-document work over processes or a Dask
    cluster; the outputs are byte-identical to a serial build.

    \b
    Exit status: 0 success; 1 error, nothing written (missing folder, no
    articles, --strict with problems, cannot write); 3 outputs written but
    something was skipped or ignored (each named on one stderr line: a file,
    a metadata entry, a stale correction, a sites.csv row, a layers.yaml
    layer or rule, a degraded online geocoder);
    130 interrupted by Ctrl-C, SIGTERM or SIGHUP (nothing written, previous
    outputs left intact).

    \b
    Examples:
      briefmap build seeds -o maps/briefing.html
      briefmap build archive/ -o out/archive.html --workers 2
      briefmap build archive/ -o out/archive.html --scheduler tcp://10.0.0.5:8786
    """
    if watch:
        _watch(folder, output)
    from .analysis import Execution
    from rich.markup import escape

    from .documents import DocumentError
    from .interrupts import check as check_interrupted
    from .pipeline import (OutputError, analyse, check_outputs, layer_counts, outputs_for, prepare_outputs,
                           write_outputs)

    try:
        check_outputs(outputs_for(output))    # before the analysis writes its cache
    except OutputError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}; nothing written", soft_wrap=True)
        sys.exit(EXIT_ERROR)
    online = None
    if geocoder:
        online = _online(geocoder, geocoder_domain, geocoder_scheme, geocoder_budget, geocoder_timeout,
                         geocoder_retries, geocoder_delay)

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, disable=quiet, transient=True)
    try:
        with progress:
            task = progress.add_task("Reading articles", total=None)

            def advance(doc_id: str, n: int) -> None:
                progress.update(task, description=f"Analysing {doc_id}", advance=n)

            # The articles are analysed in another process (background=True) while
            # this one imports the map and GeoPackage writers: two cores, half the wait.
            result = analyse(folder, progress=advance, cache_dir=cache_dir, use_cache=not no_cache,
                             execution=Execution(workers=workers, scheduler=scheduler, background=True),
                             online=online, meanwhile=prepare_outputs)
            check_interrupted()
    except DocumentError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        _interrupted()
    for problem in result.problems:
        err.print(f"[yellow]skipped:[/yellow] {escape(problem)}", soft_wrap=True)
    if not result.documents:
        err.print(f"[red]error:[/red] {escape(str(folder))}: no article to build from "
                  "(.txt, .md, .html); nothing written", soft_wrap=True)
        sys.exit(EXIT_ERROR)
    if strict and result.problems:
        err.print(f"[red]error:[/red] {len(result.problems)} problem(s) and --strict is set; nothing written")
        sys.exit(EXIT_ERROR)
    from .story import BriefingError

    try:
        paths = write_outputs(result, output, title=title)
    except BriefingError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        _interrupted()
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot write {escape(str(output))}: {escape(exc.strerror or str(exc))}; "
                  "previous outputs left intact", soft_wrap=True)
        sys.exit(EXIT_ERROR)
    _summary(result, layer_counts(result), paths)
    if png_dir is not None:
        _export_pngs(output, png_dir)
    sys.exit(EXIT_SKIPPED if result.problems else EXIT_OK)


def _watch(folder: Path, output: Path) -> None:
    """--watch: the same command without --watch, now and after each change of the folder."""
    import subprocess

    from .pipeline import outputs_for
    from .watch import watch

    command = [sys.executable, "-m", "geo", *[a for a in sys.argv[1:] if a != "--watch"]]

    def rebuild() -> None:
        code = subprocess.call(command)
        err.print(f"[dim]watching {folder} (exit {code}); Ctrl-C stops[/dim]")

    rebuild()
    try:
        watch(folder, rebuild, ignore=outputs_for(output).values())
    except KeyboardInterrupt:
        sys.exit(0)


def _online(service, domain, scheme, budget, timeout, retries, delay):
    """The online geocoder for --geocoder (uses the offline gazetteer for its fallback)."""
    from .gazetteer import Gazetteer
    from .online import OnlineResolver

    kwargs = {}
    if domain:
        kwargs["domain"] = domain
    if scheme:
        kwargs["scheme"] = scheme
    try:
        return OnlineResolver(service, Gazetteer.open(), budget=budget, timeout=timeout, max_retries=retries,
                              min_delay_seconds=delay, **kwargs)
    except Exception as exc:  # unknown service name, bad options: a usage error, before any work
        raise click.BadParameter(f"{service}: {exc}", param_hint="--geocoder") from exc


def _export_pngs(html: Path, out: Path, steps: bool = True, scale: float = 1.0) -> None:
    from .slides import SlidesError, export_pngs

    try:
        written = export_pngs(html, out, steps=steps, scale=scale)
    except SlidesError as exc:
        err.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        sys.exit(EXIT_ERROR)
    err.print(f"wrote {len(written)} PNG slides to {out}")


@main.command()
@click.argument("html", default=Path("maps/briefing.html"), type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", default=None, type=click.Path(path_type=Path),
              help="Folder for the PNGs  [default: HTML's folder/slides]")
@click.option("--no-steps", is_flag=True, help="Only the overview, no story steps.")
@click.option("--scale", default=1.0, show_default=True, type=click.FloatRange(0.1, 2.0),
              help="Resize the images (the layout stays 1920x1080): 0.6667 gives 1280x720.")
def png(html: Path, output: Path | None, no_steps: bool, scale: float) -> None:
    """Export the map HTML as 1920x1080 PNG slides, offline.

    \b
    Opens HTML (a map written by "briefmap build") in headless Chromium
    with networking switched off, and writes into OUTPUT:
      overview.png            the whole map, as it opens
      step-01.png ...         each story step, after its fly-to
    Needs Debian's chromium and chromium-driver (/usr/bin/chromium and
    /usr/bin/chromedriver; override with BRIEFMAP_CHROMIUM and
    BRIEFMAP_CHROMEDRIVER). For paper, open the map in a browser and print:
    a print stylesheet lays it out on one landscape page.

    \b
    Exit status: 0 success; 1 error (no such map, no browser).

    \b
    Example:
      briefmap png maps/briefing.html -o maps/slides
      briefmap png maps/briefing.html -o docs/small --scale 0.6667
      briefmap build seeds -o maps/briefing.html --png maps/slides
    """
    _export_pngs(html, output or html.parent / "slides", steps=not no_steps, scale=scale)
    sys.exit(EXIT_OK)


def _cpus() -> int:
    from .analysis import default_workers

    return default_workers()


@main.command()
@click.argument("file", default="-", type=click.File("r", encoding="utf-8"))
@click.option("-o", "--output", default="-", type=click.File("w", encoding="utf-8"), show_default=True,
              help="Where to write the JSON Lines results.")
@click.option("--no-focus-fallback", is_flag=True,
              help="Leave names the gazetteer lacks unresolved (null) instead of placing them at the "
                   "article's focus with confidence 0.1.")
@click.option("-j", "--processes", default=_cpus, show_default="one per CPU", type=click.IntRange(1, 64),
              help="Worker processes (each geoparses whole batches of documents).")
@click.option("-q", "--quiet", is_flag=True, help="No progress; only the summary.")
def geoparse(file, output, no_focus_fallback: bool, processes: int, quiet: bool) -> None:
    """Find and resolve place mentions in JSON Lines documents.

    \b
    FILE (default "-", standard input) has one JSON object a line:
      {"id": "a1", "text": "...", "spans": [[start, end], ...],
       "url": "https://...", "outlet": "..."}
    Only "text" is required; "id" defaults to the line number; "url" and
    "outlet" are copied to the output line. "spans" is optional:
      without it  every place mention is found and resolved (end to end);
      with it     exactly those character spans are resolved, in order,
                  with the whole text as context (resolution only).
    Writes one line per input line (blank lines aside), in input order:
      {"id": "a1", "places": [{"start", "end", "text", "lat", "lon", "name",
       "country", "geonameid", "confidence", "kind", "place_id", "reason",
       "role", "role_confidence", "role_reason"}]}
    A line that fails (not JSON, not an object, no "text", text over
    1,000,000 characters, malformed spans or a span outside the text, or a
    document the NER or resolver fails on) is written as
      {"id": "a1", "error": "line 3: ..."}
    (id = the line number when there is none) and the rest go on.
    lat/lon are null where a span could not be resolved. Names the gazetteer
    lacks are placed at the article's focus (its main state or country) with
    confidence 0.1 and a reason saying so, unless --no-focus-fallback.
    Same finder and resolver as "briefmap build"; fully offline.

    \b
    Exit status: 0 success; 3 some lines failed (each also one "skipped:"
    line on stderr); 1 the input or output cannot be opened.

    \b
    Example:
      echo '{"id": 1, "text": "Flooding hit Paris, Texas and Lamar County."}' | briefmap geoparse
      briefmap geoparse docs.jsonl -o places.jsonl -j 2
    """
    import time

    from rich.markup import escape

    from .documents import _printable
    from .geoparse import Geoparser, geoparse_jsonl

    started = time.perf_counter()
    parser = Geoparser(focus_fallback=not no_focus_fallback)
    progress = Progress(TextColumn("{task.description}"), TextColumn("{task.completed:,} words"),
                        TimeElapsedColumn(), console=err, disable=quiet, transient=True)
    try:
        with progress:
            task = progress.add_task("Geoparsing", total=None)
            stats = geoparse_jsonl(file, output, parser, n_process=processes,
                                   progress=lambda words: progress.update(task, advance=words))
    except (ValueError, OSError) as exc:
        err.print(f"[red]error:[/red] {escape(' '.join(str(exc).split()))}", soft_wrap=True)
        sys.exit(EXIT_ERROR)
    seconds = time.perf_counter() - started
    failed = stats["failed"]
    # A huge bad input would flood the terminal: every failure is in the output anyway.
    for doc_id, problem in failed[:MAX_PROBLEM_LINES]:
        err.print(f"[yellow]skipped:[/yellow] id {escape(json.dumps(doc_id, ensure_ascii=False))}: "
                  f"{escape(_printable(problem))}", soft_wrap=True)
    if len(failed) > MAX_PROBLEM_LINES:
        err.print(f"[yellow]skipped:[/yellow] ... and {len(failed) - MAX_PROBLEM_LINES} more (see their "
                  '"error" lines in the output)')
    err.print(f"briefmap geoparse: {stats['documents']} documents, {stats['words']:,} words, "
              f"{stats['places']} places ({stats['resolved']} resolved, {stats['fallback']} at article focus) "
              f"in {seconds:.1f} s ({stats['words'] / seconds if seconds else 0:,.0f} words/s)"
              + (f"; {len(failed)} line(s) failed" if failed else ""))
    sys.exit(EXIT_SKIPPED if failed else EXIT_OK)


@main.command(name="eval")
@click.option("--lgl", "path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="LGL XML (default ../shared/bench/lgl.xml beside the project).")
@click.option("--limit", type=int, default=None, help="Only the first N articles.")
@click.option("--mode", type=click.Choice(["both", "resolution", "end-to-end"]), default="both", show_default=True)
@click.option("--detectors", is_flag=True, help="Also score end to end with NER alone and with the gazetteer matcher alone.")
@click.option("--no-focus-fallback", is_flag=True, help="Count names the gazetteer lacks as unresolved (20,039 km).")
@click.option("-j", "--processes", default=_cpus, show_default="one per CPU", type=click.IntRange(1, 64),
              help="Worker processes end to end.")
@click.option("--misses", is_flag=True, help="Print the most common kinds of miss.")
@click.option("--json", "json_out", type=click.Path(path_type=Path), default=None,
              help="Write the metrics and every miss here.")
@click.option("--roles", is_flag=True,
              help="Score the place-role model instead (ReLocaR's training half; LGL accuracy by role).")
@click.option("--relocar", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="ReLocaR training XML for --roles (default ../shared/bench/relocar_train.xml).")
def evaluate_cmd(path, limit, mode, detectors, no_focus_fallback, processes, misses, json_out, roles,
                 relocar) -> None:
    """Score briefmap's geoparsing on the LGL benchmark, both modes in one run.

    \b
    Resolution only: the gold spans are given, briefmap resolves them.
    End to end: briefmap finds the mentions itself; toponym precision,
    recall and F1 count a gold span as found when a predicted span overlaps
    it; distance metrics are over the found toponyms.
    Reported: accuracy within 161 km, mean and median error (km), AUC of the
    log error curve (Gritta et al. 2018; lower is better), exact GeoNames id,
    words per second (wall clock, this machine). An unresolved toponym counts
    as 20,039 km. LGL is read in place and never copied.

    \b
    With --roles: the place-role model (literal or associative). Accuracy and
    per-class precision/recall by 10-fold cross validation over ReLocaR's
    training half (folds by sample, fixed seed, the shipped recipe); the
    shipped model on the 20% of it and on the news sentences it was not
    fitted on; mentions judged per second; and LGL's names-given accuracy
    for literal and associative toponyms. Needs scikit-learn (test extra).

    \b
    Example:
      briefmap eval                       # both modes, all 588 articles
      briefmap eval --limit 50 --detectors --json lgl.json
      briefmap eval --roles
    """
    from .evaluate import DEFAULT_LGL, run_benchmark

    path = path or DEFAULT_LGL
    if roles:
        _eval_roles(relocar, path, limit, json_out)
        return
    if not Path(path).exists():
        err.print(f"[red]error:[/red] {path} not found (LGL lives in ../shared/bench)")
        sys.exit(EXIT_ERROR)
    run_benchmark(path, limit=limit, mode=mode, detectors=detectors, focus_fallback=not no_focus_fallback,
                  n_process=processes, misses=misses, json_out=json_out, console=err)


def _eval_roles(relocar, lgl, limit, json_out) -> None:
    from .language import role_training as rt

    relocar = relocar or rt.RELOCAR
    if not Path(relocar).exists():
        err.print(f"[red]error:[/red] {relocar} not found (ReLocaR's training half lives in ../shared/bench)")
        sys.exit(EXIT_ERROR)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        err.print("[red]error:[/red] --roles needs scikit-learn: pip install -e '.[test]'")
        sys.exit(EXIT_ERROR)
    with err.status("scoring the role model (10-fold cross validation, then LGL by role)"):
        report = rt.role_report(Path(relocar), Path(lgl), limit)
    table = Table(title="place roles (associative = positive class)")
    for col in ("data", "n", "accuracy", "assoc. P", "assoc. R", "literal P", "literal R"):
        table.add_column(col, justify="left" if col == "data" else "right")
    for key, label in (("cv_relocar_train", "ReLocaR train (CV)"),
                       ("shipped_on_relocar_report", "shipped, ReLocaR 20%"),
                       ("shipped_on_news_heldout", "shipped, news held out")):
        s = report[key]
        table.add_row(label, str(s["n"]), f"{s['accuracy']:.1%}", *(f"{s[k]:.3f}" for k in (
            "associative_precision", "associative_recall", "literal_precision", "literal_recall")))
    out.print(table)
    out.print(f"role model speed: {report['words_per_s']:,} sentence words/s (one mention a sentence, one process)")
    for role, s in report.get("lgl_by_role", {}).items():
        out.print(f"LGL names given, {role} toponyms: {s['toponyms']:,}, {s['acc161']:.1%} within 161 km")
    if json_out:
        Path(json_out).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


def _interrupted() -> None:
    """Exit 130 at once: nothing is left to write, and the interpreter's own shutdown
    (joining the worker pool's threads) could itself be interrupted, ending the process
    by SIGINT instead of the exit status the README promises. Workers die with us."""
    import os

    err.print("[red]interrupted:[/red] nothing written, previous outputs left intact")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(EXIT_INTERRUPTED)


def _summary(result, counts: dict[str, int], paths) -> None:
    resolved = sum(1 for r in result.resolutions if r.place is not None)
    places = len({r.place.id for r in result.resolutions if r.place is not None})
    table = Table(title="briefmap build", show_header=False, box=None, pad_edge=False)
    table.add_row("documents", f"{len(result.documents)} ({len({d.path for d in result.documents})} files, "
                               f"{len(result.problems)} skipped, {result.reused} unchanged since last build)")
    table.add_row("mentions", f"{len(result.mentions)} ({resolved} resolved)")
    table.add_row("places", str(places))
    titles = {layer["id"]: layer["title"] for layer in result.layers}
    for layer, count in counts.items():
        table.add_row(f"  {titles.get(layer, layer)}", str(count))
    table.add_row("unresolved", f"{len(result.unresolved)} (see {paths[3].name})")
    table.add_row("time", f"{result.seconds:.1f} s")
    table.add_row("wrote", ", ".join(str(p) for p in paths))
    err.print(table)


if __name__ == "__main__":
    main()
