"""The axes of a chart: counts, dates, logarithmic counts, rows of names, and a y axis that a
few extreme values cannot squash."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib import ticker

from .labels import count_text
from .style import FONT, GREY

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def count_axis(ax: Axes, axis: str = "y") -> None:
    """Counts with thousands separators (``8,000``) at round steps."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(
        ticker.MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], integer=True, min_n_ticks=3)
    )
    target.set_major_formatter(ticker.FuncFormatter(count_text))


def log_count_axis(ax: Axes, axis: str, top: float) -> None:
    """Counts on a logarithmic scale (linear below 10) from 0 to ``top``."""
    if axis == "y":
        ax.set_yscale("symlog", linthresh=10, linscale=0.5)
        ax.set_ylim(0, top)
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(count_text))
    else:
        ax.set_xscale("symlog", linthresh=10, linscale=0.5)
        ax.set_xlim(0, top)
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(count_text))


def date_ticks(ax: Axes) -> None:
    """AutoDateLocator + ConciseDateFormatter on x, with as many ticks as the Axes' width holds."""
    figure = ax.get_figure()
    width = ax.get_position().width * figure.get_figwidth() if figure is not None else 6.0
    maxticks = int(min(10, max(3, width / 0.7)))
    locator = mdates.AutoDateLocator(minticks=3, maxticks=maxticks)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.xaxis.get_offset_text().set_fontsize(FONT["tick"])


def date_axis(ax: Axes, start: pd.Timestamp, end: pd.Timestamp, pad_days: float) -> None:
    """Dates on x from ``start`` to ``end``, widened on each side by ``pad_days`` (at least 1%
    of the span, so that the first and last values do not sit on the frame)."""
    date_ticks(ax)
    span_pad = max(pad_days, (end - start).days * 0.01)
    ax.set_xlim(
        mdates.date2num(start - pd.Timedelta(days=span_pad)),
        mdates.date2num(end + pd.Timedelta(days=span_pad)),
    )


def row_axis(ax: Axes, names: Sequence[str]) -> None:
    """One row per name on y, the first at the top, labelled without ticks or spine."""
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels(names)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)


def y_top(
    ax: Axes,
    curves: np.ndarray,
    band: np.ndarray | None = None,
    points: np.ndarray | None = None,
    *,
    factor: float = 1.6,
    q: float = 0.99,
) -> float | None:
    """Set the y axis from 0 to a top that shows the lines, the band and the bulk of the points.

    A few extreme values must not squash the lines: the band counts up to its 90th
    percentile (where it is wider, it runs off the top), and when the largest point is
    more than ``factor`` times above both the curves and the ``q``-quantile of the points, the
    axis stops there; the points above are then drawn on the top edge (:func:`scatter_capped`).
    Returns the cap, or None when every point fits.
    """
    curves = curves[np.isfinite(curves)]
    base = float(curves.max()) if curves.size else 0.0
    if band is not None:
        band = band[np.isfinite(band)]
        if band.size:
            base = max(base, float(np.quantile(band, 0.9)))
    finite = points[np.isfinite(points)] if points is not None else np.zeros(0)
    if finite.size == 0:
        ax.set_ylim(0, max(base * 1.08, 1.0))
        return None
    largest = float(finite.max())
    # At most about 1% of the points (and never more than two of twenty) end up off the scale.
    bulk = float(np.quantile(finite, min(q, 1 - 2 / finite.size))) if finite.size >= 20 else largest
    top = max(base, bulk) * 1.08
    if largest <= top * factor or top <= 0:
        ax.set_ylim(0, max(base, largest) * 1.06 or 1.0)
        return None
    ax.set_ylim(0, top)
    return top


class Dots(NamedTuple):
    """Reports drawn as dots: dates, values, colour and marker (None: matplotlib's default)."""

    x: np.ndarray
    y: np.ndarray
    color: Any
    marker: str | None = None


def scatter_capped(ax: Axes, dots: Sequence[Dots], top: float | None, **style: Any) -> None:
    """Scatter each set of dots; with a ``top`` (from :func:`y_top`), the values above it are
    drawn as open triangles on the top edge and a note says how many and the largest."""
    n_capped = 0
    for xs, ys, color, marker in dots:
        shown = ys if top is None else np.where(ys > top, np.nan, ys)
        ax.scatter(xs, shown, color=color, marker=marker, **style)
        if top is not None:
            n_capped += _mark_capped(ax, xs, ys, top, color)
    if top is not None:
        largest = float(np.nanmax(np.concatenate([d.y for d in dots])))
        _capped_text(ax, n_capped, largest, top)


def _mark_capped(ax: Axes, x: np.ndarray, y: np.ndarray, top: float, color: Any) -> int:
    above = np.isfinite(y) & (y > top)
    if above.any():
        ax.scatter(
            x[above],
            np.full(int(above.sum()), top),
            marker="^",
            s=16,
            facecolors="white",
            edgecolors=color,
            linewidths=0.8,
            zorder=5,
            clip_on=False,
        )
    return int(above.sum())


def _capped_text(ax: Axes, n: int, largest: float, top: float) -> None:
    if n:
        ax.annotate(
            f"△ {n} value{'s' if n > 1 else ''} above {top:,.0f} (largest {largest:,.0f})",
            xy=(1.0, 1.0),
            xycoords="axes fraction",
            xytext=(0, 2),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=FONT["note"],
            color=GREY,
        )
