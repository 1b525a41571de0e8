"""When a figure happened: temporal expressions and their arithmetic (DESIGN §5 rule 5).

Expressions are found among a sentence's items (month, weekday and relative words come from the
lexicon) and resolved against the publication day with plain calendar arithmetic:

- explicit dates: ``August 21 2013``, ``le 20 juillet`` (no year → the latest such day on or
  before publication), a month (``in June``, ``March 2011``) or a year (``in 2013``) as a period;
- a weekday: the most recent such day on or before publication (the same weekday is the
  publication day);
- relative days and periods: ``yesterday``/``la veille`` (−1), ``last night`` (−1…0),
  ``past 24 hours``, ``past N days``, ``N days ago``, ``last week``, ``last month``…

No expression → the publication day, basis ``published``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .tagging import Item
from .text import Token

__all__ = ["When", "temporal_expressions", "resolve_weekday", "month_period", "year_period"]

#: Roles of articles and other words a phrase may skip ("the", "le").
_ARTICLES = frozenset({"bridge", "definite"})


@dataclass(frozen=True, slots=True)
class When:
    """A temporal expression resolved to a period (``None`` bounds when it cannot be)."""

    item: int
    basis: str  # explicit | weekday | relative
    start: date | None
    end: date | None
    precision: str = "day"  # day | month | year | period

    @property
    def resolved(self) -> bool:
        return self.start is not None and self.end is not None


def resolve_weekday(weekday: int, published: date) -> date:
    """The most recent ``weekday`` (Monday = 0) on or before ``published``.

    Examples
    --------
    >>> resolve_weekday(1, date(2012, 8, 8))  # a Tuesday before Wednesday 8 August 2012
    datetime.date(2012, 8, 7)
    >>> resolve_weekday(2, date(2012, 8, 8))  # the same weekday is the publication day
    datetime.date(2012, 8, 8)
    """
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def month_period(year: int, month: int) -> tuple[date, date]:
    """First and last day of a month.

    Examples
    --------
    >>> month_period(2016, 2)
    (datetime.date(2016, 2, 1), datetime.date(2016, 2, 29))
    """
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def year_period(year: int) -> tuple[date, date]:
    """First and last day of a year.

    Examples
    --------
    >>> year_period(2013)
    (datetime.date(2013, 1, 1), datetime.date(2013, 12, 31))
    """
    return date(year, 1, 1), date(year, 12, 31)


def _clip(start: date, end: date, published: date | None) -> tuple[date, date]:
    if published is not None and end > published:
        end = published
        start = min(start, end)
    return start, end


def _day_number(item: Item) -> int | None:
    if "numeral" not in item.roles or "number" not in item.roles:
        return None
    value = item.roles["number"][0]
    return value if 1 <= value <= 31 and len(item.text) <= 2 else None


def _year_number(item: Item) -> int | None:
    if "numeral" not in item.roles or "number" not in item.roles or len(item.text) != 4:
        return None
    value = item.roles["number"][0]
    return value if 1900 <= value <= 2100 else None


def _latest_year(month: int, day: int, published: date | None) -> int | None:
    """Year putting ``month``/``day`` on or before publication (``None`` without one)."""
    if published is None:
        return None
    year = published.year
    if (month, day) > (published.month, published.day):
        year -= 1
    return year


def _explicit(
    items: list[Item],
    m: int,
    published: date | None,
    ambiguous: frozenset[str],
    ordinals: frozenset[str] = frozenset(),
) -> When | None:
    """The date around the month item ``m``."""
    n = len(items)
    month = items[m].roles["month"]
    word = items[m].text
    day = year = None
    before = m - 1
    if before > 0 and items[before].text.lower() in ordinals:
        before -= 1  # "1er novembre", "21st August"
    if before >= 0:
        day = _day_number(items[before])
    after = m + 1
    if after < n and items[after].text == ",":
        after += 1
    if day is None and after < n:
        day = _day_number(items[after])
        if day is not None:
            after += 1
            if after < n and items[after].text == ",":
                after += 1
    if after < n:
        year = _year_number(items[after])
    is_ambiguous = word.lower() in ambiguous
    if is_ambiguous and (not word[:1].isupper() or (day is None and year is None)):
        return None
    if day is not None:
        year = year or _latest_year(month, day, published)
        if year is None:
            return When(m, "explicit", None, None)
        try:
            when = date(year, month, day)
        except ValueError:
            return None
        first = _range_start(items, before, when)
        if first is not None:  # "entre le 13 et le 20 mai", "between 13 and 20 May"
            return When(m, "explicit", first, when, "period")
        return When(m, "explicit", when, when)
    shift = 0
    if after < n and "year_shift" in items[after].roles:
        shift = items[after].roles["year_shift"]
    prep = m > 0 and "month_prep" in items[m - 1].roles
    if not prep and m > 1 and items[m - 1].text in "-‐" and "month_prep" in items[m - 2].roles:
        prep = True  # "mid-February"
    if year is None and not prep and not shift:
        return None
    if year is None:
        if published is None:
            return When(m, "explicit", None, None, "month")
        year = published.year if month <= published.month else published.year - 1
        if shift:
            year = published.year + shift
    start, end = month_period(year, month)
    start, end = _clip(start, end, published)
    return When(m, "explicit", start, end, "month")


def _article(item: Item) -> bool:
    """An article between a range's days ("entre le 13 et le 20"); not any word without a role
    ("July 11 tearing down plaques. - On July 31" is no range)."""
    return bool(item.roles) and item.roles.keys() <= _ARTICLES


def _range_start(items: list[Item], day_at: int, end: date) -> date | None:
    """The first day of "<day> and <day> <month>" ending at ``end`` (same month)."""
    k = day_at - 1
    while k >= 0 and _article(items[k]):
        k -= 1
    if k < 1 or not ({"range_join", "conj"} & items[k].roles.keys()):
        return None
    k -= 1
    while k >= 0 and _article(items[k]):
        k -= 1
    if k < 0:
        return None
    day = _day_number(items[k])
    if day is None or day >= end.day:
        return None
    return end.replace(day=day)


def temporal_expressions(
    items: list[Item],
    tokens: list[Token],
    published: date | None,
    counted: list[tuple[tuple[str, ...], str, int]],
    ambiguous_months: frozenset[str] = frozenset(),
    ordinals: frozenset[str] = frozenset(),
) -> list[When]:
    """Temporal expressions of a sentence, resolved against ``published``.

    Parameters
    ----------
    items, tokens
        The sentence's items and tokens.
    published
        The publication day (``None``: relative expressions stay unresolved).
    counted
        The lexicon's counted expressions: token pattern with ``#`` for the number, mode
        (``period``, ``ago``, ``hours``) and unit in days.
    ambiguous_months
        Month words that are also common words (``may``): they need a day or a year.
    ordinals
        Ordinal endings written after a day number (``1er``, ``21st``).

    Examples
    --------
    >>> from casualties.extract.resources import resources
    >>> from casualties.extract.tagging import tag
    >>> from casualties.extract.text import tokenize
    >>> res = resources("fr")
    >>> s = "Mardi, au moins 122 personnes ont été tuées"
    >>> tokens = tokenize(s, 0, len(s), res.numeral)
    >>> [w.start for w in temporal_expressions(tag(tokens, s, res), tokens, date(2012, 8, 8), [])]
    [datetime.date(2012, 8, 7)]
    """
    found: list[When] = []
    used: set[int] = set()
    for j, item in enumerate(items):
        roles = item.roles
        if not roles or j in used:
            continue
        if "month" in roles:
            when = _explicit(items, j, published, ambiguous_months, ordinals)
            if when is not None:
                found.append(when)
                # its day and year, not the month a range joins to it ("March 2011 to June")
                used.update(
                    k
                    for k in range(max(j - 1, 0), min(j + 4, len(items)))
                    if k == j or "month" not in items[k].roles
                )
        elif "weekday" in roles:
            if published is None:
                found.append(When(j, "weekday", None, None))
            else:
                day = resolve_weekday(roles["weekday"], published)
                found.append(When(j, "weekday", day, day))
        elif "relative" in roles:
            start_offset, end_offset = roles["relative"]
            if published is None:
                found.append(When(j, "relative", None, None, "period"))
            else:
                found.append(
                    When(
                        j,
                        "relative",
                        published + timedelta(days=start_offset),
                        published + timedelta(days=end_offset),
                        "period",
                    )
                )
        elif "calendar" in roles:
            found.append(_calendar(j, roles["calendar"], published))
    for j, item in enumerate(items):
        if j in used or "number" not in item.roles:
            continue
        year = _year_number(item)
        if year is not None and j > 0 and "month_prep" in items[j - 1].roles:
            start, end = _clip(*year_period(year), published)
            if published is None or start <= published:
                found.append(When(j, "explicit", start, end, "year"))
            continue
        when = _counted(items, tokens, j, published, counted)
        if when is not None:
            found.append(when)
    found.sort(key=lambda w: w.item)
    return _join_periods(items, _without_printed_weekdays(found))


def _without_printed_weekdays(found: list[When]) -> list[When]:
    """Drop a weekday printed right before its own date ("Friday March 27 2015"): one day,
    stated twice, and no expression between two dates of a range."""
    dates = {w.item for w in found if w.basis == "explicit" and w.precision == "day"}
    return [w for w in found if not (w.basis == "weekday" and w.item + 1 in dates)]


def _join_periods(items: list[Item], found: list[When]) -> list[When]:
    """Join two day expressions linked by a few words ("began Saturday and continued Sunday",
    "between Saturday and Monday") into one period, and two dates, months or years a range
    opens ("from March 2011 to June 2016", "between May 2011 and August 2013")."""
    joined: list[When] = []
    for when in found:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.basis in ("weekday", "explicit")
            and when.basis == previous.basis
            and (
                previous.precision == when.precision == "day"
                or (when.basis == "explicit" and _range_opened(items, previous.item))
            )
            and previous.resolved
            and when.resolved
            and 0 < when.item - previous.item <= _JOIN_GAP
            and any(
                {"conj", "range_join", "month_prep"} & items[k].roles.keys()
                for k in range(previous.item + 1, when.item)
            )
            and not any(items[k].text in ".;:!?" for k in range(previous.item + 1, when.item))
            and previous.start <= when.end
        ):
            start = min(previous.start, when.start)
            end = max(previous.end, when.end)
            joined[-1] = When(previous.item, previous.basis, start, end, "period")
            continue
        joined.append(when)
    return joined


_JOIN_GAP = 5


def _range_opened(items: list[Item], at: int) -> bool:
    """Whether a range word ("from", "between", "entre") opens the expression at item ``at``
    (a day number before its month may stand between: "from 15 March 2011")."""
    return any("range_open" in items[k].roles for k in range(max(at - 2, 0), at))


def _calendar(j: int, spec: tuple[str, int], published: date | None) -> When:
    unit, offset = spec
    if published is None:
        return When(j, "relative", None, None, "period")
    if unit == "year":
        start, end = year_period(published.year + offset)
    else:
        month_index = published.year * 12 + published.month - 1 + offset
        start, end = month_period(month_index // 12, month_index % 12 + 1)
    start, end = _clip(start, end, published)
    return When(j, "relative", start, end, unit)


def _counted(
    items: list[Item],
    tokens: list[Token],
    j: int,
    published: date | None,
    counted: list[tuple[tuple[str, ...], str, int]],
) -> When | None:
    item = items[j]
    value = item.roles["number"][0]
    if value <= 0 or value > 3660:
        return None
    following = tokens[item.last].lower if item.last < len(tokens) else None
    for pattern, mode, unit in counted:
        hole = pattern.index("#")
        before, after = pattern[:hole], pattern[hole + 1 :]
        if after and after[0] != following:
            continue
        lo = item.first - len(before)
        hi = item.last + len(after)
        if lo < 0 or hi > len(tokens):
            continue
        if tuple(t.lower for t in tokens[lo : item.first]) != before:
            continue
        if tuple(t.lower for t in tokens[item.last : hi]) != after:
            continue
        if published is None:
            return When(j, "relative", None, None, "period")
        if mode == "ago":
            day = published - timedelta(days=value * unit)
            return When(j, "relative", day, day, "day")
        days = -(-value // 24) if mode == "hours" else value * unit
        return When(j, "relative", published - timedelta(days=days), published, "period")
    return None
