"""Build: the analysis of a corpus, article by article and then as a whole.

:mod:`.analysis` is the unit of work that is cached and scaled out (one article);
:mod:`.corpus` reads a folder, runs or reuses each article's analysis and joins
them into findings and layers; :mod:`.geoparse` is the same analysis as a library
and a JSON Lines filter; :mod:`.watch` rebuilds when the folder changes.
"""
