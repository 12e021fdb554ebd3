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

A retelling may be read onto another layer than its report ("military" for one, "diplomacy"
for the other), or name its place only as an actor ("Havana will allow ..." beside "... at
the port of Havana"): such findings are compared too, at a stricter bar (``CROSS_SHARED``,
``CROSS_OUTLET_SHARED``), as two findings on two layers of one place are more often two
things than one. Findings on different layers at one place are compared there; an unplaced
finding (no literal place) is compared at each place its sentence names that is another
finding's locus, and joins at most one, the finding sharing most with it. The merged
finding is placed where its placed findings are, and takes the layer earliest in the layer
file (the most specific: facility layers before diplomacy) that any of them got.

Under every rule but copying, the countries the two findings' words name must agree: those
of one among those of the other (:func:`_countries_agree`; "Venezuela and Iran signed" and
"Venezuela and Russia signed" are two agreements, however alike the rest).

Content words are the sentence's words of ``CONTENT_LEN`` letters or more, cut to a
crude stem ("constructing" and "construction" meet), without the words that name the
finding's places, the outlets or the act of reporting ("according", "citing"): the place
is the same by construction and the outlet is evidence of its own, so neither may count
twice; nor do words of when and how many (``WHEN``). The countries of the finding's actor
places and of its literal places beyond the locus's country count as one word each ("Beijing surveyed" and "Chinese engineers
surveyed" share China). A short retelling of a long sentence is similar by containment:
``CONTAINED`` of the smaller one's words in the other also passes ``REPORT_SIMILARITY``.

Measured with ``python scripts/eval_merge.py`` on pairs of articles written for it
(README, "Findings"): development pairs precision 0.95 (19/20), recall 0.83 (19/23), where
the rules before cross-layer and unplaced comparison had 0.87 (13/15) and 0.57 (13/23).

Candidates come from inverted indexes (trigram -> findings, content word -> findings
of a place, with the unplaced findings naming it), so the work grows with the findings, not with their pairs.

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
from functools import lru_cache
from typing import Mapping, Sequence

from geo.findings.assemble import finding_status
from geo.model import Document, Finding, Place
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
# The stricter bar for findings on two layers, or an unplaced one beside a placed one
# (development pairs, 23 same, 21 different): without this comparison recall 0.57 (13/23)
# at precision 0.93; with CROSS_SHARED 5 and CROSS_OUTLET_SHARED 3, recall 0.83 (19/23) at
# precision 0.95, the one merge of two different reports being within a layer. CROSS_SHARED
# 4 merged nothing more; 6 lost a retelling (0.78). CROSS_OUTLET_SHARED 2, the bar within a
# layer, gained one pair (0.87) at the same precision: kept stricter, as it rests on two
# words of which one is often a country.
CROSS_SHARED = 5
CROSS_OUTLET_SHARED = 3
CONTAINED = 0.75
STEM_LEN = 6
_WORD = re.compile(r"\w+")
# Words of reporting and sourcing: every retelling of a report has them, whatever it reports.
REPORTING = frozenset("""according report reported reports reporting citing cited quoting quoted sources source
official officials familiar matter claimed claims stated statement added people newspaper
published which their there these those where while about would could should after before
other since among into""".split())
# Words of when and how many: two things done on one Monday, or for three years, are not one.
# Development pairs: precision 0.90 (19/21) without them, 0.95 (19/20) with, recall 0.83
# either way; the seed map's findings are the same with or without them.
WHEN = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april
june july august september october november december three seven eight twelve fifteen twenty thirty forty
fifty sixty seventy eighty ninety hundred thousand million billion years months weeks hours under""".split())
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
    # A sentence's copies (10,850 findings of 1,000 articles had 2,906 sentences) share one set:
    # the same numbers, as equal trigrams get one number whatever the order they are met in.
    done: dict[str, frozenset[int]] = {}

    def numbered(text: str) -> frozenset[int]:
        found = done.get(text)
        if found is None:
            found = done[text] = frozenset([ids.setdefault(t, len(ids)) for t in trigrams(text)])
        return found
    return [numbered(text) for text in texts]


def stem(word: str) -> str:
    """A crude stem: a common suffix off, then the first ``STEM_LEN`` letters.

    >>> [stem(w) for w in ("constructing", "construction", "drones", "missiles", "training")]
    ['constr', 'constr', 'dron', 'missil', 'train']
    """
    cut = _SUFFIX.sub("", word)
    return (cut if len(cut) >= 4 else word)[:STEM_LEN]


def evidence_words(finding: Finding, locus: Place | None = None) -> set[str]:
    """What a finding's sentence says, as evidence of what it is about (see the module's notes).

    ``locus`` stands in for the finding's own when an unplaced finding is compared at a
    place it names: that place is then the same by construction and says nothing more."""
    rep = finding.sources[0]
    text = rep.sentence
    # Every place of the finding, wherever its sentence names it (a place is one claim per
    # sentence, through one of its mentions), as it is written and by its gazetteer name.
    names = {c.mention.text for c in finding.places} | {c.place.name for c in finding.places}
    blank = [(m.start(), m.end()) for n in sorted(names, key=len, reverse=True) if len(n) > 1
             for m in re.finditer(r"(?<!\w)" + re.escape(n) + r"(?!\w)", text)]
    blank += [(a, b) for a, b, _ in _outlet_spans(text)]
    for a, b in blank:
        text = text[:a] + " " * (b - a) + text[b:]
    bag = {stem(w) for w in words(text)
           if len(w) >= CONTENT_LEN and not w.isdigit() and w not in REPORTING and w not in WHEN}
    # Who acts counts whatever its country; another literal place only beyond the locus's country.
    locus = locus or finding.locus
    home = locus.country if locus else ""
    acting = {a.place_id for a in finding.actors if a.kind == "place"}
    if locus is not finding.locus:
        acting.discard(locus.id)
    bag |= {"@" + c.place.country for c in finding.places
            if c.place.country and (c.place.id in acting or c.place.country != home)}
    return bag


@lru_cache(maxsize=8192)
def _outlet_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """:func:`outlet_spans`, remembered: a merge asks it about each finding at each place it is
    compared at, and of 4,754 questions on 1,000 articles 1,149 texts were distinct (the
    outlets' pattern is tried at every word: most of the time of evidence_words)."""
    return tuple(outlet_spans(text))


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
        # A group that an unplaced retelling joined is represented by a finding that says where.
        group.sort(key=lambda f: f.locus is None)
        merged.append(_combine(group, rank))
    return merged


def _originality(finding: Finding, documents: Mapping[str, Document]) -> tuple:
    doc = documents.get(finding.sources[0].doc_id)
    if doc is None:
        return (True, date.max)
    return (not doc.outlet, doc.published or date.max)


def _merge_retellings(findings: Sequence[Finding], union: _Union, context: str = "context",
                      documents: Mapping[str, Document] | None = None) -> None:
    # Every finding at a place is compared with every other there, whatever their layers:
    # the layer is a classifier's reading of one sentence, and a retelling may be read onto
    # another one. Words common to a (place, layer) are cut per layer, as they are common
    # among what that layer says there.
    at_locus: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        if f.locus is not None and f.layer != context:
            at_locus[f.locus.id].append(i)
    # An unplaced finding is compared at each place its sentence names that is another
    # finding's locus ("Beijing sent survey teams to Gabon" at Gabon): a retelling may name
    # as an actor the place its report is placed at.
    visiting: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        if f.locus is None and f.layer != context:
            for place_id in dict.fromkeys(c.place.id for c in f.places):
                if len(at_locus.get(place_id, ())) >= 1:
                    visiting[place_id].append(i)
    cited = {i: cited_outlets(findings[i]) for members in (*at_locus.values(), *visiting.values()) for i in members}
    published = {i: _publisher(findings[i], documents) for i in cited}
    by_outlet = []                   # (cross, shared words, similarity, i, j) of same-outlet candidates
    visits = []                      # (shared words, similarity, unplaced, placed) of unplaced candidates
    for locus_id in sorted(at_locus, key=lambda k: at_locus[k][0]):
        members = at_locus[locus_id]
        guests = visiting.get(locus_id, [])
        if len(members) + len(guests) < 2:
            continue
        locus = findings[members[0]].locus
        bags = {i: evidence_words(findings[i]) for i in members}
        by_layer: dict[str, list[int]] = defaultdict(list)
        for i in members:
            by_layer[findings[i].layer].append(i)
        cut: set[str] = set()
        for same in by_layer.values():
            common = _common_words([bags[i] for i in same])
            cut |= common
            for i in same:
                bags[i] -= common
        # A guest is cut by every layer's common words at the place: it is on none of them here.
        for u in guests:
            bags[u] = evidence_words(findings[u], locus) - cut
        index: dict[str, list[int]] = defaultdict(list)
        for i in members + guests:
            for w in bags[i]:
                index[w].append(i)
        order = {i: k for k, i in enumerate(members + guests)}
        for i in members + guests:
            shared: dict[int, int] = defaultdict(int)
            for w in bags[i]:
                if len(index[w]) <= MAX_POSTING:
                    for j in index[w]:
                        if order[j] > order[i]:
                            shared[j] += 1
            for j, k in sorted(shared.items(), key=lambda c: order[c[0]]):
                a, b = findings[i], findings[j]
                guest = (a.locus is None) + (b.locus is None)
                if guest == 2 or _same_sentence(a, b) or not _countries_agree(bags[i], bags[j]):
                    continue
                similarity = jaccard(bags[i], bags[j])
                contained = k / min(len(bags[i]), len(bags[j]))
                other_article = a.sources[0].doc_id != b.sources[0].doc_id
                same_outlet = other_article and bool(cited[i] & (cited[j] | published[j]) or cited[j] & published[i])
                if guest or a.layer != b.layer:
                    # A retelling read onto another layer, or a sentence that names the
                    # place only as an actor: more shared words, as such pairs are more
                    # often two things said about one place than one thing said twice.
                    strong = k >= CROSS_SHARED and (similarity >= REPORT_SIMILARITY or contained >= CONTAINED)
                    if guest and (strong or same_outlet and k >= CROSS_OUTLET_SHARED):
                        u, placed = (i, j) if a.locus is None else (j, i)
                        visits.append((k, similarity, u, placed))
                    elif strong:
                        union.join(i, j)
                    elif same_outlet and k >= CROSS_OUTLET_SHARED:
                        by_outlet.append((1, k, similarity, i, j))
                elif k >= SHARED_WORDS and (similarity >= REPORT_SIMILARITY or contained >= CONTAINED):
                    union.join(i, j)
                elif k >= OUTLET_SHARED and same_outlet:
                    by_outlet.append((0, k, similarity, i, j))
    # One outlet's report is retold once per article: each finding meets at most one
    # finding of the other article, the one sharing most with it (same layer first).
    taken: set[tuple[int, str]] = set()
    for _, k, similarity, i, j in sorted(by_outlet, key=lambda c: (c[0], -c[1], -c[2], c[3], c[4])):
        a, b = (i, findings[j].sources[0].doc_id), (j, findings[i].sources[0].doc_id)
        if a not in taken and b not in taken:
            taken |= {a, b}
            union.join(i, j)
    # An unplaced finding joins one place's finding at most, the one sharing most with it:
    # else two findings at two places it names would become one through it.
    placed_at: dict[int, str] = {}
    for k, similarity, u, placed in sorted(visits, key=lambda c: (-c[0], -c[1], c[2], c[3])):
        ru, rp = union.find(u), union.find(placed)
        if ru == rp:
            continue
        here = placed_at.get(rp, findings[placed].locus.id)
        if placed_at.get(ru, here) == here:
            union.join(u, placed)
            placed_at[union.find(u)] = here


def _countries_agree(a: set[str], b: set[str]) -> bool:
    """Whether the countries two findings' words name could be one report's: those of one
    among those of the other (a retelling may leave an actor out, not swap one for another).

    >>> _countries_agree({"@IR", "@RU", "drill"}, {"@RU", "drill"}), _countries_agree({"@IR", "x"}, {"@RU", "x"})
    (True, False)
    """
    # Development pairs: precision 0.90 (19/21) without this test, 0.95 (19/20) with it, recall
    # 0.83 either way; on the seed map it keeps apart "second-largest trading partner after
    # Colombia" and "... after Venezuela", two statements of two years.
    ca, cb = {w for w in a if w[0] == "@"}, {w for w in b if w[0] == "@"}
    return ca <= cb or cb <= ca


def _common_words(bags: list[set[str]]) -> set[str]:
    """The words most of a (place, layer)'s findings use: a topic, no evidence of one report.

    In a handful of findings, the words a retelling shares with its report ("training",
    "military") are also in the others: only a larger bucket tells a topic word from them."""
    if len(bags) < COMMON_MIN:
        return set()
    df: dict[str, int] = defaultdict(int)
    for bag in bags:
        for w in bag:
            df[w] += 1
    return {w for w, k in df.items() if k > COMMON_SHARE * len(bags)}


def _publisher(finding: Finding, documents: Mapping[str, Document] | None) -> set[str]:
    """The profiled outlet that published the finding's first source, as a set (empty if unknown)."""
    doc = documents.get(finding.sources[0].doc_id) if documents else None
    profile = profile_of(doc.outlet) if doc is not None and doc.outlet else None
    return {profile.id} if profile else set()


def _same_sentence(a: Finding, b: Finding) -> bool:
    """Two findings of one sentence (its sites) are never one."""
    return (a.sources[0].doc_id, a.sources[0].sent_start) == (b.sources[0].doc_id, b.sources[0].sent_start)


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
    # The layer most specific to the finding (earliest in the layer file) that any copy or
    # retelling got: a facility read as "military" in one article and "diplomacy" in another
    # is a military finding. A rank, not a vote, so the same findings give the same layer
    # whatever order they come in.
    layered = min(group, key=lambda f: (rank.get(f.layer, len(rank)), group.index(f)))
    status, evidence = finding_status(sources)
    return replace(first, layer=layered.layer, layer_rule=layered.layer_rule, actors=actors, places=places,
                   sources=tuple(sources), status=status, status_evidence=evidence)
