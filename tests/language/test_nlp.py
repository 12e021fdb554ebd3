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
