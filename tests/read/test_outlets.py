"""The curated outlet profiles: every row valid and sourced; bad rows reported by line."""
from importlib import resources

from geo.read.outlets import check_outlets, profile_of


def test_every_shipped_row_passes_the_schema():
    text = resources.files("geo").joinpath("data", "outlets.csv").read_text(encoding="utf-8")
    rows, problems = check_outlets(text)
    assert problems == [] and len(rows) == text.count("\n") - 1


def test_bad_rows_are_reported_with_their_line():
    text = ("id,name,aliases,country,kind,description,source\n"
            "a,A News,,XX,newspaper,d,https://x.org\n"
            "b,B News,,US,tabloid,d,https://x.org\n"
            "c,C News,,US,newspaper,d,http://x.org\n"
            "d,,,US,newspaper,d,https://x.org\n"
            "e,E News,,US,newspaper,d,https://x.org\n"
            "e,E2,,US,newspaper,d,https://x.org\n")
    rows, problems = check_outlets(text, "o.csv")
    assert [o.id for o, _ in rows] == ["e"]
    assert [p.split(":")[1].strip() for p in problems] == ["line 2", "line 3", "line 4", "line 5", "line 7"]


def test_names_and_aliases_match_whole_words_only():
    assert profile_of("Xinhua").kind == "state media"
    assert profile_of("The Associated Press").id == "ap"
    assert profile_of("Apple Daily") is None
    assert profile_of("") is None


def test_profiles_cover_wires_think_tanks_and_broadcasters_abroad():
    assert profile_of("Bloomberg").id == "bloomberg" and profile_of("Bloomberg").kind == "wire service"
    assert profile_of("RAND Corporation").kind == "think tank"
    assert profile_of("Deutsche Welle").kind == "international broadcaster"
    assert profile_of("El País").country == "ES"
