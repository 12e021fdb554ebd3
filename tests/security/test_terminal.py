"""What reaches the terminal: outside text is inert (no markup, no control sequences),
-q/-v work on every command, and neither a degraded service nor a bug prints a traceback."""
from __future__ import annotations

import json
import socket

import pytest
from click.testing import CliRunner

from geo.cli import EXIT_ERROR, EXIT_OK, EXIT_SKIPPED, main
from geo.terminal import plain
from tests.security.corpus import small_corpus

ESC = "\x1b"
HOSTILE_TITLE = "[/bold][red]\x1b]0;t\x07\x1b[2J\u202e"   # short: the summary table wraps long cells


def _inert(stderr: str) -> None:
    assert ESC not in stderr and "\x07" not in stderr and "\u202e" not in stderr, repr(stderr)
    assert "Traceback" not in stderr, stderr


def test_plain_escapes_controls_bidi_and_surrogates():
    assert plain("a\x1b[31mb\x07c\x9bd") == "a\\x1b[31mb\\x07c\\x9bd"
    assert plain("x\u202ey\u2066z\u2028w") == "x\\u202ey\\u2066z\\u2028w"
    assert plain("caf\udce9.txt") == "caf\\udce9.txt"            # a file name that is not UTF-8
    assert plain("Zürich [b] «ok»") == "Zürich [b] «ok»"         # printable text is left alone


def test_a_hostile_layer_title_is_printed_literally_and_the_build_succeeds(tmp_path):
    folder = small_corpus(tmp_path / "c")
    (folder / "layers.yaml").write_text(json.dumps([
        {"id": "odd", "title": HOSTILE_TITLE, "color": "#ff0000", "rules": [{"id": "r", "pattern": "Lourdes"}]},
        {"include": "builtin"}]), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "o" / "m.html"), "--no-cache"])
    assert result.exit_code == EXIT_OK, result.output
    _inert(result.stderr)
    assert "[/bold][red]\\x1b]0;t\\x07\\x1b[2J\\u202e" in result.stderr


def test_hostile_file_names_reach_the_terminal_escaped(tmp_path):
    folder = small_corpus(tmp_path / "c")
    (folder / "empty \x1b[2J [red] \u202e.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "o" / "m.html"), "--no-cache",
                                       "-q"])
    assert result.exit_code == EXIT_SKIPPED, result.output
    _inert(result.stderr)
    [line] = [x for x in result.stderr.splitlines() if x.startswith("skipped:")]
    assert "empty \\x1b[2J [red] \\u202e.txt" in line


def test_click_errors_about_a_hostile_path_are_escaped(tmp_path):
    result = CliRunner().invoke(main, ["geoparse", str(tmp_path / "no \x1b[2J such.jsonl")])
    assert result.exit_code == 2
    _inert(result.stderr)
    assert "no \\x1b[2J such.jsonl" in result.stderr


def test_a_hostile_geoparse_id_is_escaped():
    line = json.dumps({"id": "\x1b[2J[/bold]\u202e", "text": 5}) + "\n"
    result = CliRunner().invoke(main, ["geoparse", "-j", "1", "-"], input=line)
    assert result.exit_code == EXIT_SKIPPED
    _inert(result.stderr)
    assert 'id "\\u001b[2J[/bold]\\u202e"' in result.stderr     # json.dumps escapes ESC, plain() the RLO


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_takes_quiet_and_verbose(command):
    names = {opt for p in main.commands[command].params for opt in p.opts}
    assert {"-q", "--quiet", "-v", "--verbose"} <= names
    for flag in ("-q", "-v", "--quiet", "--verbose"):
        result = CliRunner().invoke(main, [command, flag, "--help"])
        assert result.exit_code == 0, result.output


def test_quiet_leaves_the_problem_lines_only(tmp_path):
    folder = small_corpus(tmp_path / "c")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    out = str(tmp_path / "o" / "m.html")
    quiet = CliRunner().invoke(main, ["build", str(folder), "-o", out, "-q", "--no-cache"])
    assert quiet.exit_code == EXIT_SKIPPED
    assert quiet.stderr.splitlines() == ["skipped: empty.txt: empty, no text to read"], quiet.stderr
    normal = CliRunner().invoke(main, ["-v", "build", str(folder), "-o", out, "--no-cache"])   # -v before it, too
    assert "skipped: empty.txt" in normal.stderr and "briefmap build" in normal.stderr


def _unreachable_geocoder_args(tmp_path) -> list[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]                          # nobody listens here
    folder = small_corpus(tmp_path / "c")
    return ["build", str(folder), "-o", str(tmp_path / "o" / "m.html"), "--no-cache", "--geocoder", "nominatim",
            "--geocoder-domain", f"127.0.0.1:{port}", "--geocoder-scheme", "http", "--geocoder-delay", "0",
            "--geocoder-timeout", "0.5", "--geocoder-retries", "1", "--geocoder-budget", "5"]


def test_a_degraded_geocoder_is_one_line_and_its_details_wait_for_verbose(tmp_path):
    args = _unreachable_geocoder_args(tmp_path)
    result = CliRunner().invoke(main, args + ["-q"])
    assert result.exit_code == EXIT_SKIPPED, result.output
    assert result.stderr.splitlines() == [line for line in result.stderr.splitlines()
                                          if line.startswith("skipped: --geocoder nominatim: degraded")]
    assert len(result.stderr.splitlines()) == 1 and "--verbose" in result.stderr
    verbose = CliRunner().invoke(main, args + ["-q", "-v"])
    assert verbose.exit_code == EXIT_SKIPPED
    details = [x for x in verbose.stderr.splitlines() if x.startswith("detail: ")]
    assert any("RateLimiter" in x for x in details) and any("Traceback" in x for x in details)
    assert all(x.startswith(("detail: ", "skipped: ")) for x in verbose.stderr.splitlines())


def test_an_unexpected_error_is_one_line_and_its_traceback_waits_for_verbose(tmp_path, monkeypatch):
    import geo.present.outputs

    def broken(*args, **kwargs):
        raise TypeError("something \x1b[2J broke\nhere")

    monkeypatch.setattr(geo.present.outputs, "write_outputs", broken)
    folder = small_corpus(tmp_path / "c")
    args = ["build", str(folder), "-o", str(tmp_path / "o" / "m.html"), "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == EXIT_ERROR
    _inert(result.stderr)
    assert result.stderr.splitlines() == ["error: unexpected TypeError: something \\x1b[2J broke here (a bug; "
                                          "run again with --verbose for the traceback)"]
    verbose = CliRunner().invoke(main, args + ["-v"])
    assert verbose.exit_code == EXIT_ERROR
    assert "detail: Traceback (most recent call last):" in verbose.stderr and ESC not in verbose.stderr
