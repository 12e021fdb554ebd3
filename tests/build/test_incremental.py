"""Rebuilds from the cache: adding, changing or removing an article, or editing the layer
rules, gives the very bytes of a clean build of the same folder.

The per-article cache keeps what the corpus-level steps derived from each article
(findings sorted into layers, visits with the nationality map as far as they read it);
these tests change exactly the inputs those depend on."""
from __future__ import annotations

from pathlib import Path

from geo.pipeline import build
from geo.present.outputs import outputs_for

ARTICLES = {
    "one.txt": "Harbour talks\n\nPeruvian President Alberto Quispe said on Tuesday that naval engineers from "
               "Chile will build a pier at Callao next year. Officials in Santiago denied that any agreement "
               "had been signed.\n",
    "two.txt": "A visit\n\nAlberto Quispe later visited Caracas on Thursday for talks on fishing rights. A cargo "
               "ship ran aground near Punta del Este in March.\n",
    "three.txt": "Copy of the harbour story\n\nPeruvian President Alberto Quispe said on Tuesday that naval "
                 "engineers from Chile will build a pier at Callao next year, a regional paper reported.\n",
}

LAYERS = """- id: ports
  title: Ports and harbours
  color: "#225588"
  rules:
    - id: pier
      pattern: '(?i)\\bpier\\b'
- include: builtin
"""


def outputs(html: Path) -> dict[str, bytes]:
    return {kind: path.read_bytes() for kind, path in outputs_for(html).items()}




def check_same_as_clean(folder: Path, tmp_path: Path, cache: Path, n: int) -> None:
    cached = build(folder, tmp_path / f"cached-{n}" / "map.html", cache_dir=cache)
    clean = build(folder, tmp_path / f"clean-{n}" / "map.html", use_cache=False)
    assert not cached.problems and not clean.problems
    assert outputs(tmp_path / f"cached-{n}" / "map.html") == outputs(tmp_path / f"clean-{n}" / "map.html")
    return cached


def test_add_change_remove_and_new_layers_rebuild_like_a_clean_build(corpus, tmp_path, gazetteer):
    cache = tmp_path / "cache"
    first = check_same_as_clean(corpus, tmp_path, cache, 0)
    assert first.reused == 0 and first.visits, "the corpus must exercise visits"
    # Quispe's nationality comes from one.txt; two.txt's visit takes its origin from it.
    assert any(v.origin is not None for v in first.visits)
    again = check_same_as_clean(corpus, tmp_path, cache, 1)
    assert again.reused == len(again.documents)

    (corpus / "four.txt").write_text("Later\n\nA Brazilian frigate docked at Callao on Friday.\n",
                                     encoding="utf-8")
    added = check_same_as_clean(corpus, tmp_path, cache, 2)
    assert added.reused == len(added.documents) - 1

    # The nationality the visit in two.txt relies on goes away with the change to one.txt.
    (corpus / "one.txt").write_text(ARTICLES["one.txt"].replace("Peruvian President ", ""), encoding="utf-8")
    changed = check_same_as_clean(corpus, tmp_path, cache, 3)
    assert changed.reused == len(changed.documents) - 1

    (corpus / "three.txt").unlink()
    removed = check_same_as_clean(corpus, tmp_path, cache, 4)
    assert removed.reused == len(removed.documents)

    (corpus / "layers.yaml").write_text(LAYERS, encoding="utf-8")
    layered = check_same_as_clean(corpus, tmp_path, cache, 5)
    assert any(f["properties"]["layer"] == "ports" for f in layered.features)
    (corpus / "layers.yaml").unlink()
    check_same_as_clean(corpus, tmp_path, cache, 6)


def test_the_corpus_facts_read_by_a_cached_visit_decide_its_reuse(corpus, tmp_path, gazetteer):
    cache = tmp_path / "cache"
    for name in ("one.txt", "three.txt"):
        (corpus / name).unlink()
    alone = check_same_as_clean(corpus, tmp_path, cache, 0)
    # Nothing says who Quispe is: not an official, so no visit.
    assert alone.visits == []
    # Now an article names his office and nationality (the people register and the
    # nationality map): two.txt's cached answer "no visit" is found again, with Lima as origin.
    (corpus / "one.txt").write_text(ARTICLES["one.txt"], encoding="utf-8")
    joined = check_same_as_clean(corpus, tmp_path, cache, 1)
    assert [v.origin.name for v in joined.visits] == ["Lima"]
    assert joined.reused == 1


def test_a_refitted_finding_type_model_re_sorts_cached_findings(corpus, tmp_path, gazetteer, monkeypatch):
    import geo.build.corpus as corpus_module
    import geo.findings.assemble as assemble

    cache = tmp_path / "cache"
    build(corpus, tmp_path / "a" / "map.html", cache_dir=cache)
    calls = []
    real = assemble.document_findings
    monkeypatch.setattr(assemble, "document_findings", lambda *a, **k: calls.append(1) or real(*a, **k))
    build(corpus, tmp_path / "b" / "map.html", cache_dir=cache)
    assert calls == []                          # unchanged: every article's findings from the cache
    # The type model is outside the analysis fingerprint; its digest is part of the findings' key.
    monkeypatch.setattr(corpus_module, "_kinds_key", lambda: "kinds:refitted")
    again = build(corpus, tmp_path / "c" / "map.html", cache_dir=cache)
    assert len(calls) == len(again.documents) and again.reused == len(again.documents)


def test_kept_output_pieces_give_a_clean_builds_bytes_and_a_damaged_one_is_rebuilt(corpus, tmp_path, gazetteer,
                                                                                   monkeypatch):
    import geo.present.render.basemap as basemap

    calls = []
    real = basemap.detail
    monkeypatch.setattr(basemap, "detail", lambda places: calls.append(len(places)) or real(places))
    cache = tmp_path / "cache"
    check_same_as_clean(corpus, tmp_path, cache, 0)
    assert len(calls) == 2                      # the cached build's and the clean build's
    check_same_as_clean(corpus, tmp_path, cache, 1)
    assert len(calls) == 3                      # the cached build kept the basemap detail: the same places
    # An article naming a new city moves the detail: drawn again, around it too.
    (corpus / "four.txt").write_text("Later\n\nA Brazilian frigate docked at Valparaiso on Friday.\n",
                                     encoding="utf-8")
    check_same_as_clean(corpus, tmp_path, cache, 2)
    assert len(calls) == 5
    # A damaged piece is drawn again, never trusted, and the build goes on.
    kept = cache / "outputs" / "detail.json.gz"
    kept.write_bytes(kept.read_bytes()[:100])
    rebuilt = check_same_as_clean(corpus, tmp_path, cache, 3)
    assert len(calls) == 7 and not rebuilt.problems
    check_same_as_clean(corpus, tmp_path, cache, 4)
    assert len(calls) == 8


def test_kept_country_outlines_give_a_clean_builds_bytes_and_a_damaged_table_is_rebuilt(corpus, tmp_path, gazetteer):
    import gzip
    import json

    # Findings about a whole country are drawn on its outline, which is kept between builds.
    (corpus / "five.txt").write_text("Drills\n\nRussian warships held drills in Venezuela on Monday, the "
                                     "ministry said.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    check_same_as_clean(corpus, tmp_path, cache, 0)
    table = cache / "outputs" / "areas.json.gz"

    def kept() -> set[str]:
        return set(json.loads(gzip.decompress(table.read_bytes()).partition(b"\n")[2]))

    assert "VE" in kept()
    (corpus / "six.txt").write_text("Talks\n\nChinese engineers worked across Bolivia in May, officials "
                                    "said.\n", encoding="utf-8")
    check_same_as_clean(corpus, tmp_path, cache, 1)
    assert {"VE", "BO"} <= kept()
    table.write_bytes(table.read_bytes()[:60])                # damaged: outlined again, never trusted
    rebuilt = check_same_as_clean(corpus, tmp_path, cache, 2)
    assert not rebuilt.problems and {"VE", "BO"} <= kept()


REPORT = "Chinese engineers are building a listening station at Bejucal near Havana, officials said on Monday."
DENIAL = "Cuban officials denied on Friday that Chinese engineers were building a listening station at Bejucal."


def test_copies_and_a_denial_across_articles_rebuild_like_a_clean_build(tmp_path, gazetteer):
    # The corpus-wide merge joins copies of one sentence across articles and links a denial in
    # another article to the report it denies (each sentence's evidence worked out once, each
    # finding's blanked text remembered): adding a copy, changing the denial away and back, and
    # removing the report's first telling must each give a clean build's bytes.
    folder, cache = tmp_path / "corpus", tmp_path / "cache"
    folder.mkdir()
    (folder / "a.txt").write_text(f"Station report\n\n{REPORT}\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"Station copy\n\n{REPORT}\n", encoding="utf-8")
    (folder / "c.txt").write_text(f"Denial\n\n{DENIAL}\n", encoding="utf-8")

    def sources() -> list[list[tuple[str, str]]]:
        return [[(s.doc_id.split("#")[0], s.stance.value) for s in f.sources] for f in built.findings]

    built = check_same_as_clean(folder, tmp_path, cache, 0)
    assert [("a.txt", "asserts"), ("b.txt", "asserts"), ("c.txt", "denies")] in sources()
    (folder / "d.txt").write_text(f"Another copy\n\n{REPORT}\n", encoding="utf-8")
    built = check_same_as_clean(folder, tmp_path, cache, 1)
    assert built.reused == 3 and ("d.txt", "asserts") in sources()[0]
    (folder / "c.txt").write_text("Weather\n\nRain fell on Havana on Friday.\n", encoding="utf-8")
    built = check_same_as_clean(folder, tmp_path, cache, 2)
    assert not any(stance == "denies" for found in sources() for _, stance in found)
    (folder / "c.txt").write_text(f"Denial\n\n{DENIAL}\n", encoding="utf-8")
    built = check_same_as_clean(folder, tmp_path, cache, 3)
    assert built.reused == 4                     # the denial's entry was kept from the first build
    (folder / "a.txt").unlink()
    built = check_same_as_clean(folder, tmp_path, cache, 4)
    assert [("b.txt", "asserts"), ("d.txt", "asserts"), ("c.txt", "denies")] in sources()
