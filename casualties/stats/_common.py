"""Helpers shared by the statistics modules: input checks, regular grids, wide frames.

A Series frame lists only the days on which a source said something; every method here puts
those reports on a *regular grid* (one row per period from a group's first to its last report)
on which an unreported period is NaN, never 0.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from math import gcd
from statistics import NormalDist

import numpy as np
import pandas as pd

from ..schema import OUTCOMES, SeriesSchema, validate

KEYS = ["source_id", "category", "outcome"]
#: Optional Series columns that split a series by place (``daily(by=(..., "admin1"))``).
PLACE_KEYS = ("place", "place_id", "admin1", "country")
#: ``source_id`` of the cross-source envelope (``daily(sources="all")``): not a source.
ENVELOPE = "all"

_WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


def check_series(series: pd.DataFrame) -> pd.DataFrame:
    """Validate a Series frame and drop rows without a ``best`` value (nothing was said)."""
    if not isinstance(series, pd.DataFrame):
        raise TypeError(f"expected a Series frame (pandas.DataFrame), got {type(series).__name__}")
    frame = validate(series, SeriesSchema)
    frame = frame[frame["best"].notna()]
    return frame.sort_values(["date", *KEYS], kind="stable").reset_index(drop=True)


def place_keys(frame: pd.DataFrame) -> list[str]:
    """The place columns present in a Series frame (part of its row key)."""
    return [c for c in PLACE_KEYS if c in frame.columns]


def sources_only(frame: pd.DataFrame, what: str) -> pd.DataFrame:
    """Rows of real sources, one place: drop the envelope, refuse a series split by place.

    Summing a series split by place could add a governorate into its country, so ``fuse`` and
    ``disagreement`` need one row per date, source, category and outcome.
    """
    if (frame["source_id"] == ENVELOPE).any():
        warnings.warn(
            f"{what}: rows of the cross-source envelope (source_id {ENVELOPE!r}) are not a "
            "source and are left out",
            RuntimeWarning,
            stacklevel=3,
        )
        frame = frame[frame["source_id"] != ENVELOPE]
    if frame.duplicated(["date", *KEYS]).any():
        raise ValueError(
            f"{what} needs one row per date, source, category and outcome, but the series is "
            f"split by {place_keys(frame) or 'another column'}; keep one place (e.g. "
            "daily(tallies, place='Syria', by=('source_id', 'category')))"
        )
    return frame


def infer_freq(dates: Iterable[pd.Timestamp] | pd.Series) -> str:
    """The period of a Series frame's dates: ``"D"``, ``"W-<DAY>"``, ``"MS"`` or ``"ME"``.

    Inferred from the distinct dates: all first-of-month → ``"MS"``, all last-of-month →
    ``"ME"``, one weekday with gaps that are multiples of seven days → weekly, else daily.
    """
    unique = pd.DatetimeIndex(pd.unique(pd.Series(dates).dropna())).sort_values()
    if len(unique) < 2:
        return "D"
    if (unique == unique.normalize()).all():
        if unique.is_month_start.all() and _one_per_month(unique):
            return "MS"
        if unique.is_month_end.all() and _one_per_month(unique):
            return "ME"
    steps = np.diff(unique.asi8) // (86_400 * 10**9)
    step = 0
    for value in steps.tolist():
        step = gcd(step, int(value))
    if step % 7 == 0 and len(set(unique.day_of_week)) == 1:
        return f"W-{_WEEKDAYS[unique[0].day_of_week]}"
    return "D"


def _one_per_month(index: pd.DatetimeIndex) -> bool:
    months = index.year * 12 + index.month
    return bool(len(np.unique(months)) == len(index))


def grid(start: pd.Timestamp, end: pd.Timestamp, freq: str) -> pd.DatetimeIndex:
    """Every period from ``start`` to ``end`` inclusive."""
    return pd.date_range(start, end, freq=freq)


def on_grid(dates: pd.Series, values: pd.Series, freq: str) -> pd.Series:
    """Values indexed by a regular grid from the first to the last date, NaN where absent."""
    observed = pd.Series(
        values.to_numpy(dtype=float, na_value=np.nan), index=pd.DatetimeIndex(dates)
    )
    index = grid(observed.index.min(), observed.index.max(), freq)
    missing = observed.index.difference(index)
    if len(missing):
        raise ValueError(
            f"dates {list(missing[:3].date)} are not on the {freq!r} grid; pass freq= explicitly"
        )
    return observed.reindex(index)


def select_outcome(frame: pd.DataFrame, outcome: str | None) -> pd.DataFrame:
    """Rows of one outcome; ``None`` accepts the input's only outcome."""
    present = sorted(frame["outcome"].astype(str).unique())
    if outcome is None:
        if len(present) > 1:
            raise ValueError(f"the series mixes outcomes {present}; choose one with outcome=")
        return frame
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {OUTCOMES}, got {outcome!r}")
    return frame[frame["outcome"].astype(str) == outcome]


def select_categories(frame: pd.DataFrame, category: str | Sequence[str] | None) -> pd.DataFrame:
    """Rows of the given categories (``None``: all present)."""
    if category is None:
        return frame
    wanted = [category] if isinstance(category, str) else list(category)
    return frame[frame["category"].isin(wanted)]


def select_sources(frame: pd.DataFrame, sources: Sequence[str] | None) -> pd.DataFrame:
    """Rows of the given sources (``None``: all present); unknown ids raise."""
    if sources is None:
        return frame
    wanted = [sources] if isinstance(sources, str) else list(sources)
    unknown = sorted(set(wanted) - set(frame["source_id"]))
    if unknown:
        raise ValueError(
            f"sources {unknown} are not in the series (present: "
            f"{sorted(frame['source_id'].unique())})"
        )
    return frame[frame["source_id"].isin(wanted)]


def per_source_day(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (date, source_id): ``best`` and ``low`` summed over categories, ``high`` too.

    A missing ``low`` counts as 0 (no lower bound); a missing ``high`` in any category makes the
    day's ``high`` missing (unbounded above).
    """
    work = pd.DataFrame(
        {
            "date": frame["date"],
            "source_id": frame["source_id"].astype(str),
            "best": frame["best"].to_numpy(dtype=float, na_value=np.nan),
            "low": frame["low"].to_numpy(dtype=float, na_value=0.0),
            "high": frame["high"].to_numpy(dtype=float, na_value=np.nan),
        }
    )
    work["high_missing"] = np.isnan(work["high"])
    grouped = work.groupby(["date", "source_id"], sort=True)
    out = grouped.agg(
        best=("best", "sum"),
        low=("low", "sum"),
        high=("high", "sum"),
        high_missing=("high_missing", "any"),
    ).reset_index()
    out.loc[out["high_missing"], "high"] = np.nan
    return out.drop(columns="high_missing")


def z_value(level: float) -> float:
    """Two-sided normal quantile for a confidence ``level`` in (0, 1)."""
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}")
    return float(NormalDist().inv_cdf(0.5 + level / 2))
