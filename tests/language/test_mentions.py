import pytest

from geo.language.mentions import MentionFinder
from geo.model import Mention


@pytest.fixture(scope="module")
def finder(gazetteer):
    return MentionFinder(gazetteer)


def texts(mentions):
    return [m.text for m in mentions]


def test_offsets_point_at_the_mention(finder):
    text = "Officials in Havana met envoys from Beijing and the United Arab Emirates."
    mentions, _ = finder.find(text, "d#0")
    assert texts(mentions) == ["Havana", "Beijing", "United Arab Emirates"]
    for m in mentions:
        assert text[m.start:m.end] == m.text


def test_described_facility_becomes_the_curated_site(finder):
    text = "Established sites include a Chinese navy base in Cambodia and a port in Spain."
    mentions, _ = finder.find(text, "d#0")
    (site,) = [m for m in mentions if m.label == "DESC"]
    assert site.text == "a Chinese navy base in Cambodia"
    assert site.query == "site:ream-naval-base"
    # The country inside the description is not also a separate mention.
    assert "Cambodia" not in texts(mentions)


def test_description_needs_the_sites_country(finder):
    mentions, _ = finder.find("They visited a naval base in Norway last year.", "d#0")
    assert not [m for m in mentions if m.label == "DESC"]


def test_demonyms_are_mentions_other_groups_are_not(finder):
    mentions, _ = finder.find("Cuban and Chinese officials met Communist party members.", "d#0")
    assert [m.text for m in mentions if m.label == "NORP"] == ["Cuban", "Chinese"]


def test_abbreviations_and_site_aliases_from_the_gazetteer(finder):
    text = "the UAE and the old station at Lourdes"
    mentions, _ = finder.find(text, "d#0")
    assert "UAE" in texts(mentions) and "Lourdes" in texts(mentions)


def test_a_sea_or_strait_the_ner_calls_an_organisation_is_still_found_whole(finder):
    # "the Bab el-Mandeb" comes back from the NER as an ORG, and "el-Mandeb" is in lower case
    text = "Houthi forces fired at ships passing through the Bab el-Mandeb strait, the navy said."
    mentions, _ = finder.find(text, "d#0")
    assert "Bab el-Mandeb" in texts(mentions)
    assert "Bab" not in texts(mentions)


def test_person_names_are_rejected_with_a_reason(finder):
    text = ("U.S. Secretary of State Antony Blinken met Xi Jinping on Monday. "
            "Blinken later claimed success. Blinken flew home.")
    mentions, rejected = finder.find(text, "d#0")
    assert "Blinken" not in texts(mentions)
    assert all("person" in r.reason for r in rejected)


def test_detectors_can_be_switched_off_to_measure_them(gazetteer):
    text = "Relations with the UAE and Cambodia."
    ner_only = MentionFinder(gazetteer, use_gazetteer=False, use_patterns=False)
    gaz_only = MentionFinder(gazetteer, use_ner=False, use_patterns=False)
    assert {m.detector for m in ner_only.find(text, "d")[0]} <= {"ner"}
    assert {m.detector for m in gaz_only.find(text, "d")[0]} == {"gazetteer"}


def test_embedded_and_discourse_detectors(finder):
    text = ("Flooding hit Gainesville, Florida on Monday. The Gainesville Police Department closed roads, "
            "and Florida State University cancelled classes. Rick Scott visited Gainesville.")
    mentions, rejected = finder.find(text, "d#0")
    by_det = {(m.text, m.start) : m.detector for m in mentions}
    # Every occurrence of the town, one sense per discourse, but the police department's name,
    # which is an organisation's (geo.language.nonplaces).
    assert [t for t, _ in by_det].count("Gainesville") == 2
    assert [r.mention.start for r in rejected if r.reason.startswith("part of an organisation")] == \
        [text.index("Gainesville Police")]
    assert ("Florida", text.index("Florida State")) in by_det     # a place leading a university's name
    assert "Scott" not in [m.text for m in mentions]              # a word of a person named in full


def test_dateline_and_media_names(finder):
    mentions, _ = finder.find("COLUMBUS, Ohio - Reporters from the Xinhua News Agency arrived.", "d#0")
    texts_ = [m.text for m in mentions]
    assert "COLUMBUS" in texts_ and "Xinhua" not in texts_


# -- Spanish -----------------------------------------------------------------------------------
def spanish(finder, text):
    mentions, rejected = finder.find(text, "d#0", language="es")
    assert rejected == []
    for m in mentions:
        assert text[m.start:m.end] == m.text and m.detector == "spanish"
    return [(m.text, m.query) for m in mentions]


def test_spanish_exonyms_get_the_english_name_to_look_up(finder):
    text = "La ministra viajó de Pekín a Estados Unidos y luego a Corea del Sur, según fuentes de EE.UU."
    assert spanish(finder, text) == [("Pekín", "Beijing"), ("Estados Unidos", "United States"),
                                     ("Corea del Sur", "South Korea"), ("EE.UU.", "United States")]


def test_spanish_names_in_the_gazetteer_are_found_whole(finder):
    text = "Los apagones afectaron a Pinar del Río, Matanzas y Santiago de Cuba durante la semana."
    assert spanish(finder, text) == [("Pinar del Río", ""), ("Matanzas", ""), ("Santiago de Cuba", "")]


def test_spanish_sentence_words_titles_and_acronyms_are_not_places(finder):
    text = ("El Gobierno y el Ministerio de Defensa informaron a la ONU. Según la OTAN, "
            "el Presidente no viajó. En Lima hubo protestas.")
    assert spanish(finder, text) == [("Lima", "")]


def test_a_town_inside_a_person_name_is_a_surname_everywhere_in_the_article(finder):
    text = "Raúl Castro recibió al enviado. Castro dijo que el acuerdo con Venezuela es firme."
    assert spanish(finder, text) == [("Venezuela", "")]


def test_a_country_inside_an_organisation_name_is_still_found(finder):
    text = "El Ministerio de Relaciones Exteriores de Cuba lo confirmó en Caracas y Managua."
    assert spanish(finder, text) == [("Cuba", ""), ("Caracas", ""), ("Managua", "")]


def test_dateline_under_a_headline_and_byline_is_a_mention(finder):
    text = ("Port waits for ships\n\nBy Amina Shah, Associated Press\n\n"
            "GWADAR, Pakistan (AP) — Cranes stand idle at the port, officials said.")
    mentions, _ = finder.find(text, "d#0")
    gwadar = [m for m in mentions if m.text == "GWADAR"]
    assert gwadar and gwadar[0].query == "Gwadar"


def test_a_dateline_is_where_the_report_was_filed_a_literal_place(finder):
    from geo.language.roles import assign_roles

    text = "Port waits\n\nHAMBANTOTA, Sri Lanka (Reuters) - Ships idled offshore on Tuesday."
    mentions, _ = finder.find(text, "d#0")
    (dateline,) = [m for m in assign_roles(text, mentions) if m.detector == "dateline"]
    assert dateline.text == "HAMBANTOTA" and dateline.role.role.value == "literal"


def test_an_entity_run_across_a_line_break_does_not_hide_the_dateline(finder):
    from geo.language.nlp import parse

    # Unsplit, the NER reads the headline and the dateline as one ORG "Niger\n\nNIAMEY",
    # and the dateline was then dropped as part of an organisation's name.
    text = "Niger\n\nNIAMEY, Niger (Reuters) - Soldiers patrolled the capital on Friday."
    sdoc = parse(text)
    assert not [e for e in sdoc.ents if "\n" in e.text]
    mentions, rejected = finder.find(text, "d#0", sdoc)
    (dateline,) = [m for m in mentions if m.detector == "dateline"]
    assert dateline.text == "NIAMEY" and dateline.query == "Niamey"
    assert "NIAMEY" not in [r.mention.text for r in rejected]
    assert "Niger" in texts(mentions)


def _norp(text):
    from geo.language.nlp import parse

    sdoc = parse(text)
    assert ("Kidal", "NORP") in [(e.text, e.label_) for e in sdoc.ents]     # the case under test
    return sdoc


def test_a_town_tagged_as_a_group_that_no_detector_takes_is_reported(finder):
    text = "The Kidal talks resumed in Mali on Monday."
    mentions, rejected = finder.find(text, "d#0", _norp(text))
    assert "Kidal" not in texts(mentions)
    (kidal,) = [r for r in rejected if r.mention.text == "Kidal"]
    assert (kidal.mention.start, kidal.mention.label) == (text.index("Kidal"), "NORP")
    assert "NORP" in kidal.reason and "not a demonym" in kidal.reason and "candidate detector gave" in kidal.reason


def test_a_town_tagged_as_a_group_that_the_candidate_detector_takes_is_not_reported(finder):
    text = "Clashes near Kidal, Mali, killed four soldiers."
    mentions, rejected = finder.find(text, "d#0", _norp(text))
    assert [m.detector for m in mentions if m.text == "Kidal"] == ["candidate"]
    assert "Kidal" not in [r.mention.text for r in rejected]


def test_a_group_that_names_no_place_is_not_reported(finder):
    _, rejected = finder.find("Cuban and Chinese officials met Communist party members.", "d#0")
    assert rejected == []


def test_an_unlisted_facility_named_after_its_town_is_the_town(finder):
    # invented: a park, a town hall and a fire station no gazetteer lists
    text = ("Volunteers planted trees at Lubbock Regional Park, and later at Amarillo City Hall. "
            "Permits are at Tyler Fire Station 2 on Broadway.")
    mentions, _ = finder.find(text, "d#0")
    towns = [m for m in mentions if m.detector == "facility-town"]
    assert [m.text for m in towns] == ["Lubbock", "Amarillo", "Tyler"]
    for m in towns:
        assert text[m.start:m.end] == m.text


def test_a_person_tagged_facility_does_not_veto_its_town():
    from types import SimpleNamespace as NS

    from geo.language.mentions import _full_name

    def ent(*words):
        return [NS(text=w, like_num=w.isdigit()) for w in words]

    class Ent(list):
        label_ = "PERSON"

    assert not _full_name(Ent(ent("Dalton", "Fire", "Station", "3")))   # a station's number, not a person's
    assert not _full_name(Ent(ent("Greer", "Station")))
    assert _full_name(Ent(ent("Maria", "Lopez")))


def test_a_compass_word_before_a_place_is_part_of_it(finder):
    # invented: "Northeast Ohio" is no gazetteer entry; "Northeast" alone is no place here
    text = "Storms swept across Northeast Ohio on Monday, a Northeast Ohio problem, officials said."
    mentions, rejected = finder.find(text, "d#0")
    assert "Ohio" in texts(mentions)
    assert "Northeast" not in texts(mentions)
    for m in mentions:
        assert text[m.start:m.end] == m.text


def _ner(text, name, label):
    start = text.index(name)
    return Mention("d#0", start, start + len(name), name, label, "ner")


def test_an_unlisted_name_led_by_a_place_is_that_place(finder):
    # invented; the NER's entities are given, so the test reads this pass alone
    text = ("He was held at the Travis County Jail in Austin, Texas, for citizens of the Province of Ontario, "
            "and the Austin Herald said so.")
    ents = [_ner(text, "Travis County Jail", "FAC"), _ner(text, "Austin", "GPE"), _ner(text, "Texas", "GPE"),
            _ner(text, "Province of Ontario", "GPE"), _ner(text, "Austin Herald", "FAC")]
    out, rejected = finder._facility_towns(text, ents)
    got = {(m.text, m.detector, m.within) for m in out}
    assert ("Travis County", "embedded", "ORG") in got          # a body's name: associative
    assert ("Ontario", "ner", "") in got                        # the division, its role the model's
    assert "Austin Herald" not in {m.text for m in out}
    (outlet,) = rejected
    assert outlet.mention.text == "Austin Herald" and "outlet" in outlet.reason
    for m in out:
        assert text[m.start:m.end] == m.text


def test_a_division_written_with_its_title_is_the_division(finder):
    # invented; the NER tags "Kachin State" an organisation, and its leading name was read as one's
    text = "Military jets bombed a school in Kachin State on Monday, witnesses said."
    mentions, _ = finder.find(text, "d#0")
    (m,) = [m for m in mentions if m.text.startswith("Kachin")]
    assert m.within == ""


def test_a_feature_named_after_a_place_is_left_to_the_resolver(finder):
    text = "Ships crossed the Kerch Strait and anchored in Sevastopol Bay."
    out, rejected = finder._facility_towns(text, [_ner(text, "Kerch Strait", "LOC"), _ner(text, "Sevastopol Bay", "LOC")])
    assert [m.text for m in out] == ["Kerch Strait", "Sevastopol Bay"] and not rejected


def test_two_places_in_one_entity_are_not_a_body_named_after_the_first(finder):
    text = "Crowds gathered in Fort Worth Texas on Monday."
    (m,) = finder._facility_towns(text, [_ner(text, "Fort Worth Texas", "GPE")])[0]
    assert m.text == "Fort Worth Texas" and m.within == ""


def test_a_town_with_its_country_written_after_it_is_taken(finder):
    # the NER tags "Kidal" a group here; "Kidal, in northern Mali" says it is the town
    text = "Troops returned to Kidal, in northern Mali, on Monday."
    mentions, rejected = finder.find(text, "d#0", _norp(text))
    assert [m.detector for m in mentions if m.text == "Kidal"] == ["candidate"]


def test_a_name_the_ner_cuts_in_two_is_one_place(finder):
    # the NER tags "Boa" and "Vista" apart, each GPE; Vista alone is also a Californian town
    text = "Brazil's army said it had reinforced its garrison in Pacaraima, in the state of Roraima, and in Boa Vista."
    found = [m.text for m in finder.find(text, "d#0")[0]]
    assert "Boa Vista" in found and "Vista" not in found and "Boa" not in found


def test_a_one_word_region_the_ner_calls_an_organisation_is_found_with_its_region_word(finder):
    text = "Venezuela ordered a new state covering the Essequibo region. Shell said it would leave."
    found = [m.text for m in finder.find(text, "d#0")[0]]
    assert "Essequibo" in found and "Shell" not in found


def test_a_bare_compass_word_is_the_country_named_so_or_no_place(finder):
    mentions, _ = finder.find("North Korea fired again. The North denied it.", "d#0")
    (north,) = [m for m in mentions if m.text == "North"]
    assert north.query == "North Korea"
    mentions, rejected = finder.find("Storms hit the North and the South on Sunday.", "d#0")
    assert not {"North", "South"} & set(texts(mentions))
    assert {r.mention.text for r in rejected if "compass" in r.reason} == {"North", "South"}
    # in an article about Cameroon the region keeps its reading
    mentions, _ = finder.find("Fighting in the North killed ten, officials in Yaounde said.", "d#0")
    assert "North" in texts(mentions)


def test_a_feature_word_in_lower_case_names_the_curated_feature(finder):
    mentions, _ = finder.find("A checkpoint stood on the Lachin corridor. Boats reached the island of Matsu.", "d#0")
    assert "Lachin corridor" in texts(mentions)
    (matsu,) = [m for m in mentions if m.text == "Matsu"]
    assert matsu.query == "Matsu Islands"


def test_a_sea_the_ner_cuts_in_two_is_joined(finder):
    # the NER returns "Bay of" (LOC) and "Bengal" (GPE) here
    text = ("Indian defence analysts note that the islands sit close to the Preparis Channel, through which "
            "ships pass between the Andaman Sea and the Bay of Bengal, near the approaches to the Strait of Malacca.")
    mentions, _ = finder.find(text, "d#0")
    assert "Bay of Bengal" in texts(mentions)
    assert "Bay of" not in texts(mentions) and "Bengal" not in texts(mentions)
