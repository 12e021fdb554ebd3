"""physical.csv: rivers, lakes, seas, ranges, parks and islands of public record, schema-checked."""
import pytest

from geo.datafiles import DATA
from geo.places.gazetteer.normalize import norm
from geo.places.gazetteer.readers import PHYSICAL_KINDS, curated_physical

ROWS = curated_physical(DATA / "physical.csv")


def test_every_shipped_row_has_a_point_a_kind_and_a_public_source():
    assert len(ROWS) >= 200
    assert len({r.id for r in ROWS}) == len(ROWS)
    for r in ROWS:
        assert r.feature in PHYSICAL_KINDS and r.source.startswith("https://"), r.id
        assert -90 <= r.lat <= 90 and -180 <= r.lon <= 180, r.id


def test_us_features_lie_in_the_us_and_its_territories():
    for r in (r for r in ROWS if r.country == "US"):
        assert 17 < r.lat < 72 and (-180 < r.lon < -64), r.id


def test_no_name_is_written_twice_or_shadows_a_state_or_country_name():
    names = [norm(n) for r in ROWS for n in (r.name, *r.aliases)]
    assert len(names) == len(set(names))
    # an alias such as "the Mississippi" would normalise to the state's own name
    for shadow in ("mississippi", "amazon", "georgia", "jordan", "colorado", "hudson", "delaware"):
        assert shadow not in names


def test_a_bad_row_names_the_file_and_line(tmp_path):
    head = "id,name,aliases,feature,lat,lon,country,source\n"
    good = "a,A River,,river,1,2,,https://example.org/a\n"
    cases = {"b,B,,glacier,1,2,,https://example.org/b\n": "feature 'glacier'",
             "b,B,,lake,north,2,,https://example.org/b\n": "not numbers",
             "b,B,,lake,95,2,,https://example.org/b\n": "off the globe",
             "a,B,,lake,1,2,,https://example.org/b\n": "used before",
             "b,B,,lake,1,2,usa,https://example.org/b\n": "alpha-2",
             "b,B,,lake,1,2,,example.org/b\n": "https"}
    for row, problem in cases.items():
        path = tmp_path / "physical.csv"
        path.write_text(head + good + row, encoding="utf-8")
        with pytest.raises(ValueError, match=f"physical.csv: line 3: .*{problem}"):
            curated_physical(path)


def test_features_are_gazetteer_candidates(gazetteer):
    top = gazetteer.candidates("Rockies")[0]
    assert top.kind == "region" and top.id == "feature:rocky-mountains" and top.source.startswith("https://")
    assert gazetteer.candidates("Lake Okeechobee")[0].kind == "water"


def test_a_bad_within_code_is_an_error(tmp_path):
    path = tmp_path / "physical.csv"
    path.write_text("id,name,aliases,feature,lat,lon,country,within,point,source\n"
                    "a,A River,,river,1,2,,US-ME;France,hand,https://example.org/a\n", encoding="utf-8")
    with pytest.raises(ValueError, match="physical.csv: line 2: within 'France'"):
        curated_physical(path)


# ---- every row's point against the areas it names (Natural Earth 1:10m countries; US states
# as the convex hull of their ZIP code points, a state's outline not being shipped) ----------

LAND_KM = 10          # the shapes' resolution, and a park or peak on a state line
NEAR_KM = {"river": 60, "lake": 100, "sea": 1000}   # a mouth offshore, a lake's middle, a sea's centre
COAST_KM = 200        # "~": an offshore reef, island group or island park
OPEN_SEA_KM = 50      # an ocean (no area named) lies this far from any land at least


def _km(a, b):
    import math

    (lon1, lat1), (lon2, lat2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def areas():
    import csv

    import pycountry
    import zipcodes
    from shapely.geometry import MultiPoint
    from shapely.ops import unary_union
    from shapely.validation import make_valid

    from geo.present.render import shapepack

    # The basemap's own 1:10m country shapes (packed valid: geo/present/render/shapepack.py).
    pack = shapepack.read("countries_10m.wkb.gz")
    by_number: dict[str, list] = {}
    for props, g in zip(pack.properties, pack.geoms):
        by_number.setdefault(str(props.get("id")), []).append(g if g.is_valid else make_valid(g))
    towns: dict[str, list] = {}
    for z in zipcodes.list_all():
        towns.setdefault(z["state"], []).append((float(z["long"]), float(z["lat"])))
    with (DATA / "physical.csv").open(encoding="utf-8", newline="") as fh:
        within = {r["id"]: [c for c in r["within"].split(";") if c] for r in csv.DictReader(fh)}

    def area(code):
        if code.startswith("US-"):
            return MultiPoint(towns[code[3:]]).convex_hull
        return unary_union(by_number[pycountry.countries.get(alpha_2=code).numeric])

    codes = {c.lstrip("~") for cs in within.values() for c in cs}
    return within, {c: area(c) for c in codes}, unary_union([g for gs in by_number.values() for g in gs])


def _gap_km(geom, lat, lon):
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    pt = Point(lon, lat)
    if geom.contains(pt):
        return 0.0
    q = nearest_points(geom, pt)[0]
    return _km((q.x, q.y), (lon, lat))


def test_every_point_lies_in_or_beside_the_areas_its_row_names(areas):
    within, shapes, land = areas
    assert set(within) == {r.id for r in ROWS}
    wrong = []
    for r in ROWS:
        codes = within[r.id]
        if not codes:
            assert r.feature == "sea", r.id
            if _gap_km(land, r.lat, r.lon) < OPEN_SEA_KM:
                wrong.append((r.id, "an open ocean's point on land"))
            continue
        if r.country:
            assert any(c.lstrip("~").split("-")[0] == r.country for c in codes), r.id
        gap, code = min((_gap_km(shapes[c.lstrip("~")], r.lat, r.lon), c) for c in codes)
        allowed = NEAR_KM.get(r.feature, COAST_KM if code.startswith("~") else LAND_KM)
        if gap > allowed:
            wrong.append((r.id, f"{gap:.0f} km from {code}, {allowed} allowed"))
    assert not wrong


def test_the_check_catches_a_swapped_sign_and_a_wrong_state(areas):
    _, shapes, _ = areas
    assert _gap_km(shapes["US-UT"], 38.68, -109.57) == 0               # Arches, as shipped
    assert _gap_km(shapes["US-UT"], 38.68, 109.57) > 5000              # longitude sign lost
    assert _gap_km(shapes["US-ME"], 38.68, -109.57) > 1000             # right point, state mixed up
