"""Split the labelled non-place sample into a training half and a held-out part, once, with a fixed seed.

Each line of ``training/nonplaces/all.txt`` is one short article of my own writing:
``{Name}`` marks a real place (literal or not), ``[Name]`` a name that is not a place
here (a vessel, a team, a paper, a currency's country, an airline code...). Every
place is marked, so anything else the mention finder returns is a false place.

    python scripts/split_nonplaces.py      # writes train.txt and heldout.txt beside all.txt
"""
from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "training" / "nonplaces"
SEED = 14
HELD_OUT = 1 / 3


def main() -> None:
    lines = [line for line in (ROOT / "all.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    order = list(range(len(lines)))
    random.Random(SEED).shuffle(order)
    cut = round(len(lines) * HELD_OUT)
    held = sorted(order[:cut])
    train = sorted(order[cut:])
    (ROOT / "heldout.txt").write_text("".join(lines[i] + "\n" for i in held), encoding="utf-8")
    (ROOT / "train.txt").write_text("".join(lines[i] + "\n" for i in train), encoding="utf-8")
    print(f"{len(train)} training, {len(held)} held-out articles")


if __name__ == "__main__":
    main()
