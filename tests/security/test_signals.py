"""SIGTERM and SIGHUP stop a build like Ctrl-C (exit 130, nothing written, previous
outputs intact), its worker processes die with it even when it is SIGKILLed, and the
temporaries a killed build leaves are cleaned up by the next build."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from geo.build.corpus import analyse
from geo.present.export import clean_stale_temporaries
from geo.present.outputs import outputs_for, write_outputs

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def corpus(tmp_path, seeds_dir):
    folder = tmp_path / "corpus"
    shutil.copytree(seeds_dir, folder)
    return folder


def _start_build(corpus: Path, out: Path, cache: Path, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "geo", "build", str(corpus), "-o", str(out), "--cache-dir",
                             str(cache), "-q", *extra], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_workers(proc: subprocess.Popen, n: int = 1, timeout: float = 60) -> list[psutil.Process]:
    """The build's worker processes, once it has started them: it is then mid-analysis."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        children = psutil.Process(proc.pid).children()
        if len(children) >= n:
            return children
        time.sleep(0.02)
    raise AssertionError("the build started no worker")


def _gone(processes: list[psutil.Process], timeout: float = 15) -> bool:
    _, alive = psutil.wait_procs(processes, timeout=timeout)
    return not [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_mid_build_exits_130_and_leaves_the_previous_outputs(tmp_path, corpus, signum):
    out = tmp_path / "out" / "brief.html"
    out.parent.mkdir()
    previous = {}
    for path in outputs_for(out).values():
        path.write_text(f"previous {path.name}\n")
        previous[path] = path.read_bytes()
    proc = _start_build(corpus, out, tmp_path / "cache", "--workers", "2")
    workers = _wait_for_workers(proc, 2)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr, stderr
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(p.name for p in previous)
    assert all(path.read_bytes() == data for path, data in previous.items())
    assert _gone(workers)


def test_workers_die_with_a_killed_parent(tmp_path, corpus):
    proc = _start_build(corpus, tmp_path / "out" / "brief.html", tmp_path / "cache", "--workers", "2")
    workers = _wait_for_workers(proc, 2)
    proc.kill()
    proc.communicate(timeout=30)
    assert _gone(workers), "orphaned workers kept running"


def test_the_next_build_removes_a_killed_builds_temporaries(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Chinese officials met Cuban leaders in Havana on Monday.\n", encoding="utf-8")
    out = tmp_path / "out" / "brief.html"
    out.parent.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = [out.parent / f".brief.{dead.pid}-k1ll3d_x.partial.html",
             out.parent / f".brief.{dead.pid}-k1ll3d_x.partial.gpkg",
             out.parent / f".brief.unresolved.{dead.pid}-k1ll3d_x.partial.csv",
             out.parent / f"..brief.{dead.pid}-k1ll3d_x.partial.{dead.pid}-nested_.partial.html"]
    running = out.parent / f".brief.{os.getppid()}-running_.partial.geojson"   # a live process's: kept
    unrelated = out.parent / ".brief.notes.txt"
    for path in stale + [running, unrelated]:
        path.write_text("half-written\n")
    write_outputs(analyse(corpus, use_cache=False), out)
    left = sorted(p.name for p in out.parent.iterdir())
    assert left == sorted([p.name for p in outputs_for(out).values()] + [running.name, unrelated.name])
    assert clean_stale_temporaries(outputs_for(out).values()) == []


def test_a_stop_signal_that_some_library_swallowed_still_writes_nothing(tmp_path):
    from geo.interrupts import stop_signals

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Russian sailors visited Havana in July.\n", encoding="utf-8")
    build = analyse(corpus, use_cache=False)
    out = tmp_path / "out" / "brief.html"
    before = signal.getsignal(signal.SIGTERM)
    with stop_signals():
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)                  # the handler runs here and raises ...
        except BaseException:              # ... and a careless library swallows it
            pass
        with pytest.raises(KeyboardInterrupt):
            write_outputs(build, out)
    assert not out.parent.exists() or list(out.parent.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is before     # restored afterwards


def test_a_stop_signal_inside_a_finaliser_prints_no_traceback_and_still_stops(capfd):
    from geo.interrupts import check, stop_signals

    class Finalised:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(1000):     # the handler runs between these bytecodes, inside __del__
                time.sleep(0.001)

    with stop_signals():
        Finalised()                   # dropped at once: Python can only print what __del__ raises
        assert "Traceback" not in capfd.readouterr().err
        with pytest.raises(KeyboardInterrupt):
            check()


_SUMMARY_INTERRUPTED = """
import os, signal, sys, time
import geo.cli

def slow_summary(*args, **kwargs):
    os.kill(os.getpid(), signal.{signal})
    time.sleep(30)                     # the handler raises here, inside the summary

geo.cli._summary = slow_summary
geo.cli.main(["build", sys.argv[1], "-o", sys.argv[2], "--no-cache"], prog_name="briefmap")
"""


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_during_the_summary_keeps_the_builds_status(tmp_path, signame):
    """The outputs are in place when the summary prints: a stop signal then cuts the summary
    short and the exit status is the build's (0 here), never click's 1 or 130 ("nothing written")."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Chinese officials met Cuban leaders in Havana on Monday.\n", encoding="utf-8")
    out = tmp_path / "out" / "brief.html"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", _SUMMARY_INTERRUPTED.replace("{signal}", signame), str(corpus),
                           str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "interrupted: summary cut short; the outputs were written" in proc.stderr
    assert "Traceback" not in proc.stderr and "Aborted" not in proc.stderr
    assert all(path.exists() for path in outputs_for(out).values())


def test_geoparse_workers_waiting_for_work_die_with_a_killed_parent(tmp_path):
    """The worst case for an orphan: the parent is killed while its workers sit idle on the
    work queue (the input is a pipe that never ends); the kernel's parent-death signal ends them."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "geo", "geoparse", "-q", "-j", "2", "-"], cwd=ROOT, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    line = '{"text": "Officials visited Paris and Lyon."}\n'
    try:
        for _ in range(200):                        # enough to start the pool; the pipe stays open
            proc.stdin.write(line)
        proc.stdin.flush()
        workers = _wait_for_workers(proc, 2, timeout=120)
        proc.kill()
        proc.wait(timeout=30)
        assert _gone(workers), "orphaned geoparse workers kept waiting"
    finally:
        proc.stdin.close()
        proc.stderr.close()
