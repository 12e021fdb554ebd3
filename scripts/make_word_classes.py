#!/usr/bin/env python3
"""Write geo/data/role_word_classes.json: the WordNet supersense of common English nouns and verbs.

    apt-get install wordnet-base                 # WordNet 3.0, Debian's package
    python scripts/make_word_classes.py          # write the file
    python scripts/make_word_classes.py --check  # fail if the shipped file differs

The place-role model (geo/language/roles.py) reads a word's class where it reads the
word: "the will of France" and "the consent of India" share ``noun.cognition`` /
``noun.communication`` governors although neither word is in the training data, and
"the coast of", "the plains of" share ``noun.object``. Each lemma gets the lexicographer
file of its first (most frequent) sense. Only lemmas of one word whose senses occur in
WordNet's sense-tagged corpus (``tagsense_cnt`` > 0) are kept: the common words, a few
hundred KB instead of megabytes. Irregular forms ("went", "men") come from WordNet's
exception lists, for the kept lemmas only.
"""
import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fitting import write_or_check  # noqa: E402

WORDNET = Path("/usr/share/wordnet")
OUT = Path(__file__).resolve().parents[1] / "geo" / "data" / "role_word_classes.json"
NOTICE = ("Classes derived from WordNet 3.0. WordNet 3.0 Copyright 2006 by Princeton University. All rights "
          "reserved. THIS SOFTWARE AND DATABASE IS PROVIDED \"AS IS\" AND PRINCETON UNIVERSITY MAKES NO "
          "REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED.")


# WordNet's lexicographer files (lexnames(5WN)); Debian's package documents them in the
# man page rather than shipping the lexnames file.
_NOUNS = ("Tops act animal artifact attribute body cognition communication event feeling food group location "
          "motive object person phenomenon plant possession process quantity relation shape state substance "
          "time").split()
_VERBS = ("body change cognition communication competition consumption contact creation emotion motion "
          "perception possession social stative weather").split()
LEXNAMES = {3 + i: n for i, n in enumerate(_NOUNS)} | {29 + i: v for i, v in enumerate(_VERBS)}


def first_senses(root: Path, pos: str) -> dict[str, int]:
    """lemma -> lexicographer file number of its first sense, for tagged single-word lemmas."""
    data = (root / f"data.{pos}").read_bytes()
    out = {}
    for line in (root / f"index.{pos}").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        f = line.split()
        lemma, n_ptr = f[0], int(f[3])
        tagged, first = int(f[5 + n_ptr]), f[6 + n_ptr]
        if tagged == 0 or not lemma.isalpha() or not lemma.islower():
            continue
        rec = data[int(first):data.index(b"\n", int(first))].split()
        out[lemma] = int(rec[1])
    return out


def derived_verbs(root: Path, keep: dict) -> dict[str, int]:
    """noun lemma -> lexicographer file of the verb its first sense is derived from or gives
    ("approval" -> approve, verb.communication; "invasion" -> invade, verb.competition), for
    the kept lemmas with such a link (WordNet's "+" pointers from that word of the synset)."""
    data, verbs = (root / "data.noun").read_bytes(), (root / "data.verb").read_bytes()
    out = {}
    for line in (root / "index.noun").read_text(encoding="latin-1").splitlines():
        f = line.split()
        if line.startswith(" ") or f[0] not in keep:
            continue
        first = int(f[6 + int(f[3])])
        rec = data[first:data.index(b"\n", first)].decode("latin-1").split()
        words = [rec[4 + 2 * i].lower() for i in range(int(rec[3], 16))]
        if f[0] not in words:
            continue
        own = words.index(f[0]) + 1
        at = 4 + 2 * len(words)
        for k in range(int(rec[at])):
            sym, off, pos, st = rec[at + 1 + 4 * k: at + 5 + 4 * k]
            if sym == "+" and pos == "v" and int(st[:2], 16) == own:
                target = verbs[int(off):verbs.index(b"\n", int(off))].split()
                out[f[0]] = int(target[1])
                break
    return out


def exceptions(root: Path, pos: str, keep: dict) -> dict[str, str]:
    out = {}
    for line in (root / f"{pos}.exc").read_text(encoding="latin-1").splitlines():
        form, *lemmas = line.split()
        lemma = next((l for l in lemmas if l in keep), None)
        if lemma and form.isalpha() and form != lemma:
            out[form] = lemma
    return out


def build(root: Path = WORDNET) -> dict:
    doc = {"schema": 1, "source": "WordNet 3.0 (Debian wordnet-base), first sense of each tagged lemma",
           "recipe": "python scripts/make_word_classes.py", "notice": NOTICE}
    for pos, short in (("noun", "n"), ("verb", "v")):
        senses = first_senses(root, pos)
        doc[short] = {w: LEXNAMES[n] for w, n in sorted(senses.items())}
        doc[f"{short}_exc"] = dict(sorted(exceptions(root, pos, senses).items()))
        if pos == "noun":
            doc["n_verb"] = {w: LEXNAMES[n] for w, n in sorted(derived_verbs(root, senses).items())}
    return doc


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wordnet", type=Path, default=WORDNET)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("-o", "--output", type=Path, default=OUT)
    args = ap.parse_args()
    if not (args.wordnet / "index.noun").exists():
        print(f"error: {args.wordnet}: no WordNet database (apt-get install wordnet-base)", file=sys.stderr)
        return 1
    text = json.dumps(build(args.wordnet), ensure_ascii=False, separators=(",", ":"), indent=0) + "\n"
    return write_or_check(text, args.output, args.check, "word classes")


if __name__ == "__main__":
    sys.exit(main())
