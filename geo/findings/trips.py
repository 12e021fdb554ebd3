"""Join legs into itineraries: one trip per visitor and journey, across sentences and articles.

A journey is reported piecemeal: "arrived in China after a visit to Moscow", "paid
an official visit to China" in another paragraph, "met with Xi in late November" in
another article. :func:`assemble_trips` groups the legs (:class:`geo.model.Visit`)
by visitor and time, merges the reports of one stop, orders the stops, and chains
them: each leg starts where the previous one ended, the first from the visitor's
seat. Each :class:`geo.model.Leg` keeps every sentence that reports it.

Rules, each stated where it acts:

* one visitor: the same person by name (any form the corpus uses for them), or, for an
  unnamed delegation, the same article and origin;
* one journey: the legs' dates lie within ``JOURNEY_DAYS`` of each other (undated legs
  join the journey of the article they are in);
* one stop: the same destination place; a leg that names only a country joins the
  journey's stop in a city of that country;
* order: by date, an undated leg right after the leg before it in the text, "after a
  visit to X" before the sentence's other legs, returns home and planned legs last.

Example
-------
>>> from geo.model import Place, Visit, Mention
>>> havana = Place("h", "Havana", 23.1, -82.4, "city", "CU")
>>> moscow = Place("m", "Moscow", 55.8, 37.6, "city", "RU")
>>> beijing = Place("b", "Beijing", 39.9, 116.4, "city", "CN")
>>> def leg(dest, at, date=None, before=False):
...     m = Mention("a", at, at + 3, "x")
...     return Visit("a", "Ana Ruiz", havana, dest, "seat", "s", 0, 99, m, event_date=date,
...                  office="President", before_sentence=before, trigger_start=at)
>>> [(l.leg, l.origin.name, l.destination.name) for l in
...  assemble_trips([leg(beijing, 50, "2022-11"), leg(moscow, 40, before=True)])]
[(1, 'Havana', 'Moscow'), (2, 'Moscow', 'Beijing')]
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date

from geo.findings.distances import geodesic_m
from geo.language.people import name_tokens
from geo.model import Leg, TravelStatus, Visit

#: Legs whose dates lie further apart than this are different journeys. A state visit with
#: its side trips lasts days to two weeks (Marrero's China and Belarus tour: 11 days).
JOURNEY_DAYS = 21

#: Places this close in one country are one stop of a journey (a venue and its city).
STOP_KM = 50

_LATE = {TravelStatus.PLANNED: 1, TravelStatus.CANCELLED: 2}


def _day(iso: str | None) -> date | None:
    if not iso:
        return None
    parts = [int(p) for p in iso.split("-")] + [1, 1]
    try:
        return date(parts[0], parts[1] or 1, parts[2] or 1)
    except ValueError:
        return None


def _identities(visits: list[Visit]) -> dict[int, tuple]:
    """Visit index -> who travels. A person is one identity under every form of their name that
    contains another ("Díaz-Canel", "Miguel Díaz-Canel", "Miguel Diaz-Canel Bermudez"), unless a
    short form fits two people ("Li": Li Keqiang and Li Qiang) and stays on its own."""
    names = sorted({frozenset(name_tokens(v.visitor)) for v in visits if v.visitor != "(unnamed)"} - {frozenset()},
                   key=lambda t: (-len(t), sorted(t)))
    group_of: dict[frozenset, int] = {}
    groups: list[set[frozenset]] = []
    for tokens in names:
        homes = {group_of[other] for other in group_of if tokens <= other or other <= tokens}
        if len(homes) == 1:
            home = homes.pop()
            groups[home].add(tokens)
        else:
            home = len(groups)
            groups.append({tokens})
        group_of[tokens] = home
    out = {}
    for i, visit in enumerate(visits):
        tokens = frozenset(name_tokens(visit.visitor)) if visit.visitor != "(unnamed)" else frozenset()
        if tokens and tokens in group_of and len(tokens) <= 5:
            out[i] = ("person", group_of[tokens])
        else:
            out[i] = ("group", visit.doc_id, visit.origin.country if visit.origin else "", visit.visitor)
    return out


@dataclass
class _Journey:
    visits: list[Visit] = field(default_factory=list)

    def days(self) -> list[tuple[date, bool]]:
        """(day, whether it is only the first of a stated month or year)."""
        return [(d, len(v.event_date) <= 7) for v in self.visits if (d := _day(v.event_date))]

    def fits(self, visit: Visit) -> bool:
        when, days = _day(visit.event_date), self.days()
        if when is None or not days:
            return any(v.doc_id == visit.doc_id for v in self.visits)
        coarse = len(visit.event_date) <= 7
        # a month-precise date ("in late November") may lie anywhere in its month
        return all(abs((when - d).days) <= JOURNEY_DAYS + (30 if coarse or rough else 0) for d, rough in days)

    def shares_stop(self, other: "_Journey") -> bool:
        """Whether the two journeys go to one place (the same place, or two within STOP_KM)."""
        return any(a.destination.country == b.destination.country and (
            a.destination.id == b.destination.id or _km(a.destination, b.destination) <= STOP_KM)
            for a in self.visits for b in other.visits)


def _journeys(visits: list[Visit]) -> list[_Journey]:
    """Group legs into journeys: same visitor, dates within JOURNEY_DAYS, or the same article."""
    groups: dict[tuple, list[Visit]] = {}
    identities = _identities(visits)
    for i, visit in enumerate(visits):
        groups.setdefault(identities[i], []).append(visit)
    journeys: list[_Journey] = []
    unnamed: list[_Journey] = []
    for key in sorted(groups, key=repr):
        members = sorted(groups[key], key=lambda v: (v.event_date is None, v.event_date or "", v.doc_id,
                                                     v.trigger_start))
        own: list[_Journey] = []
        for visit in members:
            home = next((j for j in own if j.fits(visit)), None)
            if home is None:
                home = _Journey()
                own.append(home)
            home.visits.append(visit)
        # An undated journey told in another article ("arrived in China after a visit to Moscow")
        # is the dated one of the same person to the same place, when there is exactly one.
        dated = [j for j in own if j.days()]
        for journey in [j for j in own if not j.days()]:
            same = [j for j in dated if j.shares_stop(journey)]
            if len(same) == 1:
                same[0].visits += journey.visits
                own.remove(journey)
        (journeys if key[0] == "person" else unnamed).extend(own)
    # "senior military officials from Cuba" visiting Beijing, and Cintra meeting his host there in
    # the same article: the named traveller led the delegation.
    for journey in unnamed:
        docs = {v.doc_id for v in journey.visits}
        origins = {v.origin.country for v in journey.visits if v.origin is not None}
        same = [j for j in journeys if j.shares_stop(journey) and docs & {v.doc_id for v in j.visits}
                and (not origins or origins & {v.origin.country for v in j.visits if v.origin is not None})]
        if len(same) == 1:
            same[0].visits += journey.visits
        else:
            journeys.append(journey)
    return journeys


def _stops(journey: _Journey) -> list[list[Visit]]:
    """The journey's stops, each the list of legs reporting it, in travel order."""
    by_place: dict[str, list[Visit]] = {}
    text_order = sorted(journey.visits, key=lambda v: (v.doc_id, v.trigger_start))
    for visit in text_order:
        by_place.setdefault(visit.destination.id, []).append(visit)
    # A leg that names only a country ("a tour of China") is the journey's stop in a city of
    # that country when it has one: the earliest such stop.
    cities = {}
    for place_id, legs in by_place.items():
        if not all(v.to_country for v in legs):
            cities.setdefault(legs[0].destination.country, place_id)
    for place_id in list(by_place):
        legs = by_place[place_id]
        country = legs[0].destination.country
        if all(v.to_country for v in legs) and cities.get(country, place_id) != place_id:
            by_place[cities[country]] += legs
            del by_place[place_id]
    # A site and its city ("the Great Hall of the People", "Beijing") are one stop: places of one
    # country within STOP_KM of each other join the stop reported most (the city on a tie).
    stops: list[list[Visit]] = []
    for legs in sorted(by_place.values(), key=lambda ls: (-len(ls), ls[0].destination.kind != "city",
                                                          min((v.doc_id, v.trigger_start) for v in ls))):
        here = legs[0].destination
        home = next((s for s in stops if s[0].destination.country == here.country
                     and _km(s[0].destination, here) <= STOP_KM), None)
        if home is None:
            stops.append(list(legs))
        else:
            home += [replace(v, destination=home[0].destination) for v in legs]

    # Sort key per stop: its earliest stated date; an undated stop takes the date of the stop
    # reported just before it in the same article (it came after that one).
    keys: dict[int, tuple] = {}
    first_seen = {id(s): min((v.doc_id, v.trigger_start) for v in s) for s in stops}
    for stop in stops:
        dated = sorted(v.event_date for v in stop if v.event_date)
        before = any(v.before_sentence for v in stop)
        late = max(_LATE.get(v.travel, 0) for v in stop) if all(v.travel in _LATE for v in stop) else 0
        home = all(v.pattern == "return" for v in stop)
        when = dated[0] if dated else _inherited(stop, stops)
        keys[id(stop)] = (late + (3 if home else 0), when or "9999", 0 if before else 1, first_seen[id(stop)])
    # "arrived in China after a visit to Moscow": the earlier stop goes right before the stop its
    # sentence reports, whatever that one's date.
    mates = {(v.doc_id, v.sent_start): id(s) for s in stops for v in s if not v.before_sentence}
    for stop in stops:
        if all(v.before_sentence for v in stop):
            mate = next((mates[(v.doc_id, v.sent_start)] for v in stop if (v.doc_id, v.sent_start) in mates), None)
            if mate is not None and mate != id(stop):
                keys[id(stop)] = keys[mate][:2] + (0,) + keys[id(stop)][3:]
    return sorted(stops, key=lambda s: keys[id(s)])


def _inherited(stop: list[Visit], stops: list[list[Visit]]) -> str | None:
    """The date of the nearest earlier-reported dated stop in the same article."""
    first = min(stop, key=lambda v: (v.doc_id, v.trigger_start))
    best = None
    for other in stops:
        for v in other:
            if v.doc_id == first.doc_id and v.trigger_start < first.trigger_start and v.event_date \
                    and not v.before_sentence:
                if best is None or v.trigger_start > best.trigger_start:
                    best = v
    if best is not None:
        return best.event_date
    if first.before_sentence:
        # "after a visit to Moscow": before the sentence's own stop
        for other in stops:
            for v in other:
                if v.doc_id == first.doc_id and v.sent_start == first.sent_start and v.event_date:
                    return v.event_date
    return None


def _km(a, b) -> float:
    return geodesic_m((a.lon, a.lat), (b.lon, b.lat)) / 1000.0


def _trip_id(visitor: str, first: Leg | Visit, when: str | None) -> str:
    key = "|".join(["-".join(name_tokens(visitor)) or visitor, first.destination.id, when or ""])
    return "trip-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def _representative(reports: list[Visit]) -> list[Visit]:
    """First the report that names the most (a dated one stating an origin), then the others."""
    return sorted(reports, key=lambda v: (v.event_date is None, v.pattern.startswith("meeting"),
                                          v.visitor == "(unnamed)", v.doc_id, v.trigger_start))


def assemble_trips(visits: list[Visit]) -> list[Leg]:
    """Every leg of every journey, in a stable order (by trip, then leg)."""
    legs: list[Leg] = []
    for journey in _journeys(visits):
        stops = _stops(journey)
        named = [v.visitor for v in journey.visits if v.visitor != "(unnamed)" and v.office != "delegation"]
        visitor = _most_used(named or [v.visitor for v in journey.visits if v.visitor != "(unnamed)"], "(unnamed)")
        offices = [v.office for v in journey.visits if v.office and v.office != "delegation"] or \
            [v.office for v in journey.visits if v.office]
        office = sorted(set(offices), key=lambda o: (-offices.count(o), -len(o), o))[0] if offices else ""
        seat = next((v for v in sorted(journey.visits, key=lambda v: (v.origin_reason.startswith("inferred"),
                                                                      v.doc_id, v.trigger_start))
                     if v.origin is not None), None)
        dates = sorted(v.event_date for v in journey.visits if v.event_date)
        pending: list[tuple[list[Visit], object, str, str | None, str, str]] = []
        previous = None
        for stop in stops:
            reports = _representative(stop)
            if previous is None:
                origin = seat.origin if seat else None
                reason = seat.origin_reason if seat else "origin not stated"
            else:
                origin, reason = previous, f"previous stop of the trip ({previous.name})"
            destination = reports[0].destination
            if origin is not None and origin.id == destination.id:
                continue
            when = next((v.event_date for v in reports if v.event_date), None)
            precision = next((v.date_precision for v in reports if v.event_date), "")
            date_reason = "stated" if when else ""
            if when is None and dates:
                when, precision = _nearest_month(stop, journey, dates)
                date_reason = "inferred from the trip's other legs" if when else ""
            travel = _travel(reports)
            pending.append((reports, origin, reason, when, precision, date_reason, travel))
            previous = destination
        if not pending:
            continue
        trip = _trip_id(visitor, pending[0][0][0], dates[0] if dates else None)
        for n, (reports, origin, reason, when, precision, date_reason, travel) in enumerate(pending, 1):
            legs.append(Leg(trip=trip, leg=n, legs=len(pending), visitor=visitor, office=office, origin=origin,
                            destination=reports[0].destination, origin_reason=reason, event_date=when,
                            date_precision=precision, date_reason=date_reason, travel=travel,
                            reports=tuple(reports)))
    return sorted(legs, key=lambda l: (l.trip, l.leg))


def _most_used(values: list[str], default: str) -> str:
    """The form used most often (a full name of two or more words before a surname alone)."""
    if not values:
        return default
    return sorted(set(values), key=lambda v: (len(name_tokens(v)) < 2, -values.count(v), -len(v), v))[0]


def _nearest_month(stop: list[Visit], journey: _Journey, dates: list[str]) -> tuple[str | None, str]:
    """An undated stop of a dated journey: the month of the journey's dated legs, if they agree."""
    months = sorted({d[:7] for d in dates if len(d) >= 7})
    if len(months) == 1:
        return months[0], "month"
    return None, ""


def _travel(reports: list[Visit]) -> TravelStatus:
    """A stop took place if any report says so; else under way, else planned, else cancelled."""
    for status in (TravelStatus.TOOK_PLACE, TravelStatus.UNDER_WAY, TravelStatus.PLANNED, TravelStatus.CANCELLED):
        if any(v.travel is status for v in reports):
            return status
    return TravelStatus.TOOK_PLACE
