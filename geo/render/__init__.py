"""Offline, safe, deterministic briefing-map renderer.

>>> from geo.render import render_map
>>> html = render_map([], [], [], title="Empty briefing")
>>> "<title>Empty briefing</title>" in html
True
"""
from .map import DEFAULT_COLORS, PALETTE, build_map, render_map, write_map

__all__ = ["render_map", "write_map", "build_map", "DEFAULT_COLORS", "PALETTE"]
