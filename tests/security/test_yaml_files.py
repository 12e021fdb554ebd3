"""Every YAML file beside the articles goes through one loader: no alias expansion ("billion
laughs"), no object-constructing tags, one line `FILE: line N: problem` for anything wrong."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.read.safeyaml import YamlError, load_yaml_text
from tests.security.corpus import small_corpus

# 0.5 KB that safe_load expands to 9^9 = 387 million strings.
BOMB = "".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n']
    + [f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi")])
TAG = '- !!python/object/apply:os.system ["echo pwned > /tmp/briefmap-pwned"]\n'
YAML_FILES = ("sources.yaml", "corrections.yaml", "layers.yaml", "briefing.yaml")


def test_bomb_is_small_and_refused_at_its_first_anchor():
    assert len(BOMB.encode()) < 600
    with pytest.raises(YamlError) as info:
        load_yaml_text(BOMB, "x.yaml")
    assert str(info.value) == "x.yaml: line 1: anchors and aliases (&name, *name) are not allowed"


@pytest.mark.parametrize("text, problem", [
    (TAG, "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    ("a: !!python/name:os.system x\n", "is not allowed"),
    ("a: !custom 3\n", "tag '!custom' is not allowed"),
    ("x: 1\ny: *nowhere\n", "anchors and aliases"),
    ("[" * 500 + "]" * 500, "nested deeper than 50 levels"),
    ("a: [1\nb: 2\n", "expected ',' or ']'"),
])
def test_refusals_are_one_line_with_the_line_number(text, problem):
    with pytest.raises(YamlError) as info:
        load_yaml_text(text, "f.yaml")
    message = str(info.value)
    assert "\n" not in message and message.startswith("f.yaml: line ") and problem in message


def test_plain_configuration_still_loads():
    assert load_yaml_text("- {id: a, rules: [{id: r, pattern: 'x'}]}\n", "f.yaml") == [
        {"id": "a", "rules": [{"id": "r", "pattern": "x"}]}]


def test_no_module_parses_yaml_behind_the_loaders_back():
    geo = Path(__file__).resolve().parents[2] / "geo"
    offenders = [f"{p.relative_to(geo)}:{n}" for p in geo.rglob("*.py") if p.name != "safeyaml.py"
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"\byaml\.|\bimport yaml\b|from yaml\b", line)]
    assert offenders == []


def _build(folder: Path, tmp_path: Path):
    out = tmp_path / "out" / "m.html"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "-q", "--no-cache"])
    return result, out


def test_bombs_and_tags_in_sources_corrections_and_layers_are_skipped_one_line_each(tmp_path):
    folder = small_corpus(tmp_path / "c")
    for name in ("sources.yaml", "corrections.yaml"):
        (folder / name).write_text(BOMB, encoding="utf-8")
    (folder / "layers.yaml").write_text(TAG, encoding="utf-8")
    result, out = _build(folder, tmp_path)
    assert result.exit_code == 3, result.output
    lines = [x for x in result.stderr.splitlines() if x.startswith("skipped:")]
    for name in ("sources.yaml", "corrections.yaml"):
        assert f"skipped: {name}: line 1: ignored, " in result.stderr
        assert sum(name in x for x in lines) == 1
    assert "skipped: layers.yaml: line 1: ignored, tag 'tag:yaml.org,2002:python/object/apply:os.system'" \
        in result.stderr
    assert "Traceback" not in result.output and not Path("/tmp/briefmap-pwned").exists()
    assert out.exists() and out.with_suffix(".geojson").exists()


def test_bomb_in_briefing_stops_the_build_with_one_line(tmp_path):
    folder = small_corpus(tmp_path / "c")
    (folder / "briefing.yaml").write_text(BOMB, encoding="utf-8")
    result, out = _build(folder, tmp_path)
    assert result.exit_code == 1
    errors = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert len(errors) == 1 and errors[0].endswith(
        "briefing.yaml: line 1: not valid YAML: anchors and aliases (&name, *name) are not allowed")
    assert "Traceback" not in result.output and not out.exists()
