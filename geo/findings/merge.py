"""The same finding reported by several articles or sections becomes one, with every source.

Two findings are one when

* their sentences are the same or nearly (an op-ed copied into a blog, a wire story
  reprinted): Jaccard similarity of word trigrams >= ``COPY_SIMILARITY``; or
* they tell the same thing in other words about the same place on the same layer (the
  same report retold): at least ``SHARED_WORDS`` content words in common and Jaccard
  similarity of content words >= ``REPORT_SIMILARITY``, the words that most findings of
  that place and layer use not counting.

Candidates come from inverted indexes (trigram -> findings, content word -> findings
of a place and layer), so the work grows with the findings, not with their pairs.

>>> a = "Cuba agreed last year to host a Chinese listening station near Havana, officials said."
>>> b = "Cuba agreed last year to host a Chinese listening station near Havana, U.S. officials said."
>>> round(jaccard(trigrams(a), trigrams(b)), 2) >= COPY_SIMILARITY
True
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from datetime import date
from typing import Mapping, Sequence

from geo.findings.assemble import finding_status
from geo.model import Document, Finding

COPY_SIMILARITY = 0.6
REPORT_SIMILARITY = 0.3
SHARED_WORDS = 4
# A trigram or word that many findings share says nothing about which are the same.
MAX_POSTING = 200
COMMON_SHARE = 0.5
COMMON_MIN = 8
CONTENT_LEN = 5
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def trigrams(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i:i + 3]) for i in range(max(1, len(w) - 2))}


def content(text: str) -> set[str]:
    return {w for w in words(text) if len(w) >= CONTENT_LEN and not w.isdigit()}


def _gram_ids(texts) -> list[frozenset[int]]:
    """Each text's word trigrams as numbers, one number per distinct trigram across ``texts``.

    The same similarities as :func:`trigrams` (a trigram and its number are one to one),
    in a fraction of the memory: a set of tuples of fresh strings per finding took 117 MB
    for 22,662 findings, held while the whole corpus's findings were merged.
    """
    ids: dict[tuple[str, ...], int] = {}
    return [frozenset([ids.setdefault(t, len(ids)) for t in trigrams(text)]) for text in texts]


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


class _Union:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def merge_findings(findings: Sequence[Finding], layer_order: Sequence[str] = (),
                   context: str = "context", documents: Mapping[str, Document] | None = None) -> list[Finding]:
    """Findings with copies and retellings merged, in the order of their first source.
    Retellings are not looked for on the background layer ``context`` (the layer file's
    ``role: context``): what shares its words there shares no subject.

    With ``documents`` (id -> Document), a merged finding is represented by its original:
    a copy whose outlet is known before one whose outlet no text or sidecar states (a blog
    quoting an op-ed is not the op-ed), then the earliest published, then the first read."""
    n = len(findings)
    union = _Union(n)
    grams = _gram_ids(f.sources[0].sentence for f in findings)
    # Copies merge only at the same locus (_may_merge): candidates come from postings per
    # locus, while a trigram's commonness (MAX_POSTING) is still counted over all findings.
    counts: dict[int, int] = defaultdict(int)
    for g in grams:
        for t in g:
            counts[t] += 1
    loci = [f.locus.id if f.locus else None for f in findings]
    sentences = [(f.sources[0].doc_id, f.sources[0].sent_start) for f in findings]
    # The same sentence at the same locus is one copy whatever else differs: joined at once,
    # and only its first finding takes part in the pairwise search below (the pairs it would
    # test for the others give the same answers). Exact, and copies are most of the pairs.
    first_of: dict[tuple, int] = {}
    searched = []
    for i, f in enumerate(findings):
        j = first_of.setdefault((loci[i], f.sources[0].sentence), i)
        if j == i:
            searched.append(i)
        elif sentences[i] != sentences[j]:
            union.join(j, i)
        else:                     # one sentence's findings are never joined directly: search it too
            searched.append(i)
    del first_of
    wanted = set(searched)
    for i in range(n):            # the copies joined above are done with
        if i not in wanted:
            grams[i] = frozenset()
    postings: dict[str | None, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i in searched:
        at = postings[loci[i]]
        for t in grams[i]:
            at[t].append(i)
    for i in searched:
        g = grams[i]
        seen: set[int] = set()
        at = postings[loci[i]]
        for t in g:
            if counts[t] > MAX_POSTING:
                continue
            for j in at[t]:
                if j > i and j not in seen:
                    seen.add(j)
                    if sentences[i] != sentences[j] and jaccard(g, grams[j]) >= COPY_SIMILARITY:
                        union.join(i, j)
    del grams, postings, counts
    _merge_retellings(findings, union, context)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[union.find(i)].append(i)
    rank = {layer: k for k, layer in enumerate(layer_order)}
    merged = []
    for _, members in sorted(groups.items()):
        group = [findings[i] for i in members]
        if documents is not None and len(group) > 1:
            group.sort(key=lambda f: _originality(f, documents))
        merged.append(_combine(group, rank))
    return merged


def _originality(finding: Finding, documents: Mapping[str, Document]) -> tuple:
    doc = documents.get(finding.sources[0].doc_id)
    if doc is None:
        return (True, date.max)
    return (not doc.outlet, doc.published or date.max)


def _merge_retellings(findings: Sequence[Finding], union: _Union, context: str = "context") -> None:
    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        if f.locus is not None and f.layer != context:
            buckets[(f.locus.id, f.layer)].append(i)
    for members in buckets.values():
        if len(members) < 2:
            continue
        bags = {i: content(findings[i].sources[0].sentence) for i in members}
        df: dict[str, int] = defaultdict(int)
        for bag in bags.values():
            for w in bag:
                df[w] += 1
        # In a handful of findings, the words a retelling shares with its report ("training",
        # "military") are also in the others: only a larger bucket tells a topic word from them.
        common = {w for w, k in df.items() if len(members) >= COMMON_MIN and k > COMMON_SHARE * len(members)}
        index: dict[str, list[int]] = defaultdict(list)
        for i in members:
            bags[i] -= common
            for w in bags[i]:
                index[w].append(i)
        for i in members:
            shared: dict[int, int] = defaultdict(int)
            for w in bags[i]:
                if len(index[w]) <= MAX_POSTING:
                    for j in index[w]:
                        if j > i:
                            shared[j] += 1
            for j, k in shared.items():
                if (k >= SHARED_WORDS and _may_merge(findings[i], findings[j])
                        and jaccard(bags[i], bags[j]) >= REPORT_SIMILARITY):
                    union.join(i, j)


def _may_merge(a: Finding, b: Finding) -> bool:
    """Copies merge only at the same locus, and never two findings of one sentence (its sites)."""
    same_sentence = (a.sources[0].doc_id, a.sources[0].sent_start) == (b.sources[0].doc_id, b.sources[0].sent_start)
    return not same_sentence and (a.locus.id if a.locus else None) == (b.locus.id if b.locus else None)


def _combine(group: list[Finding], rank: dict[str, int]) -> Finding:
    if len(group) == 1:
        return group[0]
    first = group[0]
    sources, seen = [], set()
    for f in group:
        for s in f.sources:
            key = (s.doc_id, s.sent_start)
            if key not in seen:
                seen.add(key)
                sources.append(s)
    actors = tuple(dict.fromkeys(a for f in group for a in f.actors))
    places = tuple(dict.fromkeys(c for f in group for c in f.places))
    # The layer most specific to the finding (earliest in the layer file) that any copy got.
    layered = min(group, key=lambda f: (rank.get(f.layer, len(rank)), group.index(f)))
    status, evidence = finding_status(sources)
    return replace(first, layer=layered.layer, layer_rule=layered.layer_rule, actors=actors, places=places,
                   sources=tuple(sources), status=status, status_evidence=evidence)
