"""Score trip legs against a labelled sample: precision and recall of visits, and of their origins.

The sample (``training/visits/heldout.jsonl``) is news text written for this
project from public reports of official trips, plus articles with private travel,
a team's trip and tourism figures that must yield no visit. Each line gives the
article's text, its publication date and the legs a reader finds in it: visitor,
origin and destination as ISO country codes, and status. It was written before
the detector was tuned and is never tuned on: it is only reported.

A predicted leg matches a gold leg when they share a token of the visitor's name
and the destination country; each gold leg matches at most one prediction.

Example
-------
>>> _match({"visitor": "Sergei Lavrov", "destination": "ZA"}, "Lavrov", "ZA")
True
>>> _match({"visitor": "Sergei Lavrov", "destination": "ZA"}, "Naledi Pandor", "ZA")
False
"""
from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from geo.datafiles import REPO
from geo.language.people import name_tokens

SAMPLE = REPO / "training" / "visits" / "heldout.jsonl"


def _match(gold: dict, visitor: str, country: str) -> bool:
    return gold["destination"].split("-")[0] == country and bool(
        set(name_tokens(gold["visitor"])) & set(name_tokens(visitor)))


@dataclass
class TripScore:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    origin_right: int = 0
    status_right: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    def lines(self) -> list[str]:
        return [
            f"visit legs: {self.gold} labelled, {self.predicted} found, {self.matched} right",
            f"precision {self.precision:.1%}, recall {self.recall:.1%}",
            f"of the right ones: origin country right {self.origin_right}/{self.matched}, "
            f"status right {self.status_right}/{self.matched}",
        ]


def evaluate_trips(sample: Path = SAMPLE) -> TripScore:
    """Build each article of the sample alone and score its legs."""
    from geo.build.corpus import analyse

    score = TripScore()
    rows = [json.loads(line) for line in sample.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory(prefix="briefmap-trips-") as tmp:
        for row in rows:
            folder = Path(tmp) / row["id"]
            folder.mkdir()
            (folder / "article.txt").write_text(row["text"] + "\n", encoding="utf-8")
            (folder / "sources.yaml").write_text(f"article.txt:\n  published: {row['published']}\n",
                                                 encoding="utf-8")
            legs = analyse(folder, use_cache=False).legs
            score.gold += len(row["legs"])
            score.predicted += len(legs)
            free = list(row["legs"])
            for leg in legs:
                gold = next((g for g in free if _match(g, leg.visitor, leg.destination.country)), None)
                said = f"{row['id']}: {leg.visitor} {leg.origin.country if leg.origin else '?'}->" \
                       f"{leg.destination.country} ({leg.travel.value})"
                if gold is None:
                    score.extras.append(said)
                    continue
                free.remove(gold)
                score.matched += 1
                score.origin_right += bool(leg.origin and leg.origin.country == gold["origin"].split("-")[0])
                score.status_right += leg.travel.value == gold["status"]
            score.misses += [f"{row['id']}: {g['visitor']} {g['origin']}->{g['destination']} ({g['status']})"
                             for g in free]
    return score
