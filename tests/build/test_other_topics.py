"""A folder on another topic than the seeds (naval news around the Red Sea, written for this test):
what the map must read right in it, end to end."""
import pytest

from geo.build.corpus import analyse

ARTICLES = {
    "01_port_call.txt": (
        "Russian frigate calls at Eritrean port\n"
        "Horn Observer, 20 February 2024\n\n"
        "The Russian navy frigate Admiral Makarov docked at the Eritrean port of Massawa on Tuesday for a "
        "three-day visit, the Russian embassy in Asmara said.\n\n"
        "The Eritrean information ministry dismissed reports that it had offered Moscow a permanent base.\n"),
    "02_strait.txt": (
        "Warships escort convoys through the strait\n"
        "By Staff Reporter | Gulf Ledger | 12 January 2024\n\n"
        "Militia forces fired drones at cargo ships passing through the Bab el-Mandeb strait on Friday, "
        "the navy said.\n\n"
        "US aircraft fly from Camp Lemonnier in Djibouti. Officials said drones flying from the camp had "
        "tracked the launches.\n"),
    # The Pacific and the Himalaya: islands with namesakes, a report denied in its own sentence, a
    # distance measured from a far place, "that year".
    "03_atoll.txt": (
        "Airstrip plan stirs concern\n"
        "Island Ledger, 2 April 2024\n\n"
        "Engineers surveyed the runway on Kanton Island, a remote atoll in the Phoenix Islands. "
        "Lawmakers warned that a long runway on Kanton, about 3,000 kilometres south-west of Hawaii, could "
        "take bombers.\n\n"
        "In 2018, media reported that Beijing had approached Vanuatu about a military presence, a claim both "
        "governments denied at the time.\n"),
    "04_border.txt": (
        "Border patrols resume\n"
        "Frontier Ledger, 22 October 2024\n\n"
        "The standoff began in May 2020 when soldiers clashed near Pangong Tso. In June of that year twenty "
        "soldiers died in the Galwan Valley, the first time in decades.\n"),
    # Korea, the Taiwan Strait and the Caucasus: "the North", islands written with their word in lower
    # case, a corridor, and a country whose province has its name.
    "05_islands.txt": (
        "Shells land near border islands\n"
        "Harbour Ledger, 5 January 2024\n\n"
        "North Korea fired artillery near the sea border on Friday. Yeonpyeong was shelled by the North "
        "in November 2010.\n\n"
        "Coast guard ships circled the island of Matsu and sailed near Keelung, Kaohsiung and Taiwan.\n\n"
        "Azerbaijan set up a checkpoint on the Lachin corridor in April.\n"),
}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("redsea")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return analyse(folder, use_cache=False)


def _at(result, needle):
    return [f for f in result.findings if any(needle in s.sentence for s in f.sources)]


def test_the_masthead_and_the_byline_date_each_article(result):
    # "on Tuesday" and "on Friday" are dated from the day the masthead line or the byline gives
    (call,) = _at(result, "docked at the Eritrean port")
    (attack,) = _at(result, "Bab el-Mandeb")
    assert (call.sources[0].event_date, attack.sources[0].event_date) == ("2024-02-20", "2024-01-12")
    # the headline above the masthead is no claim
    assert not _at(result, "Warships escort convoys")


def test_a_port_call_is_placed_at_the_port_not_at_the_embassy_that_reports_it(result):
    (call,) = _at(result, "docked at the Eritrean port")
    assert call.locus is not None and call.locus.name == "Massawa"
    assert all(v.destination.name != "Asmara" for v in result.visits)


def test_a_strait_the_ner_calls_an_organisation_is_the_finding_s_place(result):
    (attack,) = _at(result, "Bab el-Mandeb")
    assert attack.locus is not None and attack.locus.kind == "water" and "Mandeb" in attack.locus.name


def test_the_camp_is_the_camp_named_in_the_sentence_before(result):
    (tracked,) = _at(result, "flying from the camp")
    assert tracked.locus is not None and tracked.locus.name == "Camp Lemonnier"


def test_who_dismissed_the_reports_is_the_ministry_without_the_verb(result):
    (denial,) = _at(result, "dismissed reports")
    assert denial.sources[0].attribution == "The Eritrean information ministry"


def test_an_atoll_is_neither_its_namesake_city_nor_the_far_place_it_is_measured_from(result):
    (survey,) = _at(result, "surveyed the runway")
    (warning,) = _at(result, "long runway on Kanton")
    assert survey.locus is not None and survey.locus.name == "Kanton Island"
    assert warning.locus is not None and warning.locus.name == "Kanton Island"


def test_a_report_denied_in_its_own_sentence_is_disputed_and_joins_no_other_article(result):
    (report,) = _at(result, "a claim both governments denied")
    assert [s.stance.value for s in report.sources] == ["asserts", "denies"]
    assert report.status == "disputed" and {s.doc_id.split("#")[0] for s in report.sources} == {"03_atoll.txt"}
    (galwan,) = _at(result, "died in the Galwan Valley")
    assert all("Vanuatu" not in s.sentence for s in galwan.sources)


def test_that_year_is_the_year_the_sentence_before_names(result):
    (galwan,) = _at(result, "died in the Galwan Valley")
    assert galwan.sources[0].event_date == "2020-06"


def test_the_north_is_the_korea_the_article_names_and_islands_are_the_islands(result):
    (shelled,) = _at(result, "Yeonpyeong was shelled")
    assert shelled.locus is not None and shelled.locus.name == "Yeonpyeong Island"
    north = [c for f in result.findings for c in f.places if c.mention.text == "North"]
    assert north and {c.place.name for c in north} == {"North Korea"}
    (circled,) = _at(result, "the island of Matsu")
    names = {c.mention.text: c.place for c in circled.places}
    assert names["Matsu"].name == "Matsu Islands"          # not Matsue, Japan
    assert names["Taiwan"].kind == "country"               # not Taiwan Province, drawn at Taipei


def test_a_corridor_written_in_lower_case_is_found_whole(result):
    (checkpoint,) = _at(result, "Lachin corridor")
    assert checkpoint.locus is not None and checkpoint.locus.name == "Lachin corridor"
