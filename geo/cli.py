"""The ``briefmap`` command line."""
from __future__ import annotations

import contextlib
import functools
import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from geo.terminal import Terminal, plain

# Exit statuses scripts can rely on.
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_SKIPPED = 3   # outputs written, but some input files were skipped
EXIT_INTERRUPTED = 130  # Ctrl-C: nothing written, previous outputs intact
MAX_PROBLEM_LINES = 20  # briefmap geoparse: failed lines named on stderr (all are in the output)

err = Console(stderr=True, highlight=False, emoji=False)
out = Console(highlight=False, emoji=False, width=max(100, Console().width))
# Every line briefmap prints about outside text goes through here (geo/terminal.py).
term = Terminal(err)


class _State:
    """What a stop signal arriving now should mean (see _interruptible)."""

    committed: int | None = None     # the exit status once a build's outputs are in place


def _interruptible(command):
    """Run ``command`` with SIGTERM and SIGHUP treated like Ctrl-C (geo.interrupts).

    ``kill``, a closed terminal or a service manager stopping a build then leaves what
    Ctrl-C leaves: exit 130, nothing written, the previous outputs and no temporary files.
    A stop signal after a build's outputs are in place (during the summary) only cuts
    the summary short: the exit status is the build's, not 130 and never click's 1.
    """
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from geo.interrupts import stop_signals

        _State.committed = None
        try:
            with stop_signals():
                return command(*args, **kwargs)
        except KeyboardInterrupt:
            if _State.committed is None:
                _interrupted()
            term.line("interrupted:", "red", "summary cut short; the outputs were written")
            _exit_now(_State.committed)

    return wrapper


def _verbosity(command):
    """-q/--quiet and -v/--verbose, the same on every command (geo/terminal.py)."""
    def set_level(ctx, param, value):
        if value:
            setattr(term, param.name, True)
            term.install_logging()
        return value

    command = click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=set_level,
                           help="Also show library warnings with their tracebacks (a degraded "
                                "online geocoder's failures), every failed line, and the traceback "
                                "of an unexpected error.")(command)
    return click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=set_level,
                        help="No progress and no summary: only errors and problem lines.")(command)


def _progress_hidden() -> bool:
    """No progress bar with --quiet or when stderr is not a terminal (a log file gets no bar)."""
    return term.quiet or not err.is_terminal


class _Main(click.Group):
    """The command group; outside text in click's own errors is made inert, and an unexpected
    exception is one error line (its traceback with --verbose), never a raw traceback."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        term.reset()
        try:
            super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            # A file name in "Invalid value for FILE" is outside text like any other.
            exc.message = plain(exc.message)
            if getattr(exc, "ui_filename", None):
                exc.ui_filename = plain(exc.ui_filename)
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            # Ctrl-C outside a build (at a prompt, in geoparse before it starts): nothing was written.
            _interrupted()
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:  # noqa: BLE001 - the last line of defence, see the docstring
            import traceback

            term.detail("".join(traceback.format_exception(exc)))
            term.error(f"unexpected {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
                       + ("" if term.verbose else " (a bug; run again with --verbose for the traceback)"))
            sys.exit(EXIT_ERROR)
        sys.exit(EXIT_OK)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="briefmap")
@_verbosity
def main() -> None:
    """briefmap - turn a folder of news articles into an offline briefing map.

    \b
    Commands:
      build     read articles, resolve places and claims, write the map
      png       export the map and each story step as 1920x1080 PNG slides
      slides    make the editable PowerPoint deck (map, story steps, findings, notes)
      geoparse  find and resolve places in JSON Lines documents
      eval      score geoparsing on the LGL benchmark (both modes)
    \b
    Every command takes -q/--quiet (only errors and problem lines) and
    -v/--verbose (also library warnings and tracebacks). Outside text
    (file names, titles, article text) is printed with control characters
    escaped and never as markup.
    \b
    Example:
      briefmap build seeds -o maps/briefing.html
      briefmap png maps/briefing.html -o maps/slides
      briefmap slides seeds --pptx maps/briefing.pptx
    Run "briefmap COMMAND --help" for each command's manual.
    """


@main.command()
@click.argument("folder", default="seeds", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", default=Path("maps/briefing.html"), type=click.Path(path_type=Path),
              show_default=True,
              help="HTML map to write; the .geojson, .gpkg, .csv, .xlsx, .kml and .kmz files go beside it.")
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
@_verbosity
@_interruptible
def build(folder: Path, output: Path, title: str, strict: bool, workers: int, scheduler: str | None,
          no_cache: bool, cache_dir: Path | None, geocoder: str | None,
          geocoder_domain: str | None, geocoder_scheme: str | None, geocoder_budget: float,
          geocoder_timeout: float, geocoder_retries: int, geocoder_delay: float, png_dir: Path | None,
          watch: bool) -> None:
    """Build the briefing map from the articles in FOLDER.

    \b
    Reads every .txt, .md, .html, .pdf and .docx file in FOLDER (compilations are split
    into their articles), finds place mentions, resolves them offline against
    GeoNames and the curated sites file, extracts the claims made about each
    place with source, date, attribution and status, sorts them into layers,
    and writes:
      OUTPUT                  the map (opens with no network)
      OUTPUT.geojson          one feature per claim at a place, visits as lines
      OUTPUT.gpkg             the same as a GeoPackage, one table per layer
      OUTPUT.unresolved.csv   every mention that could not be placed, and why
      OUTPUT.findings.csv,    a row per finding, a row per sentence behind it
      OUTPUT.claims.csv
      OUTPUT.xlsx             both tables as a workbook (typed dates)
      OUTPUT.kml, .kmz        for Google Earth: a folder per layer, time spans
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
    outputs left intact; a signal during the summary, once the outputs are
    in place, keeps the status 0 or 3).

    \b
    Examples:
      briefmap build seeds -o maps/briefing.html
      briefmap build archive/ -o out/archive.html --workers 2
      briefmap build archive/ -o out/archive.html --scheduler tcp://10.0.0.5:8786
    """
    if watch:
        _watch(folder, output)
    _fewer_collections()
    from geo.build.analysis import Execution
    from geo.build.corpus import analyse, layer_counts
    from geo.interrupts import check as check_interrupted
    from geo.present.outputs import (
        OutputError,
        check_outputs,
        output_cache_dir,
        outputs_for,
        prepare_outputs,
        write_outputs,
    )
    from geo.read.documents import DocumentError

    try:
        check_outputs(outputs_for(output))    # before the analysis writes its cache
    except OutputError as exc:
        term.error(f"{exc}; nothing written")
        sys.exit(EXIT_ERROR)
    online = None
    if geocoder:
        online = _online(geocoder, geocoder_domain, geocoder_scheme, geocoder_budget, geocoder_timeout,
                         geocoder_retries, geocoder_delay)

    # markup=False: the description names a document, and document names are outside text.
    progress = Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err, disable=_progress_hidden(), transient=True)
    try:
        with progress:
            task = progress.add_task("Reading articles", total=None)

            def advance(doc_id: str, n: int) -> None:
                progress.update(task, description=f"Analysing {plain(doc_id)[:80]}", advance=n)

            # The articles are analysed in another process (background=True) while
            # this one imports the map and GeoPackage writers: two cores, half the wait.
            result = analyse(folder, progress=advance, cache_dir=cache_dir, use_cache=not no_cache,
                             execution=Execution(workers=workers, scheduler=scheduler, background=True),
                             online=online, meanwhile=prepare_outputs)
            check_interrupted()
    except DocumentError as exc:
        term.error(exc)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        _interrupted()
    _report_analysis(result, folder)
    if strict and result.problems:
        term.error(f"{len(result.problems)} problem(s) and --strict is set; nothing written")
        sys.exit(EXIT_ERROR)
    with _writing(output, "; previous outputs left intact"):
        paths = write_outputs(result, output, title=title, cache_dir=output_cache_dir(cache_dir, not no_cache))
    status = EXIT_SKIPPED if result.problems else EXIT_OK
    _State.committed = status          # from here a stop signal cannot undo the build
    if not term.quiet:
        _summary(result, layer_counts(result), paths)
    if png_dir is not None:
        _State.committed = None
        try:
            _export_pngs(output, png_dir)
        except KeyboardInterrupt:
            term.line("interrupted:", "red", f"PNG export stopped; the map outputs were written to {output.parent}")
            _exit_now(EXIT_INTERRUPTED)
    sys.exit(status)


# The young generation's size before the cyclic collector runs (Python's default is 700).
_GC_YOUNG = 50_000


def _fewer_collections() -> None:
    """Run the cyclic garbage collector less often in ``briefmap build``'s process (and the
    workers it forks): a build holds its findings and features to the end and frees almost all
    its garbage by reference counting, and each pass walked what it holds. A 1,000-article
    rebuild ran it 522 times (three full passes), 0.28 of the parent's 5.4 s of CPU; with a
    young generation of 50,000 objects, 37 times and 0.15 s (``gc.callbacks``, one process). The
    garbage left for it is at most that many objects; the outputs are the same."""
    import gc

    gc.set_threshold(_GC_YOUNG, *gc.get_threshold()[1:])


def run() -> None:
    """``python -m geo``: :func:`main`, then the process ends without tearing the interpreter down.

    Python frees every object still alive when it exits; a build holds its corpus's findings,
    features and documents to the end, and freeing them one by one cost a 1,000-article rebuild
    0.2 s of CPU (4.82 -> 4.56-4.64 s, the process tree, alternating). The exit handlers still run
    (temporary folders, worker pools) and the streams are flushed first; only the freeing is
    skipped. In a process that goes on (tests, a notebook), :func:`main` is called instead."""
    import atexit
    import os

    try:
        main(prog_name="briefmap")
        code = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)        # sys.exit("message"): the message, status 1
        code = 1
    atexit._run_exitfuncs()
    if "logging" in sys.modules:
        sys.modules["logging"].shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):       # a closed pipe: nothing more to say there
            pass
    os._exit(code)


def _watch(folder: Path, output: Path) -> None:
    """--watch: the same command without --watch, now and after each change of the folder."""
    import subprocess

    from geo.build.watch import watch
    from geo.present.outputs import outputs_for

    command = [sys.executable, "-m", "geo", *[a for a in sys.argv[1:] if a != "--watch"]]

    def rebuild() -> None:
        code = subprocess.call(command)
        term.line("watching", "dim", f"{folder} (exit {code}); Ctrl-C stops")

    rebuild()
    try:
        watch(folder, rebuild, ignore=outputs_for(output).values())
    except KeyboardInterrupt:
        sys.exit(0)


def _online(service, domain, scheme, budget, timeout, retries, delay):
    """The online geocoder for --geocoder (uses the offline gazetteer for its fallback)."""
    from geo.places.gazetteer import Gazetteer
    from geo.places.online import OnlineResolver

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
    from geo.present.slides import SlidesError, export_pngs

    try:
        written = export_pngs(html, out, steps=steps, scale=scale)
    except SlidesError as exc:
        term.error(exc)
        sys.exit(EXIT_ERROR)
    term.note(f"wrote {len(written)} PNG slides to {out}")


@main.command()
@click.argument("html", default=Path("maps/briefing.html"), type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", default=None, type=click.Path(path_type=Path),
              help="Folder for the PNGs  [default: HTML's folder/slides]")
@click.option("--no-steps", is_flag=True, help="Only the overview, no story steps.")
@click.option("--scale", default=1.0, show_default=True, type=click.FloatRange(0.1, 2.0),
              help="Resize the images (the layout stays 1920x1080): 0.6667 gives 1280x720.")
@_verbosity
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


@main.command()
@click.argument("folder", default="seeds", type=click.Path(path_type=Path))
@click.option("--pptx", "pptx", default=None, type=click.Path(path_type=Path),
              help="Write the editable PowerPoint deck here (e.g. maps/briefing.pptx).")
@click.option("--png", "png_dir", default=None, type=click.Path(path_type=Path),
              help="Also keep the PNG slides (overview.png, step-01.png ...) in this folder.")
@click.option("--title", default=None,
              help="Deck and map title [default: as briefmap build: briefing.yaml's, else from the articles].")
@click.option("--no-cache", is_flag=True, help="Re-analyse every document instead of reusing unchanged ones.")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              help="Where per-document results are cached (as for briefmap build).")
@_verbosity
@_interruptible
def slides(folder: Path, pptx: Path | None, png_dir: Path | None, title: str | None, no_cache: bool,
           cache_dir: Path | None) -> None:
    """Make the briefing's slide deck from the articles in FOLDER.

    \b
    Analyses FOLDER as "briefmap build" does (unchanged articles come from
    the cache), renders the same map, photographs the overview and every
    story step in headless Chromium (networking off) and writes --pptx, an
    editable PowerPoint deck:
      a title slide             the briefing's title and its articles' dates
      the overview              the whole map and the layer key
      a slide per story step    its map, its narration, its key findings
                                with status and sources
      the sources               the outlets and their articles
    Every slide's speaker notes hold the full text: each finding's sentences
    with stance, outlet, date, attribution and link. Needs Debian's chromium
    and chromium-driver (see "briefmap png").

    \b
    Exit status: 0 success; 1 error, nothing written (no articles, a bad
    briefing.yaml, no browser, cannot write); 2 neither --pptx nor --png;
    3 written, but something in FOLDER was skipped (named on stderr);
    130 interrupted.

    \b
    Example:
      briefmap slides seeds --pptx maps/briefing.pptx
      briefmap slides seeds --pptx out/deck.pptx --png out/slides
    """
    from geo.build.corpus import analyse
    from geo.present.slides import SlidesError, export_deck
    from geo.read.documents import DocumentError

    if pptx is None and png_dir is None:
        raise click.UsageError("nothing to write: give --pptx DECK.pptx (and/or --png DIR)")
    try:
        result = analyse(folder, cache_dir=cache_dir, use_cache=not no_cache)
    except DocumentError as exc:
        term.error(exc)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        _interrupted()
    _report_analysis(result, folder)
    import tempfile

    with _writing(pptx or png_dir, refused=(SlidesError,)):
        if pptx is not None:
            export_deck(result, pptx, title=title, png_dir=png_dir)
            term.note(f"wrote {pptx}" + (f" and its PNG slides in {png_dir}" if png_dir else ""))
        else:
            from geo.present.outputs import map_page

            with tempfile.TemporaryDirectory(prefix="briefmap-png-") as tmp:
                html = Path(tmp) / "map.html"
                html.write_text(map_page(result, title=title).html, encoding="utf-8")
                _export_pngs(html, png_dir)
    sys.exit(EXIT_SKIPPED if result.problems else EXIT_OK)


@contextlib.contextmanager
def _writing(target, after: str = "", refused: tuple = ()):
    """Writing outputs: a bad briefing.yaml (or another of ``refused``) or a write that fails
    is one error line and exit 1; an interruption exits 130."""
    from geo.present.story import BriefingError

    try:
        yield
    except (BriefingError, *refused) as exc:
        term.error(exc)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        _interrupted()
    except OSError as exc:
        term.error(f"cannot write {target}: {exc.strerror or exc}{after}")
        sys.exit(EXIT_ERROR)


def _report_analysis(result, folder: Path) -> None:
    """Each skipped input and note on its own line; no article at all is an error (exit 1)."""
    for problem in result.problems:
        term.skipped(problem)
    for note in () if term.quiet else getattr(result, "notes", ()):
        term.line("note:", "cyan", note)         # what was read but not fully used: not a problem
    if not result.documents:
        term.error(f"{folder}: no article to build from (.txt, .md, .html, .pdf, .docx); nothing written")
        sys.exit(EXIT_ERROR)


def _cpus() -> int:
    from geo.build.analysis import default_workers

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
@_verbosity
def geoparse(file, output, no_focus_fallback: bool, processes: int) -> None:
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
    line on stderr); 1 the input or output cannot be opened; 130
    interrupted by Ctrl-C, SIGTERM or SIGHUP (the output holds the lines
    finished so far).

    \b
    Example:
      echo '{"id": 1, "text": "Flooding hit Paris, Texas and Lamar County."}' | briefmap geoparse
      briefmap geoparse docs.jsonl -o places.jsonl -j 2
    """
    import time

    from geo.build.geoparse import Geoparser, geoparse_jsonl
    from geo.interrupts import stop_signals

    started = time.perf_counter()
    parser = Geoparser(focus_fallback=not no_focus_fallback)
    progress = Progress(TextColumn("{task.description}"), TextColumn("{task.completed:,} words"),
                        TimeElapsedColumn(), console=err, disable=_progress_hidden(), transient=True)
    try:
        with stop_signals(), progress:
            task = progress.add_task("Geoparsing", total=None)
            stats = geoparse_jsonl(file, output, parser, n_process=processes,
                                   progress=lambda words: progress.update(task, advance=words))
    except (ValueError, OSError) as exc:
        term.error(" ".join(str(exc).split()))
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        # The output is a stream: what was written stays (whole lines, in input order).
        term.line("interrupted:", "red", "stopped; the output holds the lines finished so far")
        _exit_now(EXIT_INTERRUPTED)
    seconds = time.perf_counter() - started
    failed = stats["failed"]
    # A huge bad input would flood the terminal: every failure is in the output anyway.
    shown = failed if term.verbose else failed[:MAX_PROBLEM_LINES]
    for doc_id, problem in shown:
        term.skipped(f"id {json.dumps(doc_id, ensure_ascii=False)}: {problem}")
    if len(failed) > len(shown):
        term.skipped(f"... and {len(failed) - len(shown)} more (see their \"error\" lines in the output, "
                     "or run with --verbose)")
    term.note(f"briefmap geoparse: {stats['documents']} documents, {stats['words']:,} words, "
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
@_verbosity
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
    from geo.evaluation.geoparsing import DEFAULT_LGL, run_benchmark

    path = path or DEFAULT_LGL
    if roles:
        _eval_roles(relocar, path, limit, json_out)
        return
    if not Path(path).exists():
        term.error(f"{path} not found (LGL lives in ../shared/bench)")
        sys.exit(EXIT_ERROR)
    run_benchmark(path, limit=limit, mode=mode, detectors=detectors, focus_fallback=not no_focus_fallback,
                  n_process=processes, misses=misses, json_out=json_out,
                  console=Console(stderr=True, quiet=True) if term.quiet else err)


def _eval_roles(relocar, lgl, limit, json_out) -> None:
    from geo.training import roles as rt

    relocar = relocar or rt.RELOCAR
    if not Path(relocar).exists():
        term.error(f"{relocar} not found (ReLocaR's training half lives in ../shared/bench)")
        sys.exit(EXIT_ERROR)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        term.error("--roles needs scikit-learn: pip install -e '.[test]'")
        sys.exit(EXIT_ERROR)
    status = Console(stderr=True, quiet=True) if term.quiet else err
    with status.status("scoring the role model (10-fold cross validation, then LGL by role)"):
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
    out.print(f"role model speed: {report['words_per_s']:,} sentence words per CPU second (one mention a sentence, "
              "32 sentences a batch, one process, the dependency parse of the unsure ones included)")
    share = report["cv_relocar_train"].get("parse_unsure_share")
    if share is not None:
        out.print(f"the words model was unsure of {share:.0%} of ReLocaR's mentions in CV: those were judged from a parse")
    for role, s in report.get("lgl_by_role", {}).items():
        out.print(f"LGL names given, {role} toponyms: {s['toponyms']:,}, {s['acc161']:.1%} within 161 km")
    if json_out:
        Path(json_out).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


def _exit_now(status: int) -> None:
    """Exit at once: nothing is left to do, and the interpreter's own shutdown (joining
    the worker pool's threads) could itself be interrupted by a second signal, ending the
    process by SIGINT instead of the exit status the README promises. Workers die with us."""
    import os

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):   # a closed pipe: the status still counts
        pass
    os._exit(status)


def _interrupted() -> None:
    """Ctrl-C, SIGTERM or SIGHUP before anything was committed: exit 130."""
    term.line("interrupted:", "red", "nothing written, previous outputs left intact")
    _exit_now(EXIT_INTERRUPTED)


def _summary(result, counts: dict[str, int], paths) -> None:
    """The summary table; layer titles and paths are outside text, so every cell is a plain Text."""
    found = result.counts
    table = Table(title="briefmap build", show_header=False, box=None, pad_edge=False)

    def row(label: str, value: str) -> None:
        table.add_row(Text(plain(label)), Text(plain(value)))

    row("documents", f"{len(result.documents)} ({len({d.path for d in result.documents})} files, "
                     f"{len(result.problems)} skipped, {result.reused} unchanged since last build)")
    row("mentions", f"{found.mentions} ({found.resolved} resolved)")
    row("places", str(found.places))
    titles = {layer["id"]: layer["title"] for layer in result.layers}
    for layer, count in counts.items():
        row(f"  {titles.get(layer, layer)}", str(count))
    row("unresolved", f"{len(result.unresolved)} (see {paths[3].name})")
    row("time", f"{result.seconds:.1f} s")
    row("wrote", ", ".join(str(p) for p in paths))
    if term.hidden and not term.verbose:
        row("details", f"{term.hidden} library warning(s) not shown; --verbose shows them")
    err.print(table)


if __name__ == "__main__":
    main()
