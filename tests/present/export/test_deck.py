"""The PowerPoint deck opened with python-pptx: slides, pictures, key findings, full notes."""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.util import Emu

from geo.present.export.deck import DeckStep, deck_bytes, key_findings, notes_text
from geo.present.export.kml import circle_png
from tests.present.export import fixtures as fx

DOCUMENTS = [{"doc": "a.txt", "title": "Piers", "outlet": "Harbour Gazette", "published": "2021-03-04",
              "url": "https://gazette.example/a"},
             {"doc": "b.txt", "title": "Trip", "outlet": None, "published": "2022-11-21", "url": None}]


def _deck(tmp_path, **overrides):
    image = tmp_path / "map.png"
    image.write_bytes(circle_png(64))
    features = fx.features()
    steps = [DeckStep("Ports in the north", "Two ports, one denied.", image, features[:2]),
             DeckStep("Trips", "", image, features[3:5]),
             DeckStep("Talks without a place", "A relation.", None, [features[2]])]
    kwargs = dict(title="Test deck", subtitle="2 articles, published 2021-03-04 to 2022-11-21", overview=image,
                  steps=steps, layers=fx.LAYERS, documents=DOCUMENTS, counts={"ports": 2, "visits": 2, "talks": 1})
    kwargs.update(overrides)
    return deck_bytes(**kwargs), features


def _texts(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_title_overview_a_slide_per_step_and_sources(tmp_path):
    data, _ = _deck(tmp_path)
    prs = Presentation(io.BytesIO(data))
    assert (prs.slide_width, prs.slide_height) == (Emu(12191695), Emu(6858000))     # 16:9
    slides = list(prs.slides)
    assert len(slides) == 1 + 1 + 3 + 1
    assert [s.shapes.title.text for s in slides] == ["Test deck", "Overview", "1. Ports in the north", "2. Trips",
                                                    "3. Talks without a place", "Sources"]
    pictures = [sum(1 for sh in s.shapes if sh.shape_type == 13) for s in slides]      # 13: PICTURE
    assert pictures == [0, 1, 1, 1, 0, 0]              # the third step has no image: a placeholder text
    assert "(no map image)" in _texts(slides[4])
    overview = _texts(slides[1])
    assert "Ports & <harbours> (2)" in overview and "Trips (2)" in overview
    assert "Harbour Gazette: 1 article, 2021-03-04" in _texts(slides[5])
    assert prs.core_properties.author == "briefmap" and prs.core_properties.title == "Test deck"


def test_step_slide_shows_narration_and_key_findings_with_status_and_sources(tmp_path):
    data, _ = _deck(tmp_path)
    step = list(Presentation(io.BytesIO(data)).slides)[2]
    text = _texts(step)
    assert "Two ports, one denied." in text
    assert "REPORTED  Bergen" in text and "DENIED  Tromsø" in text
    assert "Harbour Gazette, 2021-03-04  +1 more source" in text
    links = [r.hyperlink.address for sh in step.shapes if sh.has_text_frame
             for p in sh.text_frame.paragraphs for r in p.runs if r.hyperlink.address]
    assert set(links) == {"https://gazette.example/a"}       # a javascript: URL is never a link
    # hostile article text is plain text on the slide
    assert "<script>alert(1)</script>" in text or "=HYPERLINK" in text


def test_notes_hold_every_sentence_and_source(tmp_path):
    data, features = _deck(tmp_path)
    notes = list(Presentation(io.BytesIO(data)).slides)[2].notes_slide.notes_text_frame.text
    for f in features[:2]:
        for c in f["properties"]["claims"]:
            assert c["claim"] in notes
    assert "denies: \u201cOfficials denied any dredging at Tromsø.\u201d" in notes
    assert "https://gazette.example/a" in notes and "javascript:" not in notes
    assert "Nordic Daily, 2021-05-01; port officials said" in notes


def test_key_findings_prefer_more_sources_then_newer():
    features = fx.features()
    single = features[5]                      # one source, 2020-02-29
    ranked = key_findings([single, features[0], features[1]], n=3)
    assert [f["properties"]["finding"] for f in ranked] == ["f-bergen", "f-tromso", "f-unlisted"]
    assert notes_text([]) == "\n"


def test_same_inputs_same_bytes(tmp_path):
    assert _deck(tmp_path)[0] == _deck(tmp_path)[0]


def test_control_characters_and_long_titles_do_not_break_it(tmp_path):
    data, _ = _deck(tmp_path, title="A title\x00 " + "very long " * 30)
    prs = Presentation(io.BytesIO(data))
    assert "\ufffd" in prs.slides[0].shapes.title.text


def test_only_http_links_become_hyperlinks(tmp_path):
    features = fx.features()
    features[0]["properties"]["claims"][0]["url"] = "javascript:alert(1)"
    data, _ = _deck(tmp_path, steps=[DeckStep("Bergen", "", None, [features[0]])])
    step = list(Presentation(io.BytesIO(data)).slides)[2]
    links = [r.hyperlink.address for sh in step.shapes if sh.has_text_frame
             for p in sh.text_frame.paragraphs for r in p.runs if r.hyperlink.address]
    assert links == [] and "javascript" not in step.notes_slide.notes_text_frame.text
