"""Disagreement over time: the log ratio of each pair of sources, period by period."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import matplotlib.dates as mdates
import numpy as np
import pandas as pd

from .labels import Texts, label
from .names import note_for_frames, source_label
from .scales import date_ticks, row_axis
from .style import FONT, MISSING, styled_axes
from .tidy import next_period, period_of, require, values, with_dates

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import QuadMesh

__all__ = ["plot_disagreement_heatmap"]


def plot_disagreement_heatmap(
    by_period: pd.DataFrame,
    *,
    x: str = "period",
    source_a: str = "source_a",
    source_b: str = "source_b",
    value: str = "log_ratio",
    vmax: float | None = None,
    cmap: str = "RdBu_r",
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    source_note: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Log ratio of each pair of sources per period: a heatmap of pair × month.

    Each row is a pair *A ÷ B*, each column a period; the colour is ``log((A+1)/(B+1))`` of
    their totals over the days both reported (red: A reports more; blue: B does), on a
    diverging map centred at 0 with symmetric limits. The colour bar is labelled in ratios.
    Grey cells: the pair did not both report in that period.

    Parameters
    ----------
    by_period
        ``Disagreement.by_period`` of :func:`casualties.stats.disagreement`: ``source_a,
        source_b, period, …, log_ratio, …``.
    x
        Column with each period's first day.
    source_a, source_b
        Columns naming the pair.
    value
        Column to colour (a log ratio, centred at 0).
    vmax
        Colour limit (symmetric: ``-vmax`` to ``vmax``); default the 95th percentile of
        ``|value|`` rounded up to a readable ratio, at least ``log 2`` (cells beyond take the
        end colours; the colour bar then has arrows).
    cmap
        A diverging colour map (``RdBu_r`` is colour-blind safe).
    labels
        Display names of sources, over the registry's.
    title, xlabel, ylabel, source_note
        Override the defaults (``source_note=""`` for none).
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from casualties.stats import disagreement
    >>> from casualties.stats.simulate import simulate_sources
    >>> series, _ = simulate_sources(n_days=120)
    >>> ax = plot_disagreement_heatmap(disagreement(series).by_period)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['A ÷ C', 'A ÷ SOHR', 'C ÷ SOHR']
    """
    frame = require(by_period, [x, source_a, source_b, value], "plot_disagreement_heatmap")
    frame = with_dates(frame, x)
    ratios = values(frame[value])
    finite = ratios[np.isfinite(ratios)]
    if finite.size == 0:
        raise ValueError(
            "plot_disagreement_heatmap: no pair reported on the same days in any period "
            f"(every {value!r} is missing)"
        )
    pairs, periods, cells = _pair_by_period(frame.assign(_v=ratios), x, source_a, source_b)
    period = period_of(periods)
    limit = _colour_limit(finite) if vmax is None else float(vmax)

    ax = styled_axes(ax, size=(8.0, max(2.2, 1.3 + 0.3 * len(pairs))), grid=None)
    ax.set_facecolor(MISSING)
    edges = periods.append(pd.DatetimeIndex([next_period(periods, period)]))
    xs = mdates.date2num(edges.to_pydatetime())
    mesh = ax.pcolormesh(
        xs,
        np.arange(len(pairs) + 1) - 0.5,
        np.ma.masked_invalid(cells),
        cmap=cmap,
        vmin=-limit,
        vmax=limit,
        edgecolors="white",
        linewidth=0.3 if len(periods) <= 60 else 0,
    )
    row_axis(ax, [f"{source_label(a, labels)} ÷ {source_label(b, labels)}" for a, b in pairs])
    ax.spines["bottom"].set_visible(False)
    _ratio_colorbar(ax, mesh, len(pairs), _extend(finite, limit), limit)

    date_ticks(ax)
    ax.set_xlim(xs[0], xs[-1])
    # What a grey cell means goes in the x label: a legend up by the title collides with it
    # on narrow Axes.
    blank = "; grey: no day both reported" if np.isnan(cells).any() else ""
    label(
        ax,
        Texts(title, xlabel, ylabel, source_note),
        title=f"Disagreement between sources, per {period}",
        xlabel=f"{period}{blank}",
        ylabel="pair of sources (A ÷ B)",
        note=note_for_frames([frame], labels),
    )
    return ax


def _pair_by_period(
    frame: pd.DataFrame, x: str, source_a: str, source_b: str
) -> tuple[list[tuple[str, str]], pd.DatetimeIndex, np.ndarray]:
    """The pairs (sorted), the periods (sorted) and the value ``_v`` of each pair and period
    (NaN where the pair did not both report)."""
    frame = frame.assign(
        _pair=list(zip(frame[source_a].astype(str), frame[source_b].astype(str), strict=True))
    )
    pairs = sorted(pd.unique(frame["_pair"]))
    periods = pd.DatetimeIndex(sorted(pd.unique(frame[x])))
    cells = frame.pivot_table(index="_pair", columns=x, values="_v", aggfunc="first", dropna=False)
    return pairs, periods, cells.reindex(index=pairs, columns=periods).to_numpy(dtype=float)


def _colour_limit(finite: np.ndarray) -> float:
    """The 95th percentile of ``|value|`` rounded up to a readable ratio, at least ``log 2``.

    Not the maximum: one month of a running total against a daily toll must not wash every
    other cell out to white. Cells beyond the limit take the end colours, and the colour bar's
    arrows say so.
    """
    spread = float(np.quantile(np.abs(finite), 0.95))
    return _nice_limit(max(spread, math.log(2)))


def _ratio_colorbar(ax: Axes, mesh: QuadMesh, n_rows: int, extend: str, limit: float) -> None:
    """The colour bar beside the cells, its ticks at readable ratios (``1/4 … 1 … 4``)."""
    bar = ax.get_figure().colorbar(
        mesh,
        ax=ax,
        fraction=0.04,
        pad=0.015,
        aspect=max(8, 6 * n_rows**0.5),
        extend=extend,
    )
    ticks, names = _ratio_ticks(limit)
    bar.set_ticks(ticks)
    bar.set_ticklabels(names)
    bar.ax.tick_params(labelsize=FONT["tick"], length=2)
    bar.set_label("ratio A ÷ B (log scale)", fontsize=FONT["label"])
    bar.outline.set_visible(False)


def _nice_limit(value: float) -> float:
    """Round a colour limit up to a readable ratio: log of 2, 3, 5, 10, 20, 50, 100, …"""
    for ratio in (2, 3, 5, 10, 20, 50, 100, 1000, 10_000, 100_000):
        if value <= math.log(ratio) + 1e-9:
            return math.log(ratio)
    return value


def _extend(finite: np.ndarray, limit: float) -> str:
    """Which ends of the colour bar get an arrow: where values lie beyond ``±limit``."""
    over, under = bool((finite > limit + 1e-9).any()), bool((finite < -limit - 1e-9).any())
    return {(True, True): "both", (True, False): "max", (False, True): "min"}.get(
        (over, under), "neither"
    )


def _ratio_ticks(limit: float) -> tuple[list[float], list[str]]:
    """Colour-bar ticks at readable ratios within ±limit, labelled ``1/4 … 1 … 4``."""
    ladders = (
        (math.log(3), [2]),
        (math.log(5), [2, 4]),
        (math.log(20), [2, 10]),
        (math.log(200), [10, 100]),
        (math.log(2_000), [10, 100, 1000]),
        (math.inf, [10, 1000, 100_000]),
    )
    ladder = next(steps for bound, steps in ladders if limit <= bound + 1e-9)
    inside = [r for r in ladder if math.log(r) <= limit + 1e-9]
    ratios = [1.0 / r for r in reversed(inside)] + [1.0] + inside
    names = [f"1/{1 / r:,.0f}" if r < 1 else f"{r:,.0f}" for r in ratios]
    return [math.log(r) for r in ratios], names
