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

from .model import Mention, Resolution

MAX_KM = 20039.0
DEFAULT_LGL = Path(__file__).resolve().parents[1] / ".." / "shared" / "bench" / "lgl.xml"


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
        yield Article(art.get("docid", str(n)), art.findtext("title") or "", art.findtext("text") or "", tuple(tops))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


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
             resolver=None, keep_records: bool = False, focus_fallback: bool = False) -> dict:
    """Run the benchmark; return a dict of metrics (and per-toponym records if asked)."""
    from .gazetteer import Gazetteer
    from .resolve import resolve_document

    gaz = gazetteer or Gazetteer.open()
    resolver = resolver or resolve_document
    if end_to_end and find_mentions is None:
        raise ValueError("end_to_end=True needs find_mentions(text) -> list[Mention]")
    errors: list[float] = []
    exact: list[bool] = []
    records: list[dict] = []
    words = 0
    elapsed = 0.0
    tp = fp = fn = 0
    unresolved = 0
    n_articles = 0
    for art in read_lgl(path, limit):
        n_articles += 1
        words += len(art.text.split())
        t0 = time.perf_counter()
        if end_to_end:
            mentions = list(find_mentions(art.text))
        else:
            mentions = [Mention(doc_id=art.docid, start=t.start, end=t.end, text=art.text[t.start:t.end],
                                label="GPE", detector="gold") for t in art.toponyms]
        resolutions = (resolver(art.text, mentions, gaz, focus_fallback=True) if focus_fallback
                       else resolver(art.text, mentions, gaz))
        elapsed += time.perf_counter() - t0
        if end_to_end:
            pairs, unmatched_pred, unmatched_gold = _match_spans(resolutions, art.toponyms)
            tp += len(pairs)
            fp += unmatched_pred
            fn += unmatched_gold
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
                                "pred": res.place.name if res and res.place else None,
                                "pred_id": res.place.id if res and res.place else None,
                                "pred_kind": res.place.kind if res and res.place else None,
                                "pred_country": res.place.country if res and res.place else None,
                                "reason": res.reason if res else "", "confidence": res.confidence if res else 0})
    report = {"mode": "end_to_end" if end_to_end else "resolution_only", "articles": n_articles,
              "words": words, "seconds": round(elapsed, 3),
              "words_per_s": round(words / elapsed) if elapsed else 0,
              **distance_metrics(errors, exact),
              "unresolved_counts_as_km": MAX_KM, "focus_fallback": focus_fallback,
              "unresolved": unresolved}
    if end_to_end:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        report.update(precision=p, recall=r, f1=2 * p * r / (p + r) if p + r else 0.0, tp=tp, fp=fp, fn=fn)
    if keep_records:
        report["records"] = records
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
    return pairs, len(resolutions) - len(used), len(gold) - len(pairs)


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
