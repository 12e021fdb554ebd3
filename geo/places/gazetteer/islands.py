"""Countries that are islands, derived from the Natural Earth outlines the map ships.

A country is an island when its outline touches no other country's (within about
5 km at 1:110m): Cuba, Japan, Sri Lanka, Taiwan, Iceland. Countries too small for the
1:110m outlines (Malta, Singapore) are not in the file and so are never islands here;
"the island" then refers to nothing rather than to a wrong country.

>>> "CU" in island_countries(), "CN" in island_countries()
(True, False)
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

TOUCH_DEGREES = 0.05


@lru_cache(maxsize=1)
def island_countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes of the island countries."""
    import pycountry
    from shapely import STRtree
    from shapely.geometry import shape

    data = json.loads(resources.files("geo").joinpath("data", "countries_110m.geojson").read_text("utf-8"))
    features = [f for f in data["features"] if f.get("geometry")]
    shapes = [shape(f["geometry"]).buffer(TOUCH_DEGREES) for f in features]
    tree = STRtree(shapes)
    out = set()
    for i, (feature, geom) in enumerate(zip(features, shapes)):
        if any(j != i for j in tree.query(geom, predicate="intersects")):
            continue
        country = pycountry.countries.get(numeric=str(feature["properties"].get("id", "")).zfill(3))
        if country is not None:
            out.add(country.alpha_2)
    return frozenset(out)
