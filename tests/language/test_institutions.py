"""Institutions named in a person's title, and where they sit."""
import pytest

from geo.language.institutions import institution_after, institution_before


@pytest.mark.parametrize("text, person, seat", [
    ("European Council President Charles Michel", "Charles Michel", "Brussels"),
    ("NATO Secretary General Jens Stoltenberg", "Jens Stoltenberg", "Brussels"),
    ("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov", "Moscow"),
    ("House Speaker Nancy Pelosi", "Nancy Pelosi", "Washington"),
])
def test_title_before_a_name_names_the_institution(text, person, seat):
    assert institution_before(text, text.index(person)).seat == seat


def test_appositive_after_a_name_names_the_institution():
    text = "Gen. Fan Changlong, vice chairman of the Central Military Commission, flew to Havana."
    assert institution_after(text, text.index(",")).country == "CN"


@pytest.mark.parametrize("text, person", [
    ("The EU said on Monday that Charles Michel would travel.", "Charles Michel"),   # a clause, not a title
    ("They came from far away, said Maria Lopez.", "Maria Lopez"),                    # "far" is not "FAR"
])
def test_no_institution_outside_a_title(text, person):
    assert institution_before(text, text.index(person)) is None
