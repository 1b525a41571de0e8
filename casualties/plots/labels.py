"""The words on a chart: title, axis labels with their units, the source note, legends, numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .style import FONT, GREY

if TYPE_CHECKING:
    from matplotlib.axes import Axes


@dataclass(frozen=True)
class Texts:
    """The caller's title, axis labels and source note; None (or an empty title or axis label)
    leaves the chart's own. ``note=""`` means no source note."""

    title: str | None = None
    xlabel: str | None = None
    ylabel: str | None = None
    note: str | None = None


def label(
    ax: Axes,
    given: Texts,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    note: str,
    title_pad: float = 8,
) -> None:
    """Write the title (on the left), the axis labels and the source note: the caller's, else
    these."""
    ax.set_title(
        given.title or title, loc="left", fontsize=FONT["title"], fontweight="bold", pad=title_pad
    )
    ax.set_xlabel(given.xlabel or xlabel, fontsize=FONT["label"])
    ax.set_ylabel(given.ylabel or ylabel, fontsize=FONT["label"])
    shown = given.note if given.note is not None else note
    if shown:
        _note(ax, shown)


def _note(ax: Axes, note: str) -> None:
    """The source note, left-aligned under the x axis' tick labels and label."""

    def below_xaxis(renderer):
        bbox = ax.xaxis.get_tightbbox(renderer)
        return bbox if bbox is not None else ax.bbox

    ax.annotate(
        note,
        xy=(0.0, 0.0),
        xycoords=("axes fraction", below_xaxis),
        xytext=(0, -4),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=FONT["note"],
        color=GREY,
        annotation_clip=False,
    )


def legend(ax: Axes, handles: list | None = None, title: str | None = None) -> None:
    """A legend outside the plot area, on the right, so it never hides data."""
    if handles is None:
        handles, _ = ax.get_legend_handles_labels()
    if not handles:
        return
    ax.legend(
        handles=handles,
        title=title,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
        frameon=False,
        fontsize=FONT["legend"],
        title_fontsize=FONT["legend"],
        handlelength=1.6,
    )


def unit(outcome: str, period: str) -> str:
    """The unit of a count axis: ``people killed per day``."""
    return f"people {outcome} per {period}"


def plural(word: str, n: int) -> str:
    """``day`` for one, ``days`` for any other number."""
    return word if n == 1 else word + "s"


def count_text(value: float, _pos: int | None = None) -> str:
    """``8,000``, ``2.5``, ``−3``: a count with thousands separators and a real minus sign."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.replace("-", "−")


def signed(value: float) -> str:
    """``+40.7``, ``−119``, ``+2,840``: three significant digits, no exponent, a real minus."""
    if value == 0 or not math.isfinite(value):
        return f"{value:+g}".replace("-", "−")
    digits = 2 - int(math.floor(math.log10(abs(value))))
    rounded = round(value, digits)
    text = f"{rounded:+,.{max(digits, 0)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace("-", "−")


def ratio_text(ratio: float) -> str:
    """``2.3``, ``0.41``, ``12``, ``1,300``: a ratio with two significant digits."""
    if ratio >= 100:
        return f"{ratio:,.0f}"
    return f"{ratio:.2g}"


def annotate_right(ax: Axes, text: str, y: float, *, gap: float, color: str) -> None:
    """Text ``gap`` points right of the plot area at data height ``y`` (row shares, levels)."""
    ax.annotate(
        text,
        xy=(1.0, y),
        xycoords=("axes fraction", "data"),
        xytext=(gap, 0),
        textcoords="offset points",
        va="center",
        ha="left",
        fontsize=FONT["tick"],
        color=color,
        annotation_clip=False,
    )
