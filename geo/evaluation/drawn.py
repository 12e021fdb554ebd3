"""What the map draws on real news: the share of drawn place mentions that are real places, used
literally, and placed within 161 km of the place meant (``scripts/eval_drawn.py``).

A *drawn* mention is one the build resolves to a point: the same finder, roles and resolver as
``briefmap build`` (:class:`geo.build.geoparse.Geoparser` with the focus fallback off, so no
guessed point is drawn). The articles are public news read in place (LGL, never copied into the
project), taken from the half of LGL no model was fitted on (:func:`select_articles`); the
project stores only hand labels keyed by document id and character offsets
(``training/drawn/lgl_labels.tsv``):

* ``place``: ``y`` when the span names a place in its context (not a team, paper, person, firm);
* ``literal``: ``y`` when the place itself is meant (where something is or happens), ``n`` when it
  stands for a government, people, team or event, or modifies another noun (ReLocaR's guidelines);
* ``near``: ``y`` when the drawn point is within 161 km of the place the article means;
* ``drawn``: ``n`` marks a literal place of the article the tool did not draw (for recall).

>>> rows = [Label("1", 0, 5, "Paris", True, True, True, True), Label("1", 9, 14, "Tulsa", False, None, None, True)]
>>> s = shares(rows)
>>> s["real_places"]["share"], s["literal"]["share"], s["within_161km"]["share"]
(0.5, 0.5, 0.5)
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence

from geo.datafiles import REPO
from geo.evaluation.geoparsing import Article, half_of, km

LABELS = REPO / "training" / "drawn" / "lgl_labels.tsv"
SELECT_SEED = "briefmap-drawn-14"
N_ARTICLES = 30
# The labelled samples: (first, last) articles in the hash order, and their labels. The second was
# labelled later (issue 14's second pass), the next 20 in the same order: never tuned on (it stays
# blind). The third, the next 30, was labelled 2026-12-03 against main at commit bc4e325 for the map
# view, as a new tuning sample.
SAMPLES = {"first": (0, N_ARTICLES, LABELS),
           "second": (N_ARTICLES, N_ARTICLES + 20, REPO / "training" / "drawn" / "lgl_labels_second.tsv"),
           "third": (N_ARTICLES + 20, N_ARTICLES + 50, REPO / "training" / "drawn" / "lgl_labels_third.tsv")}
COLUMNS = ("docid", "start", "end", "text", "drawn", "place", "literal", "near", "note")


@dataclass(frozen=True)
class Label:
    docid: str
    start: int
    end: int
    text: str
    place: bool
    literal: bool | None       # None: not a place
    near: bool | None          # None: not drawn or not a place
    drawn: bool = True
    note: str = ""


def select_articles(articles: Iterable[Article], n: int = N_ARTICLES, seed: str = SELECT_SEED) -> list[Article]:
    """``n`` articles of LGL's held-out half, in the order of a hash of the seed and the id (fixed,
    whatever else is read)."""
    held = [a for a in articles if half_of(a.docid) != "dev"]
    held.sort(key=lambda a: hashlib.sha256(f"{seed}:{a.docid}".encode("utf-8")).hexdigest())
    return held[:n]


def sample_articles(articles: Iterable[Article], sample: str = "first") -> list[Article]:
    """The articles of one labelled sample (:data:`SAMPLES`)."""
    first, last, _ = SAMPLES[sample]
    return select_articles(articles, last)[first:]


def drawn_mentions(parser, article: Article) -> list[dict]:
    """The mentions the build would draw for ``article`` (resolved to a point)."""
    out = []
    for r in parser.resolutions(article.text, doc_id=article.docid, url=article.url or None):
        if r.place is None:
            continue
        out.append(_record(article.docid, r.mention, r.place))
    return out


def _record(docid: str, m, p, **extra) -> dict:
    """A drawn mention as the scorer and the labelling sheet read it."""
    return {"docid": docid, "start": m.start, "end": m.end, "text": m.text,
            "name": p.name, "kind": p.kind, "country": p.country or "", "lat": p.lat, "lon": p.lon,
            "role": m.role.role.value if m.role is not None else "literal", **extra}


def map_mentions(article: Article, registry=None, also_named: bool = True) -> list[dict]:
    """The mentions the map draws: each finding's locus, through the mentions of it, and (with
    ``also_named``) the places the findings name literally where the finding naming them is drawn
    elsewhere (the map's "Also named" dots, :mod:`geo.present.render.named`).

    :func:`drawn_mentions` counts every mention the resolver places; the map itself places a
    finding only at its locus (a literal place), so an actor's mention ("Beijing said") is
    resolved but not drawn. This is the whole build's analysis (names, roles, resolution,
    findings) on one article, as ``briefmap build`` runs it; relations between actors, drawn as
    lines rather than markers, are not counted.
    """
    from geo.build.analysis import AnalysisSpec, analyse_document
    from geo.findings.assemble import document_findings
    from geo.findings.features import finding_feature
    from geo.findings.layers import LayerRegistry
    from geo.model import Document
    from geo.present.render.named import named_places

    registry = registry or LayerRegistry.default()
    doc = Document(f"{article.docid}#0", article.docid, 0, article.text, url=article.url or "", language="en")
    analysis = analyse_document(doc, AnalysisSpec())
    findings, _ = document_findings(doc, analysis.claims, analysis.sentences, registry)
    out, seen = [], set()
    for f in findings:
        if f.locus is None:
            continue
        for c in f.places:
            m, p = c.mention, c.place
            key = (m.start, m.end)
            if p.id != f.locus.id or key in seen:
                continue
            seen.add(key)
            out.append(_record(article.docid, m, p, layer=f.layer))
    if also_named:
        named = {(c.mention.start, c.mention.end): c for f in findings for c in f.places}
        features = [finding_feature(f, {doc.id: doc}) for f in findings]
        for place in named_places(features):
            for _, start, end in place.mentions:
                c = named.get((start, end))
                if c is not None and (start, end) not in seen:
                    seen.add((start, end))
                    out.append(_record(article.docid, c.mention, c.place, layer="_named"))
    out.sort(key=lambda m: (m["start"], m["end"]))
    return out


def _flag(value: str, where: str) -> bool | None:
    v = value.strip().lower()
    if v in ("y", "yes"):
        return True
    if v in ("n", "no"):
        return False
    if v in ("", "-"):
        return None
    raise ValueError(f"{where}: expected y, n or - (got {value!r})")


def read_labels(path: Path = LABELS) -> list[Label]:
    """The hand labels; a malformed row is an error naming the file and line."""
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path.name}: header must be {' '.join(COLUMNS)}")
        for n, r in enumerate(reader, 2):
            where = f"{path.name}: row {n}"
            try:
                start, end = int(r["start"]), int(r["end"])
            except (TypeError, ValueError):
                raise ValueError(f"{where}: start and end must be integers") from None
            place = _flag(r["place"], where)
            if place is None:
                raise ValueError(f"{where}: place must be y or n")
            rows.append(Label(r["docid"], start, end, r["text"], place, _flag(r["literal"], where),
                              _flag(r["near"], where), _flag(r["drawn"], where) is not False, r.get("note") or ""))
    return rows


def _share(num: int, den: int) -> dict:
    return {"n": num, "of": den, "share": round(num / den, 4) if den else None}


def shares(labels: Sequence[Label]) -> dict:
    """The shares of drawn mentions that are real places, literal places and within 161 km, and
    the share of the articles' literal places that are drawn."""
    drawn = [x for x in labels if x.drawn]
    literal_places = [x for x in labels if x.place and x.literal]
    return {"drawn": len(drawn),
            "real_places": _share(sum(x.place for x in drawn), len(drawn)),
            "literal": _share(sum(bool(x.place and x.literal) for x in drawn), len(drawn)),
            "within_161km": _share(sum(bool(x.place and x.near) for x in drawn), len(drawn)),
            "within_161km_of_real_places": _share(sum(bool(x.near) for x in drawn if x.place),
                                                  sum(x.place for x in drawn)),
            "literal_places_drawn": _share(sum(x.drawn for x in literal_places), len(literal_places))}


def gold_near(labels: Sequence[Label], mentions: Sequence[dict], articles: Sequence[Article]) -> list[Label]:
    """The labels with ``near`` computed from LGL's gold point where the drawn mention is a gold
    toponym with coordinates (within 161 km of the tool's point *now*), the hand label elsewhere.

    A hand ``near`` was judged against the point the tool drew when it was labelled; a point the
    tool has since moved is scored by where it is, wherever LGL says where the place is.

    >>> from geo.evaluation.geoparsing import Article, GoldToponym
    >>> a = Article("1", "", "Paris", (GoldToponym(0, 5, "Paris", 2988507, 48.85, 2.35, "PPLC", "Paris"),))
    >>> [x.near for x in gold_near([Label("1", 0, 5, "Paris", True, True, False)],
    ...                            [{"docid": "1", "start": 0, "end": 5, "lat": 48.9, "lon": 2.3}], [a])]
    [True]
    """
    gold = {(a.docid, t.start, t.end): t for a in articles for t in a.toponyms if t.lat is not None}
    at = {(m["docid"], m["start"], m["end"]): m for m in mentions}
    out = []
    for x in labels:
        key = (x.docid, x.start, x.end)
        t, m = gold.get(key), at.get(key)
        if t is not None and m is not None and x.drawn and x.place:
            x = replace(x, near=km(m["lat"], m["lon"], t.lat, t.lon) <= 161)
        out.append(x)
    return out


def gold_check(labels: Sequence[Label], mentions: Sequence[dict], articles: Sequence[Article]) -> dict:
    """The hand ``near`` labels against LGL's own gold points, where a drawn mention is a gold
    toponym with coordinates: how often the two agree, and LGL's accuracy on those mentions."""
    gold = {(a.docid, t.start, t.end): t for a in articles for t in a.toponyms if t.lat is not None}
    by_key = {(x.docid, x.start, x.end): x for x in labels}
    agree = n = right = 0
    for m in mentions:
        t = gold.get((m["docid"], m["start"], m["end"]))
        x = by_key.get((m["docid"], m["start"], m["end"]))
        if t is None or x is None:
            continue
        n += 1
        near = km(m["lat"], m["lon"], t.lat, t.lon) <= 161
        right += near
        agree += near == bool(x.near)
    return {"gold_mentions": n, "hand_agrees_with_gold": _share(agree, n), "gold_within_161km": _share(right, n)}
