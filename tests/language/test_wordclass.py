"""Word classes for the role model, on words chosen for these tests."""
import pytest

from geo.language.wordclass import classes, lemma


@pytest.mark.parametrize("word, expected", [
    ("parliaments", "n:group"),      # plural
    ("shores", "n:object"),
    ("negotiated", "v:communication"),
    ("invading", "v:competition"),   # -ing
    ("sailed", "v:motion"),
])
def test_inflected_words_get_their_lemmas_class(word, expected):
    assert expected in classes(word)


def test_irregular_forms_come_from_the_exception_lists():
    assert lemma("fled", "v") == "flee" and lemma("women", "n") == "woman"


def test_names_and_unknown_words_have_no_class():
    assert classes("Ottawa") == () and classes("qwxzv") == () and classes("u.s.") == ()


def test_an_act_noun_names_the_class_of_its_verb():
    from geo.language.wordclass import derived

    # what the act is an act of: a will expressed, against force used on a place
    assert derived("consents") == "v:communication" and derived("invasion") == "v:competition"
    assert derived("Ottawa") is None and derived("qwxzv") is None
