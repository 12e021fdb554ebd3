"""The broad class of an English noun or verb (WordNet's supersense of its first sense).

The place-role model reads these classes beside the words themselves, so that what it
learnt from one word carries to others of its kind: "the consent of India" and "the
request of the United States" (communication), "the will of France" (cognition), "the
coast of" and "the shore of" (object), "invaded" and "defeated" (competition), "flew" and
"sailed" (motion). The table is ``geo/data/role_word_classes.json``, derived from WordNet
3.0 by ``scripts/make_word_classes.py`` (the common words only: those of WordNet's
sense-tagged corpus).

Without a tagger the part of speech is unknown, so :func:`classes` gives the noun class
and the verb class of a word when it has both. Inflected forms are reduced with WordNet's
own detachment rules and exception lists ("plains" -> plain, "went" -> go, "stopped" ->
stop).

>>> classes("ministries")
('n:group',)
>>> classes("invaded")
('v:competition',)
>>> classes("Beijing")
()
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

TABLE = "role_word_classes.json"
# WordNet's morphy detachment rules, by part of speech (suffix, replacement).
_RULES = {"n": (("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
                ("ies", "y"), ("s", "")),
          "v": (("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""),
                ("s", ""))}


@lru_cache(maxsize=1)
def _table() -> dict:
    return json.loads(resources.files("geo").joinpath("data", TABLE).read_text(encoding="utf-8"))


def lemma(word: str, pos: str) -> str | None:
    """The lemma of ``word`` (lower case) as a ``pos`` ("n" or "v") the table knows, or None."""
    t = _table()
    known, exc = t[pos], t[f"{pos}_exc"]
    if word in known:
        return word
    if word in exc:
        return exc[word]
    for suffix, repl in _RULES[pos]:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            base = word[: -len(suffix)] + repl
            if base in known:
                return base
            # "stopped", "planning": the consonant doubled before the ending
            if pos == "v" and not repl and len(base) > 2 and base[-1] == base[-2] and base[:-1] in known:
                return base[:-1]
    return None


@lru_cache(maxsize=8192)
def classes(word: str) -> tuple[str, ...]:
    """``n:CLASS`` and/or ``v:CLASS`` of a lower-case word; none for a capitalised one (a name)."""
    if not word[:1].islower() or not word.isalpha():
        return ()
    t = _table()
    out = []
    for pos in ("n", "v"):
        base = lemma(word, pos)
        if base is not None:
            out.append(f"{pos}:{t[pos][base]}")
    return tuple(out)


@lru_cache(maxsize=8192)
def derived(word: str) -> str | None:
    """``v:CLASS`` of the verb a lower-case noun's first sense is derived from or gives, or None.

    What an act noun is an act of: "approval" (approve: communication) and "consent" are a
    government's will, "invasion" and "blockade" (competition) are done to a place.

    >>> derived("invasion"), derived("approvals"), derived("coast")
    ('v:competition', 'v:communication', None)
    """
    if not word[:1].islower() or not word.isalpha():
        return None
    base = lemma(word, "n")
    cls = _table().get("n_verb", {}).get(base) if base else None
    return f"v:{cls}" if cls else None
