"""The spaCy pipeline as briefmap loads it."""
from geo.language.nlp import parse, parse_many, pipeline


def test_only_the_components_briefmap_uses_run():
    # The shared tok2vec feeds only the excluded tagger and parser: running it would be wasted.
    assert pipeline().pipe_names == ["senter", "ner"]


def test_parse_gives_entities_and_sentences():
    doc = parse("Officials met in Havana. Then they flew to Beijing.")
    assert [s.text for s in doc.sents] == ["Officials met in Havana.", "Then they flew to Beijing."]
    assert [e.text for e in doc.ents if e.label_ == "GPE"] == ["Havana", "Beijing"]


def test_parse_many_keeps_the_input_order():
    texts = [f"Talks in {city} went well." for city in ("Havana", "Moscow", "Caracas")] * 20
    docs = list(parse_many(texts, batch_size=7))
    assert [d.text for d in docs] == texts


def test_an_entity_running_into_the_window_break_is_kept_inside_its_window():
    """Found by hypothesis through briefmap geoparse: the NER tagged "Ý&" plus the break."""
    from geo.language.gate import NerGate
    from geo.language.nlp import parse_many
    from geo.places.gazetteer import Gazetteer

    gate = NerGate(Gazetteer.open())
    for text in ["Ý&", "Ý& Paris", "in Ý&"]:
        doc = next(parse_many([text], gate))
        assert all(0 <= e.start < e.end <= len(doc) for e in doc.ents)


def _broken(text, start, end, label="ORG"):
    from spacy.tokens import Span

    doc = pipeline().make_doc(text)
    return doc, [Span(doc, start, end, label=label)]


def test_an_entity_across_a_line_break_is_dropped_for_the_other_detectors():
    from geo.language.nlp import unbroken

    doc, ents = _broken("Floods in Chad\n\nABECHE, Chad - Roads closed.", 2, 5)
    assert ents[0].text == "Chad\n\nABECHE"
    assert unbroken(doc, ents) == [] == unbroken(doc, ents, doc.text)
    doc, ents = _broken("Floods in Chad. Roads closed.", 2, 3, "GPE")
    assert [e.text for e in unbroken(doc, ents)] == ["Chad"] == [e.text for e in unbroken(doc, ents, doc.text)]


def test_the_pieces_of_a_broken_entity_can_keep_their_label(monkeypatch):
    import geo.language.nlp as nlp

    monkeypatch.setattr(nlp, "KEEP_BROKEN_PIECES", True)
    doc, ents = _broken("By Ana Ruiz\nStaff Writer\n\nLima", 1, 8, "PERSON")
    assert ents[0].text == "Ana Ruiz\nStaff Writer\n\nLima"
    assert [(e.text, e.label_) for e in nlp.unbroken(doc, ents)] == \
        [("Ana Ruiz", "PERSON"), ("Staff Writer", "PERSON"), ("Lima", "PERSON")]


def test_doc_text_is_the_docs_text_for_each_doc_asked_about():
    from geo.language.nlp import doc_text, parse_names

    texts = ["Officials met in Havana.\n\n  Then  they flew\tto Beijing. ", "Talks in Caracas went well."]
    docs = [parse_names(t) for t in texts] + [pipeline().make_doc(t) for t in texts]
    for doc, text in zip(docs, texts * 2):
        assert doc_text(doc) == doc.text == text
    assert [doc_text(d) for d in reversed(docs)] == [d.text for d in reversed(docs)]
