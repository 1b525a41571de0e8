"""From the frames a chart is given to tidy data: input checks, numbers, dates and periods."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

PERIOD_FREQ = {"day": "D", "week": "7D", "month": "MS", "quarter": "QS", "year": "YS"}
#: The length of each period in days (the average month, quarter and year).
PERIOD_DAYS = {"day": 1, "week": 7, "month": 30.44, "quarter": 91.3, "year": 365.25}


def require(frame: Any, columns: Sequence[str], what: str) -> pd.DataFrame:
    """The frame if it is a non-empty DataFrame holding ``columns``, else a clear error."""
    if frame is None:
        raise ValueError(f"{what}: no data to plot (got None)")
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{what}: the frame has no column {', '.join(map(repr, missing))} "
            f"(it has {', '.join(map(str, frame.columns))})"
        )
    if frame.empty:
        raise ValueError(f"{what}: no data to plot (the frame is empty)")
    return frame


def values(series: pd.Series) -> np.ndarray:
    """Numeric values as float with NaN for missing (nullable Int64 included)."""
    return pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()


def dates(series: pd.Series) -> pd.Series:
    """Dates as ``datetime64[ns]`` (whatever unit or time zone they came in)."""
    return pd.to_datetime(series).astype("datetime64[ns]")


def with_dates(frame: pd.DataFrame, x: str) -> pd.DataFrame:
    """A copy of ``frame`` whose column ``x`` holds ``datetime64[ns]`` dates."""
    frame = frame.copy()
    frame[x] = dates(frame[x])
    return frame


def select_outcome(frame: pd.DataFrame, outcome: str | None, what: str) -> tuple[pd.DataFrame, str]:
    """Rows of one outcome: the one asked for, else the only one present, else ``killed``."""
    if "outcome" not in frame.columns:
        return frame, outcome or "killed"
    present = [str(v) for v in pd.unique(frame["outcome"].dropna())]
    if outcome is None:
        if len(present) == 1:
            outcome = present[0]
        else:
            outcome = "killed" if "killed" in present else sorted(present)[0]
    out = frame[frame["outcome"].astype(str) == outcome]
    if out.empty:
        raise ValueError(
            f"{what}: no rows with outcome {outcome!r} "
            f"(the frame has {', '.join(present) or 'none'})"
        )
    return out, outcome


def as_list(names: str | Sequence[str]) -> list[str]:
    """One name or several, as a list (``category="civilians"`` or ``category=[...]``)."""
    return [names] if isinstance(names, str) else list(names)


def period_of(stamps: pd.Series | pd.DatetimeIndex) -> str:
    """The grid a Series frame is on: ``day``, ``week``, ``month``, ``quarter`` or ``year``."""
    index = pd.DatetimeIndex(pd.unique(pd.to_datetime(pd.Series(stamps)).dropna())).sort_values()
    if len(index) < 2:
        return "day"
    step = int(np.diff(index.asi8).min() // (86_400 * 10**9))
    first = bool((index.day == 1).all())
    if step >= 365 and first and bool((index.month == 1).all()):
        return "year"
    if step >= 89 and first and bool(index.month.isin([1, 4, 7, 10]).all()):
        return "quarter"
    if step >= 28 and first:
        return "month"
    if step >= 7 and step % 7 == 0 and index.day_of_week.nunique() == 1:
        return "week"
    return "day"


def period_grid(start: pd.Timestamp, end: pd.Timestamp, period: str) -> pd.DatetimeIndex:
    """Every period from ``start`` to ``end``: the days of the regular grid of a chart."""
    return pd.date_range(start, end, freq=PERIOD_FREQ[period])


def next_period(periods: pd.DatetimeIndex, period: str) -> pd.Timestamp:
    """The start of the period after the last of ``periods`` (the right edge of a cell)."""
    last = periods[-1]
    if period == "month":
        return last + pd.offsets.MonthBegin(1)
    if period == "quarter":
        return last + pd.offsets.QuarterBegin(1, startingMonth=1)
    if period == "year":
        return last + pd.offsets.YearBegin(1)
    if period == "week":
        return last + pd.Timedelta(days=7)
    if len(periods) > 1:
        return last + (periods[-1] - periods[-2])
    return last + pd.Timedelta(days=1)


def per_source_day(frame: pd.DataFrame, x: str, hue: str, y: str) -> pd.DataFrame:
    """Per date and source: ``y`` summed over categories (and places); absent stays absent."""
    data = frame[[x, hue, y]].copy()
    data[x] = dates(data[x])
    data[hue] = data[hue].astype(str)
    data[y] = values(data[y])
    out = data.groupby([x, hue], sort=True)[y].sum(min_count=1).to_frame(y).reset_index()
    return out[out[y].notna()]


def skewed(numbers: np.ndarray, min_count: int = 10) -> bool:
    """True when a few values dwarf the rest: the largest over 30 times the 90th percentile.

    Fewer than ``min_count`` finite values are never skewed.
    """
    finite = np.abs(numbers[np.isfinite(numbers)])
    if finite.size < min_count:
        return False
    return float(finite.max()) > 30.0 * max(float(np.quantile(finite, 0.9)), 1.0)
