"""Draw a KML/KMZ as GDAL reads it: every folder's placemarks on a plain world map (PNG).

A check by eye that Google Earth's input survives a GIS round trip: the file is
read with GDAL's LIBKML driver (through pyogrio), nothing of briefmap's own
features is used. Folders get the colours of the layer spec, matched by title.

    python scripts/draw_kml.py maps/briefing.kmz docs/kml-gdal.png
"""
from __future__ import annotations

import sys
from pathlib import Path

import pyogrio
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.findings.layers import LayerRegistry  # noqa: E402
from geo.present.export.styles import layer_specs  # noqa: E402

W, H = 1600, 800


def xy(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180) / 360 * W, (90 - lat) / 180 * H


def lines_of(geom):
    kind = geom.geom_type
    if kind in ("LineString", "LinearRing"):
        return [list(geom.coords)]
    if kind == "Polygon":
        return [list(geom.exterior.coords)]
    if kind.startswith("Multi") or kind == "GeometryCollection":
        return [line for part in geom.geoms for line in lines_of(part)]
    return []


def main(kml: Path, out: Path, layers_file: Path | None = None) -> None:
    registry = LayerRegistry.from_file(layers_file) if layers_file else LayerRegistry.default()
    colours = {s.title: s.color for s in layer_specs(registry.layers)}
    image = Image.new("RGB", (W, H), "#dde8f0")
    draw = ImageDraw.Draw(image)
    world = pyogrio.read_dataframe(ROOT / "geo" / "data" / "countries_110m.geojson")
    for geom in world.geometry:
        for ring in lines_of(geom):
            draw.polygon([xy(x, y) for x, y, *_ in ring], fill="#f6f4ee", outline="#b9b4a8")
    counts = {}
    names = [name for name, _ in pyogrio.list_layers(kml)]
    for name in reversed(names):                 # the first folder (the map's top layer) drawn last, on top
        frame = pyogrio.read_dataframe(kml, layer=name)
        colour = colours.get(name, "#555555")
        counts[name] = len(frame)
        for geom in frame.geometry:
            if geom is None:
                continue
            for line in lines_of(geom):
                draw.line([xy(x, y) for x, y, *_ in line], fill=colour, width=3)
            points = [geom] if geom.geom_type == "Point" else []
            for p in points:
                x, y = xy(p.x, p.y)
                draw.ellipse([x - 6, y - 6, x + 6, y + 6], fill=colour, outline="white", width=2)
    y = 12
    for name in names:
        n = counts[name]
        draw.rectangle([12, y + 2, 26, y + 16], fill=colours.get(name, "#555555"))
        draw.text((32, y + 2), f"{name} ({n})", fill="black")
        y += 20
    image.save(out, optimize=True)
    print(f"{out}: {sum(counts.values())} placemarks in {len(counts)} folders")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else None)
