"""A realistic (made-up) pipeline output for the renderer tests.

Places and coordinates are real; the claims paraphrase public reporting
on Chinese overseas basing (Project 141) and are test data only.
"""
from __future__ import annotations

PLACES = {
    "Havana": (-82.3666, 23.1136),
    "Lourdes SIGINT station": (-82.4631, 22.9833),
    "Ream Naval Base": (103.6097, 10.5069),
    "Khalifa Port": (54.6453, 24.8108),
    "Beijing": (116.3972, 39.9075),
    "Moscow": (37.6156, 55.7522),
}

LAYERS = [
    {"id": "project141", "title": "Project 141 sites", "color": "#d55e00",
     "description": "Sites US officials link to the PLA overseas basing plan"},
    {"id": "visits", "title": "Visits", "color": "#0072b2",
     "description": "Official trips, origin to destination"},
    {"id": "intelligence", "title": "Intelligence facilities", "color": "#cc79a7",
     "description": "Signals-intelligence and listening sites"},
    {"id": "military", "title": "Military", "color": "#e69f00", "description": ""},
    {"id": "diplomacy", "title": "Diplomacy", "color": "#000000", "description": ""},
]

DOCUMENTS = [
    {"doc": "000_b5dd85210807ba65.txt#0", "title": "China plans spy base in Cuba",
     "outlet": "Wall Street Journal", "published": "2023-06-08",
     "url": "https://www.wsj.com/articles/cuba-china-spy-base"},
    {"doc": "001_9e574cd62c6c2163.txt#0", "title": "Beijing's Project 141",
     "outlet": "Reuters", "published": "2023-06-20", "url": "https://www.reuters.com/world/project-141"},
    {"doc": "002_499daa09864d914d.txt#0", "title": "Ream naval base expansion",
     "outlet": "Washington Post", "published": "2022-06-06", "url": ""},
    {"doc": "003_b28abded724856ce.txt#0", "title": "Havana denies base reports",
     "outlet": "Granma", "published": "2023-06-09", "url": "javascript:alert(1)"},
]


def point(layer, place, claim, *, doc="000_b5dd85210807ba65.txt#0", source="Wall Street Journal",
          published="2023-06-08", event_date=None, status="reported", url="https://www.wsj.com/x",
          attribution="According to US officials", confidence=0.9, mention=None):
    lon, lat = PLACES[place]
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "layer": layer, "place": place, "mention": mention or place, "claim": claim,
            "doc": doc, "source": source, "published": published, "event_date": event_date,
            "attribution": attribution, "status": status, "confidence": confidence, "url": url,
            "resolution": "curated site list" if "station" in place or "Base" in place or "Port" in place
            else "GeoNames: most populous match",
            "layer_rule": f"keyword rule for {layer}",
        },
    }


def visit(origin, destination, visitor, claim, *, event_date="2023-05", status="reported",
          doc="001_9e574cd62c6c2163.txt#0"):
    (lon0, lat0), (lon1, lat1) = PLACES[origin], PLACES[destination]
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": [[lon0, lat0], [lon1, lat1]]},
        "properties": {
            "layer": "visits", "place": destination, "mention": destination, "claim": claim,
            "doc": doc, "source": "Reuters", "published": "2023-06-20", "event_date": event_date,
            "attribution": "State media reported", "status": status, "confidence": 0.95,
            "url": "https://www.reuters.com/world/project-141", "resolution": "GeoNames capital",
            "layer_rule": "visit verb + origin/destination", "visitor": visitor,
            "origin": origin, "destination": destination,
        },
    }


def briefing_features() -> list[dict]:
    """The normal fixture: 6 places, grouped claims, one visit."""
    f = [
        point("project141", "Ream Naval Base", "US officials say the PLA will have exclusive use of part of Ream.",
              doc="002_499daa09864d914d.txt#0", source="Washington Post", published="2022-06-06",
              event_date="2022-06", url=""),
        point("project141", "Ream Naval Base", "Cambodia denies that any foreign military will be based at Ream.",
              doc="002_499daa09864d914d.txt#0", source="Washington Post", published="2022-06-06",
              status="denied", attribution="Cambodian defence ministry"),
        point("project141", "Khalifa Port", "Construction of a suspected Chinese military facility near Khalifa Port was halted in 2021.",
              source="Reuters", published="2023-06-20", event_date="2021"),
        point("project141", "Havana", "A proposed PLA training facility in Cuba is part of Project 141.",
              source="Reuters", published="2023-06-20", event_date="2023-06"),
        point("intelligence", "Lourdes SIGINT station", "The Lourdes station was run by Moscow until 2001.",
              published="2023-06-08", event_date="2001", status="confirmed"),
        point("intelligence", "Havana", "China and Cuba reached a secret agreement to build an eavesdropping facility.",
              event_date="2023-06"),
        point("intelligence", "Havana", "Cuba called the report 'totally mendacious and unfounded'.",
              doc="003_b28abded724856ce.txt#0", source="Granma", published="2023-06-09", status="denied",
              url="javascript:alert(1)", attribution="Cuban vice foreign minister"),
        point("intelligence", "Havana", "China has operated intelligence facilities in Cuba since 2019, an official said.",
              event_date="2019", status="alleged", attribution="A Biden administration official"),
        point("diplomacy", "Moscow", "Moscow offered to reopen the Lourdes station in 2014.",
              event_date="2014-07", published="2023-06-08", status="denied"),
        point("military", "Beijing", "Beijing's defence ministry rejected the reports.",
              source="Reuters", published="2023-06-20", status="denied"),
        visit("Havana", "Beijing", "Cuban President Miguel Diaz-Canel",
              "Diaz-Canel visited Beijing and met Xi Jinping.", event_date="2022-11-25"),
    ]
    return f


PAYLOADS = [
    "<script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "`${alert(1)}` and \\` break-out",
    "C:\\users\\2019 \"double\" 'single'",
    "{{ 7*7 }} {% if true %}jinja{% endif %} {# c #}",
    "--> <!-- \u2028 line sep",
]


def payload_features() -> list[dict]:
    """Features whose every text field is hostile."""
    out = []
    for i, text in enumerate(PAYLOADS):
        f = point("intelligence", "Havana", f"claim[{i}] {text}", source=text, attribution=text,
                  url="javascript:alert(1)" if i % 2 == 0 else "https://example.com/" + text,
                  mention=text, published="2023-06-0" + str(i + 1))
        f["properties"]["resolution"] = text
        f["properties"]["layer_rule"] = text
        out.append(f)
    # a hostile place name gets its own marker
    f = point("project141", "Khalifa Port", "payload place", url="javascript:alert(1)")
    f["properties"]["place"] = PAYLOADS[2]
    out.append(f)
    v = visit("Havana", "Beijing", PAYLOADS[0], PAYLOADS[1])
    v["properties"]["origin"] = PAYLOADS[3]
    out.append(v)
    # the hostile layer holds a claim, so the layer control offers it (empty layers are not shown)
    out.append(point("evil", "Beijing", "a claim in the hostile layer"))
    return out


PAYLOAD_LAYERS = LAYERS + [
    {"id": "evil", "title": "<img src=x onerror=alert(1)> {{ 7*7 }}", "color": "red;x:url(y)",
     "description": "</script><script>alert(1)</script>"},
]
PAYLOAD_DOCUMENTS = DOCUMENTS + [
    {"doc": "x", "title": "<img src=x onerror=alert(1)>", "outlet": "</script><script>alert(1)</script>",
     "published": "{{ 7*7 }}", "url": "javascript:alert(1)"},
]


def seed_scale_features(n: int = 200) -> list[dict]:
    """About ``n`` features, mostly Havana, like the seed corpus."""
    base = briefing_features()
    out = []
    places = list(PLACES)
    for i in range(n):
        layer = ("intelligence", "project141", "military", "diplomacy")[i % 4]
        place = "Havana" if i % 3 else places[i % len(places)]
        out.append(point(layer, place, f"Claim number {i}: " + base[i % 10]["properties"]["claim"] * 2,
                         published=f"2023-{1 + i % 12:02d}-{1 + i % 27:02d}",
                         status=("reported", "denied", "confirmed", "alleged")[i % 4]))
    out.append(base[-1])
    return out
