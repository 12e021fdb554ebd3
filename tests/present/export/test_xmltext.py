"""Outside text with XML-forbidden characters still gives well-formed styles and KML."""
from lxml import etree

from geo.present.export.styles import LayerStyle, qml, sld
from geo.present.export.xmltext import xml_text


def test_forbidden_characters_become_replacement_marks():
    assert xml_text("a\x00b\x1bc\ud800d\tE\n") == "a\ufffdb\ufffdc\ufffdd\tE\n"


def test_a_layer_title_with_terminal_escapes_gives_parsable_styles():
    style = LayerStyle(id="odd", title="[/bold]\x1b]0;t\x07\x1b[2J\u202e", color="#ff0000")
    for kind in ("point", "line"):
        doc = etree.fromstring(sld(style, "odd_points", kind).encode("utf-8"))
        assert "\ufffd" in "".join(doc.itertext())
        etree.fromstring(qml(style, kind).encode("utf-8"))
