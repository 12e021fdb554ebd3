"""Geoparsing as a library and as JSON Lines: find and resolve place mentions in text.

Two modes, the same code path as ``briefmap build`` (``MentionFinder`` then
``geo.resolve.resolve_mentions``), except that the NER model only sees the windows
around gazetteer names (:mod:`geo.gate`; a build needs every person and sentence for
its claims and visits):

* end to end (no ``spans``): find every place mention, then resolve them together;
* resolution only (``spans`` given): resolve exactly those character spans, in order,
  using the whole text as context. This is how resolvers are compared when the names
  are given.

Each place is a dict ``{"start", "end", "text", "lat", "lon", "name", "country",
"geonameid", "confidence", "kind", "place_id", "reason", "role", "role_confidence",
"role_reason"}``; ``role`` is ``literal`` or ``associative`` for every span, resolved or not
(:mod:`geo.language.roles`); ``lat``/``lon`` (and the
place fields) are ``None`` when a span could not be resolved, and ``reason`` says why.
A point placed by the article-focus fallback (a name the gazetteer lacks) carries a
low confidence and says so in ``reason``.

Example
-------
>>> from geo.geoparse import geoparse
>>> [p["name"] for p in geoparse("Officials met in Havana and Beijing.")]          # doctest: +SKIP
['Havana', 'Beijing']
>>> geoparse("Flights to Ulan Bator", spans=[[11, 21]])[0]["country"]              # doctest: +SKIP
'MN'

JSON Lines in and out (``briefmap geoparse``)::

    {"id": "a1", "text": "...", "spans": [[0, 6]]}      # spans optional
    {"id": "a1", "places": [{"start": 0, "end": 6, ...}]}
"""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import IO, Callable, Iterable, Iterator, Sequence

from .language.roles import role_properties
from .model import Mention, Resolution

#: Resolve names the gazetteer lacks to the article's focus (low confidence, with a reason).
FOCUS_FALLBACK = True


@dataclass
class Geoparser:
    """A reusable geoparser: opens the gazetteer and the NER model once.

    ``use_ner`` / ``use_gazetteer`` switch the two mention detectors (to measure what
    each adds); ``focus_fallback`` places names missing from the gazetteer at the
    article's focus with confidence 0.1. ``ner_gate`` runs the NER model only around
    capitalised words the gazetteer knows (:mod:`geo.gate`: about a quarter to a third
    of a news text, and the one slow stage); False runs it over every word.
    """

    gazetteer: object = None
    use_ner: bool = True
    use_gazetteer: bool = True
    use_patterns: bool = True
    extra_detectors: bool = True
    focus_fallback: bool = FOCUS_FALLBACK
    ner_gate: bool = True

    def __post_init__(self):
        from .mentions import MentionFinder

        self._default_gazetteer = self.gazetteer is None
        if self.gazetteer is None:
            from .analysis import AnalysisSpec, gazetteer_for

            self.gazetteer = gazetteer_for(AnalysisSpec())
        self.gate = None
        if self.ner_gate and self.use_ner:
            from .gate import NerGate

            self.gate = NerGate(self.gazetteer)
        from .language.roles import demonym_test

        self.is_demonym = demonym_test(self.gazetteer)
        self.finder = MentionFinder(self.gazetteer, use_ner=self.use_ner, use_gazetteer=self.use_gazetteer,
                                    use_patterns=self.use_patterns,
                                    extra_detectors=self.extra_detectors)

    # -- one document ----------------------------------------------------------------
    def resolutions(self, text: str, spans: Sequence[Sequence[int]] | None = None, doc_id: str = "doc",
                    sdoc=None) -> list[Resolution]:
        """Resolutions for ``text``: of its own mentions, or of exactly ``spans`` in order."""
        from .language.roles import assign_roles
        from .resolve import resolve_mentions

        if spans is None:
            if self.use_ner and sdoc is None:
                from .nlp import parse_many

                sdoc = next(parse_many([text], self.gate))
            mentions, _ = self.finder.find(text, doc_id, sdoc)
        else:
            mentions = [span_mention(text, s, doc_id) for s in spans]
        mentions = assign_roles(text, mentions, self.is_demonym)
        return resolve_mentions(text, mentions, self.gazetteer, focus_fallback=self.focus_fallback)

    def parse(self, text: str, spans: Sequence[Sequence[int]] | None = None, doc_id: str = "doc",
              sdoc=None) -> list[dict]:
        return [place_record(r) for r in self.resolutions(text, spans, doc_id, sdoc)]

    # -- many documents ----------------------------------------------------------------
    def parse_many(self, docs: Iterable[dict], *, n_process: int = 1, batch_size: int = 32,
                   progress: Callable[[int], None] | None = None) -> Iterator[tuple[dict, list[Resolution]]]:
        """Yield ``(doc, resolutions)`` for each ``{"id", "text", "spans"?}``, in input order.

        Documents go through spaCy in batches of ``batch_size``; with ``n_process`` > 1
        each batch is geoparsed whole (NER, mentions, resolution) in one of that many
        worker processes (:class:`geo.analysis.Execution`), which send back only the
        resolutions. Documents with spans never touch the NER model. A parser given
        its own ``gazetteer`` object works in this process only: workers open the
        default one.
        """
        batches = _batched(docs, batch_size)
        first = next(batches, None)
        if first is None:
            return
        batches = itertools.chain([first], batches)
        if n_process > 1 and self._default_gazetteer:
            from .analysis import Execution
            from .nlp import pipeline

            if self.use_ner and any(d.get("spans") is None for d in first):
                pipeline()      # loaded once here, inherited by forked workers
            results = Execution(workers=n_process).imap(_parse_batch, batches, options=self.options())
        else:
            results = (self._parse_batch(batch) for batch in batches)
        for pairs in results:
            for doc, res in pairs:
                if progress:
                    progress(len(doc["text"].split()))
                yield doc, res

    def _parse_batch(self, batch: list[dict]) -> list[tuple[dict, list[Resolution]]]:
        need_ner = [d for d in batch if d.get("spans") is None] if self.use_ner else []
        parsed = {}
        if need_ner:
            from .nlp import parse_many

            for d, sdoc in zip(need_ner, parse_many([d["text"] for d in need_ner], self.gate, len(need_ner))):
                parsed[id(d)] = sdoc
        return [(d, self.resolutions(d["text"], d.get("spans"), str(d.get("id", "")), parsed.get(id(d))))
                for d in batch]

    def options(self) -> dict:
        """The settings a worker process needs to build the same parser (all but the gazetteer)."""
        return {"use_ner": self.use_ner, "use_gazetteer": self.use_gazetteer, "use_patterns": self.use_patterns,
                "extra_detectors": self.extra_detectors, "focus_fallback": self.focus_fallback,
                "ner_gate": self.ner_gate}


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


def _parse_batch(batch: list[dict], options: dict) -> list[tuple[dict, list[Resolution]]]:
    """One batch in a worker process, with that process's parser for ``options``."""
    from .analysis import AnalysisSpec, gazetteer_for

    gazetteer = gazetteer_for(AnalysisSpec())
    key = (id(gazetteer), tuple(sorted(options.items())))
    parser = _WORKER_PARSERS.get(key)
    if parser is None:
        parser = _WORKER_PARSERS[key] = Geoparser(gazetteer, **options)
    return parser._parse_batch(batch)


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


def read_jsonl(stream: IO[str]) -> Iterator[dict]:
    """Documents from JSON Lines; each needs "text" (and "id"; "spans" is optional)."""
    for n, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"line {n}: not JSON ({exc.msg})") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
            raise ValueError(f'line {n}: expected an object with a "text" string')
        spans = doc.get("spans")
        if spans is not None and (not isinstance(spans, list)
                                  or not all(isinstance(s, list) and len(s) == 2 for s in spans)):
            raise ValueError(f'line {n}: "spans" must be a list of [start, end] pairs')
        doc.setdefault("id", n)
        yield doc


def geoparse_jsonl(infile: IO[str], outfile: IO[str], parser: Geoparser | None = None, *, n_process: int = 1,
                   progress: Callable[[int], None] | None = None) -> dict:
    """Geoparse JSON Lines from ``infile`` to ``outfile``; return counts for a summary."""
    parser = parser or Geoparser()
    stats = {"documents": 0, "words": 0, "places": 0, "resolved": 0, "fallback": 0}
    for doc, res in parser.parse_many(read_jsonl(infile), n_process=n_process, progress=progress):
        places = [place_record(r) for r in res]
        outfile.write(json.dumps({"id": doc["id"], "places": places}, ensure_ascii=False) + "\n")
        stats["documents"] += 1
        stats["words"] += len(doc["text"].split())
        stats["places"] += len(places)
        stats["resolved"] += sum(p["lat"] is not None for p in places)
        stats["fallback"] += sum("article focus" in p["reason"] for p in places)
    return stats
