"""Bland–Altman plot of one pair of sources: difference against mean, period by period."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .labels import Texts, annotate_right, label, plural, ratio_text, signed, unit
from .names import note_for_sources, source_label
from .scales import count_axis, log_count_axis
from .style import GREY, OKABE_ITO, styled_axes
from .tidy import period_of, require, skewed, values

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_bland_altman"]


def plot_bland_altman(
    daily: pd.DataFrame,
    source_a: str | None = None,
    source_b: str | None = None,
    *,
    x: str = "mean",
    y: str = "diff",
    log: bool | None = None,
    pair: tuple[str, str] = ("source_a", "source_b"),
    date: str = "date",
    outcome: str = "killed",
    z: float = 1.96,
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    source_note: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Bland–Altman plot of one pair of sources: difference against mean, day by day.

    Each dot is a day both sources reported; the solid line is the mean difference (the
    bias of A against B), the dashed lines the limits of agreement (mean ± 1.96 sd of the
    differences, where 95% of the days' differences are expected to fall).

    Casualty counts are skewed and sources tend to differ in proportion to the toll, so with
    ``log=True`` (the default when a few days dwarf the rest) the difference is the log ratio
    ``log((A+1)/(B+1))`` (column ``log_ratio``), the mean is on a logarithmic axis and the lines
    are labelled as ratios (``×2.3``), as Bland and Altman advise for such data.

    Parameters
    ----------
    daily
        ``Disagreement.daily`` of :func:`casualties.stats.disagreement`: ``date, source_a,
        source_b, best_a, best_b, mean, diff, log_ratio, overlap``.
    source_a, source_b
        The pair (in either order; the frame's order is kept). May be omitted when the frame
        holds a single pair.
    x, y
        Mean and difference columns (on the count scale).
    log
        Log ratios against a logarithmic mean (see above); None chooses from the data.
    pair
        Columns naming the pair.
    date
        Date column (used to find the period of the unit).
    outcome
        Outcome named in the axis labels.
    z
        Multiplier of the sd for the limits of agreement.
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
    >>> series, _ = simulate_sources(n_days=90)
    >>> ax = plot_bland_altman(disagreement(series).daily, "a", "sohr")
    >>> ax.get_title(loc="left")
    'Bland–Altman: A against SOHR (90 days)'
    """
    col_a, col_b = pair
    frame = require(daily, [x, y, col_a, col_b], "plot_bland_altman")
    a, b = _the_pair(frame, col_a, col_b, source_a, source_b)
    part = frame[(frame[col_a].astype(str) == a) & (frame[col_b].astype(str) == b)]
    means, diffs, log = _means_and_differences(part, x, y, log, f"{a} and {b}")
    period = period_of(part[date]) if date in part.columns else "day"

    ax = styled_axes(ax, size=(6.5, 4.0), grid="both")
    n = len(diffs)
    alpha = float(np.clip(12.0 / math.sqrt(n), 0.15, 0.8))
    ax.scatter(means, diffs, s=12, color=OKABE_ITO["blue"], alpha=alpha, linewidths=0, zorder=3)
    ax.axhline(0, color=GREY, linewidth=0.7, zorder=2)
    levels = _draw_agreement(ax, diffs, z, log)
    low, high = min(diffs.min(), *levels, 0.0), max(diffs.max(), *levels, 0.0)
    pad = (high - low) * 0.06 or 1.0
    ax.set_ylim(low - pad, high + pad)
    if log:
        log_count_axis(ax, "x", float(means.max()) * 1.3)
    else:
        _linear_mean_axis(ax, means)

    name_a, name_b = source_label(a, labels), source_label(b, labels)
    per = unit(outcome, period)
    if log:
        default_x = f"mean of the two ({per}, log scale)"
        default_y = f"log ratio ln(({name_a}+1) / ({name_b}+1))"
    else:
        default_x = f"mean of the two ({per})"
        default_y = f"{name_a} − {name_b} ({per})"
    label(
        ax,
        Texts(title, xlabel, ylabel, source_note),
        title=f"Bland–Altman: {name_a} against {name_b} ({n:,} {plural(period, n)})",
        xlabel=default_x,
        ylabel=default_y,
        note=note_for_sources([a, b], labels),
    )
    return ax


def _the_pair(
    frame: pd.DataFrame, col_a: str, col_b: str, source_a: str | None, source_b: str | None
) -> tuple[str, str]:
    """The pair to draw, in the frame's order: the one asked for, or the frame's only pair."""
    pairs = frame[[col_a, col_b]].astype(str).drop_duplicates()
    found = list(pairs.itertuples(index=False, name=None))
    if source_a is None and source_b is None:
        if len(found) != 1:
            shown = ", ".join(f"{a}/{b}" for a, b in found[:8])
            raise ValueError(
                f"plot_bland_altman: the frame holds {len(found)} pairs ({shown}); "
                "choose one with source_a= and source_b="
            )
        source_a, source_b = found[0]
    elif source_a is None or source_b is None:
        raise ValueError("plot_bland_altman: give both source_a and source_b, or neither")
    a, b = str(source_a), str(source_b)
    if (a, b) not in found and (b, a) in found:
        a, b = b, a
    return a, b


def _means_and_differences(
    part: pd.DataFrame, x: str, y: str, log: bool | None, pair: str
) -> tuple[np.ndarray, np.ndarray, bool]:
    """The mean and the difference of each day both reported, and whether they are on the log
    scale (``log=None``: when a few means dwarf the rest); differences are then log ratios."""
    means, diffs = values(part[x]), values(part[y])
    ok = np.isfinite(means) & np.isfinite(diffs)
    if not ok.any():
        raise ValueError(f"plot_bland_altman: no day on which both {pair} reported")
    if log is None:
        log = skewed(means[ok])
    if log:
        diffs = _log_ratios(part, y)
        ok &= np.isfinite(diffs)
    return means[ok], diffs[ok], bool(log)


def _linear_mean_axis(ax: Axes, means: np.ndarray) -> None:
    """Counts on both axes; the means from 0 when the data come near it, else around the data
    (no empty strip on the left)."""
    first, last = float(means.min()), float(means.max())
    margin = (last - first) * 0.06 or 1.0
    ax.set_xlim(0.0 if first < 0.3 * last else first - margin, last + margin)
    count_axis(ax, "x")
    count_axis(ax, "y")


def _draw_agreement(ax: Axes, diffs: np.ndarray, z: float, log: bool) -> list[float]:
    """The mean difference (solid) and the limits of agreement (dashed), labelled at the right
    (as ratios on the log scale); returns their levels."""
    centre = float(diffs.mean())
    say = (lambda v: f"×{ratio_text(math.exp(v))}") if log else signed
    lines = [(centre, "-", f"mean {say(centre)}")]
    if len(diffs) >= 2:
        sd = float(diffs.std(ddof=1))
        lines += [
            (centre + z * sd, "--", f"upper limit {say(centre + z * sd)}"),
            (centre - z * sd, "--", f"lower limit {say(centre - z * sd)}"),
        ]
    color = OKABE_ITO["vermillion"]
    for level, style, text in lines:
        ax.axhline(level, color=color, linestyle=style, linewidth=1.1, zorder=4)
        annotate_right(ax, text, level, gap=3, color=color)
    return [line[0] for line in lines]


def _log_ratios(part: pd.DataFrame, y: str) -> np.ndarray:
    """``log((A+1)/(B+1))`` per day: the ``log_ratio`` column, else from ``best_a``/``best_b``."""
    if "log_ratio" in part.columns:
        return values(part["log_ratio"])
    if {"best_a", "best_b"} <= set(part.columns):
        return np.log1p(values(part["best_a"])) - np.log1p(values(part["best_b"]))
    raise ValueError(
        "plot_bland_altman: log=True needs a 'log_ratio' column or 'best_a' and 'best_b'"
    )
