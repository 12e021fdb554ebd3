"""Recipes of the shipped models: each fits one file under ``geo/data`` reproducibly.

Run them through ``scripts/train_*.py`` (``--check`` verifies the shipped file is
what the recipe makes). Nothing at run time imports this package.
"""
