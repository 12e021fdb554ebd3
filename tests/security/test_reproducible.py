"""Same inputs and options -> byte-identical HTML, GeoJSON, GeoPackage and CSV, whatever
PYTHONHASHSEED or the order the file system lists files in; and an interrupted build
leaves the previous outputs intact."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.pipeline import build
from geo.present.outputs import outputs_for

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("html", "geojson", "gpkg", "unresolved", "findings", "claims", "xlsx", "kml", "kmz")


def _bytes(html: Path) -> dict[str, bytes]:
    return {k: p.read_bytes() for k, p in outputs_for(html).items()}


@pytest.fixture(scope="module")
def reference(tmp_path_factory, seeds_dir, gazetteer):
    out = tmp_path_factory.mktemp("ref") / "briefing.html"
    build(seeds_dir, out, use_cache=False, title="T")
    return _bytes(out)


def test_hash_seed_does_not_change_any_output(tmp_path, seeds_dir, reference):
    # the reference was built in this process, under pytest's own (random) hash seed
    procs = []
    for seed in ("4242",):
        out = tmp_path / seed / "briefing.html"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        procs.append((out, subprocess.Popen([sys.executable, "-m", "geo", "build", str(seeds_dir), "-o", str(out),
                                             "--title", "T", "-q"], cwd=ROOT, env=env,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)))
    for out, proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
        got = _bytes(out)
        for kind in KINDS:
            assert got[kind] == reference[kind], f"{kind} differs with PYTHONHASHSEED"


def test_file_listing_order_does_not_change_any_output(tmp_path, seeds_dir, gazetteer, monkeypatch, reference):
    real_iterdir = Path.iterdir

    def shuffled(self):
        entries = list(real_iterdir(self))
        random.Random(7).shuffle(entries)
        entries.reverse()
        return iter(entries)

    monkeypatch.setattr(Path, "iterdir", shuffled)
    out = tmp_path / "shuffled" / "briefing.html"
    build(seeds_dir, out, use_cache=False, title="T")
    got = _bytes(out)
    for kind in KINDS:
        assert got[kind] == reference[kind], f"{kind} differs with file order"


def _previous(out: Path) -> dict[str, bytes]:
    out.parent.mkdir(parents=True, exist_ok=True)
    old = {}
    for kind, path in outputs_for(out).items():
        path.write_bytes(f"previous {kind}".encode())
        old[kind] = path.read_bytes()
    return old


def test_crash_while_writing_leaves_previous_outputs(tmp_path, seeds_dir, gazetteer, monkeypatch):
    import geo.present.export
    from geo.build.corpus import analyse
    from geo.present.outputs import write_outputs

    out = tmp_path / "o" / "briefing.html"
    old = _previous(out)
    result = analyse(seeds_dir, use_cache=False)

    def boom(*a, **k):                         # Ctrl-C after the HTML and GeoJSON were produced
        raise KeyboardInterrupt

    monkeypatch.setattr(geo.present.export, "write_geopackage", boom)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(result, out)
    assert {k: p.read_bytes() for k, p in outputs_for(out).items()} == old
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(p.name for p in outputs_for(out).values())


def test_sigint_mid_build_leaves_consistent_outputs(tmp_path, seeds_dir):
    """Ctrl-C at some point of a real build: each output is either all previous or all new."""
    out = tmp_path / "o" / "briefing.html"
    old = _previous(out)
    proc = subprocess.Popen([sys.executable, "-m", "geo", "build", str(seeds_dir), "-o", str(out), "-q"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(2.5)                            # somewhere in the analysis or the writing
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    now = {k: p.read_bytes() for k, p in outputs_for(out).items()}
    if proc.returncode == 0 or all(now[k] != old[k] for k in KINDS):
        # finished writing before the signal (it may still land during the summary): all new
        assert all(now[k] != old[k] for k in KINDS)
    else:
        assert proc.returncode == 130, err.decode()
        assert now == old and b"previous outputs left intact" in err
    assert not [p for p in out.parent.iterdir() if ".partial" in p.name]
