"""Scorers behind ``briefmap eval`` and the benchmarks: geoparsing on LGL, roles, trips."""
