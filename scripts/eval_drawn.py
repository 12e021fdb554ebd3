#!/usr/bin/env python3
"""What the map draws on real news it never saw: of the place mentions the build draws on 30 LGL
articles (LGL's held-out half, read in place from ../shared/bench/lgl.xml), the share that are
real places, literal places and within 161 km, by hand labels (training/drawn/lgl_labels.tsv; the
second and third samples in lgl_labels_second.tsv and lgl_labels_third.tsv).

    python scripts/eval_drawn.py                 # the shares (the tool's current output against the labels)
    python scripts/eval_drawn.py --sample second # the same on the second sample (the next 20 articles)
    python scripts/eval_drawn.py --sample third  # the same on the third sample (the next 30 articles)
    python scripts/eval_drawn.py --view map      # only the mentions the map draws (loci and "also named" dots)
    python scripts/eval_drawn.py --view loci     # only the mentions the map draws a finding at
    python scripts/eval_drawn.py --template F    # write a labelling sheet (drawn mentions + LGL's undrawn toponyms)
    python scripts/eval_drawn.py --view map --list   # also list the misses: literal places not drawn, drawn
                                                     # mentions that are no literal place or are far (the first
                                                     # and third samples only: the second is scored blind)

A drawn mention without a label (the tool's output changed) is counted apart and listed, never
guessed; re-label it from the sheet.
"""
import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.evaluation import drawn as dr  # noqa: E402
from geo.evaluation.geoparsing import DEFAULT_LGL, read_lgl  # noqa: E402


def _gold_note(m: dict, gold: dict) -> str:
    t = gold.get((m["start"], m["end"]))
    if t is None:
        return " (not an LGL toponym)"
    if t.lat is None:
        return f" (LGL {t.name or t.phrase}, no point)"
    from geo.evaluation.geoparsing import km

    return f" (LGL {t.name} {t.fcode}: {km(m['lat'], m['lon'], t.lat, t.lon):.0f} km)"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lgl", type=Path, default=DEFAULT_LGL)
    ap.add_argument("--sample", choices=sorted(dr.SAMPLES), default="first",
                    help="which labelled sample: the first 30 articles, the next 20 (blind) or the 30 after")
    ap.add_argument("--labels", type=Path, help="labels file (default: the sample's own)")
    ap.add_argument("--template", type=Path, help="write a labelling sheet here and exit")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--view", choices=("resolved", "map", "loci"), default="resolved",
                    help="resolved: every mention the resolver places (geoparse output); "
                         "map: the mentions the map draws (findings' loci and the places they also name "
                         "literally; the whole build's analysis); loci: only the findings' loci")
    ap.add_argument("--list", action="store_true",
                    help="list the labelled literal places not drawn and the drawn mentions that are not literal "
                         "places or not within 161 km (first and third samples only: the second is scored blind)")
    ap.add_argument("--hand-near", action="store_true",
                    help="score within 161 km by the hand labels only (default: LGL's gold point where it has one)")
    args = ap.parse_args()
    if not args.lgl.exists():
        print(f"error: {args.lgl}: LGL is not there (give --lgl PATH)", file=sys.stderr)
        return 2
    if args.list and args.sample == "second":
        print("error: --list shows the first and third samples' misses only; the second sample is scored blind",
              file=sys.stderr)
        return 2
    articles = dr.sample_articles(read_lgl(args.lgl), args.sample)
    args.labels = args.labels or dr.SAMPLES[args.sample][2]
    if args.view in ("map", "loci"):
        from geo.findings.layers import LayerRegistry

        registry = LayerRegistry.default()
        mentions = [m for a in articles for m in dr.map_mentions(a, registry, also_named=args.view == "map")]
    else:
        from geo.build.geoparse import Geoparser

        # What the build resolves: no fallback point, organisations' places only as context.
        parser = Geoparser(focus_fallback=False, organisations=False)
        mentions = [m for a in articles for m in dr.drawn_mentions(parser, a)]
    if args.template:
        with open(args.template, "w", encoding="utf-8") as out:
            out.write("\t".join(dr.COLUMNS) + "\n")
            for a in articles:
                got = [m for m in mentions if m["docid"] == a.docid]
                spans = {(m["start"], m["end"]) for m in got}
                gold = {(t.start, t.end): t for t in a.toponyms}
                rows = [(m["start"], m["end"], m["text"], "y",
                         f"{m['name']} [{m['kind']} {m['country']}] {m['role']}" + _gold_note(m, gold)) for m in got]
                rows += [(t.start, t.end, t.phrase, "n", f"LGL {t.name} {t.fcode}")
                         for t in a.toponyms if (t.start, t.end) not in spans]
                for start, end, text, is_drawn, note in sorted(rows):
                    ctx = a.text[max(0, start - 60):end + 60].replace("\n", " ").replace("\t", " ")
                    out.write(f"{a.docid}\t{start}\t{end}\t{text}\t{is_drawn}\t\t\t\t{note} || {ctx}\n")
        print(f"{len(mentions)} drawn mentions in {len(articles)} articles -> {args.template}", file=sys.stderr)
        return 0
    labels = dr.read_labels(args.labels)
    keys = {(x.docid, x.start, x.end) for x in labels}
    unlabelled = [m for m in mentions if (m["docid"], m["start"], m["end"]) not in keys]
    drawn_now = {(m["docid"], m["start"], m["end"]) for m in mentions}
    # Score the tool as it is now: a labelled drawn mention it no longer draws counts as not drawn.
    current = [dr.Label(x.docid, x.start, x.end, x.text, x.place, x.literal, x.near,
                        (x.docid, x.start, x.end) in drawn_now, x.note) for x in labels]
    gold = dr.gold_check(current, mentions, articles)
    if not args.hand_near:
        # near from LGL's gold point where it has one: a point the tool moved is scored where it is now
        current = dr.gold_near(current, mentions, articles)
    figures = dr.shares(current)
    figures["articles"] = len(articles)
    figures["unlabelled_drawn"] = len(unlabelled)
    figures["labelled_not_drawn_now"] = sum(x.drawn and not y.drawn for x, y in zip(labels, current))
    figures["near_from"] = "hand labels" if args.hand_near else "LGL gold point where it has one, else hand label"
    figures["gold"] = gold
    by_role = {}
    for role in ("literal", "associative"):
        keys_r = {(m["docid"], m["start"], m["end"]) for m in mentions if m["role"] == role}
        sub = [x for x in current if (x.docid, x.start, x.end) in keys_r]
        by_role[role] = dr.shares(sub)
    figures["by_tool_role"] = by_role
    if args.json:
        print(json.dumps(figures, indent=1))
        return 0
    print(f"{figures['articles']} LGL articles (held-out half, {args.sample} sample, {args.view} view), "
          f"{figures['drawn']} drawn mentions labelled, "
          f"{len(unlabelled)} drawn but unlabelled; near from {figures['near_from']}")
    for key in ("real_places", "literal", "within_161km", "within_161km_of_real_places", "literal_places_drawn"):
        s = figures[key]
        print(f"  {key:28s} {s['n']:4d} / {s['of']:4d} = {100 * (s['share'] or 0):5.1f}%")
    for role, s in by_role.items():
        print(f"  tool said {role:12s}: {s['drawn']} drawn, real places {100 * (s['real_places']['share'] or 0):.1f}%, "
              f"literal {100 * (s['literal']['share'] or 0):.1f}%, within 161 km {100 * (s['within_161km']['share'] or 0):.1f}%")
    g = figures["gold"]
    print(f"  LGL gold check on {g['gold_mentions']} drawn gold toponyms: within 161 km of gold "
          f"{100 * (g['gold_within_161km']['share'] or 0):.1f}%, hand label agrees with gold "
          f"{100 * (g['hand_agrees_with_gold']['share'] or 0):.1f}%")
    if args.list:
        at = {(m["docid"], m["start"], m["end"]): m for m in mentions}
        for x in current:
            m = at.get((x.docid, x.start, x.end))
            if x.place and x.literal and not x.drawn:
                print(f"  not drawn: {x.docid} {x.start}-{x.end} {x.text!r}")
            elif x.drawn and m is not None and not (x.place and x.literal and x.near):
                why = "no place" if not x.place else "not literal" if not x.literal else "far"
                print(f"  drawn, {why}: {x.docid} {x.start}-{x.end} {x.text!r} -> {m['name']} "
                      f"[{m['kind']} {m['country']}] ({m.get('layer', '')})")
    for m in unlabelled[:20]:
        print(f"  unlabelled: {m['docid']} {m['start']}-{m['end']} {m['text']!r} -> {m['name']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
