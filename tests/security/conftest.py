"""Fixtures for the security tests: the renderer tests' offline headless Chromium."""
from tests.present.render.conftest import chrome  # noqa: F401  (re-exported fixture)
