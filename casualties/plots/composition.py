"""Each category's share of one source's total, period by period."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from .labels import Texts, count_text, label, legend, unit
from .names import note_for_frames, source_label
from .scales import date_axis
from .style import GREY, category_color, order_categories, styled_axes
from .tidy import PERIOD_DAYS, dates, period_of, require, select_outcome, values

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_composition"]

_FREQ_PERIOD = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}
_STRIP = 0.22  # height of the strip of totals above the shares (shares span 0–1)
_STRIP_GAP = 0.06
_TOTAL = "#4D4D4D"


def plot_composition(
    series: pd.DataFrame,
    *,
    x: str = "date",
    hue: str = "category",
    value: str = "best",
    freq: str | None = None,
    outcome: str | None = None,
    source: str | None = None,
    show_total: bool = True,
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    source_note: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Each category's share of the total, period by period (stacked bars).

    Bars stack the categories' shares of each period's total (civilians at the bottom,
    unspecified on top, grey); a period with no report has no bar. Shares hide volume, so a
    strip of bars above them shows each period's total (its scale: the top tick).

    Parameters
    ----------
    series
        A Series frame of **one** source (sources are never added together): pick one with
        ``source=`` when it holds several.
    x, hue, value
        Date, category and value columns.
    freq
        ``"D"``, ``"W"``, ``"M"``, ``"Q"`` or ``"Y"``; default from the span (days up to a month,
        weeks up to a year, then months, and never finer than the input).
    outcome
        Outcome to draw; default the only one present (``killed`` if both are).
    source
        The source to draw, when ``series`` holds several.
    show_total
        Draw the total per period in a strip above the shares.
    labels
        Display names of sources, over the registry's.
    title, xlabel, ylabel, source_note
        Override the defaults (``source_note=""`` for none).
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes (shares from 0 to 1; the strip of totals above 1).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"date": pd.to_datetime(["2020-01-01"] * 2 + ["2020-02-03"]),
    ...     "source_id": "sohr", "category": ["civilians", "rebels", "civilians"],
    ...     "outcome": "killed", "best": [3, 1, 5]})
    >>> ax = plot_composition(frame, freq="M")
    >>> [round(float(p.get_height()), 2) for p in ax.patches][:4]  # civilians, then rebels
    [0.75, 1.0, 0.25, 0.0]
    """
    frame = require(series, [x, hue, value], "plot_composition")
    frame, outcome = select_outcome(frame, outcome, "plot_composition")
    frame, who = _one_source(frame, source, labels)
    data = pd.DataFrame(
        {"date": dates(frame[x]), "category": frame[hue].astype(str), "v": values(frame[value])}
    ).dropna(subset=["v"])
    if data.empty:
        raise ValueError(f"plot_composition: no values to plot (every {value!r} is missing)")
    period = _composition_period(data["date"], freq)
    table = _per_period_and_category(data, period)
    totals = table.sum(axis=1)
    if not (totals > 0).any():
        raise ValueError("plot_composition: every total is 0, there is no composition to show")
    shares = table[totals > 0].div(totals[totals > 0], axis=0)

    ax = styled_axes(ax, grid=None)
    days = PERIOD_DAYS[period]
    # A day's bar is centred on its tick; a week's or month's spans the period from its start.
    offset = pd.Timedelta(0) if period == "day" else pd.Timedelta(days=days / 2)
    centres = mdates.date2num((shares.index + offset).to_pydatetime())
    handles = _draw_shares(ax, shares, centres, days * 0.86)
    largest = None
    if show_total:
        largest = _draw_totals(ax, centres, totals[totals > 0].to_numpy(), days * 0.86)
        handles.append(Patch(facecolor=_TOTAL, label=f"total, {unit(outcome, period)}"))
    top = _share_axis(ax, largest)
    legend(ax, handles)

    starts = shares.index
    first = starts.min() - (pd.Timedelta(days=days / 2) if period == "day" else pd.Timedelta(0))
    date_axis(ax, first, first + (starts.max() - starts.min()) + pd.Timedelta(days=days), 0)
    default_title = f"Who was reported {outcome}, by {period}"
    label(
        ax,
        Texts(title, xlabel, ylabel, source_note),
        title=f"{who}: who was reported {outcome}, by {period}" if who else default_title,
        xlabel="date",
        ylabel=f"share of the people {outcome}",
        note=note_for_frames([frame], labels),
    )
    ax.yaxis.label.set_y(0.5 / top)  # centred on the shares, not on the strip
    return ax


def _one_source(
    frame: pd.DataFrame, source: str | None, labels: Mapping[str, str] | None
) -> tuple[pd.DataFrame, str]:
    """The rows of the one source to draw, and its name ("" when the frame names none).

    Sources are never added together: a frame of several needs ``source=``.
    """
    if "source_id" not in frame.columns:
        return frame, ""
    present = sorted(frame["source_id"].astype(str).unique())
    if source is not None:
        frame = frame[frame["source_id"].astype(str) == str(source)]
        if frame.empty:
            raise ValueError(
                f"plot_composition: no rows of source {source!r} (the frame has "
                f"{', '.join(present)})"
            )
        present = [str(source)]
    elif len(present) > 1:
        raise ValueError(
            f"plot_composition: the frame holds {len(present)} sources ({', '.join(present)}); "
            "sources are never added together, so choose one with source="
        )
    return frame, source_label(present[0], labels)


def _per_period_and_category(data: pd.DataFrame, period: str) -> pd.DataFrame:
    """The values summed per period (rows, in order) and category (columns, in their order)."""
    data = data.assign(period=_period_start(data["date"], period))
    table = data.pivot_table(index="period", columns="category", values="v", aggfunc="sum")
    return table.sort_index()[order_categories(table.columns)].fillna(0.0)


def _draw_shares(ax: Axes, shares: pd.DataFrame, centres: np.ndarray, width: float) -> list[Patch]:
    """The categories' shares stacked in their order, bottom up; their legend keys."""
    bottom = np.zeros(len(shares))
    handles = []
    for category in shares.columns:
        heights = shares[category].to_numpy()
        color = category_color(category)
        ax.bar(centres, heights, width=width, bottom=bottom, color=color, linewidth=0,
               label=category, zorder=2)  # fmt: skip
        bottom += heights
        handles.append(Patch(facecolor=color, label=category))
    return handles


def _share_axis(ax: Axes, largest: float | None) -> float:
    """Shares from 0% to 100% on y, and the strip's scale (its ``largest`` total) above them;
    returns the top of the axis."""
    ticks = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    names = [f"{t:.0%}" for t in ticks]
    top = 1.0
    if largest is not None:
        ticks.append(1.0 + _STRIP_GAP + _STRIP)
        names.append(count_text(largest))
        top = 1.0 + _STRIP_GAP + _STRIP + 0.01
    ax.set_ylim(0, top)
    ax.set_yticks(ticks)
    ax.set_yticklabels(names)
    ax.spines["left"].set_bounds(0.0, 1.0)
    return top


def _draw_totals(ax: Axes, centres: np.ndarray, totals: np.ndarray, width: float) -> float:
    """Shares hide volume: a strip of the totals above the bars; returns its scale (the largest).

    On the same Axes (so that any layout engine places the title above it), with its own scale
    at its top tick.
    """
    base = 1.0 + _STRIP_GAP
    largest = float(totals.max())
    ax.bar(centres, totals / largest * _STRIP, width=width, bottom=base, color=_TOTAL,
           linewidth=0, zorder=2)  # fmt: skip
    ax.axhline(base, color=GREY, linewidth=0.6, zorder=3)
    return largest


def _composition_period(stamps: pd.Series, freq: str | None) -> str:
    """The period of the bars: ``freq``, else from the span; never finer than the input's."""
    base = period_of(stamps)
    order = ["day", "week", "month", "quarter", "year"]
    if freq is not None:
        key = str(freq).upper()[:1]
        if key not in _FREQ_PERIOD:
            raise ValueError(f"plot_composition: freq must be one of D, W, M, Q, Y, got {freq!r}")
        wanted = _FREQ_PERIOD[key]
    else:
        span = (stamps.max() - stamps.min()).days + 1
        wanted = "day" if span <= 31 else "week" if span <= 366 else "month"
    return order[max(order.index(wanted), order.index(base))]


def _period_start(stamps: pd.Series, period: str) -> pd.Series:
    """The first day of the period of each date."""
    if period == "day":
        return stamps.dt.normalize()
    if period == "week":
        return (stamps - pd.to_timedelta(stamps.dt.day_of_week, unit="D")).dt.normalize()
    code = {"month": "M", "quarter": "Q", "year": "Y"}[period]
    return stamps.dt.to_period(code).dt.start_time
