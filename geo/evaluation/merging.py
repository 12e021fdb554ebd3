"""Score cross-article merging (:mod:`geo.findings.merge`) on labelled pairs of articles.

A pairs file holds blocks of a label line (``same`` or ``different``) and two article lines
``<publishing outlet> | <text>``; lines starting with ``#`` are comments. The last sentence
of each article is the one compared. A pair is predicted *same* when, after the two
articles' findings are merged, one finding holds both last sentences among its sources.
Each article goes through the whole analysis (names, roles, resolution, layers, types):
what is scored is what a build would do.

>>> pairs = parse_pairs("same\\nA | One.\\nB | Two.\\n\\ndifferent\\nA | Three.\\nB | Four.\\n")
>>> [(p.same, p.a, p.b) for p in pairs]
[(True, ('A', 'One.'), ('B', 'Two.')), (False, ('A', 'Three.'), ('B', 'Four.'))]
>>> Score(3, 1, 1, 5).precision, Score(3, 1, 1, 5).recall
(0.75, 0.75)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

PUBLISHED = date(2025, 3, 4)


@dataclass(frozen=True)
class Pair:
    same: bool
    a: tuple[str, str]          # (publishing outlet, article text)
    b: tuple[str, str]
    line: int = 0               # where the block starts in its file


@dataclass
class Score:
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    true_neg: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_pos / (self.true_pos + self.false_pos) if self.true_pos + self.false_pos else 1.0

    @property
    def recall(self) -> float:
        return self.true_pos / (self.true_pos + self.false_neg) if self.true_pos + self.false_neg else 1.0


def parse_pairs(text: str, name: str = "pairs") -> list[Pair]:
    """The pairs of a pairs file; a malformed block raises ``ValueError`` naming its line."""
    pairs, block, start = [], [], 0
    lines = text.splitlines() + [""]
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if line.startswith("#"):
            continue
        if line:
            if not block:
                start = n
            block.append(line)
            continue
        if not block:
            continue
        if len(block) != 3 or block[0] not in ("same", "different") or any(" | " not in b for b in block[1:]):
            raise ValueError(f"{name}: line {start}: a block is a label (same/different) and two 'outlet | text' lines")
        a, b = (tuple(part.strip() for part in b.split(" | ", 1)) for b in block[1:])
        pairs.append(Pair(block[0] == "same", a, b, start))
        block = []
    return pairs


def score_pairs(pairs: list[Pair]) -> Score:
    """Precision and recall of merging over ``pairs`` (each pair merged on its own)."""
    from geo.build.analysis import AnalysisSpec, analyse_document
    from geo.findings.assemble import document_findings
    from geo.findings.layers import LayerRegistry
    from geo.findings.merge import merge_findings
    from geo.model import Document

    registry = LayerRegistry.default()
    spec = AnalysisSpec()
    score = Score()
    for k, pair in enumerate(pairs):
        docs, found, last = {}, [], []
        for side, (outlet, text) in zip("ab", (pair.a, pair.b)):
            doc = Document(f"pair{k}{side}.txt#0", f"pair{k}{side}.txt", 0, text, outlet=outlet,
                           published=PUBLISHED, language="en")
            analysis = analyse_document(doc, spec)
            findings, _ = document_findings(doc, analysis.claims, analysis.sentences, registry)
            docs[doc.id] = doc
            found += findings
            last.append((doc.id, analysis.sentences[-1][0] if analysis.sentences else 0))
        merged = merge_findings(found, registry.ids(), registry.context_layer, docs)
        together = any(all(any((s.doc_id, s.sent_start) == key for s in f.sources) for key in last) for f in merged)
        if together and pair.same:
            score.true_pos += 1
        elif together:
            score.false_pos += 1
            score.mistakes.append(f"line {pair.line}: merged, but different: {pair.b[1][:80]}")
        elif pair.same:
            score.false_neg += 1
            placed = "placed" if any(f.locus for f in found) else "no locus"
            score.mistakes.append(f"line {pair.line}: kept apart, but the same ({placed}): {pair.b[1][:80]}")
        else:
            score.true_neg += 1
    return score


def score_file(path: Path) -> Score:
    return score_pairs(parse_pairs(path.read_text(encoding="utf-8"), path.name))
