"""Definite descriptions that refer back to a country: "the island", "the island nation", "the country".

"China is negotiating with Havana to build a training centre on the island": the
centre would be in Cuba, and only "the island" says so. A description refers to the
country most recently named (by name or demonym) in the same or the two preceding
sentences; with none there, it refers to nothing and no mention is made. "The island"
refers to the most recent island country named anywhere before it ("China is
negotiating with Havana ... on the island": Cuba, named earlier, not China), as
``is_island`` tells; with no test given, it is treated like "the country".

>>> from geo.model import Mention, Place, Resolution
>>> cuba = Place("country:CU", "Cuba", 21.5, -79.5, "country", "CU")
>>> text = "Cuba denied it. A base on the island was never built."
>>> r = Resolution(Mention("d", 0, 4, "Cuba"), cuba, 0.9, "name")
>>> [(x.mention.text, x.place.name) for x in references(text, [r], lambda iso2: iso2 == "CU")]
[('the island', 'Cuba')]
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

from geo.model import Mention, Resolution, Role

_DESCRIPTION = re.compile(r"\b[Tt]he\s+(?:communist\s+|Caribbean\s+|tiny\s+|small\s+)?"
                          r"(?:island(?:\s+(?:nation|country|state))?|country|nation)\b(?!\s+(?:of|that|which)\b)")
# How far back an antecedent may stand, in characters (about two sentences of news).
REACH = 400


def references(text: str, resolutions: Sequence[Resolution],
               is_island: Callable[[str], bool] | None = None) -> list[Resolution]:
    """Resolutions for the descriptions in ``text`` that refer to a country named shortly before."""
    countries = sorted((r for r in resolutions if r.place is not None and r.place.kind == "country"),
                       key=lambda r: r.mention.start)
    taken = [(r.mention.start, r.mention.end) for r in resolutions]
    out = []
    for match in _DESCRIPTION.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        earlier = [r for r in countries if r.mention.end <= start]
        if is_island is not None and "island" in match.group(0).lower():
            ante = next((r for r in reversed(earlier) if is_island(r.place.country)), None)
        else:
            near = [r for r in reversed(earlier) if r.mention.end >= start - REACH]
            # "the US base in the country": a modifier is not what "the country" means
            ante = next((r for r in near if r.mention.role is None or r.mention.role.role is Role.LITERAL),
                        near[0] if near else None)
        if ante is None:
            continue
        doc_id = ante.mention.doc_id
        mention = Mention(doc_id, start, end, match.group(0), "GPE", "reference", query=ante.place.name)
        out.append(Resolution(mention, ante.place, round(min(ante.confidence, 0.8), 3),
                              f"refers to {ante.place.name}, named just before as “{ante.mention.text}”"))
    return out
