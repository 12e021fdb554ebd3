"""briefmap: a folder of news articles -> a geospatial briefing map.

The subpackages follow the data, which flows one way::

    read/ -> language/ -> places/ -> findings/ -> build/ -> present/

Each stage imports only the stages before it and the shared records and helpers
at the top (``model``, ``modelfile``, ``spans``, ``tagged``, ``terminal``,
``interrupts``, ``atomic``, ``datafiles``). The command line (``cli``), the
one-call :func:`geo.pipeline.build`, the model recipes (``training/``) and the
scorers (``evaluation/``) compose the stages and sit above all of them;
``tests/test_layering.py`` keeps it so.
"""
