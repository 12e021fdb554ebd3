"""The one-call build: analyse a folder (:mod:`geo.build`) and write every output (:mod:`geo.present`).

Example
-------
>>> from geo.pipeline import build                       # doctest: +SKIP
>>> result = build("seeds", "maps/briefing.html")        # doctest: +SKIP
>>> len(result.features) > 0                             # doctest: +SKIP
True
"""
from __future__ import annotations

from pathlib import Path

from geo.build.corpus import Build, analyse
from geo.present.outputs import output_cache_dir, write_outputs

__all__ = ["build"]


def build(folder: str | Path, html_path: str | Path, **kwargs) -> Build:
    """Analyse ``folder`` and write all outputs next to ``html_path``."""
    title = kwargs.pop("title", None)
    result = analyse(folder, **kwargs)
    write_outputs(result, html_path, title=title, cache_dir=output_cache_dir(kwargs.get("cache_dir"),
                                                                           kwargs.get("use_cache", True)))
    return result
