"""What the merge of copies worked out at each place, kept between builds by what it read.

:func:`geo.findings.merge.merge_findings` compares the findings at each place pair by pair
(their evidence words, names, outlets: 0.45 of its 0.9 s of CPU on 1,000 articles) and each
finding that only denies with every candidate sharing a place or country with it (0.22 s).
Each comparison reads only the findings it compares (their sentences, layers, places and
documents' outlets), so its outcome is a function of their identities: given ``ids``, one
string per finding that changes whenever the finding does (the build uses the article's cache
key and the finding's number in it, under the analysis fingerprint and the layer rules' key),
a place's outcome is kept under a digest of the place and the ids of its findings in order,
and a denial's under its id and its candidates' ids with their distance from it (the nearest
of equal candidates wins). Adding an article then compares again only at the places its
findings are at and for the denials whose candidates it changes; every join comes out as the
full comparison makes it (``tests/findings/test_merge_memo.py`` merges random additions and
removals both ways).

Outcomes are plain data: a place's joins, visiting pairs and same-outlet pairs, by position
among the place's findings; a denial's chosen candidate, by position among its candidates.
:meth:`MergeMemo.from_data` refuses anything of another shape, and the merge checks each
position against the findings it indexes before using it, so a damaged memo cannot make it
fail; it only ever reads an outcome back under the digest it was stored with.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Sequence

__all__ = ["MergeMemo", "PlaceOutcome"]


@dataclass
class PlaceOutcome:
    """The comparisons at one place, by position in its findings (placed ones, then visiting)."""

    joins: list[list[int]] = field(default_factory=list)               # [a, b]
    visits: list[list] = field(default_factory=list)                   # [k, similarity, unplaced, placed]
    by_outlet: list[list] = field(default_factory=list)                # [cross, k, similarity, a, b]

    def fits(self, n: int) -> bool:
        """Whether every position is one of ``n`` findings'."""
        return (all(0 <= a < n and 0 <= b < n for a, b in self.joins)
                and all(0 <= v[2] < n and 0 <= v[3] < n for v in self.visits)
                and all(0 <= c[3] < n and 0 <= c[4] < n for c in self.by_outlet))


class MergeMemo:
    """Outcomes by digest; :attr:`used` holds those this merge read or made (what is worth keeping)."""

    def __init__(self, places: dict[str, PlaceOutcome] | None = None, denials: dict[str, int] | None = None):
        self.places = places or {}
        self.denials = denials or {}
        self.used_places: dict[str, PlaceOutcome] = {}
        self.used_denials: dict[str, int] = {}
        self.made = 0                      # outcomes worked out in this merge (not read back)

    @staticmethod
    def place_key(place_id: str, ids: Sequence[str], placed: int, publishers: bool) -> str:
        """A place's digest: its id, its findings' ids in order, how many are placed there, and
        whether the documents' outlets were known."""
        digest = hashlib.sha256(f"place\x00{place_id}\x00{placed}\x00{int(publishers)}".encode())
        digest.update("\x00".join(ids).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    @staticmethod
    def denial_key(denial: str, candidates: Sequence[tuple[str, int]]) -> str:
        """A denial's digest: its id and each candidate's id with its distance from the denial."""
        digest = hashlib.sha256(f"denial\x00{denial}\x00".encode("utf-8", "surrogatepass"))
        digest.update("\x00".join(f"{c}\x01{d}" for c, d in candidates).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def place(self, key: str) -> PlaceOutcome | None:
        found = self.places.get(key)
        if found is not None:
            self.used_places[key] = found
        return found

    def keep_place(self, key: str, outcome: PlaceOutcome) -> None:
        self.places[key] = self.used_places[key] = outcome
        self.made += 1

    def denial(self, key: str) -> int | None:
        """The position of the candidate chosen (-1: none), or None when not kept."""
        found = self.denials.get(key)
        if found is not None:
            self.used_denials[key] = found
        return found

    def keep_denial(self, key: str, position: int) -> None:
        self.denials[key] = self.used_denials[key] = position
        self.made += 1

    def changed(self) -> bool:
        """Whether what this merge used differs from what was read (worth writing again)."""
        return bool(self.made) or self.used_places.keys() != self.places.keys() \
            or self.used_denials.keys() != self.denials.keys()

    def to_data(self) -> dict:
        """The outcomes this merge used, as JSON-ready data."""
        return {"places": {k: [o.joins, o.visits, o.by_outlet] for k, o in sorted(self.used_places.items())},
                "denials": dict(sorted(self.used_denials.items()))}

    @classmethod
    def from_data(cls, data) -> "MergeMemo":
        """The memo :meth:`to_data` gave; ValueError for anything of another shape."""
        if type(data) is not dict or set(data) != {"places", "denials"}:
            raise ValueError("not a merge memo")
        places, denials = data["places"], data["denials"]
        if type(places) is not dict or type(denials) is not dict:
            raise ValueError("not a merge memo")
        out = {}
        for key, value in places.items():
            if type(value) is not list or len(value) != 3 or not all(type(v) is list for v in value):
                raise ValueError("bad place outcome")
            joins, visits, by_outlet = value
            if not all(_ints(j, 2) for j in joins):
                raise ValueError("bad joins")
            if not all(type(v) is list and len(v) == 4 and type(v[0]) is int and type(v[1]) in (int, float)
                       and _ints(v[2:], 2) for v in visits):
                raise ValueError("bad visits")
            if not all(type(c) is list and len(c) == 5 and _ints(c[:2], 2) and type(c[2]) in (int, float)
                       and _ints(c[3:], 2) for c in by_outlet):
                raise ValueError("bad same-outlet pairs")
            out[key] = PlaceOutcome(joins, visits, by_outlet)
        if not all(type(v) is int for v in denials.values()):
            raise ValueError("bad denials")
        return cls(out, dict(denials))


def _ints(values, n: int) -> bool:
    return type(values) is list and len(values) == n and all(type(v) is int for v in values)
