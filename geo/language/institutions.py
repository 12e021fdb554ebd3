"""Institutions a person's title can name, and the city each sits in.

"European Council President Charles Michel" travels from Brussels, not from
whichever country the article is mostly about. The rows live in
``geo/data/institutions.csv`` (one public source each); names are matched
case-sensitively so an acronym such as "FAR" never matches the word "far".

Example
-------
>>> title = "European Council President Charles Michel"
>>> found = institution_before(title, title.index("Charles"))
>>> found.name, found.seat, found.country
('European Union', 'Brussels', 'BE')
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from typing import NamedTuple

from geo.datafiles import DATA

INSTITUTIONS_CSV = DATA / "institutions.csv"

# Between an institution and the person it titles only title words may stand:
# "European Council President", "Kremlin spokesman", "U.S. House Speaker".
_TITLE_GAP = re.compile(r"(?:['’]s)?(?:\s+(?:[A-Z][\w.’'-]*|of|the|for|vice|deputy|chief|head|spokes(?:man|woman|person)|"
                        r"minister|secretary|general|chairman|chairwoman|chair|president|speaker|leader))*\s+")
# ", vice chairman of the Central Military Commission": an appositive after the name.
_APPOSITIVE = re.compile(r",\s+(?:the\s+)?(?:[\w’'-]+\s+){0,5}?of\s+(?:the\s+)?")


class Institution(NamedTuple):
    id: str
    name: str
    seat: str        # the seat's place name, looked up in the gazetteer
    country: str     # ISO 3166-1 alpha-2 of the seat
    source: str


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Institution], re.Pattern]:
    by_alias: dict[str, Institution] = {}
    with INSTITUTIONS_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            inst = Institution(row["id"], row["name"], row["seat"], row["country"], row["source"])
            for alias in [row["name"], *filter(None, row["aliases"].split(";"))]:
                by_alias[alias.strip()] = inst
    names = sorted(by_alias, key=lambda a: (-len(a), a))
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(a) for a in names) + r")(?![\w])")
    return by_alias, pattern


def institution_before(text: str, offset: int, reach: int = 60) -> Institution | None:
    """The institution named in the title right before ``text[offset:]`` ("NATO Secretary General X")."""
    by_alias, pattern = _table()
    window_start = max(0, offset - reach)
    best = None
    for match in pattern.finditer(text, window_start, offset):
        if _TITLE_GAP.fullmatch(text, match.end(), offset):
            best = by_alias[match.group(0)]
    return best


def institution_after(text: str, end: int) -> Institution | None:
    """The institution an appositive after a name states (", vice chairman of the CMC,")."""
    by_alias, pattern = _table()
    gap = _APPOSITIVE.match(text, end)
    if gap is None:
        return None
    match = pattern.match(text, gap.end())
    return by_alias[match.group(0)] if match else None
