"""Story mode: the briefing file beside the articles, and a default story.

A briefer steps through the findings with the arrow keys; each step flies to
its places, highlights them and lists its claims. The steps come from
``briefing.yaml`` in the corpus folder (see ``seeds/briefing.yaml``)::

    title: China's military and intelligence footprint in Cuba
    steps:
      - title: A Chinese training centre 100 miles from Florida
        narration: One sentence the briefer can read out.
        places: [Havana, Cuba]            # required: place names on the map
        layers: [project141]              # optional: only claims in these layers
        match: [training]                 # optional: claim contains any of these words
        from: 2019                        # optional: event date range (YYYY[-MM[-DD]])
        to: 2023-12
        limit: 6                          # optional: at most this many claims, newest first

A place name matches a point's ``place`` (case-insensitive) or a visit's
``origin``/``destination``. Every problem is reported with the file name,
the step number and what would fix it (``BriefingError``). Without the file,
``default_story`` makes one step per layer (layer order), each covering that
layer's busiest places with their claims in date order.

>>> f = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-82.4, 23.1]},
...      "properties": {"layer": "intelligence", "place": "Havana", "claim": "A spy base.",
...                     "event_date": "2023-06"}}
>>> story = parse_briefing({"steps": [{"title": "Spies", "places": ["havana"]}]}, [f], [])
>>> story["steps"][0]["feature_ids"], story["steps"][0]["places"]
([0], ['Havana'])
>>> default_story([f], [{"id": "intelligence", "title": "Intelligence"}])["steps"][0]["title"]
'Intelligence'
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Iterable

from geo.read.safeyaml import YamlError, item_line, line_of, load_yaml, value_line

BRIEFING_FILE = "briefing.yaml"
STEP_KEYS = {"title", "narration", "places", "layers", "match", "from", "to", "limit"}
TOP_KEYS = {"title", "description", "steps"}
BACKGROUND_LAYERS = ("context", "_other")
DEFAULT_PLACES_PER_STEP = 4
DEFAULT_CLAIMS_PER_STEP = 12
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


class BriefingError(ValueError):
    """A problem in a briefing file; the message names the file and step."""


def _props(f: dict) -> dict:
    p = f.get("properties") if isinstance(f, dict) else None
    return p if isinstance(p, dict) else {}


def _gtype(f: dict) -> str:
    g = f.get("geometry") if isinstance(f, dict) else None
    return g.get("type", "") if isinstance(g, dict) else ""


def _date_key(p: dict) -> str:
    return str(p.get("event_date") or p.get("published") or "")


def _names(f: dict) -> list[str]:
    p = _props(f)
    if _gtype(f) == "LineString":
        return [str(x) for x in (p.get("origin"), p.get("destination")) if x]
    return [str(p["place"])] if p.get("place") else []


def _str_list(value, where: str, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, int, float)):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise BriefingError(f"{where}: '{key}' must be a list of names, e.g. {key}: [Havana, Cuba]")
    return [str(v).strip() for v in value if str(v).strip()]


def _date(value, where: str, key: str) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    if not _DATE.match(text):
        raise BriefingError(f"{where}: '{key}: {text}' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    return text


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name.lower(), sorted({k.lower(): k for k in known}), n=3, cutoff=0.6)
    lookup = {k.lower(): k for k in known}
    if close:
        return "; did you mean " + ", ".join(repr(lookup[c]) for c in close) + "?"
    return ""


def _where(source: str, value, default: int | None = None) -> str:
    """The file, and the line ``value`` starts on when the YAML loader recorded it."""
    line = line_of(value, default)
    return f"{source}: line {line}" if line else source


def parse_briefing(data, features: list[dict], layers: list[dict], *, source: str = BRIEFING_FILE) -> dict:
    """Validate a parsed briefing file against the map's features and layers.

    Returns ``{"title", "description", "source", "steps": [{"title",
    "narration", "places", "feature_ids"}]}``; feature ids index ``features``.
    """
    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else type(data).__name__
        raise BriefingError(f"{_where(source, data, 1)}: expected a mapping with 'title' and 'steps', got {kind}")
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise BriefingError(f"{_where(source, data)}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                            f"allowed: {', '.join(sorted(TOP_KEYS))}")
    steps = data.get("steps")
    if not isinstance(steps, list) or not steps:
        raise BriefingError(f"{_where(source, steps, value_line(data, 'steps'))}: 'steps' must be a non-empty list of steps")
    known_places: dict[str, str] = {}
    for f in features:
        for n in _names(f):
            known_places.setdefault(n.lower(), n)
    layer_ids = [str(lay.get("id")) for lay in layers if isinstance(lay, dict) and lay.get("id")]
    layer_ids += sorted({str(_props(f).get("layer")) for f in features if _props(f).get("layer")} - set(layer_ids))
    out = []
    for n, step in enumerate(steps, 1):
        if not isinstance(step, dict):
            raise BriefingError(f"{_where(source, None, item_line(steps, n - 1))}: step {n} must be a mapping "
                                "with title, narration and places")
        title = str(step.get("title") or "").strip()
        where = f"{_where(source, step)}: step {n}" + (f" ({title!r})" if title else "")
        bad = set(step) - STEP_KEYS
        if bad:
            raise BriefingError(f"{where}: unknown key(s) {', '.join(sorted(map(str, bad)))}; "
                                f"allowed: {', '.join(sorted(STEP_KEYS))}")
        if not title:
            raise BriefingError(f"{where}: every step needs a 'title'")
        places = _str_list(step.get("places"), where, "places")
        if not places:
            raise BriefingError(f"{where}: 'places' is required (names of places on the map)")
        resolved = []
        for name in places:
            hit = known_places.get(name.lower())
            if hit is None:
                raise BriefingError(f"{where}: place {name!r} is not on the map{_suggest(name, known_places.values())}")
            resolved.append(hit)
        want_layers = _str_list(step.get("layers"), where, "layers")
        for lid in want_layers:
            if lid not in layer_ids:
                raise BriefingError(f"{where}: layer {lid!r} does not exist; layers: {', '.join(layer_ids)}")
        words = [w.lower() for w in _str_list(step.get("match"), where, "match")]
        lo, hi = _date(step.get("from"), where, "from"), _date(step.get("to"), where, "to")
        limit = step.get("limit")
        if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
            raise BriefingError(f"{where}: 'limit' must be a positive whole number")
        wanted = {r.lower() for r in resolved}
        ids = []
        for i, f in enumerate(features):
            p = _props(f)
            if not any(x.lower() in wanted for x in _names(f)):
                continue
            if want_layers and p.get("layer") not in want_layers:
                continue
            if words and not any(w in str(p.get("claim") or "").lower() for w in words):
                continue
            d = _date_key(p)
            if (lo and (not d or d[:len(lo)] < lo)) or (hi and (not d or d[:len(hi)] > hi)):
                continue
            ids.append(i)
        if not ids:
            raise BriefingError(f"{where}: no claim at {', '.join(resolved)} passes the step's "
                                "layers/match/from/to filters; loosen them")
        ids.sort(key=lambda i: (_date_key(_props(features[i])), i), reverse=True)
        if limit:
            ids = ids[:limit]
        out.append({"title": title[:200], "narration": str(step.get("narration") or "").strip()[:1000],
                    "places": resolved, "feature_ids": sorted(ids)})
    return {"title": str(data.get("title") or "").strip()[:200],
            "description": str(data.get("description") or "").strip()[:1000],
            "source": Path(source).name, "steps": out}


def load_briefing(path, features: list[dict], layers: list[dict]) -> dict:
    """Read and validate a briefing file (``BriefingError`` names the file)."""
    path = Path(path)
    try:
        data = load_yaml(path, str(path))
    except YamlError as exc:
        where = f"line {exc.line}: " if exc.line else ""
        raise BriefingError(f"{path}: {where}not valid YAML: {exc.problem}") from None
    return parse_briefing(data, features, layers, source=str(path))


def default_story(features: list[dict], layers: list[dict]) -> dict:
    """One step per layer that has claims (background layers last, if at
    all): the layer's busiest places, their claims in date order."""
    order = [str(lay.get("id")) for lay in layers if isinstance(lay, dict) and lay.get("id")]
    # The layer file says which layer is background (role: context); an old one, by its id.
    background = set(BACKGROUND_LAYERS) | {str(lay.get("id")) for lay in layers
                                           if isinstance(lay, dict) and lay.get("role") == "context"}
    titles = {str(lay.get("id")): str(lay.get("title") or lay.get("id")) for lay in layers if isinstance(lay, dict)}
    by_layer: dict[str, list[int]] = {}
    for i, f in enumerate(features):
        lid = str(_props(f).get("layer") or "")
        by_layer.setdefault(lid, []).append(i)
    order += sorted(set(by_layer) - set(order))
    steps = []
    for lid in order:
        if lid in background or not by_layer.get(lid):
            continue
        ids = by_layer[lid]
        counts: dict[str, int] = {}
        for i in ids:
            for n in _names(features[i]):
                counts[n] = counts.get(n, 0) + 1
        top = sorted(counts, key=lambda n: (-counts[n], n))[:DEFAULT_PLACES_PER_STEP]
        chosen = [i for i in ids if any(n in top for n in _names(features[i]))]
        chosen.sort(key=lambda i: (_date_key(_props(features[i])), i), reverse=True)
        chosen = sorted(chosen[:DEFAULT_CLAIMS_PER_STEP])
        dates = sorted(_date_key(_props(features[i])) for i in chosen if _date_key(_props(features[i])))
        span = f", {dates[0][:4]} to {dates[-1][:4]}" if dates else ""
        narration = (f"{len(ids)} claim{'s' if len(ids) != 1 else ''} in this layer; "
                     f"the {len(chosen)} most recent at {', '.join(top)}{span}.")
        steps.append({"title": titles.get(lid, lid), "narration": narration, "places": top,
                      "feature_ids": chosen})
    return {"title": "", "description": "", "source": "generated (one step per layer, newest claims)",
            "steps": steps}


def story_for(folder, features: list[dict], layers: list[dict]) -> dict:
    """The corpus folder's ``briefing.yaml`` if there is one, else the default."""
    path = Path(folder) / BRIEFING_FILE if folder is not None else None
    if path is not None and path.exists():
        return load_briefing(path, features, layers)
    return default_story(features, layers)
