"""What briefmap prints on a terminal: outside text made inert, at the verbosity asked for.

File names, layer titles, article text, YAML values and an online service's error
messages all come from outside, and all of them reach stderr in problem lines,
the progress bar and the summary. On a terminal, ESC starts a control sequence
(clear the screen, retitle the window, fake a prompt) and bidi controls reorder
what is shown; rich reads ``[...]`` as markup, and a stray ``[/bold]`` in a layer
title raised ``MarkupError`` after every output was written (exit 1). So every
outside string goes through :func:`plain` and is printed as a ``Text`` (never parsed
as markup); our own labels carry the colour.

Two switches, the same on every command: ``quiet`` drops the progress bar and the
summary (errors and problem lines stay: nothing is lost silently); ``verbose`` adds
library log records with their tracebacks, every failed geoparse line, and the
traceback of an unexpected error. Libraries such as geopy log a traceback for every
retry (375 lines for two names with no network); without ``verbose`` those records
are counted, not shown.

Example
-------
>>> plain("a\\x1b[2Jb\\u202ec")
'a\\\\x1b[2Jb\\\\u202ec'
>>> from rich.console import Console
>>> term = Terminal(Console(width=80, color_system=None))
>>> term.skipped("layers.yaml: title [/bold] is fine")
skipped: layers.yaml: title [/bold] is fine
"""
from __future__ import annotations

import logging
import re

from rich.console import Console
from rich.text import Text

# C0 and C1 controls, DEL, the line and paragraph separators, the bidi embedding,
# override and isolate controls (and the marks), and lone surrogates (a file name
# that is not UTF-8): each shown as its escape, so one problem stays one line and
# nothing in it acts on the terminal.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff]")


def plain(text: object) -> str:
    """``text`` with every control, bidi and surrogate character written as its escape."""
    def escaped(match: re.Match) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE.sub(escaped, str(text))


class Terminal:
    """Problem lines, notes and details on one rich console, never parsed as markup."""

    def __init__(self, console: Console, *, quiet: bool = False, verbose: bool = False):
        self.console = console
        self.quiet = quiet
        self.verbose = verbose
        self.hidden = 0            # log records not shown without verbose

    def reset(self) -> None:
        self.quiet = self.verbose = False
        self.hidden = 0
        self.install_logging()

    def line(self, label: str, style: str, message: object) -> None:
        """``label message`` on one line; only the label is styled."""
        self.console.print(Text.assemble((label, style), " ", plain(message)), soft_wrap=True)

    def error(self, message: object) -> None:
        self.line("error:", "red", message)

    def skipped(self, message: object) -> None:
        self.line("skipped:", "yellow", message)

    def note(self, message: object) -> None:
        """A line shown unless --quiet (what was written, a hint)."""
        if not self.quiet:
            self.console.print(Text(plain(message)), soft_wrap=True)

    def detail(self, message: object) -> None:
        """Lines shown only with --verbose; a multi-line message keeps its lines."""
        if self.verbose:
            for text in str(message).splitlines() or [""]:
                self.console.print(Text.assemble(("detail:", "dim"), " ", plain(text)), soft_wrap=True)

    def install_logging(self) -> None:
        """Route log records and warnings of every library here: shown with --verbose, counted otherwise."""
        handler = _Handler(self)
        root = logging.getLogger()
        for old in [h for h in root.handlers if isinstance(h, _Handler)]:
            root.removeHandler(old)
        root.addHandler(handler)
        root.setLevel(logging.INFO if self.verbose else logging.WARNING)
        logging.captureWarnings(True)


class _Handler(logging.Handler):
    def __init__(self, terminal: Terminal):
        super().__init__()
        self.terminal = terminal
        self.setFormatter(logging.Formatter("%(name)s: %(levelname)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if not self.terminal.verbose:
            self.terminal.hidden += 1
            return
        try:
            self.terminal.detail(self.format(record))
        except Exception:  # noqa: BLE001 - logging must never end the build
            self.handleError(record)
