"""Shared fixtures for the renderer tests: a headless Chromium with the
network switched off (skips cleanly if Chromium or chromedriver is absent)."""
from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("BRIEFMAP_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("BRIEFMAP_CHROMEDRIVER", "/usr/bin/chromedriver")


def make_driver(width: int = 1600, height: int = 1000):
    """A headless Chromium (selenium) whose network is emulated offline and
    whose browser log and performance (network) log are captured."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--force-device-scale-factor=1",
                f"--window-size={width},{height}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    # Make the viewport exactly width x height (the window has chrome around it).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    return driver


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
