"""Every docstring example in the package runs (examples marked ``+SKIP`` need the whole corpus or a network)."""
import doctest
import importlib
import pkgutil

import pytest

import geo

MODULES = sorted(m.name for m in pkgutil.walk_packages(geo.__path__, "geo.") if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} docstring examples failed"
