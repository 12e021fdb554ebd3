"""Malformed configuration files beside the articles: each ends in one line naming the file (and the
line, where the file has lines to name), the documented exit status, and never a traceback.

Exit 3 (outputs written, the bad part ignored) for ``layers.yaml``, ``corrections.yaml``,
``sources.yaml`` and ``sites.csv``; exit 1 (nothing written) for ``briefing.yaml``, the story the
analyst asked for, which cannot be replaced by a guess.
"""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from geo.cli import EXIT_ERROR, EXIT_SKIPPED, main

ARTICLE = "Talks in Lisbon\n\nMinisters from Portugal met in Lisbon on Tuesday, officials said.\n"
HEADER = "id,name,aliases,lat,lon,country,category,descriptors,status,source\n"

# (file, content (None: a folder of that name), expected line number or None, words the line must hold)
CASES = {
    "layers: not a list": ("layers.yaml", "just a string\n", 1, "expected a list of layers"),
    "layers: RE2 cannot compile": ("layers.yaml", "- id: a\n  rules:\n    - {id: r, pattern: '(unclosed'}\n", 3,
                                   "cannot be compiled"),
    "layers: title not text": ("layers.yaml", "- id: a\n  title: 5\n  rules: [{id: r, pattern: x}]\n", 1,
                               "title must be text"),
    "layers: rules a mapping": ("layers.yaml", "- id: a\n  rules: {id: r}\n", 1, "'rules' must be a list"),
    "layers: tab indent": ("layers.yaml", "- id: a\n\ttitle: x\n", 2, "'\\t'"),
    "layers: not UTF-8": ("layers.yaml", b"\xff\xfe\x00\x01", None, "not UTF-8"),
    "layers: repeated key": ("layers.yaml", "- id: a\n  id: b\n", 2, "key 'id' appears twice (first on line 1)"),
    "layers: a folder": ("layers.yaml", None, None, "cannot read"),
    "layers: bad id": ("layers.yaml", "- id: a\n- id: 'x y z'\n", 2, "'id' must be a short word"),
    "briefing: a list": ("briefing.yaml", "- a\n- b\n", 1, "expected a mapping with 'title' and 'steps', got list"),
    "briefing: a string": ("briefing.yaml", "hello\n", 1, "expected a mapping"),
    "briefing: steps a string": ("briefing.yaml", "title: T\nsteps: nope\n", 2, "'steps' must be a non-empty list"),
    "briefing: step a number": ("briefing.yaml", "title: T\nsteps:\n  - 5\n", 3, "step 1 must be a mapping"),
    "briefing: unknown place": ("briefing.yaml", "title: T\nsteps:\n  - title: x\n    places: [Atlantis]\n", 3,
                                "place 'Atlantis' is not on the map"),
    "briefing: unclosed quote": ("briefing.yaml", "title: 'x\nsteps: []\n", 3, "not valid YAML"),
    "briefing: NUL": ("briefing.yaml", "title: T\nsteps: a\x00b\n", 2, "U+0000 is not allowed"),
    "briefing: impossible date": ("briefing.yaml", "title: T\nsteps:\n  - title: x\n    date: 2023-02-30\n", 4,
                                  "'2023-02-30' is not a valid date"),
    "briefing: unknown key": ("briefing.yaml", "title: T\nsteps:\n  - title: x\n    zoom: 3\n    places: [Lisbon]\n",
                              3, "unknown key(s) zoom"),
    "briefing: billion laughs": ("briefing.yaml", "a: &a [x, x]\nb: [*a, *a]\n", 1, "anchors and aliases"),
    "corrections: not a list": ("corrections.yaml", "corrections: nope\n", 1, "expected a list under 'corrections:'"),
    "corrections: lat not a number": ("corrections.yaml",
                                      "corrections:\n  - mention: Lisbon\n    pin: {name: X, lat: abc, lon: 1}\n", 2,
                                      "numeric lat and lon"),
    "corrections: NaN pin": ("corrections.yaml", "corrections:\n  - mention: Lisbon\n    pin: {name: X, lat: .nan, lon: 1}\n",
                             2, "out of range"),
    "corrections: two actions": ("corrections.yaml", "corrections:\n  - mention: Lisbon\n    pin: Lisbon\n    reject: x\n",
                                 2, "exactly one of pin, reject, layer"),
    "corrections: a string entry": ("corrections.yaml", "corrections:\n  - {mention: Lisbon, reject: x}\n  - oops\n", 3,
                                    "correction #2 ignored"),
    "corrections: object tag": ("corrections.yaml", "corrections:\n  - !!python/object/apply:os.system [id]\n", 2,
                                "is not allowed"),
    "corrections: unknown layer": ("corrections.yaml", "corrections:\n  - {place: Lisbon, layer: nowhere}\n", 2,
                                   "unknown layer 'nowhere'"),
    "sources: malformed flow": ("sources.yaml", "a.txt: {outlet: X\n", 2, "malformed metadata"),
    "sources: repeated file": ("sources.yaml", "a.txt: {outlet: X}\na.txt: {outlet: Y}\n", 2, "appears twice"),
    "sites: no header": ("sites.csv", "", 1, "the header lacks column(s) id, name, lat, lon"),
    "sites: NaN": ("sites.csv", HEADER + "x,X,,nan,1,PT,port,,,\n", 2, "'nan' is not a finite number"),
    "sites: out of range": ("sites.csv", HEADER + "x,X,,91,1,PT,port,,,\n", 2, "lat"),
    "sites: unclosed quote": ("sites.csv", HEADER + 'x,"X,,1,1,PT,port,,,\n', 2, "row ignored"),
    "sites: huge field": ("sites.csv", HEADER + "x," + "N" * 200_000 + ",,1,1,PT,port,,,\n", 2, "not valid CSV"),
    "sites: duplicate id": ("sites.csv", HEADER + "x,X,,1,1,PT,port,,,\nx,Y,,1,1,PT,port,,,\n", 3, "used before (line 2)"),
    "sites: not UTF-8": ("sites.csv", b"\x00\x01\x02\xff", None, "not UTF-8"),
}


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")     # the article is analysed once for all the cases


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_malformed_config_is_one_line_naming_file_and_line(tmp_path, cache, case):
    name, content, line, words = CASES[case]
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    path = folder / name
    if content is None:
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    out = tmp_path / "out" / "m.html"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "-q", "--cache-dir", str(cache)])
    assert "Traceback" not in result.output and (result.exception is None or isinstance(result.exception, SystemExit))
    lines = result.stderr.splitlines()
    about = [x for x in lines if re.match(rf"(skipped|error): (\S*/)?{re.escape(name)}: ", x)]
    assert len(about) == 1 and lines == about, lines                  # one line, and nothing else
    [text] = about
    assert words in text, text
    if line is None:
        assert not re.search(r": line \d+: ", text), text
    else:
        assert f"{name}: line {line}: " in text, text
    if name == "briefing.yaml":
        assert result.exit_code == EXIT_ERROR and text.startswith("error: ") and not out.exists()
    else:
        assert result.exit_code == EXIT_SKIPPED and text.startswith("skipped: ") and out.exists()
