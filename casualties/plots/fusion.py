"""The fused consensus trend with its band, and each source's reports around it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .labels import Texts, label, legend, unit
from .names import by_label, note_for_sources, source_label
from .scales import Dots, count_axis, date_axis, log_count_axis, scatter_capped, y_top
from .style import GREY, source_styles, styled_axes
from .tidy import (
    PERIOD_DAYS,
    per_source_day,
    period_of,
    require,
    select_outcome,
    skewed,
    values,
    with_dates,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_fusion"]


def plot_fusion(
    trend: pd.DataFrame,
    daily: pd.DataFrame | None = None,
    bias: pd.DataFrame | None = None,
    *,
    x: str = "date",
    y: str = "estimate",
    lower: str = "lower",
    upper: str = "upper",
    hue: str = "source_id",
    value: str = "best",
    outcome: str | None = None,
    reference: str | None = None,
    log: bool | None = None,
    band_label: str = "95% band",
    labels: Mapping[str, str] | None = None,
    palette: Mapping[str, str] | None = None,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    source_note: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The fused consensus trend with its band, and each source's reports as dots.

    Parameters
    ----------
    trend
        ``FusionResult.trend`` of :func:`casualties.stats.fuse`: ``date, estimate, lower,
        upper`` (counts, on the reference source's scale).
    daily
        The Series frame that was fused (optional): each source's ``value`` per period,
        summed over categories, drawn as dots in the source's colour.
    bias
        ``FusionResult.bias`` (optional): each source's legend entry then gives its factor
        against the reference (``×0.65``). See also :func:`plot_bias`.
    x, y, lower, upper
        Columns of ``trend``.
    hue, value
        Source and value columns of ``daily``.
    outcome
        Outcome named in the labels (default that of ``daily``, else ``killed``).
    reference
        The reference source, named in the title (default: the source of ``bias`` with
        bias 0 and se 0).
    log
        A logarithmic y axis (linear below 10), the scale the fusion works on; None chooses
        it when a few reports dwarf the rest (else the axis is linear, and reports far above
        the consensus are marked on its top edge).
    band_label
        Legend text of the band.
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
    >>> from casualties.stats import fuse
    >>> from casualties.stats.simulate import simulate_sources
    >>> series, _ = simulate_sources(n_days=120)
    >>> result = fuse(series, reference="sohr")
    >>> ax = plot_fusion(result.trend, series, result.bias)
    >>> ax.get_title(loc="left")
    'Consensus of 3 sources (reference SOHR)'
    """
    frame = require(trend, [x, y], "plot_fusion")
    frame = with_dates(frame, x).sort_values(x)
    consensus = values(frame[y])
    if not np.isfinite(consensus).any():
        raise ValueError("plot_fusion: no consensus values to plot (every estimate is missing)")
    reports, outcome = _per_source_reports(daily, x, hue, value, outcome)
    period = period_of(frame[x])
    factors, reference = _bias_factors(bias, reference)
    sources = by_label(reports[hue] if reports is not None else list(factors), labels)

    ax = styled_axes(ax)
    band, handles = _draw_consensus(ax, frame, x, consensus, lower, upper, band_label)
    reported = reports[value].to_numpy(dtype=float) if reports is not None else None
    log, top = _value_axis(ax, log, consensus, band, reported)
    if reports is not None and len(reports):
        styles = source_styles(sources, palette)
        dots = [_dots(reports[reports[hue] == s], x, value, styles[s]) for s in sources]
        alpha = float(np.clip(40.0 / math.sqrt(len(reports)), 0.25, 0.8))
        scatter_capped(ax, dots, top, s=7, alpha=alpha, linewidths=0, zorder=3)
        handles += [
            Line2D([], [], linestyle="", marker=d.marker, markersize=4, color=d.color,
                   label=_legend_name(s, labels, factors, reference))
            for s, d in zip(sources, dots, strict=True)
        ]  # fmt: skip
    if not log:
        count_axis(ax)

    legend(ax, handles)
    date_axis(ax, frame[x].min(), frame[x].max(), PERIOD_DAYS[period] / 2)
    ref_text = f" (reference {source_label(reference, labels)})" if reference else ""
    n = len(sources)
    label(
        ax,
        Texts(title, xlabel, ylabel, source_note),
        title=f"Consensus of {n} sources{ref_text}" if n else f"Consensus trend{ref_text}",
        xlabel="date",
        ylabel=unit(outcome, period) + (" (log scale)" if log else ""),
        note=note_for_sources(sources, labels),
    )
    return ax


def _draw_consensus(
    ax: Axes,
    frame: pd.DataFrame,
    x: str,
    consensus: np.ndarray,
    lower: str,
    upper: str,
    band_label: str,
) -> tuple[np.ndarray | None, list]:
    """The consensus line over its band; returns the band's top (None without one) and the
    legend keys."""
    xs = frame[x].to_numpy()
    handles: list = [Line2D([], [], color="black", linewidth=1.8, label="consensus")]
    band = None
    if lower in frame.columns and upper in frame.columns:
        low, band = values(frame[lower]), values(frame[upper])
        if np.isfinite(band).any():
            # Over the dots, translucent: the band stays visible in a cloud of reports.
            ax.fill_between(xs, low, band, color=GREY, alpha=0.3, linewidth=0, zorder=3.5)
            handles.append(Patch(facecolor=GREY, alpha=0.3, label=band_label))
        else:
            band = None
    ax.plot(
        xs, consensus, color="black", linewidth=1.8, zorder=4,
        path_effects=[patheffects.withStroke(linewidth=3.2, foreground="white")],
    )  # fmt: skip
    return band, handles


def _dots(part: pd.DataFrame, x: str, value: str, style: tuple[str, str, str]) -> Dots:
    """One source's reports as dots in its colour and marker."""
    color, _, marker = style
    return Dots(part[x].to_numpy(), part[value].to_numpy(dtype=float), color, marker)


def _per_source_reports(
    daily: pd.DataFrame | None, x: str, hue: str, value: str, outcome: str | None
) -> tuple[pd.DataFrame | None, str]:
    """The reports of ``daily`` (None without) per source and date, summed over categories,
    and the outcome drawn: the one asked for, else that of ``daily``, else ``killed``."""
    if daily is None or not len(daily):
        return None, outcome or "killed"
    reports = require(daily, [x, hue, value], "plot_fusion (daily)")
    reports, found = select_outcome(reports, outcome, "plot_fusion")
    return per_source_day(reports, x, hue, value), outcome or found


def _value_axis(
    ax: Axes,
    log: bool | None,
    consensus: np.ndarray,
    band: np.ndarray | None,
    reported: np.ndarray | None,
) -> tuple[bool, float | None]:
    """The y axis: logarithmic (``log=None``: when a few reports dwarf the rest), else linear
    from 0 to a top that the extreme reports cannot squash. Returns whether it is logarithmic
    and the top above which reports are marked on the edge (None: all fit)."""
    if log is None:
        log = skewed(consensus if reported is None else np.concatenate([consensus, reported]))
    if not log:
        return False, y_top(ax, consensus, band, reported)
    shown = np.concatenate([v for v in (consensus, band, reported) if v is not None])
    log_count_axis(ax, "y", max(float(np.nanmax(shown)) * 1.5, 10.0))
    return True, None


def _bias_factors(
    bias: pd.DataFrame | None, reference: str | None
) -> tuple[dict[str, float], str | None]:
    """Each source's factor against the reference (``exp(bias)``), and the reference: the one
    given, else the source of ``bias`` with bias 0 and se 0 (when there is exactly one)."""
    factors: dict[str, float] = {}
    if bias is None or not len(bias) or not {"source_id", "bias"} <= set(bias.columns):
        return factors, reference
    for sid, b in zip(bias["source_id"].astype(str), values(bias["bias"]), strict=True):
        factors[sid] = math.exp(b) if np.isfinite(b) else float("nan")
    if reference is None and "se" in bias.columns:
        ref = bias[(values(bias["bias"]) == 0) & (values(bias["se"]) == 0)]
        reference = str(ref["source_id"].iloc[0]) if len(ref) == 1 else None
    return factors, reference


def _legend_name(
    source: str,
    labels: Mapping[str, str] | None,
    factors: Mapping[str, float],
    reference: str | None,
) -> str:
    """``SANA: ×0.65``: the source and its factor against the reference (or ``: reference``)."""
    name = source_label(source, labels)
    factor = factors.get(source)
    if factor is not None and np.isfinite(factor):
        name += ": reference" if source == reference else f": ×{factor:.2g}"
    return name
