"""What a clean ``pip install '.[test]'`` needs: trafilatura reads saved pages through
lxml.html.clean, which lxml 5.2 split out into lxml_html_clean. Undeclared, every .html
article was skipped as "unreadable HTML (ImportError)"."""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from click.testing import CliRunner

from geo.cli import EXIT_OK, main

ROOT = Path(__file__).resolve().parents[2]

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Chinese engineers seen at Bejucal site | Example Observer</title>
<meta property="og:site_name" content="Example Observer">
<meta property="og:title" content="Chinese engineers seen at Bejucal site">
<meta property="article:published_time" content="2024-07-02T09:00:00Z">
<link rel="canonical" href="https://observer.example/world/bejucal-engineers">
<script>window.analytics = {track: function () {}};</script>
</head><body>
<header><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>Chinese engineers seen at Bejucal site</h1>
<p>Satellite images show new antenna construction at Bejucal, south of Havana, according to researchers
who have tracked the site for several years.</p>
<p>Chinese engineers were reported at the facility in June, the researchers said, while officials in Havana
denied that any foreign military presence exists on the island.</p>
<p>The report follows earlier accounts of signals intelligence cooperation between Beijing and Havana.</p>
</article></main>
<aside>Most read: Sport results from the weekend</aside>
<footer>Copyright 2024 Example Observer. All rights reserved.</footer>
</body></html>
"""


def test_lxml_html_clean_is_a_declared_dependency():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {re.split(r"[\s\[<>=!~;]", d, maxsplit=1)[0].lower().replace("_", "-") for d in declared}
    assert "lxml-html-clean" in names
    import lxml.html.clean  # noqa: F401  (what trafilatura imports)


def test_a_build_from_one_saved_web_page_reads_its_article(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bejucal.html").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out" / "brief.html"
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "--no-cache", "-q"])
    assert result.exit_code == EXIT_OK, result.output
    assert "skipped:" not in result.stderr and "ImportError" not in result.stderr
    features = json.loads(out.with_suffix(".geojson").read_text(encoding="utf-8"))["features"]
    claims = {f["properties"]["claim"] for f in features}
    assert any("Satellite images show new antenna construction at Bejucal" in c for c in claims)
    assert not any("Copyright" in c or "Most read" in c or "Sport" in c for c in claims)
    props = features[0]["properties"]
    assert props["doc"] == "bejucal.html"
    assert props["source"] == "Example Observer" and props["published"] == "2024-07-02"
    assert props["url"] == "https://observer.example/world/bejucal-engineers"
