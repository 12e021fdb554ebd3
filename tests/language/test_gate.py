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


_BUILD_TEXT = ("The talks ran late into the evening and nobody expected much from them at all this week .\n\n"
               "Minister Alvaro Quintero of Veloria told reporters in Port Amsel that the agreement was close. "
               "the delegation will return next month, and the Amsel Harbour Authority said it would host them. "
               "it rained all day and the roads were quiet until the very late hours of the long night .")


def test_the_name_gate_opens_a_window_at_every_name_place_or_not():
    from geo.language.gate import NameGate

    doc = pipeline().make_doc(_BUILD_TEXT)
    covered = {i for s, e in NameGate().windows(doc) for i in range(s, e)}
    for word in ("Alvaro", "Quintero", "Veloria", "Amsel", "Authority"):
        assert all(t.i in covered for t in doc if t.text == word), word
    # a sentence-opening "The" and long stretches of lower-case text are not looked at
    assert 0 not in covered and len(covered) < len(doc)


def test_the_build_parse_has_the_whole_texts_sentences_and_its_names():
    from geo.language.nlp import parse_names

    full, gated = parse(_BUILD_TEXT), parse_names(_BUILD_TEXT)
    assert [s.start_char for s in gated.sents] == [s.start_char for s in full.sents]
    names = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}      # dates and numbers: the build reads them itself
    assert [(e.text, e.label_) for e in gated.ents if e.label_ in names] == \
           [(e.text, e.label_) for e in full.ents if e.label_ in names]
    assert any(e.label_ == "PERSON" and "Quintero" in e.text for e in gated.ents)


def test_the_capitalised_words_are_the_tokens_test_read_from_the_arrays():
    from geo.language.gate import NameGate, NerGate, _capitalised_flags

    doc = pipeline().make_doc('In May the US and "Us" met. McDONALD, É. Île-de-France and ÉTATS by One. ' * 2)
    assert _capitalised_flags(doc) == [NerGate._capitalised(t) for t in doc]
    assert _capitalised_flags(pipeline().make_doc("")) == []
    assert list(NameGate().runs(doc))      # the runs come from the same flags
