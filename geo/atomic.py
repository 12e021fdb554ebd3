"""Atomic writes: every output goes to a temporary sibling and is moved into place.

An interrupted build leaves the previous outputs intact (:func:`atomic_group`
moves a whole set at once); :func:`clean_stale_temporaries` removes what a
killed build left behind.
"""
from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Iterator


def _temp_prefix(path: Path) -> str:
    return f".{path.stem}."


def _temp_suffix(path: Path) -> str:
    return f".partial{path.suffix}"


@contextlib.contextmanager
def atomic_path(path: Path, mode: int | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; replace ``path`` with it only on success.

    ``mode``: the file's permissions (default: what a new file gets under the umask).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Keep the real suffix last: GDAL picks the format and checks conformance by it. The
    # process id in the name lets a later build tell a killed build's leftovers from the
    # files of a build still running (clean_stale_temporaries).
    fd, tmp = tempfile.mkstemp(prefix=f"{_temp_prefix(path)}{os.getpid()}-", suffix=_temp_suffix(path),
                               dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if mode is None:
            # mkstemp creates 0600 files; outputs are meant to be shared like any other file.
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp_path, mode)
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # someone else's process: alive
        return True
    return True


def clean_stale_temporaries(paths) -> list[Path]:
    """Remove hidden temporaries that a killed build left beside ``paths``; return them.

    SIGKILL or a power cut skips the clean-up in :func:`atomic_path`. A temporary is
    stale when the process named in it is gone (or, without a process id, from an
    older briefmap, when it is over an hour old); a build still running keeps its files.
    """
    removed = []
    for path in map(Path, paths):
        # Leading dots: write_text inside atomic_group nests one temporary in another.
        pattern = re.compile(rf"\.+{re.escape(path.stem)}\.(.+)\.partial{re.escape(path.suffix)}")
        try:
            entries = list(path.parent.iterdir())
        except OSError:
            continue
        for entry in entries:
            found = pattern.fullmatch(entry.name)
            if not found:
                continue
            pids = [int(p) for p in re.findall(r"(?:^|\.)(\d+)-\w+(?=\.|$)", found.group(1))]
            try:
                if entry.is_symlink() or not entry.is_file():
                    continue
                if pids:
                    if any(pid == os.getpid() or _alive(pid) for pid in pids):
                        continue
                elif time.time() - entry.stat().st_mtime < 3600:
                    continue
                entry.unlink()
                removed.append(entry)
            except OSError:
                continue
    return removed


@contextlib.contextmanager
def atomic_group(paths: dict[str, Path]) -> Iterator[dict[str, Path]]:
    """Yield a temporary path per output; move them all into place only if the block succeeds.

    A crash or Ctrl-C while the outputs are being produced leaves every previous
    output untouched (no half-written file, no new map beside an old GeoJSON).
    """
    from geo.interrupts import check

    with contextlib.ExitStack() as stack:
        yield {key: stack.enter_context(atomic_path(path)) for key, path in paths.items()}
        check()   # a stop signal some library swallowed still means: write nothing


def write_text(path: Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
