"""Where the NER model must look: windows around capitalised words that could name a place, or any name.

The NER model is most of the cost of geoparsing, and most of an article's
tokens are nowhere near a word that could be a place. Every mention detector
(:mod:`geo.language.mentions`) starts from a capitalised name the gazetteer knows, or
from an entity the model puts on one; the entities it uses to *reject* a place
(a PERSON "Scott", an ORG "Ohio State University") contain that name too. So
the model only needs to see each such name with enough words around it to
decide its label; the rest of the text goes through the tokenizer only.

A capitalised run counts when one of its sub-runs of up to three words is a
gazetteer name (a place, an abbreviation, a demonym or a curated site).
Stop words ("One", "More", "By") and calendar words ("March", "May",
"Thursday") that open a sentence or a headline are not names here, though
some village somewhere is called that.

Example
-------
>>> from geo.places.gazetteer import Gazetteer                                     # doctest: +SKIP
>>> gate = NerGate(Gazetteer.open())                                        # doctest: +SKIP
>>> doc = pipeline().make_doc("It rained all day. Officials met in Havana.")  # doctest: +SKIP
>>> [doc[s:e].text for s, e in gate.windows(doc)]                           # doctest: +SKIP
['day. Officials met in Havana.']
"""
from __future__ import annotations

import calendar

from spacy.lang.en.stop_words import STOP_WORDS

# Words of context on each side of a candidate name. The NER's token encoder
# (four window-1 convolutions) sees four words either way, so with four the
# vector of every candidate word is the one it gets in the whole text; its
# transition features look at the current and the previous word only.
CONTEXT = 4
# Names longer than this many words are found through their sub-runs.
MAX_NAME_WORDS = 3
_CALENDAR = {w.lower() for w in (*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name,
                                 *calendar.day_abbr)}


# Whether a word is capitalised in the sense of :meth:`NerGate._capitalised`, by its orth id
# (the hash of its text, the same in every Doc of the process): the test reads only the word's
# text, lower case and upper-case flag, and making a Token object for each word of the article
# to ask it cost more than the test. Bounded: cleared once it holds _MAX_KNOWN words.
_CAPITALISED: dict[int, bool] = {}
_MAX_KNOWN = 200_000


def _capitalised_flags(doc) -> list[bool]:
    """:meth:`NerGate._capitalised` of each token of ``doc``, in order."""
    if not len(doc):
        return []
    from spacy.attrs import ORTH

    known = _CAPITALISED
    if len(known) > _MAX_KNOWN:
        known.clear()
    flags = []
    for i, orth in enumerate(doc.to_array(ORTH).tolist()):
        flag = known.get(orth)
        if flag is None:
            flag = known[orth] = NerGate._capitalised(doc[i])
        flags.append(flag)
    return flags


class NerGate:
    """Token windows of a spaCy Doc that the NER model must see."""

    def __init__(self, gazetteer, context: int = CONTEXT):
        self.gazetteer = gazetteer
        self.context = context
        self._known: dict[str, bool] = {}

    def _is_name(self, words: list[str]) -> bool:
        name = " ".join(words)
        hit = self._known.get(name)
        if hit is None:
            hit = self._known[name] = bool(self.gazetteer.lookup(name, 1))
        return hit

    @staticmethod
    def _capitalised(token) -> bool:
        text = token.text
        if not text[:1].isupper():
            return False
        low = token.lower_
        # "US" is a name, "Us" opening a headline is not.
        return token.is_upper and len(text) > 1 or (low not in STOP_WORDS and low not in _CALENDAR)

    def runs(self, doc):
        """Token ranges ``(start, end)`` of the capitalised runs, in order."""
        capitalised = _capitalised_flags(doc)
        i, n = 0, len(doc)
        while i < n:
            if not capitalised[i]:
                i += 1
                continue
            j = i
            while j < n and capitalised[j]:
                j += 1
            yield i, j
            i = j

    def candidates(self, doc) -> list[tuple[int, int]]:
        """Token ranges of capitalised runs that contain a gazetteer name."""
        out = []
        for i, j in self.runs(doc):
            words = [t.text for t in doc[i:j]]
            if any(self._is_name(words[a:b]) for a in range(len(words))
                   for b in range(a + 1, min(len(words), a + MAX_NAME_WORDS) + 1)):
                out.append((i, j))
        return out

    def windows(self, doc) -> list[tuple[int, int]]:
        """Disjoint, sorted token windows: each candidate with ``context`` tokens either side, merged."""
        merged: list[list[int]] = []
        for start, end in self.candidates(doc):
            start, end = max(0, start - self.context), min(len(doc), end + self.context)
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return [(s, e) for s, e in merged]


class NameGate(NerGate):
    """Windows around every capitalised name, place or not: what the build's NER must see.

    The build needs every person (visits, nationalities) and organisation (a place
    inside one is no place) as well as the places, so no gazetteer test here: every
    capitalised run counts, sentence-opening stop and calendar words excepted, as
    in :class:`NerGate`. Measured on LGL's first 150 articles: the windows hold 50% of
    the tokens; against the NER over the whole text they keep 1,235 of 1,237
    PERSON, 757 of 761 GPE, 65 of 66 LOC, 125 of 127 FAC, 987 of 1,002 ORG and all
    147 NORP entities, and the NER plus the sentence splitter run 1.76 times as
    fast (CPU time, one process); the seeds' outputs are byte-identical. Three
    words of context: 2.0 times, keeping 1,233 PERSON and 757 GPE (the seeds'
    outputs unchanged too); four is the encoder's reach, so every name's token
    vectors are the ones the whole text gives them.
    """

    def __init__(self, context: int = CONTEXT):
        super().__init__(gazetteer=None, context=context)

    def candidates(self, doc) -> list[tuple[int, int]]:
        return list(self.runs(doc))
