"""spaCy's English stop words, read without importing spaCy.

``from spacy.lang.en.stop_words import STOP_WORDS`` runs ``spacy/__init__.py`` first, which
imports the whole library (0.45 s of CPU, profiled). The process that writes a build's outputs
never needs spaCy otherwise: it reads the stop words only to compare denials
(:mod:`geo.findings.denials`), so a rebuild paid for the library to get a word list. The list is
the same module of the installed spaCy, run on its own (it imports nothing), so the words are
the same.

>>> words = english()
>>> "the" in words and "havana" not in words and words == _imported()
True
"""
from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path

__all__ = ["english"]


@lru_cache(maxsize=1)
def english() -> frozenset[str]:
    """The stop words of the installed spaCy's English (``spacy.lang.en.stop_words.STOP_WORDS``)."""
    loaded = sys.modules.get("spacy.lang.en.stop_words")
    if loaded is not None:
        return frozenset(loaded.STOP_WORDS)
    found = importlib.util.find_spec("spacy")        # finds the package without running it
    if found is None or not found.submodule_search_locations:
        return _imported()
    path = Path(next(iter(found.submodule_search_locations))) / "lang" / "en" / "stop_words.py"
    spec = importlib.util.spec_from_file_location("_briefmap_spacy_en_stop_words", path)
    if spec is None or spec.loader is None:
        return _imported()
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


def _imported() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)
