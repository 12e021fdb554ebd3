import subprocess
import sys
from pathlib import Path

from geo.language.stopwords import english

ROOT = Path(__file__).resolve().parents[2]


def test_the_words_are_spacys():
    from spacy.lang.en.stop_words import STOP_WORDS

    assert english() == frozenset(STOP_WORDS)


def test_comparing_denials_does_not_import_spacy():
    code = ("import sys; from geo.findings.denials import content_terms; "
            "assert content_terms('The ministry denied sending troops') ; print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
