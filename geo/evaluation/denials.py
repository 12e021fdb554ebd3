"""Score how denials are linked to the claims they deny (:mod:`geo.findings.denials`).

A denials file holds blocks of a label line (``denies`` or ``unrelated``) and one or two
article lines ``<publishing outlet> | <text>``; lines starting with ``#`` are comments. With
one article, its first sentence is the claim and its last the denial; with two, the claim is
the first article's last sentence and the denial the second's last. A block is predicted
*denies* when, after the articles' findings are merged as a build merges them, one finding
holds the claim sentence as a source that does not deny and the denial sentence as a source
with stance ``denies``. Each article goes through the whole analysis: what is scored is what
a build would do.

>>> blocks = parse_blocks("denies\\nA | One. Two.\\n\\nunrelated\\nA | Three.\\nB | Four.\\n")
>>> [(b.denies, len(b.articles)) for b in blocks]
[(True, 1), (False, 2)]
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from geo.evaluation.merging import Score, analyse_and_merge, article_lines, labelled_blocks

LABELS = ("denies", "unrelated")


@dataclass(frozen=True)
class DenialBlock:
    denies: bool
    articles: tuple[tuple[str, str], ...]     # (publishing outlet, article text), one or two
    line: int = 0                             # where the block starts in its file


def parse_blocks(text: str, name: str = "denials") -> list[DenialBlock]:
    """The blocks of a denials file; a malformed block raises ``ValueError`` naming its line."""
    blocks = []
    for start, block in labelled_blocks(text):
        articles = article_lines(block[1:])
        if len(block) not in (2, 3) or block[0] not in LABELS or articles is None:
            raise ValueError(f"{name}: line {start}: a block is a label (denies/unrelated) and one or two "
                             "'outlet | text' lines")
        blocks.append(DenialBlock(block[0] == "denies", articles, start))
    return blocks


def score_blocks(blocks: list[DenialBlock]) -> Score:
    """Precision and recall of denial linking over ``blocks`` (each block analysed on its own)."""
    from geo.model import Stance

    score = Score()
    for k, block in enumerate(blocks):
        run = analyse_and_merge(block.articles, f"denial{k}")
        spans = [(doc_id, starts or [0]) for doc_id, starts in run.starts]
        (a_id, a_starts), (b_id, b_starts) = spans[0], spans[-1]
        claim = (a_id, a_starts[0] if len(spans) == 1 else a_starts[-1])
        denial = (b_id, b_starts[-1])
        linked = any(any((s.doc_id, s.sent_start) == claim and s.stance is not Stance.DENIES for s in f.sources)
                     and any((s.doc_id, s.sent_start) == denial and s.stance is Stance.DENIES for s in f.sources)
                     for f in run.merged)
        text = block.articles[-1][1]
        def placed() -> str:
            found = any((f.sources[0].doc_id, f.sources[0].sent_start) == claim for f in run.found)
            return "claim has a finding" if found else "claim has no finding"

        score.add(linked, block.denies, lambda: (
            f"line {block.line}: linked, but unrelated: {text[-90:]}" if linked else
            f"line {block.line}: not linked ({placed()}): {text[-90:]}"))
    return score


def score_file(path: Path) -> Score:
    return score_blocks(parse_blocks(path.read_text(encoding="utf-8"), path.name))
