"""The denials file format (geo/evaluation/denials.py)."""
import pytest

from geo.evaluation.denials import parse_blocks


def test_blocks_of_one_and_two_articles():
    text = ("# a comment\ndenies\nDaily | A claim. A denial.\n\n"
            "unrelated\nDaily | A claim.\nWeekly | A denial of something else.\n")
    blocks = parse_blocks(text)
    assert [(b.denies, len(b.articles), b.line) for b in blocks] == [(True, 1, 2), (False, 2, 5)]
    assert blocks[1].articles[1] == ("Weekly", "A denial of something else.")


@pytest.mark.parametrize("text", ["denies\n\n", "same\nDaily | x.\n", "denies\nDaily x.\n",
                                  "denies\nA | x.\nB | y.\nC | z.\n"])
def test_a_malformed_block_names_its_line(text):
    with pytest.raises(ValueError, match="line 1"):
        parse_blocks(text)
