"""One document's findings: a sentence's claims become one finding, placed at its locus.

A sentence that names Havana, China and the island says one thing; it becomes one
finding whose **locus** is the most specific place the sentence uses literally (a
curated site, then a city, a county, a state, a country, a region), whose **actors**
are the places that stand for someone (:mod:`geo.language.roles`: "China is
negotiating with Havana") and the speaker it is attributed to, and whose **places**
are every place named. A town the resolver picked among namesakes without confidence
gives the locus to a county or state the sentence names and resolves with confidence
(:func:`locus_of`). A sentence with no literal place is a relation between its
actors (``geo_precision`` "none"): it is never drawn as a marker at a capital.

A denial is not a finding of its own when its article holds what it denies: it is a source
with stance ``denies`` on that finding. A denial that says what it denies ("denied that Russian
troops had landed at Tartus") goes to the claim of its article that best matches the denied
clause (:mod:`geo.findings.denials`); one that names only "the report" to the report it
answers (the nearest earlier sentence that mentions a report, as
:func:`geo.findings.claims.denied_reports` finds it). A denial that matches nothing in its
article is a finding whose only source denies; another article's report may still take it
(:mod:`geo.findings.merge`).

Headings, bylines, link titles and author bios (:mod:`geo.findings.furniture`) are
not claims; they are returned as skipped, with the reason, and their places stay in
the mentions.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from typing import Sequence

from geo.findings.claims import attribution_of, denied_reports, in_locative_phrase, report_denials, status_of
from geo.findings.denials import best_candidate, denial_of, denied_evidence, evidence
from geo.findings.furniture import furniture_reason
from geo.findings.groupings import is_grouping
from geo.findings.kinds import KindModel, parse_features, parse_sentences
from geo.findings.layers import LayerRegistry
from geo.language.dates import find_event_date, year_before
from geo.model import Actor, Claim, Document, Finding, GeoPrecision, Place, Role, Source, Stance

PRECISION = {"site": GeoPrecision.SITE, "city": GeoPrecision.CITY, "adm2": GeoPrecision.ADMIN2,
             "adm1": GeoPrecision.ADMIN1, "country": GeoPrecision.COUNTRY, "continent": GeoPrecision.REGION,
             "region": GeoPrecision.REGION, "water": GeoPrecision.REGION}
_RANK = {p: i for i, p in enumerate(GeoPrecision)}
STREET_KIND = "street"       # geo.places.streets: a street placed at its town (city precision)
# The last sentences of an article are where its author's biography stands.
BIO_SENTENCES = 3
# A town or county resolved with less confidence than this is a guess between namesakes: of the
# city and county points the resolver placed below it on the first labelled LGL sample (issue 14,
# scripts/eval_drawn.py; the second sample was not looked at), 2 of 15 were within 161 km of LGL's
# gold point, against 75 of 75 at 0.7 and above.
DOUBTFUL = 0.5
# What a doubtful town yields to: a division named literally in the same sentence and resolved
# with confidence ("near Brandon, in Douglas County"), which holds the event whichever Brandon it is.
_DIVISIONS = ("adm2", "adm1")


def precision_of(kind: str) -> GeoPrecision:
    return PRECISION.get(kind, GeoPrecision.CITY)


def in_attribution(claim: Claim) -> bool:
    if not claim.attribution:
        return False
    at = claim.sentence.find(claim.attribution)
    offset = claim.mention.start - claim.sent_start
    return at >= 0 and at <= offset < at + len(claim.attribution)


def is_literal(claim: Claim) -> bool:
    """The claim's place is where its sentence's event is (not a speaker, not an actor).
    A political grouping ("the West") never is: no point stands for it (:mod:`geo.findings.groupings`)."""
    if is_grouping(claim.place.id):
        return False
    if claim.place.kind == "site":
        return True
    if in_attribution(claim):
        return False
    judged = claim.mention.role
    return judged is None or judged.role is Role.LITERAL


def is_doubtful(claim: Claim) -> bool:
    """The claim's place is a town or county the resolver picked among namesakes without
    confidence (:data:`DOUBTFUL`)."""
    return claim.place.kind in ("city", "adm2") and claim.confidence < DOUBTFUL


def locus_of(text: str, literal: Sequence[Claim]) -> Claim | None:
    """The claim a sentence's finding is placed at: the best by :func:`_locus_rank`, unless that
    is a doubtful town (:func:`is_doubtful`) and the sentence also names, literally and with a
    confident resolution, a county or state: then the best of those. The finding is coarser
    (its ``geo_precision`` says so) but drawn where its sentence says it is, not at a namesake
    a thousand kilometres off; the town stays among its places."""
    best = min(literal, key=lambda c: _locus_rank(text, c), default=None)
    if best is None or not is_doubtful(best):
        return best
    divisions = [c for c in literal if c.place.kind in _DIVISIONS and c.confidence >= DOUBTFUL
                 and _RANK[precision_of(c.place.kind)] > _RANK[precision_of(best.place.kind)]]
    return min(divisions, key=lambda c: _locus_rank(text, c), default=best)


def _locus_rank(text: str, claim: Claim) -> tuple:
    """A place of the sentence's own text before its dateline's, then most specific first; between equals, one in a locative phrase ("on the island", "in Cuba")
    before one that is a subject or object ("China permanently stationing troops"), then the first."""
    locative = in_locative_phrase(text, claim.mention.start)
    # A street is drawn at its town's point, so it is no more precise a point; but it is what the
    # sentence is about ("at the intersection of Rivers Avenue"), so it names the finding before its town.
    street = claim.place.kind != STREET_KIND
    # A dateline ("COLOMBO, Aug 16 (Reuters) -") is where the report was filed, not what its first
    # sentence is about: any place the sentence itself uses literally comes first.
    dateline = claim.mention.start < claim.sent_start
    return (dateline, measured_from(text, claim.mention.start), _specificity(claim.place), street,
            not locative, claim.mention.start)


def _specificity(place: Place) -> int:
    """The rank of a place's precision, most specific first. A curated physical feature that lies
    in one country (`geo/data/physical.csv`: "the Siliguri Corridor", India; "Kanton Island",
    Kiribati) is no larger than that country, so it ranks with its first-level divisions, before
    the country a sentence also names ("the Siliguri Corridor, the narrow strip of Indian
    territory ... the rest of India"); a feature of several countries or a disputed one (no
    country) stays a region, as large as it may be."""
    if place.kind in ("region", "water") and place.id.startswith("feature:") and place.country:
        return _RANK[GeoPrecision.ADMIN1]
    return _RANK[precision_of(place.kind)]


# "a runway on Kanton, about 3,000 kilometres south-west of Hawaii", "200 miles from the coast of
# Florida": the place a distance is measured from is a landmark to find the other by, not where
# the sentence's thing is; unless it is near enough to stand for it on a map ("the airport lies
# about 10 kilometres from the port of Gwadar").
MEASURED_FAR_KM = 50.0
_MEASURED_FROM = re.compile(
    r"\b(?P<n>\d[\d,.]*)\s*(?:-\s*)?(?P<unit>km|kms|kilomet(?:re|er)s?|miles?|mi|nautical\s+miles?|nm)\s+"
    r"(?:(?:due\s+)?(?:north|south|east|west)(?:ern)?(?:-?(?:north|south|east|west))?\s+)?"
    r"(?:of|from)\s+(?:the\s+)?(?:(?:coast|shores?|capital|city|island|border)\s+of\s+(?:the\s+)?)?$", re.I)


def measured_from(text: str, start: int) -> bool:
    """The name at ``start`` is what a stated distance of :data:`MEASURED_FAR_KM` or more is measured from.

    >>> t = "a runway on Kanton, about 3,000 kilometres south-west of Hawaii, one 90 miles from Key West"
    >>> [measured_from(t, t.index(n)) for n in ("Kanton", "Hawaii", "Key West")]
    [False, True, True]
    >>> measured_from("The airport lies 10 kilometres from the port of Gwadar", 49)
    False
    """
    m = _MEASURED_FROM.search(text, max(0, start - 90), start)
    if m is None:
        return False
    try:
        n = float(m.group("n").replace(",", "").rstrip("."))
    except ValueError:
        return False
    unit = m.group("unit").lower()
    km = n * (1.852 if unit.startswith(("nautical", "nm")) else 1.609 if unit.startswith("mi") else 1.0)
    return km >= MEASURED_FAR_KM


def _whole_line(text: str, start: int, end: int) -> bool:
    return (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end:end + 1] == "\n")


def _actors(claims: Sequence[Claim], attribution: str) -> tuple[Actor, ...]:
    out, seen = [], set()
    for c in claims:
        # "Asia" in "the Asia Pacific Economic Cooperation forum" names the forum, not a party to
        # the claim: it stays among the finding's places (findable), not among who acts.
        if is_literal(c) or c.place.id in seen or c.mention.within:
            continue
        seen.add(c.place.id)
        out.append(Actor(c.place.name, "place", Role.ASSOCIATIVE.value, c.place.id, c.place.country))
    if attribution:
        out.append(Actor(attribution, "speaker", "source"))
    return tuple(out)


def _source(doc: Document, claim: Claim | None, start: int, end: int, stance: Stance) -> Source:
    sentence = doc.text[start:end]
    if claim is not None:
        return Source(doc.id, sentence, start, end, claim.mention, claim.attribution, stance, claim.status,
                      claim.status_evidence, claim.event_date, claim.event_date_text)
    status, evidence = status_of(sentence)
    when = find_event_date(sentence, doc.published, language=doc.language, year=year_before(doc.text, start))
    return Source(doc.id, sentence, start, end, None, attribution_of(sentence), stance, status, evidence,
                  when.iso if when else None, when.text if when else "")


def _sentences_of(doc: Document, claims: Sequence[Claim], spans: Sequence[tuple[int, int]]):
    """The claims by sentence start, each claim sentence's furniture reason, the denials
    (denial sentence index -> report sentence index), the span index and the typed sentences."""
    by_sentence: dict[int, list[Claim]] = defaultdict(list)
    for c in claims:
        by_sentence[c.sent_start].append(c)
    index = {start: i for i, (start, _) in enumerate(spans)}
    last = {start for start, _ in spans[-BIO_SENTENCES:]}
    furniture = {}
    for start, group in by_sentence.items():
        end = group[0].sent_end
        furniture[start] = furniture_reason(doc.text[start:end], whole_line=_whole_line(doc.text, start, end),
                                            last=start in last)
    claimed = {index[s] for s in by_sentence if s in index and not furniture[s]}
    denials = _content_denials(doc, spans, by_sentence, claimed)   # denial sentence index -> denied index
    for d, r in denied_reports(doc.text, spans).items():
        if d in denials:
            continue                                  # it says what it denies, and that was found
        # A heading that says "reported" is not the report denied: the nearest claim before the denial is.
        if r not in claimed:
            r = next((k for k in range(d - 1, max(-1, d - 4), -1) if k in claimed), None)
        if r is not None and r != d:
            denials[d] = r
    _lead_denials(doc, spans, by_sentence, claimed, denials)
    typed = [s for s in sorted(by_sentence) if not furniture[s] and index.get(s) not in denials]
    return by_sentence, furniture, denials, index, typed


def _lead_denials(doc: Document, spans: Sequence[tuple[int, int]], by_sentence: dict[int, list[Claim]],
                  claimed: set[int], denials: dict[int, int]) -> None:
    """A denial of "the report" with no report named in the sentences before it ("China's embassy
    dismissed the report", four sentences after "Satellite images show that China has built
    villages near Doklam") answers the article's lead, the first claim, when the two share a
    place or a country: news states the report it is about first."""
    for d in report_denials(doc.text, spans):
        if d in denials or d not in claimed:
            continue
        lead = min((k for k in claimed if k < d and k not in denials), default=None)
        if lead is None:
            continue
        here = evidence(doc.text[spans[d][0]:spans[d][1]], by_sentence.get(spans[d][0], ()))
        there = evidence(doc.text[spans[lead][0]:spans[lead][1]], by_sentence.get(spans[lead][0], ()))
        if here.places & there.places:
            denials[d] = lead


def _content_denials(doc: Document, spans: Sequence[tuple[int, int]], by_sentence: dict[int, list[Claim]],
                     claimed: set[int]) -> dict[int, int]:
    """Denial sentence index -> index of the claim sentence it denies, by what the denial says
    it denies (:mod:`geo.findings.denials`): any claim sentence of the article, before or after
    it, that is no denial itself."""
    said = {i: denial_of(doc.text[s:e]) for i, (s, e) in enumerate(spans)}
    candidates = [(r, evidence(doc.text[spans[r][0]:spans[r][1]], by_sentence[spans[r][0]]))
                  for r in sorted(claimed) if said[r] is None or said[r].refers_back]
    links = {}
    for d, denial in said.items():
        if denial is None or denial.refers_back:
            continue
        start, end = spans[d]
        if furniture_reason(doc.text[start:end], whole_line=_whole_line(doc.text, start, end)):
            continue        # a headline that denies ("Kremlin denies sending troops") is no source
        denied = denied_evidence(doc.text[start:end], denial, by_sentence.get(start, ()), start)
        r = best_candidate(denied, ((k, ev) for k, ev in candidates if k != d), d, placeless=True)
        if r is not None:
            links[d] = r
    return links


def finding_parses(doc: Document, claims: Sequence[Claim], spans: Sequence[tuple[int, int]]) -> dict:
    """What the dependency parse says about each sentence :func:`document_findings` types
    (sentence text -> :func:`~geo.findings.kinds.parse_features`, None where it is not English),
    parsed as it parses them. A worker that has the parser loaded computes it with the analysis,
    so the process writing the outputs need not load the parser (a second of CPU, cold)."""
    by_sentence, _, _, _, typed = _sentences_of(doc, claims, spans)
    texts = [doc.text[s:by_sentence[s][0].sent_end] for s in typed]
    return {t: (frozenset(parse_features(d)) if d is not None else None)
            for t, d in zip(texts, parse_sentences(texts, doc.language))}


def document_findings(doc: Document, claims: Sequence[Claim], spans: Sequence[tuple[int, int]],
                      registry: LayerRegistry, parsed: dict | None = None
                      ) -> tuple[list[Finding], list[tuple[Claim, str]]]:
    """(findings, skipped): one finding per claim-bearing sentence; skipped claims with the reason.

    ``parsed``: :func:`finding_parses` of the same document, claims and spans, when known
    (the parses are made here otherwise)."""
    by_sentence, furniture, denials, index, typed = _sentences_of(doc, claims, spans)
    answered = {report: [d for d, r in denials.items() if r == report] for report in set(denials.values())}
    # The finding type reads each finding sentence's dependency parse: one batch per document.
    texts = [doc.text[s:by_sentence[s][0].sent_end] for s in typed]
    if parsed is None or not all(t in parsed for t in texts):
        parsed = {t: (frozenset(parse_features(d)) if d is not None else None)
                  for t, d in zip(texts, parse_sentences(texts, doc.language))}
    parses = {s: parsed[t] for s, t in zip(typed, texts)}
    findings, skipped = [], []
    for start in sorted(by_sentence):
        group = sorted(by_sentence[start], key=lambda c: (c.mention.start, c.place.id))
        i = index.get(start)
        end = group[0].sent_end
        if furniture[start]:
            skipped += [(c, furniture[start]) for c in group]
            continue
        if i in denials:
            continue        # a source on the finding of the report it denies (below)
        literal = [c for c in group if is_literal(c)]
        # A sentence that lists several facilities ("a base in Cambodia and a port in the
        # UAE") says one thing about each: one finding per site, the rest at the best locus.
        sites = list({c.place.id: c for c in literal if c.place.kind == "site"}.values())
        loci = sites if len(sites) > 1 else [locus_of(doc.text, literal)]
        for k, locus_claim in enumerate(loci):
            findings.append(_finding(doc, registry, group, locus_claim, (start, end),
                                     [spans[d] for d in answered.get(i, [])], by_sentence,
                                     suffix=f"#{k}" if len(loci) > 1 else "", parsed=parses.get(start)))
    return findings, skipped


def _finding(doc: Document, registry: LayerRegistry, group: list[Claim], locus_claim: Claim | None,
             span: tuple[int, int], denials: list[tuple[int, int]], by_sentence: dict[int, list[Claim]],
             suffix: str = "", parsed=None) -> Finding:
    """The finding of one sentence at one locus, with the denials that answer it as sources."""
    start, end = span
    rep = locus_claim or group[0]
    locus = locus_claim.place if locus_claim else None
    # A denial that says what it denies and was matched to no claim of its article is a finding
    # of its own, denied by its only source (another article may report it: geo.findings.merge).
    denial = denial_of(doc.text[start:end])
    stance = Stance.DENIES if denial is not None and not denial.refers_back else Stance.ASSERTS
    sources = [_source(doc, rep if locus_claim else None, start, end, stance)]
    if denial is not None and denial.refers_back:
        # "Media reported that X, a claim both governments denied": the report and its denial
        # are two sources in one sentence, the denier named where the sentence names it.
        sources.append(replace(sources[0], stance=Stance.DENIES, attribution=denial.denier))
    places = list(group)
    # The type reads the sentence itself with what it names (not the denials attached below).
    kind = KindModel.default().judge(rep.sentence, locus, places, _actors(places, rep.attribution), parsed,
                                     doc.language)
    assignment = registry.classify(rep.sentence, locus.category if locus is not None else "", kind.type.value)
    for d_start, d_end in denials:
        d_claims = sorted(by_sentence.get(d_start, []), key=lambda c: c.mention.start)
        d_locus = next((c for c in d_claims if locus is not None and c.place.id == locus.id), None)
        sources.append(_source(doc, d_locus, d_start, d_end, Stance.DENIES))
        places += [c for c in d_claims if c not in places]
    status, evidence = finding_status(sources)
    return Finding(
        id=f"{doc.id}@{start}{suffix}", layer=assignment.layer,
        layer_rule=f"{assignment.rule}: {assignment.evidence}".rstrip(": "),
        type=kind.type.value, type_confidence=kind.confidence, type_evidence=kind.evidence, locus=locus,
        geo_precision=precision_of(locus.kind) if locus is not None else GeoPrecision.NONE,
        actors=_actors(places, rep.attribution), places=tuple(places), sources=tuple(sources),
        status=status, status_evidence=evidence, confidence=rep.confidence, resolution=rep.resolution,
    )


def finding_status(sources: Sequence[Source]) -> tuple[str, str]:
    """A finding's status from all its sources.

    A denial settles nothing when somebody else reports the finding: a report that the party it
    accuses denies is ``disputed``, the evidence naming both sides ("reported by the WSJ citing
    officials; denied by China and Cuba"), and the map marks it so. Only a finding whose every
    report is a denial is ``denied``; otherwise a confirmation in a party's own voice makes it
    ``confirmed``, then the sentences' own statuses decide (disputed: a sentence that reports the
    finding and its denial, "..., which the Cuban government denied"; denied, confirmed, alleged).
    """
    denial = next((s for s in sources if s.stance is Stance.DENIES), None)
    reports = [s for s in sources if s.stance is not Stance.DENIES]
    if denial is not None and reports:
        who = reports[0].attribution or "a report"
        return "disputed", (f"reported by {who}; denied by {denial.attribution or 'a later sentence'}: "
                            f"“{denial.sentence[:160]}”")
    for stance, status in ((Stance.DENIES, "denied"), (Stance.CONFIRMS, "confirmed")):
        hit = next((s for s in sources if s.stance is stance), None)
        if hit is not None:
            who = hit.attribution or "a later sentence"
            return status, f"{status} by {who}: “{hit.sentence[:160]}”"
    for status in ("disputed", "denied", "confirmed", "alleged"):
        hit = next((s for s in sources if s.status == status), None)
        if hit is not None:
            return status, hit.status_evidence
    return "reported", ""
