"""Present: a build as the files people open.

The self-contained map page (:mod:`.render`), the exports other tools read
(:mod:`.export`: GeoJSON, GeoPackage, CSV, XLSX, KML/KMZ, PPTX), story mode,
slides, and :mod:`.outputs`, which writes them all side by side.
"""
