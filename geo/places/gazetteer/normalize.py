"""Name normalisation shared by the index builder and the look-ups.

Both sides must normalise identically, so this module is the single place
that decides when two spellings are "the same name".

>>> norm("The U.S.")
'us'
>>> norm("Zürich")
'zurich'
>>> norm("Winston-Salem")
'winston salem'
>>> is_abbreviation("U.S.")
True
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc'`´]")
_PERIODS = re.compile(r"\.")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_/,;:()\"\u201c\u201d]+")
_LATIN = re.compile(r"^[a-z0-9 &]+$")

# Word-level variants, applied at build time so "St. Louis" finds "Saint Louis"
# and the reverse; both spellings are common in news text.
_VARIANTS = {"saint": "st", "st": "saint", "mount": "mt", "mt": "mount",
             "fort": "ft", "ft": "fort", "sainte": "ste", "ste": "sainte"}


@lru_cache(maxsize=200_000)
def norm(name: str) -> str:
    """Casefold, strip accents and punctuation, drop a leading "the"."""
    if name.isascii():      # fast path: most English text needs no Unicode decomposition
        s = name.lower()
    else:
        s = unicodedata.normalize("NFKD", name)
        s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    s = _APOSTROPHES.sub("", s)
    s = _PERIODS.sub("", s)          # "U.S." == "US", "St." == "St"
    s = _SEPARATORS.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def is_latin(normed: str) -> bool:
    """True when a normalised name is plain Latin letters/digits (worth indexing for English text)."""
    return bool(normed) and bool(_LATIN.match(normed))


def is_abbreviation(name: str) -> bool:
    """An all-capitals short form ("US", "U.A.E.", "PRC") that must match case-sensitively.

    Matching these case-insensitively would turn words like "us" or "can" into places.
    """
    if not name.isupper() or len(name) > 12:
        return False
    letters = [c for c in name if c.isalpha()]
    return 1 < len(letters) <= 6 and all(c.isupper() for c in letters) and " " not in name.strip()


def looks_uppercase(text: str) -> bool:
    """True when every letter of the text is a capital (an abbreviation as written)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def variants(normed: str) -> list[str]:
    """Spelling variants of a normalised name (Saint/St, Mount/Mt, Fort/Ft), excluding itself."""
    words = normed.split(" ")
    if len(words) < 2:
        return []
    out = []
    for i, w in enumerate(words):
        if w in _VARIANTS:
            out.append(" ".join(words[:i] + [_VARIANTS[w]] + words[i + 1:]))
    return out


def plural_demonym(demonym: str) -> str:
    """English plural of a demonym: "Cuban" -> "Cubans"; "Chinese", "Swiss", "French" stay."""
    low = demonym.lower()
    if low.endswith(("ese", "s", "sh", "x", "z")) or low in ("french", "dutch", "british", "irish", "welsh"):
        return demonym
    if low.endswith("man"):
        return demonym[:-3] + "men"
    return demonym + "s"


def derived_demonyms(name: str) -> list[str]:
    """English demonyms regularly derived from a region's name (singular and plural).

    >>> derived_demonyms("Ohio")
    ['Ohioan', 'Ohioans', 'Ohian', 'Ohians']
    >>> derived_demonyms("Minnesota")
    ['Minnesotan', 'Minnesotans']
    >>> derived_demonyms("Dagestan")
    ['Dagestani', 'Dagestanis']
    """
    if " " in name or not name.isalpha():
        return []
    low = name.lower()
    if low.endswith("stan"):
        forms = [name + "i"]
    elif low.endswith("a"):
        forms = [name + "n"]                      # Minnesotan, Californian
    elif low.endswith("io"):
        forms = [name + "an", name[:-1] + "an"]   # Ohioan; Ontario -> Ontarian
    elif low.endswith("o"):
        forms = [name + "an"]
    elif low.endswith("as"):
        forms = [name[:-1] + "n"]                 # Texan, Kansan
    elif low.endswith(("ia", "y")):
        forms = [name[:-1] + "ian"]
    else:
        forms = []
    return [f for form in forms for f in (form, form + "s")]
