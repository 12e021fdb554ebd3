"""Places: mentions resolved to gazetteer places, offline.

The gazetteer (built from registry packages and curated sites), the resolver's
named evidence and fitted weights, the outlet's locale as evidence, analyst
corrections, the optional online geocoder, and the geometry routes are drawn with.
"""
