import pytest

from geo.read.detect import ANALYSED, detect_language

TEXTS = {
    "en": "The defence minister arrived in Djibouti on Tuesday to inspect the new naval pier, officials said.",
    "es": "El ministro de Defensa llegó el martes a Yibuti para inspeccionar el nuevo muelle naval, dijeron fuentes.",
    "fr": "Le ministre de la Défense est arrivé mardi à Djibouti pour inspecter la nouvelle jetée navale.",
    "pt": "O ministro da Defesa chegou na terça-feira a Djibuti para inspecionar o novo cais naval da marinha.",
    "ru": "Министр обороны прибыл во вторник в Джибути, чтобы осмотреть новый военно-морской причал.",
    "de": "Der Verteidigungsminister ist am Dienstag in Dschibuti eingetroffen, um den neuen Marinepier zu besichtigen.",
}


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_languages_are_told_apart(code):
    found = detect_language(TEXTS[code])
    assert found.code == code
    assert found.analysed == (code in ANALYSED)


def test_the_same_text_always_gets_the_same_answer():
    answers = {detect_language(TEXTS["es"]) for _ in range(5)}
    assert len(answers) == 1


def test_urls_and_numbers_do_not_decide():
    text = TEXTS["fr"] + " https://example.com/news/2024/01/02/the-english-words-in-a-link 2024 12:30"
    assert detect_language(text).code == "fr"


def test_short_english_full_of_foreign_names_is_not_skipped():
    # Too few letters to trust a guess: read with the default (English) analysis.
    assert detect_language("Lopez Miera met Shoigu and Gerasimov.").analysed
    # Long enough to be detected, dense with names: still one of the analysed languages.
    text = "Lopez Miera met Shoigu, Gerasimov and Patrushev at the Kremlin; Fomin and Pankov joined later."
    assert detect_language(text).analysed


def test_the_kept_model_answers_as_the_shipped_one_and_a_corrupt_one_is_unpacked_again(tmp_path):
    import geo.read.detect as detect

    shipped = detect._identifier(None)
    detect._identifier.cache_clear()
    try:
        first = detect._identifier(str(tmp_path))            # unpacked, then kept
        kept = tmp_path / detect.MODEL_FILE_NAME
        assert kept.exists() and kept.stat().st_mode & 0o777 == 0o600
        detect._identifier.cache_clear()
        again = detect._identifier(str(tmp_path))            # read back
        for text in TEXTS.values():
            assert shipped.rank(text) == first.rank(text) == again.rank(text)
        data = bytearray(kept.read_bytes())
        data[-5] ^= 0xFF                                      # one flipped byte in the arrays
        kept.write_bytes(bytes(data))
        assert detect._read_model(kept, "any key") is None
        header_key = __import__("json").loads(bytes(data[:data.index(b"\n")]))["key"]
        assert detect._read_model(kept, header_key) is None   # the checksum fails
        detect._identifier.cache_clear()
        rebuilt = detect._identifier(str(tmp_path))
        assert rebuilt.rank(TEXTS["fr"]) == shipped.rank(TEXTS["fr"])
        assert detect._read_model(kept, header_key) is not None   # replaced by a good copy
        kept.write_bytes(b"not a model")
        detect._identifier.cache_clear()
        assert detect.detect_language(TEXTS["es"], model_cache=tmp_path).code == "es"
    finally:
        detect._identifier.cache_clear()
