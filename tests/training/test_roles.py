"""The shipped role model is what its recipe produces from the data (needs ReLocaR and scikit-learn)."""
import pytest

from geo.training import roles as rt

pytest.importorskip("sklearn")
needs_relocar = pytest.mark.skipif(not rt.RELOCAR.exists(), reason="ReLocaR's training half is not in ../shared/bench")


def test_tagged_lines_give_offsets(tmp_path):
    f = tmp_path / "t.txt"
    f.write_text("# comment\n<met>Lima</met> said no to <lit>Quito</lit>.\n", encoding="utf-8")
    samples = rt.read_tagged(f)
    assert [(s.text[s.start:s.end], s.associative) for s in samples] == [("Lima", True), ("Quito", False)]


def test_a_line_without_tags_is_an_error_naming_it(tmp_path):
    f = tmp_path / "t.txt"
    f.write_text("no tags here\n", encoding="utf-8")
    with pytest.raises(ValueError, match="t.txt:1"):
        rt.read_tagged(f)


def test_split_is_fixed_and_disjoint():
    items = [rt.Sample(str(i), "x", 0, 1, i % 2 == 0) for i in range(50)]
    a, b = rt.split(items), rt.split(items)
    assert a == b and len(a[1]) == 10 and not {s.source for s in a[0]} & {s.source for s in a[1]}


@needs_relocar
def test_shipped_model_is_reproduced_by_its_recipe():
    fresh = rt.dumps(rt.train(log=lambda s: None))
    assert fresh == rt.MODEL_PATH.read_text(encoding="utf-8"), "run python scripts/train_roles.py and commit the model"
