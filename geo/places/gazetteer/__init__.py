"""Offline gazetteer: a GeoNames-scale index built from registry packages.

    >>> from geo.places.gazetteer import Gazetteer
    >>> gaz = Gazetteer.open()          # doctest: +SKIP

The first call builds the cache (about 30 s); later calls open it.
"""
from geo.places.gazetteer.index import Candidate, Gazetteer, default_cache_dir, default_index_path

__all__ = ["Candidate", "Gazetteer", "default_cache_dir", "default_index_path"]
