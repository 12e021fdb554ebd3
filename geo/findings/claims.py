"""Join resolved places to the claims a document makes about them.

A claim is the verbatim sentence around a mention, with who asserts it, its
status (reported, denied, confirmed, alleged) and the date of the event it
describes. The cues are English and Spanish ("negó", "desmintió", "confirmó",
"según", "afirmó", "dijo el ministro", "habría construido"). One claim per (sentence, place): a sentence naming Havana twice
says one thing about it.

Example
-------
>>> attribution_of("According to the WSJ, citing officials, talks began.")
'According to the WSJ, citing officials'
>>> status_of("Both China and Cuba denied the report's claims.")
('denied', 'denied')
>>> status_of("La cancillería desmintió el informe."), attribution_of("Según el diario Granma, la visita fue un éxito.")
(('denied', 'desmintió'), 'Según el diario Granma')
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Sequence

from geo.language.dates import find_event_date, year_before
from geo.language.nlp import doc_text
from geo.model import Claim, Document, Resolution
from geo.read.provenance import dateline_length, provenance_lines
from geo.spans import span_finder

SAY_VERBS = (r"said|says|told|tells|reported|reports|has reported|have reported|claimed|claims|warned|warns|"
        r"stated|states|added|adds|observed|writes|wrote|points out|pointed out|revealed|reveals|quoted|"
        r"assured|asserted|confirmed|have confirmed|has confirmed|denied|announced|noted|believe|believes|"
        r"suggests|estimated|"
        # Spanish: the press of Cuba, Venezuela, Mexico... ("dijo", "afirmó", "negó", "según")
        r"dijo|dice|dicen|dijeron|afirmó|afirma|afirman|aseguró|asegura|declaró|declara|señaló|señala|"
        r"indicó|informó|informa|reveló|advirtió|sostuvo|explicó|añadió|agregó|denunció|acusó|anunció|"
        r"confirmó|confirman|confirmaron|negó|niega|niegan|negaron|desmintió|reconoció|publicó|reportó|"
        r"afirmaron|aseguraron|declararon|señalaron|indicaron|informaron|advirtieron|denunciaron|anunciaron|"
        r"explicaron|sostuvieron|revelaron|desmintieron|rechazaron")
_ACCORDING = re.compile(r"\b(?:[Aa]ccording to|[Ss]egún|[Dd]e acuerdo con)\s+(?:[^,.;:!?\"“”«»]+?)"
                        r"(?:,\s*(?:citing|which cited|who cited|citando a|que citó a)\s+[^,.;:!?\"“”«»]+)?(?=[,.;:!?\"“”«»]|$)")
# The asserting phrase: from a clause boundary (sentence start, quote, comma,
# "that", "and") up to the verb of saying; at most ten words.
_SAYER = re.compile(
    rf"(?:^|[\"“”«»,;:]\s*|\b(?:and|that|but|y|que|pero)\s+)(?P<who>(?:[\w’'.()-]+\s+){{0,9}}?[\w’'.()-]+)\s+"
    rf"(?:has\s+|have\s+|had\s+|was\s+|were\s+|is\s+)?"
    # An adverb between the auxiliary and the verb ("has repeatedly denied", "long said") is not
    # part of who speaks.
    rf"(?:later\s+|also\s+|initially\s+|reportedly\s+|long\s+|[a-z]{{3,}}ly\s+|también\s+|luego\s+)?"
    rf"(?P<verb>{SAY_VERBS})(?!\w)(?![’'])"
)
_ANSWERING_VERB = re.compile(r"\s+(?:dismissed|dismisses|rejected|rejects|refuted|refutes|disputed|disputes|denied|"
                            r"denies|questioned|challenged|welcomed|welcomes|cited|cites|repeated|echoed|"
                            r"downplayed|played down|brushed aside|confirmed|confirms)$")
# "..., said Foreign Ministry spokesman Wang Lei." names the speaker after the verb.
_SAID_BY = re.compile(r"[,\"”]\s*(?:said|says|added|wrote|told reporters)\s+(?P<who>(?:the\s+)?[A-Z][\w’'.-]*"
                      r"(?:\s+[\w’'.-]+){0,8}?)\s*(?:[,;]|\.?[\"”]?\s*$)")
# '..., dijo el canciller Bruno Rodríguez.': the Spanish order, the title in lower case.
_DIJO = re.compile(r"[,\"”»]\s*(?:dijo|afirmó|aseguró|declaró|señaló|añadió|agregó|indicó|explicó|sostuvo|advirtió)\s+"
                   r"(?P<who>(?:(?:el|la|los|las)\s+[\w’'.-]+|[A-ZÁÉÍÓÚÑ][\w’'.-]*)(?:\s+[\w’'.-]+){0,8}?)"
                   r"\s*(?:[,;]|\.?[\"”»]?\s*$)")
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "which", "who",
             "él", "ella", "ellos", "ellas", "esto", "eso", "quien", "que", "lo", "se"}

_STATUS = [
    ("denied", re.compile(r"\b(?:den(?:y|ied|ies|ying)|rejected|dismissed|not accurate|refuted|false|"
                          r"neg(?:ó|aron)|niegan?|desminti(?:ó|eron)|desmiente|rechaz(?:ó|aron)|"
                          r"fals[oa]s?|no es cierto)(?!\w)", re.I)),
    ("confirmed", re.compile(r"\b(?:confirm(?:ed|s)?|acknowledged|confirm(?:ó|aron|an?)|reconoci(?:ó|eron)|admiti(?:ó|eron))(?!\w)", re.I)),
    ("alleged", re.compile(r"\b(?:alleg(?:ed|edly|es)|claim(?:s|ed)?|reportedly|suggests|speculation|believed?|fragmented|unclear|"
                           r"presunt(?:o|a|os|as|amente)|supuest(?:o|a|os|as|amente)|al parecer)(?!\w)", re.I)),
    # Modal and hypothetical claims; lower case only, so the month May is not one. Spanish
    # conditionals ("habría construido", "podría") report without asserting.
    ("alleged", re.compile(r"\b(?:may|could|might|would|podría|podrían|habría|habrían|pudiera|pudieran)(?!\w)")),
]
# Words that look like a status cue and are not one: "had been denied entry" is a refusal,
# not a denial of a claim; "could not confirm" confirms nothing.
_NOT_STATUS = {
    # "se negó a hablar" refuses, it denies nothing.
    "denied": re.compile(r"\b(?:(?:been|was|were|is|are|being|be|get|got)\s+(?:\w+\s+)?denied\b|"
                         r"se\s+(?:neg(?:ó|aron)|niegan?)\s+a\b)", re.I),
    "confirmed": re.compile(r"\b(?:not|n[’']t|never|unable to|declined to|refused to|no|nunca|sin|"
                            r"no pudo|se negó a)\s+(?:\w+\s+)?(?:confirm|reconoci)", re.I),
}
# A denial that points back at an earlier report ("denied the report's claims").
_ANAPHORIC_DENIAL = re.compile(
    r"\b(?:den(?:y|ied|ies)|rejected|dismissed)\b[^.]{0,40}\b(?:the|these|those|that)\s+(?:report|reports|claims?|allegations?|story)\b"
    r"|\b(?:neg(?:ó|aron)|niegan?|desminti(?:ó|eron)|rechaz(?:ó|aron))(?!\w)[^.]{0,40}\b(?:el|la|los|las|ese|esa|esos|esas|dicho|dicha)\s+"
    r"(?:informe|informes|reporte|reportaje|información|acusaci(?:ón|ones)|versi(?:ón|ones)|noticia)(?!\w)", re.I)
# A sentence that mentions a report, in either language.
_REPORT = re.compile(r"\breport|\b(?:informe|reporte|reportaje)", re.I)


def attribution_of(sentence: str) -> str:
    """Who the sentence says asserts it, verbatim, or "" if it speaks in the article's own voice.

    >>> attribution_of("The talks went well, said Foreign Ministry spokesman Wang Lei.")
    'Foreign Ministry spokesman Wang Lei'
    >>> attribution_of("The ministry has repeatedly denied that the base will host troops.")
    'The ministry'
    >>> attribution_of("The Eritrean ministry dismissed reports that it had offered Moscow a base.")
    'The Eritrean ministry'
    >>> attribution_of("Images show that China built villages in territory claimed by Bhutan.")
    ''
    >>> attribution_of("Funcionarios estadounidenses afirmaron que el puerto recibiría buques, algo que el Gobierno cubano negó.")
    'Funcionarios estadounidenses'
    """
    match = _ACCORDING.search(sentence)
    if match:
        return match.group(0).strip()
    match = _SAID_BY.search(sentence) or _DIJO.search(sentence)
    if match:
        who = match.group("who").strip()
        return who[:-1] if who.endswith(".") and not re.search(r"\b\w\.\w\.$", who) else who
    for match in _SAYER.finditer(sentence):
        # "..., algo que el Gobierno cubano negó", "a claim that the ministry denied": the speaker
        # is the relative clause's subject, not the words before "que"/"that".
        who = re.split(r"(?:^|\s)(?:que|that)\s", match.group("who").strip(" ,"))[-1]
        who = re.sub(r"^(?:and|but|y|pero)\s+", "", who)     # ", and some analysts believe"
        # "The ministry dismissed reports that ...": the noun "reports" (or "claims") is what a verb
        # of the speaker's answers, and that verb is no word of who speaks.
        who = _ANSWERING_VERB.sub("", who)
        if who.lower().endswith(" se"):
            continue  # "el embajador se negó a responder": a refusal, not a speaker
        if who.lower() in _PRONOUNS or not re.search(r"[A-ZÁÉÍÓÚÑ]|officials?|report|sources|experts?|witness(?:es)?|"
                                                      r"residents|analysts|diplomats|activists|authorities|police|"
                                                      r"spokes(?:man|woman|person)|funcionarios?|testigos|"
                                                      r"informes?|fuentes|expertos|portavoz|ministr[oa]|gobierno", who):
            continue
        if re.match(r"(?:as|if|when|while|because|since|after|before|once|como|si|cuando|mientras|porque|"
                    r"después|antes|aunque)\s", who, re.I):
            continue  # "as Russia wrote off the debt": a subordinate clause, not a speaker
        if re.search(r"\bbeen\s+$", sentence[:match.start("verb")]):
            continue  # "the Chinese had been denied": a passive, no one speaking
        if re.match(r"\s+by\b", sentence[match.end("verb"):]):
            continue  # "territory claimed by Bhutan": a participle, what is claimed is no speaker's
        if re.search(r"['’]s?$", who):
            continue  # "the states’ claims": a possessive makes the verb a noun
        return who
    return ""


# A denial in a clause that closes a report: "US officials said ..., which the Cuban government
# denied", "..., a claim both governments have denied", "..., algo que el Gobierno cubano negó".
# The sentence reports the claim and its denial at once: disputed, not denied.
_CLOSING_DENIAL = re.compile(
    r",\s*(?:which|a\s+(?:claim|charge|report|suggestion|an?\s+allegation)|an\s+(?:allegation|accusation)|"
    r"claims?|allegations?|something|(?:algo|lo|cosa|versi[óo]n|acusaci[óo]n)\s+que|(?:a\s+)?(?:claim|charge)s?\s+that)"
    r"\s+(?:(?:that|que)\s+)?[^,;.!?]{0,80}?\b(?:den(?:y|ies|ied)|rejected|dismissed|refuted|neg(?:ó|aron)|niegan?|"
    r"desminti(?:ó|eron)|rechaz(?:ó|aron))(?!\w)[^,;]{0,40}[.!?\"”’]*\s*$", re.I)


def status_of(sentence: str) -> tuple[str, str]:
    """(status, evidence): the first status cue found, in order denied > confirmed > alleged; else reported.

    A sentence whose report is closed by a clause denying it ("..., which the Cuban government
    denied") is ``disputed``, with that clause as evidence.

    >>> status_of("US officials said the port could host warships, which the Cuban government denied.")[0]
    'disputed'
    >>> status_of("Cuba denied that the port could host warships.")[0]
    'denied'
    """
    closing = _CLOSING_DENIAL.search(sentence)
    if closing is not None and attribution_of(sentence[:closing.start()]):
        return "disputed", closing.group(0).strip(" ,.")
    for status, pattern in _STATUS:
        for match in pattern.finditer(sentence):
            veto = _NOT_STATUS.get(status)
            window = sentence[max(0, match.start() - 30):match.end() + 4]    # "se negó a" ends after the cue
            if veto is not None and veto.search(window):
                continue
            return status, match.group(0)
    return "reported", ""


# A line that opens with a dash or a bullet (a tweet's sign-off "— Name (@handle) May 4, 2024",
# a list item) and a line that ends on a link ("pic.twitter.com/x") end where the line does:
# they carry no closing punctuation, and the next line is another sentence.
_LINE_BREAK = re.compile(r"\n\s*\n|(?<=[.!?\"”’:)])[ \t]*\n|\n(?=\s*[•*\-–—]\s)"
                         r"|^[ \t]*[•*\-–—][ \t][^\n]*\n|(?:https?://|www\.|pic\.twitter\.com/)\S*[ \t]*\n", re.M)


def sentence_spans(sdoc) -> list[tuple[int, int]]:
    """Sentence boundaries, trimmed of surrounding whitespace so claims read cleanly.

    The statistical splitter runs headlines, captions and bylines into the next
    paragraph; a blank line, or a line break after closing punctuation, always
    ends a sentence in news text, and so does a line of the header that only states provenance
    (a byline, "Maritime Daily, 27 January 2024": :func:`geo.read.provenance.provenance_lines`).
    A line that simply wraps does not. A dateline
    ("MOSCOW, June 27 (Reuters) -") is a span of its own. The splitter's cut after an
    abbreviation is undone when the text goes on in lower case ("the State Dept. declined")
    or a title stands before a name ("Foreign Min. Ortega"): a claim is the whole sentence.
    """
    text = doc_text(sdoc)
    breaks = {m.end() for m in _LINE_BREAK.finditer(text)}
    header = provenance_lines(text)
    for start, end in header:
        breaks |= {start, end}
    starts = {c for c in _sentence_starts(sdoc) if c in breaks or not _after_abbreviation(text, c)}
    # the splitter cuts a byline at its bars ("By Staff Reporter | Gulf Monitor | ..."): one line, one span
    starts = {c for c in starts if not any(a < c < b for a, b in header)}
    cuts = sorted({0, len(text)} | starts | breaks)
    spans = []
    for start, end in zip(cuts, cuts[1:]):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans += _without_dateline(text, start, end)
    return spans


# Titles that stand before a name ("Gen. Ruiz", "Foreign Min. Ortega"): a capital after one is
# the name, not a new sentence. Not "Inc.", "Co.", "Jr.": those end sentences too.
_TITLES = frozenset("""gen col lt capt sgt adm cmdr cdr maj brig amb sen rep gov pres sec dr mr mrs ms prof
rev min dep asst supt insp hon st mt ft sens reps govs""".split())
_ABBREVIATION = re.compile(r"(?:^|[\s(\[\"“])([A-Za-z]{1,4})\.[\"”’)]*\s*$")


def _after_abbreviation(text: str, start: int) -> bool:
    """Whether the splitter's sentence start at ``start`` only follows an abbreviation.

    >>> t = "A spokesman for the State Dept. declined to comment. It rained."
    >>> _after_abbreviation(t, t.index("declined")), _after_abbreviation(t, t.index("It"))
    (True, False)
    >>> t = "He met Foreign Min. Ortega in Quito."
    >>> _after_abbreviation(t, t.index("Ortega"))
    True
    """
    m = _ABBREVIATION.search(text, max(0, start - 12), start)
    if m is None or "\n" in text[m.end(1):start]:
        return False
    word, nxt = m.group(1), text[start:start + 1]
    if nxt.islower():
        return True
    return word.casefold() in _TITLES and nxt.isupper() and word[0].isupper()


def _without_dateline(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence that opens with a dateline ("BEIJING (AP) — Xi met ...") as two spans: the
    dateline, which is provenance (:mod:`geo.read.provenance`) and no claim, and the sentence itself,
    so a claim's verbatim text and its offsets start where the sentence does."""
    n = dateline_length(text[start:end])
    if not n:
        return [(start, end)]
    cut = start + n
    head_end = cut
    while head_end > start and text[head_end - 1].isspace():
        head_end -= 1
    while cut < end and text[cut].isspace():
        cut += 1
    return [(start, head_end), (cut, end)] if cut < end else [(start, end)]


def _sentence_starts(sdoc) -> set[int]:
    """Where the splitter's sentences start: ``{s.start_char for s in sdoc.sents}``, read from the
    Doc's arrays (walking ``sents`` in Python cost as much as the rest of the claims)."""
    if not len(sdoc) or not sdoc.has_annotation("SENT_START") or sdoc.user_hooks.get("sents"):
        return {s.start_char for s in sdoc.sents}
    from spacy.attrs import IDX, SENT_START

    starts, offsets = sdoc.to_array([SENT_START, IDX]).astype("int64").T
    starts[0] = 1                       # the first token always opens a sentence
    return {int(x) for x in offsets[starts == 1]}


def _span_index(spans: Sequence[tuple[int, int]]):
    """offset -> index of the sentence holding it (the last one if none does), by bisection:
    a scan per mention made long articles quadratic."""
    find, last = span_finder(spans), max(0, len(spans) - 1)

    def index(offset: int) -> int:
        i = find(offset)
        return last if i is None else i

    return index


_LOCATIVE = re.compile(r"\b(?:in|on|at|near|off|outside|inside|across|into|to|from|around|within)\s+(?:the\s+)?$", re.I)
# "result in China stationing troops", "invest in Cuba": the verb takes "in"; no place is meant.
_NOT_LOCATIVE = re.compile(r"\b(?:result(?:s|ed|ing)?|engag(?:e|es|ed|ing)|participat(?:e|es|ed|ing)|"
                           r"interest(?:s|ed)?|believ(?:e|es|ed|ing)|succeed(?:s|ed|ing)?|"
                           r"confidence|faith|trust(?:s|ed|ing)?)\s+in\s+(?:the\s+)?$", re.I)


# "docked at Sri Lanka's southern port of Hambantota", "in the city of Mosul": the name is the place
# a locative phrase is about, though "of" stands before it.
_LOCATIVE_OF = re.compile(r"\b(?:in|on|at|near|off|outside|inside|into|to|from|around|within)\s+(?:the\s+)?"
                          r"(?:[\w’'.-]+\s+){0,3}(?:port|city|town|village|island|islands|region|province|state|"
                          r"district|capital|harbou?r|county|area|atoll|archipelago)\s+of\s+$", re.I)


def in_locative_phrase(text: str, start: int) -> bool:
    """Whether the name at ``start`` follows a preposition of place ("on Cuban soil", "in the Gulf"),
    or is what a place noun after one names ("at Sri Lanka's southern port of Hambantota").

    >>> t = "The ship docked at Sri Lanka's southern port of Hambantota after objections from New Delhi."
    >>> in_locative_phrase(t, t.index("Hambantota")), in_locative_phrase(t, t.index("Sri Lanka"))
    (True, True)
    >>> t = "Officials of the port of Aden met."
    >>> in_locative_phrase(t, t.index("Aden"))
    False
    """
    before = text[max(0, start - 30):start]
    if _LOCATIVE.search(before[-20:]):
        return not _NOT_LOCATIVE.search(before)
    return bool(_LOCATIVE_OF.search(text, max(0, start - 60), start))


def _preference(res: Resolution, text: str) -> tuple:
    role = res.mention.role
    literal = role is None or role.role.value == "literal"
    return (not literal, not in_locative_phrase(text, res.mention.start), res.mention.label == "NORP",
            res.mention.start)


def extract_claims(document: Document, resolutions: Iterable[Resolution], sentences) -> list[Claim]:
    """One claim per (sentence, place) for every resolved mention in ``document``.

    ``sentences`` are the document's sentence spans (:func:`sentence_spans`), or
    its spaCy Doc, from which they are taken.
    """
    text = document.text
    spans = sentence_spans(sentences) if hasattr(sentences, "sents") else list(sentences)
    resolved = [r for r in resolutions if r.place is not None]
    _find_span = _span_index(spans)
    # One claim per (sentence, place), through the mention that best says how the
    # sentence uses the place: a literal one before an associative one, one after a
    # preposition of place ("on Cuban soil") before one that is not ("Cuba's proximity",
    # which the role model may call literal, unsure), the name itself before a demonym, then the first.
    # A dateline's place ("BEIJING (AP) —") is where the sentence it opens was filed: a place of
    # that sentence, though the dateline is no part of its text.
    datelines = {i for i, (s, e) in enumerate(spans[:-1]) if dateline_length(text[s:e] + " x") >= e - s}
    best: dict[tuple[int, str, bool], Resolution] = {}
    for res in resolved:
        index = _find_span(res.mention.start)
        # The dateline's place is a claim of its own beside the sentence's own mention of the same
        # place: "COLOMBO (Reuters) - ... after Colombo allowed the visit" files the report in the city
        # (literal) and has its government act (associative); neither hides the other.
        key = (index + 1, res.place.id, True) if index in datelines else (index, res.place.id, False)
        if key not in best or _preference(res, text) < _preference(best[key], text):
            best[key] = res
    claims: list[Claim] = []
    for (index, _, _), res in sorted(best.items(), key=lambda kv: (kv[1].mention.start, kv[1].mention.end)):
        start, end = spans[index] if spans else (0, len(text))
        sentence = text[start:end]
        status, evidence = status_of(sentence)
        when = find_event_date(sentence, document.published, near=res.mention.start - start,
                               language=document.language, year=year_before(text, start))
        claims.append(Claim(
            doc_id=document.id, place=res.place, mention=res.mention, sentence=sentence,
            sent_start=start, sent_end=end, attribution=attribution_of(sentence),
            status=status, status_evidence=evidence,
            event_date=when.iso if when else None, event_date_text=when.text if when else "",
            confidence=res.confidence, resolution=res.reason,
        ))
    return _propagate_denials(text, spans, claims)


def denied_reports(text: str, spans) -> dict[int, int]:
    """Sentence index of each denial of "the report" -> index of the report sentence it answers.

    The report denied is the nearest of the three earlier sentences that mentions a report.
    """
    links: dict[int, int] = {}
    for i, (start, end) in enumerate(spans):
        if not _ANAPHORIC_DENIAL.search(text[start:end]):
            continue
        for j in range(i - 1, max(-1, i - 4), -1):
            if _REPORT.search(text[spans[j][0]:spans[j][1]]):
                links[i] = j
                break
    return links


def report_denials(text: str, spans) -> list[int]:
    """Sentence indexes of the denials of "the report" (those :func:`denied_reports` links, and those
    with no report named in the three sentences before them)."""
    return [i for i, (start, end) in enumerate(spans) if _ANAPHORIC_DENIAL.search(text[start:end])]


def _propagate_denials(text: str, spans, claims: list[Claim]) -> list[Claim]:
    """A sentence denying "the report" marks the claims of the report it follows as denied."""
    evidence: dict[int, str] = {}
    for i, j in denied_reports(text, spans).items():
        match = _ANAPHORIC_DENIAL.search(text[spans[i][0]:spans[i][1]])
        evidence[j] = f"denied in the next sentences: “{match.group(0)}”"
    if not evidence:
        return claims
    out = []
    _find_span = _span_index(spans)
    for claim in claims:
        index = _find_span(claim.sent_start)
        if index in evidence and claim.status != "denied":
            claim = replace(claim, status="denied", status_evidence=evidence[index])
        out.append(claim)
    return out
