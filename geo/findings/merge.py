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
finding (no literal place) is compared at each place its sentence names, with the findings
placed there (it joins at most one, the finding sharing most with it) and with the other
unplaced findings naming it (two relations between the same actors: :func:`_bars`). The merged
finding is placed where its placed findings are, and takes the layer earliest in the layer
file (the most specific: facility layers before diplomacy) that any of them got.

Under every rule but copying, the countries the two findings' words name must agree: those
of one among those of the other (:func:`_countries_agree`; "Venezuela and Iran signed" and
"Venezuela and Russia signed" are two agreements, however alike the rest); and so must the
other names their sentences use, when fewer than ``CROSS_SHARED`` words are shared
(:func:`_names_agree`: "met Taliban officials in Kabul to discuss the Mes Aynak mine" and "...
the Wakhan crossing" are two meetings).

Content words are the sentence's words of ``CONTENT_LEN`` letters or more, cut to a
crude stem ("constructing" and "construction" meet), without the words that name the
finding's places, the outlets or the act of reporting ("according", "citing"): the place
is the same by construction and the outlet is evidence of its own, so neither may count
twice; nor do words of when and how many (``WHEN``). The countries of the finding's actor
places and of its literal places beyond the locus's country count as one word each ("Beijing surveyed" and "Chinese engineers
surveyed" share China). A short retelling of a long sentence is similar by containment:
``CONTAINED`` of the smaller one's words in the other also passes ``REPORT_SIMILARITY``.

Measured with ``python scripts/eval_merge.py`` on pairs of articles written for it
(README, "Findings"): development pairs precision 1.00 (20/20), recall 0.77 (20/26), where
the rules before cross-layer and unplaced comparison had 0.87 (13/15) and 0.57 (13/23) on the
first 23 + 21, before the names test 0.95 (19/20) and 0.83 (19/23), and before two unplaced
findings were compared 1.00 (19/19) and 0.73 (19/26).

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
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Mapping, Sequence

from geo.findings.assemble import finding_status
from geo.findings.denials import Evidence, best_candidate, denial_of, denied_evidence, evidence
from geo.findings.merge_memo import MergeMemo, PlaceOutcome
from geo.model import Document, Finding, Place, Stance
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


@lru_cache(maxsize=1 << 16)     # a merge stems each word of each finding at each place it is compared at
def stem(word: str) -> str:
    """A crude stem: a common suffix off, then the first ``STEM_LEN`` letters.

    >>> [stem(w) for w in ("constructing", "construction", "drones", "missiles", "training")]
    ['constr', 'constr', 'dron', 'missil', 'train']
    """
    cut = _SUFFIX.sub("", word)
    return (cut if len(cut) >= 4 else word)[:STEM_LEN]


def _blanked(finding: Finding) -> str:
    """The finding's representative sentence with its places' names and the outlets it cites
    blanked out (spaces, so offsets and word boundaries stay)."""
    # Every place of the finding, wherever its sentence names it (a place is one claim per
    # sentence, through one of its mentions), as it is written and by its gazetteer name.
    names = frozenset({c.mention.text for c in finding.places} | {c.place.name for c in finding.places})
    return _blank_names(finding.sources[0].sentence, names)


@lru_cache(maxsize=8192)
def _blank_names(text: str, names: frozenset[str]) -> str:
    """:func:`_blanked`'s work, remembered by what it reads: a merge blanks each finding for its
    evidence words and again for its names, at every place it is compared at, and copies of one
    sentence are blanked alike (a pattern compiled per name and finding was a third of the merge)."""
    blank = [(m.start(), m.end()) for n in sorted(names, key=len, reverse=True) if len(n) > 1
             for m in re.finditer(r"(?<!\w)" + re.escape(n) + r"(?!\w)", text)]
    blank += [(a, b) for a, b, _ in _outlet_spans(text)]
    for a, b in blank:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def proper_names(finding: Finding) -> set[str]:
    """The stems of the names the finding's sentence uses that are no place and no outlet (its
    capitalised words but the first): "the Mes Aynak copper mine", "the Wakhan border crossing"."""
    first = _WORD.search(finding.sources[0].sentence)
    opening = first.start() if first else -1        # a sentence's first word is capitalised anyway
    return {stem(w.lower()) for m in _WORD.finditer(_blanked(finding)) if m.start() != opening
            for w in [m.group(0)] if w[:1].isupper() and len(w) >= CONTENT_LEN
            and w.lower() not in REPORTING and w.lower() not in WHEN}


def evidence_words(finding: Finding, locus: Place | None = None) -> set[str]:
    """What a finding's sentence says, as evidence of what it is about (see the module's notes).

    ``locus`` stands in for the finding's own when an unplaced finding is compared at a
    place it names: that place is then the same by construction and says nothing more."""
    text = _blanked(finding)
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
                   context: str = "context", documents: Mapping[str, Document] | None = None, *,
                   ids: Sequence[str] | None = None, memo: MergeMemo | None = None) -> list[Finding]:
    """Findings with copies and retellings merged, in the order of their first source.
    Retellings are not looked for on the background layer ``context`` (the layer file's
    ``role: context``): what shares its words there shares no subject.

    With ``documents`` (id -> Document), a merged finding is represented by its original:
    a copy whose outlet is known before one whose outlet no text or sidecar states (a blog
    quoting an op-ed is not the op-ed), then the earliest published, then the first read.

    With ``ids`` (one per finding, changing whenever the finding does) and a ``memo``
    (:class:`geo.findings.merge_memo.MergeMemo`), the comparisons at a place and a denial's
    choice are read back from ``memo`` when the same findings were compared before, and kept
    there otherwise: the same merge, with an article added to 1,000, 0.45 s less CPU."""
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
    if memo is not None and (ids is None or len(ids) != n):
        raise ValueError("a merge memo needs one id per finding")
    _merge_retellings(findings, union, context, documents, ids if memo is not None else None, memo)
    _link_denials(findings, union, ids if memo is not None else None, memo)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[union.find(i)].append(i)
    rank = {layer: k for k, layer in enumerate(layer_order)}
    merged = []
    for _, members in sorted(groups.items()):
        group = [findings[i] for i in members]
        if documents is not None and len(group) > 1:
            group.sort(key=lambda f: _originality(f, documents))
        # A group that an unplaced retelling joined is represented by a finding that says where,
        # and one that a denial joined by a finding that reports (geo.findings.denials).
        group.sort(key=lambda f: (f.locus is None, _only_denies(f)))
        merged.append(_combine(group, rank))
    return merged


def _originality(finding: Finding, documents: Mapping[str, Document]) -> tuple:
    doc = documents.get(finding.sources[0].doc_id)
    if doc is None:
        return (True, date.max)
    return (not doc.outlet, doc.published or date.max)


@dataclass
class _Pending:
    """What the comparisons at every place propose that is joined only once all are made: pairs
    citing one outlet (one per pair of articles) and unplaced findings visiting a placed one
    (one place each)."""

    by_outlet: list[tuple[int, int, float, int, int]] = field(default_factory=list)  # cross, k, similarity, i, j
    visits: list[tuple[int, float, int, int]] = field(default_factory=list)          # k, similarity, unplaced, placed


class _Outlets:
    """The outlets each compared finding cites, and the outlet that published it (worked out
    when first asked: a merge that reads most places' comparisons back asks about few)."""

    def __init__(self, findings: Sequence[Finding], documents: Mapping[str, Document] | None):
        self.findings, self.documents = findings, documents
        self._cited: dict[int, set[str]] = {}
        self._published: dict[int, set[str]] = {}

    def cited(self, i: int) -> set[str]:
        found = self._cited.get(i)
        if found is None:
            found = self._cited[i] = cited_outlets(self.findings[i])
        return found

    def published(self, i: int) -> set[str]:
        found = self._published.get(i)
        if found is None:
            found = self._published[i] = _publisher(self.findings[i], self.documents)
        return found

    def shared(self, i: int, j: int) -> bool:
        return bool(self.cited(i) & (self.cited(j) | self.published(j)) or self.cited(j) & self.published(i))


class _Joins:
    """A union's stand-in that notes the joins asked of it."""

    def __init__(self):
        self.pairs: list[tuple[int, int]] = []

    def join(self, a: int, b: int) -> None:
        self.pairs.append((a, b))


def _merge_retellings(findings: Sequence[Finding], union: _Union, context: str = "context",
                      documents: Mapping[str, Document] | None = None, ids: Sequence[str] | None = None,
                      memo: MergeMemo | None = None) -> None:
    """Join the retellings of one report: the findings at each place, and the unplaced findings
    naming it, compared pair by pair (:func:`_compare_at`; read back from ``memo`` when kept),
    then the joins that wait for every comparison (:func:`_join_same_outlet`, :func:`_join_visits`)."""
    at_place, guests = _placed(findings, context), _unplaced(findings, context)
    outlets = _Outlets(findings, documents)
    pending = _Pending()
    first = {p: min(at_place.get(p, []) + guests.get(p, [])) for p in {*at_place, *guests}}
    for place_id in sorted(first, key=lambda p: (first[p], p)):
        members, visiting = at_place.get(place_id, []), guests.get(place_id, [])
        if len(members) + len(visiting) < 2:
            continue
        order = members + visiting
        key = outcome = None
        if memo is not None:
            key = MergeMemo.place_key(place_id, [ids[i] for i in order], len(members), documents is not None)
            outcome = memo.place(key)
            if outcome is not None and not outcome.fits(len(order)):
                outcome = None
        if outcome is None:
            outcome = _outcome_at(findings, members, visiting, place_id, outlets)
            if memo is not None:
                memo.keep_place(key, outcome)
        for a, b in outcome.joins:
            union.join(order[a], order[b])
        pending.visits += [(k, similarity, order[u], order[placed]) for k, similarity, u, placed in outcome.visits]
        pending.by_outlet += [(cross, k, similarity, order[a], order[b])
                              for cross, k, similarity, a, b in outcome.by_outlet]
    _join_same_outlet(findings, union, pending.by_outlet)
    _join_visits(findings, union, pending.visits)


def _outcome_at(findings: Sequence[Finding], members: list[int], visiting: list[int], place_id: str,
                outlets: _Outlets) -> PlaceOutcome:
    """:func:`_compare_at` at one place, its joins and pending pairs by position among its findings."""
    joins, pending = _Joins(), _Pending()
    order = members + visiting
    _compare_at(findings, members, visiting, _place_named(findings, place_id, order), outlets, joins, pending)
    at = {i: n for n, i in enumerate(order)}
    return PlaceOutcome([[at[a], at[b]] for a, b in joins.pairs],
                        [[k, similarity, at[u], at[placed]] for k, similarity, u, placed in pending.visits],
                        [[cross, k, similarity, at[a], at[b]] for cross, k, similarity, a, b in pending.by_outlet])


def _placed(findings: Sequence[Finding], context: str) -> dict[str, list[int]]:
    """Place id -> the findings placed there, off the background layer. Every finding at a place
    is compared with every other there, whatever their layers: the layer is a classifier's
    reading of one sentence, and a retelling may be read onto another one."""
    at: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        if f.locus is not None and f.layer != context:
            at[f.locus.id].append(i)
    return at


def _unplaced(findings: Sequence[Finding], context: str) -> dict[str, list[int]]:
    """Place id -> the unplaced findings whose sentence names it ("Beijing sent survey teams to
    Gabon" at Gabon): a retelling may name as an actor the place its report is placed at, and
    two unplaced retellings of one report meet at a place both name."""
    at: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        if f.locus is None and f.layer != context:
            for place_id in dict.fromkeys(c.place.id for c in f.places):
                at[place_id].append(i)
    return at


def _place_named(findings: Sequence[Finding], place_id: str, members: Sequence[int]) -> Place:
    """The place of that id: the locus of the first finding placed there, else the place as the
    first unplaced finding naming it has it."""
    for i in members:
        f = findings[i]
        if f.locus is not None and f.locus.id == place_id:
            return f.locus
        for c in f.places:
            if c.place.id == place_id:
                return c.place
    raise ValueError(f"no finding names {place_id}")


def _bags_at(findings: Sequence[Finding], members: Sequence[int], guests: Sequence[int],
             place: Place) -> dict[int, set[str]]:
    """Each finding's evidence words at a place (:func:`evidence_words`), without the words common
    among its layer's findings there (:func:`_common_words`: cut per layer, as they are common
    among what that layer says there); an unplaced guest, on none of the layers here, without any
    layer's."""
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
    for u in guests:
        bags[u] = evidence_words(findings[u], place) - cut
    return bags


def _sharing(bags: Mapping[int, set[str]], order: Sequence[int]):
    """(i, j, shared words) of every pair that shares a word not too common to tell, i before j in
    ``order``: from an inverted index, so the work grows with the findings, not their pairs."""
    index: dict[str, list[int]] = defaultdict(list)
    for i in order:
        for w in bags[i]:
            index[w].append(i)
    rank = {i: k for k, i in enumerate(order)}
    for i in order:
        shared: dict[int, int] = defaultdict(int)
        for w in bags[i]:
            if len(index[w]) <= MAX_POSTING:
                for j in index[w]:
                    if rank[j] > rank[i]:
                        shared[j] += 1
        for j, k in sorted(shared.items(), key=lambda c: rank[c[0]]):
            yield i, j, k


def _compare_at(findings: Sequence[Finding], members: Sequence[int], guests: Sequence[int], place: Place,
                outlets: _Outlets, union: _Union | _Joins, pending: _Pending) -> None:
    """Compare the findings placed at ``place`` and the unplaced ones naming it, pair by pair:
    join a retelling now, or leave it to wait in ``pending``."""
    bags = _bags_at(findings, members, guests, place)
    names = {i: proper_names(findings[i]) & bags[i] for i in bags}
    for i, j, k in _sharing(bags, list(members) + list(guests)):
        a, b = findings[i], findings[j]
        unplaced = (a.locus is None) + (b.locus is None)
        if _same_sentence(a, b) or not _countries_agree(bags[i], bags[j]):
            continue
        # Countries say who acts, not what about: only words outweigh two different names
        # ("to discuss the Korvin copper mine" / "the Dallek border post", both parties named).
        if not _names_agree(names[i], names[j]) and \
                k - sum(w.startswith("@") for w in bags[i] & bags[j]) < CROSS_SHARED:
            continue
        similarity = jaccard(bags[i], bags[j])
        alike = similarity >= REPORT_SIMILARITY or k / min(len(bags[i]), len(bags[j])) >= CONTAINED
        same_outlet = a.sources[0].doc_id != b.sources[0].doc_id and outlets.shared(i, j)
        words_bar, outlet_bar = _bars(unplaced, a.layer != b.layer)
        strong = k >= words_bar and alike
        cited = same_outlet and k >= outlet_bar
        if unplaced == 1 and (strong or cited):
            u, placed = (i, j) if a.locus is None else (j, i)
            pending.visits.append((k, similarity, u, placed))
        elif strong:
            union.join(i, j)
        elif cited:
            pending.by_outlet.append((int(unplaced > 0 or a.layer != b.layer), k, similarity, i, j))


def _bars(unplaced: int, two_layers: bool) -> tuple[int, int]:
    """(shared words, shared words with a common outlet) a pair needs, by how many of the two are
    unplaced and whether they are on two layers.

    Two placed findings on one layer need ``SHARED_WORDS`` (``OUTLET_SHARED`` with a common
    outlet). A retelling read onto another layer, or a sentence that names the place only as an
    actor, needs more (``CROSS_SHARED``, ``CROSS_OUTLET_SHARED``): such pairs are more often two
    things said about one place than one thing said twice. Two unplaced findings (two relations
    between the same actors) on one layer need ``SHARED_WORDS``, as two placed ones do, but
    ``CROSS_OUTLET_SHARED`` with a common outlet: two words and an outlet joined on the seed map
    two things an article says of China's intelligence ("uses Cuba as a platform" and "signal
    intelligence ... an asset"), whose only country in common had been cut as common at China.
    """
    if unplaced == 1 or two_layers:
        return CROSS_SHARED, CROSS_OUTLET_SHARED
    return SHARED_WORDS, CROSS_OUTLET_SHARED if unplaced else OUTLET_SHARED


def _join_same_outlet(findings: Sequence[Finding], union: _Union, by_outlet) -> None:
    """One outlet's report is retold once per article: each finding meets at most one finding of
    the other article, the one sharing most with it (same layer first)."""
    taken: set[tuple[int, str]] = set()
    for _, k, similarity, i, j in sorted(by_outlet, key=lambda c: (c[0], -c[1], -c[2], c[3], c[4])):
        a, b = (i, findings[j].sources[0].doc_id), (j, findings[i].sources[0].doc_id)
        if a not in taken and b not in taken:
            taken |= {a, b}
            union.join(i, j)


def _join_visits(findings: Sequence[Finding], union: _Union, visits) -> None:
    """An unplaced finding joins one place's finding at most, the one sharing most with it: else
    two findings at two places it names would become one through it."""
    placed_at: dict[int, str] = {}
    for k, similarity, u, placed in sorted(visits, key=lambda c: (-c[0], -c[1], c[2], c[3])):
        ru, rp = union.find(u), union.find(placed)
        if ru == rp:
            continue
        here = placed_at.get(rp, findings[placed].locus.id)
        if placed_at.get(ru, here) == here:
            union.join(u, placed)
            placed_at[union.find(u)] = here


def _only_denies(finding: Finding) -> bool:
    return all(s.stance is Stance.DENIES for s in finding.sources)


def _link_denials(findings: Sequence[Finding], union: _Union, ids: Sequence[str] | None = None,
                  memo: MergeMemo | None = None) -> None:
    """A finding that only denies (a denial no claim of its own article matched) joins the
    finding of another article that it denies, the best match (:mod:`geo.findings.denials`,
    the same test as within an article). Candidates share a place or a country with it; the
    choice is read back from ``memo`` when the same denial had the same candidates."""
    lone = [i for i, f in enumerate(findings) if _only_denies(f)]
    if not lone:
        return
    by_mark: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        if not _only_denies(f):
            for mark in _marks(f):
                by_mark[mark].append(i)
    said: dict[int, Evidence] = {}
    # A sentence's findings (its copies across articles, its several loci) give one evidence:
    # worked out once per sentence and what its claims name, as it reads only those (the 15
    # denials of 1,000 articles had 8,662 candidates with 3,144 such sentences).
    by_sentence: dict[tuple, Evidence] = {}
    for d in lone:
        rep = findings[d].sources[0]
        denial = denial_of(rep.sentence)
        if denial is None:
            continue
        claims = [c for c in findings[d].places if c.sent_start == rep.sent_start and c.doc_id == rep.doc_id]
        denied = denied_evidence(rep.sentence, denial, claims, rep.sent_start)
        others = sorted({i for mark in denied.places for i in by_mark.get(mark, ())
                         if findings[i].sources[0].doc_id != rep.doc_id})
        key = position = None
        if memo is not None:
            key = MergeMemo.denial_key(ids[d], [(ids[i], i - d) for i in others])
            position = memo.denial(key)
            if position is not None and not -1 <= position < len(others):
                position = None
        if position is None:
            for i in others:
                if i not in said:
                    said[i] = _sentence_evidence(findings[i], by_sentence)
            j = best_candidate(denied, ((i, said[i]) for i in others), d)
            position = others.index(j) if j is not None else -1
            if memo is not None:
                memo.keep_denial(key, position)
        if position >= 0:
            union.join(others[position], d)


def _marks(finding: Finding) -> set[str]:
    """The place ids and countries of a finding's places, as :func:`geo.findings.denials.evidence` marks them."""
    return {"#" + c.place.id for c in finding.places} | {"@" + c.place.country for c in finding.places
                                                          if c.place.country}


def _sentence_evidence(finding: Finding, known: dict[tuple, Evidence]) -> Evidence:
    """:func:`denial_evidence_of`, remembered in ``known`` by what it reads: the representative
    sentence and its claims' place ids, countries and mention texts."""
    rep = finding.sources[0]
    claims = [c for c in finding.places if c.sent_start == rep.sent_start]
    key = (rep.sentence, tuple((c.place.id, c.place.country, c.mention.text) for c in claims))
    found = known.get(key)
    if found is None:
        found = known[key] = evidence(rep.sentence, claims)
    return found


def denial_evidence_of(finding: Finding) -> Evidence:
    """What a finding's representative sentence says, as a denial is compared with it."""
    rep = finding.sources[0]
    return evidence(rep.sentence, [c for c in finding.places if c.sent_start == rep.sent_start])


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


def _names_agree(a: set[str], b: set[str]) -> bool:
    """Whether the names (no place, no outlet) two findings' sentences use could be one report's:
    those of one among those of the other, as for countries. Two meetings of the same parties in
    one city on one day are told apart by what they named ("the Mes Aynak mine", "the Wakhan
    crossing"), which a retelling keeps.

    Only a merge resting on fewer than ``CROSS_SHARED`` shared words is vetoed by its names: a
    retelling that shares more may name other people (who signed, who announced).

    >>> _names_agree({"taliba", "aynak"}, {"taliba"}), _names_agree({"taliba", "aynak"}, {"taliba", "wakhan"})
    (True, False)
    """
    # Development pairs: precision 0.95 (19/20) without this test, 1.00 (19/19) with it, recall
    # 0.83 either way (the two Kabul meetings were one on four shared words). Applied whatever
    # the words shared, it split on the seed map two tellings of the $100 million donation
    # agreement that share eight words and name different signatories.
    return a <= b or b <= a


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
