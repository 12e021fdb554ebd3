"""Who publishes: a curated profile per outlet (``geo/data/outlets.csv``, one public source a row).

A briefer weighs "Telesur reported" differently from "Reuters reported"; the popup
says which it is ("teleSUR: Venezuelan state-funded broadcaster based in Caracas").
An outlet string matches a profile when it is, or begins with, the profile's name or
one of its aliases (case-insensitive, longest first), so "AFP wire report" is AFP and
"Associated Press" is AP, but "Apple" is nothing.

>>> profile_of("teleSUR English").name, profile_of("AFP wire report").kind
('teleSUR', 'wire service')
>>> profile_of("Unknown Gazette") is None
True

Articles cite outlets by other names than they publish under ("the WSJ", "The Wall Street
Journal", "wsj.com"): :func:`outlets_named` finds every profile a text names, so two
retellings of one outlet's report can be told to be that (:mod:`geo.findings.merge`).

>>> outlets_named("According to the WSJ, which cited officials, and a wsj.com follow-up")
('wsj',)
>>> outlets_named("Reuters reported it; an AP photo; the rap and the apron"), outlets_named("the Guardian said")
(('reuters', 'ap'), ('guardian',))
"""
from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

# "international broadcaster": state-funded or public, writing for audiences abroad (VOA, DW, RT,
# teleSUR): its country says where it is run from, not where its stories' places are.
KINDS = ("state media", "wire service", "newspaper", "magazine", "public broadcaster", "broadcaster",
         "international broadcaster", "partisan website", "advocacy group", "think tank", "government")
FIELDS = ("id", "name", "aliases", "country", "kind", "description", "source")


class Outlet(NamedTuple):
    id: str
    name: str
    country: str
    kind: str
    description: str
    source: str

    def label(self) -> str:
        return f"{self.name}: {self.description}"


def check_outlets(text: str, name: str = "outlets.csv") -> tuple[list[tuple[Outlet, list[str]]], list[str]]:
    """(outlets with their names, problems): each bad row is one problem naming its line, never skipped silently."""
    import pycountry

    rows, problems, seen = [], [], set()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if tuple(reader.fieldnames or ()) != FIELDS:
        return [], [f"{name}: header must be {','.join(FIELDS)}"]
    for r in reader:
        line = reader.line_num
        bad = [f for f in FIELDS if f != "aliases" and not (r.get(f) or "").strip()]
        if bad:
            problems.append(f"{name}: line {line}: empty {', '.join(bad)}")
            continue
        if r["id"] in seen:
            problems.append(f"{name}: line {line}: duplicate id {r['id']!r}")
            continue
        if r["kind"] not in KINDS:
            problems.append(f"{name}: line {line}: kind {r['kind']!r} is not one of {', '.join(KINDS)}")
            continue
        if pycountry.countries.get(alpha_2=r["country"]) is None:
            problems.append(f"{name}: line {line}: country {r['country']!r} is not an ISO 3166-1 alpha-2 code")
            continue
        if not r["source"].startswith("https://"):
            problems.append(f"{name}: line {line}: source must be an https:// address")
            continue
        seen.add(r["id"])
        outlet = Outlet(r["id"], r["name"], r["country"], r["kind"], r["description"], r["source"])
        names = [r["name"]] + [a.strip() for a in r["aliases"].split(";") if a.strip()]
        rows.append((outlet, names))
    return rows, problems


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[str, Outlet], ...]:
    text = resources.files("geo").joinpath("data", "outlets.csv").read_text(encoding="utf-8")
    rows, problems = check_outlets(text)
    if problems:
        raise ValueError("; ".join(problems))        # the shipped file is tested: this is a packaging bug
    pairs = [(n.casefold(), o) for o, names in rows for n in names]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@lru_cache(maxsize=4096)
def profile_of(outlet: str) -> Outlet | None:
    """The profile of the outlet named ``outlet``, or None.

    Asked once per feature and per source sentence (tens of thousands in a large
    corpus) about a few distinct outlets: the answers are remembered, not rescanned."""
    key = (outlet or "").strip().casefold()
    for name, profile in _table():
        if key == name or (key.startswith(name) and re.match(r"\W", key[len(name):])):
            return profile
    return None


def _cased(name: str) -> bool:
    """Whether a name is matched only as written: an acronym ("AP", "FT", "RT") is a word otherwise."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) <= 4 or all(c.isupper() for c in letters)


@lru_cache(maxsize=1)
def _finder() -> tuple[re.Pattern, dict[str, Outlet]]:
    text = resources.files("geo").joinpath("data", "outlets.csv").read_text(encoding="utf-8")
    rows, _ = check_outlets(text)
    names: dict[str, Outlet] = {}
    for outlet, given in rows:
        for n in given:
            # "The Wall Street Journal" is cited as "the Wall Street Journal" too: matched without its article
            bare = re.sub(r"^the\s+", "", n, flags=re.I)
            names.setdefault(bare if _cased(bare) else bare.casefold(), outlet)
    parts = []
    for n in sorted(names, key=len, reverse=True):
        body = re.escape(n).replace(r"\ ", r"\s+")
        parts.append(body if _cased(n) else f"(?i:{body})")
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(parts) + r")(?![\w]|\.\w)")
    return pattern, names


def outlet_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, outlet id)`` of each name of a profiled outlet in ``text``."""
    pattern, names = _finder()
    out = []
    for m in pattern.finditer(text or ""):
        key = re.sub(r"\s+", " ", m.group(0))
        outlet = names.get(key) or names.get(key.casefold())
        if outlet is not None:
            out.append((m.start(), m.end(), outlet.id))
    return out


@lru_cache(maxsize=4096)
def outlets_named(text: str) -> tuple[str, ...]:
    """Ids of the profiled outlets ``text`` names, in the order first named (none twice)."""
    return tuple(dict.fromkeys(i for _, _, i in outlet_spans(text)))
