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
