"""Per-document analysis: cache, incremental rebuilds and scale-out give identical outputs."""
import shutil
from pathlib import Path

import pytest

from geo.build.analysis import AnalysisSpec, Execution, ResultCache, analyse_documents, document_key
from geo.build.corpus import analyse
from geo.present.export import geojson_text
from geo.read.documents import split_sections

NEW_ARTICLE = ("Russian warships dock in Havana\n\nA Russian frigate and a nuclear-powered submarine arrived in "
               "Havana on Wednesday, according to Cuba's defence ministry, days after exercises in the Atlantic.\n")


def test_cache_key_changes_with_text_and_metadata():
    doc = split_sections("Officials met in Havana.", "a.txt")[0]
    other = split_sections("Officials met in Beijing.", "a.txt")[0]
    assert document_key(doc, "f") == document_key(doc, "f")
    assert document_key(doc, "f") != document_key(other, "f")
    assert document_key(doc, "f") != document_key(doc, "g")


def test_second_build_reuses_every_document(tmp_path, seeds_dir):
    cache = tmp_path / "cache"
    first = analyse(seeds_dir, cache_dir=cache)
    second = analyse(seeds_dir, cache_dir=cache)
    assert first.reused == 0
    assert second.reused == len(second.documents)
    assert geojson_text(first.features) == geojson_text(second.features)


def test_adding_an_article_reanalyses_only_it_and_matches_a_clean_build(tmp_path, seeds_dir):
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    cache = tmp_path / "cache"
    analyse(corpus, cache_dir=cache)
    (corpus / "005_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    incremental = analyse(corpus, cache_dir=cache)
    clean = analyse(corpus, use_cache=False)
    assert incremental.reused == len(incremental.documents) - 1
    assert geojson_text(incremental.features) == geojson_text(clean.features)


def test_a_corrupt_cache_entry_is_recomputed(tmp_path):
    docs = split_sections("Officials met in Havana.", "a.txt")
    cache = ResultCache(tmp_path)
    spec = AnalysisSpec()
    first, _ = analyse_documents(docs, spec, cache=cache)
    for entry in tmp_path.rglob("*.json.gz"):
        entry.write_bytes(b"not a cache entry")
    again, reused = analyse_documents(docs, spec, cache=cache)
    assert reused == 0
    assert [r.place.id for r in again[0].resolutions] == [r.place.id for r in first[0].resolutions]


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory, seeds_dir):
    """Three seed articles: enough to spread over workers, quick to analyse twice."""
    folder = tmp_path_factory.mktemp("small")
    for name in sorted(p.name for p in seeds_dir.glob("*.txt"))[2:]:
        shutil.copy(seeds_dir / name, folder / name)
    return folder, analyse(folder, use_cache=False)


def test_local_processes_give_identical_output(small_corpus):
    folder, serial = small_corpus
    parallel = analyse(folder, use_cache=False, execution=Execution(workers=2))
    assert geojson_text(parallel.features) == geojson_text(serial.features)
    assert parallel.unresolved == serial.unresolved


def test_background_worker_runs_meanwhile_and_gives_identical_output(small_corpus):
    folder, serial = small_corpus
    calls = []
    background = analyse(folder, use_cache=False, execution=Execution(background=True),
                         meanwhile=lambda: calls.append("prepared"))
    assert calls == ["prepared"]
    assert geojson_text(background.features) == geojson_text(serial.features)


def test_imap_yields_in_input_order_from_worker_processes():
    seen = []
    out = list(Execution(workers=2).imap(pow, range(40), progress=seen.append, exp=2))
    assert out == [i ** 2 for i in range(40)] and seen == list(range(40))


def test_scheduler_address_sends_work_to_a_running_cluster(small_corpus):
    distributed = pytest.importorskip("distributed")
    folder, serial = small_corpus
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        remote = analyse(folder, use_cache=False, execution=Execution(scheduler=cluster.scheduler_address))
    assert geojson_text(remote.features) == geojson_text(serial.features)


def test_the_cache_key_covers_every_curated_data_file_and_analysis_module():
    from geo.build.analysis import _analysis_sources

    root = Path(__file__).resolve().parents[2] / "geo"
    sources = set(_analysis_sources(root))
    assert {f"data/{p.name}" for p in (root / "data").glob("*.csv")} <= sources
    assert {"places/resolve.py", "language/mentions.py", "findings/claims.py", "language/nlp.py",
            "places/gazetteer/index.py", "read/documents.py", "build/analysis.py"} <= sources
    # the map, the exports and the composers run after the cache; recipes change only model files
    assert not any(s.startswith(("present/", "training/", "evaluation/")) for s in sources)


def test_where_an_article_is_published_is_evidence_for_the_build_too():
    from geo.build.analysis import analyse_document
    from geo.model import Document

    text = "Flooding closed schools across Georgia on Tuesday, officials said."

    def where(url):
        doc = Document("a.txt#0", "a.txt", 0, text, url=url, language="en")
        return [(r.place.kind, r.place.country) for r in analyse_document(doc, AnalysisSpec()).resolutions if r.place]

    assert where("https://news.example.ge/1") == [("country", "GE")]
    assert where("https://news.example.us/1") == [("adm1", "US")]   # as `briefmap geoparse` reads it
