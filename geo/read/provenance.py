"""Who filed an article, from where and when, as its own text says.

News copy states its provenance in a few conventional places, all near the top
or the very end of the story:

* a dateline with a wire credit: ``BEIJING (AP) —``, ``MOSCOW, June 27 (Reuters) -``,
  ``HAVANA, Cuba, March 3 (EFE) --``; without a credit (``GWADAR, Pakistan —``) it
  still gives the place of filing;
* a byline naming the outlet: ``By Jane Roe, Associated Press``, ``By Jane Roe | Reuters``;
* a credit line: ``(Reporting by Jane Roe; Editing by Ed Ito)`` (Reuters),
  ``Copyright 2023 The Associated Press. All rights reserved.``, ``© AFP 2023``;
* a dated line: ``Published 31 March 2017``, ``Updated June 27, 2023 10:04 AM``,
  ``Published On 27 Jun 2023``, ``Posted: 2023-06-27``.

:func:`read_provenance` finds them and says which line set which field, so the
map's popup and the GeoJSON can say where each article's outlet and date came from.
Nothing here guesses: a dateline's ``June 27`` without a year is kept as text
(:attr:`Provenance.dateline_date`) and never turned into a date.

Example
-------
>>> p = read_provenance("Ports deal\\n\\nMOSCOW, June 27 (Reuters) - Talks began.")
>>> p.outlet, p.filed_from, p.dateline_date, p.evidence["outlet"]
('Reuters', 'Moscow', 'June 27', 'dateline')
>>> read_provenance("By Ana Ruiz, Associated Press\\n\\nPublished 31 March 2017\\n\\nText.").published
datetime.date(2017, 3, 31)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
_MONTH = rf"(?:{_MONTHS}|(?:{_MONTH_ABBR})\.?)"
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?"
_MESES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")
_MES = "(?:" + "|".join(_MESES) + "|setiembre)"
# Calendar dates with a year, the forms news pages print (Spanish: "14 de marzo de 2024").
_DATE = (rf"(?:\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|\d{{1,2}}\s+de\s+{_MES}\s+(?:de\s+|del\s+)?\d{{4}}"                       # 31 March 2017, 27 Jun 2023
         rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"         # March 31, 2017
         r"|\d{4}-\d{2}-\d{2}(?![\d:])|\d{4}-\d{2}-\d{2}(?=T))")       # 2017-03-31, 2017-03-31T10:00
# The header: how far into the text a dateline, byline or dated line is looked for.
# Pages saved from the web put a few hundred characters of furniture above the story.
HEAD_CHARS = 2500
# Credit lines close a story: the last characters of the text.
TAIL_CHARS = 1500

# Wire services and the code they print in a dateline: "(AP)", "(Reuters)".
WIRES = {
    "AP": "Associated Press", "Reuters": "Reuters", "AFP": "Agence France-Presse", "EFE": "EFE",
    "Xinhua": "Xinhua News Agency", "TASS": "TASS", "dpa": "Deutsche Presse-Agentur", "DPA": "Deutsche Presse-Agentur",
    "UPI": "UPI", "Bloomberg": "Bloomberg", "Kyodo": "Kyodo News", "Yonhap": "Yonhap News Agency",
    "ANSA": "ANSA", "PTI": "Press Trust of India", "IANS": "IANS", "ANI": "ANI", "Anadolu": "Anadolu Agency",
    "AA": "Anadolu Agency", "Interfax": "Interfax", "RIA Novosti": "RIA Novosti", "Sputnik": "Sputnik",
    "Prensa Latina": "Prensa Latina", "PL": "Prensa Latina", "CNN": "CNN", "BBC": "BBC", "VOA": "Voice of America",
    "RFA": "Radio Free Asia", "CNA": "CNA", "Bernama": "Bernama", "Antara": "Antara", "WAM": "WAM", "SPA": "SPA",
    "IRNA": "IRNA", "KCNA": "KCNA",
}
_WIRE = "|".join(re.escape(w) for w in sorted(WIRES, key=lambda w: (-len(w), w)))
_DASH = r"(?:-{1,2}|–|—|:)"
# "BEIJING (AP) —", "MOSCOW, June 27 (Reuters) -", "SAN JUAN, Puerto Rico, Jan. 3 (AFP) --",
# "GWADAR, Pakistan —": a paragraph that opens with a place in capitals.
_DATELINE = re.compile(
    rf"(?:^|\n)[ \t]*(?P<place>[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+){{0,3}})"
    rf"(?:,[ \t]*(?P<region>[A-Z][A-Za-z.'’ -]{{1,30}}?))?"
    rf"(?:,[ \t]*(?P<date>{_MONTH}[ \t]+\d{{1,2}}(?:,[ \t]*\d{{4}})?|\d{{1,2}}[ \t]+{_MONTH}(?:[ \t]+\d{{4}})?"
    rf"|\d{{1,2}}[ \t]+de[ \t]+{_MES}(?:[ \t]+del?[ \t]+\d{{4}})?))?"     # "12 de marzo de 2024" (EFE, Prensa Latina)
    rf"[ \t]*(?:\((?P<wire>{_WIRE})\)|(?=[ \t]*{_DASH}))[ \t]*{_DASH}?[ \t]",
)
# The same dateline where a sentence starts (the splitter's sentence may begin with it).
_DATELINE_HERE = re.compile(_DATELINE.pattern.replace("(?:^|\\n)[ \\t]*", "", 1))
# A name in a byline: capitalised words, initials, particles ("de", "van").
_NAME = r"(?:[A-Z][\w.'’-]*|de|da|del|van|von|bin|al)"
_PERSON = rf"{_NAME}(?:[ \t]+{_NAME}){{0,4}}"
# What separates the parts of a byline or a masthead line: "Jane Roe | Reuters | 12 January 2024".
_SEP = r"[ \t]*(?:,|\||–|—|-|·)[ \t]*"
_OUTLET = r"(?:The[ \t]+)?[A-Z][\w.&'’-]*(?:[ \t]+[A-Z][\w.&'’-]*){0,4}"
_ON_DAY = rf"(?:{_WEEKDAY},?[ \t]+)?"
# "By Jane Roe, Associated Press", "By Jane Roe and Li Wei | Reuters", "By Jane Roe for The Guardian",
# "By Staff Reporter | Gulf Monitor | 12 January 2024" (the date the copy was published).
_BYLINE = re.compile(
    rf"^[ \t]*By[ \t]+(?P<who>{_PERSON}(?:(?:,[ \t]*|[ \t]+and[ \t]+){_PERSON})*?)"
    rf"(?:{_SEP}|[ \t]+for[ \t]+)(?P<outlet>{_OUTLET})(?:{_SEP}{_ON_DAY}(?P<date>{_DATE}))?"
    rf"[ \t]*$",
    re.M,
)
# A line of its own under the headline that names the outlet and the day, in either order, or
# only the day: "Maritime Daily, 27 January 2024", "5 February 2024 | Horn Review", "March 3, 2024".
# Pasted copy puts it where a byline would stand; only the first lines are read for it, as a
# bare date further down is more often a timeline's entry than the copy's own.
_MASTHEAD = re.compile(
    rf"^[ \t]*(?:(?P<outlet>{_OUTLET}){_SEP}{_ON_DAY}(?P<date>{_DATE})"
    rf"|{_ON_DAY}(?P<date_first>{_DATE}){_SEP}(?P<outlet_last>{_OUTLET})"
    rf"|{_ON_DAY}(?P<date_only>{_DATE}))[ \t]*$",
    re.M,
)
MASTHEAD_LINES = 8
# Credit lines: Reuters' "(Reporting by ...; Editing by ...)", AP's and AFP's copyright lines.
_CREDITS = [
    ("Reuters", re.compile(r"\((?:Additional\s+)?[Rr]eporting by [^()]{2,300}?(?:[Ee]diting|[Ww]riting) by [^()]{2,200}\)")),
    (None, re.compile(rf"(?:Copyright|©|\(c\))[ \t]*(?:\d{{4}}[ \t]+)?(?:The[ \t]+)?(?P<wire>{_WIRE}|Associated Press|Agence France-Presse)\b",
                      re.I)),
]
# "Published 31 March 2017", "Updated: June 27, 2023 10:04 AM", "Published On 27 Jun 2023",
# "Posted on Tue, June 27, 2023", "First published on ...".
_DATED = re.compile(
    rf"^[ \t]*(?:First[ \t]+)?(?P<kind>Published|Posted|Updated|Last updated|Publicad[oa]|Actualizad[oa])"
    rf"(?:[ \t]+(?:[Oo]n|el))?:?[ \t]*"
    rf"(?:{_WEEKDAY},?[ \t]+)?(?:[\d:]+[ \t]*(?:[AaPp]\.?[Mm]\.?)?[ \t]*(?:[A-Z]{{2,4}})?,?[ \t]+(?:{_WEEKDAY},?[ \t]+)?)?"
    rf"(?P<date>{_DATE})",
    re.M | re.I,
)


@dataclass(frozen=True)
class Provenance:
    """What the text says about its own origin; "" or None where it says nothing."""

    outlet: str = ""
    filed_from: str = ""             # the dateline's place, in title case ("Moscow", "San Juan, Puerto Rico")
    published: date | None = None
    dateline_date: str = ""          # "June 27": a dateline's day, which names no year
    byline: str = ""                 # the writers, as printed
    evidence: dict[str, str] = field(default_factory=dict)   # field -> dateline | byline | credit | published | updated


def parse_date(text: str) -> date | None:
    """An explicit calendar date with a year: ``31 March 2017``, ``Jun. 27, 2023``, ``2023-06-27``.

    >>> parse_date("Sept. 4, 2023"), parse_date("June 31, 2023")
    (datetime.date(2023, 9, 4), None)
    """
    iso = re.fullmatch(r"\s*(\d{4})-(\d{2})-(\d{2})\s*", text)
    if iso:
        try:
            return date(*map(int, iso.groups()))
        except ValueError:
            return None
    spanish = re.fullmatch(rf"\s*(\d{{1,2}})\s+de\s+({_MES})\s+(?:de\s+|del\s+)?(\d{{4}})\s*", text, re.I)
    if spanish:
        month = spanish.group(2).lower().replace("setiembre", "septiembre")
        try:
            return date(int(spanish.group(3)), _MESES.index(month) + 1, int(spanish.group(1)))
        except ValueError:
            return None
    cleaned = re.sub(r"\s+", " ", text.replace(",", " ")).strip().replace(".", "")
    cleaned = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", cleaned)
    cleaned = re.sub(r"\bSept\b", "Sep", cleaned)
    for fmt in ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def _place_name(text: str) -> str:
    """``SAN JUAN`` -> ``San Juan``; ``WASHINGTON, D.C.`` keeps its initials."""
    return " ".join(w if re.fullmatch(r"(?:[A-Z]\.)+", w) else w.title().replace("’S", "’s").replace("'S", "'s")
                    for w in text.split())


def read_provenance(text: str) -> Provenance:
    """Outlet, place of filing and publication date stated in ``text``'s header or credits."""
    head, tail = text[:HEAD_CHARS], text[-TAIL_CHARS:] if len(text) > HEAD_CHARS else ""
    fields: dict = {}
    evidence: dict[str, str] = {}

    def put(name: str, value, how: str) -> None:
        if value and name not in fields:
            fields[name] = value
            evidence[name] = how

    dated = [(m.group("kind").lower(), parse_date(m.group("date"))) for m in _DATED.finditer(head)]
    # A publication date beats a later update; an update alone still dates the copy.
    for kind, value in sorted(dated, key=lambda d: d[0].startswith(("updated", "last", "actualizad"))):
        put("published", value, "updated" if kind.startswith(("updated", "last", "actualizad")) else "published")
    byline = _BYLINE.search(head)
    if byline and not _is_place_run(byline.group("outlet")):
        put("outlet", _wire_name(byline.group("outlet")), "byline")
        fields.setdefault("byline", byline.group("who").strip())
    if byline and byline.group("date"):
        put("published", parse_date(byline.group("date")), "byline")
    masthead = _masthead(head)
    if masthead is not None:
        outlet = masthead.group("outlet") or masthead.group("outlet_last") or ""
        if outlet and not _is_place_run(outlet):
            put("outlet", _wire_name(outlet), "masthead")
        put("published", parse_date(masthead.group("date") or masthead.group("date_first")
                                     or masthead.group("date_only")), "masthead")
    dateline = _DATELINE.search(head)
    if dateline and _plausible_dateline(dateline):
        place = _place_name(dateline.group("place"))
        region = (dateline.group("region") or "").strip()
        put("filed_from", f"{place}, {region}" if region else place, "dateline")
        if dateline.group("wire"):
            put("outlet", WIRES[dateline.group("wire")], "dateline")
        day = dateline.group("date") or ""
        if day and re.search(r"\d{4}", day):
            put("published", parse_date(day), "dateline")
        elif day:
            fields.setdefault("dateline_date", re.sub(r"\s+", " ", day))
    for wire, pattern in _CREDITS:
        m = pattern.search(tail or head)
        if m:
            put("outlet", wire or _wire_name(m.group("wire")), "credit")
    return Provenance(outlet=fields.get("outlet", ""), filed_from=fields.get("filed_from", ""),
                      published=fields.get("published"), dateline_date=fields.get("dateline_date", ""),
                      byline=fields.get("byline", ""), evidence=evidence)


def _masthead(head: str) -> re.Match | None:
    """The first masthead line (:data:`_MASTHEAD`) among the first :data:`MASTHEAD_LINES` lines."""
    lines = head.split("\n", MASTHEAD_LINES)
    top = "\n".join(lines[:MASTHEAD_LINES])
    return _MASTHEAD.search(top)


# A headline: a line of a few words with no closing punctuation ("Cuba and Mexico Sign Energy Deal").
HEADLINE_WORDS = 18
_CLOSED = re.compile(r"[.!?\"”’)\]]\s*$")


def is_headline(line: str) -> bool:
    """Whether ``line`` reads as a headline: at most :data:`HEADLINE_WORDS` words, no closing stop.

    >>> is_headline("Cuba and Mexico Sign Energy Deal"), is_headline("Cuba and Mexico signed a deal.")
    (True, False)
    """
    return not _CLOSED.search(line) and len(line.split()) <= HEADLINE_WORDS


def is_masthead(line: str) -> bool:
    """Whether ``line`` is all a masthead line: an outlet and a day, or a day alone.

    >>> is_masthead("5 February 2024 | Horn Review"), is_masthead("Talks began on 5 February 2024.")
    (True, False)
    """
    return _MASTHEAD.fullmatch(line.strip()) is not None


def provenance_lines(text: str) -> list[tuple[int, int]]:
    """Where the lines that only state provenance stand in ``text``: bylines, masthead lines and
    dated lines of its header, as (start, end) offsets of each line without its newline.

    Each is a sentence of its own: run into the headline above it by the sentence splitter,
    "... reroute around Africa" and "Maritime Daily, 27 January 2024" read as one sentence, the
    outlet's name as a place's and the headline as a claim.

    >>> t = "Tanker hit off Aden\\nMaritime Daily, 27 January 2024\\n\\nA tanker was hit."
    >>> [t[a:b] for a, b in provenance_lines(t)]
    ['Maritime Daily, 27 January 2024']
    """
    head = text[:HEAD_CHARS]
    spans = [(m.start(), m.end()) for m in _DATED.finditer(head)]
    spans += [(m.start(), m.end()) for m in _BYLINE.finditer(head)]
    masthead = _masthead(head)
    if masthead is not None:
        spans.append((masthead.start(), masthead.end()))
    out = set()
    for start, end in spans:
        # the patterns may take the line's leading blanks or, through \s, run over its end
        line_start = head.rfind("\n", 0, start + 1) + 1 if head[start:start + 1] != "\n" else start + 1
        line_end = head.find("\n", line_start)
        out.add((line_start, len(head) if line_end < 0 else line_end))
    return sorted(out)


def _wire_name(name: str) -> str:
    """A wire's code or bare name as its full name: "AP" -> "Associated Press"; others as printed."""
    name = re.sub(r"\s+", " ", name.strip().rstrip("."))
    bare = re.sub(r"^The ", "", name)
    for code, full in WIRES.items():
        if bare.casefold() in (code.casefold(), full.casefold()):
            return full
    return name


# Capitalised words that open a paragraph in capitals and are no place: headings and labels.
_NOT_PLACES = {"UPDATE", "BREAKING", "EXCLUSIVE", "ANALYSIS", "OPINION", "EDITORIAL", "WATCH", "LIVE", "NOTE",
               "EDITOR", "EDITORS", "CORRECTION", "FILE", "PHOTO", "VIDEO", "READ", "MORE", "RELATED", "ADVERTISEMENT",
               "FACTBOX", "EXPLAINER", "COMMENT", "Q", "A", "I", "AP", "AFP", "UPDATED", "URGENT"}


def _plausible_dateline(m: re.Match) -> bool:
    """A dateline names a place of filing: at least three letters, not a label such as ``UPDATE:``."""
    words = m.group("place").replace(".", " ").split()
    if not words or any(w.strip("'’-") in _NOT_PLACES for w in words):
        return False
    if m.group("wire") is None and not m.group("region") and not m.group("date"):
        # A bare "HAVANA —" is a dateline; "WASHINGTON:" alone at the top of a list is too,
        # but one short all-caps word before a colon is more often a label ("NOTE:").
        tail = m.string[m.end("place"):m.end()]
        if ":" in tail and len(words) == 1 and len(words[0]) < 5:
            return False
    return len("".join(words)) >= 3


def _is_place_run(text: str) -> bool:
    """A byline's trailing words that are a place of filing, not an outlet ("By Li Wei, Beijing").

    An outlet is one the profiles know (geo/data/outlets.csv) or a name with a word
    outlets are named with ("Press", "Times", "News"); anything else is not trusted.
    """
    from geo.read.outlets import profile_of

    if profile_of(text) is not None:
        return False
    return False if re.search(r"\b(?:News|Press|Post|Times|Agency|Reuters|AP|AFP|Journal|Herald|Daily|Guardian|"
                              r"Telegraph|Bloomberg|Service|Media|Network|TV|Radio|Magazine|Review|Tribune|Globe|"
                              r"Economist|Monitor|Gazette|Standard|Observer|Express|Independent|Mail|Star|Wire|"
                              r"Broadcasting|Week|Policy|Institute|Center|Centre|Council|Forum|Foundation)\b",
                              text) or text in WIRES else True


def dateline_length(sentence: str) -> int:
    """How many characters of ``sentence`` are a dateline it opens with, 0 if none.

    The dateline is provenance (where and by whom the copy was filed), not part of the claim.

    >>> s = "DJIBOUTI, March 3, 2024 (Reuters) - Chinese sailors came ashore."
    >>> s[dateline_length(s):]
    'Chinese sailors came ashore.'
    >>> s = "LA HABANA, 12 de marzo de 2024 (Prensa Latina) - Una empresa firmó."
    >>> s[dateline_length(s):]
    'Una empresa firmó.'
    >>> dateline_length("NATO and Russia met.")
    0
    """
    m = _DATELINE_HERE.match(sentence)
    if m is None or not _plausible_dateline(m) or m.end() >= len(sentence.rstrip()):
        return 0
    # A dateline ends in a dash or a wire credit: "UPDATE 2-" is no dateline, nor a bare capital word
    if m.group("wire") is None and not re.search(r"(?:-{1,2}|–|—)[ \t]*$", sentence[:m.end()]):
        return 0
    return m.end()
