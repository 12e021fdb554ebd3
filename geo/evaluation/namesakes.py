"""Encyclopedia-style text about a place with famous namesakes: does the resolver follow the text?

WikToR (Gritta et al. 2018) measures this on Wikipedia openings ("Lima is a city in and the
county seat of Allen County, Ohio"); it is a test set this project must not tune on or copy.
``training/wiki/namesakes.jsonl`` is a sample written for this project in the same style: 76
openings, each about one town or country that shares its name with a better-known place (Paris,
Texas; Santa Maria, Bulacan; Georgia, the country), its point written by hand and checked to lie
within 30 km of a gazetteer entry of the right country (``tests/evaluation/test_namesakes.py``).

It is split by id with LGL's rule (:func:`geo.evaluation.geoparsing.half_of`): the dev half's
misses may be read while changing the resolver, the held-out half is only scored. Scored like
WikToR: the subject's first mention, names given (the whole text as context), within 161 km.

>>> rows = read_rows()
>>> len(rows), {half_of(r.id) for r in rows} == {"dev", "heldout"}
(76, True)
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from geo.evaluation.geoparsing import half_of
from geo.places.distance import haversine_km

SAMPLE = Path(__file__).resolve().parents[2] / "training" / "wiki" / "namesakes.jsonl"


@dataclass(frozen=True)
class Row:
    id: str
    text: str
    start: int
    end: int
    country: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Outcome:
    row: Row
    name: str          # what it resolved to ("" for nothing)
    country: str
    km: float          # 20,039 (half the Earth's circumference) when unresolved, as LGL's scores

    @property
    def right(self) -> bool:
        return self.km <= 161


def read_rows(path: str | Path = SAMPLE) -> list[Row]:
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            (start, end), = d["spans"]
            rows.append(Row(d["id"], d["text"], int(start), int(end), d["country"], float(d["lat"]), float(d["lon"])))
        except (ValueError, KeyError, TypeError) as err:
            raise ValueError(f"{path}: line {n}: {err}") from err
    return rows


def score(parser, rows: Sequence[Row]) -> list[Outcome]:
    """Resolve each row's span (names given, the whole text as context) with ``parser``, a
    :class:`geo.build.geoparse.Geoparser`."""
    out = []
    for row in rows:
        (res,) = parser.resolutions(row.text, [[row.start, row.end]], doc_id=row.id)
        if res.place is None:
            out.append(Outcome(row, "", "", 20039.0))
        else:
            out.append(Outcome(row, res.place.name, res.place.country,
                               haversine_km(res.place.lat, res.place.lon, row.lat, row.lon)))
    return out


def report(outcomes: Sequence[Outcome], misses_of: str = "dev") -> list[str]:
    """Accuracy within 161 km per half, then the misses of ``misses_of``'s half only."""
    lines = []
    for half in ("dev", "heldout"):
        part = [o for o in outcomes if half_of(o.row.id) == half]
        right = sum(o.right for o in part)
        lines.append(f"{half:8} {right:3} / {len(part):3} = {right / max(1, len(part)):6.1%} within 161 km")
    for o in outcomes:
        if not o.right and half_of(o.row.id) == misses_of:
            lines.append(f"  miss {o.row.id}: {o.name or 'unresolved'} ({o.country}), {o.km:,.0f} km off")
    return lines
