"""The house style: the Okabe–Ito palette, fixed colours, font sizes and the look of an Axes.

One colour-blind-safe style: fixed colours per category (civilians vermillion, soldiers blue,
rebels green, unspecified grey) and per source (by the sorted ids of the sources in the data, or
``palette=``). Nothing here changes matplotlib's global state: styling is set on each Axes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["CATEGORY_COLORS", "OKABE_ITO", "category_color", "source_colors"]

#: The Okabe–Ito colour-blind-safe palette.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Fixed colour of each category, in every chart.
CATEGORY_COLORS = {
    "civilians": OKABE_ITO["vermillion"],
    "soldiers": OKABE_ITO["blue"],
    "rebels": OKABE_ITO["bluish_green"],
    "unspecified": "#8C8C8C",
    "all": OKABE_ITO["black"],
}
CATEGORY_ORDER = ("civilians", "soldiers", "rebels", "unspecified", "all")
_EXTRA_CATEGORY_COLORS = (OKABE_ITO["reddish_purple"], OKABE_ITO["orange"], OKABE_ITO["sky_blue"])

# Yellow is last: it is hard to see on white, so it is only used past seven sources.
_SOURCE_PALETTE = (
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["black"],
)
LINESTYLES = ("-", "--", ":", "-.")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")

GREY = "#595959"
LIGHT = "#E6E6E6"
ENVELOPE = "#BDBDBD"
MISSING = "#D9D9D9"

#: Font sizes in points.
FONT = {"title": 10.0, "label": 8.5, "tick": 7.5, "legend": 7.5, "note": 6.5}


def category_color(category: str) -> str:
    """The fixed colour of a category (an Okabe–Ito colour; grey for ``unspecified``).

    Parameters
    ----------
    category
        ``civilians``, ``soldiers``, ``rebels``, ``unspecified`` or ``all``; any other name gets
        a stable colour from the rest of the palette.

    Returns
    -------
    str
        A hex colour.

    Examples
    --------
    >>> category_color("civilians")
    '#D55E00'
    """
    if category in CATEGORY_COLORS:
        return CATEGORY_COLORS[category]
    index = sum(ord(ch) for ch in str(category)) % len(_EXTRA_CATEGORY_COLORS)
    return _EXTRA_CATEGORY_COLORS[index]


def source_colors(source_ids: Iterable[str]) -> dict[str, str]:
    """Stable colours for sources: the Okabe–Ito palette in the order of the sorted ids.

    Parameters
    ----------
    source_ids
        The source ids of a chart (duplicates and order do not matter).

    Returns
    -------
    dict
        Source id → hex colour. Past seven sources the colours repeat (the charts then also
        vary the line style or marker).

    Examples
    --------
    >>> source_colors(["sohr", "sana"])
    {'sana': '#0072B2', 'sohr': '#E69F00'}
    """
    ids = sorted({str(s) for s in source_ids})
    return {s: _SOURCE_PALETTE[i % len(_SOURCE_PALETTE)] for i, s in enumerate(ids)}


def source_styles(
    source_ids: Iterable[str], palette: Mapping[str, str] | None
) -> dict[str, tuple[str, str, str]]:
    """Source id → (colour, line style, marker), stable by sorted id."""
    ids = sorted({str(s) for s in source_ids})
    colors = source_colors(ids)
    if palette:
        colors.update({k: v for k, v in palette.items() if k in colors})
    n = len(_SOURCE_PALETTE)
    return {
        s: (colors[s], LINESTYLES[(i // n) % len(LINESTYLES)], _MARKERS[(i // n) % len(_MARKERS)])
        for i, s in enumerate(ids)
    }


def order_categories(values: Iterable[Any]) -> list[str]:
    """The distinct categories present: the known ones in their fixed order, then the rest."""
    present = {str(v) for v in values if not pd.isna(v)}
    known = [c for c in CATEGORY_ORDER if c in present]
    return known + sorted(present - set(known))


def styled_axes(
    ax: Axes | None, size: tuple[float, float] = (8.0, 3.6), grid: str | None = "y"
) -> Axes:
    """``ax`` (a new figure of ``size`` inches when None) in the house style.

    Light spines on the left and bottom only, small grey ticks, and a grid along ``grid``
    (``"x"``, ``"y"``, ``"both"`` or None) drawn under the data.
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=size, layout="constrained")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(GREY)
        ax.spines[side].set_linewidth(0.8)
    ax.tick_params(labelsize=FONT["tick"], length=3, width=0.6, color=GREY, labelcolor="#222222")
    if grid:
        ax.grid(axis=grid, color=LIGHT, linewidth=0.6)
    ax.set_axisbelow(True)
    return ax
