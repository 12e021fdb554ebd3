"""Place names the NER model missed, each accepted or not by a small learned classifier.

spaCy's small English model leaves many plain place names untagged or tags them
ORG or PERSON ("Tbilisi accuses the separatists", "Winona police", "off to
Albuquerque"), and the other detectors of :mod:`geo.language.mentions` trust a bare
capitalised name only when it is a country, region or sea. This detector
proposes every capitalised run (up to :data:`MAX_WORDS` tokens) that is the own
name, a regular variant or an abbreviation of a city, first- or second-level
division, country, region or body of water and that no other detector has
taken, and a logistic regression over what the text and the gazetteer say about
it decides whether it is a place mention here (see :func:`features`):

* the name: how many words, all capitals, the kinds of place it names, the
  population of its largest namesake, whether one is a national capital, how
  many places share it;
* the article: whether a namesake lies in a state or country the article's
  other places are in (the resolver's context evidence, in brief);
* the words around it: the words before and after, a locative preposition, a
  list of places, a sentence start, a dateline dash, a "D-" party prefix, a country or
  state that holds one of its namesakes written right after it ("Tessalit, in northern Mali"), or
  a country named just before it ("Eritrea's Massawa", "the Sri Lankan port of Trincomalee");
* the NER model's view: the label of the entity it sits in (none, ORG, PERSON,
  ...) and whether it is all of that entity, its first words or inside it; a
  word of a person named in full; the same word written in lower case elsewhere.

The model is fitted by ``scripts/train_candidates.py`` (recipe in
:mod:`geo.training.candidates`) on the development half of LGL only and shipped as
``geo/data/candidate_model.json``; a candidate is a mention when the model's
probability is at least :data:`THRESHOLD`. What it gains on LGL's held-out half is
in the README ("Accuracy on LGL").

Example
-------
>>> from geo.places.gazetteer import Gazetteer                                            # doctest: +SKIP
>>> from geo.language.nlp import parse                                                      # doctest: +SKIP
>>> finder = CandidateFinder(Gazetteer.open())                                     # doctest: +SKIP
>>> sdoc = parse("Tbilisi accuses the separatists of shelling.")                   # doctest: +SKIP
>>> [(c.text, c.probability > 0.5) for c in finder.propose(sdoc, SpanSet(), set(), set())]   # doctest: +SKIP
[('Tbilisi', True)]
"""
from __future__ import annotations

import calendar
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from geo.language.people import fold
from geo.modelfile import read_model
from geo.spans import SpanSet

MODEL_FILE = "candidate_model.json"
SCHEMA = 1
#: A candidate is a place mention from this probability: more likely a place than not.
THRESHOLD = 0.5
#: The longest name proposed, in tokens ("Mount Pleasant", "Sulphur Springs", "St. Paul").
MAX_WORDS = 4
#: Kinds of place a candidate may name. Curated sites and demonyms have their own detectors.
KINDS = ("city", "adm1", "adm2", "country", "region", "water", "continent")
#: How a candidate's text may match a place: its own name, a regular variant ("Pa." for
#: Pennsylvania, "Clay" for Clay County) or an abbreviation. Alternate names (other languages,
#: old names) are left out: "Will", "Mantua" and "Pa" are far more often something else.
MATCHES = ("name", "variant", "abbr")
#: ... except a large city's: "Hodeidah" (the NER's PERSON) is Al Hudaydah's, "Bombay" Mumbai's; the
#: model weighs such a proposal by its own feature (``only_alt``).
ALT_POPULATION = 250_000
_LOCATIVE = {"in", "at", "near", "from", "to", "into", "outside", "inside", "around", "across", "throughout",
             "toward", "towards", "via", "of", "between", "and", "or", "nearby", "downtown", "off", "through"}
_CALENDAR = {w.lower() for w in (*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name,
                                 *calendar.day_abbr)}
_DASHES = {"—", "–", "--", "-"}
# A name followed by one of these is a street's or a road's ("Lancaster Avenue", "Wichita Drive"):
# the street is seldom in the town it is named after, so it is not proposed as that town.
STREET_WORDS = {"street", "st", "st.", "road", "rd", "rd.", "avenue", "ave", "ave.", "drive", "dr", "dr.",
                "boulevard", "blvd", "blvd.", "lane", "ln", "ln.", "way", "parkway", "pkwy", "highway", "hwy",
                "pike", "turnpike", "court", "ct", "place", "circle", "terrace", "trail", "expressway", "freeway"}
# Words before a place's name that narrow the place rather than name something after it.
QUALIFIERS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
              "northeast", "northwest", "southeast", "southwest", "north-east", "north-west", "south-east",
              "south-west", "northeastern", "northwestern", "southeastern", "southwestern", "upper", "lower",
              "inner", "outer", "greater", "metropolitan", "metro", "downtown", "uptown", "midtown", "historic",
              "old", "rural", "suburban", "coastal", "mainland", "occupied", "sub-saharan", "mid", "far", "deep"}
# Words after a place's name that make an office, a body or a paper of that place ("Anderson County
# Sheriff", "Dublin City Council", "Knoxville News"), not a thing named after it ("Lincoln Memorial").
PLACE_OFFICES = {"County", "Parish", "Township", "Twp", "City", "Town", "Village", "Borough", "Council", "Police",
                 "Sheriff", "Mayor", "Fire", "Department", "Schools", "School", "High", "Middle", "Elementary",
                 "University", "College", "Community", "Public", "Library", "Hospital", "Medical", "Board",
                 "Chamber", "Area", "Regional", "District", "State", "Times", "News", "Herald", "Daily", "Post",
                 "Journal", "Tribune", "Gazette", "Courier", "Press", "Government", "Airport", "Port", "Station",
                 "Harbour", "Harbor", "Courthouse", "Jail", "Senate", "Legislature", "Assembly", "Parliament",
                 "Province", "Region", "Municipal", "Municipality", "Prefecture", "Governorate", "Oblast",
                 "Clerk", "Coroner", "Prosecutor", "Commissioner", "Commissioners", "Selectmen", "Officials",
                 "Residents", "Native", "Natives", "Provincial", "Metropolitan", "Civic", "Housing", "Health"}
_NAMED_THINGS = {"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}
_SENTENCE_ENDS = {".", "!", "?", "\n", "\n\n", ":", ";", '"', "“", "”"}


@dataclass(frozen=True)
class Proposal:
    """A capitalised name the gazetteer knows, with the classifier's features and verdict."""

    start: int
    end: int
    text: str
    query: str            # what to look up ("Middletown" for "MIDDLETOWN")
    features: tuple[str, ...]
    probability: float

    @property
    def accepted(self) -> bool:
        return self.probability >= THRESHOLD


class CandidateModel:
    """The shipped logistic regression: a weight per feature name, and a bias."""

    def __init__(self, weights: dict[str, float], bias: float, meta: dict | None = None):
        self.weights, self.bias, self.meta = weights, bias, meta or {}

    @classmethod
    def load(cls, path) -> "CandidateModel":
        data = read_model(path, SCHEMA, "candidate")
        return cls({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]), data.get("training"))

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "CandidateModel":
        return cls.load(resources.files("geo").joinpath("data", MODEL_FILE))

    def probability(self, features) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _bucket(population: int) -> str:
    if population <= 0:
        return "0"
    return str(min(7, int(math.log10(population))))


def _word(token) -> str:
    """A context word as a feature value: lower case, a paragraph break as "\\n"."""
    if token is None:
        return "<s>"
    text = token.text
    if not text.strip():
        return "\\n"
    return text.lower()


class CandidateFinder:
    """Proposes capitalised gazetteer names no other detector took, and scores each."""

    def __init__(self, gazetteer, model: CandidateModel | None = None):
        self.gazetteer = gazetteer
        self.model = model if model is not None else CandidateModel.default()
        self._names: dict[str, tuple] = {}

    def _written_container(self, sdoc, b: int, known: tuple) -> bool:
        """The text writes, right after the name, a country or state that holds one of its namesakes:
        "Tessalit, in northern Mali", "Ridge Farm, Ill.", "Kidal, Mali" (the resolver's written pair,
        seen by the detector: a name so placed is a place)."""
        return self._container_after(sdoc, b, known, comma=True)

    def _container_after(self, sdoc, b: int, known: tuple, comma: bool) -> bool:
        """:meth:`_written_container` with ``comma``; without, the country or state after "in":
        "the base at Tessalit in northern Mali" (a feature of its own, ``container_in``: "Jordan in
        Israel" is a person as often)."""
        n = len(sdoc)
        if comma:
            if b >= n or sdoc[b].text != ",":
                return False
            i = b + 1
        else:
            if b >= n or sdoc[b].lower_ != "in":
                return False
            i = b
        if i < n and sdoc[i].lower_ == "in":
            i += 1
        if i < n and sdoc[i].lower_ in QUALIFIERS:
            i += 1
        for j in range(min(n, i + 3), i, -1):
            if not all(t.text[:1].isupper() for t in sdoc[i:j]):
                continue
            outer = self._known(sdoc[i:j].text)
            if not outer:
                continue
            kinds, admin1s, place_countries = outer[0], outer[4], outer[5]
            if ("country" in kinds and place_countries & known[5]) or ("adm1" in kinds and admin1s & known[4]):
                return True
        return False

    def _country_before(self, sdoc, a: int, known: tuple) -> bool:
        """The text names, in the few words before the name on its line, a country that holds
        one of its namesakes, by name or demonym: "Eritrea's Massawa port", "the Sri Lankan port of
        Trincomalee", "Iranian officials visited Chabahar" (international news places a small
        town by its country first, where a local paper writes the state after it)."""
        countries = known[5]
        if not countries:
            return False
        for i in range(a - 1, max(-1, a - 6), -1):
            token = sdoc[i]
            if "\n" in token.text_with_ws or token.text in (".", ";", "!", "?"):
                break
            if not token.text[:1].isupper():
                continue
            for j in (i, i - 1):
                if j < 0 or (j < i and not sdoc[j].text[:1].isupper()):
                    continue
                # the gazetteer's look-ups are cached by the name as written
                if any(c.place.kind == "country" and c.place.country in countries
                       and c.match in ("name", "variant", "abbr", "demonym")
                       for c in self.gazetteer.lookup(sdoc[j:i + 1].text, 10)):
                    return True
        return False

    def _known(self, span: str) -> tuple:
        """(kinds, largest population, capital, number of places, admin1 codes, countries) of
        the places ``span`` is the own name, variant or abbreviation of; () when none."""
        hit = self._names.get(span)
        if hit is not None:
            return hit
        folded = span.casefold()
        # The own name as written, but for accents: news writes "Himachal Pradesh" and
        # "Cordoba" for GeoNames' "Himāchal Pradesh" and "Córdoba".
        accentless = fold(span)
        # The look-up drops a leading "the"; a capitalised "The" belongs to the name only when
        # the place's own name has it ("The Hague"): "The Lincoln Memorial" is no Lincoln County.
        article = folded.startswith("the ")
        own = []
        for c in self.gazetteer.lookup(span, 40):
            p = c.place
            if p.kind not in KINDS or (c.match not in MATCHES
                                       and not (c.match == "alt" and p.kind == "city"
                                                and p.population >= ALT_POPULATION)):
                continue
            if c.match == "name" and fold(p.name) != accentless:
                continue
            if article and not p.name.casefold().startswith("the "):
                continue
            own.append(c)
        hit = () if not own else (
            frozenset(c.place.kind for c in own), max(c.place.population for c in own),
            any(c.capital for c in own), len(own), frozenset(c.admin1 for c in own if c.admin1),
            frozenset(c.place.country for c in own if c.place.country), frozenset(c.match for c in own))
        if len(self._names) > 50_000:
            self._names.clear()
        self._names[span] = hit
        return hit

    def propose(self, sdoc, taken: SpanSet, states: set[str], countries: set[str],
                person_words: set[str] = frozenset(), generic: set[str] = frozenset(),
                places: SpanSet | None = None, ents=None,
                named_parts: dict[str, str] | None = None) -> list[Proposal]:
        """Every candidate in ``sdoc`` outside ``taken``, with its probability (accepted or not).

        ``states`` / ``countries``: first-level divisions and countries of the article's
        places found so far; ``person_words``: words of people named in full;
        ``generic``: lower-case words never proposed on their own ("north", "union");
        ``places``: the places found so far (for "Lagos, Accra and Dakar"; default ``taken``);
        ``ents``: ``sdoc.ents`` when the caller has them (spaCy rebuilds the tuple on each access);
        ``named_parts``: names the article's places are made of ("Manus" of "Manus Island"), by
        the kind of word that completes them (``feature`` or ``division``).
        """
        from spacy.attrs import IDX, LENGTH
        from spacy.lang.en.stop_words import STOP_WORDS

        from geo.language.nlp import doc_text

        text = doc_text(sdoc)
        n = len(sdoc)
        places = taken if places is None else places
        ent_of = {}
        for e in (sdoc.ents if ents is None else ents):
            for i in range(e.start, e.end):
                ent_of[i] = e
        # Offsets and lengths of every token as plain integers: making a Token object for
        # each word of the text cost more than the rest of the detector.
        offsets = sdoc.to_array([IDX, LENGTH]).tolist()
        capital = [i for i, (at, length) in enumerate(offsets) if length > 1 and text[at].isupper()]
        found: list[tuple] = []
        k = 0
        while k < len(capital):
            i = capital[k]
            run_end = i + 1
            while k + 1 < len(capital) and capital[k + 1] == run_end:
                k += 1
                run_end += 1
            k += 1
            a = i
            while a < run_end:
                for b in range(min(run_end, a + MAX_WORDS), a, -1):
                    start, end = offsets[a][0], offsets[b - 1][0] + offsets[b - 1][1]
                    span = text[start:end]
                    if b - a == 1:
                        low = span.lower()
                        if low in STOP_WORDS or low in _CALENDAR or low in generic:
                            continue
                    query = span.title() if span.isupper() and len(span) > 3 else span
                    known = self._known(query)
                    if not known:
                        continue
                    if taken.overlaps(start, end):
                        break
                    if b < n and sdoc[b].lower_ in STREET_WORDS:
                        break
                    feats = features(sdoc, a, b, span, known, ent_of, states, countries, person_words)
                    if self._written_container(sdoc, b, known):
                        feats.append("written_container")
                    elif self._container_after(sdoc, b, known, comma=False):
                        feats.append("container_in")
                    if self._country_before(sdoc, a, known):
                        feats.append("country_before")
                    if _listed(sdoc, a, b, places):
                        feats.append("list_of_places")
                    if _place_apposition(sdoc, b):
                        feats.append("appos_place")
                    if named_parts and span in named_parts:
                        feats.append("named_part=" + named_parts[span])
                    found.append((start, end, span, query if query != span else "", feats))
                    a = b - 1
                    break
                a += 1
        # Document-level evidence: how often the name is proposed, and whether the text also
        # writes it in lower case (a common word: "mobile", "reading", "forest").
        times = Counter(span for _, _, span, _, _ in found)
        lower = {span: _written_alone(text, span.lower()) for span in times if not span.isupper()}
        out = []
        for start, end, span, query, feats in found:
            feats.append(f"times={min(times[span], 3)}")
            if lower.get(span):
                feats.append("lower_elsewhere")
            out.append(Proposal(start, end, span, query, tuple(feats), self.model.probability(feats)))
        return out


# What a place is called in an apposition after its name: "Tulagi, the former colonial capital",
# "Auki, the capital of Malaita province", "Massawa, a Red Sea port". Nouns of settlements,
# territories and the land only: "Vance, the former senator" and "Apple, the firm" are no places.
_PLACE_NOUNS = frozenset(("town", "city", "village", "port", "capital", "settlement", "hamlet", "island",
                          "islands", "atoll", "archipelago", "province", "region", "district", "county",
                          "municipality", "seaport", "harbour", "harbor", "outpost", "enclave", "oasis",
                          "peninsula", "territory", "suburb", "township", "commune", "country", "nation", "republic",
                          "kingdom", "emirate"))
_APPOS_WORDS = 4


def _place_apposition(sdoc, b: int) -> bool:
    """The name is followed, on its sentence, by ", a/an/the [up to four words] PLACE-NOUN".

    >>> from geo.language.nlp import parse_names
    >>> d = parse_names("Boats will be based at Tulagi, the former colonial capital, and at Vance, the senator.")
    >>> [t.i for t in d if _place_apposition(d, t.i + 1) and t.text[:1].isupper()]
    [5]
    """
    n = len(sdoc)
    if b + 1 >= n or sdoc[b].text != "," or sdoc[b + 1].lower_ not in ("a", "an", "the"):
        return False
    for i in range(b + 2, min(n, b + 3 + _APPOS_WORDS)):
        t = sdoc[i]
        if t.lower_ in _PLACE_NOUNS:
            return True
        if t.text in (",", ".", ";", ":", "(", ")") or "\n" in t.text_with_ws or t.lower_ in ("of", "who", "which"):
            return False
    return False


def _word_char(ch: str) -> bool:
    """``ch`` matches ``[\\w-]`` (``\\w`` of a str pattern is exactly ``str.isalnum`` or "_")."""
    return ch.isalnum() or ch == "_" or ch == "-"


def _written_alone(text: str, word: str) -> bool:
    """``re.search(rf"(?<![\\w-]){re.escape(word)}(?![\\w-])", text)`` found something, without
    compiling a pattern for each name of each article (re's cache holds 512; compiling the
    names' patterns was a fifth of the candidate detector's time)."""
    n = len(word)
    i = text.find(word)
    while i >= 0:
        if (i == 0 or not _word_char(text[i - 1])) and (i + n >= len(text) or not _word_char(text[i + n])):
            return True
        i = text.find(word, i + 1)
    return False


def features(sdoc, a: int, b: int, span: str, known: tuple, ent_of: dict, states: set[str],
             countries: set[str], person_words: set[str]) -> list[str]:
    """The binary features of the candidate ``sdoc[a:b]`` (names, for the shipped model)."""
    kinds, population, capital, count, admin1s, place_countries, matches = known
    n = len(sdoc)
    prev = sdoc[a - 1] if a > 0 else None
    prev2 = sdoc[a - 2] if a > 1 else None
    nxt = sdoc[b] if b < n else None
    nxt2 = sdoc[b + 1] if b + 1 < n else None
    f = [f"nwords={min(b - a, 3)}", f"pop={_bucket(population)}", f"count={min(count, 4)}"]
    f += [f"kind={k}" for k in sorted(kinds)]
    if len(kinds) == 1:
        f.append(f"only={next(iter(kinds))}")
    if capital:
        f.append("capital")
    # Only a variant or an abbreviation of a place's name ("Emirates", "Clay"), never its own name;
    # or only a large city's alternate name ("Hodeidah").
    if "name" not in matches:
        f.append("not_own_name")
        if matches == {"alt"}:
            f.append("only_alt")
    if span.isupper() and len(span) > 1:
        f.append("upper")
    if admin1s & states:
        f.append("in_states")
    if place_countries & countries:
        f.append("in_countries")
    elif countries:
        # A national capital abroad is news; a small namesake abroad is usually a word or a name.
        f.append("capital_abroad" if capital else "other_country")
    p1, p2, n1, n2 = _word(prev), _word(prev2), _word(nxt), _word(nxt2)
    f += [f"p1={p1}", f"p2={p2}", f"n1={n1}", f"p21={p2}_{p1}", f"n12={n1}_{n2}"]
    if nxt is not None:
        f.append(f"n1shape={_shape(nxt.text)}")
    if prev is not None:
        f.append(f"p1shape={_shape(prev.text)}")
    if p1 == "the" and kinds == {"city"}:
        # Towns are named without an article; "the White House", "the Mall" are buildings and things.
        f.append("the_town" if nxt is None or not nxt.text[:1].isupper() else "the_town_cap")
    if p1 in _LOCATIVE or (p1 == "the" and p2 in _LOCATIVE):
        f.append("locative")
    if prev is None or p1 in _SENTENCE_ENDS or p1 == "\\n" or "\n" in prev.text_with_ws:
        f.append("first")
    if n1 in _DASHES and (nxt is not None and nxt.text in ("—", "–", "--")):
        f.append("dash_after")
    if p1 == "-" and p2 in ("d", "r", "i"):
        f.append("party")
    # A capitalised word just before or after, on the same line, makes the name part of a longer
    # one ("Air France", "the Lincoln Memorial", "Houston Rockets"); a title or a first name
    # before it ("Gov. Perry", "Chelsea Clinton") is the same cue.
    # Which word it is tells the kind of longer name: a qualifier keeps a place ("Northern Virginia",
    # "Downtown Cleveland"), an institution's word after it is the place's own office ("Anderson
    # County Sheriff", "Knoxville News"), any other word makes a firm, a monument or a team.
    if prev is not None and _cap_word(prev) and "\n" not in prev.text_with_ws:
        f.append("cap_before=" + ("qualifier" if prev.lower_.rstrip(".") in QUALIFIERS else "other"))
    if nxt is not None and _cap_word(nxt) and "\n" not in sdoc[b - 1].text_with_ws:
        f.append("cap_after=" + ("office" if nxt.text.rstrip(".") in PLACE_OFFICES else "other"))
    if n1 == "," and nxt2 is not None and nxt2.text[:1].isupper():
        f.append("comma_cap")
    if p1 == "," and prev2 is not None and prev2.text[:1].isupper():
        f.append("cap_comma")
    ent = ent_of.get(a)
    ents = {ent_of[i] for i in range(a, b) if i in ent_of}
    # The same, with the NER's entity spanning the longer name: "Air France" (ORG).
    if "cap_before=other" in f and ent is not None and ent_of.get(a - 1) is ent:
        f.append("ent_tail")
    if "cap_after=other" in f and ent_of.get(b - 1) is not None and ent_of.get(b) is ent_of.get(b - 1):
        f.append("ent_head")
    for e in ents:
        # Inside a longer name of a firm, building, product or work: "Air France", "Old Trafford".
        if e.label_ in _NAMED_THINGS and (e.start < a or e.end > b):
            f.append("in_named_thing")
    if not ents:
        f.append("ent=none")
    for e in ents:
        f.append(f"ent={e.label_}")
        if e.start == a and e.end == b:
            f.append(f"ent_exact={e.label_}")
        elif e.start >= a and e.end > b:
            f.append(f"ent_leads={e.label_}")
        elif e.start < a:
            f.append(f"ent_inside={e.label_}")
    if ent is not None and ent.label_ == "PERSON" and len(ent) > 1 and span in person_words:
        f.append("person_word")
    elif span in person_words:
        f.append("person_word")
    return f


def _cap_word(token) -> bool:
    """A capitalised word that is not a function word ("The", "In" open sentences)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    text = token.text
    return text[:1].isupper() and text.lower() not in STOP_WORDS and text.lower() not in _CALENDAR


def _listed(sdoc, a: int, b: int, places: SpanSet) -> bool:
    """The name is an item of a list with a place found by another detector: "Lagos, Accra and Dakar"."""
    joins = {",", "and", "or", ";", "/"}
    if a >= 2 and sdoc[a - 1].lower_ in joins:
        t = sdoc[a - 2]
        if places.overlaps(t.idx, t.idx + len(t.text)):
            return True
    if b + 1 < len(sdoc) and sdoc[b].lower_ in joins:
        t = sdoc[b + 1]
        if places.overlaps(t.idx, t.idx + len(t.text)):
            return True
    return False


def _shape(word: str) -> str:
    if word[:1].isupper():
        return "XX" if word.isupper() and len(word) > 1 else "X"
    if word[:1].isdigit():
        return "d"
    return "x" if word[:1].isalpha() else "p"
