"""Geoparsing as a library and as JSON Lines: find and resolve place mentions in text.

Two modes, the same code path as ``briefmap build`` (``MentionFinder`` then
``geo.places.resolve.resolve_mentions``), except that the NER model only sees the windows
around gazetteer names (:mod:`geo.language.gate`; a build needs every person and sentence for
its claims and visits):

* end to end (no ``spans``): find every place mention, then resolve them together;
* resolution only (``spans`` given): resolve exactly those character spans, in order,
  using the whole text as context: the mention finder still reads it, and the other
  places it finds count as evidence without being output. This is how resolvers are
  compared when the names are given.

A line's optional ``url`` and ``outlet`` count as evidence of where the article is
published (a national domain such as ``.co.uk``, a profiled outlet; :mod:`geo.places.publication`).

Each place is a dict ``{"start", "end", "text", "lat", "lon", "name", "country",
"geonameid", "confidence", "kind", "place_id", "reason", "role", "role_confidence",
"role_reason"}``; ``role`` is ``literal`` or ``associative`` for every span, resolved or not
(:mod:`geo.language.roles`); ``lat``/``lon`` (and the
place fields) are ``None`` when a span could not be resolved, and ``reason`` says why.
A point placed by the article-focus fallback (a name the gazetteer lacks) carries a
low confidence and says so in ``reason``.

Example
-------
>>> from geo.build.geoparse import geoparse
>>> [p["name"] for p in geoparse("Officials met in Havana and Beijing.")]          # doctest: +SKIP
['Havana', 'Beijing']
>>> geoparse("Flights to Ulan Bator", spans=[[11, 21]])[0]["country"]              # doctest: +SKIP
'MN'

JSON Lines in and out (``briefmap geoparse``), one output line per input line::

    {"id": "a1", "text": "...", "spans": [[0, 6]], "url": "...", "outlet": "..."}   # all but text optional
    {"id": "a1", "url": "...", "outlet": "...", "places": [{"start": 0, "end": 6, ...}]}
    {"id": 3, "error": "line 3: not JSON (Expecting value)"}                       # a line that failed

A line that cannot be geoparsed (not JSON, not an object, no text, a text over
:data:`MAX_TEXT` characters, malformed spans, a span outside its text, or a document
the NER or resolver fails on) gets an ``error`` line with its ``id`` (its line number
when it has none) and the others go on.
"""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, replace
from typing import IO, Callable, Iterable, Iterator, Sequence

from geo.language.roles import role_properties
from geo.model import Mention, Resolution

#: Resolve names the gazetteer lacks to the article's focus (low confidence, with a reason).
FOCUS_FALLBACK = True


@dataclass
class Geoparser:
    """A reusable geoparser: opens the gazetteer and the NER model once.

    ``use_ner`` / ``use_gazetteer`` switch the two mention detectors (to measure what
    each adds); ``focus_fallback`` places names missing from the gazetteer at the
    article's focus with confidence 0.1. ``ner_gate`` runs the NER model only around
    capitalised words the gazetteer knows (:mod:`geo.language.gate`: about a quarter to a third
    of a news text, and the one slow stage); False runs it over every word.
    ``span_context``: with ``spans`` given, the mention finder still reads the whole text
    and its other finds count as context (not output); see the README's accuracy section
    for what it adds on LGL's held-out half. ``use_outlet``: a line's ``url``/``outlet``
    count as evidence of where it is published (:mod:`geo.places.publication`).
    ``organisations``: a place inside an organisation's name ("Berea police") is output as an
    associative mention; off, it is only the resolver's context, as in ``briefmap build`` (the map
    never draws it). On LGL's held-out half end to end (2026-12-02): F1 0.823 off, 0.854 on (recall
    0.803 -> 0.863, precision 0.844 both; LGL's gold counts such names as toponyms).
    """

    gazetteer: object = None
    use_ner: bool = True
    use_gazetteer: bool = True
    use_patterns: bool = True
    extra_detectors: bool = True
    focus_fallback: bool = FOCUS_FALLBACK
    ner_gate: bool = True
    span_context: bool = True
    use_outlet: bool = True
    organisations: bool = True

    def __post_init__(self):
        from geo.language.mentions import MentionFinder

        self._default_gazetteer = self.gazetteer is None
        if self.gazetteer is None:
            from geo.build.analysis import AnalysisSpec, gazetteer_for

            self.gazetteer = gazetteer_for(AnalysisSpec())
        self.gate = None
        if self.ner_gate and self.use_ner:
            from geo.language.gate import NerGate

            self.gate = NerGate(self.gazetteer)
        from geo.language.roles import demonym_test

        self.is_demonym = demonym_test(self.gazetteer)
        self.finder = MentionFinder(self.gazetteer, use_ner=self.use_ner, use_gazetteer=self.use_gazetteer,
                                    use_patterns=self.use_patterns,
                                    extra_detectors=self.extra_detectors)

    # -- one document ----------------------------------------------------------------
    def mentions(self, text: str, spans: Sequence[Sequence[int]] | None = None, doc_id: str = "doc",
                 sdoc=None) -> tuple[list[Mention], list[Mention]]:
        """(mentions to resolve, mentions that only count as context) for ``text``.

        End to end the first are the finder's, places inside an organisation's name among them
        (marked ``within``, so judged associative), and the second is empty; with ``spans`` the
        first are exactly the spans and, when ``span_context`` is on, the second the finder's
        other finds and those organisation places.
        """
        from geo.language.roles import assign_roles

        judge, context = self._unjudged(text, spans, doc_id, sdoc)
        return assign_roles(text, judge, self.is_demonym), context

    def _unjudged(self, text: str, spans: Sequence[Sequence[int]] | None, doc_id: str,
                  sdoc) -> tuple[list[Mention], list[Mention]]:
        """:meth:`mentions` before their roles are judged."""
        from geo.language.mentions import organisation_places

        found: list[Mention] = []
        bodies: list[Mention] = []
        if spans is None or self.span_context:
            if self.use_ner and sdoc is None:
                from geo.language.nlp import parse_many

                sdoc = next(parse_many([text], self.gate))
            found, rejected = self.finder.find(text, doc_id, sdoc)
            # A town's police or school board is no place mention, yet it says which town the
            # article is about ("Berea police" in an Ohio paper): resolver context, never drawn.
            bodies = organisation_places(rejected)
        if spans is None and not self.organisations:
            return found, bodies
        if spans is None:
            # Output too, as the organisation's ("Berea police" uses Berea associatively, as
            # ReLocaR's guidelines and LGL's gold have it); the build leaves them undrawn.
            named = [replace(m, within=m.within or "ORG") for m in bodies]
            return sorted(found + named, key=lambda m: (m.start, m.end)), []
        given = [span_mention(text, s, doc_id) for s in spans]
        return given, sorted(found + bodies, key=lambda m: (m.start, m.end))

    def resolutions(self, text: str, spans: Sequence[Sequence[int]] | None = None, doc_id: str = "doc",
                    sdoc=None, url: str | None = None, outlet: str | None = None,
                    weights: dict | None = None,
                    judged: tuple[list[Mention], list[Mention]] | None = None) -> list[Resolution]:
        """Resolutions for ``text``: of its own mentions, or of exactly ``spans`` in order.

        ``judged``: :meth:`mentions`' result when the caller has it already (a batch judges
        the roles of all its documents in one parser batch).

        ``url`` / ``outlet``: where the article was published (:mod:`geo.places.publication`), as
        evidence; ``weights``: other evidence weights than the shipped ones (for the ablation).
        """
        from geo.places.resolve import resolve_mentions

        mentions, context = judged if judged is not None else self.mentions(text, spans, doc_id, sdoc)
        context = context + self.outlet_context(text, url, doc_id)
        return resolve_mentions(text, mentions, self.gazetteer, focus_fallback=self.focus_fallback,
                                context=context, weights=weights, outlet=self.publication(url, outlet))

    def outlet_context(self, text: str, url: str | None, doc_id: str = "doc") -> list[Mention]:
        """The towns a city paper's host name is made of ("gainesvilletimes.com"), as context mentions.

        They join the resolver's inference like the finder's other finds (an empty span at the
        end of the text, never output): a Dublin in a Columbus paper is the one near Columbus.
        Measured on LGL's dev half (names given): 93.1% -> 93.3% within 161 km (README).
        Empty when ``use_outlet`` is off.
        """
        if not self.use_outlet:
            return []
        from geo.places.publication import outlet_context

        return outlet_context(text, url, doc_id, self.gazetteer)

    def publication(self, url: str | None, outlet: str | None) -> dict[str, float]:
        """Where the outlet or URL says the article is published (empty when ``use_outlet`` is off)."""
        if not self.use_outlet:
            return {}
        from geo.places.publication import publication_countries

        return publication_countries(url, outlet)

    def parse(self, text: str, spans: Sequence[Sequence[int]] | None = None, doc_id: str = "doc",
              sdoc=None) -> list[dict]:
        return [place_record(r) for r in self.resolutions(text, spans, doc_id, sdoc)]

    # -- many documents ----------------------------------------------------------------
    def parse_many(self, docs: Iterable[dict], *, n_process: int = 1, batch_size: int = 32,
                   progress: Callable[[int], None] | None = None,
                   on_error: str = "raise") -> Iterator[tuple[dict, list[Resolution] | None]]:
        """Yield ``(doc, resolutions)`` for each ``{"id", "text", "spans"?}``, in input order.

        ``on_error="mark"``: a document that fails (an ``"error"`` already in it, or the
        NER or resolver raising on it) comes back as ``(doc with "error", None)`` and the
        rest of its batch is unaffected; ``"raise"`` (the default) lets the exception out.

        Documents go through spaCy in batches of ``batch_size``; with ``n_process`` > 1
        each batch is geoparsed whole (NER, mentions, resolution) in one of that many
        worker processes (:class:`geo.build.analysis.Execution`), which send back only the
        resolutions. Documents with spans touch the NER model only for context
        (``span_context``). A parser given
        its own ``gazetteer`` object works in this process only: workers open the
        default one.
        """
        batches = _batched(docs, batch_size)
        first = next(batches, None)
        if first is None:
            return
        batches = itertools.chain([first], batches)
        if n_process > 1 and self._default_gazetteer:
            from geo.build.analysis import Execution
            from geo.language.nlp import pipeline

            if self.use_ner and any(d.get("spans") is None or self.span_context for d in first):
                pipeline()      # loaded once here, inherited by forked workers
            results = Execution(workers=n_process).imap(_parse_batch, batches, options=self.options(),
                                                        on_error=on_error)
        else:
            results = (self._parse_batch(batch, on_error) for batch in batches)
        for pairs in results:
            for doc, res in pairs:
                if progress and isinstance(doc.get("text"), str):
                    progress(len(doc["text"].split()))
                yield doc, res

    def _ner(self, docs: list[dict]) -> dict[int, object]:
        from geo.language.nlp import parse_many

        return {id(d): sdoc for d, sdoc in zip(docs, parse_many([d["text"] for d in docs], self.gate, len(docs)))}

    def _parse_batch(self, batch: list[dict], on_error: str = "raise") -> list[tuple[dict, list[Resolution] | None]]:
        mark = on_error == "mark"
        live = [d for d in batch if not (mark and "error" in d)]
        need_ner = [d for d in live if d.get("spans") is None or self.span_context] if self.use_ner else []
        parsed: dict[int, object] = {}
        failed: dict[int, str] = {}
        if need_ner:
            try:
                parsed = self._ner(need_ner)
            except Exception:
                if not mark:
                    raise
                # One bad document must not take its batch down: find it by going one by one.
                for d in need_ner:
                    try:
                        parsed.update(self._ner([d]))
                    except Exception as exc:
                        failed[id(d)] = f"named-entity recognition failed: {_one_line(exc)}"
        judged = self._judge_batch([d for d in live if id(d) not in failed], parsed, failed, mark)
        out = []
        for d in batch:
            if mark and "error" in d:
                out.append((d, None))
                continue
            if id(d) in failed:
                out.append((dict(d, error=failed[id(d)]), None))
                continue
            try:
                res = self.resolutions(d["text"], d.get("spans"), str(d.get("id", "")), parsed.get(id(d)),
                                       url=d.get("url"), outlet=d.get("outlet"), judged=judged.get(id(d)))
            except Exception as exc:
                if not mark:
                    raise
                out.append((dict(d, error=f"geoparsing failed: {_one_line(exc)}"), None))
                continue
            out.append((d, res))
        return out

    def _judge_batch(self, docs: list[dict], parsed: dict, failed: dict, mark: bool) -> dict[int, tuple]:
        """Each document's mentions with their roles, the roles of the whole batch judged together
        (one parser batch for the windows of all its unsure mentions: about a sixth less parser
        time than one document at a time, README "Place roles"). A document whose mentions fail
        is left out here and fails again, alone, in :meth:`resolutions`."""
        from geo.language.roles import assign_roles_many

        found: list[tuple[dict, tuple]] = []
        for d in docs:
            try:
                found.append((d, self._unjudged(d["text"], d.get("spans"), str(d.get("id", "")), parsed.get(id(d)))))
            except Exception:
                if not mark:
                    raise
        try:
            judged = assign_roles_many([(d["text"], judge) for d, (judge, _) in found], self.is_demonym)
        except Exception:
            if not mark:
                raise
            return {}       # each document is judged alone, and the one that fails is marked
        return {id(d): (j, context) for (d, (_, context)), j in zip(found, judged)}

    def options(self) -> dict:
        """The settings a worker process needs to build the same parser (all but the gazetteer)."""
        return {"use_ner": self.use_ner, "use_gazetteer": self.use_gazetteer, "use_patterns": self.use_patterns,
                "extra_detectors": self.extra_detectors, "focus_fallback": self.focus_fallback,
                "ner_gate": self.ner_gate, "span_context": self.span_context, "use_outlet": self.use_outlet,
                "organisations": self.organisations}


def _batched(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


_WORKER_PARSERS: dict = {}


def _one_line(exc: BaseException) -> str:
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text[:300]


def _parse_batch(batch: list[dict], options: dict, on_error: str = "raise") -> list[tuple[dict, list[Resolution] | None]]:
    """One batch in a worker process, with that process's parser for ``options``."""
    from geo.build.analysis import AnalysisSpec, gazetteer_for

    gazetteer = gazetteer_for(AnalysisSpec())
    key = (id(gazetteer), tuple(sorted(options.items())))
    parser = _WORKER_PARSERS.get(key)
    if parser is None:
        parser = _WORKER_PARSERS[key] = Geoparser(gazetteer, **options)
    return parser._parse_batch(batch, on_error)


def span_mention(text: str, span: Sequence[int], doc_id: str = "doc") -> Mention:
    """A given character span as a mention (resolution-only mode)."""
    start, end = int(span[0]), int(span[1])
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span [{start}, {end}] is outside the text (length {len(text)})")
    return Mention(doc_id, start, end, text[start:end], "GPE", "given")


def place_record(res: Resolution) -> dict:
    """The JSON form of one resolution."""
    m, p = res.mention, res.place
    return {"start": m.start, "end": m.end, "text": m.text,
            "lat": round(p.lat, 5) if p else None, "lon": round(p.lon, 5) if p else None,
            "name": p.name if p else None, "country": (p.country or None) if p else None,
            "geonameid": p.geonameid if p else None, "confidence": round(res.confidence, 3),
            "kind": p.kind if p else None, "place_id": p.id if p else None, "reason": res.reason,
            **role_properties(m)}


_DEFAULT: dict = {}


def geoparse(text: str, spans: Sequence[Sequence[int]] | None = None, gazetteer=None, **options) -> list[dict]:
    """Find and resolve the places in ``text`` (or resolve exactly ``spans``); one dict per place.

    ``options`` go to :class:`Geoparser` (``focus_fallback``, ``use_ner``, ...). The parser
    for the default gazetteer is cached between calls.
    """
    key = (id(gazetteer), tuple(sorted(options.items())))
    parser = _DEFAULT.get(key)
    if parser is None:
        parser = _DEFAULT[key] = Geoparser(gazetteer, **options)
    return parser.parse(text, spans)


#: The longest text one line may carry (the build's limit for one article).
MAX_TEXT = 1_000_000
#: Fields of an input line passed through to its output line.
PASSTHROUGH = ("url", "outlet")


def read_jsonl(stream: IO[str]) -> Iterator[dict]:
    """Documents from JSON Lines, one a non-blank line, in order.

    A line that is not a usable document comes out as ``{"id", "error", ...}``
    (``id`` is the line number unless the line gave a usable one); every other
    line as ``{"id", "text", "spans"?, "url"?, "outlet"?}``, ``id`` defaulting to
    the line number.
    """
    for n, line in enumerate(stream, 1):
        if not line.strip():
            continue
        yield _document(n, line)


def _document(n: int, line: str) -> dict:
    try:
        doc = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        why = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        return {"id": n, "error": f"line {n}: not JSON ({why})"}
    if not isinstance(doc, dict):
        return {"id": n, "error": f'line {n}: expected an object with a "text" string, got {_json_type(doc)}'}
    doc_id = doc.get("id", n)
    if doc_id is None or isinstance(doc_id, bool) or not isinstance(doc_id, (str, int, float)):
        return {"id": n, "error": f'line {n}: "id" must be a string or a number'}
    out = {"id": doc_id}
    for key in PASSTHROUGH:
        value = doc.get(key)
        if value is not None and not isinstance(value, str):
            return {**out, "error": f'line {n}: "{key}" must be a string'}
        if value is not None:
            out[key] = value
    text = doc.get("text")
    if not isinstance(text, str):
        return {**out, "error": f'line {n}: expected a "text" string'}
    if len(text) > MAX_TEXT:
        return {**out, "error": f"line {n}: text of {len(text):,} characters is over the limit of {MAX_TEXT:,}"}
    out["text"] = text
    spans = doc.get("spans")
    if spans is not None:
        problem = _span_problem(spans, len(text))
        if problem:
            return {**out, "error": f"line {n}: {problem}"}
        out["spans"] = spans
    return out


def _json_type(value) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), "a number")


def _span_problem(spans, length: int) -> str:
    if not isinstance(spans, list):
        return '"spans" must be a list of [start, end] pairs'
    for i, span in enumerate(spans):
        if not (isinstance(span, list) and len(span) == 2
                and all(isinstance(x, int) and not isinstance(x, bool) for x in span)):
            return f'"spans" item {i} must be a pair of integers [start, end]'
        start, end = span
        if not 0 <= start <= end <= length:
            return f"span {i} [{start}, {end}] is outside the text (length {length})"
    return ""


# Characters str.splitlines() (and so many JSON Lines readers) treat as line breaks that
# json.dumps(ensure_ascii=False) leaves raw inside strings: one record must stay one line.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _jsonl(record: dict) -> str:
    line = json.dumps(record, ensure_ascii=False)
    for char, escaped in _LINE_BREAKS.items():
        line = line.replace(char, escaped)
    return line + "\n"


def geoparse_jsonl(infile: IO[str], outfile: IO[str], parser: Geoparser | None = None, *, n_process: int = 1,
                   progress: Callable[[int], None] | None = None) -> dict:
    """Geoparse JSON Lines from ``infile`` to ``outfile``, one output line per input line.

    Returns counts for a summary; ``failed`` lists ``(id, error)`` for the lines
    written as errors.
    """
    parser = parser or Geoparser()
    stats = {"documents": 0, "words": 0, "places": 0, "resolved": 0, "fallback": 0, "failed": []}
    for doc, res in parser.parse_many(read_jsonl(infile), n_process=n_process, progress=progress,
                                      on_error="mark"):
        head = {"id": doc["id"], **{k: doc[k] for k in PASSTHROUGH if k in doc}}
        if res is None:
            outfile.write(_jsonl({**head, "error": doc["error"]}))
            stats["failed"].append((doc["id"], doc["error"]))
            continue
        places = [place_record(r) for r in res]
        outfile.write(_jsonl({**head, "places": places}))
        stats["documents"] += 1
        stats["words"] += len(doc["text"].split())
        stats["places"] += len(places)
        stats["resolved"] += sum(p["lat"] is not None for p in places)
        stats["fallback"] += sum("article focus" in p["reason"] for p in places)
    return stats
