"""ISO dates of stated precision (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``) as typed values.

Event dates keep the precision the article gave ("in June 2023" is ``2023-06``).
A typed output (a GeoPackage DATE column, a spreadsheet date cell, a KML time
span) needs a calendar date, so the period's first day stands for it and the
precision travels beside it; the period's last day closes a time span.

>>> parse_iso("2023-06")
IsoDate(start=datetime.date(2023, 6, 1), precision='month', text='2023-06')
>>> parse_iso("2024-02").end
datetime.date(2024, 2, 29)
>>> parse_iso("2023-13") is None, parse_iso("next week") is None, parse_iso(None) is None
(True, True, True)
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

PRECISIONS = {10: "day", 7: "month", 4: "year"}
_ISO = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


@dataclass(frozen=True)
class IsoDate:
    start: date          # the first day of the period
    precision: str       # day, month or year
    text: str            # the ISO text as written

    @property
    def end(self) -> date:
        """The period's last day."""
        if self.precision == "day":
            return self.start
        if self.precision == "month":
            return self.start.replace(day=calendar.monthrange(self.start.year, self.start.month)[1])
        return date(self.start.year, 12, 31)


def parse_iso(value) -> IsoDate | None:
    """The typed date of an ISO text at its precision; None for anything else (no guessing)."""
    if not isinstance(value, str) or not _ISO.fullmatch(value):
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        start = date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))
    except ValueError:
        return None
    if start.year < 1:
        return None
    return IsoDate(start, PRECISIONS[len(value)], value)
