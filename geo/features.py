"""Turn claims and visits into GeoJSON features, one per claim-at-a-place.

The feature list is the single source for every output (HTML, GeoJSON,
GeoPackage), sorted so the same inputs always give the same bytes.
"""
from __future__ import annotations

from typing import Iterable

from .language.roles import role_properties

from .layers import VISITS, LayerRegistry
from .model import Claim, Document, LayerAssignment, Role, Visit

STATUS_ORDER = ("reported", "alleged", "confirmed", "denied")
CONTEXT = "context"


def actor_role(claim: Claim) -> str:
    """Why the place is the claim's speaker or actor ("" if it is where things happen).

    A place named in the attribution speaks; an associative mention
    (:mod:`geo.language.roles`: "Beijing denied", "Chinese officials") acts.
    """
    offset = claim.mention.start - claim.sent_start
    if claim.attribution:
        at = claim.sentence.find(claim.attribution)
        if at >= 0 and at <= offset < at + len(claim.attribution):
            return f"named in the attribution “{claim.attribution}”"
    judged = claim.mention.role
    if judged is not None and judged.role is Role.ASSOCIATIVE:
        return f"associative “{claim.mention.text}” ({judged.reason})"
    return ""


def _round(x: float) -> float:
    # Six decimals is ~0.1 m: more is noise, and fixed rounding keeps output stable.
    return round(float(x), 6)


def _common(doc: Document) -> dict:
    return {
        "doc": doc.path,
        "section": doc.section,
        "title": doc.title,
        "source": doc.outlet,
        "published": doc.published.isoformat() if doc.published else None,
        "url": doc.url,
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


def claim_feature(claim: Claim, doc: Document, registry: LayerRegistry) -> dict:
    assignment = registry.classify(claim.sentence, claim.place.category)
    role = actor_role(claim) if claim.place.kind != "site" else ""
    if role and assignment.layer != CONTEXT:
        assignment = LayerAssignment(CONTEXT, f"{CONTEXT}/actor-not-location", f"{role}; sentence matched {assignment.rule}")
    props = _properties(assignment.layer, f"{assignment.rule}: {assignment.evidence}".rstrip(": "), claim.place,
                        claim, doc, status_evidence=claim.status_evidence, resolution=claim.resolution)
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [_round(claim.place.lon), _round(claim.place.lat)]},
            "properties": props}


def visit_feature(visit: Visit, doc: Document) -> dict:
    dest = visit.destination
    if visit.origin is not None:
        geometry = {"type": "LineString", "coordinates": [[_round(visit.origin.lon), _round(visit.origin.lat)],
                                                          [_round(dest.lon), _round(dest.lat)]]}
    else:
        geometry = {"type": "Point", "coordinates": [_round(dest.lon), _round(dest.lat)]}
    props = _properties(VISITS, f"visits/trip-sentence: {visit.mention.text}", dest, visit, doc,
                        status_evidence="", resolution=visit.origin_reason)
    props.update(visitor=visit.visitor, origin=visit.origin.name if visit.origin else None, destination=dest.name)
    return {"type": "Feature", "geometry": geometry, "properties": props}


def build_features(claims: Iterable[Claim], visits: Iterable[Visit], documents: dict[str, Document],
                   registry: LayerRegistry) -> list[dict]:
    """All features, ordered by layer (registry order), then document, then offset."""
    features = [claim_feature(c, documents[c.doc_id], registry) for c in claims]
    features += [visit_feature(v, documents[v.doc_id]) for v in visits]
    order = {layer: i for i, layer in enumerate(registry.ids())}
    features.sort(key=lambda f: (order.get(f["properties"]["layer"], 99), f["properties"]["doc"],
                                 f["properties"]["start"], f["properties"]["place_id"]))
    return features
