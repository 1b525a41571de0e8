"""Smoothed trends by category, with their band and the reported values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .labels import Texts, label, legend, unit
from .names import by_label, note_for_frames, source_label
from .scales import Dots, count_axis, date_axis, scatter_capped, y_top
from .style import GREY, LINESTYLES, category_color, order_categories, source_styles, styled_axes
from .tidy import PERIOD_DAYS, dates, period_of, require, select_outcome, values, with_dates

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_trend"]

_METHOD_NAMES = {
    "rolling": "rolling mean",
    "lowess": "LOWESS",
    "stl": "STL trend",
    "local_level": "local level",
    "gam": "NB GAM",
}


def plot_trend(
    smoothed: pd.DataFrame,
    raw: pd.DataFrame | None = None,
    *,
    x: str = "date",
    y: str = "estimate",
    lower: str = "lower",
    upper: str = "upper",
    hue: str = "category",
    raw_y: str = "best",
    outcome: str | None = None,
    band_label: str = "95% band",
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    source_note: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Smoothed trends by category, with their uncertainty band and the reported values.

    One line per category (fixed colours), its ``lower``–``upper`` band shaded behind it,
    and, when ``raw`` is given, the reported values as dots. A gap in the smoothed series is
    a gap in its line. Several sources of one category are told apart by colour (the source
    colours); several sources and categories by line style. A few extreme reports do not
    squash the lines: the y axis then stops above the bulk of the values and the reports
    beyond are marked on its top edge.

    Parameters
    ----------
    smoothed
        Output of :func:`casualties.stats.smooth`: ``date, source_id, category, outcome,
        estimate, lower, upper, method``.
    raw
        The Series frame that was smoothed (optional): its ``raw_y`` values are drawn as dots.
    x, y, lower, upper, hue
        Column names in ``smoothed``.
    raw_y
        Column of ``raw`` drawn as dots.
    outcome
        Outcome to draw; default the only one present (``killed`` if both are).
    band_label
        Legend text of the band (``smooth`` gives 95% bands by default).
    labels
        Display names of sources, over the registry's.
    title, xlabel, ylabel
        Override the defaults.
    source_note
        Text under the chart; default built from the source ids (``""`` for none).
    ax
        Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from casualties.stats import smooth
    >>> from casualties.stats.simulate import simulate_sources
    >>> series, _ = simulate_sources(n_days=60, biases={"sohr": 0.0}, category="civilians")
    >>> ax = plot_trend(smooth(series, "rolling"), raw=series)
    >>> ax.get_ylabel()
    'people killed per day'
    """
    frame = require(smoothed, [x, y, hue], "plot_trend")
    frame, outcome = select_outcome(frame, outcome, "plot_trend")
    frame = with_dates(frame, x)
    if not np.isfinite(values(frame[y])).any():
        raise ValueError("plot_trend: no smoothed values to plot (every estimate is missing)")
    reported = None
    if raw is not None and len(raw):
        reported = require(raw, [x, hue, raw_y], "plot_trend (raw)")

    lines = _Lines.of(frame, hue, labels)
    period = period_of(frame[x])
    ax = styled_axes(ax)
    estimates, bands, handles = _draw_smoothed(ax, frame, lines, x, y, hue, lower, upper)
    dots = [] if reported is None else _reported_dots(reported, lines, x, hue, raw_y, outcome)
    top = y_top(
        ax,
        np.concatenate(estimates),
        np.concatenate(bands) if bands else None,
        np.concatenate([d.y for d in dots]) if dots else np.zeros(0),
    )
    scatter_capped(ax, dots, top, s=6, alpha=0.45, linewidths=0, zorder=2)
    count_axis(ax)
    legend(ax, handles + _key_extras(band_label, period, bool(dots)), _legend_title(frame))

    date_axis(ax, frame[x].min(), frame[x].max(), PERIOD_DAYS[period] / 2)
    default_title = f"People {outcome} per {period}, by category"
    if lines.who:
        default_title = f"{lines.who}: {default_title[0].lower()}{default_title[1:]}"
    label(
        ax,
        Texts(title, xlabel, ylabel, source_note),
        title=default_title,
        xlabel="date",
        ylabel=unit(outcome, period),
        note=note_for_frames([frame, raw], labels),
    )
    return ax


@dataclass(frozen=True)
class _Lines:
    """Which line is which. One source: colour = category. Several sources of one category:
    colour = source. Several of both: colour = category, line style = source."""

    has_source: bool  # whether the frame has a source_id column
    sources: list[str]  # [""] when it has none
    categories: list[str]
    labels: Mapping[str, str] | None
    styles: dict[str, tuple[str, str, str]]  # per source when colour = source, else empty

    @classmethod
    def of(cls, frame: pd.DataFrame, hue: str, labels: Mapping[str, str] | None) -> _Lines:
        has_source = "source_id" in frame.columns
        sources = by_label(frame["source_id"], labels) if has_source else [""]
        categories = order_categories(frame[hue].unique())
        by_source = len(sources) > 1 and len(categories) == 1
        styles = source_styles(sources, None) if by_source else {}
        return cls(has_source, sources, categories, labels, styles)

    @property
    def by_source(self) -> bool:
        return bool(self.styles)

    @property
    def who(self) -> str:
        """The sources' names, for the title (empty when the frame names none)."""
        return ", ".join(source_label(s, self.labels) for s in self.sources if s)

    def color(self, source: str, category: str) -> str:
        return self.styles[source][0] if self.by_source else category_color(category)

    def linestyle(self, index: int) -> str:
        return "-" if self.by_source else LINESTYLES[index % len(LINESTYLES)]

    def name(self, source: str, category: str) -> str:
        if len(self.sources) == 1:
            return category
        if self.by_source:
            return source_label(source, self.labels)
        return f"{source_label(source, self.labels)} · {category}"


def _draw_smoothed(
    ax: Axes,
    frame: pd.DataFrame,
    lines: _Lines,
    x: str,
    y: str,
    hue: str,
    lower: str,
    upper: str,
) -> tuple[list[np.ndarray], list[np.ndarray], list[Line2D]]:
    """One line per source and category over its band; the estimates, band tops and handles."""
    has_band = lower in frame.columns and upper in frame.columns
    estimates, bands, handles = [], [], []
    for index, source in enumerate(lines.sources):
        style = lines.linestyle(index)
        for category in lines.categories:
            keep = frame[hue].astype(str) == category
            if lines.has_source:
                keep &= frame["source_id"].astype(str) == source
            part = frame[keep].sort_values(x)
            if part.empty:
                continue
            color = lines.color(source, category)
            xs, estimate = part[x].to_numpy(), values(part[y])
            if has_band:
                low, high = values(part[lower]), values(part[upper])
                if np.isfinite(low).any() and np.isfinite(high).any():
                    ax.fill_between(xs, low, high, color=color, alpha=0.12, linewidth=0, zorder=1)
                    bands.append(high)
            estimates.append(estimate)
            ax.plot(xs, estimate, color=color, linestyle=style, linewidth=1.6, zorder=3)
            name = lines.name(source, category)
            handles.append(Line2D([], [], color=color, linestyle=style, linewidth=1.6, label=name))
    return estimates, bands, handles


def _reported_dots(
    raw: pd.DataFrame, lines: _Lines, x: str, hue: str, raw_y: str, outcome: str
) -> list[Dots]:
    """The reported values of the outcome and sources drawn, per category (and source)."""
    if "outcome" in raw.columns:
        raw = raw[raw["outcome"].astype(str) == outcome]
    if lines.has_source and "source_id" in raw.columns:
        raw = raw[raw["source_id"].astype(str).isin(lines.sources)]
    dots = []
    for category in lines.categories:
        part = raw[raw[hue].astype(str) == category]
        groups = (
            part.groupby(part["source_id"].astype(str), sort=True)
            if lines.by_source and "source_id" in part.columns
            else [("", part)]
        )
        for source, piece in groups:
            if not piece.empty:
                color = lines.color(source, category)
                dots.append(Dots(dates(piece[x]).to_numpy(), values(piece[raw_y]), color))
    return dots


def _key_extras(band_label: str, period: str, with_dots: bool) -> list:
    """Legend entries for the band and, when drawn, the reported values."""
    extra: list = [Patch(facecolor=GREY, alpha=0.25, label=band_label)]
    if with_dots:
        extra.append(
            Line2D([], [], linestyle="", marker="o", markersize=3, color=GREY, alpha=0.6,
                   label=f"reported per {period}")
        )  # fmt: skip
    return extra


def _legend_title(frame: pd.DataFrame) -> str:
    """``smoothed (rolling mean)``: the smoothing methods of the frame."""
    if "method" not in frame.columns:
        return "smoothed"
    methods = [str(m) for m in pd.unique(frame["method"].dropna())]
    method = ", ".join(_METHOD_NAMES.get(m, m) for m in methods)
    return f"smoothed ({method})" if method else "smoothed"
