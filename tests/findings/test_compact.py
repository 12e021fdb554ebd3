"""The compactor: findings rebuilt from shared parts compare equal and share equal values."""
from geo.findings.compact import Compactor
from geo.model import Actor, Claim, Finding, GeoPrecision, Mention, Place, Role, RoleJudgement, Source, Stance


def _finding(doc: str, n: int) -> Finding:
    # Fresh string objects each time, as two decoded cache entries would give.
    place = Place("geonames:" + str(3553478), "".join(["Hav", "ana"]), 23.13, -82.38, "city", "CU",
                  source="".join(["gazetteer ", "x"]))
    role = RoleJudgement(Role.LITERAL, 0.9, "model", "".join(["after ", "in"]))
    sentence = "".join(["Engineers worked in ", "Havana."])
    mention = Mention(doc, 20 + n, 26 + n, "".join(["Hav", "ana"]), role=role)
    claim = Claim(doc, place, mention, sentence, n, n + 27)
    source = Source(doc, "".join(["Engineers worked in ", "Havana."]), n, n + 27, mention, stance=Stance.ASSERTS)
    return Finding(f"{doc}@{n}", "military", "military/x", "facility", place, GeoPrecision.CITY,
                   (Actor("".join(["Cu", "ba"]), "place", "associative"),), (claim,), (source,))


def test_compacted_findings_are_equal_and_share_parts():
    pool = Compactor()
    a, b = _finding("a.txt#0", 0), _finding("b.txt#0", 5)
    ca, cb = pool.findings([a, b])
    assert (ca, cb) == (a, b)
    assert ca.locus is cb.locus                                   # one place for both
    assert ca.places[0].place is ca.locus
    assert ca.sources[0].sentence is ca.places[0].sentence        # one sentence string
    assert ca.places[0].mention.role is cb.places[0].mention.role  # equal judgements shared
    assert ca.actors[0] is cb.actors[0]
    assert ca.sources[0].stance is Stance.ASSERTS and ca.geo_precision is GeoPrecision.CITY


def test_compacting_none_and_numbers_passes_them_through():
    pool = Compactor()
    assert pool.value(None) is None and pool.value(3) == 3 and pool.value(("a", 1.5)) == ("a", 1.5)


def test_a_record_shared_within_one_call_is_rebuilt_once_and_equal_records_across_calls_meet():
    pool = Compactor()
    a = _finding("a.txt#0", 0)
    # Two findings of one article holding the very same claim (as its decoded cache entry gives).
    twin = Finding("a.txt#0@9", a.layer, a.layer_rule, a.type, a.locus, a.geo_precision, a.actors, a.places,
                   a.sources)
    ca, ctwin = pool.findings([a, twin])
    assert (ca, ctwin) == (a, twin)
    assert ca.places[0] is ctwin.places[0]            # rebuilt once for both
    later, = pool.findings([_finding("b.txt#0", 0)])  # a later article's equal place meets the pooled one
    assert later.locus is ca.locus
