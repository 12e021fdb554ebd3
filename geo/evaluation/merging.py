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

    def add(self, predicted: bool, gold: bool, mistake) -> None:
        """Tally one judgement; a wrong one is described by ``mistake()`` (called only then)."""
        if predicted and gold:
            self.true_pos += 1
        elif predicted:
            self.false_pos += 1
        elif gold:
            self.false_neg += 1
        else:
            self.true_neg += 1
        if predicted != gold:
            self.mistakes.append(mistake())

    def summary(self, name: str, negatives: str) -> str:
        return (f"{name}: precision {self.precision:.2f} ({self.true_pos}/{self.true_pos + self.false_pos}), "
                f"recall {self.recall:.2f} ({self.true_pos}/{self.true_pos + self.false_neg}), "
                f"{self.true_neg} {negatives} kept apart")


def report_parts(description: str, parts, score_file, negatives: str, argv=None) -> int:
    """The command line of ``scripts/eval_merge.py`` and ``scripts/eval_denials.py``: each part
    ``(name, "dev" | "heldout", path)`` scored, with its mistakes unless ``--quiet``."""
    import argparse

    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quiet", action="store_true", help="figures only")
    ap.add_argument("--part", choices=("dev", "heldout", "both"), default="both")
    args = ap.parse_args(argv)
    for name, part, path in parts:
        if args.part not in ("both", part):
            continue
        score = score_file(path)
        print(score.summary(name, negatives))
        if not args.quiet:
            for line in score.mistakes:
                print("   ", line)
    return 0


def labelled_blocks(text: str) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of each blank-line-separated block; ``#`` lines are comments."""
    blocks, block, start = [], [], 0
    for n, raw in enumerate(text.splitlines() + [""], 1):
        line = raw.strip()
        if line.startswith("#"):
            continue
        if line:
            if not block:
                start = n
            block.append(line)
        elif block:
            blocks.append((start, block))
            block = []
    return blocks


def article_lines(lines: list[str]) -> tuple[tuple[str, str], ...] | None:
    """``<outlet> | <text>`` lines as (outlet, text) pairs; None if one is not of that form."""
    if any(" | " not in b for b in lines):
        return None
    return tuple(tuple(part.strip() for part in b.split(" | ", 1)) for b in lines)


def parse_pairs(text: str, name: str = "pairs") -> list[Pair]:
    """The pairs of a pairs file; a malformed block raises ``ValueError`` naming its line."""
    pairs = []
    for start, block in labelled_blocks(text):
        articles = article_lines(block[1:])
        if len(block) != 3 or block[0] not in ("same", "different") or articles is None:
            raise ValueError(f"{name}: line {start}: a block is a label (same/different) and two 'outlet | text' lines")
        pairs.append(Pair(block[0] == "same", articles[0], articles[1], start))
    return pairs


@dataclass
class Merged:
    """What a build makes of a few labelled articles: each one's findings and sentence starts,
    and the findings after merging."""

    found: list
    starts: list[tuple[str, list[int]]]     # (document id, its sentences' starts), in article order
    merged: list


def analyse_and_merge(articles, prefix: str) -> Merged:
    """Each (outlet, text) through the whole analysis, as a build runs it, then merged."""
    from geo.build.analysis import AnalysisSpec, analyse_document
    from geo.findings.assemble import document_findings
    from geo.findings.layers import LayerRegistry
    from geo.findings.merge import merge_findings
    from geo.model import Document

    registry = LayerRegistry.default()
    docs, found, starts = {}, [], []
    for side, (outlet, text) in zip("abcdefgh", articles):
        doc = Document(f"{prefix}{side}.txt#0", f"{prefix}{side}.txt", 0, text, outlet=outlet,
                       published=PUBLISHED, language="en")
        analysis = analyse_document(doc, AnalysisSpec())
        findings, _ = document_findings(doc, analysis.claims, analysis.sentences, registry)
        docs[doc.id] = doc
        found += findings
        starts.append((doc.id, [s for s, _ in analysis.sentences]))
    return Merged(found, starts, merge_findings(found, registry.ids(), registry.context_layer, docs))


def score_pairs(pairs: list[Pair]) -> Score:
    """Precision and recall of merging over ``pairs`` (each pair merged on its own)."""
    score = Score()
    for k, pair in enumerate(pairs):
        run = analyse_and_merge((pair.a, pair.b), f"pair{k}")
        last = [(doc_id, starts[-1] if starts else 0) for doc_id, starts in run.starts]
        together = any(all(any((s.doc_id, s.sent_start) == key for s in f.sources) for key in last)
                       for f in run.merged)
        score.add(together, pair.same, lambda: (
            f"line {pair.line}: merged, but different: {pair.b[1][:80]}" if together else
            f"line {pair.line}: kept apart, but the same "
            f"({'placed' if any(f.locus for f in run.found) else 'no locus'}): {pair.b[1][:80]}"))
    return score


def score_file(path: Path) -> Score:
    return score_pairs(parse_pairs(path.read_text(encoding="utf-8"), path.name))
