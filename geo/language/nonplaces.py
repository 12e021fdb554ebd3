"""Names of places that name something else here: vessels, teams, papers, codes, currencies, people.

Ordinary news is full of words that the gazetteer knows as places and that the
sentence uses for something else. Each test below looks at the words right
around the mention (and the NER entity it sits in, when there is one) and
returns the reason the mention is not a place, or None:

* a vessel: ``the submarine Kazan``, ``USS Carl Vinson``, ``the Liaoning carrier group``;
* a code: an all-capital token of two to five letters that only an abbreviation
  table makes a country (``flight UA 857``, ``state TV``, ``IS`` for Islamic
  State), unless it is one news writes for places (``US``, ``UK``, ``UAE``...);
* a currency's country: ``2 billion US dollars``, ``Hong Kong dollars``;
* a publication: ``the Korea Herald``, ``China Daily``, ``the Times of India``, ``the newspaper Granma``;
* a team: ``the Kansas City Chiefs``, ``Real Madrid``, and a country that acts in
  a sentence about a match (``Brazil beat Argentina 2-1``) without a locative
  word before it (``celebrations in Rabat`` stays a place);
* a military unit: ``Africa Corps``, ``Pacific Fleet``;
* an organisation named after the place it serves: ``the New London Police Department``,
  ``Grand Prairie police``, ``the Douglas County Sheriff's Office``, ``Alexandria City Public
  Schools``, ``the Georgia Environmental Protection Division``, and a party or body whose NER
  organisation ends with the name (``United Russia``); a building of the place (``Huntsville High
  School``, ``Gwinnett Medical Center``) is no body and stays, and so does the place in a title
  (``Murmansk Governor``, ``Walker County Judge``), which the role model calls associative;
* a person or a thing named after a place: ``Santiago Pena``, ``Victoria Cross``,
  ``Chelsea Clinton`` (the name continues with a surname-like word inside one
  NER entity), ``Her name is Sofia``, ``Florence told reporters she ...``;
* a generic word: ``the Centre``, ``the Interior``.

Measured on a labelled sample of my own sentences (``training/nonplaces``, split
by ``scripts/split_nonplaces.py``; ``scripts/eval_nonplaces.py`` reports the
figures, README "Place precision"). Rules, not a model: the sample's negatives are
a dozen kinds with a handful of cases each, too few to learn each cue from, and
each cue here is one a reader would state.

>>> from geo.model import Mention
>>> text = "The submarine Kazan docked in Havana."
>>> nonplace_reason(text, Mention("d", 14, 19, "Kazan"), [], lambda n: {"city"})
'a vessel (“submarine Kazan docked”)'
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

_VESSEL_NOUNS = (r"submarine|frigate|destroyer|cruiser|corvette|aircraft carrier|carrier|warship|battleship|"
                 r"ship|vessel|tanker|supertanker|freighter|cargo ship|container ship|bulk carrier|yacht|superyacht|"
                 r"boat|icebreaker|trawler|ferry|liner|tug|dredger|landing ship|patrol ship|research vessel|"
                 r"spy ship|gunboat|minesweeper")
_VESSEL_BEFORE = re.compile(rf"\b(?:{_VESSEL_NOUNS})(?:,)?\s+(?:(?:named|called|dubbed)\s+)?(?:the\s+)?$", re.I)
_VESSEL_PREFIX = re.compile(r"\b(?:USS|USNS|HMS|HMAS|HMCS|HMNZS|INS|RFS|PLANS|FS|MV|M/V|MT|SS|RV|CNS|JS|ROKS|TCG)\s+$")
_VESSEL_AFTER = re.compile(r"^(?:-class|\s+(?:class|carrier group|carrier strike group|strike group|battle group)\b)",
                           re.I)

# Abbreviations news writes for places; any other bare capital code that only the
# abbreviation table makes a country is a code for something else. "PNG" and "NZ" are how news of
# the Pacific writes Papua New Guinea and New Zealand ("until PNG's independence").
PLACE_CODES = {"US", "USA", "UK", "UAE", "DRC", "PRC", "ROC", "DPRK", "ROK", "USSR", "KSA", "EU", "NYC", "DC", "GB",
               "PNG", "NZ"}
_CODE = re.compile(r"[A-Z]{2,5}")

_CURRENCY = re.compile(
    r"^\s+(?:dollars?|yuan|renminbi|francs?|euros?|pounds?(?:\s+sterling)?|rupees?|yen|roubles?|rubles?|pesos?|"
    r"dinars?|riyals?|rials?|dirhams?|won|shekels?|liras?|rand|kron[aeo]r?|reais|real|bolivars?|cedis?|naira|"
    r"shillings?|kwacha|birr|taka|ringgit|baht|dong|rupiah|lei|leu|forints?|zlotys?|hryvnias?|tenge|manat|soms?|"
    r"cents?)\b")

MEDIA = (r"Herald|Times|Daily|Post|Observer|Gazette|Journal|Tribune|Telegraph|Chronicle|Courier|Express|Standard|"
         r"Mail|Star|Monitor|News|Today|Insider|Review|Sun|Mirror|Independent|Examiner|Inquirer|Dispatch|Leader")
# On the same line: a headline's last word and the masthead under it ("... around Africa" /
# "Maritime Daily, ...") are no one name.
_MEDIA_AFTER = re.compile(rf"^[ \t]+(?:[A-Z][\w’'-]+[ \t]+){{0,2}}(?:{MEDIA})\b")
_MEDIA_BEFORE = re.compile(r"\b(?:Times|Voice|Radio|Gazette|Herald|Star|Economic Times) of\s+(?:the\s+)?$")
# "the newspaper Granma", "the state daily Asahi": a paper's common noun right before its name.
_MEDIA_NOUN_BEFORE = re.compile(r"\b(?:newspapers?|magazine|tabloid|broadsheet|(?:the|state|official|party|local)"
                                r"\s+daily|news agency)\s+$", re.I)

_UNIT_AFTER = re.compile(r"^\s+(?:Corps|Fleet|Command|Brigade|Regiment|Battalion|Legion|Army Group)\b(?!\s+of\b)")

# Heads of an organisation's name: the bodies local and national news name after the place they
# serve (police, sheriffs, fire services, school systems, utilities, boards, councils, parties).
# The place in "the Paris Police Department said" is no place of the event: it is the body's name
# (ReLocaR and GeoWebNews call such a place associative or a non-literal modifier). Up to three
# capitalised words may come between ("Alexandria City Public Schools", "Georgia Environmental
# Protection Division"); buildings and campuses (School, Hospital, Center, Fairgrounds) are not
# heads, since the place there is where the building is.
ORG_HEADS = (r"Police|PD|Sheriff['’]?s?\s+(?:Office|Department|Dept\.?)|Sheriff\s+Department|Fire\s+(?:Department|Dept\.?|"
             r"Rescue|District|Service)|Schools|School\s+(?:Board|District|System|Division|Committee)|Board|Council|"
             r"Commission|Committee|Authority|Utilities|Department|Dept\.?|Division|Bureau|Agency|Party|Fed|"
             r"Chamber\s+of\s+Commerce|Association|Society|Attorney['’]s\s+[Oo]ffice|Public\s+Defender['’]s\s+[Oo]ffice|"
             r"Transit|Housing\s+Authority|Water\s+(?:Works|System)|Electoral\s+Commission")
_ORG_AFTER = re.compile(rf"^(?:\s+(?!(?:{ORG_HEADS})\b)[A-Z][\w’'&.-]*){{0,3}}\s+(?:{ORG_HEADS})(?![\w’'-])")
# A place's own force or service in lower case: "Grand Prairie police", "Richmond County sheriff's deputies".
_BODY_AFTER = re.compile(r"^\s+(?:police|sheriff['’]s\s+(?:office|department|deputies|report)|fire\s+department|"
                         r"school\s+(?:board|district|system))\b")
# A place that ends an NER organisation after capitalised words is the organisation's name
# ("United Russia", "Team USA"); a qualifier before it keeps the place ("North Korea", "Communist China").
_QUALIFIERS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "new",
               "greater", "upper", "lower", "mainland", "communist", "soviet", "imperial", "nationalist", "red",
               "great", "little", "old", "downtown", "metropolitan", "rural", "inner", "outer", "the", "all",
               "democratic", "people's", "people’s", "republic", "federal", "socialist", "islamic", "arab"}


_CLUB_BEFORE = re.compile(r"\b(?:Real|Inter|Atletico|Atlético|Sporting|Dynamo|Dinamo|Spartak|Lokomotiv|Olympique|"
                          r"Borussia|Bayern|Racing|Deportivo|Athletic|Red Bull|AC|FC|AS|SS|SC)\s+$")
_CLUB_AFTER = re.compile(r"^\s+(?:United|FC|F\.C\.|Rovers|Wanderers|Athletic|Hotspur|Albion|Rangers|Celtic|"
                         r"Argonauts|Alouettes)\b")
# "the Kansas City Chiefs", "the Chicago Bulls": "the", a place, then a capitalised plural, a team's nickname.
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
COMMON_PLURALS = {"Farms", "Neighbors", "Neighbours", "Apartments", "Homes", "Schools", "Industries", "Services",
                  "Systems", "Partners", "Associates", "Brothers", "Sisters", "Friends", "Citizens", "Residents",
                  "Veterans", "Democrats", "Republicans", "Communities", "Churches", "Studios", "Motors", "Census",
                  "Commissioners", "Supervisors", "Trustees", "Police", "Schools", "Courts", "Offices", "Works",
                  "Utilities", "Lines", "Markets", "Stores", "Hotels", "Games", "Awards", "Ventures", "Foods", "Arts",
                  "Sciences", "Humanities"}
# The nickname goes on into the sentence in lower case: "Cuba China Makes Official ..." is a headline.
_NICKNAME_AFTER = re.compile(r"^\s+(?:[A-Z][a-z]+\s+)?(?P<nick>[A-Z][a-z]+s)(?:’|')?\s+[a-z]")
PLURAL_PLACE_WORDS = {"Islands", "States", "Emirates", "Mountains", "Falls", "Heights", "Springs", "Hills", "Plains",
                      "Lakes", "Keys", "Rapids", "Sands", "Isles", "Highlands", "Lowlands", "Territories", "Provinces",
                      "Straits", "Narrows", "Downs", "Fields", "Gardens", "Towers", "Docks", "Shoals", "Reefs", "Times",
                      "News", "Airways", "Airlines", "Forces", "Ministries", "Affairs", "Armed", "Defence", "Defense",
                      "Ports", "Railways", "Waters", "Glades", "Woods", "Banks", "Cays", "Atolls", "Ghats", "Alps",
                      "Andes", "Rockies", "Pyrenees", "Balkans", "Americas", "Philippines", "Maldives", "Seychelles",
                      "Comoros", "Bahamas", "Netherlands", "Embassies", "Consulates", "Officials", "Authorities",
                      "Relations", "Talks"}
# A sentence is about a match when it has a score, one word only sport uses, or two
# words that sport uses often ("beat", "players", "fans") and politics now and then.
_SCORE = re.compile(r"(?<![\d/-])\b\d{1,2}\s*[-–]\s*\d{1,2}\b(?![-/]\d)(?!\s*(?:years?|months?|days?|km|miles|per|%|votes?))")
_SPORT_ONLY = re.compile(
    r"\b(?:World Cup|Olympics?|Olympic Games|Euro \d{4}|Copa America|Copa América|striker|goalkeeper|midfielder|"
    r"defender|semi-finals?|quarter-finals?|group stage|penalty shoot-?out|on penalties|Super Bowl|rugby|cricket|"
    r"football|soccer|basketball|ice hockey|innings|wickets?|kick-?off|scored (?:twice|a goal|\d)|hat-trick)\b")
_SPORT_WORDS = re.compile(
    r"\b(?:beat|beats|beating|drew|draw with|knock(?:s|ed)? out|defeated|lost to|losing to|thrashed|qualif(?:y|ied|ies)|"
    r"coach|tournament|squad|scored|goals?|players|fans|stadium|match|matches|final|league|cup|title|champions?)\b")
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
# A team is the subject or the object of the match itself: "Brazil beat", "lost to Spain", "against Ghana".
_MATCH_AFTER = re.compile(
    r"^(?:’s|'s)?\s+(?:beat|beats|drew|defeated|knocked out|lost|thrashed|edged|qualified|won|will face|face[sd]?|"
    r"had played|played|scored|players|team|squad|coach|fans|supporters)\b")
_MATCH_BEFORE = re.compile(
    r"\b(?:beat|beating|beats|against|drew with|draw with|lost to|losing to|loss to|knocked out|defeated|defeating|"
    r"face|faces|facing|over|and|with|to|v|vs\.?)\s+$")
_SENTENCE_REACH = 300


_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|inside|across|around|throughout|from|into|across|off|on|of|via|towards?|"
    r"(?:travel(?:led|ed|s)?|fl(?:y|ew|ies)|return(?:ed|s|ing)?|go(?:es|ing)?|went|head(?:ed|ing|s)?|"
    r"mov(?:e|ed|es|ing)|arriv(?:e|ed|es|ing)|back|trip|visit|way) to)\s+(?:the\s+)?$", re.I)

# Words that continue an organisation's or a place's name after a place ("Ohio State University",
# "Gainesville Police"): a name continued by one other capitalised word is a person's or a thing's.
ORG_WORDS = {"University", "College", "School", "Institute", "Council", "Police", "Department", "Ministry", "Bank",
             "Airport", "Port", "Company", "Corporation", "Group", "Party", "Province", "Region", "County", "State",
             "City", "District", "Government", "Authority", "Agency", "Office", "Embassy", "Consulate", "Parliament",
             "Assembly", "Senate", "Court", "Museum", "Library", "Hospital", "Zoo", "Park", "Stadium", "Station",
             "Street", "Road", "Avenue", "Square", "Bridge", "Bay", "Harbour", "Harbor", "Island", "Islands", "River",
             "Lake", "Sea", "Gulf", "Strait", "Coast", "Valley", "Mountains", "Forest", "Desert", "Peninsula",
             "Canal", "Dam", "Base", "Camp", "Fort", "Centre", "Center", "Chamber", "Club", "Society", "Foundation",
             "Association", "Federation", "Union", "League", "Commission", "Committee", "Board", "Navy", "Army",
             "Guard", "Air", "Airlines", "Airways", "Railway", "Railways", "Metro", "Energy", "Oil", "Gas", "Power",
             "Steel", "Telecom", "Mining", "Holdings", "Trust", "Fund", "Exchange", "Market", "Church", "Cathedral",
             "Mosque", "Temple", "Palace", "Hall", "Tower", "Castle", "Village", "Town", "Township", "Municipality",
             "Prefecture", "Oblast", "Governorate", "Emirate", "Republic", "Kingdom", "Federal", "National",
             "International", "Times", "Post", "News", "Herald", "Daily", "Press", "Summit", "Accord", "Agreement",
             "Declaration", "Initiative", "Forum", "Conference", "Treaty", "Pact", "Protocol"}
# Words after a town's name that make it a job, a facility or a road, not a person's first name.
TITLE_WORDS = {"Selectman", "Selectmen", "Mayor", "Councilman", "Councilwoman", "Sheriff", "Policemen", "Police",
               "Officials", "Governor", "Senator", "Native", "Natives", "Resident", "Residents", "Route", "Highway",
               "Boulevard", "Avenue", "Lane", "Drive", "Place", "Hotel", "Motel", "Inn", "Jail", "Courthouse",
               "Fairgrounds", "Mound", "Monumental", "Assumption", "Fed", "Emergency", "Community", "Central",
               "Circuit", "Restoration", "Cross", "Memorial", "Farms", "Council", "Township", "High", "Middle",
               "Elementary", "Academy", "Regional", "Medical", "General", "Public", "Water", "Fire", "Rescue",
               "House", "Senate", "Legislature", "Delegation"}
ROAD_ABBREVIATIONS = {"St", "Ave", "Rd", "Blvd", "Dr", "Ln", "Hwy", "Pl", "Ct", "Sq", "Mt", "Pkwy", "Cir", "Ter"}
_PERSON_CONTINUES = re.compile(r"^\s+(?P<next>[A-Z][a-z][\w’'-]*)(?P<after>’s|'s)?")
_NAMED = re.compile(r"\b(?:[Nn]ame is|[Dd]aughter|[Ss]on|[Ww]ife|[Hh]usband|[Mm]other|[Ff]ather|"
                    r"[Ss]ister|[Bb]rother)\s+$")
_SPEAKS_AS_PERSON = re.compile(r"^\s+(?:said|says|told|tells|added|explained|recalled|wrote)\b[^.;]{0,40}?"
                               r"\b(?:she|he|her|his|herself|himself)\b")
GENERIC_NOUNS = {"Centre", "Center", "Interior", "Capital", "Coast", "Mission", "Union", "Commonwealth", "Republic",
                 "Kingdom", "Federation", "Territory", "Continent", "Mainland", "Island", "Homeland", "Frontier"}

NAME_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "FAC"}


def nonplace_reason(text: str, mention, entities: Iterable[tuple[int, int, str]],
                    kinds: Callable[[str], set[str]], own_name: Callable[[str], bool] = lambda n: False) -> str | None:
    """Why ``mention`` of ``text`` is not a place here, or None if nothing says so.

    ``entities`` are the NER's (start, end, label) spans; ``kinds(name)`` the
    gazetteer kinds a name can be; ``own_name(name)`` whether a place is called
    exactly that (not only by abbreviation).
    """
    start, end, name = mention.start, mention.end, mention.text
    if mention.label in ("DESC", "NORP") or mention.query.startswith("site:"):
        return None
    before, after = text[max(0, start - 60):start], text[end:end + 60]
    if _VESSEL_BEFORE.search(before) or _VESSEL_PREFIX.search(before) or _VESSEL_AFTER.match(after):
        return f"a vessel (“{_cue(before, name, after)}”)"
    if _CODE.fullmatch(name) and name not in PLACE_CODES and not own_name(name):
        return f"a code, not a place abbreviation (“{_cue(before, name, after)}”)"
    if _CURRENCY.match(after):
        return f"names a currency (“{_cue(before, name, after)}”)"
    if _MEDIA_AFTER.match(after) or _MEDIA_BEFORE.search(before) or _MEDIA_NOUN_BEFORE.search(before):
        return f"part of a publication's name (“{_cue(before, name, after)}”)"
    if _UNIT_AFTER.match(after):
        return f"part of a military unit's name (“{_cue(before, name, after)}”)"
    # A country's own bodies ("the US State Department", "China Coast Guard") are the country
    # acting, an actor the map keeps; a town's or a county's police or school board is not.
    national = bool(kinds(name) & {"country", "continent"})
    if (not national and (_ORG_AFTER.match(after) or _BODY_AFTER.match(after))) or \
            _ends_organisation(text, start, end, entities) or _named_for_country(name, kinds, own_name):
        return f"{ORGANISATION} (“{_cue(before, name, after)}”)"
    if _CLUB_BEFORE.search(before) or _CLUB_AFTER.match(after):
        return f"part of a team's name (“{_cue(before, name, after)}”)"
    nick = _NICKNAME_AFTER.match(after)
    if (nick and _THE_BEFORE.search(before) and nick.group("nick") not in PLURAL_PLACE_WORDS | COMMON_PLURALS
            and not kinds(f"{name}{after[:nick.end('nick')]}")):
        return f"part of a team's name (“{_cue(before, name, after)}”)"
    if name in GENERIC_NOUNS and re.search(r"\bthe\s+$", before, re.I):
        return f"a generic word (“the {name}”), not a place's name"
    place_kinds = kinds(name)
    hyphened = _HYPHENED_NAME.match(after)
    if hyphened and not (kinds(hyphened.group("part")) or kinds(f"{name}-{hyphened.group('part')}")
                         or kinds(f"{hyphened.group('part')} {hyphened.group('surname')}")):
        # "Yunus-Bek Yevkurov": the NER cut a hyphened first name and took its first half for a
        # place (Khan Yunis); "Dallas-Fort Worth", "Guinea-Bissau" are places and stay
        return f"part of the name “{name}{after[:hyphened.end()]}”"
    if "country" not in place_kinds and "continent" not in place_kinds:
        person = _person_like(text, start, end, entities, after)
        if person:
            return person
        if _NAMED.search(before) or _SPEAKS_AS_PERSON.match(after):
            return f"a person's name (“{_cue(before, name, after)}”)"
    if ((_MATCH_BEFORE.search(before) or _MATCH_AFTER.match(after)) and _sport_sentence(text, start, end)
            and not _LOCATIVE_BEFORE.search(before)):
        return f"a team in a sentence about sport (“{_cue(before, name, after)}”)"
    return None


ORGANISATION = "part of an organisation's name"
# A hyphened first name and a surname after the mention: "-Bek Yevkurov".
_HYPHENED_NAME = re.compile(r"-(?P<part>[A-Z][a-z]+)\s+(?P<surname>[A-Z][a-z]+)\b")


def _ends_organisation(text: str, start: int, end: int, entities) -> bool:
    """An NER organisation of capitalised words ends with the mention: "United Russia"."""
    for s, e, label in entities:
        if label != "ORG" or e != end or s >= start:
            continue
        words = text[s:start].split()
        if words and all(w[:1].isupper() for w in words) and words[-1].casefold() not in _QUALIFIERS \
                and words[0].casefold() not in _QUALIFIERS:
            return True
    return False


def _named_for_country(name: str, kinds, own_name) -> bool:
    """A capitalised word before a country's name, the whole no place's own name: "United Russia",
    "Team USA" (the NER sometimes tags the whole a place)."""
    words = name.split()
    # "Maday Island" is an island: a place word that some country is also called in another
    # language ("Island", Iceland's own name) ends a place's name, not a party's.
    return (len(words) >= 2 and words[0][:1].isupper() and words[0].casefold() not in _QUALIFIERS
            and words[-1] not in ORG_WORDS | PLURAL_PLACE_WORDS | GENERIC_NOUNS
            and "country" in kinds(" ".join(words[1:])) and not own_name(name))


def _person_like(text: str, start: int, end: int, entities, after: str) -> str | None:
    """The mention opens a name that goes on with one surname-like word inside one NER entity."""
    follow = _PERSON_CONTINUES.match(after)
    if (not follow or follow.group("next") in ORG_WORDS | TITLE_WORDS or follow.group("next") in PLURAL_PLACE_WORDS
            or follow.group("next") in ROAD_ABBREVIATIONS | COMMON_PLURALS or " " in text[start:end]):
        return None
    next_end = end + follow.end("next")
    for s, e, label in entities:
        if label in NAME_LABELS and label != "FAC" and s <= start and e >= next_end:
            words = re.findall(r"[A-Z][\w’'-]*", text[end:e])
            if len(words) == 1:
                return f"part of the name “{text[start:next_end]}” ({label})"
    return None


def _sport_sentence(text: str, start: int, end: int) -> bool:
    """The sentence around the mention is about a match (see ``_SCORE``, ``_SPORT_ONLY``, ``_SPORT_WORDS``)."""
    lo = max(0, start - _SENTENCE_REACH)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    left = ends[-1] if ends else lo
    stop = _SENTENCE_END.search(text, end, end + _SENTENCE_REACH)
    sentence = text[left:stop.start() if stop else min(len(text), end + _SENTENCE_REACH)]
    scores = [m for m in _SCORE.finditer(sentence) if not re.search(r"\bvot\w*\s+$|\bruled\s+$",
                                                                      sentence[max(0, m.start() - 12):m.start()])]
    if scores or _SPORT_ONLY.search(sentence):
        return True
    return len({w.lower() for w in _SPORT_WORDS.findall(sentence)}) >= 2


def _cue(before: str, name: str, after: str) -> str:
    """A few words around the mention, for the reason shown in the unresolved report."""
    lead = " ".join(before.split()[-1:])
    tail = " ".join(after.split()[:1]).rstrip(".,;:")
    return " ".join(p for p in (lead, name, tail) if p)
