"""Fixtures for the security tests: the renderer tests' offline headless Chromium."""
from tests.render.conftest import chrome  # noqa: F401  (re-exported fixture)
