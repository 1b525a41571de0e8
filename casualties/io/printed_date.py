"""Publication dates printed at the head of an article.

News sites print the date before the story in many shapes: ``Tue 05 Jul 2016``, ``Published
October 2 2017``, ``Date of publication 4 October 2016``, ``08.04.2017(updated …``,
``Last updated at Apr 232017`` (day and year run together). Prefix phrases, weekday and month
names come from the lexicons.
"""

from __future__ import annotations

import re
from datetime import date

from ..lexicon import month_names, publication_prefixes, weekday_names

__all__ = ["parse_printed_date"]

_NUMERIC = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")
_TOKEN = re.compile(r"\s*([^\W\d_]+\.?|\d+)[,]?", re.UNICODE)
_HEAD = 80
_SEARCH = 300
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _strip_prefix(head: str) -> str:
    lowered = head.lower()
    for phrase in publication_prefixes():
        if lowered.startswith(phrase):
            return head[len(phrase) :]
    return head


def _make_date(year: int | None, month: int | None, day: int | None) -> date | None:
    if not (year and month and day) or not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _parse_head(head: str, need_weekday: bool = False) -> date | None:
    months, weekdays = month_names(), weekday_names()
    day = month = year = None
    saw_weekday = False
    position = 0
    while True:
        match = _TOKEN.match(head, position)
        if match is None:
            break
        word = match.group(1).rstrip(".").lower()
        if word.isdigit():
            if len(word) == 6 and month and day is None:  # "Apr 232017": day and year glued
                day, year = int(word[:2]), int(word[2:])
            elif len(word) == 4 and year is None and (month or day):
                year = int(word)
            elif len(word) <= 2 and day is None:
                day = int(word)
            else:
                break
        elif word in months and month is None:
            month = months[word]
        elif word in weekdays and month is None and day is None and not saw_weekday:
            saw_weekday = True
        else:
            break
        position = match.end()
        if day and month and year:
            break
    if need_weekday and not saw_weekday:
        return None
    return _make_date(year, month, day)


def parse_printed_date(text: str) -> date | None:
    """The publication date printed at the start of ``text``, or ``None``.

    Parameters
    ----------
    text
        Article text (only its first 300 characters are read).

    Examples
    --------
    >>> parse_printed_date("Tue 05 Jul 2016 Suicide bombing kills at least 16")
    datetime.date(2016, 7, 5)
    >>> parse_printed_date("Last updated at Apr 232017 An Israeli attack")
    datetime.date(2017, 4, 23)
    >>> parse_printed_date("08.04.2017(updated 1456 08.04.2017) Get short URL")
    datetime.date(2017, 4, 8)
    >>> parse_printed_date("At least 16 people were killed") is None
    True
    """
    head = _strip_prefix(text[:_HEAD].lstrip())
    numeric = _NUMERIC.match(head)
    if numeric:
        day, month, year = (int(g) for g in numeric.groups())
        return _make_date(year, month, day)
    found = _parse_head(head)
    if found is not None:
        return found
    # Some sites print the title first and then "AFP Friday 22 Jul 2016": accept a date further
    # on only when a weekday leads it, which event dates in running text rarely have.
    for word in _WORD.finditer(text[:_SEARCH]):
        if word.group(0).lower() in weekday_names():
            found = _parse_head(text[word.start() : word.start() + _HEAD], need_weekday=True)
            if found is not None:
                return found
    return None
