import pytest

from geo.language.spanish import english_name, judge_roles, table_names
from geo.model import Mention, Role


def test_every_spanish_name_leads_to_a_place_the_gazetteer_has(gazetteer):
    missing = [n for n in table_names() if not gazetteer.lookup(english_name(n), 1)]
    assert missing == []


@pytest.mark.parametrize("text, name, role", [
    ("La delegación llegó a Montevideo el martes.", "Montevideo", Role.LITERAL),
    ("Hubo una reunión en Quito con los ministros.", "Quito", Role.LITERAL),
    ("El barco atracó en el puerto de Cartagena.", "Cartagena", Role.LITERAL),
    ("La ministra visitará mañana Asunción.", "Asunción", Role.LITERAL),
    ("Bolivia rechazó la propuesta del Gobierno.", "Bolivia", Role.ASSOCIATIVE),
    ("El embajador de Chile presentó sus cartas.", "Chile", Role.ASSOCIATIVE),
    ("Modernizarán la terminal del puerto del Callao.", "Callao", Role.LITERAL),
    ("Los buques llegaron al puerto de La Guaira.", "La Guaira", Role.LITERAL),
    ("Titular\n\nCARACAS, 3 de mayo de 2024 (EFE) - El Gobierno negó el informe.", "CARACAS", Role.LITERAL),
])
def test_spanish_roles_follow_locative_words(text, name, role):
    start = text.index(name)
    (judged,) = judge_roles(text, [Mention("d#0", start, start + len(name), name, detector="spanish")])
    assert judged.role.role is role


def test_a_place_listed_with_a_literal_one_is_literal():
    text = "La gira pasó por Quito y Lima."
    mentions = [Mention("d#0", text.index(n), text.index(n) + len(n), n) for n in ("Quito", "Lima")]
    assert [m.role.role for m in judge_roles(text, mentions)] == [Role.LITERAL, Role.LITERAL]


def test_a_spanish_article_is_placed_and_its_claims_kept_verbatim(tmp_path):
    from geo.build.corpus import analyse

    text = ("Acuerdo portuario en Montevideo\n\nPublicado el 3 de mayo de 2024\n\n"
            "La delegación de Uruguay llegó el martes a Montevideo para firmar un acuerdo portuario con "
            "los representantes de Brasil, informó la cancillería en un comunicado oficial.\n")
    (tmp_path / "nota.txt").write_text(text, encoding="utf-8")
    build = analyse(tmp_path, use_cache=False)
    assert build.problems == [] and [d.language for d in build.documents] == ["es"]
    assert str(build.documents[0].published) == "2024-05-03"
    placed = [f["properties"] for f in build.features if f["properties"]["place"] == "Montevideo"]
    assert placed and placed[0]["language"] == "es"
    assert placed[0]["claim"] in text and placed[0]["claims"][0]["language"] == "es"


def test_spanish_demonyms_in_lower_case_are_associative_mentions_of_their_country():
    from geo.language.spanish import demonyms, find_demonyms

    text = "Las autoridades venezolanas y los marinos rusos negaron el informe del diario en español."
    found = find_demonyms(text)
    assert [(text[a:b], country) for a, b, country in found] == [("venezolanas", "Venezuela"), ("rusos", "Russia")]
    mentions = [Mention("d#0", a, b, text[a:b], "NORP", "spanish", query=c) for a, b, c in found]
    assert {m.role.role for m in judge_roles(text, mentions)} == {Role.ASSOCIATIVE}
    # a language is no demonym here ("en español"), and every form maps to a country
    assert "español" not in demonyms() and all(demonyms().values())


def test_every_spanish_demonym_names_a_country_the_gazetteer_has(gazetteer):
    from geo.language.spanish import demonyms

    for country in sorted(set(demonyms().values())):
        assert any(p.kind == "country" for p in gazetteer.candidates(country, limit=20)), country


def test_every_demonym_row_is_well_formed():
    import csv
    import io
    from importlib import resources

    text = resources.files("geo").joinpath("data", "demonyms_es.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and all(set(r) == {"demonym", "english", "source"} for r in rows)
    for n, r in enumerate(rows, 2):
        assert r["demonym"].islower() and " " not in r["demonym"], f"row {n}: {r}"
        assert r["english"].strip() and r["source"] == "rae-dpd-5", f"row {n}: {r}"
    assert len({r["demonym"] for r in rows}) == len(rows)
