"""Each source's estimated bias against the reference of the fusion, with its interval."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib import ticker

from .labels import Texts, label
from .names import note_for_sources, source_label
from .scales import row_axis
from .style import FONT, GREY, source_styles, styled_axes
from .tidy import require, values

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_bias"]


def plot_bias(
    bias: pd.DataFrame,
    *,
    x: str = "bias",
    y: str = "source_id",
    se: str = "se",
    z: float = 1.96,
    reference: str | None = None,
    labels: Mapping[str, str] | None = None,
    palette: Mapping[str, str] | None = None,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    source_note: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Each source's estimated bias against the reference, with ±1.96 se error bars.

    Biases are on the log scale of :func:`casualties.stats.fuse` (``+0.69``: the source
    reports twice as many as the reference); the top axis reads them as ratios. Sources are
    sorted by bias; the reference (bias 0, se 0) is an open diamond on the zero line.

    Parameters
    ----------
    bias
        ``FusionResult.bias``: ``source_id, bias, se``.
    x, y, se
        Bias, source and standard-error columns.
    z
        Multiplier of ``se`` for the error bars.
    reference
        The reference source (default: the one with bias 0 and se 0).
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
    >>> import pandas as pd
    >>> bias = pd.DataFrame({"source_id": ["sohr", "sana"], "bias": [0.0, -0.4], "se": [0.0, 0.05]})
    >>> ax = plot_bias(bias)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['SANA', 'SOHR (reference)']
    """
    frame = require(bias, [x, y], "plot_bias")
    data = pd.DataFrame(
        {
            "source": frame[y].astype(str),
            "bias": values(frame[x]),
            "se": values(frame[se]) if se in frame.columns else np.nan,
        }
    ).dropna(subset=["bias"])
    if data.empty:
        raise ValueError(f"plot_bias: no biases to plot (every {x!r} is missing)")
    if reference is None:
        ref = data[(data["bias"] == 0) & (data["se"].fillna(0) == 0)]
        reference = ref["source"].iloc[0] if len(ref) == 1 else None
    colors = {s: style[0] for s, style in source_styles(data["source"], palette).items()}
    data = data.sort_values(["bias", "source"], kind="stable").reset_index(drop=True)

    ax = styled_axes(ax, size=(6.5, max(1.8, 1.0 + 0.35 * len(data))), grid="x")
    _draw_biases(ax, data, colors, reference, z)
    ax.axvline(0, color=GREY, linewidth=0.8, zorder=1)
    row_axis(ax, [_row_name(s, labels, reference) for s in data["source"]])
    errors = z * data["se"].fillna(0).to_numpy()
    low = min(0.0, float((data["bias"] - errors).min()))
    high = max(0.0, float((data["bias"] + errors).max()))
    pad = max((high - low) * 0.08, 0.05)
    ax.set_xlim(low - pad, high + pad)
    _ratio_axis(ax, max(abs(low), abs(high)) + pad)

    label(
        ax,
        Texts(title, xlabel, ylabel, source_note),
        title="Each source's bias against the reference",
        xlabel=f"bias, log scale (0 = as the reference; error bars ±{z:g} se)",
        ylabel="source",
        note=note_for_sources(data["source"], labels),
        title_pad=30,  # above the ratio axis
    )
    return ax


def _draw_biases(
    ax: Axes, data: pd.DataFrame, colors: Mapping[str, str], reference: str | None, z: float
) -> None:
    """One row per source: its bias with ``±z`` se error bars, the reference an open diamond."""
    for row, item in data.iterrows():
        color = colors[item["source"]]
        if item["source"] == reference:
            ax.plot(item["bias"], row, marker="D", markersize=6, markerfacecolor="white",
                    markeredgecolor=color, markeredgewidth=1.3, linestyle="", zorder=4)  # fmt: skip
        else:
            err = z * item["se"] if np.isfinite(item["se"]) else None
            ax.errorbar(item["bias"], row, xerr=err, fmt="o", color=color, markersize=5,
                        elinewidth=1.4, capsize=3, zorder=4)  # fmt: skip


def _row_name(source: str, labels: Mapping[str, str] | None, reference: str | None) -> str:
    return source_label(source, labels) + (" (reference)" if source == reference else "")


def _ratio_axis(ax: Axes, limit: float) -> None:
    """A top axis reading the log-scale biases as ratios to the reference (``×2``)."""
    top = ax.secondary_xaxis("top", functions=(np.exp, _safe_log))
    top.xaxis.set_major_locator(ticker.FixedLocator(_ratio_axis_ticks(limit)))
    top.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"×{v:g}"))
    top.tick_params(labelsize=FONT["tick"], length=2, color=GREY)
    top.spines["top"].set_color(GREY)
    top.set_xlabel("ratio to the reference", fontsize=FONT["tick"], color=GREY)


def _safe_log(ratios: Any) -> Any:
    return np.log(np.clip(ratios, 1e-12, None))


def _ratio_axis_ticks(limit: float) -> list[float]:
    """Ratios to mark on the top axis of :func:`plot_bias`, within ``±limit`` on the log scale."""
    tiers = (
        (0.3, [0.8, 0.9, 1.0, 1.1, 1.25]),
        (0.8, [0.5, 0.6, 0.75, 1.0, 1.25, 1.5, 2.0]),
        (1.6, [0.25, 0.5, 1.0, 2.0, 4.0]),
        (3.0, [0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 10.0]),
        (math.inf, [0.01, 0.1, 1.0, 10.0, 100.0]),
    )
    ratios = next(r for bound, r in tiers if limit <= bound)
    return [r for r in ratios if abs(math.log(r)) <= limit]
