"""Score the resolver (and optionally a mention finder) on the LGL corpus.

LGL (Lieberman et al. 2010; XML edition of Gritta et al. 2018) is read from
``../shared/bench/lgl.xml``; it is never copied into the project.

Metrics, over gold toponyms that carry a ``<gaztag>`` (the others have no gold point):

* acc@161: share of toponyms whose predicted point is within 161 km (100 miles) of gold;
* mean / median error in km (great-circle);
* AUC (Gritta et al. 2018): each error scaled ln(1 + km) / ln(20039), sorted, area under
  the curve with the trapezoid rule over a 0..1 x-axis (lower is better, 0 is perfect);
* exact: predicted GeoNames id equals the gold one;
* words/s: words of article text per second of resolution (or of geoparsing, end to end).

An unresolved toponym counts as the maximum error, 20039 km (half the Earth's
circumference), so leaving a name unresolved is never better than a wrong guess.

End to end (``end_to_end=True``) the caller passes ``find_mentions(text) -> [Mention]``;
toponym precision/recall/F1 use overlap matching (a predicted span matches a gold span
if they share any character; each gold span is matched at most once) and the distance
metrics are computed on the matched pairs.

Example::

    >>> report = evaluate(limit=20)          # doctest: +SKIP
    >>> round(report["acc161"], 2)           # doctest: +SKIP
    0.9
"""
from __future__ import annotations

import math
import statistics
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from geo.datafiles import REPO
from geo.model import Mention, Resolution
from geo.places.distance import haversine_km

MAX_KM = 20039.0
DEFAULT_LGL = REPO.parent / "shared" / "bench" / "lgl.xml"


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    fcode: str = ""
    name: str = ""


@dataclass(frozen=True)
class Article:
    docid: str
    title: str
    text: str
    toponyms: tuple[GoldToponym, ...] = field(default_factory=tuple)
    url: str = ""           # where it was published (evidence for the resolver, as in ``briefmap geoparse``)


def read_lgl(path: str | Path = DEFAULT_LGL, limit: int | None = None) -> Iterator[Article]:
    """Yield LGL articles with their gold toponyms."""
    root = ET.parse(str(path)).getroot()
    for n, art in enumerate(root.iter("article")):
        if limit is not None and n >= limit:
            break
        tops = []
        for t in art.iter("toponym"):
            g = t.find("gaztag")
            gid = lat = lon = None
            fcode = gname = ""
            if g is not None:
                gid = int(g.get("geonameid")) if g.get("geonameid") else None
                lat = float(g.findtext("lat")) if g.findtext("lat") else None
                lon = float(g.findtext("lon")) if g.findtext("lon") else None
                fcode, gname = g.findtext("fcode") or "", g.findtext("name") or ""
            tops.append(GoldToponym(int(t.findtext("start")), int(t.findtext("end")), t.findtext("phrase") or "",
                                    gid, lat, lon, fcode, gname))
        yield Article(art.get("docid", str(n)), art.findtext("title") or "", art.findtext("text") or "", tuple(tops),
                      (art.findtext("url") or "").strip())


#: The fixed seed of the development / held-out split of LGL.
SPLIT_SEED = "briefmap-lgl-2026"


def half_of(docid: str, seed: str = SPLIT_SEED) -> str:
    """"dev" or "heldout": a fixed split by document id (a hash, so it does not depend on
    which other articles are read: ``--limit`` keeps every article in its half).

    >>> half_of("40450848"), half_of("40450848") == half_of("40450848")
    ('heldout', True)
    """
    import hashlib

    return "dev" if hashlib.sha256(f"{seed}:{docid}".encode()).digest()[0] % 2 == 0 else "heldout"


def split_articles(articles: Sequence["Article"]) -> tuple[list["Article"], list["Article"]]:
    """(development half, held-out half) of ``articles``, by :func:`half_of`."""
    dev = [a for a in articles if half_of(a.docid) == "dev"]
    return dev, [a for a in articles if half_of(a.docid) != "dev"]


km = haversine_km     # the scores' great-circle distance: the resolver's own


def auc(errors_km: Sequence[float]) -> float:
    """Gritta et al. (2018) AUC of error distances: lower is better.

    >>> auc([0.0, 0.0])
    0.0
    >>> round(auc([20039.0]), 3)
    1.0
    """
    if not errors_km:
        return 0.0
    scaled = sorted(math.log(1 + min(e, MAX_KM)) / math.log(MAX_KM) for e in errors_km)
    if len(scaled) == 1:
        return scaled[0]
    # trapezoid rule over an x-axis from 0 to 1 with len(scaled) - 1 equal steps
    area = sum((a + b) / 2 for a, b in zip(scaled, scaled[1:]))
    return area / (len(scaled) - 1)


def distance_metrics(errors: Sequence[float], exact: Sequence[bool]) -> dict:
    """acc@161, mean/median km, AUC and exact-id share of a list of errors."""
    n = len(errors)
    return {
        "n": n,
        "acc161": sum(e <= 161 for e in errors) / n if n else 0.0,
        "mean_km": statistics.fmean(errors) if n else 0.0,
        "median_km": statistics.median(errors) if n else 0.0,
        "auc": auc(errors),
        "exact": sum(exact) / n if n else 0.0,
    }


def _error(res: Resolution | None, gold: GoldToponym) -> tuple[float, bool]:
    if res is None or res.place is None:
        return MAX_KM, False
    p = res.place
    return km(p.lat, p.lon, gold.lat, gold.lon), (p.geonameid is not None and p.geonameid == gold.geonameid)


def evaluate(path: str | Path = DEFAULT_LGL, limit: int | None = None, gazetteer=None,
             end_to_end: bool = False, find_mentions: Callable[[str], list[Mention]] | None = None,
             resolver=None, keep_records: bool = False, focus_fallback: bool | None = None,
             parser=None, n_process: int = 1, progress: Callable[[int], None] | None = None) -> dict:
    """Run the benchmark; return a dict of metrics (and per-toponym records if asked).

    By default both modes go through :class:`geo.build.geoparse.Geoparser` (the code path of
    ``briefmap geoparse`` and ``briefmap build``): resolution only passes the gold spans,
    end to end lets the parser find the mentions (spaCy in batches, ``n_process``
    workers). ``find_mentions`` / ``resolver`` swap in other components for experiments.
    ``focus_fallback=None`` keeps the parser's default.
    """
    from geo.build.geoparse import Geoparser

    articles = list(read_lgl(path, limit))
    words = sum(len(a.text.split()) for a in articles)
    t0 = time.perf_counter()
    if find_mentions is not None or resolver is not None:
        from geo.places.gazetteer import Gazetteer
        from geo.places.resolve import resolve_mentions

        gaz = gazetteer or Gazetteer.open()
        resolve = resolver or resolve_mentions
        ff = bool(focus_fallback)
        if end_to_end and find_mentions is None:
            raise ValueError("end_to_end=True with a custom resolver needs find_mentions(text) -> list[Mention]")
        results = []
        for art in articles:
            mentions = (list(find_mentions(art.text)) if end_to_end else
                        [Mention(art.docid, t.start, t.end, t.phrase, "GPE", "gold") for t in art.toponyms])
            results.append(resolve(art.text, mentions, gaz, focus_fallback=ff))
            if progress:
                progress(len(art.text.split()))
    else:
        if parser is None:
            opts = {} if focus_fallback is None else {"focus_fallback": focus_fallback}
            parser = Geoparser(gazetteer, **opts)
        docs = [{"id": a.docid, "text": a.text, "url": a.url,
                 "spans": None if end_to_end else [[t.start, t.end] for t in a.toponyms]} for a in articles]
        results = [res for _, res in parser.parse_many(docs, n_process=n_process, progress=progress)]
        focus_fallback = parser.focus_fallback
    elapsed = time.perf_counter() - t0
    report = score(articles, results, end_to_end, keep_records)
    report.update(words=words, seconds=round(elapsed, 3), words_per_s=round(words / elapsed) if elapsed else 0,
                  focus_fallback=bool(focus_fallback), n_process=n_process)
    return report


def score(articles: Sequence[Article], results: Sequence[Sequence[Resolution]], end_to_end: bool,
          keep_records: bool = False) -> dict:
    """Metrics of per-article resolutions against the gold toponyms."""
    errors: list[float] = []
    exact: list[bool] = []
    records: list[dict] = []
    tp = fp = fn = 0
    unresolved = 0
    spurious: list[dict] = []
    for art, resolutions in zip(articles, results):
        if end_to_end:
            pairs, unmatched_pred, unmatched_gold = _match_spans(resolutions, art.toponyms)
            tp += len(pairs)
            fp += len(unmatched_pred)
            fn += len(unmatched_gold)
            if keep_records:
                spurious += [{"docid": art.docid, "kind": "false positive", "text": r.mention.text,
                              "detector": r.mention.detector, "label": r.mention.label} for r in unmatched_pred]
                spurious += [{"docid": art.docid, "kind": "missed", "text": g.phrase, "gold_fcode": g.fcode}
                             for g in unmatched_gold]
        else:
            pairs = list(zip(resolutions, art.toponyms))
        for res, gold in pairs:
            if gold.lat is None:
                continue
            e, ex = _error(res, gold)
            unresolved += res is None or res.place is None
            errors.append(e)
            exact.append(ex)
            if keep_records:
                records.append({"docid": art.docid, "phrase": gold.phrase, "gold_name": gold.name,
                                "gold_fcode": gold.fcode, "gold_id": gold.geonameid, "gold_lat": gold.lat,
                                "gold_lon": gold.lon, "error_km": round(e, 1),
                                "span": res.mention.text if res else None,
                                "detector": res.mention.detector if res else None,
                                "pred": res.place.name if res and res.place else None,
                                "pred_id": res.place.id if res and res.place else None,
                                "pred_kind": res.place.kind if res and res.place else None,
                                "pred_country": res.place.country if res and res.place else None,
                                "reason": res.reason if res else "", "confidence": res.confidence if res else 0})
    report = {"mode": "end_to_end" if end_to_end else "resolution_only", "articles": len(articles),
              **distance_metrics(errors, exact), "unresolved_counts_as_km": MAX_KM, "unresolved": unresolved,
              "fallback": sum(1 for r in records if "article focus" in r["reason"]) if keep_records else None}
    if end_to_end:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        report.update(precision=p, recall=r, f1=2 * p * r / (p + r) if p + r else 0.0, tp=tp, fp=fp, fn=fn)
    if keep_records:
        report["records"] = records
        if end_to_end:
            report["span_errors"] = spurious
    return report


def _match_spans(resolutions: Sequence[Resolution], gold: Sequence[GoldToponym]):
    """Overlap matching: each gold span pairs with the first unused predicted span that overlaps it."""
    used: set[int] = set()
    pairs = []
    for g in gold:
        for j, r in enumerate(resolutions):
            m = r.mention
            if j not in used and m.start < g.end and g.start < m.end:
                used.add(j)
                pairs.append((r, g))
                break
    matched = {id(g) for _, g in pairs}
    return pairs, [r for j, r in enumerate(resolutions) if j not in used], [g for g in gold if id(g) not in matched]


def miss_kinds(records: Sequence[dict], top: int = 10) -> list[tuple[str, int]]:
    """The most common kinds of miss (error > 161 km): gold feature code -> predicted kind, and how far."""
    c: Counter = Counter()
    for r in records:
        if r["error_km"] <= 161:
            continue
        if r["pred_kind"] is None:
            c[f"gold {r['gold_fcode'] or '?'} -> unresolved (not in gazetteer)"] += 1
            continue
        how = "near miss <1000 km" if r["error_km"] < 1000 else "far miss >=1000 km"
        c[f"gold {r['gold_fcode'] or '?'} -> {r['pred_kind']} ({how})"] += 1
    return c.most_common(top)


@dataclass
class Prepared:
    """One article made ready for the resolver: the gold spans as mentions, the finder's finds as context."""

    article: Article
    mentions: list
    context: list
    outlet: dict


def prepare(articles: Sequence[Article], parser, batch_size: int = 32,
            progress: Callable[[int], None] | None = None) -> list[Prepared]:
    """Names-given inputs of each article, found once (NER in batches) so the resolver can run many times."""
    out: list[Prepared] = []
    need_ner = parser.use_ner and parser.span_context
    for i in range(0, len(articles), batch_size):
        batch = list(articles[i:i + batch_size])
        if need_ner:
            from geo.language.nlp import parse_many

            sdocs = list(parse_many([a.text for a in batch], parser.gate, len(batch)))
        else:
            sdocs = [None] * len(batch)
        for a, sd in zip(batch, sdocs):
            ms, ctx = parser.mentions(a.text, [[t.start, t.end] for t in a.toponyms], a.docid, sd)
            ctx = ctx + parser.outlet_context(a.text, a.url, a.docid)
            out.append(Prepared(a, ms, ctx, parser.publication(a.url, None)))
            if progress:
                progress(len(a.text.split()))
    return out


def resolve_prepared(prepared: Sequence[Prepared], gazetteer, weights: dict | None = None,
                     focus_fallback: bool = True, context: bool = True, outlet: bool = True) -> list[list[Resolution]]:
    """Resolutions of prepared articles under ``weights`` (default: shipped), optionally without
    the whole-text context or the outlet evidence."""
    from geo.places.resolve import resolve_mentions

    return [resolve_mentions(p.article.text, p.mentions, gazetteer, focus_fallback=focus_fallback,
                             context=p.context if context else (), weights=weights,
                             outlet=p.outlet if outlet else None) for p in prepared]


def ablation(prepared: Sequence[Prepared], gazetteer, weights: dict | None = None,
             focus_fallback: bool = True) -> list[dict]:
    """What each signal adds: acc@161 with all evidence, then with each signal's weights set to 0
    (and without the whole-text context); ``delta`` is the loss in points of acc@161."""
    from geo.places import evidence as ev

    w = ev.shipped_weights() if weights is None else dict(weights)
    arts = [p.article for p in prepared]

    def acc(**kw) -> dict:
        return score(arts, resolve_prepared(prepared, gazetteer, focus_fallback=focus_fallback, **kw), False)

    full = acc(weights=w)
    rows = [{"evidence": "all evidence", "acc161": full["acc161"], "mean_km": full["mean_km"], "delta": 0.0}]
    variants = [(f"without {name}", {"weights": ev.without(w, name)}) for name in ev.SIGNALS]
    variants.append(("without whole-text context (only the given names)", {"weights": w, "context": False}))
    for label, kw in variants:
        r = acc(**kw)
        rows.append({"evidence": label, "acc161": r["acc161"], "mean_km": r["mean_km"],
                     "delta": round(100 * (full["acc161"] - r["acc161"]), 2)})
    return rows


def run_benchmark(path: str | Path = DEFAULT_LGL, *, limit: int | None = None, mode: str = "both",
                  detectors: bool = False, focus_fallback: bool = True, n_process: int | None = None,
                  misses: bool = False, json_out: str | Path | None = None, console=None, out=None,
                  ablate: bool = True) -> list[dict]:
    """``briefmap eval``: score both modes on LGL's development and held-out halves, print tables.

    The resolver's weights were fitted on the development half (:mod:`geo.training.resolver`),
    so only the held-out half's figures are honest; the dev half is shown to make the gap
    visible. With ``ablate``, names given, the held-out half is re-scored without each
    signal of :mod:`geo.places.evidence` (its weights set to 0) and without the whole-text context.
    Progress goes to ``console`` (stderr), the tables to ``out`` (stdout). Returns the reports.
    """
    import json

    from rich.console import Console
    from rich.progress import Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from geo.build.geoparse import Geoparser

    if n_process is None:
        from geo.build.analysis import default_workers

        n_process = default_workers()
    console = console or Console(stderr=True)
    out = out or Console(width=None if Console().is_terminal else 150)
    articles = list(read_lgl(path, limit))
    halves = dict(zip(("dev", "heldout"), split_articles(articles)))
    half_name = {"dev": "dev half (fitted on)", "heldout": "held-out half"}
    total_words = sum(len(a.text.split()) for a in articles)
    reports: list[dict] = []
    ablation_rows: list[dict] = []

    def progress_bar(label):
        return Progress(TextColumn(f"LGL {label}"), TextColumn("{task.completed:,}/{task.total:,} words"),
                        TimeElapsedColumn(), console=console, transient=True)

    def by_half(label, results_of, e2e, seconds, extra=None):
        for h, arts in halves.items():
            if not arts:
                continue
            rep = score(arts, [results_of[a.docid] for a in arts], e2e, keep_records=True)
            rep.update(label=f"{label}, {half_name[h]}", half=h, words=sum(len(a.text.split()) for a in arts),
                       words_per_s=round(total_words / seconds) if seconds else 0, focus_fallback=focus_fallback,
                       **(extra or {}))
            reports.append(rep)

    if mode in ("both", "resolution"):
        parser = Geoparser(focus_fallback=focus_fallback)
        with progress_bar("names given") as progress:
            task = progress.add_task("names given", total=total_words)
            t0 = time.perf_counter()
            prepared = prepare(articles, parser, progress=lambda w: progress.update(task, advance=w))
            results = resolve_prepared(prepared, parser.gazetteer, focus_fallback=focus_fallback)
            seconds = time.perf_counter() - t0
        by_half("names given", {p.article.docid: r for p, r in zip(prepared, results)}, False, seconds)
        if ablate and halves["heldout"]:
            held = [p for p in prepared if half_of(p.article.docid) == "heldout"]
            ablation_rows = ablation(held, parser.gazetteer, focus_fallback=focus_fallback)
    if mode in ("both", "end-to-end"):
        runs = [("end to end", {})]
        if detectors:
            runs += [("end to end, NER only", {"use_gazetteer": False, "use_patterns": False,
                                               "extra_detectors": False}),
                     ("end to end, NER + gazetteer matcher", {"extra_detectors": False}),
                     ("end to end, gazetteer matcher only", {"use_ner": False})]
        for label, opts in runs:
            parser = Geoparser(focus_fallback=focus_fallback, **opts)
            docs = [{"id": a.docid, "text": a.text, "url": a.url} for a in articles]
            with progress_bar(label) as progress:
                task = progress.add_task(label, total=total_words)
                t0 = time.perf_counter()
                results = {d["id"]: res for d, res in parser.parse_many(
                    docs, n_process=n_process, progress=lambda w: progress.update(task, advance=w))}
                seconds = time.perf_counter() - t0
            by_half(label, results, True, seconds, {"n_process": n_process})
    if reports:
        table = Table(title=f"LGL ({len(articles)} articles: {len(halves['dev'])} dev, {len(halves['heldout'])} "
                            f"held out; unresolved = {MAX_KM:,.0f} km; focus fallback "
                            f"{'on' if focus_fallback else 'off'}; resolver fitted on the dev half only)")
        for col in ("mode", "toponyms", "acc@161km", "mean km", "median km", "AUC", "exact id", "P", "R", "F1",
                    "words/s"):
            table.add_column(col, justify="right" if col != "mode" else "left")
        for r in reports:
            prf = [f"{r[k]:.3f}" for k in ("precision", "recall", "f1")] if "f1" in r else ["", "", ""]
            table.add_row(r["label"], f"{r['n']:,}", f"{r['acc161']:.1%}", f"{r['mean_km']:,.0f}",
                          f"{r['median_km']:.1f}", f"{r['auc']:.3f}", f"{r['exact']:.1%}", *prf,
                          f"{r['words_per_s']:,}")
        out.print(table)
    if ablation_rows:
        table = Table(title="Evidence ablation, names given, held-out half (each signal's weights set to 0)")
        for col in ("evidence", "acc@161km", "mean km", "points lost"):
            table.add_column(col, justify="right" if col != "evidence" else "left")
        for r in ablation_rows:
            table.add_row(r["evidence"], f"{r['acc161']:.1%}", f"{r['mean_km']:,.0f}",
                          "" if r["evidence"] == "all evidence" else f"{r['delta']:+.2f}")
        out.print(table)
        for r in reports:
            if r["half"] == "heldout" and r["mode"] == "resolution_only":
                r["ablation"] = ablation_rows
    if misses:
        for r in reports:
            if r["half"] != "heldout":
                continue
            out.print(f"[bold]Most common kinds of miss (>161 km), {r['label']}[/]")
            for k, n in miss_kinds(r["records"]):
                out.print(f"{n:5d}  {k}")
    if json_out:
        Path(json_out).write_text(json.dumps([{**{k: v for k, v in r.items() if k not in ("records", "span_errors")},
                                               "miss_kinds": miss_kinds(r["records"]),
                                               "misses": [x for x in r["records"] if x["error_km"] > 161],
                                               "span_errors": r.get("span_errors", [])} for r in reports],
                                             indent=1, ensure_ascii=False))
    return reports
