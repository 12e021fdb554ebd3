from datetime import date

import pytest

from geo.language.dates import undated_notes
from geo.read.documents import DocumentError, decode, read_corpus, split_sections

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
    # The page states no date, so its "on Monday" cannot be placed: that is noted.
    assert [p.message for p in undated_notes(docs)] == ["1 relative date(s) left undated ('on Monday'): no "
                                                        "publication date in the text, page or sources.yaml"]
    assert "met in Havana" in docs[0].text
    assert "Copyright" not in docs[0].text and "Sport" not in docs[0].text


# -- provenance read from the copy ------------------------------------------------------------
WIRE_STORY = """Pier extension opens

By Priya Nair and Tom Hale, Associated Press

Published 12 February 2024

MOMBASA, Kenya (AP) — A new container pier opened on Monday at the port, which handles most of
the region's trade, officials said.
"""


def test_byline_dateline_and_dated_line_set_outlet_place_and_date(tmp_path):
    (tmp_path / "a.txt").write_text(WIRE_STORY, encoding="utf-8")
    docs, problems = read_corpus(tmp_path)
    assert problems == []
    d = docs[0]
    assert (d.outlet, d.filed_from, d.published) == ("Associated Press", "Mombasa, Kenya", date(2024, 2, 12))
    assert d.meta_source == "outlet=byline; published=published line; filed_from=dateline"


def test_sources_yaml_outlet_beats_what_the_copy_implies(tmp_path):
    (tmp_path / "a.txt").write_text(WIRE_STORY, encoding="utf-8")
    (tmp_path / "sources.yaml").write_text("a.txt:\n  outlet: The Coast Weekly\n", encoding="utf-8")
    docs, _ = read_corpus(tmp_path)
    assert docs[0].outlet == "The Coast Weekly"
    assert docs[0].meta_source.startswith("outlet=sources.yaml")


def test_dateline_without_year_leaves_the_article_undated_and_says_so(tmp_path):
    text = "Fuel talks\n\nBAKU, March 9 (Reuters) - Ministers met on Thursday and will meet again next week.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    docs, problems = read_corpus(tmp_path)
    assert problems == []
    assert (docs[0].outlet, docs[0].filed_from, docs[0].published) == ("Reuters", "Baku", None)
    notes = undated_notes(docs)
    assert len(notes) == 1
    assert "3 relative date(s) left undated ('March 9', 'on Thursday', 'next week')" in notes[0].message


def test_a_section_without_date_is_named_by_its_title(tmp_path):
    text = ("Roundup of the week\n\nThe envoys met on Tuesday.\n\n"
            "Example Wire, May 3, 2022\n\nShip arrives\n\nThe ship arrived on Tuesday.\n")
    (tmp_path / "c.txt").write_text(text, encoding="utf-8")
    docs, problems = read_corpus(tmp_path)
    assert docs[1].published == date(2022, 5, 3)
    assert [p.message for p in undated_notes(docs)] == [
        "section 0 ('Roundup of the week'): 1 relative date(s) left undated ('on Tuesday'): "
        "no publication date in the text, page or sources.yaml"]


def test_saved_page_date_comes_from_its_markup(tmp_path):
    page = """<html><head><title>Pier opens</title>
    <meta property="article:published_time" content="2024-02-12T08:00:00Z"></head><body>
    <article><h1>Pier opens</h1><p>A new container pier opened on Monday at the port of Mombasa, which
    handles most of the region's trade, officials said.</p>
    <p>The pier was built over three years by a consortium of contractors and the port authority.</p></article>
    </body></html>"""
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    docs, problems = read_corpus(tmp_path)
    assert problems == []
    assert docs[0].published == date(2024, 2, 12)
    assert "published=page metadata" in docs[0].meta_source


# -- languages -------------------------------------------------------------------------------
SPANISH = ("El ministro de Exteriores llegó el martes a La Habana para firmar un acuerdo de cooperación "
           "portuaria con las autoridades locales, según informó la cancillería en un comunicado.")
FRENCH = ("Le ministre des Affaires étrangères est arrivé mardi à Dakar pour signer un accord de coopération "
          "portuaire avec les autorités locales, selon un communiqué du ministère.")


def test_spanish_is_analysed_and_marked(tmp_path):
    (tmp_path / "es.txt").write_text("Acuerdo portuario\n\nPublicado 2024\n\n" + SPANISH, encoding="utf-8")
    docs, problems = read_corpus(tmp_path)
    assert [d.language for d in docs] == ["es"]


def test_a_language_the_tool_cannot_analyse_is_a_problem_not_a_document(tmp_path):
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "en.txt").write_text("Pier opens\n\nPublished 4 May 2021\n\nThe minister arrived in Dakar to "
                                     "sign a port cooperation agreement with local officials.", encoding="utf-8")
    docs, problems = read_corpus(tmp_path)
    assert [d.path for d in docs] == ["en.txt"] and docs[0].language == "en"
    assert [str(p) for p in problems] == [
        "fr.txt: written in French (fr), not analysed: briefmap reads English and Spanish"]


# -- PDF and Word ----------------------------------------------------------------------------
def make_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF whose text layer is ``lines`` (Helvetica, one line each)."""
    def esc(t):
        return t.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(f"({esc(line)}) Tj T*" for line in lines) + " ET"
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            "/Resources << /Font << /F1 5 0 R >> >> >>",
            f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = "%PDF-1.4\n", []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


PDF_LINES = ["Pier extension opens", "Published 12 February 2024", "",
             "MOMBASA, Kenya (AP) - A new container pier opened at the port, which handles",
             "most of the region's trade, officials said on the quay."]


def test_pdf_text_is_read_with_wrapped_lines_joined(tmp_path):
    (tmp_path / "report.pdf").write_bytes(make_pdf(PDF_LINES))
    docs, problems = read_corpus(tmp_path)
    assert problems == []
    d = docs[0]
    assert "port, which handles most of the region’s trade" in d.text   # Helvetica's quote
    assert (d.outlet, d.filed_from, d.published) == ("Associated Press", "Mombasa, Kenya", date(2024, 2, 12))


def test_pdf_without_text_encrypted_or_broken_is_skipped_with_the_reason(tmp_path):
    from pypdf import PdfReader, PdfWriter

    (tmp_path / "scan.pdf").write_bytes(make_pdf([]))
    writer = PdfWriter()
    writer.add_page(PdfReader(__import__("io").BytesIO(make_pdf(PDF_LINES))).pages[0])
    writer.encrypt("secret", algorithm="RC4-128")
    with (tmp_path / "locked.pdf").open("wb") as fh:
        writer.write(fh)
    (tmp_path / "torn.pdf").write_bytes(make_pdf(PDF_LINES)[:120])
    docs, problems = read_corpus(tmp_path)
    assert docs == []
    messages = {p.path: p.message for p in problems}
    assert "encrypted PDF" in messages["locked.pdf"]
    assert "no text layer" in messages["scan.pdf"]
    assert "PDF" in messages["torn.pdf"]


def test_word_docx_paragraphs_and_tables_are_read(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Pier extension opens")
    document.add_paragraph("By Priya Nair, Associated Press")
    document.add_paragraph("Published 12 February 2024")
    document.add_paragraph("A new container pier opened at the port of Mombasa, officials said.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Berths", "Lamu and Mombasa"
    document.save(tmp_path / "brief.docx")
    docs, problems = read_corpus(tmp_path)
    assert problems == []
    assert "opened at the port of Mombasa" in docs[0].text and "Berths | Lamu and Mombasa" in docs[0].text
    assert (docs[0].outlet, docs[0].published) == ("Associated Press", date(2024, 2, 12))


def test_other_document_formats_are_listed_as_skipped_with_what_to_do(tmp_path):
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 64)
    (tmp_path / "notes.rtf").write_text("{\\rtf1 text}", encoding="ascii")
    (tmp_path / "fake.docx").write_bytes(b"not a zip at all")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    docs, problems = read_corpus(tmp_path)
    messages = {p.path: p.message for p in problems}
    assert messages["old.doc"].startswith("Word 97-2003 document, not read: save it as .docx")
    assert messages["notes.rtf"].startswith("RTF document, not read")
    assert "not a readable Word .docx file" in messages["fake.docx"]
    assert "photo.jpg" not in messages


def test_a_headline_above_an_outlet_and_date_line_is_that_article_s_not_one_of_its_own():
    text = "Tanker hit off Aden\nMaritime Daily, January 27, 2024\n\nA tanker was struck on Friday.\n"
    docs = split_sections(text, "t.txt")
    assert len(docs) == 1
    d = docs[0]
    assert (d.title, d.outlet, d.published, d.offset) == ("Tanker hit off Aden", "Maritime Daily",
                                                           date(2024, 1, 27), 0)
    assert d.text == text
    # an article of its own above the header stays one
    docs = split_sections("Intro piece about Havana.\n\n" + text, "t.txt")
    assert [d.outlet for d in docs] == ["", "Maritime Daily"]
