"""``python -m geo`` ends without freeing the interpreter's objects (geo.cli.run): the exit
status, the streams and the exit handlers must be what ``sys.exit`` gives."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _geo(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, **kwargs)


def test_the_exit_status_and_the_streams_are_the_commands(tmp_path):
    shown = _geo("--help")
    assert shown.returncode == 0 and "build" in shown.stdout
    missing = _geo("build", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out" / "map.html"), "-q")
    assert missing.returncode == 1 and "no such folder" in missing.stderr
    assert _geo("no-such-command").returncode == 2


def test_exit_handlers_still_run(tmp_path):
    flag = tmp_path / "ran"
    code = ("import atexit, sys; from pathlib import Path; "
            f"atexit.register(Path({str(flag)!r}).write_text, 'yes'); "
            "sys.argv = ['briefmap', '--help']; from geo.cli import run; run()")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and flag.read_text() == "yes"
