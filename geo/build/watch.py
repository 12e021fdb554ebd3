"""``briefmap build --watch``: rebuild whenever the article folder changes.

The folder is polled (no platform file-event library needed): a change is any file added,
removed, resized or touched, including the optional ``sources.yaml``, ``layers.yaml`` and the
rest. A change starts a build only once the folder has been still for ``settle`` seconds, so
a copy of many files gives one build, not one per file. Each build is an ordinary ``briefmap
build`` in a new process: it reuses the article cache (so it redoes only what changed), a
failed build is reported and the watch goes on, and no state is carried from one build to the
next.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> before = snapshot(folder)
>>> _ = (folder / "a.txt").write_text("Officials met in Havana.")
>>> snapshot(folder) != before
True
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable, Iterable


def snapshot(folder: Path, ignore: Iterable[Path] = ()) -> tuple:
    """(relative path, size, modification time) of every file under ``folder``, sorted;
    hidden files and ``ignore`` (the build's own outputs, if they are inside) left out."""
    skip = {os.path.realpath(p) for p in ignore}
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            if os.path.realpath(path) in skip:
                continue
            try:
                st = os.stat(path)
            except OSError:          # removed while being listed: the next poll sees it
                continue
            out.append((os.path.relpath(path, folder), st.st_size, st.st_mtime_ns))
    return tuple(sorted(out))


def watch(folder: Path, rebuild: Callable[[], None], *, ignore: Iterable[Path] = (), interval: float = 1.0,
          settle: float = 0.5, sleep: Callable[[float], None] = time.sleep,
          builds: int | None = None) -> int:
    """Call ``rebuild()`` after each change of ``folder`` once it has settled; return the builds run.

    Runs until interrupted, or until ``builds`` builds (for tests).
    """
    ignore = list(ignore)
    seen = snapshot(folder, ignore)
    done = 0
    while builds is None or done < builds:
        sleep(interval)
        now = snapshot(folder, ignore)
        if now == seen:
            continue
        # Wait until nothing changes for `settle` seconds.
        while True:
            sleep(settle)
            later = snapshot(folder, ignore)
            if later == now:
                break
            now = later
        seen = now
        rebuild()
        done += 1
    return done
