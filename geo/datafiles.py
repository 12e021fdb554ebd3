"""Where the package's curated data lives, and the checkout's training material beside it.

One place for the paths, so moving a module between stages cannot point it at
the wrong folder.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
DATA = PACKAGE / "data"          # shipped in the wheel (pyproject's package-data)
REPO = PACKAGE.parent            # a checkout: training/, scripts/ and ../shared/ are here, not in the wheel


def cache_home() -> Path:
    """Where what briefmap derives from its installed packages is kept between runs (the gazetteer
    index, the language identifier's unpacked model): ``$BRIEFMAP_CACHE``, else
    ``$XDG_CACHE_HOME/briefmap``, else ``~/.cache/briefmap``."""
    if os.environ.get("BRIEFMAP_CACHE"):
        return Path(os.environ["BRIEFMAP_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefmap"
