"""Offline, safe, deterministic briefing-map renderer.

>>> from geo.present.render import render_map
>>> html = render_map([], [], [], title="Empty briefing")
>>> "<title>Empty briefing</title>" in html
True
"""
from geo.present.render.map import DEFAULT_COLORS, PALETTE, build_map, render_map, write_map

__all__ = ["render_map", "write_map", "build_map", "DEFAULT_COLORS", "PALETTE"]
