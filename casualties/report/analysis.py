"""From the claims in scope to everything the report shows: series, statistics and notes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .formats import source_label
from .scope import ReportScope
from .summaries import running_totals
from .text import clean_text

Progress = Callable[[str], None]


@dataclass
class Analysis:
    """Everything the report shows, computed once from the claims in scope."""

    scope: ReportScope
    claims: pd.DataFrame  # Claim rows in scope
    all_claims: pd.DataFrame  # every Claim row given (for data quality)
    tallies: pd.DataFrame
    daily: pd.DataFrame  # Series, freq D, per source and category, clipped to the period
    periodic: pd.DataFrame  # Series at the chart frequency
    totals: pd.DataFrame | None  # charted sources, all categories, at the chart frequency
    envelope: pd.DataFrame | None  # lowest and highest charted source per period
    freq: str
    chart_sources: list[str]
    reference: str | None = None
    smoothed: pd.DataFrame | None = None
    disagreement: Any = None
    fusion: Any = None
    notes: list[str] = field(default_factory=list)  # analyses that could not be made, and why
    labels: dict[str, str] = field(default_factory=dict)
    running: pd.DataFrame | None = None  # running totals stated in the period, one row a claim

    def label(self, source_id: str) -> str:
        """The display name of a source (see :func:`source_label`)."""
        if source_id not in self.labels:
            self.labels[source_id] = source_label(source_id, self.claims)
        return self.labels[source_id]

    @property
    def first_day(self) -> pd.Timestamp | None:
        return None if self.daily.empty else self.daily["date"].min()

    @property
    def last_day(self) -> pd.Timestamp | None:
        return None if self.daily.empty else self.daily["date"].max()


def _choose_freq(first: pd.Timestamp | None, last: pd.Timestamp | None) -> str:
    """The charts' time step: days up to four months, weeks up to three years, then months."""
    if first is None or last is None:
        return "D"
    span = (last - first).days
    if span <= 120:
        return "D"
    if span <= 3 * 365:
        return "W"
    return "M"


FREQ_WORDS = {"D": "day", "W": "week", "M": "month"}


def _clip(series: pd.DataFrame, scope: ReportScope) -> pd.DataFrame:
    """The rows of a daily series within the scope's period."""
    if series is None or series.empty:
        return series
    dates = pd.to_datetime(series["date"])
    keep = pd.Series(True, index=series.index)
    if scope.since is not None:
        keep &= dates >= scope.since
    if scope.until is not None:
        keep &= dates <= scope.until
    return series[keep].reset_index(drop=True)


def _clip_periodic(series: pd.DataFrame, scope: ReportScope, freq: str) -> pd.DataFrame:
    """Clip a weekly/monthly series to the periods that meet the scope."""
    if series is None or series.empty:
        return series
    if freq == "D":
        return _clip(series, scope)
    dates = pd.to_datetime(series["date"])
    periods = dates.dt.to_period("W" if freq == "W" else "M")
    keep = pd.Series(True, index=series.index)
    if scope.since is not None:
        keep &= periods.dt.end_time >= scope.since
    if scope.until is not None:
        keep &= periods.dt.start_time <= scope.until + pd.Timedelta(days=1) - pd.Timedelta(1)
    return series[keep].reset_index(drop=True)


def _pick_chart_sources(
    daily: pd.DataFrame, scope: ReportScope, focus: Sequence[str] | None = None, limit: int = 8
) -> list[str]:
    if daily.empty:
        return []
    days = daily.groupby("source_id")["date"].nunique()
    wanted = focus or scope.sources
    if wanted:
        return [s for s in wanted if s in days.index]
    ranked = sorted(days.items(), key=lambda kv: (-kv[1], kv[0]))
    return [s for s, _ in ranked[:limit]]


def _pick_reference(focus: pd.DataFrame, claims: pd.DataFrame) -> str | None:
    """The charted source with the most claims (then most days): the yardstick of comparisons.

    Claims, not days: a few running totals spread over years cover many days but say little
    about any one of them.
    """
    if focus.empty:
        return None
    days = focus.groupby("source_id")["date"].nunique()
    n_claims = claims[claims["source_id"].isin(days.index)].groupby("source_id")["claim_id"]
    counts = n_claims.nunique()
    ranked = sorted(days.index, key=lambda s: (-int(counts.get(s, 0)), -int(days[s]), s))
    return ranked[0]


def analyse(
    claims: pd.DataFrame,
    scope: ReportScope,
    all_claims: pd.DataFrame | None = None,
    progress: Progress | None = None,
    focus: Sequence[str] | None = None,
) -> Analysis:
    """Reconcile the claims in scope and compute the series and statistics the report shows."""
    from ..reconcile import reconcile
    from ..series import daily

    say = progress or (lambda _msg: None)
    say(f"reconciling {claims['claim_id'].nunique():,} claims")
    tallies = reconcile(claims)
    # Running totals ("since March 2011") are shown as stated, not as daily counts: the series
    # and every comparison between sources use the figures about incidents and periods.
    incidents = tallies[tallies["kind"].astype(str) != "cumulative"]
    say(f"building daily series from {len(incidents):,} tallies of incidents")
    per_day = daily(incidents, outcome=scope.outcome, by=("source_id", "category"), freq="D")
    per_day = _clip(per_day, scope)
    per_day = per_day[per_day["best"].notna()].reset_index(drop=True)
    first = per_day["date"].min() if len(per_day) else None
    last = per_day["date"].max() if len(per_day) else None
    freq = _choose_freq(first, last)
    if freq == "D":
        periodic = per_day
    else:
        periodic = daily(incidents, outcome=scope.outcome, by=("source_id", "category"), freq=freq)
        periodic = _clip_periodic(periodic, scope, freq)
    chart_sources = _pick_chart_sources(per_day, scope, focus)
    analysis = Analysis(
        scope=scope,
        claims=claims,
        all_claims=claims if all_claims is None else all_claims,
        tallies=tallies,
        daily=per_day,
        running=running_totals(claims, scope),
        periodic=periodic,
        totals=None,
        envelope=None,
        freq=freq,
        chart_sources=chart_sources,
    )
    if per_day.empty:
        return analysis
    _chart_totals(analysis, incidents)
    focus = per_day[per_day["source_id"].isin(chart_sources)]
    analysis.reference = _pick_reference(focus, claims)
    _run_stats(analysis, focus, say)
    return analysis


def _chart_totals(analysis: Analysis, incidents: pd.DataFrame) -> None:
    """Each charted source's series over all categories and, with two or more, their envelope
    (the lowest and highest source per period), at the charts' time step."""
    from ..series import daily

    scope, freq, chart_sources = analysis.scope, analysis.freq, analysis.chart_sources
    charted = incidents[incidents["source_id"].isin(chart_sources)]
    totals = daily(charted, outcome=scope.outcome, by=("source_id",), freq=freq)
    analysis.totals = _clip_periodic(totals[totals["best"].notna()], scope, freq)
    if len(chart_sources) > 1:
        envelope = _attempt(
            analysis,
            "cross-source envelope",
            lambda: daily(
                charted, outcome=scope.outcome, by=("source_id",), freq=freq, sources="all"
            ),
        )
        if envelope is not None:
            analysis.envelope = _clip_periodic(envelope, scope, freq)


def error_text(err: BaseException) -> str:
    """``ValueError: the first line of its message``."""
    text = str(err).splitlines()[0] if str(err) else ""
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def _attempt(analysis: Analysis, label: str, compute: Callable[[], Any]) -> Any:
    """Run one analysis; its warnings and, if it fails, its error become notes in the PDF."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = compute()
        except Exception as err:  # noqa: BLE001 - one failed analysis must not lose the report
            analysis.notes.append(f"{label} not available: {error_text(err)}")
            result = None
    seen: set[str] = set()
    for warning in caught:
        text = clean_text(str(warning.message))
        if text and text not in seen and not issubclass(warning.category, DeprecationWarning):
            seen.add(text)
            analysis.notes.append(f"{label}: {text}")
    return result


def _run_stats(analysis: Analysis, focus: pd.DataFrame, say: Progress) -> None:
    """Smooth the reference's series; with two sources or more, measure their disagreement and
    fuse them."""
    from .. import stats

    n_sources = focus["source_id"].nunique()
    say(f"smoothing {analysis.reference}'s series")
    own = analysis.periodic[analysis.periodic["source_id"] == analysis.reference]
    analysis.smoothed = _attempt(
        analysis, "smoothing", lambda: stats.smooth(own, method="rolling", window=5)
    )
    if n_sources < 2:
        analysis.notes.append("disagreement and fusion need at least two sources")
        return
    say(f"measuring disagreement between {n_sources} sources")
    analysis.disagreement = _attempt(
        analysis, "disagreement", lambda: stats.disagreement(focus, freq="M")
    )
    say(f"fusing {n_sources} sources (reference {analysis.reference})")
    analysis.fusion = _attempt(
        analysis, "fusion", lambda: stats.fuse(focus, reference=analysis.reference)
    )
