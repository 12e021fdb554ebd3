"""Move geo/'s modules into one subpackage per stage and rewrite every reference to them.

The package grew flat; its layout now shows the data flow (documents -> mentions
and roles -> resolved places -> findings -> layers -> outputs):

    geo/read/       articles and what is beside them
    geo/language/   mentions, roles, dates, people
    geo/places/     resolution, gazetteer, geometry
    geo/findings/   claims, findings, visits, layers
    geo/build/      per-document analysis, the cache, the corpus build
    geo/present/    the map, exports, slides, story
    geo/training/   recipes of the shipped models
    geo/evaluation/ benchmarks' scorers

The script is idempotent, so a branch started before the move is ported by merging
it and running this again: relative imports become absolute, every dotted name and
path of a moved module is rewritten, and files still at an old path are moved.

    python scripts/relayout.py [--dry-run]
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# old dotted module -> new dotted module (without the leading "geo.")
MOVES = {
    # read
    "documents": "read.documents", "provenance": "read.provenance", "outlets": "read.outlets",
    "safeyaml": "read.safeyaml", "budget": "read.budget", "language.detect": "read.detect",
    # language
    "nlp": "language.nlp", "gate": "language.gate", "mentions": "language.mentions",
    "candidates": "language.candidates", "nonplaces": "language.nonplaces", "facilities": "language.facilities",
    "institutions": "language.institutions", "dates": "language.dates",
    # places
    "resolve": "places.resolve", "evidence": "places.evidence", "publication": "places.publication",
    "online": "places.online", "corrections": "places.corrections", "geometry": "places.geometry",
    "gazetteer": "places.gazetteer",
    # findings
    "claims": "findings.claims", "visits": "findings.visits", "layers": "findings.layers",
    "features": "findings.features", "distances": "findings.distances",
    # build
    "analysis": "build.analysis", "geoparse": "build.geoparse", "watch": "build.watch",
    # present
    "story": "present.story", "slides": "present.slides", "render": "present.render", "export": "present.export",
    "export.atomic": "atomic",
    # training and evaluation
    "candidate_training": "training.candidates", "resolver_training": "training.resolver",
    "language.role_training": "training.roles", "findings.kind_training": "training.kinds",
    "evaluate": "evaluation.geoparsing", "findings.trip_eval": "evaluation.trips",
}

# geo/pipeline.py was split: the corpus build went to build/corpus.py, the writing of
# outputs to present/outputs.py; what stays is build(), which composes them.
PIPELINE_OUTPUTS = {"document_records", "outputs_for", "OutputError", "check_outputs", "_OUTPUT_NAMES",
                    "prepare_outputs", "corpus_title", "MapPage", "map_page", "write_outputs"}
PIPELINE_TOP = {"build"}


def pipeline_target(symbol: str) -> str:
    if symbol in PIPELINE_TOP:
        return "geo.pipeline"
    return "geo.present.outputs" if symbol in PIPELINE_OUTPUTS else "geo.build.corpus"


# tests mirror the package: old test file -> new one
TEST_MOVES = {
    "tests/test_documents.py": "tests/read/test_documents.py",
    "tests/test_provenance.py": "tests/read/test_provenance.py",
    "tests/test_outlets.py": "tests/read/test_outlets.py",
    "tests/test_budget.py": "tests/read/test_budget.py",
    "tests/language/test_detect.py": "tests/read/test_detect.py",
    "tests/test_nlp.py": "tests/language/test_nlp.py",
    "tests/test_gate.py": "tests/language/test_gate.py",
    "tests/test_mentions.py": "tests/language/test_mentions.py",
    "tests/test_candidates.py": "tests/language/test_candidates.py",
    "tests/test_nonplaces.py": "tests/language/test_nonplaces.py",
    "tests/test_facilities.py": "tests/language/test_facilities.py",
    "tests/test_institutions.py": "tests/language/test_institutions.py",
    "tests/test_dates.py": "tests/language/test_dates.py",
    "tests/test_spans.py": "tests/test_spans.py",
    "tests/test_resolve.py": "tests/places/test_resolve.py",
    "tests/test_evidence.py": "tests/places/test_evidence.py",
    "tests/test_publication.py": "tests/places/test_publication.py",
    "tests/test_corrections.py": "tests/places/test_corrections.py",
    "tests/gazetteer": "tests/places/gazetteer",
    "tests/test_claims.py": "tests/findings/test_claims.py",
    "tests/test_visits.py": "tests/findings/test_visits.py",
    "tests/test_layers.py": "tests/findings/test_layers.py",
    "tests/test_distances.py": "tests/findings/test_distances.py",
    "tests/test_analysis.py": "tests/build/test_analysis.py",
    "tests/test_pipeline.py": "tests/build/test_corpus.py",
    "tests/test_incremental.py": "tests/build/test_incremental.py",
    "tests/test_geoparse.py": "tests/build/test_geoparse.py",
    "tests/test_geoparse_lines.py": "tests/build/test_geoparse_lines.py",
    "tests/test_watch.py": "tests/build/test_watch.py",
    "tests/test_story.py": "tests/present/test_story.py",
    "tests/test_slides.py": "tests/present/test_slides.py",
    "tests/test_outputs_agree.py": "tests/present/test_outputs_agree.py",
    "tests/render": "tests/present/render",
    "tests/export": "tests/present/export",
    "tests/test_resolver_training.py": "tests/training/test_resolver.py",
    "tests/test_evaluate.py": "tests/evaluation/test_geoparsing.py",
    "tests/language/test_role_training.py": "tests/training/test_roles.py",
}

# test packages that moved, as dotted names (their helpers are imported by other tests)
TEST_PACKAGES = {"tests.render": "tests.present.render", "tests.export": "tests.present.export",
                 "tests.gazetteer": "tests.places.gazetteer"}

TEXT_SUFFIXES = {".py", ".md", ".toml", ".yaml", ".yml", ".cfg", ".ini", ".txt", ".json", ".sh", ""}
SKIP_DIRS = {".git", ".venv", "__pycache__", "maps", "seeds", ".pytest_cache", "node_modules"}


def module_path(dotted: str) -> Path:
    """geo-relative dotted name -> its file or package folder."""
    base = ROOT / "geo" / Path(*dotted.split("."))
    return base if base.is_dir() else base.with_suffix(".py")


def git(*args: str) -> None:
    subprocess.run(["git", *args], cwd=ROOT, check=True)


def move(old: Path, new: Path, dry: bool) -> None:
    if not old.exists() or new.exists():
        return
    print(f"move {old.relative_to(ROOT)} -> {new.relative_to(ROOT)}")
    if dry:
        return
    new.parent.mkdir(parents=True, exist_ok=True)
    for parent in [new.parent, *new.parent.parents]:
        if parent in (ROOT / "geo", ROOT / "tests", ROOT):
            break
        init = parent / "__init__.py"
        if not init.exists():
            init.write_text("")
            git("add", str(init))
    git("mv", str(old), str(new))


def package_of(path: Path) -> list[str]:
    """The package a file's relative imports were written against: a moved file's old one.

    A branch started before the move brings its version of a moved module with the
    relative imports of its old place (``from .dates import`` in geo/claims.py).
    """
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    dotted = ".".join(parts[1:])
    if parts[0] == "geo":
        for old, new in sorted(MOVES.items(), key=lambda kv: -len(kv[1])):
            if dotted == new or dotted.startswith(new + "."):
                parts = ["geo", *(old + dotted[len(new):]).split(".")]
                break
    return parts[:-1]


_RELATIVE = re.compile(r"^(\s*)from (\.+)([\w.]*) import ", re.M)


def absolute_imports(path: Path, text: str) -> str:
    """``from ..x import y`` -> ``from geo.x import y``, so moving a module cannot break its imports."""
    pkg = package_of(path)
    if not pkg or pkg[0] not in ("geo", "tests"):
        return text

    def repl(m: re.Match) -> str:
        up = len(m.group(2)) - 1
        base = pkg[: len(pkg) - up] if up else pkg
        target = ".".join(base + ([m.group(3)] if m.group(3) else []))
        return f"{m.group(1)}from {target} import "

    return _RELATIVE.sub(repl, text)


def rewrite_pipeline(text: str) -> str:
    def from_import(m: re.Match) -> str:
        indent, names = m.group(1), m.group(2)
        groups: dict[str, list[str]] = {}
        for item in [n.strip() for n in names.replace("(", "").replace(")", "").replace("\n", " ").split(",")]:
            if item:
                groups.setdefault(pipeline_target(item.split(" as ")[0].strip()), []).append(item)
        return "\n".join(f"{indent}from {mod} import {', '.join(items)}" for mod, items in sorted(groups.items()))

    text = re.sub(r"^([ \t]*)from geo\.pipeline import (\([^)]*\)|[\w ,]+?)(?=[ \t]*(?:#.*)?$)", from_import, text,
                  flags=re.M)
    return re.sub(r"(?<![\w.])geo\.pipeline\.(\w+)", lambda m: f"{pipeline_target(m.group(1))}.{m.group(1)}", text)


def rewrite_names(text: str) -> str:
    text = rewrite_pipeline(text)
    # longest first, so geo.export.atomic wins over geo.export
    for old in sorted(MOVES, key=len, reverse=True):
        new = MOVES[old]
        text = re.sub(rf"(?<![\w.]){re.escape('geo.' + old)}(?![\w])", "geo." + new, text)
        text = re.sub(rf"(?<![\w./]){re.escape('geo/' + old.replace('.', '/'))}(?![\w-])",
                      "geo/" + new.replace(".", "/"), text)
    # from geo import x  /  from geo.language import x
    def from_import(m: re.Match) -> str:
        indent, pkg, names = m.group(1), m.group(2), m.group(3)
        out, kept = [], []
        for item in [n.strip() for n in names.split(",") if n.strip()]:
            name, _, alias = item.partition(" as ")
            dotted = f"{pkg[4:] + '.' if len(pkg) > 3 else ''}{name.strip()}"
            if dotted in MOVES:
                new = MOVES[dotted]
                head, _, leaf = new.rpartition(".")
                as_name = alias.strip() or name.strip()
                suffix = f" as {as_name}" if as_name != leaf else ""
                out.append(f"{indent}from geo{'.' + head if head else ''} import {leaf}{suffix}")
            else:
                kept.append(item)
        if not out:
            return m.group(0)
        if kept:
            out.insert(0, f"{indent}from {pkg} import {', '.join(kept)}")
        return "\n".join(out)

    text = re.sub(r"^([ \t]*)from (geo(?:\.\w+)?) import ([\w ,]+?)(?=[ \t]*(?:#.*)?$)", from_import, text, flags=re.M)
    for old, new in TEST_MOVES.items():
        text = re.sub(rf"(?<![\w/]){re.escape(old)}(?![\w])", new, text)
    for old, new in TEST_PACKAGES.items():
        text = re.sub(rf"(?<![\w.]){re.escape(old)}(?![\w])", new, text)
    return text


def text_files():
    for path in ROOT.rglob("*"):
        if any(part in SKIP_DIRS for part in path.relative_to(ROOT).parts) or not path.is_file():
            continue
        if path.suffix in TEXT_SUFFIXES and path.stat().st_size < 2_000_000 and path.name != "relayout.py":
            yield path


def main(argv: list[str]) -> int:
    dry = "--dry-run" in argv
    for path in text_files():
        if path.suffix == ".py":
            text = path.read_text(encoding="utf-8")
            new = absolute_imports(path, text)
            if new != text and not dry:
                path.write_text(new, encoding="utf-8")
    if not (ROOT / "geo" / "build" / "corpus.py").exists():
        move(ROOT / "geo" / "pipeline.py", ROOT / "geo" / "build" / "corpus.py", dry)
    for old in sorted(MOVES, key=lambda o: -o.count(".")):
        src = ROOT / "geo" / Path(*old.split("."))
        src = src if src.is_dir() else src.with_suffix(".py")
        dst = ROOT / "geo" / Path(*MOVES[old].split("."))
        move(src, dst if src.is_dir() else dst.with_suffix(".py"), dry)
    for old, new in TEST_MOVES.items():
        move(ROOT / old, ROOT / new, dry)
    changed = 0
    for path in text_files():
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        new = rewrite_names(text)
        if new != text:
            changed += 1
            if not dry:
                path.write_text(new, encoding="utf-8", errors="surrogateescape")
    print(f"{changed} files rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
