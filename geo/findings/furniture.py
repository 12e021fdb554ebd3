"""Sentences that are page furniture, not claims: headings, bylines, datelines, author bios, link titles.

A heading names places ("Cuba, Russia Envisage Technical-Military Cooperation") but
asserts nothing a briefer should cite as a report; a "RELATED:" line is the title of
another story. The tests are about the shape of the line, never its topic.

>>> furniture_reason("By Jane Roe, Staff Writer")
'byline'
>>> furniture_reason("RELATED: Ten things to know about the summit")
'link to another story'
>>> furniture_reason("MOSCOW, June 27 (Reuters) -")
'dateline'
>>> furniture_reason("Maritime Daily, 27 January 2024", whole_line=True)
'masthead'
>>> furniture_reason("Cuba and Mexico Sign Energy Deal", whole_line=True)
'heading'
>>> furniture_reason("Cuba and Mexico signed an energy deal on Monday.", whole_line=True)
''
"""
from __future__ import annotations

import re

from geo.read.provenance import is_headline, is_masthead

_BYLINE = re.compile(r"^\s*(?:By|BY|Written by|Reporting by)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*(?:[,|–—-].{0,60})?$")
_LINK = re.compile(r"^\s*(?:RELATED|Related|READ MORE|Read more|Read also|ALSO READ|Also read|MORE|SEE ALSO|See also|"
                   r"WATCH|Watch|LISTEN|Subscribe|Sign up|Follow us|Share this)\s*(?::|\||–|—|-)\s*")
# A credit line is short; a caption that states a fact after "Photo:" is a claim.
_CREDIT = re.compile(r"^\s*(?:Photo|PHOTO|Image|IMAGE|Credit|File photo|Photograph)\s*(?::|\||by)\s*\S+(?:\s+\S+){0,6}\s*$")
_BIO = re.compile(r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\s+(?:is|was|serves as)\s+(?:a|an|the)\b.{0,120}?\b"
                  r"(?:fellow|correspondent|writer|editor|analyst|professor|reporter|contributor|columnist|researcher|"
                  r"journalist|author|director at|chair of)\b")


def _is_dateline(sentence: str) -> bool:
    """The whole sentence is a dateline ("BEIJING (AP) —"), split off the sentence it opens."""
    from geo.read.provenance import dateline_length

    line = sentence.strip()
    return bool(line) and dateline_length(line + " x") >= len(line)


def furniture_reason(sentence: str, *, whole_line: bool = False, last: bool = False) -> str:
    """Why ``sentence`` is not a claim ("heading", "byline", ...), or "" if it may be one.

    ``whole_line``: the sentence is a line of its own (only then can it be a heading);
    ``last``: it is among the article's last sentences (where author bios stand).
    """
    if _BYLINE.match(sentence):
        return "byline"
    if _is_dateline(sentence):
        return "dateline"
    if whole_line and is_masthead(sentence):     # "Maritime Daily, 27 January 2024"
        return "masthead"
    if _LINK.match(sentence):
        return "link to another story"
    if _CREDIT.match(sentence):
        return "photo credit"
    if last and _BIO.match(sentence):
        return "author biography"
    if whole_line and is_headline(sentence):
        return "heading"
    return ""
