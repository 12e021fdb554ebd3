"""Turn findings and trips into GeoJSON features: one per finding, one per leg of a trip.

A finding's feature is a Point at its locus, or has no geometry when it is a
relation between actors with no literal place (:mod:`geo.findings.assemble`); its
``relation`` property says where such a finding belongs (:func:`relation_of`). The
feature list is the single source for every output (HTML, GeoJSON, GeoPackage),
sorted so the same inputs always give the same bytes.
"""
from __future__ import annotations

from typing import Iterable

from geo.findings.groupings import is_grouping
from geo.findings.layers import VISITS, LayerRegistry
from geo.language.roles import role_properties
from geo.model import Claim, Document, Finding, Leg, Source, Visit
from geo.places.geometry import route_geometry
from geo.read.outlets import profile_of


def _round(x: float) -> float:
    # Six decimals is ~0.1 m: more is noise, and fixed rounding keeps output stable.
    return round(float(x), 6)


def _profile(doc: Document) -> str | None:
    profile = profile_of(doc.outlet)
    return profile.description if profile else None


def _common(doc: Document) -> dict:
    return {
        "doc": doc.path,
        "section": doc.section,
        "title": doc.title,
        "source": doc.outlet,
        "source_profile": _profile(doc),
        "published": doc.published.isoformat() if doc.published else None,
        "url": doc.url,
        "filed_from": doc.filed_from or None,
        "language": doc.language or None,
    }


def _properties(layer: str, rule: str, place, record: Claim | Visit, doc: Document, *,
                status_evidence: str, resolution: str) -> dict:
    """The properties every feature has, in the GeoJSON's fixed key order.

    ``record`` is a claim or a visit: both carry the mention, the verbatim
    sentence, its dating, attribution, status and confidence.
    """
    return {
        "layer": layer,
        "layer_rule": rule,
        "place": place.name,
        "place_id": place.id,
        "place_kind": place.kind,
        "country": place.country,
        "mention": record.mention.text,
        **role_properties(record.mention),
        "start": doc.offset + record.mention.start,
        "end": doc.offset + record.mention.end,
        "claim": record.sentence,
        **_common(doc),
        "event_date": record.event_date,
        "event_date_text": record.event_date_text,
        "attribution": record.attribution,
        "status": record.status,
        "status_evidence": status_evidence,
        "confidence": round(record.confidence, 3),
        "resolution": resolution,
        "coord_source": place.source,
    }


def _claim_record(source: Source, documents: dict[str, Document]) -> dict:
    doc = documents[source.doc_id]
    m = source.mention
    return {
        "claim": source.sentence,
        "doc": doc.path,
        "section": doc.section,
        "start": doc.offset + (m.start if m else source.sent_start),
        "end": doc.offset + (m.end if m else source.sent_end),
        "source": doc.outlet,
        "source_profile": _profile(doc),
        "published": doc.published.isoformat() if doc.published else None,
        "url": doc.url,
        "language": doc.language or None,
        "attribution": source.attribution,
        "stance": source.stance.value,
        "status": source.status,
        "event_date": source.event_date,
    }


def _place_record(claim: Claim, documents: dict[str, Document]) -> dict:
    doc = documents[claim.doc_id]
    return {"name": claim.place.name, "doc": doc.path, "start": doc.offset + claim.mention.start,
            "end": doc.offset + claim.mention.end, **role_properties(claim.mention),
            "place_id": claim.place.id, "kind": claim.place.kind, "lat": _round(claim.place.lat),
            "lon": _round(claim.place.lon)}


# Actor places that belong to one country: a relation between two of them links two countries.
RELATION_KINDS = ("country", "adm1", "adm2", "city", "site")


def relation_of(finding: Finding) -> tuple[str | None, list[str], str | None]:
    """(relation, end place ids, country) for a finding with no literal place.

    * ``"link"``: actor places of two or more countries: a link between the first two named
      ("Beijing offered Havana credit");
    * ``"country"``: actor places of one country only, as one actor ("China's leaders fear
      unrest") or several of it ("Beijing said China ..."): one of that country's findings,
      shown in its panel, never a link or a marker of its own;
    * ``"region"``: no actor of a country, only a region's ("Latin America wants ..."): at
      that region's point, as a place of its own;
    * ``"unplaced"``: its only actor places are political groupings ("the West warned ..."),
      which have no government and no territory (:mod:`geo.findings.groupings`): no point
      is drawn for it; it is in every export, without geometry, and in the map's "Not
      placed" panel (``unplaced`` in the payload, ``static/unplaced.js``).

    A finding with a locus has no relation (``None``).

    >>> from geo.model import Actor, Claim, Finding, GeoPrecision, Mention, Place
    >>> cu = Place("geonames:1", "Cuba", 21.5, -79.5, "country", "CU")
    >>> hav = Place("geonames:2", "Havana", 23.1, -82.4, "city", "CU")
    >>> def claim(p): return Claim("d", p, Mention("d", 0, 4, p.name), "s", 0, 1)
    >>> f = Finding("d@0", "other", "", "other", None, GeoPrecision.NONE,
    ...             (Actor("Havana", "place", "associative", hav.id, "CU"),
    ...              Actor("Cuba", "place", "associative", cu.id, "CU")), (claim(hav), claim(cu)), ())
    >>> relation_of(f)
    ('country', ['geonames:2'], 'CU')
    """
    if finding.locus is not None:
        return None, [], None
    kinds = {c.place.id: c.place.kind for c in finding.places}
    by_country: dict[str, str] = {}
    for a in finding.actors:
        if a.kind == "place" and kinds.get(a.place_id) in RELATION_KINDS and a.country:
            by_country.setdefault(a.country, a.place_id)
    ends = list(by_country.items())
    if len(ends) >= 2:
        return "link", [ends[0][1], ends[1][1]], None
    if ends:
        return "country", [ends[0][1]], ends[0][0]
    region = next((a.place_id for a in finding.actors
                   if a.kind == "place" and a.place_id in kinds and not is_grouping(a.place_id)), None)
    if region is None:
        region = next((i for i in kinds if not is_grouping(i)), None)
    if region is None and kinds:
        return "unplaced", [], None
    return "region", [region] if region else [], None


def finding_feature(finding: Finding, documents: dict[str, Document]) -> dict:
    """One GeoJSON Feature per finding: a Point at its locus, or no geometry for a relation."""
    rep = finding.sources[0]
    doc = documents[rep.doc_id]
    locus, m = finding.locus, rep.mention
    dated = next((s for s in finding.sources if s.event_date), rep)
    relation, ends, panel = relation_of(finding)
    props = {
        "finding": finding.id,
        "layer": finding.layer,
        "layer_rule": finding.layer_rule,
        "type": finding.type,
        "place": locus.name if locus else None,
        "place_id": locus.id if locus else None,
        "place_kind": locus.kind if locus else None,
        # a relation about one country belongs to that country (its panel)
        "country": locus.country if locus else panel,
        "geo_precision": finding.geo_precision.value,
        "relation": relation,
        "relation_ends": ends,
        "mention": m.text if m else None,
        **(role_properties(m) if m else {"role": None, "role_confidence": None, "role_reason": None}),
        "start": doc.offset + (m.start if m else rep.sent_start),
        "end": doc.offset + (m.end if m else rep.sent_end),
        "claim": rep.sentence,
        **_common(doc),
        "event_date": dated.event_date,
        "event_date_text": dated.event_date_text,
        "attribution": rep.attribution,
        "status": finding.status,
        "status_evidence": finding.status_evidence,
        "confidence": round(finding.confidence, 3),
        "resolution": finding.resolution,
        "coord_source": locus.source if locus else None,
        "actors": [{"name": a.name, "kind": a.kind, "role": a.role, "place_id": a.place_id or None,
                    "country": a.country or None} for a in finding.actors],
        "places": [_place_record(c, documents) for c in finding.places],
        "claims": [_claim_record(s, documents) for s in finding.sources],
    }
    geometry = ({"type": "Point", "coordinates": [_round(locus.lon), _round(locus.lat)]} if locus else None)
    return {"type": "Feature", "geometry": geometry, "properties": props}


def _report_record(visit: Visit, documents: dict[str, Document]) -> dict:
    """One sentence reporting a leg, in the shape of a finding's ``claims`` entries."""
    doc = documents[visit.doc_id]
    return {
        "claim": visit.sentence,
        "doc": doc.path,
        "section": doc.section,
        "start": doc.offset + visit.mention.start,
        "end": doc.offset + visit.mention.end,
        "source": doc.outlet,
        "source_profile": _profile(doc),
        "published": doc.published.isoformat() if doc.published else None,
        "url": doc.url,
        "attribution": visit.attribution,
        "stance": "denies" if visit.status == "denied" else "asserts",
        "status": visit.status,
        "event_date": visit.event_date,
        "travel": visit.travel.value,
        "found_by": visit.pattern,
    }


def leg_feature(leg: Leg, itinerary: list[str], documents: dict[str, Document], layer: str = VISITS) -> dict:
    """One leg of a trip: a great-circle line from origin to destination (a Point with no origin)."""
    rep = leg.reports[0]
    doc = documents[rep.doc_id]
    dest = leg.destination
    if leg.origin is not None:
        geometry = route_geometry((leg.origin.lon, leg.origin.lat), (dest.lon, dest.lat))
    else:
        geometry = {"type": "Point", "coordinates": [_round(dest.lon), _round(dest.lat)]}
    props = _properties(layer, f"{layer}/{rep.pattern}: {rep.mention.text}", dest, rep, doc,
                        status_evidence="", resolution=leg.origin_reason)
    props.update(
        event_date=leg.event_date,
        status=leg.travel.value,
        report_status=_report_status(leg),
        visitor=leg.visitor,
        office=leg.office or None,
        origin=leg.origin.name if leg.origin else None,
        destination=dest.name,
        trip=leg.trip,
        leg=leg.leg,
        legs=leg.legs,
        itinerary=itinerary,
        event_date_precision=leg.date_precision or None,
        event_date_reason=leg.date_reason or None,
        counterpart=next((v.counterpart for v in leg.reports if v.counterpart), None),
        claims=[_report_record(v, documents) for v in leg.reports],
    )
    return {"type": "Feature", "geometry": geometry, "properties": {"finding": f"{leg.trip}.{leg.leg}", **props}}


def _report_status(leg: Leg) -> str:
    statuses = {v.status for v in leg.reports}
    return "denied" if statuses == {"denied"} else ("disputed" if "denied" in statuses else
                                                     sorted(statuses)[0] if statuses else "reported")


def _itineraries(legs: Iterable[Leg]) -> dict[str, list[str]]:
    """Trip id -> its stops in order: the first origin, then every destination."""
    out: dict[str, list[str]] = {}
    for leg in sorted(legs, key=lambda l: (l.trip, l.leg)):
        stops = out.setdefault(leg.trip, [])
        if not stops:
            stops.append(leg.origin.name if leg.origin else "(origin not stated)")
        stops.append(leg.destination.name)
    return out


def build_features(findings: Iterable[Finding], legs: Iterable[Leg], documents: dict[str, Document],
                   registry: LayerRegistry) -> list[dict]:
    """All features, ordered by layer (registry order), then document, then offset."""
    legs = list(legs)
    itineraries = _itineraries(legs)
    features = [finding_feature(f, documents) for f in findings]
    features += [leg_feature(leg, itineraries[leg.trip], documents, registry.visits_layer) for leg in legs]
    order = {layer: i for i, layer in enumerate(registry.ids())}
    features.sort(key=lambda f: (order.get(f["properties"]["layer"], 99), f["properties"]["doc"],
                                 f["properties"]["start"], f["properties"]["place_id"] or ""))
    return features
