"""Each source's series against the cross-source envelope."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .labels import Texts, label, legend, unit
from .names import by_label, note_for_sources, source_label
from .scales import count_axis, date_axis
from .style import ENVELOPE, source_styles, styled_axes
from .tidy import (
    PERIOD_DAYS,
    as_list,
    dates,
    per_source_day,
    period_grid,
    period_of,
    require,
    select_outcome,
    values,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_sources"]

#: Above this many periods, series are drawn as dots rather than lines.
_DENSE = 150


def plot_sources(
    series: pd.DataFrame,
    envelope: pd.DataFrame | None = None,
    *,
    x: str = "date",
    y: str = "best",
    hue: str = "source_id",
    low: str = "low",
    high: str = "high",
    outcome: str | None = None,
    category: str | Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    palette: Mapping[str, str] | None = None,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    source_note: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Each source's series against the cross-source envelope.

    The envelope (grey) spans, per period, the lowest and the highest source's value; each
    source is a line in its own colour, broken where the source said nothing (a period with
    no report is a gap, never a zero). Isolated reports are drawn as dots.

    Parameters
    ----------
    series
        A Series frame (``date, source_id, category, outcome, low, best, high, …``). Per
        source and period, ``y`` is summed over the categories (and places) present.
    envelope
        The cross-source envelope, ``casualties.daily(..., sources="all")`` (``low`` = min and
        ``high`` = max of the sources' best per period). If None it is computed from
        ``series`` as the min and max of the sources' summed values.
    x, y, hue
        Column names: date, value and source.
    low, high
        Envelope columns.
    outcome
        Outcome to draw; default the only one present (``killed`` if both are).
    category
        Category or categories to keep (default all present, summed).
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
    >>> series, _ = simulate_sources(n_days=120, gaps={"a": (30, 60)})
    >>> ax = plot_sources(series)
    >>> len(ax.get_legend().get_texts())
    4
    """
    frame = require(series, [x, hue, y], "plot_sources")
    frame, outcome = select_outcome(frame, outcome, "plot_sources")
    if category is not None and "category" in frame.columns:
        wanted = as_list(category)
        frame = frame[frame["category"].astype(str).isin(wanted)]
        if frame.empty:
            raise ValueError(f"plot_sources: no rows of category {', '.join(wanted)}")
    totals = per_source_day(frame, x, hue, y)
    if totals.empty:
        raise ValueError(f"plot_sources: no values to plot (every {y!r} is missing)")
    env = _envelope(envelope, totals, x, y, low, high, outcome, category)

    period = period_of(totals[x])
    start, end = totals[x].min(), totals[x].max()
    grid = period_grid(start, end, period)
    sources = by_label(totals[hue], labels)
    styles = source_styles(sources, palette)

    ax = styled_axes(ax)
    handles: list = []
    if len(sources) > 1:
        handles.append(_draw_envelope(ax, grid, env.set_index(x).reindex(grid)))
    for source in sources:
        reported = totals[totals[hue] == source].set_index(x)[y].reindex(grid).to_numpy()
        name = source_label(source, labels)
        handles.append(_draw_source(ax, grid, reported, styles[source], name, len(totals)))

    count_axis(ax)
    ax.set_ylim(bottom=0)
    legend(ax, handles)
    date_axis(ax, start, end, PERIOD_DAYS[period] / 2)
    what = "all categories" if category is None else ", ".join(as_list(category))
    label(
        ax,
        Texts(title, xlabel, ylabel, source_note),
        title=f"People {outcome} per {period}, by source ({what})",
        xlabel="date",
        ylabel=unit(outcome, period),
        note=note_for_sources(sources, labels),
    )
    return ax


def _draw_envelope(ax: Axes, grid: pd.DatetimeIndex, env: pd.DataFrame) -> Patch:
    """The grey band from the lowest to the highest source of each period; its legend key."""
    ax.fill_between(
        grid.to_numpy(),
        env["low"].to_numpy(),
        env["high"].to_numpy(),
        color=ENVELOPE,
        alpha=0.55,
        linewidth=0,
        step=None,
        zorder=1,
    )
    return Patch(facecolor=ENVELOPE, alpha=0.55, label="envelope (lowest–highest)")


def _draw_source(
    ax: Axes,
    grid: pd.DatetimeIndex,
    reported: np.ndarray,
    style: tuple[str, str, str],
    name: str,
    n_reports: int,
) -> Line2D:
    """One source on the grid (NaN where it said nothing); its legend key.

    Past ~150 periods a line per source is a scribble of its noise: reports become dots.
    """
    color, linestyle, marker = style
    xs = grid.to_numpy()
    dense = len(grid) > _DENSE
    if dense:
        alpha = float(np.clip(30.0 / math.sqrt(n_reports), 0.3, 0.85))
        ax.scatter(xs, reported, s=5, marker=marker, color=color, alpha=alpha, linewidths=0,
                   zorder=3)  # fmt: skip
    else:
        ax.plot(xs, reported, color=color, linestyle=linestyle, linewidth=1.2, zorder=3)
        isolated = _isolated(reported)
        if isolated.any():
            ax.plot(xs[isolated], reported[isolated], linestyle="", marker=marker,
                    markersize=2.8, color=color, zorder=3)  # fmt: skip
    return Line2D([], [], color=color, linestyle="" if dense else linestyle, marker=marker,
                  markersize=3.5 if dense else 3, linewidth=1.2, label=name)  # fmt: skip


def _isolated(reported: np.ndarray) -> np.ndarray:
    """Finite values whose neighbours are both missing (a line would not show them)."""
    ok = np.isfinite(reported)
    before = np.concatenate([[False], ok[:-1]])
    after = np.concatenate([ok[1:], [False]])
    return ok & ~before & ~after


def _envelope(
    envelope: pd.DataFrame | None,
    totals: pd.DataFrame,
    x: str,
    y: str,
    low: str,
    high: str,
    outcome: str,
    category: str | Sequence[str] | None,
) -> pd.DataFrame:
    """Per date: ``low`` and ``high`` of the envelope, given or computed from the totals."""
    if envelope is None or envelope.empty:
        grouped = totals.groupby(x)[y]
        return pd.DataFrame({"low": grouped.min(), "high": grouped.max()}).reset_index()
    env = require(envelope, [x, low, high], "plot_sources (envelope)")
    if "outcome" in env.columns:
        env = env[env["outcome"].astype(str) == outcome]
    if category is not None and "category" in env.columns:
        env = env[env["category"].astype(str).isin(as_list(category))]
    if "category" in env.columns and env["category"].nunique() > 1:
        raise ValueError(
            "plot_sources: the envelope has one row per category, but the sources are summed "
            "over categories; pass an envelope made with by=('source_id',) or choose category="
        )
    out = pd.DataFrame({x: dates(env[x]), "low": values(env[low]), "high": values(env[high])})
    return out.groupby(x, sort=True).agg(low=("low", "min"), high=("high", "max")).reset_index()
