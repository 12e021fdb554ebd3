"""Paths: an article link that leaves the corpus folder is refused on one line, and
output names that would overwrite each other are refused before anything is written."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from geo.cli import EXIT_ERROR, main
from geo.read.documents import read_corpus

GOOD = "Chinese officials met Cuban leaders in Havana on Monday, state media said.\n"


def test_a_link_to_a_file_outside_the_corpus_is_refused(tmp_path):
    secret = tmp_path / "private" / "notes.txt"
    secret.parent.mkdir()
    secret.write_text("Agents met their contact in Caracas.\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "leak.txt").symlink_to(secret)
    (corpus / "hop.md").symlink_to(corpus / "leak.txt")             # a link to the link: still outside
    (corpus / "sub").mkdir()
    (corpus / "sub" / "inside.txt").write_text("Russian ships docked in Havana.\n", encoding="utf-8")
    (corpus / "inside.txt").symlink_to(corpus / "sub" / "inside.txt")  # stays within: read
    docs, problems = read_corpus(corpus)
    assert sorted({d.path for d in docs}) == ["good.txt", "inside.txt"]
    assert sorted(str(p) for p in problems) == [
        "hop.md: link to a file outside the corpus folder, refused",
        "leak.txt: link to a file outside the corpus folder, refused",
    ]
    assert not any("Caracas" in d.text for d in docs)


def test_a_refused_link_is_one_skipped_line_of_the_build(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(tmp_path / "out" / "b.html"), "-q",
                                       "--no-cache"])
    lines = [line for line in result.stderr.splitlines() if line.startswith("skipped:")]
    assert lines == ["skipped: passwd.txt: link to a file outside the corpus folder, refused"]
    assert result.exit_code == 3


@pytest.mark.parametrize("name, clash", [("x.geojson", "map and the GeoJSON"), ("x.gpkg", "map and the GeoPackage"),
                                         ("x.GEOJSON", None)])
def test_outputs_that_overwrite_each_other_are_refused_before_anything_is_written(tmp_path, name, clash):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    cache = tmp_path / "cache"
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out / name), "--cache-dir", str(cache), "-q"])
    if clash is None:       # a different suffix spelling is a different file: built
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == EXIT_ERROR
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: ") and clash in line and "nothing written" in line and name in line
    assert not out.exists() and not cache.exists()


def test_an_output_linked_to_another_output_is_refused(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "b.geojson").write_text("previous\n")
    (out / "b.html").symlink_to(out / "b.geojson")
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out / "b.html"), "--no-cache", "-q"])
    assert result.exit_code == EXIT_ERROR and "would both be written" in result.stderr
    assert (out / "b.geojson").read_text() == "previous\n"
    assert sorted(p.name for p in out.iterdir()) == ["b.geojson", "b.html"]
