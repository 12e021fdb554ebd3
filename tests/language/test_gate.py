"""The NER gate: which token windows the model must see, and that gated entities match full ones."""
import pytest

from geo.language.gate import CONTEXT, NerGate
from geo.language.nlp import parse, parse_many, pipeline


@pytest.fixture(scope="module")
def gate(gazetteer):
    return NerGate(gazetteer)


def windows_text(gate, text):
    doc = pipeline().make_doc(text)
    return doc, gate.windows(doc)


def test_a_place_name_opens_a_window_with_context_either_side(gate):
    text = "It was a long and quiet week for everyone here , and then officials in Havana met reporters at noon today ."
    doc, windows = windows_text(gate, text)
    (start, end), = windows
    havana = next(t.i for t in doc if t.text == "Havana")
    assert (start, end) == (havana - CONTEXT, havana + 1 + CONTEXT)


def test_text_without_place_names_needs_no_ner(gate):
    _, windows = windows_text(gate, "the committee met on Monday. One member said more talks were needed in March.")
    assert windows == []


def test_stop_words_and_calendar_words_are_not_names_but_abbreviations_are(gate):
    doc = pipeline().make_doc("More rain fell in March . The US sent aid .")
    assert [doc[s:e].text for s, e in gate.candidates(doc)] == ["US"]


def test_windows_are_sorted_disjoint_and_merged(gate):
    text = ("Havana and Beijing signed. " + "nothing happened here at all for a while " * 3 + "then Moscow replied.")
    doc, windows = windows_text(gate, text)
    assert windows == sorted(windows)
    assert all(e1 < s2 for (_, e1), (s2, _) in zip(windows, windows[1:]))
    assert len(windows) == 2          # Havana and Beijing share one window, Moscow has its own


def test_gated_entities_match_the_full_parse_around_places(gate):
    text = ("Flooding closed roads in Havana, Cuba, on Tuesday. Officials in Beijing sent aid, "
            "and the governor of Texas visited Gainesville, Florida.")
    full = {(e.start_char, e.end_char, e.label_) for e in parse(text).ents if e.label_ in ("GPE", "LOC")}
    (gated,) = parse_many([text], gate)
    assert {(e.start_char, e.end_char, e.label_) for e in gated.ents if e.label_ in ("GPE", "LOC")} == full
    assert gated.text == text
    for ent in gated.ents:
        assert text[ent.start_char:ent.end_char] == ent.text
