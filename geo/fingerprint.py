"""What a cached result was made by: a digest of package files and library versions.

The analysis cache (:mod:`geo.build.analysis`) and the output pieces (:mod:`geo.present.cache`)
are each keyed by the files that decide them and the libraries that compute them, so an edit or
an upgrade computes them again instead of serving a stale copy.

>>> len(package_digest(["__init__.py"], ["no-such-package"]))
64
"""
from __future__ import annotations

import hashlib
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Iterable


def package_root() -> Path:
    return Path(str(resources.files("geo")))


def package_digest(names: Iterable[str], packages: Iterable[str]) -> str:
    """SHA-256 over each named file of the package (its path and content; a missing one counts as
    empty) and each package's installed version ("none" when it is not installed)."""
    root = package_root()
    digest = hashlib.sha256()
    for name in names:
        path = root.joinpath(name)
        digest.update(name.encode() + b"\x00")
        digest.update(hashlib.sha256(path.read_bytes() if path.is_file() else b"").digest())
    for package in packages:
        try:
            found = version(package)
        except PackageNotFoundError:
            found = "none"
        digest.update(f"{package}={found}\x00".encode())
    return digest.hexdigest()
