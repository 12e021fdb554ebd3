from datetime import date

import pytest

from geo.documents import DocumentError, decode, read_corpus, split_sections

COMPILATION = """Intro piece about Havana.

Telesur, January 18, 2023

News > Cuba

China Makes Official Donation

Cuba and China signed an agreement.

https://www.telesurenglish.net/news/a.html

Associated Press, November 25, 2022

Xi pledges support

BEIJING (AP) - Xi met Diaz-Canel.

https://apnews.com/article/b
"""


def test_compilation_sections_get_their_own_outlet_date_and_url():
    docs = split_sections(COMPILATION, "c.txt")
    assert [d.outlet for d in docs] == ["", "Telesur", "Associated Press"]
    assert [d.published for d in docs] == [None, date(2023, 1, 18), date(2022, 11, 25)]
    assert docs[1].url == "https://www.telesurenglish.net/news/a.html"
    assert docs[2].url == "https://apnews.com/article/b"
    assert docs[1].title == "China Makes Official Donation"


def test_section_offsets_map_back_into_the_file():
    docs = split_sections(COMPILATION, "c.txt")
    for d in docs:
        assert COMPILATION[d.offset:d.offset + len(d.text)] == d.text
    assert "".join(d.text for d in docs) == COMPILATION


def test_published_line_in_text_is_the_publication_date():
    docs = split_sections("Headline here now\n\nPublished 31 March 2017\n\nBody text.", "p.txt")
    assert docs[0].published == date(2017, 3, 31)


def test_decode_handles_bom_and_cp1252():
    assert decode("\ufeffHavana".encode("utf-8"), "a") == "Havana"
    assert decode("Díaz-Canel’s".encode("cp1252"), "a") == "Díaz-Canel’s"
    with pytest.raises(DocumentError, match="binary"):
        decode(b"\x00\x01\x02", "bin.txt")


def test_read_corpus_skips_bad_files_and_keeps_the_rest(tmp_path):
    (tmp_path / "b.txt").write_text("Officials in Havana met Chinese envoys.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Officials in Havana met Chinese envoys.", encoding="utf-8")
    (tmp_path / "d.bin.txt").write_bytes(b"\x00\x00\x00binary")
    (tmp_path / "notes.csv").write_text("ignored", encoding="utf-8")
    docs, problems = read_corpus(tmp_path)
    assert [d.path for d in docs] == ["b.txt"]
    messages = {p.path: p.message for p in problems}
    assert "empty" in messages["a.txt"]
    assert "same text as b.txt" in messages["c.txt"]
    assert "binary" in messages["d.bin.txt"]


def test_sidecar_metadata_fills_what_the_text_does_not_say(tmp_path):
    (tmp_path / "a.txt").write_text("A headline for the story\n\nHavana talks.", encoding="utf-8")
    (tmp_path / "sources.yaml").write_text("a.txt:\n  outlet: Reuters\n  published: 2023-06-20\n  url: https://r.example/x\n")
    docs, problems = read_corpus(tmp_path)
    assert problems == []
    assert (docs[0].outlet, docs[0].published, docs[0].url) == ("Reuters", date(2023, 6, 20), "https://r.example/x")


def test_malformed_metadata_is_reported_not_fatal(tmp_path):
    (tmp_path / "a.txt").write_text("A headline for the story\n\nHavana talks.", encoding="utf-8")
    (tmp_path / "sources.yaml").write_text("a.txt: [unclosed\n")
    docs, problems = read_corpus(tmp_path)
    assert len(docs) == 1
    assert problems and problems[0].path == "sources.yaml"


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(DocumentError, match="no such folder"):
        read_corpus(tmp_path / "nope")


def test_html_pages_are_stripped_of_boilerplate(tmp_path):
    page = """<html><head><title>Talks in Havana</title></head><body>
    <nav>Home | World | Sport</nav>
    <article><h1>Talks in Havana</h1><p>Chinese and Cuban officials met in Havana on Monday to discuss
    a joint training centre, according to officials familiar with the talks.</p>
    <p>The meeting followed months of negotiations between the two governments over military cooperation.</p></article>
    <footer>Copyright 2023 Example News</footer></body></html>"""
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    docs, problems = read_corpus(tmp_path)
    assert problems == []
    assert "met in Havana" in docs[0].text
    assert "Copyright" not in docs[0].text and "Sport" not in docs[0].text
