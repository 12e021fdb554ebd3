"""sites.csv: every row that cannot be mapped is one problem line (file and line number), left out
of the gazetteer and so of every output; the shipped file passes the same check."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.places.gazetteer.index import DEFAULT_SITES, read_sites
from geo.places.gazetteer.sites import COLUMNS, check_sites

# The layout before operator, anchors and notes were added: such files still load.
HEADER = ",".join(COLUMNS[:10])


def test_every_shipped_site_passes_the_validator():
    text = DEFAULT_SITES.read_text(encoding="utf-8")
    rows, problems = check_sites(text, "geo/data/sites.csv")
    assert problems == []
    data_lines = [x for x in text.splitlines()[1:] if x.strip()]
    assert len(rows) == len(data_lines) == len(read_sites(DEFAULT_SITES))
    assert all(r.place.source.startswith("https://") for r in rows)   # each row names its public source


@pytest.mark.parametrize("lat, lon, problem", [
    ("nan", "10", "lat 'nan' is not a finite number"),
    ("NaN", "10", "lat 'NaN' is not a finite number"),
    ("10", "Infinity", "lon 'Infinity' is not a finite number"),
    ("-inf", "10", "lat '-inf' is not a finite number"),
    ("90.5", "10", "lat '90.5' is outside -90..90"),
    ("10", "-180.01", "lon '-180.01' is outside -180..180"),
    ("ten", "10", "lat 'ten' is not a number"),
    ("", "10", "lat is empty"),
])
def test_bad_coordinates(lat, lon, problem):
    text = f"{HEADER}\nok,Fine,,1,2,,,,,\nbad,Bad,,{lat},{lon},,,,,\n"
    rows, problems = check_sites(text)
    assert [r.place.id for r in rows] == ["site:ok"]
    assert [str(p) for p in problems] == [f"sites.csv: line 3: {problem}; row ignored"]


def test_duplicates_missing_fields_and_line_numbers_across_quoted_newlines():
    text = (f"{HEADER}\n"
            'a,Alpha,"two\nline aliases",1,2,,,,,\n'   # lines 2-3
            "a,Alpha again,,1,2,,,,,\n"                 # line 4: duplicate
            ",No id,,1,2,,,,,\n"                         # line 5
            "c,,,1,2,,,,,\n"                             # line 6
            "\n"
            "d,Too many,,1,2,,,,,,extra\n"               # line 8
            "lourdes-sigint,Mine,,1,2,,,,,\n")           # line 9: the shipped id
    rows, problems = check_sites(text, known_ids={"lourdes-sigint": "in geo/data/sites.csv"})
    assert [r.place.id for r in rows] == ["site:a"]
    assert [str(p) for p in problems] == [
        "sites.csv: line 4: id 'a' is used before (line 2); row ignored",
        "sites.csv: line 5: id is empty; row ignored",
        "sites.csv: line 6: name is empty; row ignored",
        "sites.csv: line 8: 1 more field(s) than the header has columns; row ignored",
        "sites.csv: line 9: id 'lourdes-sigint' is used before (in geo/data/sites.csv); row ignored",
    ]


def test_header_without_required_columns_is_one_problem():
    rows, problems = check_sites("name,latitude,longitude\nX,1,2\n")
    assert rows == [] and len(problems) == 1
    assert str(problems[0]).startswith("sites.csv: line 1: ignored, the header lacks column(s) id, lat, lon")


def _strict_json(text: str):
    def refuse(constant):
        raise ValueError(f"{constant} in GeoJSON")
    return json.loads(text, parse_constant=refuse)


def test_build_reports_bad_site_rows_and_never_writes_them(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("Officials toured the Zorvakh Yard and the Pelmark Depot near Havana on "
                                  "Monday, Cuban state media said.\n", encoding="utf-8")
    (folder / "sites.csv").write_text(
        f"{HEADER}\n"
        "zorvakh,Zorvakh Yard,Zorvakh Yard,nan,-82.3,CU,naval-base,,,https://example.com/z\n"
        "pelmark,Pelmark Depot,Pelmark Depot,23.0,-82.4,CU,naval-base,,,https://example.com/p\n",
        encoding="utf-8")
    out = tmp_path / "out" / "m.html"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "-q", "--no-cache"])
    assert result.exit_code == 3, result.output
    assert "skipped: sites.csv: line 2: lat 'nan' is not a finite number; row ignored" in result.stderr
    geojson = _strict_json(out.with_suffix(".geojson").read_text(encoding="utf-8"))
    places = {f["properties"]["place_id"] for f in geojson["features"]}
    assert "site:pelmark" in places and "site:zorvakh" not in places
    assert "Traceback" not in result.output


# ---- the shipped knowledge base, row by row ------------------------------------------------
from geo.places.gazetteer.sites import KINDS, STATUSES, audit_sites  # noqa: E402

SHIPPED, _ = check_sites(DEFAULT_SITES.read_text(encoding="utf-8"), "geo/data/sites.csv")
# Aliases of the rows that predate the anchors column and share a town's name; the resolver
# weighs them against the town by the article's country (tests/places/test_resolve.py).
LEGACY_ALIASES = {"lourdes", "guantanamo", "guantánamo", "tiananmen"}
# Countries the gazetteer has no record for (GeoNames' XK: Kosovo; UM: US Minor Outlying Islands).
NOT_IN_GAZETTEER = {"XK", "UM"}


def test_the_knowledge_base_is_several_hundred_rows():
    assert len(SHIPPED) >= 300
    assert {r.place.category for r in SHIPPED} <= set(KINDS)
    assert {r.status for r in SHIPPED} <= set(STATUSES)


@pytest.mark.parametrize("row", SHIPPED, ids=lambda r: r.place.id)
def test_shipped_row_passes_the_audit(row):
    assert [str(p) for p in audit_sites([row], "geo/data/sites.csv")] == []
    assert row.place.source.startswith("https://")


def test_audit_names_each_missing_field():
    text = f"{','.join(COLUMNS)}\nz,Zed,,1,2,ZZ,fort,,open,,,,,\n"
    rows, _ = check_sites(text)
    (problem,) = audit_sites(rows)
    for part in ("country 'ZZ'", "category 'fort'", "status 'open'", "operator is empty", "source is empty"):
        assert part in str(problem)


@pytest.fixture(scope="module")
def gaz():
    from geo.places.gazetteer import Gazetteer

    return Gazetteer.open()


def test_aliases_do_not_shadow_towns_or_countries(gaz):
    """An alias means the facility wherever it occurs: it must not be the own name of a
    populated place, division or country (those go in ``anchors``)."""
    clashes = []
    for row in SHIPPED:
        for alias in row.names[1:]:
            if alias.casefold() in LEGACY_ALIASES:
                continue
            # A GeoNames entry for the base itself ("Offutt Air Force Base", a census place) is no namesake.
            hits = [c for c in gaz.lookup(alias, 50) if c.place.kind != "site" and c.match in ("name", "variant")
                    and c.place.kind in ("country", "adm1", "adm2", "city")
                    and _km((row.place.lat, row.place.lon), (c.place.lat, c.place.lon)) > 15]
            if hits:
                clashes.append((row.place.id, alias, hits[0].place.id))
    assert clashes == []


def test_aliases_are_unique_across_rows():
    owner: dict[str, str] = {}
    for row in SHIPPED:
        for alias in row.names:
            key = alias.casefold()
            assert owner.setdefault(key, row.place.id) == row.place.id, f"{alias!r} names two rows"


def _km(a, b):
    import math

    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def test_a_site_lies_near_the_town_it_is_anchored_at(gaz):
    """Coordinates check against the gazetteer: a site named after a town in its own country is
    within 60 km of that town, or within 200 km of a province or district of that name (a
    swapped sign or a digit typo puts it hundreds of km away)."""
    far = []
    for row in SHIPPED:
        here = (row.place.lat, row.place.lon)
        for anchor in row.anchors:
            cands = [c.place for c in gaz.lookup(anchor, 50) if c.place.country == row.place.country]
            towns = [_km(here, (p.lat, p.lon)) for p in cands if p.kind == "city"]
            areas = [_km(here, (p.lat, p.lon)) for p in cands if p.kind in ("adm1", "adm2")]
            if towns and min(towns) > 60 and not (areas and min(areas) <= 200):
                far.append((row.place.id, anchor, round(min(towns))))
    assert far == []


# Sovereign base areas drawn inside another country's outline.
ALSO_INSIDE = {"GB": {"CY"}}
# Sites the 110m outlines cannot place, each for a stated reason (checked by hand on the 50m data).
OUTLINE_EXEMPT = {
    # islands the 110m outlines leave out: Okinawa, the Yaeyama and Azores islands, Jeju,
    # the Spratly and Paracel reefs, the Coco Islands, Manus
    "kadena-air-base", "mcas-futenma", "camp-schwab", "camp-hansen", "torii-station", "white-beach",
    "yonaguni-camp", "lajes-field", "jeju-naval-base", "fiery-cross-reef", "subi-reef", "mischief-reef",
    "woody-island", "great-coco-island", "lombrum-naval-base",
    # Crimea: the outlines (world-atlas 2.0.2, Natural Earth's de facto view) draw it inside Russia;
    # these rows follow the de jure border, Ukraine
    "sevastopol-naval-base", "belbek-air-base", "saky-air-base",
    # Somaliland is its own outline in Natural Earth
    "berbera-air-base",
}


def test_a_site_lies_in_or_near_its_country():
    """Within 60 km of its country's outline (Natural Earth 110m, the map's own borders; coarse,
    so coastal sites get that margin). Territories the outlines lack (Guam, Gibraltar,
    Diego Garcia...) are counted, and must stay few."""
    import json

    import pycountry
    from shapely.geometry import Point, shape

    outlines = {}
    for f in json.loads((DEFAULT_SITES.parent / "countries_110m.geojson").read_text(encoding="utf-8"))["features"]:
        outlines[f["properties"]["id"]] = shape(f["geometry"])
    far, unchecked = [], []
    for row in SHIPPED:
        codes = {row.place.country} | ALSO_INSIDE.get(row.place.country, set())
        shapes = []
        for code in codes:
            c = pycountry.countries.get(alpha_2=code)
            if c is not None and c.numeric in outlines:
                shapes.append(outlines[c.numeric])
        if not shapes:
            unchecked.append(row.place.id)
            continue
        point = Point(row.place.lon, row.place.lat)
        if min(g.distance(point) for g in shapes) * 111 > 60 and row.place.id.removeprefix("site:") not in OUTLINE_EXEMPT:
            far.append(row.place.id)
    assert far == []
    assert len(unchecked) < 25, unchecked
