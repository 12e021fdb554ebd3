"""Find the date or period a sentence's event happened, at the precision stated.

A regular expression finds the expression and decides its precision (day,
month, year); ``dateutil`` turns it into a date; relative expressions
("on Monday", "in late November", "last September") resolved against the
article's publication date.

Example
-------
>>> from datetime import date
>>> find_event_date("They met in late November.", published=date(2023, 1, 18))
EventDate(iso='2022-11', text='in late November', start=9, end=25)
>>> find_event_date("On September 28, 1960, Cuba recognised the PRC.").iso
'1960-09-28'

Without a publication date a relative expression cannot be placed in time: it
is kept as text with no ISO date (``iso=None``), never dropped, and
:func:`relative_dates` lists such expressions so the build can name the article.

>>> find_event_date("They met on Monday.")
EventDate(iso=None, text='on Monday', start=9, end=18)
>>> [d.text for d in relative_dates("Talks began last week and ended on June 3, 2023.")]
['last week']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:(?:early|mid|late|the end of|the beginning of)[\s-]+)?"

# Ordered most to least specific; the first pattern that matches a span wins it.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("day", re.compile(rf"\b(?:on\s+)?(?:{_WEEKDAY},?\s+)?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b")),
    ("day", re.compile(rf"\b(?:on\s+)?\d{{1,2}}\s+{_MONTH}\s+\d{{4}}\b")),
    ("day", re.compile(r"\b(?:on\s+)?\d{1,2}/\d{1,2}/\d{2}(?:\d{2})?\b")),
    ("month", re.compile(rf"\b(?:(?:in|since|by|until|from)\s+)?{_PART}{_MONTH}\s+(?:of\s+)?\d{{4}}\b", re.I)),
    ("day", re.compile(rf"\b(?:on\s+)?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*,?\s*\d)")),
    ("decade", re.compile(r"\b(?:(?:in|since|during)\s+)?(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?1[89]\d0s|20[0-2]0s\b", re.I)),
    ("year", re.compile(r"\b(?:(?:in|since|by|until|from|between|before|after)\s+)?(?:at least\s+)?(?:early|mid|late)?[\s-]*(?:1[89]\d\d|20\d\d)\b(?!s)", re.I)),
    ("month", re.compile(rf"\b(?:(?:in|since|by|until|last|this|next)\s+)?{_PART}(?:January|February|March|April|June|July|August|September|October|November|December)\b(?!\s+\d)", re.I)),
    ("weekday", re.compile(rf"\b(?:(?:on|last|this|since)\s+)?{_WEEKDAY}\b")),
    ("week", re.compile(r"\b(?:this|last|next|earlier this|later this)\s+week(?:end)?\b", re.I)),
    ("month", re.compile(r"\b(?:this|last|next|earlier this|later this)\s+month\b", re.I)),
    ("year", re.compile(r"\b(?:this|last|next|earlier this|later this)\s+year\b", re.I)),
]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass(frozen=True)
class EventDate:
    iso: str | None              # None: a relative expression with no publication date to anchor it
    text: str
    start: int
    end: int


def _strip_words(expr: str) -> str:
    return re.sub(r"^(?:on|in|since|by|until|from|between|before|after|during|at least|the)\s+", "",
                  expr.strip(), flags=re.I)


@lru_cache(maxsize=4096)
def _parse(expr: str, base: date | None) -> datetime | None:
    """Parse an absolute expression ("Nov. 25, 2022", "7/16/21", "September 28").

    Relative expressions never reach here (the regexes resolve them), so
    dateutil's parser suffices; dateparser would cost two seconds to load.
    Missing fields default to the publication date's year, or 1 January.
    """
    from dateutil import parser

    default = datetime(base.year if base else 1900, 1, 1)
    try:
        return parser.parse(expr, default=default, fuzzy=False)
    except (ValueError, OverflowError):
        return None


def _resolve(kind: str, expr: str, published: date | None) -> str | None:
    """Turn a matched expression into ISO text at the precision its kind implies."""
    text = _strip_words(expr)
    text = re.sub(r"^(?:at least\s+)?", "", text, flags=re.I)
    part = re.match(r"(early|mid|late|the end of|the beginning of)[\s-]+", text, re.I)
    if part:
        text = text[part.end():]
    if kind == "decade":
        # ISO has no decade; the first year stands for it and the text keeps "the 1840s".
        return re.search(r"\d{4}", text).group(0)[:3] + "0"
    if kind == "year":
        year = re.search(r"\d{4}", text)
        if year:
            return year.group(0)
        if published is None:
            return None
        offset = {"last": -1, "next": 1}.get(text.split()[0].lower(), 0)
        return str(published.year + offset)
    if kind == "weekday":
        if published is None:
            return None
        weekday = _WEEKDAYS.index(re.search(_WEEKDAY, expr).group(0).lower())
        back = (published.weekday() - weekday) % 7
        return (published - timedelta(days=back)).isoformat()
    if kind == "week":
        if published is None:
            return None
        shift = -7 if text.lower().startswith("last") else 7 if text.lower().startswith("next") else 0
        return (published + timedelta(days=shift)).isoformat()
    if kind == "month" and not re.search(r"\d{4}", text):
        if published is None:
            return None
        lowered = text.lower()
        if lowered.endswith("month"):
            months = -1 if lowered.startswith("last") else 1 if lowered.startswith("next") else 0
            y, m = divmod(published.year * 12 + published.month - 1 + months, 12)
            return f"{y:04d}-{m + 1:02d}"
        month = datetime.strptime(text.split()[-1][:3].title(), "%b").month
        # A bare month names the most recent one at or before publication,
        # unless the text says "next".
        year = published.year if month <= published.month else published.year - 1
        if expr.lower().startswith("next"):
            year = published.year if month > published.month else published.year + 1
        return f"{year:04d}-{month:02d}"
    parsed = _parse(text.replace("Sept.", "Sep.").replace("Sept ", "Sep "), published)
    if parsed is None:
        return None
    if kind == "month":
        return f"{parsed.year:04d}-{parsed.month:02d}"
    if kind == "day" and not re.search(r"\d{4}|/\d{2}\b", text) and published is not None:
        # "November 9" with no year: the occurrence nearest publication.
        candidates = [date(published.year + k, parsed.month, parsed.day) for k in (-1, 0, 1)
                      if _valid(published.year + k, parsed.month, parsed.day)]
        return min(candidates, key=lambda d: abs((d - published).days)).isoformat()
    if kind == "day" and not re.search(r"\d{4}|/\d{2}\b", text):
        return None
    return parsed.date().isoformat()


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
        return True
    except ValueError:
        return False


def find_dates(text: str, published: date | None = None, *, keep_unresolved: bool = False) -> list[EventDate]:
    """Every date expression in ``text``, non-overlapping, in order, resolved where possible.

    ``keep_unresolved`` also returns the expressions that need a publication date
    and have none ("on Monday" with ``published=None``), with ``iso=None``.
    """
    taken: list[tuple[int, int]] = []
    found: list[EventDate] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            expr = match.group(0).strip()
            if not expr or any(start < e and s < end for s, e in taken):
                continue
            if kind == "year" and not re.search(r"\d{4}|year", expr):
                continue
            iso = _resolve(kind, expr, published)
            taken.append((start, end))
            relative = iso is None and published is None and _resolve(kind, expr, _ANY_DAY) is not None
            if iso is not None or (keep_unresolved and relative):
                lead = len(match.group(0)) - len(match.group(0).lstrip())
                found.append(EventDate(iso, expr, start + lead, start + lead + len(expr)))
    return sorted(found, key=lambda d: d.start)


# Any date anchors a relative expression: one that resolves against it and not
# against nothing is relative.
_ANY_DAY = date(2001, 1, 1)


def relative_dates(text: str) -> list[EventDate]:
    """The expressions in ``text`` that only a publication date could place ("on Monday", "last week")."""
    return [d for d in find_dates(text, None, keep_unresolved=True) if d.iso is None]


def find_event_date(sentence: str, published: date | None = None, near: int | None = None) -> EventDate | None:
    """The date expression in ``sentence`` that best dates its event.

    With ``near`` (an offset into the sentence, e.g. the place mention), the
    expression closest to it wins; otherwise the first one. A resolved date wins
    over one that cannot be placed without the publication date, which is returned
    (``iso=None``) only when the sentence has nothing better.
    """
    dates = find_dates(sentence, published, keep_unresolved=published is None)
    resolved = [d for d in dates if d.iso is not None]
    dates = resolved or dates
    if not dates:
        return None
    if near is None:
        return dates[0]
    return min(dates, key=lambda d: (min(abs(d.start - near), abs(d.end - near)), d.start))
