"""Test corpora for the security tests: hostile articles and a small clean one.

The payloads live in ``data/payloads.json`` (test data, one JSON string each).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAYLOADS: list[str] = json.loads((HERE / "data" / "payloads.json").read_text(encoding="utf-8"))

SMALL_ARTICLE = """Chinese envoys in Havana

Chinese officials met Cuban leaders in Havana on Monday, according to state media.
The old Lourdes station near Havana was used for eavesdropping on the United States.
Analysts in Jersey said the talks also covered a port in Qwertzistan and the Americas.
"""

EVIL_NAME = "<img src=x onerror=window.__pwned=12>.txt"


def small_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    return folder


def hostile_corpus(folder: Path) -> Path:
    """One article per payload (the payload in a Havana sentence, and as the outlet),
    a hostile file name, a hostile saved web page and hostile metadata/corrections."""
    folder.mkdir(parents=True, exist_ok=True)
    meta = {}
    for i, payload in enumerate(PAYLOADS):
        name = f"p{i:02d}.txt"
        (folder / name).write_text(
            f"Report number {i} from the Caribbean\n\n"
            f"Chinese officials in Havana said {payload} on Monday.\n\n"
            f"Cuban diplomats in Beijing denied it.\n", encoding="utf-8")
        meta[name] = {"outlet": payload, "url": "javascript:window.__pwned=10" if i % 2 else
                      f"https://example.com/{i}?q=\"><script>window.__pwned=13</script>"}
    (folder / EVIL_NAME).write_text("A story with a hostile file name\n\nRussian ships docked in Havana.\n",
                                    encoding="utf-8")
    (folder / "page.html").write_text(
        "<html><head><title>{{ 7*7 }} <script>window.__pwned=14</script></title></head><body>"
        "<article><h1>Talks in Havana {{ lipsum.__globals__ }}</h1>"
        "<p>Chinese and Cuban officials met in Havana on Monday to discuss a training centre "
        "<img src=x onerror=window.__pwned=15>, officials said.</p>"
        "<p>The meeting followed months of talks <a href=\"javascript:window.__pwned=16\">here</a> "
        "between Beijing and Havana over military cooperation.</p>"
        "<script>window.__pwned=17</script></article></body></html>", encoding="utf-8")
    import yaml

    (folder / "sources.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    (folder / "corrections.yaml").write_text(yaml.safe_dump({"corrections": [
        {"mention": "Beijing", "doc": "p00.txt", "pin": "site:lourdes-sigint",
         "note": "<img src=x onerror=window.__pwned=11> {{ 7*7 }}"}]}, allow_unicode=True), encoding="utf-8")
    return folder


def copy_seeds(seeds: Path, dest: Path) -> Path:
    shutil.copytree(seeds, dest)
    return dest
