"""The reading memo: each text's language and relative dates, remembered between builds."""
from __future__ import annotations

import gzip
import hashlib
import stat

from geo.read.memo import FILE_NAME, TextMemo


def test_answers_are_remembered_by_text_and_saved_owner_only(tmp_path):
    calls = []
    memo = TextMemo(tmp_path, "code-1")
    assert memo.recall("language", "Ein Text.", lambda: calls.append(1) or ["de", 0.97]) == ["de", 0.97]
    memo.recall("relative", "on Monday they met", lambda: calls.append(1) or ["on Monday"])
    memo.save()
    assert stat.S_IMODE((tmp_path / FILE_NAME).stat().st_mode) == 0o600
    again = TextMemo(tmp_path, "code-1")
    assert again.recall("language", "Ein Text.", lambda: calls.append(1) or ["xx", 0.1]) == ["de", 0.97]
    assert again.recall("relative", "on Monday they met", lambda: calls.append(1) or []) == ["on Monday"]
    assert len(calls) == 2 and not again.problems
    # Other code: nothing applies; the file then keeps only what the last build used.
    other = TextMemo(tmp_path, "code-2")
    assert other.recall("language", "Ein Text.", lambda: ["de", 0.5]) == ["de", 0.5]
    other.save()
    last = TextMemo(tmp_path, "code-2")
    assert last.recall("relative", "on Monday they met", lambda: ["computed"]) == ["computed"]


def test_a_spoilt_memo_is_one_problem_line_and_computed_again(tmp_path):
    for data in (b"not gzip", gzip.compress(b'{"format":"briefmap-reading","schema":1,"salt":"s",'
                                            b'"language":{"k":["en","high"]},"relative":{}}')):
        (tmp_path / FILE_NAME).write_bytes(data)
        memo = TextMemo(tmp_path, "s")
        assert memo.recall("language", "Some text.", lambda: ["en", 0.9]) == ["en", 0.9]
        [(path, message)] = memo.problems
        assert path.endswith(FILE_NAME) and "computed again" in message and "\n" not in message


def test_a_cached_rebuild_detects_no_language_again(tmp_path, monkeypatch, gazetteer):
    import geo.read.detect as detect
    from geo.build.corpus import analyse

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Talks\n\nOfficials met in Lisbon on Monday to sign a port agreement with "
                                  "engineers from Chile, the ministry said in a statement.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Pesca\n\nLos ministros se reunieron el lunes en Lisboa para firmar el "
                                  "acuerdo portuario con ingenieros de Chile.\n", encoding="utf-8")
    first = analyse(folder, cache_dir=tmp_path / "cache")
    calls = []
    real = detect.detect_language
    monkeypatch.setattr(detect, "detect_language", lambda text, **kw: calls.append(text) or real(text, **kw))
    again = analyse(folder, cache_dir=tmp_path / "cache")
    assert calls == [] and again.reused == 2
    assert [d.language for d in again.documents] == [d.language for d in first.documents] == ["en", "es"]
    assert again.notes == first.notes and any("relative date" in n for n in first.notes)


def test_a_memo_written_before_the_offices_kind_still_applies(tmp_path):
    body = (b'{"format":"briefmap-reading","schema":1,"salt":"s","language":{"%s":["de",0.97]},"relative":{}}'
            % hashlib.sha256("Ein Text.".encode()).hexdigest().encode())
    (tmp_path / FILE_NAME).write_bytes(gzip.compress(body))
    memo = TextMemo(tmp_path, "s")
    assert memo.recall("language", "Ein Text.", lambda: ["xx", 0.1]) == ["de", 0.97] and not memo.problems
    assert memo.recall("offices", "spans\nEin Text.", lambda: ["Minister"]) == ["Minister"]
    memo.save()
    assert TextMemo(tmp_path, "s").recall("offices", "spans\nEin Text.", lambda: []) == ["Minister"]


def test_a_cached_rebuild_reads_no_office_again_and_knows_the_same_people(tmp_path, monkeypatch, gazetteer):
    import geo.build.corpus as corpus
    import geo.language.people as people

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Talks\n\nForeign Minister Ana Ruiz of Chile flew to Lisbon on Monday for talks "
                                  "with Rui Costa, the mayor of Porto.\n", encoding="utf-8")
    seen = {}
    real = people.People.add

    def add(self, text, persons, offices=None):
        seen.setdefault("offices", []).append(offices)
        real(self, text, persons, offices)
        seen["register"] = {n: self.lookup(n) for n in self._names}

    monkeypatch.setattr(people.People, "add", add)
    corpus.analyse(folder, cache_dir=tmp_path / "cache")
    first = seen.pop("register")
    calls = []
    monkeypatch.setattr(corpus, "person_offices", lambda *a: calls.append(a) or people.person_offices(*a))
    corpus.analyse(folder, cache_dir=tmp_path / "cache")
    assert calls == [] and seen["register"] == first
    assert {i.name: i.office for i in first.values()}.get("Ana Ruiz") == "Foreign Minister"
