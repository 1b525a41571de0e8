"""Coverage: which source reported in which period, as a raster of sources × time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgba

from .labels import Texts, annotate_right, label
from .names import by_label, note_for_sources, source_label
from .scales import date_ticks, row_axis
from .style import GREY, source_styles, styled_axes
from .tidy import dates, next_period, period_grid, period_of, require, values

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_coverage"]


def plot_coverage(
    series: pd.DataFrame,
    *,
    x: str = "date",
    y: str = "source_id",
    value: str | None = "best",
    labels: Mapping[str, str] | None = None,
    palette: Mapping[str, str] | None = None,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    source_note: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Which source reported on which day: a raster of sources × time.

    A coloured cell is a period in which the source gave a figure (a reported 0 included); a
    blank cell, silence. Up to about a year of daily data, each cell is a day; over longer
    spans cells are weeks or months, and the shade is the share of their days with a report.
    The share of all days each source covers is written at the right.

    Parameters
    ----------
    series
        A Series frame; a row with a non-missing ``value`` is a report (any category).
    x, y
        Date and source columns.
    value
        Column whose non-missing values count as reports (None: any row does).
    labels, palette
        Display names and colours of sources, over the defaults.
    title, xlabel, ylabel, source_note
        Override the defaults (``source_note=""`` for none).
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from casualties.stats.simulate import simulate_sources
    >>> series, _ = simulate_sources(n_days=60, report_prob=0.5)
    >>> ax = plot_coverage(series)
    >>> ax.get_xlabel()
    'date (a cell is a day; right: share of days)'
    """
    frame = require(series, [x, y] + ([value] if value else []), "plot_coverage")
    data = pd.DataFrame({"date": dates(frame[x]), "source": frame[y].astype(str)})
    if value:
        data = data[np.isfinite(values(frame[value]))]
    if data.empty:
        raise ValueError(f"plot_coverage: no reports to plot (every {value!r} is missing)")
    data = data.drop_duplicates()
    period = period_of(data["date"])
    start, end = data["date"].min(), data["date"].max()
    grid = period_grid(start, end, period)
    cell = _cell_size(period, (end - start).days + 1)
    bins = _cell_starts(grid, cell)
    sources = by_label(data["source"], labels)
    colors = {s: style[0] for s, style in source_styles(sources, palette).items()}
    rgba, shares = _raster(data, sources, colors, grid, bins, shaded=cell != period)

    ax = styled_axes(ax, size=(8.0, max(1.8, 1.0 + 0.35 * len(sources))), grid=None)
    edges = bins.append(pd.DatetimeIndex([next_period(bins, cell)]))
    if cell == "day":  # a day's cell is centred on its tick
        edges = edges - pd.Timedelta(hours=12)
    xs = mdates.date2num(edges.to_pydatetime())
    ys = np.arange(len(sources) + 1) - 0.5
    ax.pcolormesh(xs, ys, rgba, shading="flat", edgecolors="none", linewidth=0, antialiased=False)
    for row in range(1, len(sources)):
        ax.axhline(row - 0.5, color="white", linewidth=1.5)
    row_axis(ax, [source_label(s, labels) for s in sources])
    for row, share in enumerate(shares):
        text = f"{share:.0%}" if share >= 0.01 or share == 0 else "<1%"
        annotate_right(ax, text, row, gap=4, color=GREY)

    date_ticks(ax)
    ax.set_xlim(xs[0], xs[-1])
    shade = "" if cell == period else f", darker = more {period}s reported"
    label(
        ax,
        Texts(title, xlabel, ylabel, source_note),
        title=f"Coverage: the {period}s on which each source reported",
        xlabel=f"date (a cell is a {cell}{shade}; right: share of {period}s)",
        ylabel="source",
        note=note_for_sources(sources, labels),
    )
    return ax


def _cell_size(period: str, span_days: int) -> str:
    """A cell per period up to about a year of days; weeks, then months, over longer spans."""
    if period == "day" and span_days > 400:
        return "week" if span_days <= 3 * 366 else "month"
    if period == "week" and span_days > 3 * 366:
        return "month"
    return period


def _cell_starts(grid: pd.DatetimeIndex, cell: str) -> pd.DatetimeIndex:
    """The first day of each cell covering the grid."""
    if cell == "month":
        return pd.date_range(grid[0].to_period("M").start_time, grid[-1], freq="MS")
    if cell == "week" and period_of(grid) == "day":
        first = grid[0] - pd.Timedelta(days=grid[0].day_of_week)
        return pd.date_range(first, grid[-1], freq="7D")
    return grid


def _raster(
    data: pd.DataFrame,
    sources: list[str],
    colors: Mapping[str, str],
    grid: pd.DatetimeIndex,
    bins: pd.DatetimeIndex,
    shaded: bool,
) -> tuple[np.ndarray, list[float]]:
    """The RGBA cells (sources × bins) and each source's share of the grid's periods reported.

    A cell is in the source's colour where it reported; when cells span several periods
    (``shaded``), darker the more of them it reported.
    """
    slots = pd.Series(np.arange(len(grid)), index=grid)
    cell_of_slot = pd.Series(np.searchsorted(bins.asi8, grid.asi8, side="right") - 1, index=grid)
    slots_per_cell = np.bincount(cell_of_slot.to_numpy(), minlength=len(bins))
    rgba = np.zeros((len(sources), len(bins), 4))
    shares = []
    for row, source in enumerate(sources):
        reported = data.loc[data["source"] == source, "date"]
        on_grid = reported[reported.isin(slots.index)]
        shares.append(len(on_grid) / len(grid))
        counts = np.bincount(cell_of_slot.loc[on_grid].to_numpy(), minlength=len(bins))
        share = np.divide(counts, slots_per_cell, out=np.zeros(len(bins)), where=slots_per_cell > 0)
        alpha = np.where(share > 0, 0.4 + 0.6 * share, 0.0) if shaded else (share > 0) * 1.0
        rgba[row, :, :3] = np.array(to_rgba(colors[source]))[:3]
        rgba[row, :, 3] = alpha
    return rgba, shares
