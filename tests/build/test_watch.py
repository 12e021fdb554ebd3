"""--watch: a change of the folder, once settled, starts one build; outputs inside it do not."""
from __future__ import annotations

from geo.build.watch import snapshot, watch


def test_one_build_per_settled_change_and_own_outputs_ignored(tmp_path):
    (tmp_path / "a.txt").write_text("Officials met in Lima.", encoding="utf-8")
    output = tmp_path / "map.html"
    steps = iter([
        lambda: output.write_text("<html>"),                       # the build's own output: no build
        lambda: (tmp_path / "b.txt").write_text("A ship docked in Callao."),
        lambda: (tmp_path / "c.txt").write_text("More news."),     # still copying: the same build
        lambda: None,
        lambda: (tmp_path / "a.txt").unlink(),
        lambda: None,
    ])
    seen = []

    def sleep(_seconds):
        next(steps, lambda: None)()

    watch(tmp_path, lambda: seen.append(snapshot(tmp_path, [output])), ignore=[output], sleep=sleep, builds=2)
    assert [[name for name, _, _ in snap] for snap in seen] == [["a.txt", "b.txt", "c.txt"], ["b.txt", "c.txt"]]


def test_hidden_files_do_not_count(tmp_path):
    before = snapshot(tmp_path)
    (tmp_path / ".swp").write_text("x")
    assert snapshot(tmp_path) == before
