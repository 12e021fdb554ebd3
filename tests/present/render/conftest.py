"""Shared fixtures for the renderer tests: a headless Chromium with the
network switched off (skips cleanly if Chromium or chromedriver is absent)."""
from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("BRIEFMAP_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("BRIEFMAP_CHROMEDRIVER", "/usr/bin/chromedriver")


def make_driver(width: int = 1600, height: int = 1000):
    """The product's own offline headless Chromium (geo.present.slides), with the network log kept."""
    from geo.present.slides import make_driver as offline_chromium

    return offline_chromium(width, height, network_log=True)


@pytest.fixture(scope="session")
def chrome():
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        pytest.skip("headless Chromium/chromedriver not installed")
    try:
        import selenium  # noqa: F401
    except ImportError:
        pytest.skip("selenium not installed")
    driver = make_driver()
    try:
        yield driver
    finally:
        driver.quit()
