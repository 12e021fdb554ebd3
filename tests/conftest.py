"""Shared fixtures: the gazetteer is built once per machine and opened once per session."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def gazetteer():
    from geo.places.gazetteer import Gazetteer

    return Gazetteer.open(sites=ROOT / "geo" / "data" / "sites.csv")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return ROOT / "seeds"
