"""Places the findings name literally where they are not drawn: the map's "Also named" layer.

A finding is drawn once, at its locus; the other places its sentences name as where something is
or happens ("troops moved from Gao to Kidal", the locus being Kidal) would otherwise be on no
layer, only in the popup's small print. This picks them out of the findings' ``places`` records
(GeoJSON properties, :func:`geo.findings.features.finding_feature`) so the map can draw each as a
small dot that opens the findings naming it, a place with a marker of its own included (its
marker opens only the findings drawn at it).

Measured with ``scripts/eval_drawn.py --view map`` on LGL's held-out half (near from LGL's gold
point): adding these dots to the loci raises the share of the articles' literal places that are
drawn from 37.8% to 46.0% on the first sample and from 45.5% to 57.1% on the second (blind) one;
the share of drawn mentions that are literal places moves from 87.5% to 88.3% and from 68.6% to
73.3%, within 161 km from 71.9% to 75.3% and from 90.2% to 91.7% (the README's table). Adding whole
countries as dots measured +1 literal place drawn on the second sample and -2.2 points of literal
share on the first: left out.

Actors (associative mentions: "Moscow said") are never drawn here: they are who acts, not where.
Whole countries, regions and continents are left out too: a country's findings are on its
outline, and a dot in a country's middle says nothing the outline does not.

>>> f = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [1.0, 2.0]},
...      "properties": {"place_id": "kidal", "places": [
...          {"name": "Kidal", "place_id": "kidal", "kind": "city", "role": "literal", "lat": 2.0, "lon": 1.0,
...           "doc": "a.txt", "start": 30, "end": 35},
...          {"name": "Gao", "place_id": "gao", "kind": "city", "role": "literal", "lat": 3.0, "lon": 4.0,
...           "doc": "a.txt", "start": 20, "end": 23},
...          {"name": "Bamako", "place_id": "bko", "kind": "city", "role": "associative", "lat": 5.0, "lon": 6.0,
...           "doc": "a.txt", "start": 0, "end": 6}]}}
>>> [(n.name, n.features, n.mentions) for n in named_places([f])]
[('Gao', (0,), (('a.txt', 20, 23),))]
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.present.render.safety import lonlat

# Kinds drawn as a dot: a point stands for them. Countries, regions and continents are areas.
NAMED_KINDS = ("city", "site", "street", "adm2", "adm1", "water")


@dataclass(frozen=True)
class NamedPlace:
    """One place named literally by findings drawn elsewhere."""

    place_id: str
    name: str
    kind: str
    lat: float
    lon: float
    features: tuple[int, ...]                   # indices of the features (findings) naming it
    mentions: tuple[tuple[str, int, int], ...]  # (doc, start, end) of each naming, in file offsets


def _sentence_of(props: dict) -> str:
    """The finding's sentence: its id without the site suffix ("a.txt#0@641#1" -> "a.txt#0@641")."""
    fid = str(props.get("finding") or "")
    head, at, tail = fid.rpartition("@")
    return f"{head}{at}{tail.split('#')[0]}" if at else fid or str(id(props))


def named_places(features: list[dict]) -> list[NamedPlace]:
    """The places the features' sentences name literally where the feature naming them is drawn
    elsewhere, in the order first named (deterministic).

    A place that is some other finding's locus is named too: its marker opens the findings drawn
    at it, not the ones that name it and are drawn elsewhere ("Ridge Farm, Ill.", the finding at
    Ridge Farm, when another sentence's finding is drawn at Illinois). Leaving such a place out
    hid a literal place's mention on the map: measured with ``scripts/eval_drawn.py --view map``
    on the first LGL sample, issue 14's third pass (the README's table)."""
    found: dict[str, dict] = {}
    # A sentence that lists several sites is one finding per site ("a base in Cambodia and a port
    # in the UAE", geo.findings.assemble): each names the other, already drawn from the same sentence.
    drawn_from: dict[str, set[str]] = {}
    for f in features:
        p = f.get("properties") if isinstance(f, dict) else None
        if isinstance(p, dict) and f.get("geometry") is not None and p.get("place_id"):
            drawn_from.setdefault(str(p["place_id"]), set()).add(_sentence_of(p))
    for fid, f in enumerate(features):
        p = f.get("properties") if isinstance(f, dict) else None
        records = p.get("places") if isinstance(p, dict) else None
        if f.get("geometry") is None or not isinstance(records, list):
            continue    # a relation between actors names no literal place
        for rec in records:
            if not isinstance(rec, dict) or rec.get("role") != "literal" or rec.get("kind") not in NAMED_KINDS:
                continue
            pid, point = str(rec.get("place_id") or ""), lonlat([rec.get("lon"), rec.get("lat")])
            if not pid or pid == str(p.get("place_id") or "") or point is None \
                    or _sentence_of(p) in drawn_from.get(pid, ()):
                continue     # the finding's own locus is its marker
            lon, lat = point
            g = found.setdefault(pid, {"name": str(rec.get("name") or ""), "kind": rec["kind"], "lat": lat,
                                       "lon": lon, "features": [], "mentions": []})
            if fid not in g["features"]:
                g["features"].append(fid)
            where = (str(rec.get("doc") or ""), rec.get("start"), rec.get("end"))
            if isinstance(where[1], int) and isinstance(where[2], int) and where not in g["mentions"]:
                g["mentions"].append(where)
    return [NamedPlace(pid, g["name"], g["kind"], g["lat"], g["lon"], tuple(g["features"]), tuple(g["mentions"]))
            for pid, g in found.items()]
