"""PNG slides: overview + one per story step, 1920x1080, offline."""
from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.present.render import render_map
from tests.present.render import fixtures as fx

pytestmark = pytest.mark.skipif(not (shutil.which("/usr/bin/chromium") and shutil.which("/usr/bin/chromedriver")),
                                reason="headless Chromium/chromedriver not installed")


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_export_overview_and_steps(tmp_path):
    from geo.present.slides import export_pngs

    html = tmp_path / "map.html"
    html.write_text(render_map(fx.briefing_features(), fx.LAYERS, fx.DOCUMENTS, title="Slides"), encoding="utf-8")
    written = export_pngs(html, tmp_path / "slides")
    names = [p.name for p in written]
    # the default story has one step per layer with claims
    assert names[0] == "overview.png" and names[1:] == [f"step-{i:02d}.png" for i in range(1, len(names))]
    assert len(names) == 1 + 5
    for p in written:
        assert png_size(p) == (1920, 1080)
        assert p.stat().st_size > 50_000          # a drawn map, not a blank page


def test_cli_png_command(tmp_path):
    from geo.cli import main

    html = tmp_path / "map.html"
    html.write_text(render_map(fx.briefing_features(), fx.LAYERS, fx.DOCUMENTS, title="Slides"), encoding="utf-8")
    res = CliRunner().invoke(main, ["png", str(html), "-o", str(tmp_path / "out"), "--no-steps"])
    assert res.exit_code == 0, res.output
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["overview.png"]
    res = CliRunner().invoke(main, ["png", str(tmp_path / "missing.html")])
    assert res.exit_code == 1


def test_png_help_reads_like_a_manual():
    from geo.cli import main

    res = CliRunner().invoke(main, ["png", "--help"])
    assert res.exit_code == 0
    assert "Example:" in res.output and "briefmap png maps/briefing.html" in res.output


ARTICLE = """Harbour works in Norway

The port authority said on March 3, 2021 that a new naval pier opened in Bergen. Officials in Oslo
denied that the pier in Bergen would host foreign warships. Trade through Tromsø rose in 2020, the
ministry said, after investment from shipping firms.
"""


def test_cli_slides_writes_a_deck_with_a_slide_per_story_step(tmp_path):
    from pptx import Presentation

    from geo.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ports.txt").write_text(ARTICLE, encoding="utf-8")
    deck, pngs = tmp_path / "out" / "deck.pptx", tmp_path / "png"
    res = CliRunner().invoke(main, ["slides", str(corpus), "--pptx", str(deck), "--png", str(pngs),
                                    "--cache-dir", str(tmp_path / "cache")])
    assert res.exit_code == 0, res.output
    steps = sorted(p.name for p in pngs.glob("step-*.png"))
    prs = Presentation(str(deck))
    titles = [s.shapes.title.text for s in prs.slides]
    assert len(titles) == 2 + len(steps) + 1 and steps
    assert titles[1] == "Overview" and titles[-1] == "Sources" and titles[2].startswith("1. ")
    assert all(any(sh.shape_type == 13 for sh in s.shapes) for s in list(prs.slides)[1:-1])
    assert "Bergen" in "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides)
    assert CliRunner().invoke(main, ["slides", str(corpus)]).exit_code == 2     # nothing asked for


def test_deck_steps_pair_each_step_with_its_own_image(tmp_path):
    from geo.present.slides import SlidesError, deck_steps

    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [5.3, 60.4]}, "properties": {}}
    unplaced = {"type": "Feature", "geometry": None, "properties": {"actors": [{"kind": "speaker", "name": "X"}]}}
    story = {"steps": [{"title": "A", "feature_ids": [0]}, {"title": "Nothing drawable", "feature_ids": [1]},
                       {"title": "B", "narration": "n", "feature_ids": [0, 1]}]}
    images = [tmp_path / "step-01.png", tmp_path / "step-02.png"]
    # the map leaves out the step it cannot draw; the deck follows it
    steps = deck_steps(story, [point, unplaced], images, 2)
    assert [(s.title, s.image.name, len(s.features)) for s in steps] == [("A", "step-01.png", 1),
                                                                        ("B", "step-02.png", 2)]
    with pytest.raises(SlidesError, match="shows 1 story steps"):
        deck_steps(story, [point, unplaced], images[:1], 1)


def test_deck_images_leave_the_narration_to_the_slide(tmp_path):
    """A deck's step image has no story panel (the slide has the narration as text) and is
    framed on the whole width; the PNG export keeps the panel."""
    from geo.present.slides import export_pngs, make_driver

    html = tmp_path / "map.html"
    html.write_text(render_map(fx.briefing_features(), fx.LAYERS, fx.DOCUMENTS, title="Deck"), encoding="utf-8")
    driver = make_driver(1920, 1080)
    try:
        seen = {}
        for narration in (True, False):
            export_pngs(html, tmp_path / f"png-{narration}", narration=narration, steps=True, driver=driver)
            # the driver is left on the last step: read what the image showed
            seen[narration] = driver.execute_script("""
                const p = document.getElementById('bm-story');
                return {panel: p.offsetParent !== null && p.getBoundingClientRect().width > 0,
                        text: document.getElementById('bm-step-narration').textContent,
                        right: BRIEFMAP.api.story.framing().paddingBottomRight[0]};""")
    finally:
        driver.quit()
    assert seen[True]["panel"] and seen[True]["right"] > 500
    assert not seen[False]["panel"] and seen[False]["right"] < 100
    assert seen[False]["text"]          # the step is the same step; only its panel is left out
