"""Wire datelines: ``ALEP (Syrie), 8 août 2012 (AFP) -`` or ``DAMASCUS, Aug 8 (Reuters) -``.

A dateline opens a wire story with the place of filing in capitals, an optional region in
brackets, the date and the agency. It gives a dispatch its place, publication date and outlet
when the metadata lacks them. Month names come from the lexicons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..lexicon import month_names

__all__ = ["Dateline", "parse_dateline"]

_UPPER = "A-ZÀ-ÖØ-Þ"
_DATELINE = re.compile(
    rf"""^\s*
    (?P<place>[{_UPPER}][{_UPPER}'’.\- ]*[{_UPPER}.])      # ALEP, DAMASCUS, DEIR EL-ZOR
    (?:\s*\((?P<region>[^()\n]{{2,40}})\))?                 # (Syrie)
    (?:\s*,\s*(?P<date>[^()\n\-–—]{{3,40}}?))?               # 8 août 2012 / Aug 8
    \s*(?:\((?P<outlet>[^()\n]{{2,30}})\))?                  # (AFP)
    \s*[-–—]+\s*""",
    re.VERBOSE,
)
_TOKEN = re.compile(r"[^\W\d_]+\.?|\d{1,4}", re.UNICODE)


@dataclass(frozen=True)
class Dateline:
    """What a dateline says; fields it does not state are ``None``."""

    place: str
    region: str | None
    day: int | None
    month: int | None
    year: int | None
    outlet: str | None
    end: int

    def to_date(self, fallback_year: int | None = None) -> date | None:
        """The dateline's date, taking the year from ``fallback_year`` when it has none."""
        year = self.year or fallback_year
        if not (self.day and self.month and year):
            return None
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None


def _parse_date(text: str) -> tuple[int | None, int | None, int | None] | None:
    months = month_names()
    day = month = year = None
    for token in _TOKEN.findall(text):
        word = token.rstrip(".").lower()
        if word.isdigit():
            number = int(word)
            if len(word) == 4 and year is None:
                year = number
            elif 1 <= number <= 31 and day is None:
                day = number
            else:
                return None
        elif word in months and month is None:
            month = months[word]
        else:
            return None
    if month is None:
        return None
    return day, month, year


def parse_dateline(text: str) -> Dateline | None:
    """Parse the wire dateline that opens ``text``, if there is one.

    Parameters
    ----------
    text
        Dispatch text.

    Returns
    -------
    Dateline or None
        ``None`` when the text does not open with a dateline (a dateline needs a capitalised
        place followed by a date or an agency in brackets, then a dash).

    Examples
    --------
    >>> d = parse_dateline("ALEP (Syrie), 8 août 2012 (AFP) - Les forces ...")
    >>> d.place, d.region, d.to_date(), d.outlet
    ('ALEP', 'Syrie', datetime.date(2012, 8, 8), 'AFP')
    >>> parse_dateline("DAMASCUS, Aug 8 (Reuters) - Syrian troops ...").to_date(2012)
    datetime.date(2012, 8, 8)
    """
    match = _DATELINE.match(text[:200])
    if match is None:
        return None
    raw_date, outlet, region = match.group("date"), match.group("outlet"), match.group("region")
    if raw_date is None and outlet is None and region is not None:
        # "DAMASCUS (Reuters) -": with no date, the bracket after the place is the agency.
        outlet, region = region, None
    parsed = _parse_date(raw_date) if raw_date else None
    if raw_date and parsed is None:
        return None
    if parsed is None and outlet is None:
        return None
    day, month, year = parsed or (None, None, None)
    return Dateline(
        place=match.group("place").strip(),
        region=(region or "").strip() or None,
        day=day,
        month=month,
        year=year,
        outlet=outlet.strip() if outlet else None,
        end=match.end(),
    )
