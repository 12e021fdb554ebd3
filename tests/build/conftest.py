import pytest


@pytest.fixture
def corpus(tmp_path):
    """A folder of the incremental tests' articles (tests.build.test_incremental.ARTICLES)."""
    from tests.build.test_incremental import ARTICLES

    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
