"""How a place mention is used: the place itself, or something that stands for it.

``literal``
    where something is, happens or goes, or the land itself: "a base in Cambodia",
    "flew to Havana", "floods in Texas", "Texas floods".
``associative``
    the name stands for something else: a government or people acting ("Beijing
    denied", "Moscow and Havana agreed"), a team ("Mexico won"), a demonym or
    non-literal modifier ("Chinese officials", "U.S. officials"), an organisation or
    event named after the place ("the Berlin Film Festival").

This is location metonymy resolution, with ReLocaR's guidelines (Gritta et al.,
ACL 2017): a political entity that acts is associative.

A few rules and two models decide, in order, and each judgement names the one that did
(``RoleJudgement.decided_by``), so a corpus's counts show which passes matter:

``demonym``
    the mention is a demonym ("Chinese", "Cubans"): associative by definition, with
    or without a point on the map; literal before a noun for the land itself ("on
    Cuban soil", "Chinese waters").
``facility``
    the mention describes a facility ("a Chinese navy base in Cambodia"), or names the
    town a built place stands in ("Vancouver International Airport", "Greer City Hall",
    :data:`FACILITY_AFTER`): literal.
``dateline``, ``residence``, ``downtown``, ``border``, ``home``
    the place a report was filed from; a place whose residents the text names ("Walker
    County residents"); a town after "downtown"; a place whose border is meant ("near the
    Indiana border"); a place that "is home to" something: literal.
``organisation``
    the mention detector found the name leading an organisation's name
    ("Ohio State University"): associative.
``container``
    set after resolution (:func:`container_roles`): a state or country written right after
    a place it contains ("Louisville, Ky.") takes that place's role.
``model``
    everything else: a logistic regression over the words around the name (see
    :func:`features`: positions, bags, the preposition before it and the word that
    governs it, the first content word after it, a possessive and the possessed noun),
    each predicate word also by its WordNet class (:mod:`geo.language.wordclass`:
    "government" a group, "coast" a natural feature, "invaded" a fighting verb), trained
    by ``scripts/train_roles.py`` and shipped as ``geo/data/roles_model.json``. A window
    with no word the model knows gets ``literal`` with confidence 0.5, and its reason
    says so.
``parse``
    a mention the words model judges with less than :data:`CONFIDENT` (61% of
    ReLocaR's) goes to a second logistic regression over its dependency parse
    (:func:`parse_features`: the arc label, the head word, the word a preposition
    hangs from, the verb of a subject or object, the noun a modifier or possessor
    qualifies, three ancestors, each with its WordNet class; Gritta et al.'s predicate
    window; the verb's frame, what fills its other arguments; what an act noun governing
    the name is an act of) and the parser's context vector of the name (:func:`parse_vector`). spaCy's
    parser reads only the mention's sentence, at most ten words either side
    (:func:`parse_window`), never the whole text.

Every reason names the pass and the evidence that decided, strongest first ("role
model (parse) p(associative)=0.91: subject of a speech verb; possessor of a group or
institution noun"), and says ``unsure`` below confidence :data:`UNSURE`.

What each part gives (``python scripts/train_roles.py``, 10-fold cross validation on
the 80% of ReLocaR's training half the model is fitted on; the figures are in the
model file's ``training`` block and the README):

* the words model alone: 79.5% (77.2% without the word classes);
* the parse model alone: 87.0% (arcs and words only 82.5%, + WordNet classes 85.3%,
  + the context vector 87.0%; 86.8% before the verb frames and act nouns, 84.9% before
  list members read their list's arcs);
* the cascade, as shipped: 86.2%, parsing 61% of the mentions at :data:`CONFIDENT`
  0.9 (86.1% before the frames, 84.7% at 0.85 before the list arcs).
* Model family: gradient boosting on the same parse features (scikit-learn's
  ``HistGradientBoostingClassifier``, features seen three times or more plus the
  vector) did not finish 10 folds within 15 CPU minutes on the loaded machine, against
  about 10 s for the logistic regression, so it is not measured; the logistic
  regressions are kept: linear weights a reason can quote, a few hundred KB of JSON.

On the 20% of ReLocaR's training half never fitted on: 87.8% with the cascade (86.8%
before the frames, 85.4% before the list arcs, 83.9% before the classes and the vector).
Judging roles alone on ReLocaR's sentences (CPU time, the machine loaded, load average
9): 12,500-20,000 words/s one call a sentence, 37,600-51,600 words/s with 32 sentences
a call (:meth:`RoleModel.judge_batch`, as a geoparse batch judges its articles).

Example
-------
>>> model = RoleModel.default()
>>> text = "Beijing denied the report. The ship docked in Havana."
>>> model.judge(text, 0, 7).role.value
'associative'
>>> model.judge(text, 46, 52).role.value
'literal'
"""
from __future__ import annotations

import math
import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable, Sequence

from geo.language.wordclass import classes, derived
from geo.model import Role, RoleJudgement
from geo.modelfile import read_model

SCHEMA = 3
MODEL_FILE = "roles_model.json"
# Context the features read on each side, in characters: more than the eight tokens
# used, and a bound on the work per mention however long the article is.
WINDOW_CHARS = 160
# "U.S." keeps its dots; any other full stop is a token of its own.
_TOKEN = re.compile(r"'s\b|\w+(?:\.\w+)+\.?|\w+(?:[-']\w+)*|\n\s*\n|[^\w\s]")
_ENDS = frozenset({".", "!", "?"})
# The parse window: the mention's sentence, at most this many words either side. Ten
# words cost nothing measurable against the whole sentence (CV 82.0% and 82.2%) and
# parse about 30% fewer words; six lost 0.7 points.
PARSE_WORDS = 10
# A sentence ends at a full stop after a lower-case word or a digit, before a capital
# ("U.S. officials" and "the U.S. President" do not end one), or at a paragraph break.
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\"'”’][.!?])\s+(?=[A-Z\"“‘(])|\n\s*\n")
_WORD = re.compile(r"\S+")
# Below this probability of its role the words model hands a mention to the parse model.
# Since list members read their list's arcs the parse model is 7 points better than the
# words model, and each mention kept from it costs accuracy: 10-fold CV of the cascade on
# the fitted part (fold seeds 13 and 7) 85.9%/84.8% at 0.85 (51% parsed), 86.1%/85.5% at
# 0.9 (61%), 86.6%/85.8% at 0.95 (80%), the parse alone 86.8%/86.0%. 0.9 buys half of it
# for a fifth more parsing.
CONFIDENT = 0.9
# A demonym stands for the people or state, except before a noun for the land itself:
# "on Cuban soil", "in Chinese waters", "the Russian coast".
_LAND = re.compile(r"\s+(?:soil|territory|territorial waters|waters|airspace|coast|coastline|shores?|mainland|"
                   r"island|islands|border|land)\b", re.I)
_PREPOSITIONS = frozenset(
    "in at to from of for with by on into near across throughout within outside against between toward towards "
    "over through inside around via after under beyond off".split())
# Function words and light verbs skipped when looking for the first content word after
# the name ("Russia has also denied" -> denied).
_LIGHT = frozenset(
    "has have had was were is are be been will would could should may might must can also then did does do not "
    "never still and or the a an its their his her s 's , ( ) - – — \" ' ’".split())
# The features a reason names, in words; the others (bags, suffixes, shapes) are weaker
# and harder to read.
_DESCRIBE = {"l1": "word before", "r1": "word after", "l2": "two words before", "r2": "second word after",
             "gov": "governed by", "prep": "after the preposition", "verb": "followed by", "prepgov": "in",
             "dsubjv": "subject of", "dpg": "in", "dmod": "modifies", "dhl": "depends on"}


def tokens(text: str) -> list[str]:
    """Words and punctuation; a paragraph break is the token "." (it ends a sentence too)."""
    return [w if w.strip() else "." for w in _TOKEN.findall(text.replace("’", "'"))]


def _shape(word: str) -> str:
    if word[:1].isupper():
        return "XX" if word.isupper() and len(word) > 1 else "X"
    if word[:1].isdigit():
        return "d"
    return "x" if word[:1].isalpha() else word


# The nouns of a public office or service, and the words that lead one ("city administrator",
# "Fire Department"): a place's name before them names whose office it is, a body standing for
# the place ("Anderson County Sheriff Greg Taylor", "a Cambridge firefighter", "Fargo city
# administrator"), where a name before another person noun says where someone is ("a Huntsville
# man"). One feature, ``office``, for the models to weigh (README, "Place roles").
_OFFICES = frozenset((
    "sheriff", "sheriffs", "police", "policeman", "policemen", "firefighter", "firefighters", "ems", "mayor",
    "council", "councilman", "councilwoman", "councillor", "councilor", "administrator", "commissioner",
    "commissioners", "officials", "department", "board", "attorney", "prosecutor", "prosecutors", "clerk",
    "coroner", "authorities", "government", "legislature", "lawmakers", "senator", "governor", "selectmen",
    "trustees", "deputies", "detectives", "investigators", "superintendent", "schools", "agency", "ministry",
    "parliament", "assembly", "delegation", "court", "judge", "supervisors", "aldermen", "treasurer"))
_OFFICE_LEADS = frozenset(("city", "county", "town", "state", "village", "fire", "police", "emergency", "school",
                           "area", "municipal", "township", "parish", "district", "public", "health"))


def office_after(right: Sequence[str]) -> bool:
    """The words after a name (lower case) begin with an office's or a public service's noun.

    >>> office_after(["sheriff", "greg"]), office_after(["city", "administrator"]), office_after(["man", "was"])
    (True, True, False)
    """
    return bool(right) and (right[0] in _OFFICES or (right[0] in _OFFICE_LEADS and len(right) > 1
                                                        and right[1] in _OFFICES))


def features(text: str, start: int, end: int) -> list[str]:
    """The names of the features of the mention ``text[start:end]`` (all binary).

    >>> [f for f in features("Officials in Beijing denied it.", 13, 20) if f.startswith(("prep=", "verb="))]
    ['prep=in', 'verb=denied']
    """
    lo = max(0, start - WINDOW_CHARS)
    left = tokens(text[lo:start])
    if lo > 0 and left and not text[lo - 1].isspace():
        left = left[1:]             # the window cut a word in two
    right = tokens(text[end:end + WINDOW_CHARS])
    # The features read the mention's own sentence: a full stop standing alone
    # (abbreviations keep theirs: "U.S.") or a paragraph break ends it.
    cut = max((i for i, w in enumerate(left) if w in _ENDS), default=-1)
    left = left[cut + 1:]
    right = right[:next((i for i, w in enumerate(right) if w in _ENDS), len(right))]
    raw_left = (["<s>"] * 2 + left)[-2:]
    left = ["<s>"] * 6 + [w.lower() for w in left[-8:]]
    raw_right = right[:8]
    right = [w.lower() for w in raw_right] + ["</s>"] * 3
    raw_right += ["</s>"] * 3
    f = [f"l1={left[-1]}", f"l2={left[-2]}", f"l3={left[-3]}", f"r1={right[0]}", f"r2={right[1]}",
         f"r3={right[2]}", f"l21={left[-2]}_{left[-1]}", f"r12={right[0]}_{right[1]}"]
    f += sorted({f"lb={w}" for w in left[-6:]}) + sorted({f"rb={w}" for w in right[:6]})
    for key, word, raw in (("l1", left[-1], raw_left[-1]), ("l2", left[-2], raw_left[-2]),
                           ("r1", right[0], raw_right[0]), ("r2", right[1], raw_right[1])):
        f += [f"{key}suf={word[-3:]}", f"{key}shape={_shape(raw)}"]
    for k in range(1, 5):
        if left[-k] in _PREPOSITIONS:
            gov = left[-k - 1]
            f += [f"prep={left[-k]}", f"gov={gov}", f"govsuf={gov[-3:]}", f"prepgov={left[-k]}_{gov}",
                  f"prepdist={k}"]
            break
    else:
        f.append("noprep")
    for word, raw in zip(right[:5], raw_right[:5]):
        if word not in _LIGHT and raw[:1].islower():
            f += [f"verb={word}", f"verbsuf={word[-3:]}"]
            break
    if right[0] in ("'s", "'"):
        f.append("poss")
        # the possessed noun: the first word after the 's that has a noun class
        # ("Chile's central bank" -> bank, group; "Chile's northern desert" -> desert, object)
        for word in right[1:4]:
            kinds = [c for c in classes(word) if c.startswith("n:")]
            if kinds:
                f += [f"possc={c}" for c in kinds]
                break
    # the class of the words that carry the predicate, so that what is learnt for
    # "invaded" carries to "occupied", for "the coast of" to "the shore of"
    for name in [x for x in f if x.startswith(("gov=", "verb=", "l1=", "r1="))]:
        key, _, word = name.partition("=")
        f += [f"{key}c={c}" for c in classes(word)]
    f.append(f"nwords={min(len(text[start:end].split()), 3)}")
    if left[-1] == "<s>":
        f.append("first")
    if office_after([w for w in right[:2] if w not in ("–", "-", "/")] + right[2:3]):
        f.append("office")
    return f


def parse_window(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of ``text`` the parser reads for the mention ``text[start:end]``: its
    sentence, at most :data:`PARSE_WORDS` words either side (and :data:`WINDOW_CHARS`).

    >>> t = "Talks ended. Officials in Beijing denied it on Monday."
    >>> lo, hi = parse_window(t, 26, 33); t[lo:hi]
    'Officials in Beijing denied it on Monday.'
    """
    lo, hi = max(0, start - WINDOW_CHARS), min(len(text), end + WINDOW_CHARS)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    if ends:
        lo = ends[-1]
    stop = _SENTENCE_END.search(text, end, hi)
    if stop:
        hi = stop.start()
    left = [m.start() for m in _WORD.finditer(text, lo, start)]
    if len(left) > PARSE_WORDS:
        lo = left[-PARSE_WORDS]
    right = [m.end() for m in _WORD.finditer(text, end, hi)]
    if len(right) > PARSE_WORDS:
        hi = right[PARSE_WORDS - 1]
    return lo, hi


def _arc_features(tok, p: str) -> list[str]:
    """The dependency neighbourhood of one token: its label, its head, the head's label,
    the word a preposition hangs from, the verb of a subject, the noun a modifier or
    possessor qualifies, and the path to three ancestors."""
    head = tok.head
    f = [f"{p}dep={tok.dep_}", f"{p}hl={head.lower_}", f"{p}dephl={tok.dep_}_{head.lower_}",
         f"{p}hdep={head.dep_}", f"{p}dephdep={tok.dep_}_{head.dep_}"]
    if tok.dep_ == "pobj":
        gov = head.head
        f += [f"{p}pg={head.lower_}_{gov.lower_}", f"{p}gl={gov.lower_}", f"{p}pdep={head.dep_}_{gov.dep_}",
              f"{p}gsuf={gov.lower_[-3:]}"]
    if tok.dep_ in ("nsubj", "nsubjpass"):
        f += [f"{p}subjv={head.lower_}_{tok.dep_}", f"{p}vsuf={head.lower_[-3:]}"]
    if tok.dep_ in ("compound", "amod", "nmod", "poss"):
        f += [f"{p}mod={tok.dep_}_{head.lower_}", f"{p}modhdep={head.dep_}"]
        if head.dep_ == "pobj":
            f.append(f"{p}modp={head.head.lower_}")
    # The same relations with the head's class in place of the head's word.
    f += [f"{p}hc={tok.dep_}_{c}" for c in classes(head.lower_)]
    if tok.dep_ == "pobj":
        f += [f"{p}pgc={head.lower_}_{c}" for c in classes(head.head.lower_)]
        f += [f"{p}gc={c}" for c in classes(head.head.lower_)]
    if tok.dep_ in ("nsubj", "nsubjpass"):
        f += [f"{p}subjc={tok.dep_}_{c}" for c in classes(head.lower_)]
    if tok.dep_ in ("compound", "amod", "nmod", "poss"):
        f += [f"{p}modc={c}" for c in classes(head.lower_)]
        if tok.dep_ == "poss":
            f += [f"{p}possc={c}" for c in classes(head.lower_)]
    # What the noun governing the name is an act of: "the approval of X" (X approves: a
    # government), "the invasion of X" (X is invaded: the land); "X's withdrawal".
    act = derived(head.head.lower_) if tok.dep_ == "pobj" else derived(head.lower_)
    if act and (tok.dep_ == "poss" or tok.dep_ == "pobj" and head.lower_ == "of"):
        rel = head.lower_ if tok.dep_ == "pobj" else tok.dep_
        f += [f"{p}act={rel}_{act}"]
    # Three steps up, always: past the sentence's root the steps stay on it ("nsubj/ROOT/ROOT"),
    # which tells how deep the name sits. Stopping at the root instead cost 0.7 points of
    # 10-fold CV (86.9% to 86.1%, fold seed 13; equal with seed 7).
    node, path = tok, []
    for _ in range(3):
        path.append(node.dep_)
        node = node.head
        f += [f"{p}anc{len(path)}={node.lower_}", f"{p}path{len(path)}={'/'.join(path)}"]
        f += [f"{p}ancc{len(path)}={'/'.join(path)}_{c}" for c in classes(node.lower_)]
    f += _frame_features(tok, p)
    if any(c.dep_ == "case" for c in tok.children):
        f.append(f"{p}poss")
    if any(c.dep_ == "det" for c in tok.children):
        f.append(f"{p}det")
    return f


# The verb's other arguments that say what kind of frame the name fills.
_CORE = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "acomp", "dative", "ccomp", "xcomp", "agent", "oprd"})
_COMPLEMENT = ("dobj", "attr", "acomp", "oprd")


def _other(tok) -> str:
    """A verb's argument in brief: its class, or NAME for a capitalised word (most often a name)."""
    if tok.text[:1].isupper() and tok.i > 0 or tok.text.isupper():
        return "NAME"
    found = [c for c in classes(tok.lower_) if c.startswith("n:")]
    return found[0] if found else tok.lower_


def _frame_features(tok, p: str) -> list[str]:
    """The frame a subject or object fills: the verb's class with the name's relation and the
    verb's other arguments. "Iraq invaded Kuwait": the subject of a fighting verb with a name
    as object (the agent: associative), the object of a fighting verb with a name as subject
    (the land invaded: literal); "Namibia has a dry climate": the subject of "has" whose
    object is a state noun (the land described: literal)."""
    if tok.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return []
    verb = tok.head
    others = [c for c in verb.children if c.dep_ in _CORE and c.i != tok.i]
    rels = "+".join(sorted({c.dep_ for c in others})) or "none"
    vcls = [c for c in classes(verb.lower_) if c.startswith("v:")] or [verb.lower_]
    f = [f"{p}frame={tok.dep_}_{v}_{rels}" for v in vcls]
    for c in others:
        if tok.dep_ == "dobj" and c.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if tok.dep_ != "dobj" and c.dep_ not in _COMPLEMENT:
            continue
        kind = _other(c)
        f += [f"{p}farg={tok.dep_}_{c.dep_}_{kind}"] + [f"{p}fvarg={tok.dep_}_{v}_{c.dep_}_{kind}" for v in vcls]
    return f


def parse_features(doc, start: int, end: int) -> list[str]:
    """The dependency features of the mention ``doc.text[start:end]`` in a parsed window
    (:func:`parse_window`, :func:`geo.language.nlp.dependency_parse`): those of the name's head
    word or, for a member of a list or an apposition ("talks between Algeria and X"), those
    of the list's first member, plus ``dinlist``.

    A list member takes the list's role (ReLocaR annotates "Algeria and the United States"
    alike), and the parser hangs the list's relation to the sentence on its first member
    only: the others are ``conj`` of it, which says nothing of the role. Reading the first
    member's arcs in their place, not beside them as before (prefixed ``c``), gained 1-2
    points of 10-fold CV on the parse model (84.9% to 86.8% with fold seed 13, 84.7% to
    86.0% with seed 7).

    >>> from geo.language.nlp import dependency_parse
    >>> doc = dependency_parse(["Talks between Algeria and Peru ended."])[0]
    >>> sorted(f for f in parse_features(doc, 26, 30) if f.startswith(("ddep=", "dinlist")))
    ['ddep=pobj', 'dinlist']
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return []
    # (spaCy makes a new Token object at each access: compare positions, not identities)
    root = first = span.root
    while first.dep_ in ("conj", "appos") and first.head.i != first.i:
        first = first.head
    office = ["office"] if office_after([w.lower() for w in tokens(doc.text[end:end + 40])
                                         if w not in ("–", "-", "/")][:2]) else []
    if first.i == root.i:
        return _arc_features(first, "d") + office
    return _arc_features(first, "d") + ["dinlist"] + office


def parse_vector(doc, start: int, end: int) -> list[float] | None:
    """The parser's context vector (spaCy's shared ``tok2vec`` output, 96 numbers) of the
    head word of the mention ``doc.text[start:end]``: what the words around it say about
    it, beyond the arcs; None if the mention is not in the parse."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span) or doc.tensor is None or len(doc.tensor) != len(doc):
        return None
    # Rounded to one decimal: the parser's float32 arithmetic may differ in its last bits
    # on another CPU, and a retrain must give the same file byte for byte. The values
    # spread over about -5..5, so this costs one sample of 821 (10-fold CV of the parse
    # model 87.0% and 86.0% unrounded, 86.8% and 86.0% rounded, fold seeds 13 and 7).
    return [round(float(x), 1) for x in doc.tensor[span.root.i]]


class _Linear:
    """A logistic regression: a weight per feature name, a bias, and optionally weights
    for a dense vector (multiplied by ``scale`` first, as in training)."""

    def __init__(self, weights: dict[str, float], bias: float, vector: Sequence[float] = (), scale: float = 1.0):
        self.weights, self.bias, self.vector, self.scale = weights, bias, list(vector), scale

    def probability(self, names: Iterable[str], vector: Sequence[float] | None = None
                    ) -> tuple[float, list[tuple[float, str]]]:
        known = [(self.weights[f], f) for f in names if f in self.weights]
        z = self.bias + sum(w for w, _ in known)
        if vector is not None and self.vector:
            dense = self.scale * sum(w * x for w, x in zip(self.vector, vector))
            z += dense
            known.append((dense, "context"))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), known


class RoleModel:
    """The shipped model: two logistic regressions, one over the words around a name
    (:func:`features`) and one over its dependency parse (:func:`parse_features`).

    The first judges every mention; a mention it judges with less than
    :data:`CONFIDENT` goes to the second, which reads a parse of its window. Measured
    by 10-fold CV on the fitted 80% of ReLocaR's training half (the figures are in
    the model file's ``training`` block): words alone 79.5%, the parse alone 87.0%, the
    cascade 86.2% while parsing 61% of the mentions.
    """

    def __init__(self, weights: dict[str, float], bias: float, meta: dict | None = None,
                 parse_weights: dict[str, float] | None = None, parse_bias: float = 0.0,
                 parse_vector: Sequence[float] = (), vector_scale: float = 1.0):
        self.text = _Linear(weights, bias)
        self.parse = _Linear(parse_weights, parse_bias, parse_vector, vector_scale) if parse_weights else None
        self.meta = meta or {}

    @property
    def weights(self) -> dict[str, float]:
        return self.text.weights

    @property
    def bias(self) -> float:
        return self.text.bias

    @classmethod
    def load(cls, path) -> "RoleModel":
        data = read_model(path, SCHEMA, "role")
        parse = data.get("parse") or {}
        vector = parse.get("vector") or {}
        return cls({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]), data.get("training"),
                   {k: float(v) for k, v in parse.get("weights", {}).items()}, float(parse.get("bias", 0.0)),
                   [float(v) for v in vector.get("weights", [])], float(vector.get("scale", 1.0)))

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "RoleModel":
        return cls.load(resources.files("geo").joinpath("data", MODEL_FILE))

    def probability(self, text: str, start: int, end: int) -> tuple[float, list[tuple[float, str]]]:
        """p(associative) from the words around the name, and the known features with their weights."""
        return self.text.probability(features(text, start, end))

    def judge(self, text: str, start: int, end: int) -> RoleJudgement:
        return self.judge_many(text, [(start, end)])[0]

    def judge_many(self, text: str, spans: Sequence[tuple[int, int]], parse=None) -> list[RoleJudgement]:
        """A judgement per ``(start, end)`` of ``text``: the words model, then the parse
        model for those it is unsure of (their windows parsed together, by ``parse``:
        a list of texts to parsed Docs, :func:`geo.language.nlp.dependency_parse` by default)."""
        return self.judge_batch([(text, spans)], parse)[0]

    def judge_batch(self, items: Sequence[tuple[str, Sequence[tuple[int, int]]]], parse=None
                    ) -> list[list[RoleJudgement]]:
        """:meth:`judge_many` for several texts at once: the windows of all the mentions the
        words model is unsure of go to the parser in one batch, and a window met twice
        (two mentions with the same sentence window, a sentence repeated) is parsed once.
        Same judgements as one text at a time; the parser's cost per window falls with the
        batch's size (measured in the README's "Place roles" section)."""
        first = [[self.probability(text, s, e) for s, e in spans] for text, spans in items]
        unsure = [(k, i) for k, row in enumerate(first) for i, (p, _) in enumerate(row)
                  if self.parse and max(p, 1 - p) < CONFIDENT]
        second: dict[tuple[int, int], tuple[float, list]] = {}
        if unsure:
            windows = [parse_window(items[k][0], *items[k][1][i]) for k, i in unsure]
            texts = [items[k][0][lo:hi] for (k, _), (lo, hi) in zip(unsure, windows)]
            distinct = list(dict.fromkeys(texts))
            if parse is None:
                from geo.language.nlp import dependency_parse as parse
            docs = dict(zip(distinct, parse(distinct)))
            for (k, i), (lo, _), window in zip(unsure, windows, texts):
                start, end = items[k][1][i]
                at = (docs[window], start - lo, end - lo)
                p, known = self.parse.probability(parse_features(*at), parse_vector(*at))
                if known:
                    second[k, i] = (p, known)
        out = []
        for k, row in enumerate(first):
            judged = []
            for i, (p, known) in enumerate(row):
                if (k, i) in second:
                    judged.append(self._judgement(*second[k, i], "parse"))
                elif not known:
                    judged.append(RoleJudgement(Role.LITERAL, 0.5, "default",
                                                "no word around it that the role model knows: literal by default"))
                else:
                    judged.append(self._judgement(p, known, "model"))
            out.append(judged)
        return out

    @staticmethod
    def _judgement(p: float, known: list[tuple[float, str]], by: str) -> RoleJudgement:
        role = Role.ASSOCIATIVE if p >= 0.5 else Role.LITERAL
        sign = 1 if role is Role.ASSOCIATIVE else -1
        # The evidence for the side chosen, strongest first, in words a reader can check.
        evidence: list[str] = []
        for w, f in sorted(known, key=lambda wf: (-sign * wf[0], wf[1])):
            text = _describe(f) if sign * w > 0 else ""
            if text and text not in evidence:
                evidence.append(text)
        confidence = round(max(p, 1 - p), 3)
        label = "role model" if by == "model" else "role model (parse)"
        hedge = ", unsure" if confidence < UNSURE else ""
        return RoleJudgement(role, confidence, by, f"{label} p(associative)={p:.2f}{hedge}"
                             + (f": {'; '.join(evidence[:3])}" if evidence else ""))


# Below this confidence a reason says the model is unsure.
UNSURE = 0.6
# WordNet's classes in words, for reasons.
_GLOSS = {"n:group": "group or institution", "n:person": "person", "n:act": "act", "n:location": "place",
          "n:object": "land or natural feature", "n:artifact": "man-made thing", "n:communication": "message",
          "n:cognition": "idea or policy", "n:possession": "money or goods", "n:event": "event", "n:time": "time",
          "n:state": "state", "n:attribute": "attribute", "n:quantity": "quantity",
          "v:communication": "speech", "v:competition": "fighting or sport", "v:motion": "motion",
          "v:social": "social or political", "v:possession": "giving or trading", "v:stative": "being or having",
          "v:cognition": "thinking", "v:change": "change", "v:contact": "contact", "v:creation": "making",
          "v:perception": "perception", "v:emotion": "feeling"}


def _kind(cls: str) -> str:
    pos, _, name = cls.partition(":")
    gloss = _GLOSS.get(cls, name)
    return f"{'an' if gloss[0] in 'aeiou' else 'a'} {gloss} {'noun' if pos == 'n' else 'verb'}"


def _describe(feature: str) -> str:
    """The feature in words for a reason, or "" if it is not one a reader can check."""
    key, _, value = feature.partition("=")
    if not value:
        return {"poss": "possessive 's", "dposs": "possessive 's", "first": "opens the sentence",
                "dinlist": "in a list, read as its first member", "office": "an office or public service after it",
                "context": "the parser's reading of the words around it"}.get(key, "")
    if key in _CLASSED:
        rel, _, cls = value.rpartition("_")
        if not cls.startswith(("n:", "v:")):
            return ""
        if key == "dhc" and rel == "dobj":
            return f"object of {_kind(cls)}"
        if key == "dhc" and rel in ("pobj", "nsubj", "nsubjpass", "poss"):
            return ""              # said better by dpgc, dsubjc, dpossc
        return _CLASSED[key].format(kind=_kind(cls), rel=rel)
    if key not in _DESCRIBE or value.startswith("<") or not any(ch.isalnum() for ch in value):
        return ""
    if key == "dsubjv":             # "said_nsubj": the verb
        value = value.rpartition("_")[0]
    elif key == "dmod":             # "compound_festival": the noun
        value = value.partition("_")[2]
    elif key == "dpg":              # "in_base": the word the preposition hangs from, then the preposition
        prep, _, gov = value.partition("_")
        return f"“{gov} {prep}”"
    return f"{_DESCRIBE[key]} “{value.replace('_', ' ')}”"


# Class features in words ({kind}: "a speech verb"; {rel}: the preposition or arc).
_CLASSED = {"possc": "possessor of {kind}", "dpossc": "possessor of {kind}", "dmodc": "modifies {kind}",
            "dsubjc": "subject of {kind}", "verbc": "followed by {kind}", "govc": "after {kind} and a preposition",
            "dpgc": "“{rel}” after {kind}", "dhc": "depends on {kind}"}


# A dateline in mixed case, its own line's start: "Springfield, Ohio — Police said", "Greer, S.C. (AP) -".
# The place of filing is the place itself, whatever the words after it would make of a subject.
_CAP = r"[A-Z][\w.'’-]*"
_DATELINE_HEAD = re.compile(rf"[ \t]*{_CAP}(?:[ \t]+{_CAP}){{0,3}}(?:,[ \t]*(?:{_CAP}|\d{{1,2}})(?:[ \t]+(?:{_CAP}|\d{{1,4}})){{0,2}})?"
                            r"[ \t]*(?:\([^()\n]{1,30}\)[ \t]*)?(?:—|–|--|-)[ \t]")


def in_dateline(text: str, start: int, end: int) -> bool:
    """The span is in the place-of-filing head of a line ("Springfield, Ohio — ...").

    >>> text = "Springfield, Ohio — Police received a report."
    >>> in_dateline(text, 0, 11), in_dateline(text, 13, 17), in_dateline("He left Ohio — fast.", 8, 12)
    (True, True, False)
    >>> in_dateline("Teens robbed. Springfield, Ohio — Police said.", 14, 25)
    True
    """
    line = text.rfind("\n", 0, start) + 1
    head = _DATELINE_HEAD.match(text, line)
    if head is not None and end <= head.end() and "\n" not in text[line:end]:
        return True
    # Text that lost its line breaks (a headline and its story run together, as in LGL): a
    # sentence's start, and only a long dash, which a sentence's own words seldom have there.
    stop = max(text.rfind(". ", line, start), text.rfind("! ", line, start), text.rfind("? ", line, start))
    if stop < 0:
        return False
    head = _DATELINE_HEAD.match(text, stop + 1)
    return head is not None and end <= head.end() and text[head.end() - 2:head.end()].strip() in ("—", "–", "--")


# A built place named after the town it stands in: "Vancouver International Airport", "Greer City
# Hall", "Huntsville Fire Station 1", "Athens Regional Park", "the Walker County Fairgrounds". The
# town is where the thing is, not a body acting (an organisation, "Huntsville Fire Department", is
# nonplaces.py's). Parks and stations only with a word that says whose ("Regional Park", "Fire
# Station"): a bare "Griffith Park" or "Penn Station" is named after a person as often as a town.
FACILITY_AFTER = re.compile(
    # the facility may be named after a pair of towns: "Dallas-Fort Worth International Airport"
    r"(?:\s*[-–/]\s*(?:[A-Z][\w.'’]*\s+){1,2}?|\s+)(?:(?:International|Regional|Municipal|County|City|Town|State|Memorial|Metropolitan|Executive)\s+)*"
    r"(?:Airport|Airfield|Air Field|City Hall|Town Hall|Village Hall|Fairgrounds|Fair Grounds|Courthouse|"
    r"Court House|(?:Fire|Police|Train|Bus|Railway|Rail|Union) Station|Bus Terminal|Civic Center|Civic Centre|"
    r"Convention Center|Public Library|(?<=Regional )Park|(?<=City )Park|(?<=County )Park|(?<=State )Park|"
    r"(?<=Municipal )Park|(?<=Town )Square|(?<=City )Square)\b")


# "Walker County residents", "several Paris residents": people said to live in the place, which
# is where they are (as "residents of Paris" is); the role model reads a name before a person noun
# as a modifier ("a Berea man", who may be anywhere now) and calls it associative.
_RESIDENTS = re.compile(r"\s+(?:residents?|homeowners)\b")
# "near the Indiana border", "the Texas-Mexico border", "the Indiana, Ill., border": the edge of the
# land itself (the name modifies "border" as "coast" or "soil" after a demonym, :data:`_LAND`).
_BORDER = re.compile(r"(?:(?:,\s*|\s*[-–]\s*)[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*)?,?)?\s+"
                     r"(?:border|borders|state line|county line)\b")
# "Greer has been home to the Michelin plant", "Cuba is home to a listening post": what is there.
_HOME_TO = re.compile(r"\s+(?:(?:also|long|now)\s+)?(?:is|was|has been|had been|remains|became|will be)\s+"
                      r"(?:also\s+|long\s+|now\s+)?home\s+to\b")
# "Downtown Greer", "in downtown Springfield": a part of the town, so the town itself.
_DOWNTOWN = re.compile(r"\b(?:[Dd]owntown|[Uu]ptown|[Mm]idtown)\s+$")
# A street is where something is; only a confident reading makes one stand for something else
# ("Wall Street expects", "Downing Street said"). An unsure "associative" on a street is the
# model reading a list or a modifier ("the intersection of Fair Street and South Lowry Avenue").
STREET_SURE = 0.75


def _rule(text: str, mention, is_demonym: Callable[[str], bool] | None) -> RoleJudgement | None:
    """The judgement of the first three passes, or None when the model decides."""
    if mention.label == "NORP" or (is_demonym is not None and is_demonym(mention.text)):
        land = _LAND.match(text, mention.end)
        if land:
            return RoleJudgement(Role.LITERAL, 0.9, "demonym",
                                 f"“{mention.text}{land.group(0)}” is the land itself, not its people")
        return RoleJudgement(Role.ASSOCIATIVE, 0.99, "demonym", f"“{mention.text}” is a demonym")
    if mention.label == "DESC":
        return RoleJudgement(Role.LITERAL, 0.95, "facility", f"“{mention.text}” describes a facility")
    if mention.detector == "dateline" or in_dateline(text, mention.start, mention.end):
        return RoleJudgement(Role.LITERAL, 0.9, "dateline", f"“{mention.text}” is the dateline: where the report was filed")
    if mention.label != "DESC" and FACILITY_AFTER.match(text, mention.end):
        found = FACILITY_AFTER.match(text, mention.end).group(0).strip(" \t\n-–/")
        return RoleJudgement(Role.LITERAL, 0.8, "facility",
                             f"“{mention.text}” names where “{found}” stands: the place itself")
    if mention.label != "DESC" and not mention.within and _RESIDENTS.match(text, mention.end):
        return RoleJudgement(Role.LITERAL, 0.75, "residence",
                             f"“{mention.text}{_RESIDENTS.match(text, mention.end).group(0)}” live there: the place itself")
    if mention.label != "DESC" and not mention.within and _BORDER.match(text, mention.end):
        return RoleJudgement(Role.LITERAL, 0.8, "border", f"“{mention.text}” names a border's land: the place itself")
    if mention.label != "DESC" and not mention.within and _HOME_TO.match(text, mention.end):
        return RoleJudgement(Role.LITERAL, 0.8, "home", f"“{mention.text}” is home to something: where it is")
    if mention.label != "DESC" and _DOWNTOWN.search(text, max(0, mention.start - 12), mention.start):
        return RoleJudgement(Role.LITERAL, 0.8, "downtown", f"“{mention.text}” after “downtown”: a part of it")
    if mention.within:
        return RoleJudgement(Role.ASSOCIATIVE, 0.9, "organisation",
                             f"“{mention.text}” leads the name of an organisation or event ({mention.within})")
    return None


def judge_mention(text: str, mention, is_demonym: Callable[[str], bool] | None = None,
                  model: RoleModel | None = None) -> RoleJudgement:
    """The role of one :class:`~geo.model.Mention` of ``text``."""
    return _rule(text, mention, is_demonym) or (model or RoleModel.default()).judge(text, mention.start, mention.end)


def assign_roles(text: str, mentions: Iterable, is_demonym: Callable[[str], bool] | None = None,
                 model: RoleModel | None = None) -> list:
    """``mentions`` with their ``role`` set (a new record each: mentions are frozen).

    The mentions the model judges go to it together, so their parse windows are parsed
    in one batch.
    """
    return assign_roles_many([(text, mentions)], is_demonym, model)[0]


def assign_roles_many(items: Iterable[tuple[str, Iterable]], is_demonym: Callable[[str], bool] | None = None,
                      model: RoleModel | None = None) -> list[list]:
    """:func:`assign_roles` for several ``(text, mentions)`` at once (one parser batch for all)."""
    model = model or RoleModel.default()
    items = [(text, list(mentions)) for text, mentions in items]
    judged = [[_rule(text, m, is_demonym) for m in mentions] for text, mentions in items]
    todo = [[i for i, j in enumerate(row) if j is None] for row in judged]
    batch = [(text, [(mentions[i].start, mentions[i].end) for i in idx])
             for (text, mentions), idx in zip(items, todo)]
    for (_, mentions), row, idx, found in zip(items, judged, todo, model.judge_batch(batch)):
        for i, j in zip(idx, found):
            if mentions[i].detector == "street" and j.role is Role.ASSOCIATIVE and j.confidence < STREET_SURE:
                j = RoleJudgement(Role.LITERAL, 0.5, j.decided_by,
                                  f"a street, read as where it is (the model was unsure: {j.reason})")
            row[i] = j
    return [[replace(m, role=j) for m, j in zip(mentions, row)] for (_, mentions), row in zip(items, judged)]


# "Louisville, Ky.", "Greer, South Carolina", "near the Indiana, Ill., border": the state or country
# written after a town says which town it is; it is used as its town is. The role model reads the
# abbreviation alone ("Ky." before a comma) and often calls it an actor.
_CONTAINER_GAP = re.compile(r",[ \t]*")
_TOWN_KINDS = ("city", "adm2", "adm1", "street")
_CONTAINER_KINDS = ("adm1", "country")


def container_roles(text: str, resolutions: Sequence) -> list:
    """``resolutions`` with the role of each state or country written right after a place it
    contains ("Town, State") set to that place's role (``decided_by`` "container").

    >>> from geo.model import Mention, Place, Resolution
    >>> t = "Louisville, Ky., was picked."
    >>> town = Mention("d", 0, 10, "Louisville", role=RoleJudgement(Role.LITERAL, 0.9, "model", ""))
    >>> ky = Mention("d", 12, 15, "Ky.", role=RoleJudgement(Role.ASSOCIATIVE, 0.6, "parse", ""))
    >>> rs = [Resolution(town, Place("a", "Louisville", 38.2, -85.7, "city", "US"), 0.9, ""),
    ...       Resolution(ky, Place("b", "Kentucky", 37.5, -85.0, "adm1", "US"), 0.9, "")]
    >>> [r.mention.role.role.value for r in container_roles(t, rs)]
    ['literal', 'literal']
    """
    out = list(resolutions)
    for i in range(1, len(out)):
        town, state = out[i - 1], out[i]
        a, b = town.mention, state.mention
        if (town.place is None or state.place is None or a.role is None or b.role is None
                or state.place.kind not in _CONTAINER_KINDS or town.place.kind not in _TOWN_KINDS
                or town.place.kind == state.place.kind or town.place.country != state.place.country
                or a.role.role is b.role.role or b.role.decided_by in ("demonym", "dateline", "organisation")
                or not _CONTAINER_GAP.fullmatch(text, a.end, b.start)):
            continue
        judged = RoleJudgement(a.role.role, a.role.confidence, "container",
                               f"“{b.text}” says where “{a.text}” is: used as it is ({a.role.role.value})")
        out[i] = replace(state, mention=replace(b, role=judged))
    return out


def demonym_test(gazetteer) -> Callable[[str], bool]:
    """A test that a name is only a demonym in ``gazetteer`` ("Chinese": yes; "Georgia": no)."""
    @lru_cache(maxsize=4096)
    def is_demonym(name: str) -> bool:
        matches = {c.match for c in gazetteer.lookup(name, limit=50)}
        return "demonym" in matches and not matches & {"name", "variant", "abbr"}
    return is_demonym


def role_properties(mention) -> dict:
    """``role``, ``role_confidence``, ``role_reason`` of a mention (literal, low confidence, if never judged)."""
    j = mention.role
    if j is None:
        return {"role": Role.LITERAL.value, "role_confidence": 0.5, "role_reason": "not judged: literal by default"}
    return {"role": j.role.value, "role_confidence": j.confidence, "role_reason": j.reason}


def decided_counts(judgements: Sequence[RoleJudgement]) -> dict[str, int]:
    """How many judgements each pass decided, for the build summary."""
    counts: dict[str, int] = {}
    for j in judgements:
        counts[j.decided_by] = counts.get(j.decided_by, 0) + 1
    return dict(sorted(counts.items()))
