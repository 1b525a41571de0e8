"""Counts, their qualifiers, and category rows that partition a claim's total.

A :class:`Count` is what a figure states: ``low``/``high`` bounds, the conservative ``best`` and
the qualifier (DESIGN §5 rule 2). Groups of one category are summed (``10 children and 5
women`` → civilians 15); a breakdown partitions its total (``122 people including 59
civilians, 32 soldiers and 31 rebels`` → three rows, no remainder; ``at least 50 people
including 20 civilians`` → civilians 20 exact + unspecified 30 at least).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Count", "count_for", "add_counts", "partition", "CATEGORY_ORDER"]

CATEGORY_ORDER = ("civilians", "soldiers", "rebels", "unspecified")


@dataclass(frozen=True, slots=True)
class Count:
    """A stated number of people: bounds, conservative point value and qualifier."""

    low: int | None
    high: int | None
    best: int
    qualifier: str

    @property
    def value(self) -> int:
        """The number as stated (the lower bound, else the upper)."""
        return self.low if self.low is not None else self.best


def count_for(value: int, qualifier: str, high: int | None = None) -> Count:
    """The :class:`Count` of ``value`` under ``qualifier`` (``high`` for ranges).

    Examples
    --------
    >>> count_for(13, "at_least"), count_for(8000, "range", 6000)
    (Count(low=13, high=None, best=13, qualifier='at_least'), Count(low=6000, high=8000, best=6000, qualifier='range'))
    """  # noqa: E501
    if qualifier == "range" and high is not None:
        low, high = min(value, high), max(value, high)
        return Count(low, high, low, "range")
    if qualifier in ("at_least", "vague"):
        return Count(value, None, value, qualifier)
    if qualifier == "at_most":
        return Count(None, value, value, "at_most")
    return Count(value, value, value, qualifier if qualifier == "approx" else "exact")


def add_counts(counts: list[Count]) -> Count:
    """Sum counts of one category (``10 children and 5 women`` → 15).

    Examples
    --------
    >>> add_counts([count_for(29, "at_least"), count_for(6, "exact")])
    Count(low=35, high=None, best=35, qualifier='at_least')
    """
    if len(counts) == 1:
        return counts[0]
    lows = [c.low for c in counts]
    highs = [c.high for c in counts]
    low = None if any(v is None for v in lows) else sum(lows)  # type: ignore[arg-type]
    high = None if any(v is None for v in highs) else sum(highs)  # type: ignore[arg-type]
    best = sum(c.best for c in counts)
    qualifiers = {c.qualifier for c in counts}
    if len(qualifiers) == 1:
        qualifier = qualifiers.pop()
    elif low is not None and high is None:
        qualifier = "vague" if qualifiers <= {"vague", "exact"} else "at_least"
    elif low is None:
        qualifier = "at_most"
    elif low == high:
        qualifier = "approx" if "approx" in qualifiers else "exact"
    else:
        qualifier = "range"
    if qualifier == "at_most":
        low = None
    return Count(low, high, best, qualifier)


def partition(
    total: Count, total_category: str, parts: dict[str, Count]
) -> tuple[dict[str, Count], bool]:
    """Category rows of a claim whose total is broken down into ``parts``.

    Parameters
    ----------
    total
        The total (``122 people``).
    total_category
        Its category (``unspecified`` for people, victims…).
    parts
        Summed counts per category of the parts (``{"civilians": 59, …}``).

    Returns
    -------
    rows, exceeds
        Category → count, and whether the parts exceed the total (flag
        ``breakdown_exceeds_total``; no remainder row then).

    Examples
    --------
    >>> parts = {"civilians": count_for(59, "exact"), "soldiers": count_for(32, "exact"),
    ...          "rebels": count_for(31, "exact")}
    >>> rows, _ = partition(count_for(122, "at_least"), "unspecified", parts)
    >>> sorted((k, v.low) for k, v in rows.items())
    [('civilians', 59), ('rebels', 31), ('soldiers', 32)]
    >>> rows, _ = partition(count_for(50, "at_least"), "unspecified",
    ...                     {"civilians": count_for(20, "exact")})
    >>> rows["unspecified"]
    Count(low=30, high=None, best=30, qualifier='at_least')
    """
    if total_category != "unspecified":
        # Parts of a specific group are its subsets ("20 civilians including 5 children").
        return {total_category: total}, False
    specific = {k: v for k, v in parts.items() if k != "unspecified"}
    if not specific:
        return {total_category: total}, False
    rows = dict(specific)
    used_best = sum(c.best for c in specific.values())
    used_low = sum(c.low if c.low is not None else c.best for c in specific.values())
    if used_best > total.best:
        return rows, True
    remainder = _remainder(total, used_low, used_best)
    if remainder is not None:
        rows["unspecified"] = remainder
    return rows, False


def _remainder(total: Count, used_low: int, used_best: int) -> Count | None:
    best = total.best - used_best
    if total.qualifier in ("exact", "approx"):
        if best <= 0:
            return None
        return Count(best, best, best, total.qualifier)
    if total.qualifier in ("at_least", "vague"):
        if best <= 0:
            return None
        return Count(best, None, best, total.qualifier)
    if total.qualifier == "at_most":
        if best <= 0:
            return None
        return Count(None, best, best, "at_most")
    # A range: what is left lies between low - used and high - used.
    low = max((total.low or 0) - used_low, 0)
    high = (total.high - used_low) if total.high is not None else None
    if high is not None and high <= 0:
        return None
    if high is not None and low == high:
        return Count(low, high, low, "exact") if low > 0 else None
    return Count(low, high, low, "range") if low > 0 else Count(0, high, 0, "range")
