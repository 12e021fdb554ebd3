#!/usr/bin/env python3
"""Write (or --check) the gazetteer's golden files in tests/places/gazetteer/golden (see geo/places/gazetteer/digest.py).

    python scripts/gazetteer_golden.py            # after reviewing a change in a reader or a package
    python scripts/gazetteer_golden.py --check    # exit 1 if any golden file differs

readers.json and index.json come from the fixtures; installed.json from the index the
installed packages build (built on first use, about a minute).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fitting import write_or_check  # noqa: E402

from geo.places.gazetteer import digest  # noqa: E402
from geo.places.gazetteer.index import _ensure_index, default_index_path  # noqa: E402


def main() -> int:
    check = "--check" in sys.argv[1:]
    src = digest.fixture_sources()
    digest.GOLDEN.mkdir(parents=True, exist_ok=True)
    status = 0
    for name, data in (("readers.json", digest.reader_records(src)), ("index.json", digest.collected(src)),
                       ("installed.json", digest.index_summary(_ensure_index(default_index_path())))):
        status |= write_or_check(digest.dumps(data), digest.GOLDEN / name, check, name)
    return status


if __name__ == "__main__":
    sys.exit(main())
