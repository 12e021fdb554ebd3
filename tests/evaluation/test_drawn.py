"""The drawn-mentions scorer (geo/evaluation/drawn.py) and its labels file."""
import pytest

from geo.evaluation import drawn as dr
from geo.evaluation.geoparsing import Article, half_of


def test_shipped_labels_parse_and_count():
    labels = dr.read_labels()
    assert len(labels) > 150
    assert {x.docid for x in labels} and all(x.start < x.end for x in labels)
    # Every article of the labels is in LGL's held-out half (no model was fitted on it).
    assert all(half_of(x.docid) != "dev" for x in labels)
    s = dr.shares(labels)
    assert 0 < s["real_places"]["share"] <= 1 and s["drawn"] == sum(x.drawn for x in labels)


def test_shares_divide_by_drawn_mentions_and_recall_by_literal_places():
    rows = [dr.Label("1", 0, 5, "Paris", True, True, True),
            dr.Label("1", 9, 14, "Dodge", False, None, None),
            dr.Label("1", 20, 26, "Ottawa", True, False, True),
            dr.Label("1", 30, 35, "Lyons", True, True, None, drawn=False)]
    s = dr.shares(rows)
    assert s["drawn"] == 3
    assert (s["real_places"]["n"], s["literal"]["n"], s["within_161km"]["n"]) == (2, 1, 2)
    assert s["within_161km_of_real_places"]["share"] == 1.0
    assert s["literal_places_drawn"] == {"n": 1, "of": 2, "share": 0.5}


def test_a_bad_label_names_the_file_and_row(tmp_path):
    path = tmp_path / "labels.tsv"
    path.write_text("\t".join(dr.COLUMNS) + "\n1\t0\t5\tParis\ty\tmaybe\ty\ty\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"labels.tsv: row 2: expected y, n or -"):
        dr.read_labels(path)
    path.write_text("docid\tstart\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        dr.read_labels(path)


def test_selection_is_fixed_and_held_out_only():
    arts = [Article(str(40000000 + i), "", "") for i in range(200)]
    first = dr.select_articles(arts, n=10)
    assert [a.docid for a in first] == [a.docid for a in dr.select_articles(list(reversed(arts)), n=10)]
    assert all(half_of(a.docid) != "dev" for a in first)


def test_the_second_sample_follows_the_first_in_the_same_order():
    arts = [Article(str(40000000 + i), "", "") for i in range(200)]
    second = dr.sample_articles(arts, "second")
    assert [a.docid for a in second] == [a.docid for a in dr.select_articles(arts, 50)[30:]]
    assert not {a.docid for a in second} & {a.docid for a in dr.sample_articles(arts, "first")}


def test_the_third_sample_follows_the_second_in_the_same_order():
    arts = [Article(str(40000000 + i), "", "") for i in range(200)]
    third = dr.sample_articles(arts, "third")
    assert [a.docid for a in third] == [a.docid for a in dr.select_articles(arts, 80)[50:]]
    earlier = {a.docid for s in ("first", "second") for a in dr.sample_articles(arts, s)}
    assert len(third) == 30 and not {a.docid for a in third} & earlier


def test_every_label_file_reads():
    for _, _, path in dr.SAMPLES.values():
        rows = dr.read_labels(path)
        assert rows and all(x.literal is None for x in rows if not x.place)


def test_the_map_view_keeps_a_findings_locus_not_the_actors_who_speak():
    text = ("Officials in Moscow said on Tuesday that a new radar station had been built in Kaliningrad. "
            "Warsaw protested the move.")
    got = dr.map_mentions(Article("77", "", text), also_named=False)
    assert [m["text"] for m in got] == ["Kaliningrad"]
    assert got[0]["role"] == "literal" and got[0]["docid"] == "77"
    # the map also draws the other literal place as an "Also named" dot; never the actor Warsaw
    got = dr.map_mentions(Article("77", "", text))
    assert [(m["text"], m["layer"]) for m in got] == [("Moscow", "_named"), ("Kaliningrad", got[1]["layer"])]
    assert got[1]["layer"] != "_named"
