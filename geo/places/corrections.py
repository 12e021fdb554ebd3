"""Analyst corrections: ``corrections.yaml`` beside the articles, applied on every build.

An analyst who disagrees with the machine writes the fix down once; every
rebuild applies it, the map marks what was corrected, and a correction that no
longer matches anything (the article changed, the mention is gone) is reported,
never silently ignored.

Format (a list under ``corrections:``; every key but the action is a filter)::

    corrections:
      - mention: Lourdes                 # the mention as written (case-insensitive, exact)
        doc: 000_b5dd85210807ba65.txt    # optional: only in this file
        sentence: eavesdropping          # optional: only where the claim's sentence contains this
        pin: site:lourdes-sigint         # place it here: a place id, a gazetteer name,
        note: the station, not France    #   or {name: ..., lat: ..., lon: ...}
      - mention: Jersey
        reject: a surname here, not a place   # not a place: goes to the unresolved report
      - place: Havana                    # filters may name the resolved place (name or id)
        sentence: spy base
        layer: intelligence              # move the claim to another layer

Filters: ``mention``, ``place``, ``doc``, ``sentence`` (at least one of
``mention``/``place``). Actions, exactly one: ``pin``, ``reject``, ``layer``.
``pin`` and ``reject`` need ``mention``. ``note`` is free text shown with the fix.

Example
-------
>>> cs, problems = parse_corrections("corrections:\\n  - {mention: Jersey, reject: surname}\\n")
>>> cs[0].action, cs[0].value, problems
('reject', 'surname', [])
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from geo.model import Document, Mention, Place, Resolution
from geo.read.documents import Problem
from geo.read.safeyaml import YamlError, item_line, line_of, load_yaml_text

CORRECTIONS_FILE = "corrections.yaml"
ACTIONS = ("pin", "reject", "layer")
FILTERS = ("mention", "place", "doc", "sentence")

@dataclass(frozen=True)
class Correction:
    index: int                   # 1-based position in the file, used in every message
    action: str                  # pin | reject | layer
    value: object                # place id/name/dict, reason, or layer id
    mention: str = ""
    place: str = ""
    doc: str = ""
    sentence: str = ""
    note: str = ""
    line: int | None = field(default=None, compare=False)   # where the entry starts in the file

    @property
    def label(self) -> str:
        what = ", ".join(f"{k} {getattr(self, k)!r}" for k in FILTERS if getattr(self, k))
        return _at(self.line) + f"correction #{self.index} ({what})"

    def matches_mention(self, doc: Document, mention: Mention, sentence: str) -> bool:
        if self.mention and _fold(mention.text) != _fold(self.mention):
            return False
        if self.doc and doc.path != self.doc:
            return False
        return not self.sentence or _fold(self.sentence) in _fold(sentence)

    def matches_feature(self, props: dict) -> bool:
        if self.mention and _fold(props.get("mention") or "") != _fold(self.mention):
            return False
        if self.place and _fold(self.place) not in (_fold(props.get("place") or ""), _fold(props.get("place_id") or "")):
            return False
        if self.doc and props.get("doc") != self.doc:
            return False
        return not self.sentence or _fold(self.sentence) in _fold(props.get("claim") or "")

def _at(line: int | None) -> str:
    return f"line {line}: " if line else ""


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()

def _text(value) -> str:
    return "" if value is None else str(value).strip()

def parse_corrections(source: str) -> tuple[list[Correction], list[Problem]]:
    """Parse the file's text; malformed entries are reported and skipped, the rest apply."""
    try:
        data = load_yaml_text(source, CORRECTIONS_FILE)
    except YamlError as exc:
        where = f"line {exc.line}: " if exc.line else ""
        return [], [Problem(CORRECTIONS_FILE, f"{where}ignored, malformed YAML: {exc.problem}")]
    if data is None:
        return [], []
    entries = data.get("corrections") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        return [], [Problem(CORRECTIONS_FILE, _at(line_of(entries, line_of(data))) +
                            "ignored: expected a list under 'corrections:'")]
    out, problems = [], []
    for i, entry in enumerate(entries, 1):
        bad = _check_entry(entry)
        if bad:
            problems.append(Problem(CORRECTIONS_FILE, f"{_at(item_line(entries, i - 1))}correction #{i} ignored: {bad}"))
            continue
        action = next(a for a in ACTIONS if a in entry)
        value = entry[action]
        if action == "reject":
            value = _text(value) if value not in (True, None) else "not a place"
        elif action == "layer":
            value = _text(value)
        out.append(Correction(index=i, action=action, value=value, note=_text(entry.get("note")),
                              line=item_line(entries, i - 1),
                              **{k: _text(entry.get(k)) for k in FILTERS}))
    return out, problems

def _check_entry(entry) -> str:
    if not isinstance(entry, dict):
        return "expected a mapping such as {mention: X, pin: site:id}"
    unknown = sorted(str(k) for k in entry if k not in ACTIONS + FILTERS + ("note",))
    if unknown:
        return f"unknown key(s) {', '.join(unknown)}"
    actions = [a for a in ACTIONS if a in entry]
    if len(actions) != 1:
        return "needs exactly one of pin, reject, layer"
    if not (_text(entry.get("mention")) or _text(entry.get("place"))):
        return "needs a mention or a place to match"
    if actions[0] in ("pin", "reject") and not _text(entry.get("mention")):
        return f"{actions[0]} needs a mention to match"
    for key in FILTERS + ("note",):
        if isinstance(entry.get(key), (dict, list)):
            return f"{key} must be text"
    value = entry[actions[0]]
    if actions[0] == "pin":
        if isinstance(value, dict):
            try:
                lat, lon = float(value["lat"]), float(value["lon"])
            except (KeyError, TypeError, ValueError):
                return "pin needs {name, lat, lon} with numeric lat and lon"
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                return "pin coordinates out of range"
        elif not _text(value) or isinstance(value, list):
            return "pin needs a place id, a name, or {name, lat, lon}"
    if actions[0] == "layer" and (not _text(value) or isinstance(value, (dict, list))):
        return "layer needs a layer id"
    return ""

def load_corrections(folder: str | Path) -> tuple[list[Correction], list[Problem]]:
    """Read ``corrections.yaml`` in ``folder`` (optional)."""
    path = Path(folder) / CORRECTIONS_FILE
    if not path.exists() and not path.is_symlink():
        return [], []
    try:
        return parse_corrections(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        return [], [Problem(CORRECTIONS_FILE, f"ignored, cannot read: {reason}")]

class Corrector:
    """Applies corrections during a build and remembers what each one touched."""

    def __init__(self, corrections: list[Correction], gazetteer, layer_ids: list[str]):
        self.corrections = corrections
        self.gazetteer = gazetteer
        self.layer_ids = list(layer_ids)
        self.used: set[int] = set()
        self.problems: list[Problem] = []
        self.marks: dict[tuple[str, int, int], str] = {}   # (doc path, file start, file end) -> note
        # A claim keeps one mention per place and sentence: find pins by sentence too.
        self.pins: dict[tuple[str, str, str], str] = {}    # (doc path, place id, sentence) -> note
        self._places: dict[int, Place | None] = {}
        self._by_mention: dict[str, list[Correction]] = {}
        for c in corrections:
            if c.action in ("pin", "reject"):
                self._by_mention.setdefault(_fold(c.mention), []).append(c)
        for c in corrections:
            if c.action == "pin":
                self._places[c.index] = self._place_for(c)
            elif c.action == "layer" and c.value not in self.layer_ids:
                self.problems.append(Problem(CORRECTIONS_FILE, f"{c.label}: unknown layer {c.value!r}, ignored"))

    def _place_for(self, c: Correction) -> Place | None:
        value = c.value
        if isinstance(value, dict):
            name = _text(value.get("name")) or c.mention
            lat, lon = float(value["lat"]), float(value["lon"])
            return Place(id=f"correction:{c.index}", name=name, lat=lat, lon=lon, kind="site",
                         country=_text(value.get("country")).upper()[:2], source=CORRECTIONS_FILE)
        place = self.gazetteer.get(str(value)) if ":" in str(value) else None
        if place is None:
            from geo.places.gazetteer.geocoder import rank_context_free

            ranked = rank_context_free(self.gazetteer.lookup(str(value)))
            place = ranked[0].place if ranked else None
        if place is None:
            self.problems.append(Problem(CORRECTIONS_FILE, f"{c.label}: no place {str(value)!r} in the gazetteer, ignored"))
        return place

    @staticmethod
    def _describe(c: Correction, what: str) -> str:
        return f"{what} by {CORRECTIONS_FILE} #{c.index}" + (f": {c.note}" if c.note else "")

    def resolutions(self, doc: Document, resolutions: list[Resolution], sentence_of) -> list[Resolution]:
        """Apply pins and rejections to one document's resolutions (first matching correction wins)."""
        out = []
        for res in resolutions:
            m = res.mention
            # Pins and rejections all name their mention: look them up by it instead of
            # trying every correction on every mention.
            for c in self._by_mention.get(_fold(m.text), ()):
                if not c.matches_mention(doc, m, sentence_of(m.start)):
                    continue
                if c.action == "pin":
                    place = self._places.get(c.index)
                    if place is None:
                        continue
                    self.used.add(c.index)
                    note = self._describe(c, f"pinned to {place.id}")
                    res = Resolution(m, place, 1.0, note)
                    self.pins[(doc.path, place.id, sentence_of(m.start))] = note
                else:
                    self.used.add(c.index)
                    note = self._describe(c, f"rejected ({c.value})")
                    res = Resolution(m, None, 0.0, note)
                self.marks[(doc.path, doc.offset + m.start, doc.offset + m.end)] = note
                break
            out.append(res)
        return out

    def features(self, features: list[dict]) -> list[dict]:
        """Move claims between layers and mark every corrected feature (``corrected`` property)."""
        out = []
        movers = [c for c in self.corrections if c.action == "layer" and c.value in self.layer_ids]
        for f in features:
            props = dict(f["properties"])
            notes = []
            pinned = (self.marks.get((props.get("doc"), props.get("start"), props.get("end")))
                      or self.pins.get((props.get("doc"), props.get("place_id"), props.get("claim"))))
            if pinned:
                notes.append(pinned)
            # A finding also shows the corrections of the other places its sentences name.
            for place in props.get("places") or []:
                mark = self.marks.get((place.get("doc"), place.get("start"), place.get("end")))
                if mark and mark not in notes:
                    notes.append(mark)
            for c in movers:
                if not c.matches_feature(props):
                    continue
                self.used.add(c.index)
                if props["layer"] != c.value:
                    notes.append(self._describe(c, f"moved from layer {props['layer']} to {c.value}"))
                    props["layer_rule"] = f"{CORRECTIONS_FILE} #{c.index}: moved from {props['layer']}"
                    props["layer"] = c.value
                else:
                    notes.append(self._describe(c, f"kept in layer {c.value}"))
                break
            if notes:
                props["corrected"] = "; ".join(notes)
            out.append({**f, "properties": props})
        return out

    def stale(self) -> list[Problem]:
        """Problems found while loading, plus every correction that matched nothing."""
        problems = list(self.problems)
        for c in self.corrections:
            if c.index in self.used:
                continue
            if c.action == "pin" and self._places.get(c.index) is None:
                continue     # already reported: unknown place
            if c.action == "layer" and c.value not in self.layer_ids:
                continue     # already reported: unknown layer
            problems.append(Problem(CORRECTIONS_FILE, f"{c.label} matches nothing in this corpus, ignored"))
        return problems

def apply_layer_order(features: list[dict], layer_ids: list[str]) -> list[dict]:
    """Re-sort after layer moves, with the same key as :func:`geo.findings.features.build_features`."""
    order = {layer: i for i, layer in enumerate(layer_ids)}
    return sorted(features, key=lambda f: (order.get(f["properties"]["layer"], 99), f["properties"]["doc"],
                                          f["properties"]["start"], f["properties"]["place_id"] or ""))

__all__ = ["CORRECTIONS_FILE", "Correction", "Corrector", "apply_layer_order", "load_corrections",
           "parse_corrections"]
