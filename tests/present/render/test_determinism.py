"""Same input -> byte-identical HTML, regardless of hash seed or process."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from tests.present.render.helpers import briefing_html, payload_html

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = (
    "import hashlib, sys\n"
    "from tests.present.render.helpers import briefing_html, payload_html\n"
    "h = briefing_html() + payload_html()\n"
    "sys.stdout.write(hashlib.sha256(h.encode()).hexdigest())\n"
)


def test_two_renders_identical():
    assert briefing_html() == briefing_html()
    assert payload_html() == payload_html()


def test_no_random_ids():
    html = briefing_html()
    # folium's ids are 32 hex chars from os.urandom
    import re
    assert not re.search(r"_[0-9a-f]{32}\b", html)


def test_hash_seed_independent():
    digests = set()
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env,
                             capture_output=True, text=True, check=True, timeout=300)
        digests.add(out.stdout.strip())
    local = hashlib.sha256((briefing_html() + payload_html()).encode()).hexdigest()
    assert digests == {local}


def test_write_map_atomic(tmp_path):
    from geo.present.render import write_map
    from tests.present.render import fixtures as fx
    target = tmp_path / "out" / "map.html"
    write_map(target, fx.briefing_features(), fx.LAYERS, fx.DOCUMENTS, title="t")
    write_map(target, fx.briefing_features(), fx.LAYERS, fx.DOCUMENTS, title="t")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir()] == ["map.html"]  # no temp files left
