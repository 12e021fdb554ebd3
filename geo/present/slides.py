"""Export the map and each story step as 1920x1080 PNG slides, offline, and the deck made of them.

Opens the map in headless Chromium (Debian's ``chromium`` and
``chromedriver``, driven by Selenium) with the network emulated offline,
waits until the runtime says it is ready, then writes ``overview.png`` and
one ``step-NN.png`` per story step (the step's fly-to finished)::

    from geo.present.slides import export_pngs
    export_pngs("maps/briefing.html", "maps/slides")   # doctest: +SKIP

``export_deck`` renders a build's map the way ``briefmap build`` does, takes
the PNGs and writes an editable PowerPoint deck (:mod:`geo.present.export.deck`) with a
slide per story step::

    from geo.build.corpus import analyse
    from geo.present.slides import export_deck
    export_deck(analyse("seeds"), "maps/briefing.pptx")  # doctest: +SKIP

Chromium and chromedriver are looked up at ``BRIEFMAP_CHROMIUM`` /
``BRIEFMAP_CHROMEDRIVER`` (default ``/usr/bin/chromium`` and
``/usr/bin/chromedriver``). ``SlidesError`` explains what is missing.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WIDTH, HEIGHT = 1920, 1080


class SlidesError(RuntimeError):
    """The export could not run (no browser, the page failed to load, ...)."""


def _binary(env: str, default: str) -> str:
    path = os.environ.get(env, default)
    found = shutil.which(path)
    if not found:
        raise SlidesError(f"{path} not found (set {env}, or: apt-get install chromium chromium-driver)")
    return found


def make_driver(width: int = WIDTH, height: int = HEIGHT, network_log: bool = False):
    """Headless Chromium with networking off and a viewport of exactly width x height.

    The browser console is logged; ``network_log=True`` also keeps the performance
    (network) log, which the tests read to prove a page makes no requests.
    """
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as exc:  # pragma: no cover - selenium is a dependency
        raise SlidesError("selenium is not installed (pip install selenium)") from exc
    opts = webdriver.ChromeOptions()
    opts.binary_location = _binary("BRIEFMAP_CHROMIUM", CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--force-device-scale-factor=1", f"--window-size={width},{height}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", **({"performance": "ALL"} if network_log else {})})
    driver = webdriver.Chrome(service=Service(_binary("BRIEFMAP_CHROMEDRIVER", CHROMEDRIVER)), options=opts)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    return driver


def wait_ready(driver, timeout: float = 15.0) -> float:
    """Wait for the map runtime; return its time to interactive in ms."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        ms = driver.execute_script("return window.BRIEFMAP_READY_MS || null")
        if ms is not None:
            return float(ms)
        time.sleep(0.05)
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    raise SlidesError("the map did not become ready" + (f": {errors[0]}" if errors else ""))


def _settle(driver, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if driver.execute_script("return BRIEFMAP.api.story.settled()"):
            break
        time.sleep(0.05)
    # let tiles of markers, labels and the pulse animation finish
    time.sleep(0.6)


def screenshot(driver, path: Path, width: int, height: int, scale: float = 1.0) -> None:
    """PNG of the viewport; ``scale`` < 1 shrinks the image, not the layout
    (a 1920x1080 slide at 2/3 is a 1280x720 copy for documents)."""
    if scale == 1.0:
        driver.save_screenshot(str(path))
        return
    import base64
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": scale}})
    path.write_bytes(base64.b64decode(shot["data"]))


def export_pngs(html_path, out_dir, *, steps: bool = True, width: int = WIDTH, height: int = HEIGHT,
                scale: float = 1.0, narration: bool = True, driver=None) -> list[Path]:
    """Write ``overview.png`` and ``step-01.png`` ... into ``out_dir``; return the paths.

    The page is laid out at ``width`` x ``height``; ``scale`` resizes the images.
    ``narration=False`` leaves the story panel out of the step images and frames
    each step on the whole width (a deck's slide carries the narration as text).
    """
    html_path = Path(html_path).resolve()
    if not html_path.is_file():
        raise SlidesError(f"{html_path}: no such map (build it first: briefmap build)")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    own = driver is None
    driver = driver or make_driver(width, height)
    written: list[Path] = []
    try:
        driver.get(html_path.as_uri())
        wait_ready(driver)
        driver.execute_script("document.body.classList.add('bm-slide');")
        if not narration:
            driver.execute_script("document.body.classList.add('bm-deck');")
        time.sleep(0.4)
        path = out / "overview.png"
        screenshot(driver, path, width, height, scale)
        written.append(path)
        n = int(driver.execute_script("return BRIEFMAP.api.story.count()")) if steps else 0
        for i in range(n):
            driver.execute_script("BRIEFMAP.api.story.go(arguments[0], true)", i)
            _settle(driver)
            path = out / f"step-{i + 1:02d}.png"
            screenshot(driver, path, width, height, scale)
            written.append(path)
    finally:
        if own:
            driver.quit()
    return written


def _drawable(feature: dict) -> bool:
    """Whether the map draws this feature (a relation only through its actors' places)."""
    props = feature.get("properties") or {}
    if props.get("relation") == "unplaced":
        return False
    return bool(feature.get("geometry")) or any(a.get("kind") == "place" and a.get("place_id")
                                                for a in props.get("actors") or [])


def deck_steps(story: dict, features: list[dict], images: list[Path], map_steps: int):
    """The story's steps paired with the map's step images.

    The map leaves out a step none of whose features it can draw; the deck does too,
    so each slide shows its own step. ``SlidesError`` if the two still disagree.
    """
    from geo.present.export.deck import DeckStep

    steps = story.get("steps") or []
    if len(steps) != map_steps:
        steps = [s for s in steps if any(_drawable(features[i]) for i in s.get("feature_ids", []))]
    if len(steps) != map_steps or len(images) != map_steps:
        raise SlidesError(f"the map shows {map_steps} story steps but the story has {len(steps)}")
    return [DeckStep(title=s.get("title") or f"Step {n}", narration=s.get("narration") or "", image=image,
                     features=[features[i] for i in s.get("feature_ids", [])])
            for n, (s, image) in enumerate(zip(steps, images), 1)]


def export_deck(build, pptx_path, *, title: str | None = None, png_dir=None, driver=None) -> Path:
    """Write the build's deck to ``pptx_path`` (atomically); return the path.

    The map is rendered as ``briefmap build`` renders it (same story, title and
    layers) into a temporary file and photographed in headless Chromium;
    ``png_dir`` also keeps the PNGs.
    """
    import tempfile

    from geo.present.export import write_bytes
    from geo.present.export.deck import deck_bytes
    from geo.present.outputs import document_records, map_page

    page = map_page(build, title=title)
    with tempfile.TemporaryDirectory(prefix="briefmap-deck-") as tmp:
        html = Path(tmp) / "map.html"
        html.write_text(page.html, encoding="utf-8")
        out = Path(png_dir) if png_dir is not None else Path(tmp) / "png"
        written = export_pngs(html, out, narration=False, driver=driver)
        steps = deck_steps(page.story, build.features, written[1:], len(written) - 1)
        data = deck_bytes(title=page.title, subtitle=page.subtitle, overview=written[0], steps=steps,
                          layers=page.layers, documents=document_records(build.documents),
                          counts={layer["id"]: layer["count"] for layer in page.layers})
    write_bytes(Path(pptx_path), data)
    return Path(pptx_path)
