"""Turn findings and visits into GeoJSON features: one per finding, one per visit.

A finding's feature is a Point at its locus, or has no geometry when it is a
relation between actors with no literal place (:mod:`geo.findings.assemble`). The
feature list is the single source for every output (HTML, GeoJSON, GeoPackage),
sorted so the same inputs always give the same bytes.
"""
from __future__ import annotations

from typing import Iterable

from .language.roles import role_properties
from .layers import VISITS, LayerRegistry
from .model import Claim, Document, Finding, Source, Visit
from .outlets import profile_of


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
            "place_id": claim.place.id, "lat": _round(claim.place.lat), "lon": _round(claim.place.lon)}


def finding_feature(finding: Finding, documents: dict[str, Document]) -> dict:
    """One GeoJSON Feature per finding: a Point at its locus, or no geometry for a relation."""
    rep = finding.sources[0]
    doc = documents[rep.doc_id]
    locus, m = finding.locus, rep.mention
    dated = next((s for s in finding.sources if s.event_date), rep)
    props = {
        "finding": finding.id,
        "layer": finding.layer,
        "layer_rule": finding.layer_rule,
        "type": finding.type,
        "place": locus.name if locus else None,
        "place_id": locus.id if locus else None,
        "place_kind": locus.kind if locus else None,
        "country": locus.country if locus else None,
        "geo_precision": finding.geo_precision.value,
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


def build_features(findings: Iterable[Finding], visits: Iterable[Visit], documents: dict[str, Document],
                   registry: LayerRegistry) -> list[dict]:
    """All features, ordered by layer (registry order), then document, then offset."""
    features = [finding_feature(f, documents) for f in findings]
    features += [visit_feature(v, documents[v.doc_id]) for v in visits]
    order = {layer: i for i, layer in enumerate(registry.ids())}
    features.sort(key=lambda f: (order.get(f["properties"]["layer"], 99), f["properties"]["doc"],
                                 f["properties"]["start"], f["properties"]["place_id"] or ""))
    return features
