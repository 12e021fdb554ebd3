"""The same finding reported by several articles or sections becomes one, with every source.

Two findings are one when

* their sentences are the same or nearly (an op-ed copied into a blog, a wire story
  reprinted): Jaccard similarity of word trigrams >= ``COPY_SIMILARITY``; or
* they tell the same thing in other words about the same place on the same layer (the
  same report retold): at least ``SHARED_WORDS`` content words in common and Jaccard
  similarity of content words >= ``REPORT_SIMILARITY``, the words that most findings of
  that place and layer use not counting; or
* they are in two articles, about the same place on the same layer, and cite the same
  outlet ("According to the WSJ" and "a report published by the Wall Street Journal" are
  one outlet, by the alias table :func:`geo.read.outlets.outlets_named` reads; an article
  published by that outlet counts as citing it): then ``OUTLET_SHARED`` content words in
  common are enough, and each finding joins at most one finding of the other article (the
  one sharing most), so an article citing the outlet three times is not folded into one.

Content words are the sentence's words of ``CONTENT_LEN`` letters or more, cut to a
crude stem ("constructing" and "construction" meet), without the words that name the
finding's places, the outlets or the act of reporting ("according", "citing"): the place
is the same by construction and the outlet is evidence of its own, so neither may count
twice. The countries of the finding's actor places and of its literal places beyond the
locus's country count as one word each ("Beijing surveyed" and "Chinese engineers
surveyed" share China). A short retelling of a long sentence is similar by containment:
``CONTAINED`` of the smaller one's words in the other also passes ``REPORT_SIMILARITY``.

Measured with ``python scripts/eval_merge.py`` on pairs of articles written for it
(README, "Findings").

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
from geo.read.outlets import outlet_spans, outlets_named, profile_of

COPY_SIMILARITY = 0.6
REPORT_SIMILARITY = 0.3
SHARED_WORDS = 4
# A trigram or word that many findings share says nothing about which are the same.
MAX_POSTING = 200
COMMON_SHARE = 0.5
COMMON_MIN = 8
CONTENT_LEN = 5
OUTLET_SHARED = 2
CONTAINED = 0.75
STEM_LEN = 6
_WORD = re.compile(r"\w+")
# Words of reporting and sourcing: every retelling of a report has them, whatever it reports.
REPORTING = frozenset("""according report reported reports reporting citing cited quoting quoted sources source
official officials familiar matter claimed claims stated statement added people newspaper
published which their there these those where while about would could should after before
other since among into""".split())
_SUFFIX = re.compile(r"(?:ings|ing|ions|ion|ers|er|ed|es|s|e)$")


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


def stem(word: str) -> str:
    """A crude stem: a common suffix off, then the first ``STEM_LEN`` letters.

    >>> [stem(w) for w in ("constructing", "construction", "drones", "missiles", "training")]
    ['constr', 'constr', 'dron', 'missil', 'train']
    """
    cut = _SUFFIX.sub("", word)
    return (cut if len(cut) >= 4 else word)[:STEM_LEN]


def evidence_words(finding: Finding) -> set[str]:
    """What a finding's sentence says, as evidence of what it is about (see the module's notes)."""
    rep = finding.sources[0]
    text = rep.sentence
    # Every place of the finding, wherever its sentence names it (a place is one claim per
    # sentence, through one of its mentions), as it is written and by its gazetteer name.
    names = {c.mention.text for c in finding.places} | {c.place.name for c in finding.places}
    blank = [(m.start(), m.end()) for n in sorted(names, key=len, reverse=True) if len(n) > 1
             for m in re.finditer(r"(?<!\w)" + re.escape(n) + r"(?!\w)", text)]
    blank += [(a, b) for a, b, _ in outlet_spans(text)]
    for a, b in blank:
        text = text[:a] + " " * (b - a) + text[b:]
    bag = {stem(w) for w in words(text)
           if len(w) >= CONTENT_LEN and not w.isdigit() and w not in REPORTING}
    # Who acts counts whatever its country; another literal place only beyond the locus's country.
    home = finding.locus.country if finding.locus else ""
    acting = {a.place_id for a in finding.actors if a.kind == "place"}
    bag |= {"@" + c.place.country for c in finding.places
            if c.place.country and (c.place.id in acting or c.place.country != home)}
    return bag


def cited_outlets(finding: Finding) -> set[str]:
    """The profiled outlets a finding's sentences name."""
    return {o for s in finding.sources for o in outlets_named(s.sentence)}


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
    _merge_retellings(findings, union, context, documents)
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


def _merge_retellings(findings: Sequence[Finding], union: _Union, context: str = "context",
                      documents: Mapping[str, Document] | None = None) -> None:
    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        if f.locus is not None and f.layer != context:
            buckets[(f.locus.id, f.layer)].append(i)
    for members in buckets.values():
        if len(members) < 2:
            continue
        bags = {i: evidence_words(findings[i]) for i in members}
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
        cited = {i: cited_outlets(findings[i]) for i in members}
        published = {i: _publisher(findings[i], documents) for i in members}
        by_outlet = []               # (shared words, similarity, i, j) of same-outlet candidates
        for i in members:
            shared: dict[int, int] = defaultdict(int)
            for w in bags[i]:
                if len(index[w]) <= MAX_POSTING:
                    for j in index[w]:
                        if j > i:
                            shared[j] += 1
            for j, k in shared.items():
                if not _may_merge(findings[i], findings[j]):
                    continue
                similarity = jaccard(bags[i], bags[j])
                contained = k / min(len(bags[i]), len(bags[j]))
                if k >= SHARED_WORDS and (similarity >= REPORT_SIMILARITY or contained >= CONTAINED):
                    union.join(i, j)
                elif (k >= OUTLET_SHARED and findings[i].sources[0].doc_id != findings[j].sources[0].doc_id
                        and (cited[i] & (cited[j] | published[j]) or cited[j] & published[i])):
                    by_outlet.append((k, similarity, i, j))
        # One outlet's report is retold once per article: each finding meets at most one
        # finding of the other article, the one sharing most with it.
        taken: set[tuple[int, str]] = set()
        for k, similarity, i, j in sorted(by_outlet, key=lambda c: (-c[0], -c[1], c[2], c[3])):
            a, b = (i, findings[j].sources[0].doc_id), (j, findings[i].sources[0].doc_id)
            if a not in taken and b not in taken:
                taken |= {a, b}
                union.join(i, j)


def _publisher(finding: Finding, documents: Mapping[str, Document] | None) -> set[str]:
    """The profiled outlet that published the finding's first source, as a set (empty if unknown)."""
    doc = documents.get(finding.sources[0].doc_id) if documents else None
    profile = profile_of(doc.outlet) if doc is not None and doc.outlet else None
    return {profile.id} if profile else set()


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
