"""Context-free ranking of a name's candidates (the resolver's prior).

Units are log10(population): a country or first-level division beats a town of the
same name unless context says otherwise; an alternate name counts less than a
place's own name.

>>> from geo.model import Place
>>> from geo.places.gazetteer.index import Candidate
>>> town = Candidate(Place("t", "Georgia", 0, 0, "city", population=5000), "name")
>>> state = Candidate(Place("s", "Georgia", 0, 0, "adm1", population=5000), "name")
>>> prior(state) > prior(town)
True
"""
from __future__ import annotations

import math

KIND_PRIOR = {"country": 3.0, "continent": 3.0, "region": 2.5, "water": 2.5, "adm1": 1.0,
              "city": 0.0, "adm2": -0.3, "site": 0.0}
MATCH_PRIOR = {"name": 0.0, "abbr": 0.0, "demonym": 0.0, "variant": -1.5, "alt": -1.5}
# Regions, seas and continents carry no population; count them as a large place.
AREA_LOG_POPULATION = {"region": 7.0, "water": 7.0}
CAPITAL_PRIOR = 1.5      # national capitals are named far more than their population suggests


def prior(c) -> float:
    """Context-free score of a Candidate (higher is more likely)."""
    p = c.place
    logpop = AREA_LOG_POPULATION.get(p.kind, 0.0) or math.log10(p.population + 10)
    s = logpop + KIND_PRIOR.get(p.kind, 0.0) + MATCH_PRIOR.get(c.match.removeprefix("part:"), 0.0)
    if c.capital:
        s += CAPITAL_PRIOR
    return s
