"""How much, when and how consistently sources disagree (DESIGN §7).

:func:`disagreement` compares every pair of sources on the days both report (a day a source
said nothing is never read as 0) and summarises per period and overall: ratios, differences,
whether their [low, high] ranges overlap, coverage, Bland–Altman limits of agreement,
lead–lag by cross-correlation of the differenced series, and Poisson rate-ratio tests.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._common import (
    check_series,
    infer_freq,
    per_source_day,
    select_categories,
    select_outcome,
    select_sources,
    sources_only,
)

__all__ = ["disagreement", "Disagreement", "DAILY_COLUMNS", "PERIOD_COLUMNS", "PAIR_COLUMNS"]

DAILY_COLUMNS = [
    "date", "source_a", "source_b", "best_a", "best_b", "mean", "diff", "log_ratio", "overlap",
]  # fmt: skip
PERIOD_COLUMNS = [
    "source_a", "source_b", "period", "n_days_a", "n_days_b", "n_days_both", "total_a",
    "total_b", "ratio", "log_ratio", "abs_diff", "overlap_share", "coverage_a", "coverage_b",
    "rate_ratio", "p_value",
]  # fmt: skip
PAIR_COLUMNS = [
    "source_a", "source_b", "n_days_both", "total_a", "total_b", "mean_log_ratio", "ba_mean",
    "ba_lower", "ba_upper", "lead_lag", "lag_corr", "rate_ratio", "rr_lower", "rr_upper",
    "p_value",
]  # fmt: skip
COVERAGE_COLUMNS = ["source_id", "period", "n_days", "days_in_period", "coverage"]

_PERIOD_ALIASES = {"ME": "M", "MS": "M", "QE": "Q", "QS": "Q", "YE": "Y", "YS": "Y", "A": "Y"}


@dataclass(frozen=True)
class Disagreement:
    """What :func:`disagreement` returns.

    Attributes
    ----------
    daily
        One row per pair and day both report: ``date, source_a, source_b, best_a, best_b,
        mean, diff, log_ratio, overlap``.
    by_period
        One row per pair and period of the input's span: ``source_a, source_b, period,
        n_days_a, n_days_b, n_days_both, total_a, total_b, ratio, log_ratio, abs_diff,
        overlap_share, coverage_a, coverage_b, rate_ratio, p_value``.
    pairs
        One row per pair over the whole span: ``source_a, source_b, n_days_both, total_a,
        total_b, mean_log_ratio, ba_mean, ba_lower, ba_upper, lead_lag, lag_corr, rate_ratio,
        rr_lower, rr_upper, p_value``.
    coverage
        One row per source and period: ``source_id, period, n_days, days_in_period,
        coverage`` (for a coverage raster).
    freq, outcome, category
        The settings used.
    """

    daily: pd.DataFrame
    by_period: pd.DataFrame
    pairs: pd.DataFrame
    coverage: pd.DataFrame
    freq: str
    outcome: str | None
    category: tuple[str, ...] | None


def disagreement(
    series: pd.DataFrame,
    *,
    freq: str = "M",
    outcome: str | None = "killed",
    category: str | Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    max_lag: int = 14,
    min_lag_pairs: int = 10,
    level: float = 0.95,
) -> Disagreement:
    """Compare every pair of sources, day by day, per period and overall.

    Each source's daily ``best``, ``low`` and ``high`` are summed over the selected
    categories (a missing ``low`` counts as 0, a missing ``high`` makes the day unbounded
    above). Pairs are ``(source_a, source_b)`` with ``source_a < source_b`` in sorted order.
    All comparisons of values use only the days **both** report.

    Definitions
        - ``diff = best_a − best_b``; ``mean = (best_a + best_b) / 2`` (the Bland–Altman axes).
        - ``log_ratio = log((a + 1) / (b + 1))`` (``log1p`` difference, defined at 0, the scale
          :func:`casualties.stats.fuse` works on); ``ratio = total_a / total_b`` (NaN when
          ``total_b = 0``).
        - ``overlap``: the ranges ``[low, high]`` share at least one value.
        - ``total_a``, ``total_b``, ``abs_diff = |total_a − total_b|`` are over the days both
          report in the period, so that a source's silence never counts as disagreement.
        - ``coverage_a`` = ``n_days_a`` / days of the period within the input's span (from
          its first to its last report): the share of days on which ``source_a`` reports.
        - Bland–Altman: ``ba_mean`` is the mean ``diff``, ``ba_lower``/``ba_upper`` are
          ``ba_mean ∓ 1.96 sd(diff)`` (sample sd), on the days both report.
        - ``lead_lag``: on the daily grid, each source's series is differenced (a difference
          needs reports on two consecutive days); for lags ``k`` in ``[−max_lag, max_lag]``
          the correlation of ``Δa[t]`` with ``Δb[t + k]`` over the days both exist (at least
          ``min_lag_pairs``) is computed; ``lead_lag`` is the ``k`` with the highest
          correlation (ties: the smallest ``|k|``), **positive when source_a leads** (its
          movements show up in source_b ``k`` days later), and ``lag_corr`` that correlation.
        - ``rate_ratio``, ``rr_lower``, ``rr_upper``, ``p_value``: ``test_poisson_2indep`` and
          ``confint_poisson_2indep`` (score method) of ``total_a`` against ``total_b`` with
          equal exposure ``n_days_both``. Casualty counts are over-dispersed, so Poisson
          p-values are optimistic: read a small p-value as "the totals differ beyond Poisson
          noise", not as proof of a systematic difference.

    Parameters
    ----------
    series
        A Series frame.
    freq
        Period of ``by_period``: ``"M"`` (months), ``"W"``, ``"Q"``, ``"Y"`` or any pandas
        period alias. ``period`` holds the period's first day. On a weekly or monthly Series
        frame, "days" above are its periods (a week belongs to the month of its first day).
    outcome
        ``"killed"`` or ``"wounded"``; ``None`` accepts the input's only outcome.
    category
        One category or several to sum (default: all present).
    sources
        Sources to compare (default: all present).
    max_lag
        Largest lag, in days (grid periods), tried for ``lead_lag``.
    min_lag_pairs
        Fewest pairs of differences needed for a correlation.
    level
        Confidence level of ``rr_lower``/``rr_upper``.

    Returns
    -------
    Disagreement

    Examples
    --------
    >>> import pandas as pd
    >>> rows = [("2020-01-01", "a", 10), ("2020-01-01", "b", 20), ("2020-01-02", "a", 12)]
    >>> frame = pd.DataFrame(rows, columns=["date", "source_id", "best"]).assign(
    ...     category="civilians", outcome="killed", low=lambda d: d["best"],
    ...     high=lambda d: d["best"], n_claims=1)
    >>> result = disagreement(frame)
    >>> result.daily[["source_a", "source_b", "diff"]].to_dict("records")
    [{'source_a': 'a', 'source_b': 'b', 'diff': -10.0}]
    >>> float(result.by_period["coverage_b"].iloc[0])
    0.5
    """
    frame = sources_only(check_series(series), "disagreement")
    frame = select_outcome(frame, outcome)
    frame = select_categories(frame, category)
    frame = select_sources(frame, sources)
    period_freq = _PERIOD_ALIASES.get(freq, freq)
    categories = None if category is None else tuple([category] if isinstance(category, str)
                                                     else category)  # fmt: skip
    if frame.empty:
        return Disagreement(
            daily=_empty(DAILY_COLUMNS),
            by_period=_empty(PERIOD_COLUMNS),
            pairs=_empty(PAIR_COLUMNS),
            coverage=_empty(COVERAGE_COLUMNS),
            freq=period_freq,
            outcome=outcome,
            category=categories,
        )
    grid_freq = infer_freq(frame["date"])
    days = per_source_day(frame)
    source_ids = sorted(days["source_id"].unique())
    span = pd.date_range(days["date"].min(), days["date"].max(), freq=grid_freq)
    periods = span.to_period(period_freq)
    period_index = pd.PeriodIndex(pd.unique(periods), freq=period_freq)
    days_in_period = pd.Series(periods).value_counts().reindex(period_index).to_numpy()

    wide = {
        column: days.pivot(index="date", columns="source_id", values=column).reindex(
            index=span, columns=source_ids
        )
        for column in ("best", "low", "high")
    }
    reported = wide["best"].notna()

    coverage = _coverage(reported, periods, period_index, days_in_period)
    daily_pieces, period_pieces, pair_rows = [], [], []
    for a, b in itertools.combinations(source_ids, 2):
        daily = _pair_daily(wide, reported, a, b)
        daily_pieces.append(daily)
        period_pieces.append(
            _pair_periods(daily, reported, periods, period_index, days_in_period, a, b)
        )
        pair_rows.append(_pair_summary(daily, wide["best"], a, b, max_lag, min_lag_pairs, level))
    daily_frame = (
        pd.concat(daily_pieces, ignore_index=True) if daily_pieces else _empty(DAILY_COLUMNS)
    )
    period_frame = (
        pd.concat(period_pieces, ignore_index=True) if period_pieces else _empty(PERIOD_COLUMNS)
    )
    pairs_frame = (
        pd.DataFrame(pair_rows, columns=PAIR_COLUMNS) if pair_rows else _empty(PAIR_COLUMNS)
    )
    return Disagreement(
        daily=daily_frame[DAILY_COLUMNS],
        by_period=period_frame[PERIOD_COLUMNS],
        pairs=pairs_frame,
        coverage=coverage,
        freq=period_freq,
        outcome=outcome,
        category=categories,
    )


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series([], dtype=object) for column in columns})


def _coverage(
    reported: pd.DataFrame,
    periods: pd.PeriodIndex,
    period_index: pd.PeriodIndex,
    days_in_period: np.ndarray,
) -> pd.DataFrame:
    counts = reported.groupby(np.asarray(periods)).sum().reindex(period_index)
    pieces = []
    for source_id in reported.columns:
        n_days = counts[source_id].to_numpy(dtype="int64")
        pieces.append(
            pd.DataFrame(
                {
                    "source_id": source_id,
                    "period": period_index.to_timestamp(),
                    "n_days": n_days,
                    "days_in_period": days_in_period,
                    "coverage": n_days / days_in_period,
                }
            )
        )
    return pd.concat(pieces, ignore_index=True)[COVERAGE_COLUMNS]


def _pair_daily(wide: dict[str, pd.DataFrame], reported: pd.DataFrame, a: str, b: str):
    both = (reported[a] & reported[b]).to_numpy()
    dates = reported.index[both]
    best_a = wide["best"][a].to_numpy()[both]
    best_b = wide["best"][b].to_numpy()[both]
    low_a = wide["low"][a].to_numpy()[both]
    low_b = wide["low"][b].to_numpy()[both]
    high_a = np.nan_to_num(wide["high"][a].to_numpy()[both], nan=np.inf)
    high_b = np.nan_to_num(wide["high"][b].to_numpy()[both], nan=np.inf)
    return pd.DataFrame(
        {
            "date": dates,
            "source_a": a,
            "source_b": b,
            "best_a": best_a,
            "best_b": best_b,
            "mean": (best_a + best_b) / 2,
            "diff": best_a - best_b,
            "log_ratio": np.log1p(best_a) - np.log1p(best_b),
            "overlap": (np.maximum(low_a, low_b) <= np.minimum(high_a, high_b)),
        }
    )


def _rate_test(total_a: float, total_b: float, exposure: float) -> tuple[float, float]:
    """Rate ratio and two-sided p-value of ``test_poisson_2indep`` (NaN when undefined)."""
    from statsmodels.stats.rates import test_poisson_2indep

    if exposure <= 0 or total_a + total_b <= 0:
        return np.nan, np.nan
    ratio = total_a / total_b if total_b > 0 else np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        test = test_poisson_2indep(total_a, exposure, total_b, exposure, method="score")
    return ratio, float(test.pvalue)


def _pair_periods(
    daily: pd.DataFrame,
    reported: pd.DataFrame,
    periods: pd.PeriodIndex,
    period_index: pd.PeriodIndex,
    days_in_period: np.ndarray,
    a: str,
    b: str,
) -> pd.DataFrame:
    key = np.asarray(periods)
    n_a = reported[a].groupby(key).sum().reindex(period_index).to_numpy(dtype="int64")
    n_b = reported[b].groupby(key).sum().reindex(period_index).to_numpy(dtype="int64")
    in_period = daily["date"].dt.to_period(period_index.freqstr)
    grouped = daily.assign(period=in_period).groupby("period")
    sums = grouped.agg(
        n_days_both=("best_a", "size"),
        total_a=("best_a", "sum"),
        total_b=("best_b", "sum"),
        overlap_share=("overlap", "mean"),
    ).reindex(period_index)
    n_both = sums["n_days_both"].fillna(0).to_numpy(dtype="int64")
    has = n_both > 0
    total_a = np.where(has, sums["total_a"].to_numpy(dtype=float), np.nan)
    total_b = np.where(has, sums["total_b"].to_numpy(dtype=float), np.nan)
    tests = [
        _rate_test(ta, tb, n) if n > 0 else (np.nan, np.nan)
        for ta, tb, n in zip(total_a, total_b, n_both, strict=True)
    ]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(total_b > 0, total_a / total_b, np.nan)
    return pd.DataFrame(
        {
            "source_a": a,
            "source_b": b,
            "period": period_index.to_timestamp(),
            "n_days_a": n_a,
            "n_days_b": n_b,
            "n_days_both": n_both,
            "total_a": total_a,
            "total_b": total_b,
            "ratio": ratio,
            "log_ratio": np.log1p(total_a) - np.log1p(total_b),
            "abs_diff": np.abs(total_a - total_b),
            "overlap_share": sums["overlap_share"].to_numpy(dtype=float),
            "coverage_a": n_a / days_in_period,
            "coverage_b": n_b / days_in_period,
            "rate_ratio": [t[0] for t in tests],
            "p_value": [t[1] for t in tests],
        }
    )


def lead_lag(
    a: np.ndarray, b: np.ndarray, max_lag: int = 14, min_pairs: int = 10
) -> tuple[float, float]:
    """Lag maximising the correlation of ``Δa[t]`` with ``Δb[t + k]``; positive = a leads.

    ``a`` and ``b`` are values on a regular grid with NaN where a source is silent; a
    difference exists only between two consecutive reports. Returns ``(lag, correlation)``,
    ``(nan, nan)`` when no lag has ``min_pairs`` pairs with non-constant values.

    Examples
    --------
    >>> x = np.sin(np.arange(100) / 3.0) * 10 + np.arange(100) % 7
    >>> lead_lag(x, np.roll(x, 2))[0]
    2.0
    """
    da, db = np.diff(np.asarray(a, dtype=float)), np.diff(np.asarray(b, dtype=float))
    n = len(da)
    order = sorted(range(-max_lag, max_lag + 1), key=lambda k: (abs(k), k))
    best_lag, best_corr = np.nan, -np.inf
    for k in order:
        if abs(k) >= n:
            continue
        x = da[: n - k] if k >= 0 else da[-k:]
        y = db[k:] if k >= 0 else db[: n + k]
        ok = ~np.isnan(x) & ~np.isnan(y)
        if ok.sum() < min_pairs:
            continue
        xs, ys = x[ok], y[ok]
        if xs.std() == 0 or ys.std() == 0:
            continue
        corr = float(np.corrcoef(xs, ys)[0, 1])
        if corr > best_corr + 1e-12:
            best_lag, best_corr = float(k), corr
    if not np.isfinite(best_corr):
        return np.nan, np.nan
    return best_lag, best_corr


def _pair_summary(
    daily: pd.DataFrame,
    best: pd.DataFrame,
    a: str,
    b: str,
    max_lag: int,
    min_lag_pairs: int,
    level: float,
) -> dict:
    n_both = len(daily)
    total_a = float(daily["best_a"].sum()) if n_both else np.nan
    total_b = float(daily["best_b"].sum()) if n_both else np.nan
    diff = daily["diff"].to_numpy(dtype=float)
    if n_both >= 2:
        ba_mean = float(diff.mean())
        sd = float(diff.std(ddof=1))
        ba_lower, ba_upper = ba_mean - 1.96 * sd, ba_mean + 1.96 * sd
    else:
        ba_mean = float(diff.mean()) if n_both else np.nan
        ba_lower = ba_upper = np.nan
    lag, corr = lead_lag(best[a].to_numpy(), best[b].to_numpy(), max_lag, min_lag_pairs)
    ratio, p_value = _rate_test(total_a, total_b, n_both) if n_both else (np.nan, np.nan)
    rr_lower = rr_upper = np.nan
    if n_both and total_a > 0 and total_b > 0:
        from statsmodels.stats.rates import confint_poisson_2indep

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rr_lower, rr_upper = confint_poisson_2indep(
                total_a, n_both, total_b, n_both, method="score", compare="ratio",
                alpha=1 - level,
            )  # fmt: skip
    return {
        "source_a": a,
        "source_b": b,
        "n_days_both": n_both,
        "total_a": total_a,
        "total_b": total_b,
        "mean_log_ratio": float(daily["log_ratio"].mean()) if n_both else np.nan,
        "ba_mean": ba_mean,
        "ba_lower": ba_lower,
        "ba_upper": ba_upper,
        "lead_lag": lag,
        "lag_corr": corr,
        "rate_ratio": ratio,
        "rr_lower": float(rr_lower),
        "rr_upper": float(rr_upper),
        "p_value": p_value,
    }
