"""A street or road placed at the town it is in, which the article itself says.

No offline gazetteer lists streets, and guessing one by its name is hopeless ("Main Street" is
in every town). What an article says is enough for a town-level point, which is the precision a
briefing map needs from local news ("a wreck on Rivers Avenue"): the street gets its town's
point and says so (``Place.source``), its finding's ``geo_precision`` is ``city``. The town is,
in order of the evidence that decided (counted in :data:`PASSES`):

``named-with``
    a town named with the street: "Mayfield Road in Grand Prairie", "Main Street, Springfield",
    "Augusta's Highland Avenue", "County Road 109 about two miles east of Brandon" (a town after
    "in", "of", "near" or "outside" at most :data:`AFTER_CHARS` characters on, in the sentence);
``article-town``
    the article's town, when its places lie close together (a local story: the median distance
    of its towns and counties from the most central one at most :data:`LOCAL_KM`): the dateline's
    town if it is among them, else the town named most often, else the most central.

Otherwise the street stays unresolved, with the reason, in the unresolved report: an article
that names Bamako, Gao and Kidal has no town a "Wall Street" could be placed at.

Measured with ``python scripts/eval_drawn.py --view map`` (LGL held-out half, first sample; the
numbers are in the README, "Place precision").

>>> from geo.model import Mention, Place, Resolution
>>> town = Place("geonames:1", "Grand Prairie", 32.75, -97.0, "city", "US")
>>> text = "They stopped on Mayfield Road in Grand Prairie."
>>> road = Resolution(Mention("d", 16, 29, "Mayfield Road", "FAC", "street"), None, 0.0, "")
>>> gp = Resolution(Mention("d", 33, 46, "Grand Prairie"), town, 0.9, "")
>>> placed = place_streets(text, [road, gp])[0]
>>> placed.place.name, placed.place.kind, placed.place.lat, placed.reason.split(":")[0]
('Mayfield Road, Grand Prairie', 'street', 32.75, 'street placed at its town (named-with)')
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from geo.model import Place, Resolution
from geo.places.distance import medoid, place_km

DETECTOR = "street"
#: A local story's places lie this close to the most central of them (median, km).
LOCAL_KM = 100.0
#: Places that say which town an article is about: towns and counties, resolved with at least
#: this confidence (a guess between namesakes is no town to put a street in).
TOWN_KINDS = ("city", "adm2")
MIN_CONFIDENCE = 0.5
NAMED_WITH_CONFIDENCE = 0.8
ARTICLE_TOWN_CONFIDENCE = 0.6
#: How many times each pass decided, since the process started (CLIFF-style counts).
PASSES: Counter = Counter()
# After the street, in its sentence, a town it is in or by: ", Springfield", " in Grand Prairie",
# " in downtown Greer", " about two miles east of Brandon", " just outside Albany".
AFTER_CHARS = 30
_AFTER = re.compile(r"(?:,[ \t]*|[^.!?;\n]{0,%d}?\b(?:in|of|near|outside)[ \t]+(?:downtown[ \t]+)?)" % AFTER_CHARS)
# Before the street: "Augusta's ".
_BEFORE = re.compile(r"['’]s[ \t]+$")


def place_streets(text: str, resolutions: Sequence[Resolution]) -> list[Resolution]:
    """``resolutions`` with each street mention (detector ``street``) placed at its town, or left
    unresolved with the reason why no town could be told."""
    # Any town named with the street holds it, whichever namesake it is; only confident towns
    # say where the article's neighbourhood is.
    named = [r for r in resolutions if r.place is not None and r.place.kind in TOWN_KINDS
             and r.mention.detector != DETECTOR]
    centre = _article_town([r for r in named if r.confidence >= MIN_CONFIDENCE])
    town_confidence: dict[str, float] = {}
    for r in named:
        town_confidence[r.place.id] = max(town_confidence.get(r.place.id, 0.0), r.confidence)
    out = []
    for r in resolutions:
        if r.mention.detector != DETECTOR:
            out.append(r)
            continue
        town, how = _named_with(text, r, named), "named-with"
        if town is None and centre is not None:
            town, how = centre, "article-town"
        if town is None:
            out.append(Resolution(r.mention, None, 0.0, "a street, and the article names no town it is in "
                                                        "(its places are not in one neighbourhood)"))
            continue
        PASSES[how] += 1
        confidence = NAMED_WITH_CONFIDENCE if how == "named-with" else ARTICLE_TOWN_CONFIDENCE
        confidence = min(confidence, town_confidence[town.id])
        out.append(Resolution(r.mention, street_place(r.mention.text, town), confidence,
                              f"street placed at its town ({how}): {town.name}"))
    return out


def street_place(name: str, town: Place) -> Place:
    """The street as a place: the town's point, the street's name with the town's."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return Place(id=f"street:{slug}@{town.id}", name=f"{name}, {town.name}", lat=town.lat, lon=town.lon,
                 kind="street", country=town.country, source=f"the point of {town.name} ({town.id}), the town "
                                                             f"the article places the street in")


def _named_with(text: str, street: Resolution, towns: Sequence[Resolution]) -> Place | None:
    """The town written with the street, if any (a doubtful namesake too: the street is in it)."""
    m = street.mention
    for t in towns:
        if t.place.kind != "city":
            continue
        if m.end < t.mention.start <= m.end + AFTER_CHARS + 20 and _AFTER.fullmatch(text, m.end, t.mention.start):
            return t.place
        if t.mention.end <= m.start and _BEFORE.search(text[t.mention.end:m.start]) \
                and m.start - t.mention.end <= 4:
            return t.place
    return None


def _article_town(towns: Sequence[Resolution]) -> Place | None:
    """The article's town when its towns form one neighbourhood (else None): the dateline's town if
    it is in it (the story is filed from there: "NORTH CHARLESTON, S.C. - ... Dorchester Road"), else
    the town named most often, then the most central."""
    places = [t.place for t in towns]
    cities = sorted({p.id: p for p in places if p.kind == "city"}.values(), key=lambda p: p.id)
    if not cities:
        return None

    centre, spread = medoid(cities, places)
    if spread > LOCAL_KM:
        return None
    near = {c.id for c in cities if place_km(centre, c) <= LOCAL_KM}
    filed = [t.place for t in towns if t.place.id in near and _is_dateline(t)]
    if filed:
        return filed[0]
    named = Counter(t.place.id for t in towns if t.place.id in near)
    return min((c for c in cities if c.id in near),
               key=lambda c: (-named[c.id], sum(place_km(c, o) for o in places), c.id))


def _is_dateline(r: Resolution) -> bool:
    role = r.mention.role
    return r.mention.detector == "dateline" or (role is not None and role.decided_by == "dateline")
