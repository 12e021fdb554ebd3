"""Where the package's curated data lives, and the checkout's training material beside it.

One place for the paths, so moving a module between stages cannot point it at
the wrong folder.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
DATA = PACKAGE / "data"          # shipped in the wheel (pyproject's package-data)
REPO = PACKAGE.parent            # a checkout: training/, scripts/ and ../shared/ are here, not in the wheel
