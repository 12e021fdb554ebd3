"""Training lines with inline tags: the plain text and where each tagged span lies in it.

The labelled samples written for this project (place roles, candidate places)
mark spans inline, one sample a line, ``#`` lines being comments; both readers
take their lines apart here.

>>> import re
>>> plain, spans = untag("Met in <p>Havana</p> and <p>Minsk</p>.", re.compile(r"<p>(.*?)</p>"))
>>> plain, [plain[start:end] for start, end, _ in spans]
('Met in Havana and Minsk.', ['Havana', 'Minsk'])
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator


def untag(line: str, tag: re.Pattern, text_group: int = 1) -> tuple[str, list[tuple[int, int, re.Match]]]:
    """``line`` without its tags, and (start, end, match) of each tagged text in it."""
    plain, spans, pos = "", [], 0
    for m in tag.finditer(line):
        plain += line[pos:m.start()]
        spans.append((len(plain), len(plain) + len(m.group(text_group)), m))
        plain += m.group(text_group)
        pos = m.end()
    return plain + line[pos:], spans


def sample_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) of every sample line: blank and ``#`` lines skipped."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield n, line
