"""The curated groupings file: checked rows, each a place the gazetteer knows."""
from geo.datafiles import DATA
from geo.findings.groupings import check_groupings, groupings


def test_the_shipped_file_is_clean_and_its_places_exist():
    ids, problems = check_groupings((DATA / "groupings.csv").read_text(encoding="utf-8"))
    assert not problems and ids == set(groupings())
    regions = (DATA / "regions.csv").read_text(encoding="utf-8")
    assert all(f"\n{i.removeprefix('region:')}," in regions for i in ids)


def test_a_bad_row_is_one_problem_naming_its_line():
    ids, problems = check_groupings("id,name,why,source\nregion:x,X,,https://example.org\n"
                                    "region:y,Y,a bloc,http://example.org\n", "g.csv")
    assert not ids and problems == ["g.csv: line 2: empty why", "g.csv: line 3: source must be an https:// address"]
