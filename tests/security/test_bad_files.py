"""Broken input: each bad file gets one clear line naming it and the problem, the
other documents are still processed, the exit status says whether anything was
skipped, and --strict turns skips into failure."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli import EXIT_ERROR, EXIT_OK, EXIT_SKIPPED, main
from geo.read.documents import read_corpus

GOOD = "Chinese officials met Cuban leaders in Havana on Monday, state media said.\n"

# file name -> (bytes, the words its one problem line must contain); None: read fine
BAD_FILES: dict[str, tuple[bytes, str | None]] = {
    "empty.txt": (b"", "empty"),
    "blank.md": (b"  \n\t\n \r\n", "empty"),
    "binary.txt": (bytes(range(256)) * 8, "binary file (NUL bytes)"),
    "binary-no-nul.txt": (bytes(range(1, 32)) * 200, "binary file (control characters)"),
    "cp1252.txt": ("Díaz-Canel’s visit to Havana was “historic”, officials said.\n".encode("cp1252"), None),
    "latin1.txt": ("Die Delegation aus Köln traf sich in Havana mit Beamten.\n".encode("latin-1"), None),
    "bom-utf8.txt": ("\ufeffRussian ships docked in Havana this week, officials said.\n".encode("utf-8"), None),
    "bom-utf16.txt": ("Russian sailors visited Havana in July, officials said.\n".encode("utf-16"), None),
    "bad-utf16.txt": (b"\xff\xfeH\x00a\x00\x00\xd8", "not valid UTF-16-LE"),
    "malformed.html": (b"<html><body><p>Unclosed <b>Chinese envoys met officials in Havana <div><p>on Monday"
                       b"<script>alert(1)</script><table><tr><td>", None),
    "huge.txt": (None, "over the 5 MB article limit"),              # written sparse below: 50 MB
    "long.txt": (b"Havana talks. " * 80_000, "over the 1,000,000 limit"),
    "zz-duplicate.txt": (GOOD.encode(), "duplicate, same text as good.txt"),
    "good.txt": (GOOD.encode(), None),
}


def make_bad_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, _) in BAD_FILES.items():
        if data is not None:
            (folder / name).write_bytes(data)
    with (folder / "huge.txt").open("wb") as fh:           # a 50 MB article, sparse on disk
        fh.truncate(50 * 1024 * 1024)
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    (folder / "folder.md").mkdir()
    os.mkfifo(folder / "pipe.txt")                          # reading it would block forever
    (folder / "notes.csv").write_text("not an article, ignored", encoding="utf-8")
    (folder / ".hidden.txt").write_text("editor swap file, ignored", encoding="utf-8")
    (folder / "sources.yaml").write_text(
        "good.txt:\n  published: 2023-13-45\n  url: 'javascript:alert(1)'\n  title: [a, list]\n"
        "gone.txt:\n  outlet: Reuters\n", encoding="utf-8")
    return folder


EXPECTED_LINES = {
    "dangling.txt": "broken link",
    "folder.md": "not a regular file",
    "pipe.txt": "not a regular file",
}


def test_every_bad_file_gets_one_line_and_the_rest_is_read(tmp_path):
    folder = make_bad_corpus(tmp_path / "c")
    docs, problems = read_corpus(folder)
    by_file: dict[str, list[str]] = {}
    for p in problems:
        by_file.setdefault(p.path, []).append(p.message)
    expected = {n: words for n, (_, words) in BAD_FILES.items() if words} | EXPECTED_LINES
    for name, words in expected.items():
        assert len(by_file.get(name, [])) == 1, (name, by_file.get(name))
        assert words in by_file[name][0], (name, by_file[name])
        assert "\n" not in str(by_file[name][0])
    readable = {n for n, (_, words) in BAD_FILES.items() if words is None}
    assert {d.path for d in docs} == readable
    assert set(by_file) == set(expected) | {"sources.yaml"}
    meta = by_file["sources.yaml"]
    assert any("'published'" in m for m in meta) and any("'url'" in m for m in meta)
    assert any("'title'" in m for m in meta) and any("gone.txt" in m and "matches no file" in m for m in meta)
    texts = {d.path: d.text for d in docs}
    assert "Díaz-Canel’s" in texts["cp1252.txt"] and "“historic”" in texts["cp1252.txt"]
    assert "Köln" in texts["latin1.txt"]
    assert texts["bom-utf8.txt"].startswith("Russian") and texts["bom-utf16.txt"].startswith("Russian")
    assert "alert(1)" not in texts["malformed.html"] and "Havana" in texts["malformed.html"]
    good = next(d for d in docs if d.path == "good.txt")
    assert good.url == "" and good.published is None        # bad metadata fields dropped, not applied


def test_unreadable_file_is_named(tmp_path, monkeypatch):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "locked.txt").write_text(GOOD + " Another one.", encoding="utf-8")
    real_open = Path.open

    def deny(self, *a, **k):               # tests run as root, where chmod 000 does not deny
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *a, **k)

    monkeypatch.setattr(Path, "open", deny)
    docs, problems = read_corpus(folder)
    assert [d.path for d in docs] == ["good.txt"]
    assert [str(p) for p in problems] == ["locked.txt: cannot read (Permission denied)"]


def test_hostile_file_names_stay_on_one_line(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "evil\n[red]x[bold]\x1b[2J.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "o" / "m.html"), "-q"])
    assert result.exit_code == EXIT_SKIPPED, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("skipped:")]
    assert lines == ["skipped: evil\\x0a[red]x[bold]\\x1b[2J.txt: empty, no text to read"]


# ------------------------------------------------------------------ exit codes

def _run(*args):
    return CliRunner().invoke(main, ["build", *map(str, args), "-q"])


def test_exit_status_tells_whether_anything_was_skipped(tmp_path):
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "o" / "m.html"
    ok = _run(clean, "-o", out)
    assert ok.exit_code == EXIT_OK, ok.output
    assert "skipped:" not in ok.stderr

    bad = make_bad_corpus(tmp_path / "bad")
    before = out.read_bytes()
    strict = _run(bad, "-o", out, "--strict")
    assert strict.exit_code == EXIT_ERROR
    assert "--strict" in strict.stderr and "nothing written" in strict.stderr
    assert out.read_bytes() == before                       # --strict wrote nothing

    skipped = _run(bad, "-o", out)
    assert skipped.exit_code == EXIT_SKIPPED, skipped.output
    lines = [line for line in skipped.stderr.splitlines() if line.startswith("skipped:")]
    named = {line.split(": ")[1] for line in lines}
    assert {"empty.txt", "huge.txt", "pipe.txt", "zz-duplicate.txt", "sources.yaml"} <= named
    assert out.read_bytes() != before                       # outputs written from the good files


@pytest.mark.parametrize("case", ["missing", "a-file", "empty-folder", "no-articles"])
def test_nothing_to_build_is_an_error_and_writes_nothing(tmp_path, case):
    target = tmp_path / case
    if case == "a-file":
        target.write_text(GOOD, encoding="utf-8")
    elif case == "empty-folder":
        target.mkdir()
    elif case == "no-articles":
        target.mkdir()
        (target / "only.txt").write_bytes(b"")
    out = tmp_path / "o" / "m.html"
    result = _run(target, "-o", out)
    assert result.exit_code == EXIT_ERROR
    assert result.stderr.count("error:") == 1 and str(target.name) in result.stderr
    assert not out.parent.exists()


def test_unwritable_output_is_an_error_not_a_traceback(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    result = _run(folder, "-o", blocker / "m.html")
    assert result.exit_code == EXIT_ERROR
    assert "cannot write" in result.stderr and "Traceback" not in result.output
