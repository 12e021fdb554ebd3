"""Sort claims into map layers by the rules in ``data/layers.yaml``.

Each assignment keeps the rule that fired and the words it matched, so an
analyst can see why a claim sits where it does.

A ``layers.yaml`` beside the articles is untrusted input. Its patterns are
compiled with RE2 (``google-re2``), whose matching time is linear in the
sentence whatever the pattern: Python's backtracking engine spends exponential
time on rules such as ``(\\w+\\s?)*$`` and would hang the build. RE2 has no
backreferences or lookaround and its ``\\b``/``\\w`` are ASCII-only; a pattern
it cannot compile is reported (layer and rule named) and left out.

A layer or a rule may also name finding **types** (:class:`geo.findings.kinds.FindingType`:
facility, military_activity, visit, agreement, incident, economic, statement, other): the rule
then fires only for a finding of one of those types, so "an intelligence facility" needs a
facility and a holiday couple who "met" is no diplomatic tie. A rule with only ``types`` fires for
every finding of those types; a layer's ``types`` apply to each of its rules (a layer with types
and no rules takes every finding of those types). A file without types works as before: the
keyword rules alone decide, which is what a user layer such as "Project 141" wants.

Two **roles** are read from the file (``role: visits``, ``role: context``): the layer the trip
detector's legs go on, and the background layer that takes a finding no rule selects (and that the
story and the merge treat as background). A file that declares neither keeps the old meaning: a
layer with id ``visits`` or ``context`` has that role, a finding no rule takes goes to the file's
last layer, and a missing role layer is added from the built-in file, so every output holds every
feature.

Example
-------
>>> registry = LayerRegistry.default()
>>> [layer["id"] for layer in registry.layers][:3]
['intelligence', 'visits', 'military']
>>> registry.classify("The Lourdes listening post was dismantled.", "", "facility").layer
'intelligence'
>>> registry.classify("A spy thriller opened the festival.", "", "other").layer
'context'
>>> registry.visits_layer, registry.context_layer
('visits', 'context')
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import re2

from geo.model import LayerAssignment
from geo.read.documents import Problem
from geo.read.safeyaml import YamlError, item_line, line_of, load_yaml, load_yaml_text

VISITS = "visits"
CONTEXT = "context"
LAYERS_FILE = "layers.yaml"
#: Roles a layer can have: some detector fills it whatever the rules say (geo/findings/visits.py,
#: geo/findings/features.py), so it always exists.
IMPLIED = (VISITS, CONTEXT)
TYPES = ("facility", "military_activity", "visit", "agreement", "incident", "economic", "statement", "other")
_COLOR = re.compile(r"#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?")
_ID = re.compile(r"[\w.-]{1,60}")
_RULE_KEYS = {"id", "pattern", "site_categories", "types"}
_LAYER_KEYS = {"id", "title", "color", "description", "rules", "role", "types"}


def compile_rule(pattern: str):
    """A case-insensitive RE2 pattern; ``ValueError`` with RE2's reason when it cannot compile."""
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False          # RE2 would print its own line to stderr besides ours
    options.max_mem = 8 << 20           # a huge counted repetition is refused, not built
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        reason = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
        raise ValueError(reason) from None


def dead_dollar(pattern: str) -> bool:
    """True if an unescaped ``$`` (end of text) is followed by something that must consume a character.

    ``US$\\s?\\d`` or ``$ million`` means a dollar sign but reads as "end of text, then
    more text" and can never match. Conservative: anything optional after the
    ``$`` (``*``, ``?``, ``{0,``), a group, or multi-line mode is given the benefit
    of the doubt.
    """
    if re.search(r"\(\?[a-zA-Z]*m", pattern):
        return False
    i, n, in_class = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]" or pattern[i - 1] == "["
        elif c == "[":
            in_class = True
        elif c == "$" and _consumes_after(pattern, i + 1):
            return True
        i += 1
    return False


def _consumes_after(pattern: str, i: int) -> bool:
    """Whether the pattern from ``i`` to the end of its branch must consume a character."""
    n = len(pattern)
    while i < n:
        if pattern[i] in ")$":
            i += 1
            continue
        if pattern.startswith(("\\b", "\\B", "\\z", "\\A"), i):
            i += 2
            continue
        if pattern[i] in "|(":
            return False
        if pattern[i] == "\\":
            end = i + 2
        elif pattern[i] == "[":
            close = pattern.find("]", i + 2)
            if close < 0:
                return False
            end = close + 1
        else:
            end = i + 1
        quantifier = pattern[end:end + 3]
        if quantifier[:1] in ("*", "?"):
            i = end + 1 + (pattern[end + 1:end + 2] in ("?", "+"))
        elif quantifier.startswith(("{0,", "{0}")):
            close = pattern.find("}", end)
            i = close + 1 if close > 0 else n
        else:
            return True
    return False


def _at(line: int | None) -> str:
    return f"line {line}: " if line else ""


class LayerRegistry:
    """The ordered layers and their rules, loaded from a YAML file.

    ``problems`` lists what was left out of the file, one :class:`Problem` each
    (a malformed file, layer or rule; a pattern RE2 cannot compile or that can
    never match); the rest is used.
    """

    def __init__(self, layers, source: str = LAYERS_FILE):
        self.problems: list[Problem] = []
        self.source = source
        self.layers: list[dict] = []
        self._rules: list[tuple[str, str, object, frozenset, frozenset]] = []
        self._roles: dict[str, str] = {}          # role -> layer id, as the file declares them
        if not isinstance(layers, list) or not layers:
            self._problem(_at(line_of(layers, 1 if layers is not None else None)) + "ignored: expected a list of layers (id, title, color, description, rules); "
                          "using the built-in layers")
            layers = _default_data()
        for n, (layer, line) in enumerate(self._expand(layers), 1):
            self._add_layer(n, layer, line)
        if not self.layers:
            self._problem("ignored: no usable layer; using the built-in layers")
            for n, layer in enumerate(_default_data(), 1):
                self._add_layer(n, layer, None)
        # A finding no rule takes goes to the declared background layer; in a file that declares
        # none, to its last layer, as it always has.
        self._fallback = self._roles.get(CONTEXT, self.layers[-1]["id"])
        ids = self.ids()
        for role in IMPLIED:
            if role not in self._roles and role in ids:
                self._roles[role] = role                 # an old file: the id is the role
        for role in IMPLIED:
            if role not in self._roles:
                default = next(d for d in _default_data() if d.get("role") == role)
                lid = default["id"] if default["id"] not in ids else f"{default['id']}-{role}"
                self.layers.append({**{k: default[k] for k in ("id", "title", "color", "description")},
                                    "id": lid, "role": role})
                self._roles[role] = lid
        for layer in self.layers:
            layer.pop("role", None)
            for role, lid in self._roles.items():
                if layer["id"] == lid:
                    layer["role"] = role
        # A sentence naming several places is classified once, not once per place.
        self._memo: dict[tuple[str, str], LayerAssignment] = {}

    def _expand(self, layers: list) -> list[tuple[object, int | None]]:
        """``- include: builtin`` stands for the built-in layers at that place in the list, so a
        corpus's own layers can come before (and so take precedence over) the shipped ones.
        Each layer comes with the line it starts on in the corpus's file (None for built-in ones)."""
        out = []
        for n, layer in enumerate(layers, 1):
            line = item_line(layers, n - 1)
            if isinstance(layer, dict) and set(layer) == {"include"}:
                if layer["include"] == "builtin":
                    out += [(d, None) for d in _default_data()]
                else:
                    self._problem(_at(line) + f"layer #{n} ignored: 'include' can only be 'builtin'")
                continue
            out.append((layer, line))
        return out

    def _problem(self, message: str) -> None:
        self.problems.append(Problem(self.source, message))

    def _add_layer(self, n: int, layer, line: int | None) -> None:
        at = _at(line)
        if not isinstance(layer, dict):
            self._problem(f"{at}layer #{n} ignored: expected a mapping with id, title, color, description, rules")
            return
        lid = layer.get("id")
        if not isinstance(lid, str) or not _ID.fullmatch(lid):
            self._problem(f"{at}layer #{n} ignored: 'id' must be a short word (letters, digits, - _ .)")
            return
        where = f"{at}layer {lid!r}"
        if lid in self.ids():
            self._problem(f"{where} (#{n}) ignored: a layer with this id comes earlier")
            return
        unknown = sorted(str(k) for k in layer if k not in _LAYER_KEYS)
        if unknown:
            self._problem(f"{where}: unknown key(s) {', '.join(unknown)} ignored")
        record = {"id": lid}
        for key, default in (("title", lid), ("color", "#999999"), ("description", "")):
            value = layer.get(key, default)
            if key == "color" and isinstance(value, str) and not _COLOR.fullmatch(value):
                self._problem(f"{where}: color {value[:40]!r} is not #RGB or #RRGGBB; using {default}")
                value = default
            elif not isinstance(value, str):
                self._problem(f"{where}: {key} must be text; using {default!r}")
                value = default
            record[key] = value[:300]
        role = layer.get("role")
        if role is not None:
            if role not in IMPLIED:
                self._problem(f"{where}: role {str(role)[:40]!r} ignored: it can be {' or '.join(IMPLIED)}")
            elif role in self._roles:
                self._problem(f"{where}: role {role!r} ignored: layer {self._roles[role]!r} has it already")
            else:
                self._roles[role] = lid
        layer_types = self._types(layer.get("types"), where)
        rules = layer.get("rules") or []
        if not isinstance(rules, list):
            self._problem(f"{where}: 'rules' must be a list; the layer has no rules")
            rules = []
        self.layers.append(record)
        if not rules and layer_types:
            self._rules.append((lid, "types", None, frozenset(), layer_types))
        for m, rule in enumerate(rules, 1):
            self._add_rule(lid, m, rule, item_line(rules, m - 1) if line else None, layer_types)

    def _types(self, value, where: str) -> frozenset:
        """The known finding types in ``value`` (a list); each unknown one is a problem."""
        if value is None:
            return frozenset()
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            self._problem(f"{where}: types must be a list of finding types ({', '.join(TYPES)}); ignored")
            return frozenset()
        unknown = [t for t in value if t not in TYPES]
        if unknown:
            self._problem(f"{where}: unknown finding type(s) {', '.join(u[:40] for u in unknown)} ignored "
                          f"(known: {', '.join(TYPES)})")
        return frozenset(t for t in value if t in TYPES)

    def _add_rule(self, lid: str, m: int, rule, line: int | None, layer_types: frozenset = frozenset()) -> None:
        at = _at(line)
        if not isinstance(rule, dict):
            self._problem(f"{at}layer {lid!r} rule #{m} ignored: expected a mapping with id and pattern or site_categories")
            return
        rid = rule.get("id", f"rule-{m}")
        rid = str(rid)[:60] if isinstance(rid, (str, int)) and not isinstance(rid, bool) else f"rule-{m}"
        where = f"{at}layer {lid!r} rule {rid!r}"
        unknown = sorted(str(k) for k in rule if k not in _RULE_KEYS)
        if unknown:
            self._problem(f"{where}: unknown key(s) {', '.join(unknown)} ignored")
        pattern, categories = rule.get("pattern"), rule.get("site_categories") or []
        if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
            self._problem(f"{where} ignored: site_categories must be a list of category names")
            return
        if pattern is not None and not isinstance(pattern, str):
            self._problem(f"{where} ignored: pattern must be text (quote it in the YAML)")
            return
        types = self._types(rule.get("types"), where)
        if layer_types:
            types = (types & layer_types) if types else layer_types
        if not pattern and not categories and not types:
            self._problem(f"{where} ignored: needs a pattern, site_categories or types")
            return
        compiled = None
        if pattern:
            try:
                compiled = compile_rule(pattern)
            except ValueError as exc:
                self._problem(f"{where} ignored: pattern cannot be compiled: {' '.join(str(exc).split())[:200]}")
                return
            if dead_dollar(pattern):
                self._problem(f"{where} ignored: pattern can never match: '$' means end of the sentence "
                              r"and more pattern follows it (write \$ for a dollar sign)")
                return
        self._rules.append((lid, rid, compiled, frozenset(categories), types))

    @classmethod
    def from_file(cls, path: str | Path) -> "LayerRegistry":
        """The layers in ``path``; a file that cannot be read or parsed gives the built-in layers and one problem."""
        path = Path(path)
        try:
            data = load_yaml(path, path.name)
        except YamlError as exc:
            where = f"line {exc.line}: " if exc.line else ""
            registry = cls(_default_data())
            registry.problems.insert(0, Problem(path.name, f"{where}ignored, {exc.problem}; using the built-in layers"))
            return registry
        return cls(data, source=path.name)

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "LayerRegistry":
        return cls(_default_data())

    def ids(self) -> list[str]:
        return [layer["id"] for layer in self.layers]

    @property
    def visits_layer(self) -> str:
        """The layer trips' legs go on (``role: visits``)."""
        return self._roles[VISITS]

    @property
    def context_layer(self) -> str:
        """The background layer (``role: context``)."""
        return self._roles[CONTEXT]

    def classify(self, sentence: str, site_category: str = "", kind: str | None = None) -> LayerAssignment:
        """The first layer whose rule fires for this sentence, the site it is about and its finding
        type. Without a type (``kind`` None) a rule's types are not checked and a rule of types
        alone never fires: the keyword rules decide."""
        key = (sentence, site_category, kind)
        if key not in self._memo:
            self._memo[key] = self._classify(sentence, site_category, kind)
        return self._memo[key]

    def _classify(self, sentence: str, site_category: str, kind: str | None) -> LayerAssignment:
        for layer, rule, pattern, categories, types in self._rules:
            if types and kind is not None and kind not in types:
                continue
            typed = f" ({kind})" if types and kind is not None else ""
            if site_category and site_category in categories:
                return LayerAssignment(layer, f"{layer}/{rule}", f"site category {site_category}{typed}")
            if pattern is not None:
                match = pattern.search(sentence)
                if match:
                    return LayerAssignment(layer, f"{layer}/{rule}", match.group(0) + typed)
            elif not categories and types and kind is not None:
                return LayerAssignment(layer, f"{layer}/{rule}", f"type {kind}")
        return LayerAssignment(self._fallback, "default", "")


@lru_cache(maxsize=1)
def _default_text() -> str:
    return resources.files("geo").joinpath("data/layers.yaml").read_text(encoding="utf-8")


def _default_data() -> list:
    # A fresh copy each time: callers must not share mutable layer dicts.
    return load_yaml_text(_default_text(), "geo/data/layers.yaml")
