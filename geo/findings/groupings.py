"""Political groupings: places in the gazetteer that no point stands for (``geo/data/groupings.csv``).

"The West" in "Cuba's support in its clash with the West" is a grouping of states with
no government and no territory of its own. The gazetteer keeps a nominal point for it,
so the name is found and searchable, but a finding must never be drawn there: a
grouping is never a finding's locus (it is an actor), and a finding whose only actor
places are groupings is a relation with no point (:func:`geo.findings.features.relation_of`).
Each row names its reason and a public source.

>>> is_grouping("region:the-west"), is_grouping("region:caribbean")
(True, False)
"""
from __future__ import annotations

import csv
import io
from functools import lru_cache

from geo.datafiles import DATA

FIELDS = ("id", "name", "why", "source")


def check_groupings(text: str, name: str = "groupings.csv") -> tuple[set[str], list[str]]:
    """(place ids, problems): each bad row is one problem naming its line."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if tuple(reader.fieldnames or ()) != FIELDS:
        return set(), [f"{name}: header must be {','.join(FIELDS)}"]
    ids, problems = set(), []
    for row in reader:
        empty = [f for f in FIELDS if not (row.get(f) or "").strip()]
        if empty:
            problems.append(f"{name}: line {reader.line_num}: empty {', '.join(empty)}")
        elif not row["source"].startswith("https://"):
            problems.append(f"{name}: line {reader.line_num}: source must be an https:// address")
        else:
            ids.add(row["id"])
    return ids, problems


@lru_cache(maxsize=1)
def groupings() -> frozenset[str]:
    ids, problems = check_groupings((DATA / "groupings.csv").read_text(encoding="utf-8"))
    if problems:
        raise ValueError("; ".join(problems))        # the shipped file is tested: a packaging bug
    return frozenset(ids)


def is_grouping(place_id: str) -> bool:
    return place_id in groupings()
