"""References within an article, on sentences written for these tests (fictional places)."""
from geo.language.reference import country_regions, references
from geo.model import Mention, Place, Resolution, Role, RoleJudgement

FD = Place("country:FD", "Freedonia", 10.0, 10.0, "country", "FD")
SY = Place("country:SY", "Sylvania", 20.0, 20.0, "country", "SY")
OS = Place("country:OS", "Osterlich", 30.0, 30.0, "country", "OS")
ALA = Place("geonames:1", "Port Ala", 10.5, 10.5, "city", "FD")
BASE = Place("site:kor", "Kor Naval Base", 10.4, 10.4, "site", "FD", category="naval-base")
STATION = Place("site:zed", "Zed listening station", 20.4, 20.4, "site", "SY", category="sigint-station")
NAMES = {"Freedonia": FD, "Sylvania": SY, "Osterlich": OS, "Port Ala": ALA, "Kor Naval Base": BASE,
         "Zed station": STATION, "Freedonian": FD, "Sylvanian": SY}
ISLANDS = {"FD"}
REGIONS = {"FD": frozenset({"asian"}), "SY": frozenset({"european"}), "OS": frozenset({"european"})}


def resolve(text: str, names, roles=None):
    """Resolutions for the named spans of ``text`` (each name's first unclaimed occurrence)."""
    out, at = [], 0
    for k, name in enumerate(names):
        start = text.index(name, at)
        at = start + len(name)
        role = None
        if roles and roles[k]:
            role = RoleJudgement(Role(roles[k]), 0.9, "test", "")
        label = "NORP" if name.endswith("ian") else ("FAC" if NAMES[name].kind == "site" else "GPE")
        out.append(Resolution(Mention("d", start, at, name, label, role=role), NAMES[name], 0.9, "test"))
    return out


def refs(text, names, roles=None):
    found = references(text, resolve(text, names, roles), ISLANDS.__contains__, lambda c: REGIONS.get(c, frozenset()))
    return [(r.mention.text, r.place.name) for r in found]


def test_a_facility_word_refers_to_the_last_named_facility_of_its_kind():
    text = "Warships left Kor Naval Base on Monday. Satellite images showed two frigates at the base."
    assert refs(text, ["Kor Naval Base"]) == [("the base", "Kor Naval Base")]


def test_a_facility_word_of_another_kind_refers_to_nothing():
    # a listening station is no port: "the port" has no antecedent here
    text = "Engineers visited the Zed station in May. Fishermen say the port is closed."
    assert refs(text, ["Zed station"]) == []


def test_an_unnamed_facility_gives_its_place():
    text = "Officials said Sylvania wants a naval base in Freedonia. The base would face the strait."
    assert refs(text, ["Sylvania", "Freedonia"]) == [("The base", "Freedonia")]


def test_a_facility_named_by_its_place_after_of_gives_its_place():
    text = "A Sylvanian firm will expand the port of Port Ala. Officials said the port could host warships."
    found = references(text, resolve(text, ["Sylvanian", "Port Ala"]), ISLANDS.__contains__)
    assert [(r.mention.text, r.place.name, r.mention.label) for r in found] == [("the port", "Port Ala", "DESC")]


def test_spanish_facility_descriptions_refer_to_the_facility_introduced_before():
    # "el puerto del ..." introduces the port and names its place; "el puerto" then refers to it
    text = ("Una empresa firmó un acuerdo para modernizar el puerto del Port Ala. Funcionarios afirmaron que "
            "el puerto podría recibir buques de guerra, y que la base naval no existe.")
    assert refs(text, ["Port Ala"]) == [("el puerto", "Port Ala")]


def test_shared_words_pick_the_facility_meant_not_the_nearest():
    text = ("Sylvania plans a joint training centre in Freedonia, officials said. It already has sites such as "
            "the Kor Naval Base. Work on the joint training centre has not begun.")
    assert refs(text, ["Sylvania", "Freedonia", "Kor Naval Base"]) == [("the joint training centre", "Freedonia")]


def test_words_that_only_look_like_facilities_refer_to_nothing():
    text = ("Kor Naval Base reopened. The base of the party is shrinking, and the customer base in Sylvania grew; "
            "the station said the figures were old.")
    assert refs(text, ["Kor Naval Base", "Sylvania"]) == []


def test_there_is_the_last_literal_place_and_not_existential():
    text = "The minister flew to Port Ala on Monday and stayed there for two days. There is no deal yet."
    assert refs(text, ["Port Ala"], ["literal"]) == [("there", "Port Ala")]


def test_there_skips_a_place_named_as_an_actor():
    text = "Talks were held in Port Ala. Sylvania said a deal was signed there."
    assert refs(text, ["Port Ala", "Sylvania"], ["literal", "associative"]) == [("there", "Port Ala")]


def test_the_island_is_the_last_island_country():
    text = "Sylvania is negotiating with Freedonia, and Osterlich wants a port on the island."
    assert refs(text, ["Sylvania", "Freedonia", "Osterlich"]) == [("the island", "Freedonia")]


def test_a_regional_description_is_the_last_country_of_that_region():
    text = "The Osterlich premier flew to Freedonia after Sylvania. It was her first visit to the Asian nation."
    assert refs(text, ["Osterlich", "Freedonia", "Sylvania"]) == [("the Asian nation", "Freedonia")]


def test_the_country_in_its_own_sentence_is_the_nearest_named():
    text = "Freedonia is wary. Some Sylvanian officials say the country's ties with Osterlich are strong."
    assert refs(text, ["Freedonia", "Sylvanian", "Osterlich"]) == [("the country", "Sylvania")]


def test_the_country_after_a_sentence_is_the_first_it_names_by_name():
    text = "Osterlich received the largest Sylvanian loan in years. The country is divided."
    assert refs(text, ["Osterlich", "Sylvanian"]) == [("The country", "Osterlich")]


def test_a_locative_description_prefers_a_literal_country():
    text = "Sylvania keeps troops in Osterlich. Freedonia wants them out of the country."
    assert refs(text, ["Sylvania", "Osterlich", "Freedonia"], ["associative", "literal", "associative"]) == [
        ("the country", "Osterlich")]


def test_the_north_of_the_country_is_the_country_used_literally():
    # "in the north of the country" is locative: the country the troops are in, not the actor
    text = ("Troops arrived in Freedonia on Monday. Diplomats said Sylvania was seeking mines in the north "
            "of the country.")
    assert refs(text, ["Freedonia", "Sylvania"], ["literal", "associative"]) == [("the country", "Freedonia")]
    # far back, beyond the reach of a description, a literal country still beats a near actor
    filler = " The talks went on for hours and nobody spoke to the press about them." * 7
    text = "Troops arrived in Freedonia on Monday." + filler + " Sylvania wants mines in the country."
    assert refs(text, ["Freedonia", "Sylvania"], ["literal", "associative"]) == [("the country", "Freedonia")]


def test_a_list_of_countries_leaves_the_country_unresolved_unless_a_city_tells():
    assert refs("Sylvania and Osterlich signed a pact. The country will send troops.", ["Sylvania", "Osterlich"]) == []
    text = "Sylvania and Freedonia signed a pact. Officials in Port Ala said the country will send troops."
    assert refs(text, ["Sylvania", "Freedonia", "Port Ala"]) == [("the country", "Freedonia")]


def test_regions_come_from_the_installed_country_data():
    assert "asian" in country_regions("VN") and "african" in country_regions("KE")
    assert "caribbean" in country_regions("JM", {"JM"}.__contains__)
    assert "caribbean" not in country_regions("MX", set().__contains__)


def test_the_articles_own_facility_wins_over_examples_listed_as_asides():
    from geo.build.analysis import AnalysisSpec, analyse_document
    from geo.model import Document

    text = ("Russia is talking with Angola about a naval base on the coast of Angola, officials say. "
            "Moscow already runs a port in Syria and a supply point in Sudan. "
            "Once the plant is running, Russian ships could stay off Angola for months, and Angola would earn rent.")
    found = [r for r in analyse_document(Document("d#0", "d", 0, text, language="en"), AnalysisSpec()).resolutions
             if r.mention.detector == "reference" and r.mention.text == "the plant"]
    assert [r.place.name for r in found] == ["Angola"]


def test_an_airstrip_and_a_supply_point_are_facilities_a_description_can_refer_to():
    from geo.build.analysis import AnalysisSpec, analyse_document
    from geo.model import Document

    text = "Engineers are lengthening an airstrip in Benin. Trucks reach the site at night."
    found = [r for r in analyse_document(Document("d#0", "d", 0, text, language="en"), AnalysisSpec()).resolutions
             if r.mention.detector == "reference"]
    assert [(r.mention.text, r.place.name) for r in found] == [("the site", "Benin")]


CAPITALS = {"FD": Place("geonames:2", "Fredville", 10.1, 10.1, "city", "FD"),
            "SY": Place("geonames:3", "Sylvan City", 20.1, 20.1, "city", "SY")}


def capital_refs(text, names, roles):
    found = references(text, resolve(text, names, roles), ISLANDS.__contains__,
                       lambda c: REGIONS.get(c, frozenset()), capital=CAPITALS.get)
    return [(r.mention.text, r.place.name) for r in found if "capital" in r.mention.text]


def test_the_capital_is_the_capital_of_the_country_the_text_is_in_not_of_the_one_that_acts():
    text = ("Protests spread across Freedonia on Monday. Sylvania's deputy minister visited the capital "
            "twice, and the Sylvanian capital sent aid.")
    assert capital_refs(text, ["Freedonia", "Sylvania", "Sylvanian"], ["literal", "associative", "associative"]) == [
        ("the capital", "Fredville"), ("the Sylvanian capital", "Sylvan City")]


def test_the_capital_of_a_named_country_and_the_capital_markets_are_no_reference():
    text = "Banks in Freedonia fell. The capital markets shut, and the capital of Osterlich was calm."
    assert capital_refs(text, ["Freedonia", "Osterlich"], ["literal", "literal"]) == []
    # with no country used literally before it, "the capital" is not guessed
    assert capital_refs("Sylvania said the capital was calm.", ["Sylvania"], ["associative"]) == []
