"""The records that flow through the pipeline, one stage to the next.

documents -> mentions -> resolutions (places) -> claims -> features (layers) -> map

Every record is a frozen dataclass so stages cannot mutate what an earlier
stage produced, and so records hash and sort deterministically.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Iterable, Iterator


class Role(str, Enum):
    """How a mention uses its place (see :mod:`geo.language.roles`)."""

    LITERAL = "literal"            # the place itself: where something is, happens, goes
    ASSOCIATIVE = "associative"    # a government, people, team, organisation or modifier


@dataclass(frozen=True)
class RoleJudgement:
    role: Role
    confidence: float            # 0.5 to 1: the probability of the role given
    decided_by: str              # demonym | facility | dateline | organisation | model | default: the pass that decided
    reason: str


@dataclass(frozen=True)
class Document:
    """One article. A compilation file yields several, one per section.

    ``text`` is the section's text; ``offset`` is where that text starts in the
    source file, so ``file_text[offset + start: offset + end]`` recovers any
    span found in ``text``.
    """

    id: str                      # "<file name>#<section index>", stable across runs
    path: str                    # file name relative to the corpus folder
    section: int
    text: str
    offset: int = 0
    title: str = ""
    outlet: str = ""
    published: date | None = None
    url: str = ""
    meta_source: str = ""        # where outlet/date/url came from: "text", "sidecar", ...
    filed_from: str = ""         # the dateline's place of filing, as printed ("Moscow", "Gwadar, Pakistan")
    language: str = ""           # ISO 639-1 code detected from the text ("en", "es"), "und" when too short


@dataclass(frozen=True)
class Mention:
    """A span of a document's text that names or describes a place."""

    doc_id: str
    start: int                   # character offsets into Document.text, end exclusive
    end: int
    text: str
    label: str = "GPE"           # GPE | LOC | FAC | NORP (demonym) | DESC (described facility)
    detector: str = "ner"        # ner | gazetteer | pattern
    query: str = ""              # name to look up when it differs from text (e.g. a site id hint)
    within: str = ""             # the entity label ("ORG", "EVENT") when the name leads an organisation's name
    role: RoleJudgement | None = None   # set by geo.language.roles.assign_roles


@dataclass(frozen=True)
class Place:
    """A point on the map that one or more mentions resolve to."""

    id: str                      # "geonames:3553478", "site:lourdes-sigint", "region:caribbean"
    name: str
    lat: float
    lon: float
    kind: str                    # country | adm1 | adm2 | city | continent | region | water | site
    country: str = ""            # ISO 3166-1 alpha-2, "" for none
    population: int = 0
    geonameid: int | None = None
    category: str = ""           # sites only: intelligence | naval_base | port | ...
    source: str = ""             # provenance of the coordinates


@dataclass(frozen=True)
class Resolution:
    """A mention joined to a place (or to nothing, with the reason)."""

    mention: Mention
    place: Place | None
    confidence: float
    reason: str


@dataclass(frozen=True)
class Claim:
    """A statement a document makes about a place."""

    doc_id: str
    place: Place
    mention: Mention
    sentence: str                # verbatim: Document.text[sent_start:sent_end]
    sent_start: int
    sent_end: int
    attribution: str = ""        # who asserts it: "According to the WSJ, citing officials"
    status: str = "reported"     # reported | denied | confirmed | alleged
    status_evidence: str = ""    # the words that set the status
    event_date: str | None = None  # ISO YYYY-MM-DD, YYYY-MM or YYYY
    event_date_text: str = ""
    confidence: float = 1.0      # the resolution's confidence
    resolution: str = ""         # why the mention resolved to this place


class TravelStatus(str, Enum):
    """Where a journey stands, from the verb that reports it (see :mod:`geo.findings.visits`)."""

    TOOK_PLACE = "took place"      # "visited", "flew to", "met ... in"
    UNDER_WAY = "under way"        # "is visiting", "is in Shanghai for"
    PLANNED = "planned"            # "will visit", "is due to travel", "plans a trip"
    CANCELLED = "cancelled"        # "cancelled his trip", "will be unable to visit"


@dataclass(frozen=True)
class Visit:
    """One leg of a journey as one sentence reports it: who went where, and when.

    The leg's origin here is what the sentence (or the visitor's seat) says; the
    itinerary (:mod:`geo.findings.trips`) replaces it with the previous stop.
    """

    doc_id: str
    visitor: str
    origin: Place | None         # None when the text does not say where the visitor came from
    destination: Place
    origin_reason: str
    sentence: str
    sent_start: int
    sent_end: int
    mention: Mention             # the destination mention
    event_date: str | None = None
    event_date_text: str = ""
    attribution: str = ""
    status: str = "reported"
    confidence: float = 1.0
    office: str = ""                 # "Foreign Minister", "vice chairman of the Central Military Commission"
    travel: TravelStatus = TravelStatus.TOOK_PLACE
    date_precision: str = ""         # day | week | month | year | decade, "" when undated
    pattern: str = ""                # which reading found the leg (trip word, meeting, presence, ...)
    before_sentence: bool = False    # "after a visit to Moscow": this leg precedes the sentence's others
    trigger_start: int = -1          # offset of the trip word in the document
    to_country: bool = False         # the text names a country; the destination is its capital
    counterpart: str = ""            # whom the visitor met, when a meeting reports the leg


@dataclass(frozen=True)
class Leg:
    """One leg of a trip, with every sentence that reports it."""

    trip: str                        # the trip's id, shared by its legs
    leg: int                         # 1, 2, ... in travel order
    legs: int                        # how many legs the trip has
    visitor: str
    office: str
    origin: Place | None
    destination: Place
    origin_reason: str               # how the origin was found
    event_date: str | None
    date_precision: str
    date_reason: str                 # "stated" or how it was inferred
    travel: TravelStatus
    reports: tuple[Visit, ...]       # the sentences, first the representative one


@dataclass(frozen=True)
class LayerAssignment:
    """Why a claim sits in a layer: the rule that fired and the words that matched."""

    layer: str
    rule: str
    evidence: str


@dataclass
class BuildResult:
    """Everything one build produced, for the outputs and the summary."""

    documents: list[Document] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    legs: list[Leg] = field(default_factory=list)
    features: list[dict] = field(default_factory=list)   # GeoJSON Feature dicts, final order
    problems: list[str] = field(default_factory=list)     # one line per skipped file / error


class Stance(str, Enum):
    """What a source does with a finding."""

    ASSERTS = "asserts"
    CONFIRMS = "confirms"
    DENIES = "denies"


class GeoPrecision(str, Enum):
    """How exactly a finding is placed (ACLED's notion, by the kind of its locus)."""

    SITE = "site"            # a named facility, base, port or station
    CITY = "city"            # a populated place
    ADMIN2 = "admin2"        # a county or district
    ADMIN1 = "admin1"        # a state or province
    COUNTRY = "country"
    REGION = "region"        # a continent, sea or larger region
    NONE = "none"            # no literal place: a relation between its actors


@dataclass(frozen=True)
class Actor:
    """Who acts in a finding: an associative place ("Beijing denied"), or the attributed speaker."""

    name: str
    kind: str                    # place | speaker
    role: str                    # associative (places) | source (speakers)
    place_id: str = ""
    country: str = ""


@dataclass(frozen=True)
class Source:
    """One sentence that reports, confirms or denies a finding."""

    doc_id: str
    sentence: str                # verbatim: Document.text[sent_start:sent_end]
    sent_start: int
    sent_end: int
    mention: Mention | None      # the locus mention in this sentence (None where it names no locus)
    attribution: str = ""
    stance: Stance = Stance.ASSERTS
    status: str = "reported"     # the sentence's own status: reported | alleged | confirmed | denied | disputed
    status_evidence: str = ""
    event_date: str | None = None
    event_date_text: str = ""


@dataclass(frozen=True)
class Finding:
    """One claim about one thing, placed once, with every source that reports or denies it."""

    id: str                      # stable: "<doc id>@<sentence start>" of its first source
    layer: str
    layer_rule: str
    type: str                    # geo.findings.kinds.FindingType's value: facility | military_activity | visit | ...
    locus: Place | None          # the most specific literal place it is about; None for a relation
    geo_precision: GeoPrecision
    actors: tuple[Actor, ...]
    places: tuple[Claim, ...]    # every place named in its sentences (the claims per place)
    sources: tuple[Source, ...]  # the first is the representative one
    status: str = "reported"
    status_evidence: str = ""
    confidence: float = 1.0
    resolution: str = ""
    type_confidence: float = 1.0   # the type model's probability of ``type``
    type_evidence: str = ""        # its strongest features, in words


# -- records as plain data ------------------------------------------------------------------
# The per-document analysis cache stores records as JSON: unlike a pickle, a planted or
# corrupt entry can at worst fail to load, never run code. Decoding is driven by the
# records' own type hints and is strict (exact field names, exact JSON types), so an
# entry either comes back equal to what was stored or is refused.
class RecordError(ValueError):
    """Plain data that does not fit the record type it is decoded as."""


def to_data(value, tp) -> object:
    """``value`` (of type ``tp``: a record, a list/tuple/set/dict of them, a scalar) as JSON-ready data."""
    return _codec(tp)[0](value)


def from_data(data, tp):
    """The ``tp`` value that :func:`to_data` turned into ``data``; raise :class:`RecordError` if it does not fit."""
    try:
        return _codec(tp)[1](data)
    except RecordError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise RecordError(f"{getattr(tp, '__name__', tp)}: {exc}") from exc


_CODECS: dict = {}


def _expect(data, kind, what: str):
    # bool is an int to isinstance, but never a valid int or float field here.
    if not isinstance(data, kind) or (isinstance(data, bool) and kind is not bool):
        raise RecordError(f"expected {what}, got {type(data).__name__}")
    return data


def _codec(tp):
    """(encode, decode) for a type, built once from its hints."""
    import types
    import typing
    from dataclasses import fields, is_dataclass

    if tp in _CODECS:
        return _CODECS[tp]
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1 or len(args) != 2:
            raise TypeError(f"only optional unions are supported: {tp}")
        enc_i, dec_i = _codec(inner[0])
        codec = ((lambda v: None if v is None else enc_i(v)), (lambda d: None if d is None else dec_i(d)))
    elif tp is str:
        codec = (lambda v: _expect(v, str, "text"), lambda d: _expect(d, str, "text"))
    elif tp is bool:
        codec = (lambda v: _expect(v, bool, "true/false"), lambda d: _expect(d, bool, "true/false"))
    elif tp is int:
        codec = (lambda v: _expect(v, int, "an integer"), lambda d: _expect(d, int, "an integer"))
    elif tp is float:
        # Kept as stored: an int stays an int, so the outputs print it the same way.
        codec = (lambda v: _expect(v, (int, float), "a number"), lambda d: _expect(d, (int, float), "a number"))
    elif tp is date:
        def enc_date(v):
            if type(v) is not date:   # a datetime would come back as a date: refuse, do not alter
                raise TypeError(f"expected a date, got {type(v).__name__}")
            return v.isoformat()
        codec = (enc_date, lambda d: date.fromisoformat(_expect(d, str, "an ISO date")))
    elif isinstance(tp, type) and issubclass(tp, Enum):
        codec = ((lambda v: _expect(v, tp, tp.__name__).value), (lambda d: tp(d)))
    elif origin is list:
        enc_e, dec_e = _codec(args[0])
        codec = ((lambda v: [enc_e(x) for x in v]), (lambda d: [dec_e(x) for x in _expect(d, list, "a list")]))
    elif origin is set:
        enc_e, dec_e = _codec(args[0])
        codec = ((lambda v: sorted(enc_e(x) for x in v)), (lambda d: {dec_e(x) for x in _expect(d, list, "a list")}))
    elif origin is tuple and Ellipsis not in args:
        parts = [_codec(a) for a in args]

        def dec_tuple(d):
            if len(_expect(d, list, "a list")) != len(parts):
                raise RecordError(f"expected {len(parts)} items, got {len(d)}")
            return tuple(p[1](x) for p, x in zip(parts, d))
        codec = ((lambda v: [p[0](x) for p, x in zip(parts, v, strict=True)]), dec_tuple)
    elif origin is dict and args[0] is str:
        enc_v, dec_v = _codec(args[1])
        codec = ((lambda v: {_expect(k, str, "a text key"): enc_v(x) for k, x in v.items()}),
                 (lambda d: {k: dec_v(x) for k, x in _expect(d, dict, "an object").items()}))
    elif is_dataclass(tp) or (isinstance(tp, type) and issubclass(tp, tuple) and hasattr(tp, "_fields")):
        named_tuple = not is_dataclass(tp)
        hints = typing.get_type_hints(tp)
        names = list(tp._fields) if named_tuple else [f.name for f in fields(tp)]
        _CODECS[tp] = (None, None)   # placeholder while the field codecs are built
        parts = [(n, *_codec(hints[n])) for n in names]
        expected = set(names)

        def enc_record(v):
            if type(v) is not tp:
                raise TypeError(f"expected {tp.__name__}, got {type(v).__name__}")
            return {n: enc(getattr(v, n)) for n, enc, _ in parts}

        def dec_record(d):
            if set(_expect(d, dict, f"a {tp.__name__} object")) != expected:
                raise RecordError(f"{tp.__name__}: fields {sorted(d)} are not {sorted(expected)}")
            return tp(**{n: dec(d[n]) for n, _, dec in parts})
        codec = (enc_record, dec_record)
    else:
        raise TypeError(f"no plain-data form for {tp}")
    _CODECS[tp] = codec
    return codec


# -- records as compact data (the analysis cache) --------------------------------------------
# The cache reads one entry per article on every build, so its form is chosen for decoding
# speed: each record is a list of its fields in declaration order (no key per field), and
# the records an entry repeats most (the same place and mention inside a resolution, its
# claim and the finding built on it) are stored once, in a table, and referred to by their
# row number. Decoding is as strict as :func:`from_data`: exact lengths, exact JSON types,
# row numbers inside their table, tables holding only earlier tables' rows.
class CompactCodec:
    """Encode/decode values of ``tp`` with the records of ``shared`` types stored once, in tables.

    >>> codec = CompactCodec(list[Claim], shared=(Place, Mention))
    >>> p = Place("geonames:1", "Havana", 23.1, -82.4, "city", "CU")
    >>> m = Mention("d#0", 10, 16, "Havana")
    >>> c = Claim("d#0", p, m, "Met in Havana.", 0, 14)
    >>> data = codec.encode([c, c])
    >>> codec.decode(data) == [c, c]
    True
    """

    def __init__(self, tp, shared: tuple = (), pool_strings: bool = False):
        self.tp = tp
        self.shared = tuple(shared)
        self._slot = {t: i for i, t in enumerate(self.shared)}
        self._plans: dict = {}
        # With ``pool_strings``, the text fields of the records one decode makes are one string
        # per equal text (the JSON parser makes a new string per occurrence: the doc ids, layer
        # names, statuses and sentences a finding's sources repeat from its claims). Values are
        # equal either way; a decode of many records then holds far fewer strings.
        self._strings: dict[str, str] | None = {} if pool_strings else None
        # Per call: one memo (value -> row) and one table per shared type.
        self._memo: list[dict] = []
        self._rows: list[list] = []
        self._tables: list[list] = []
        self._top = self._plan(tp)
        self._table_plans = [self._plan(t, as_row=True) for t in self.shared]

    def encode(self, value) -> list:
        """``[table 0, table 1, ..., value]`` as JSON-ready lists."""
        self._memo = [{} for _ in self.shared]
        self._rows = [[] for _ in self.shared]
        try:
            top = self._top[0](value)
            return [*self._rows, top]
        finally:
            self._memo, self._rows = [], []

    def encode_each(self, item_type, values: Iterable) -> Iterator[list]:
        """Each of ``values`` (records of ``item_type``) in its JSON-ready form, one at a time, the
        shared records stored once across them all; once the values run out, :attr:`tables` holds
        the tables they refer to. A list of values so encoded, after the tables, is what
        :meth:`encode` gives for the list (a writer can then put each value out as it comes,
        rather than hold the whole encoding)."""
        enc = self._plan(item_type)[0]
        self._memo = [{} for _ in self.shared]
        self._rows = [[] for _ in self.shared]
        self.tables = []
        try:
            for value in values:
                yield enc(value)
            self.tables = self._rows
        finally:
            self._memo, self._rows = [], []

    def decode(self, data):
        """The value :meth:`encode` turned into ``data``; raise :class:`RecordError` if it does not fit."""
        with self._decoding(self.tp):
            if type(data) is not list or len(data) != len(self.shared) + 1:
                raise RecordError(f"expected {len(self.shared) + 1} parts")
            self._tables = []
            for rows, (_, dec) in zip(data, self._table_plans):
                # Each table is decoded before the next, whose rows may refer to it.
                self._tables.append([dec(r) for r in _expect(rows, list, "a table")])
            return self._top[1](data[-1])

    @contextlib.contextmanager
    def _decoding(self, tp):
        """Around one decoding: a malformed part is a :class:`RecordError` naming ``tp``, and the
        shared tables and pooled strings go when it ends, however it ends."""
        try:
            yield
        except RecordError:
            raise
        except (TypeError, ValueError, KeyError, AttributeError, IndexError) as exc:
            raise RecordError(f"{getattr(tp, '__name__', tp)}: {exc}") from exc
        finally:
            self._tables = []
            if self._strings is not None:
                self._strings.clear()

    def decode_each(self, item_type, tables: Iterable, values: Iterable) -> Iterator:
        """Each of ``values`` (the JSON-ready forms of records of ``item_type``) decoded, one at a
        time, after ``tables`` (one JSON-ready table per shared type, in order): the inverse of
        :meth:`encode_each`, as strict as :meth:`decode`.

        Both may be iterators that parse as they go: each table is decoded before the next is
        taken, and each value before the next, so a reader of a long file never holds the JSON
        of all of it, only the records it keeps (decoding a 10,000-article snapshot whole
        held its parsed JSON, several times the file, beside every record made from it)."""
        dec = self._plan(item_type)[1]
        with self._decoding(item_type):
            self._tables = []
            for rows in tables:
                if len(self._tables) == len(self.shared):
                    raise RecordError(f"expected {len(self.shared)} tables")
                dec_row = self._table_plans[len(self._tables)][1]
                self._tables.append([dec_row(r) for r in _expect(rows, list, "a table")])
                rows = None
            if len(self._tables) != len(self.shared):
                raise RecordError(f"expected {len(self.shared)} tables")
            for value in values:
                yield dec(value)

    # A field's plan is (encode, decode); a scalar's decode is None and its check is a set of
    # the exact Python types JSON may give for it (bool is never an int or float here).
    _SCALARS = {str: frozenset({str}), int: frozenset({int}), float: frozenset({int, float}),
                bool: frozenset({bool})}

    def _plan(self, tp, as_row: bool = False):
        import types
        import typing
        from dataclasses import is_dataclass

        if not as_row and tp in self._slot:
            return self._reference(tp)
        cache_key = (tp, as_row)
        if cache_key in self._plans:
            return self._plans[cache_key]
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if is_dataclass(tp) or (isinstance(tp, type) and issubclass(tp, tuple) and hasattr(tp, "_fields")):
            plan = self._record(tp, is_dataclass(tp))
        elif origin is list or (origin is tuple and len(args) == 2 and args[1] is Ellipsis):
            plan = self._sequence(args[0], list if origin is list else tuple)
        elif origin is tuple and args and Ellipsis not in args:
            plan = self._fixed(args)
        elif origin in (typing.Union, types.UnionType) or origin is set or origin is dict \
                or tp in self._SCALARS or tp is date or (isinstance(tp, type) and issubclass(tp, Enum)):
            # Leaves and rarer containers: the plain-data codec, whose checks are the same.
            plan = self._fallback(tp)
        else:
            raise TypeError(f"no compact form for {tp}")
        self._plans[cache_key] = plan
        return plan

    def _fallback(self, tp):
        import types
        import typing

        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            inner = [a for a in args if a is not type(None)]
            if len(inner) == 1 and len(args) == 2 and (inner[0] in self._slot or _is_record(inner[0])
                                                       or typing.get_origin(inner[0]) is list):
                enc_i, dec_i = self._plan(inner[0])
                return ((lambda v: None if v is None else enc_i(v)), (lambda d: None if d is None else dec_i(d)))
        if isinstance(tp, type) and issubclass(tp, Enum):
            members = {m.value: m for m in tp}

            def dec_enum(d):
                if type(d) is not str or d not in members:
                    raise RecordError(f"not a {tp.__name__}: {str(d)[:40]!r}")
                return members[d]
            return _codec(tp)[0], dec_enum
        if tp is str and self._strings is not None:
            enc_s, dec_s = _codec(str)
            pool = self._strings.setdefault

            def dec_pooled(d):
                d = dec_s(d)
                return pool(d, d)
            return enc_s, dec_pooled
        return _codec(tp)

    def _fixed(self, args):
        parts = [self._plan(a) for a in args]
        n = len(parts)

        def dec_fixed(d):
            if type(d) is not list or len(d) != n:
                raise RecordError(f"expected {n} items")
            return tuple(dec(x) for (_, dec), x in zip(parts, d))
        return (lambda v: [enc(x) for (enc, _), x in zip(parts, v, strict=True)]), dec_fixed

    def _reference(self, tp):
        slot = self._slot[tp]
        if slot in self._plans:
            return self._plans[slot]
        row_plan = self._plan(tp, as_row=True)

        def enc_ref(v):
            memo = self._memo[slot]
            i = memo.get(v)
            if i is None:
                row = row_plan[0](v)        # rows of later tables may add to earlier ones: fine
                i = memo[v] = len(self._rows[slot])
                self._rows[slot].append(row)
            return i

        def dec_ref(d):
            if type(d) is not int or d < 0:
                raise RecordError(f"expected a row number of {tp.__name__}")
            return self._tables[slot][d]   # IndexError past the table: refused
        if any(t is tp for t in self.shared[slot + 1:]):   # pragma: no cover - construction error
            raise TypeError("a type is shared twice")
        plan = self._plans[slot] = (enc_ref, dec_ref)
        return plan

    def _sequence(self, item, kind):
        enc_e, dec_e = self._plan(item)
        if item in self._SCALARS and item not in self._slot:
            allowed = self._SCALARS[item]
            pool = self._strings.setdefault if self._strings is not None and item is str else None

            def dec_scalars(d):
                if not all(type(x) in allowed for x in _expect(d, list, "a list")):
                    raise RecordError(f"expected a list of {item.__name__}")
                if pool is not None:
                    d = [pool(x, x) for x in d]
                return d if kind is list else tuple(d)
            return (lambda v: [enc_e(x) for x in v]), dec_scalars
        return ((lambda v: [enc_e(x) for x in v]),
                (lambda d: kind(dec_e(x) for x in _expect(d, list, "a list"))) if kind is tuple
                else (lambda d: [dec_e(x) for x in _expect(d, list, "a list")]))

    def _record(self, tp, dataclass_: bool):
        import types
        import typing
        from dataclasses import fields

        hints = typing.get_type_hints(tp)
        names = [f.name for f in fields(tp)] if dataclass_ else list(tp._fields)
        n = len(names)
        placeholder = [None, None]
        self._plans[(tp, True)] = self._plans[(tp, False)] = (
            lambda v: placeholder[0](v), lambda d: placeholder[1](d))
        parts = []
        for name in names:
            hint = hints[name]
            optional = typing.get_origin(hint) in (typing.Union, types.UnionType) \
                and type(None) in typing.get_args(hint) and len(typing.get_args(hint)) == 2
            inner = next((a for a in typing.get_args(hint) if a is not type(None)), hint) if optional else hint
            if inner in self._SCALARS:
                allowed = self._SCALARS[inner] | ({type(None)} if optional else set())
                parts.append((name, allowed, None, None))
            else:
                enc, dec = self._plan(hint)
                parts.append((name, None, enc, dec))
        getters = [(name, allowed, enc) for name, allowed, enc, _ in parts]

        def enc_record(v):
            if type(v) is not tp:
                raise TypeError(f"expected {tp.__name__}, got {type(v).__name__}")
            out = []
            for name, allowed, enc in getters:
                x = getattr(v, name)
                if enc is None:
                    if type(x) not in allowed:   # refused now rather than when read back
                        raise TypeError(f"{tp.__name__}.{name}: unexpected {type(x).__name__}")
                    out.append(x)
                else:
                    out.append(enc(x))
            return out

        new = object.__new__
        pool = self._strings.setdefault if self._strings is not None else None

        def dec_record(d):
            if type(d) is not list or len(d) != n:
                raise RecordError(f"expected a {tp.__name__} row of {n} fields")
            values = []
            for (name, allowed, _, dec), x in zip(parts, d):
                if dec is None:
                    kind = type(x)
                    if kind not in allowed:
                        raise RecordError(f"{tp.__name__}.{name}: unexpected {kind.__name__}")
                    values.append(pool(x, x) if kind is str and pool is not None else x)
                else:
                    values.append(dec(x))
            if not dataclass_:
                return tuple.__new__(tp, values)
            # Every field is given and checked: fill the frozen record without running its
            # __init__ field by field (a third of the decoding time).
            obj = new(tp)
            obj.__dict__.update(zip(names, values))
            return obj
        placeholder[0], placeholder[1] = enc_record, dec_record
        return enc_record, dec_record


def _is_record(tp) -> bool:
    from dataclasses import is_dataclass

    return is_dataclass(tp) or (isinstance(tp, type) and issubclass(tp, tuple) and hasattr(tp, "_fields"))
