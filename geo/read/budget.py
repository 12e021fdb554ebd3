"""Per-article budgets: characters, sentence length and mentions, each checked before the work it bounds.

An article is untrusted input, and one that is huge in some direction costs the
build time and memory that grow with it. The analysis is linear in the text
(measured: "Officials visited Paris." x 5,000 / 10,000 / 20,000 in 14 / 31 / 35 s), but
spaCy's NER holds activations for the whole text at once: 1.25 GB for a 500 KB
article. So each article is fitted to three budgets, and every cut is one
problem line naming the file (and the section of a compilation):

* ``MAX_ARTICLE_CHARS``: the text is cut before it reaches spaCy, at the last
  paragraph or sentence end before the limit (peak memory about 2.5 KB a character);
* ``MAX_SENTENCE_CHARS``: a sentence (as spaCy splits them) longer than this is
  broken into pieces before any mention is looked at, so no claim, popup or
  spreadsheet cell carries a 100 KB "sentence"; nothing is dropped;
* ``MAX_MENTIONS``: after the NER, the mentions past the budget are dropped and
  the article is analysed up to the sentence holding the first dropped one, so
  role, resolution, claim and finding work is bounded.

Real news is far inside each budget (a long feature is 60,000 characters, its
longest sentence under 1,000, and it names at most a few hundred places).

Example
-------
>>> cut, note = fit_text("One. Two. Three.", max_chars=10)
>>> cut, note
('One. Two.', 'cut at character 9 of 16 (the per-article budget is 10 characters); the rest is not analysed')
>>> sentence = "a long sentence, with commas, here"
>>> [sentence[s:e] for s, e in sentence_pieces(sentence, max_chars=16)]
['a long sentence,', ' with commas,', ' here']
"""
from __future__ import annotations

import re

MAX_ARTICLE_CHARS = 200_000
MAX_SENTENCE_CHARS = 3_000
MAX_MENTIONS = 5_000

# Where a cut may fall, best first: a paragraph break, a sentence end, any whitespace.
_BOUNDARIES = (re.compile(r"\n\s*\n"), re.compile(r"[.!?][\"'’”)\]]*\s"), re.compile(r"\s"))


def fit_text(text: str, max_chars: int = MAX_ARTICLE_CHARS) -> tuple[str, str]:
    """``text`` cut to at most ``max_chars`` characters at the best boundary, and the problem ('' if uncut)."""
    if len(text) <= max_chars:
        return text, ""
    head = text[:max_chars]
    end = max_chars
    for boundary in _BOUNDARIES:
        # A better kind of boundary wins only near the limit: at most 5,000 characters (or a fifth) lost.
        # Any whitespace will do wherever it is (rather than cut inside a word).
        near = 0 if boundary is _BOUNDARIES[-1] else max_chars - min(5_000, max_chars // 5)
        ends = [m.end() for m in boundary.finditer(head, near)]
        if ends:
            end = ends[-1]
            break
    cut = text[:end].rstrip()
    return cut, (f"cut at character {len(cut):,} of {len(text):,} (the per-article budget is "
                 f"{max_chars:,} characters); the rest is not analysed")


def sentence_pieces(sentence: str, max_chars: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of pieces of ``sentence``, each at most ``max_chars`` long, ending
    after a comma, semicolon or colon where one is near the limit, else after a space."""
    pieces, at, end = [], 0, len(sentence)
    while end - at > max_chars:
        window = sentence[at:at + max_chars]
        split = max(window.rfind(c) for c in ",;:")
        if split < max_chars // 2:
            split = window.rfind(" ")
        cut = at + (split + 1 if split > 0 else max_chars)
        pieces.append((at, cut))
        at = cut
    pieces.append((at, end))
    return pieces


def split_long_sentences(sdoc, max_chars: int = MAX_SENTENCE_CHARS) -> str:
    """Mark extra sentence starts in the spaCy Doc so no sentence is much longer than ``max_chars``
    (a piece starts at the first token at or after its offset); the problem ('' if none was long)."""
    longest, count = 0, 0
    for sent in list(sdoc.sents):
        # A Span's text ends at its last token's end: its length is read without joining its tokens.
        if sent.end_char - sent.start_char <= max_chars:
            continue
        longest, count = max(longest, len(sent.text)), count + 1
        starts = [sent.start_char + s for s, _ in sentence_pieces(sent.text, max_chars)[1:]]
        i = 0
        for token in sent[1:]:
            if i < len(starts) and token.idx >= starts[i]:
                token.is_sent_start = True
                while i < len(starts) and starts[i] <= token.idx:
                    i += 1
    if not count:
        return ""
    return (f"{count:,} sentence(s) over {max_chars:,} characters (the longest {longest:,}) "
            f"broken into pieces of at most about {max_chars:,}")


def mention_budget(mentions: list, sentences: list[tuple[int, int]], max_mentions: int = MAX_MENTIONS):
    """The first ``max_mentions`` mentions (whole sentences only), the offset where the analysis
    stops (None if within budget) and the problem ('' if none)."""
    if len(mentions) <= max_mentions:
        return mentions, None, ""
    first_dropped = mentions[max_mentions].start
    stop = first_dropped
    for s, e in sentences:
        if s <= first_dropped < e:
            stop = s
            break
    kept = [m for m in mentions if m.end <= stop]
    return kept, stop, (f"{len(mentions):,} place mentions, over the budget of {max_mentions:,}: analysed up "
                        f"to character {stop:,} ({len(kept):,} mentions); the rest is not analysed")
