"""The one YAML loader for every file an analyst (or an adversary) puts beside the articles.

``sources.yaml``, ``corrections.yaml``, ``briefing.yaml`` and ``layers.yaml`` are
untrusted input. PyYAML's ``safe_load`` refuses object-constructing tags but still
expands anchors and aliases: a 0.5 KB "billion laughs" file (nine levels of
aliases to aliases) becomes 10^9 strings and runs for minutes and gigabytes. None
of these files needs an alias, so this loader refuses the first anchor or alias
outright instead of bounding the expansion; the composed document is then at
most as large as the text. Every failure is one :class:`YamlError` whose text is
``FILE: line N: problem``.

Example
-------
>>> load_yaml_text("a: [1, 2]", "x.yaml")
{'a': [1, 2]}
>>> try:
...     load_yaml_text("a: &x [1]\\nb: *x\\n", "x.yaml")
... except YamlError as exc:
...     print(exc)
x.yaml: line 1: anchors and aliases (&name, *name) are not allowed
"""
from __future__ import annotations

from pathlib import Path

import yaml

#: Larger than any real corrections or briefing file; bounds the composer's work.
MAX_BYTES = 2_000_000
#: Nesting deeper than this is not a configuration file (and would exhaust the stack).
MAX_DEPTH = 50


class YamlError(ValueError):
    """A YAML file that cannot be used: ``FILE: line N: problem``."""

    def __init__(self, name: str, line: int | None, problem: str):
        self.name, self.line, self.problem = name, line, problem
        where = f"line {line}: " if line else ""
        super().__init__(f"{name}: {where}{problem}")


class YamlMap(dict):
    """A mapping read from YAML; ``line`` is where it starts and ``value_lines`` where each key's
    value does (1-based), for validators' messages."""

    line: int | None = None
    value_lines: dict = {}


class YamlList(list):
    """A sequence read from YAML; ``line`` is where it starts and ``item_lines`` where each item
    does (1-based), so a validator can name the line of a bad scalar item too."""

    line: int | None = None
    item_lines: tuple[int, ...] = ()


def line_of(value, default: int | None = None) -> int | None:
    """The line a mapping or list came from (see :class:`YamlMap`), else ``default``."""
    return getattr(value, "line", None) or default


def value_line(mapping, key) -> int | None:
    """The line the value of ``key`` starts on in a mapping read by this loader, if known."""
    lines = getattr(mapping, "value_lines", {})
    return lines.get(key) or line_of(mapping)


def item_line(items, index: int) -> int | None:
    """The line item ``index`` (0-based) of a list read by this loader starts on, if known."""
    lines = getattr(items, "item_lines", ())
    return lines[index] if 0 <= index < len(lines) else line_of(items)


def where(name: str, value, default: int | None = None) -> str:
    """``"NAME: line N"`` for a value read by this loader (``"NAME"`` when its line is unknown).

    >>> where("x.yaml", load_yaml_text("a: 1\\nb: {c: 2}\\n", "x.yaml")["b"])
    'x.yaml: line 2'
    """
    line = line_of(value, default)
    return f"{name}: line {line}" if line else name


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases and repeated keys, bounds nesting, and records
    the line each mapping and list starts on."""

    def construct_yaml_map(self, node):
        data = YamlMap()
        data.line = node.start_mark.line + 1
        yield data
        seen: dict = {}
        data.value_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:                 # an unhashable key: construct_mapping says so
                continue
            if first is not None:
                # PyYAML keeps the last of two equal keys without a word: one of the analyst's values is lost.
                raise _Refused(key_node.start_mark, f"key {str(key)[:60]!r} appears twice (first on line {first})")
            seen[key] = key_node.start_mark.line + 1
            data.value_lines[key] = value_node.start_mark.line + 1
        data.update(self.construct_mapping(node))

    def construct_yaml_seq(self, node):
        data = YamlList()
        data.line = node.start_mark.line + 1
        data.item_lines = tuple(item.start_mark.line + 1 for item in node.value)
        yield data
        data.extend(self.construct_sequence(node))

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise _Refused(node.start_mark, f"{node.value[:40]!r} is not a valid date") from None

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(event.start_mark, "anchors and aliases (&name, *name) are not allowed")
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(event.start_mark, f"nested deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_yaml_seq)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


class _NoTimestampLoader(_Loader):
    """Dates stay strings: a bad date then spoils one field, not the whole file."""


_NoTimestampLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Refused(yaml.YAMLError):
    def __init__(self, mark, problem: str):
        self.problem_mark, self.problem = mark, problem


def load_yaml_text(text: str, name: str, *, timestamps: bool = True):
    """Parse ``text`` (the content of the file called ``name``); raise :class:`YamlError`."""
    if len(text) > MAX_BYTES:
        raise YamlError(name, None, f"larger than {MAX_BYTES // 1_000_000} MB; not a configuration file")
    loader = _Loader if timestamps else _NoTimestampLoader
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.reader.ReaderError as exc:
        # A NUL or other character YAML forbids: it knows the position, not the line.
        line = text.count("\n", 0, exc.position) + 1
        raise YamlError(name, line, f"character U+{ord(exc.character) if isinstance(exc.character, str) else exc.character:04X} "
                        "is not allowed in YAML") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        if isinstance(exc, yaml.constructor.ConstructorError) and "constructor for the tag" in str(problem):
            # "!!python/object/apply:os.system" and friends: say so plainly.
            problem = f"tag {str(problem).split('tag', 1)[1].strip()} is not allowed (no YAML tags construct objects here)"
        raise YamlError(name, mark.line + 1 if mark is not None else None,
                        " ".join(str(problem).split())) from None
    except RecursionError:
        raise YamlError(name, None, "nested too deeply") from None


def load_yaml(path: str | Path, name: str | None = None, *, timestamps: bool = True):
    """Read and parse a YAML file; ``name`` (default the file name) starts every message."""
    path = Path(path)
    name = name or path.name
    if path.is_file() and path.stat().st_size > MAX_BYTES:
        raise YamlError(name, None, f"larger than {MAX_BYTES // 1_000_000} MB; not a configuration file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise YamlError(name, None, "not UTF-8 text") from None
    except OSError as exc:
        raise YamlError(name, None, f"cannot read: {exc.strerror or type(exc).__name__}") from None
    return load_yaml_text(text, name, timestamps=timestamps)
