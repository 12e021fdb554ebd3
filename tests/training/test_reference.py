"""The shipped facility-antecedent ranker is what its recipe fits from the labelled articles."""
import pytest

from geo.training import reference as rt

pytest.importorskip("sklearn")


def test_markup_gives_offsets_and_gold():
    import tempfile
    from pathlib import Path

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write("# note\nA base in Ruritania. [[The base|Ruritania]] is new.\n\nNo [[site|-]] here.\n")
    (text, gold), (_, none) = rt.paragraphs(Path(fh.name))
    assert text[gold[0][0]:gold[0][1]] == "The base" and gold[0][2] == {"Ruritania"} and none[0][2] == set()


def test_shipped_model_is_reproduced_by_its_recipe():
    fresh = rt.dumps(rt.train(log=lambda s: None))
    assert fresh == rt.MODEL_PATH.read_text(encoding="utf-8"), "run python scripts/train_reference.py and commit"
