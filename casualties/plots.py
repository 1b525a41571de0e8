"""Charts of Series frames and of the statistics on them (DESIGN §8).

Every function follows the seaborn convention: it takes a tidy frame and the names of its
columns (the defaults match the frames of :func:`casualties.daily` and :mod:`casualties.stats`),
draws on ``ax`` (a new figure when ``ax`` is None) and returns the Axes, with a title, axis
labels with their units (*people killed per day*) and a source note under the chart.

- :func:`plot_trend` — smoothed trends by category with their band and the reported values.
- :func:`plot_sources` — each source's series against the cross-source envelope.
- :func:`plot_disagreement_heatmap` — log ratio of each pair of sources, per month.
- :func:`plot_coverage` — which source reported on which day.
- :func:`plot_bland_altman` — difference against mean for one pair of sources.
- :func:`plot_composition` — each category's share of the total, per period.
- :func:`plot_fusion` — the fused consensus with its band and each source's reports.
- :func:`plot_bias` — each source's estimated bias against the reference, with its interval.

One colour-blind-safe style (the Okabe–Ito palette): fixed colours per category (civilians
vermillion, soldiers blue, rebels green, unspecified grey) and per source (by the sorted ids of
the sources in the data, or ``palette=``). Dates are laid out by matplotlib's
``AutoDateLocator`` and ``ConciseDateFormatter``, readable from a week to decades. A day on
which a source said nothing is a gap in its line, never a zero. Nothing here changes
matplotlib's global state: styling is set on each Axes.

The module imports matplotlib, so :mod:`casualties` does not import it: use
``from casualties import plots`` (or ``import casualties.plots``).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from casualties import plots
>>> from casualties.stats.simulate import simulate_sources
>>> series, _ = simulate_sources(n_days=90, seed=0)
>>> ax = plots.plot_sources(series)
>>> ax.get_ylabel()
'people killed per day'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib import patheffects, ticker
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "CATEGORY_COLORS",
    "OKABE_ITO",
    "category_color",
    "plot_bias",
    "plot_bland_altman",
    "plot_composition",
    "plot_coverage",
    "plot_disagreement_heatmap",
    "plot_fusion",
    "plot_sources",
    "plot_trend",
    "source_colors",
    "source_label",
    "source_note",
]

# --------------------------------------------------------------------------------------------
# Style
# --------------------------------------------------------------------------------------------

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
_CATEGORY_ORDER = ("civilians", "soldiers", "rebels", "unspecified", "all")
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
_LINESTYLES = ("-", "--", ":", "-.")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")

_GREY = "#595959"
_LIGHT = "#E6E6E6"
_ENVELOPE = "#BDBDBD"
_MISSING = "#D9D9D9"

#: Above this many periods, series are drawn as dots rather than lines.
_DENSE = 150

_FONT = {"title": 10.0, "label": 8.5, "tick": 7.5, "legend": 7.5, "note": 6.5}

#: How datasets imported as sources are credited in the source note (their licence terms).
_DATASET_CREDITS = {
    "ucdp": "UCDP GED (CC BY 4.0)",
    "ibc": "Iraq Body Count",
    "acled": "ACLED",
}


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


def _source_styles(
    source_ids: Iterable[str], palette: Mapping[str, str] | None
) -> dict[str, tuple[str, str, str]]:
    """Source id → (colour, line style, marker), stable by sorted id."""
    ids = sorted({str(s) for s in source_ids})
    colors = source_colors(ids)
    if palette:
        colors.update({k: v for k, v in palette.items() if k in colors})
    n = len(_SOURCE_PALETTE)
    return {
        s: (colors[s], _LINESTYLES[(i // n) % len(_LINESTYLES)], _MARKERS[(i // n) % len(_MARKERS)])
        for i, s in enumerate(ids)
    }


def _by_label(source_ids: Iterable[Any], labels: Mapping[str, str] | None) -> list[str]:
    """Distinct source ids in the order of their display names (legends, rows).

    Colours stay keyed to the sorted ids (:func:`source_colors`), whatever the order shown.
    """
    ids = {str(s) for s in pd.unique(pd.Series(list(source_ids), dtype=object).dropna())}
    return sorted(ids, key=lambda s: (source_label(s, labels).casefold(), s))


def _order_categories(values: Iterable[Any]) -> list[str]:
    present = {str(v) for v in values if not pd.isna(v)}
    known = [c for c in _CATEGORY_ORDER if c in present]
    return known + sorted(present - set(known))


# --------------------------------------------------------------------------------------------
# Source names and the source note
# --------------------------------------------------------------------------------------------


@cache
def _registry() -> dict[str, tuple[str, str]]:
    """Source id → (short display name, kind) from the source registry."""
    try:
        from .lexicon import load_sources

        table = load_sources().get("sources", {})
    except Exception:  # noqa: BLE001 - display names are a nicety; ids still work
        return {}
    out: dict[str, tuple[str, str]] = {}
    for key, entry in table.items():
        if not hasattr(entry, "get"):
            continue
        name = entry.get("short") or entry.get("name")
        if not isinstance(name, str) or not name:
            continue
        short = re.sub(r"\s*\(.*?\)", "", name).split(",")[0].strip() or name
        if len(short) > 22:
            aliases = entry.get("aliases", {})
            english = aliases.get("en", ()) if hasattr(aliases, "get") else ()
            upper = [a for a in english if re.fullmatch(r"[A-Z]{2,6}", a)]
            if upper:
                short = upper[0]
        out[str(key)] = (short, str(entry.get("kind", "")))
    return out


def source_label(source_id: str, labels: Mapping[str, str] | None = None) -> str:
    """A short readable name for a source id.

    Parameters
    ----------
    source_id
        A canonical id (``sohr``), ``outlet:<name>`` or ``other:<slug>``.
    labels
        Names that take precedence over the registry's.

    Returns
    -------
    str
        ``labels[source_id]`` if given; else the registry's short name (``SOHR``, ``SANA``,
        ``Syrian government``); ``AFP (outlet)`` for ``outlet:afp``; else a tidied id.

    Examples
    --------
    >>> source_label("sohr"), source_label("outlet:afp"), source_label("other:local-doctor")
    ('SOHR', 'AFP (outlet)', 'local doctor')
    """
    source_id = str(source_id)
    if labels and source_id in labels:
        return str(labels[source_id])
    known = _registry().get(source_id)
    if known:
        return known[0]
    prefix, sep, rest = source_id.partition(":")
    if sep:
        name = rest.replace("-", " ").replace("_", " ")
        if re.fullmatch(r"[a-z]{2,5}", rest):
            name = rest.upper()
        return f"{name} (outlet)" if prefix == "outlet" else name
    if re.fullmatch(r"[a-z]{2,5}", source_id):
        return source_id.upper()
    return source_id.replace("_", " ").capitalize()


def source_note(source_ids: Iterable[str], labels: Mapping[str, str] | None = None) -> str:
    """The default source note of a chart: who stated the figures, and the datasets used.

    Parameters
    ----------
    source_ids
        The sources shown.
    labels
        Display names that take precedence over the registry's.

    Returns
    -------
    str
        ``"Source: SOHR, SANA via casualties; UCDP GED (CC BY 4.0)"``: the claimants (extracted
        from dispatches by casualties) then the imported datasets with their licence.

    Examples
    --------
    >>> source_note(["sohr", "ucdp", "sana"])
    'Source: SANA, SOHR via casualties; UCDP GED (CC BY 4.0)'
    """
    ids = sorted({str(s) for s in source_ids if s is not None and not pd.isna(s)})
    registry = _registry()
    datasets = [
        s for s in ids if s in _DATASET_CREDITS or registry.get(s, ("", ""))[1] == "dataset"
    ]
    claimants = sorted(
        (source_label(s, labels) for s in ids if s not in datasets), key=str.casefold
    )
    credits = [_DATASET_CREDITS.get(s, source_label(s, labels)) for s in datasets]
    if len(claimants) > 6:
        claimants = [*claimants[:5], f"{len(claimants) - 5} more"]
    parts = []
    if claimants:
        parts.append(", ".join(claimants) + " via casualties")
    parts.extend(credits)
    if not parts:
        return "Source: casualties"
    return "Source: " + "; ".join(parts)


# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------


def _require(frame: Any, columns: Sequence[str], what: str) -> pd.DataFrame:
    """The frame if it is a non-empty DataFrame holding ``columns``, else a clear error."""
    if frame is None:
        raise ValueError(f"{what}: no data to plot (got None)")
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{what}: the frame has no column {', '.join(map(repr, missing))} "
            f"(it has {', '.join(map(str, frame.columns))})"
        )
    if frame.empty:
        raise ValueError(f"{what}: no data to plot (the frame is empty)")
    return frame


def _values(series: pd.Series) -> np.ndarray:
    """Numeric values as float with NaN for missing (nullable Int64 included)."""
    return pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series).astype("datetime64[ns]")


def _select_outcome(
    frame: pd.DataFrame, outcome: str | None, what: str
) -> tuple[pd.DataFrame, str]:
    """Rows of one outcome: the one asked for, else the only one present, else ``killed``."""
    if "outcome" not in frame.columns:
        return frame, outcome or "killed"
    present = [str(v) for v in pd.unique(frame["outcome"].dropna())]
    if outcome is None:
        if len(present) == 1:
            outcome = present[0]
        else:
            outcome = "killed" if "killed" in present else sorted(present)[0]
    out = frame[frame["outcome"].astype(str) == outcome]
    if out.empty:
        raise ValueError(
            f"{what}: no rows with outcome {outcome!r} "
            f"(the frame has {', '.join(present) or 'none'})"
        )
    return out, outcome


_PERIOD_FREQ = {"day": "D", "week": "7D", "month": "MS", "quarter": "QS", "year": "YS"}
_PERIOD_DAYS = {"day": 1, "week": 7, "month": 30.44, "quarter": 91.3, "year": 365.25}


def _period(dates: pd.Series | pd.DatetimeIndex) -> str:
    """The grid a Series frame is on: ``day``, ``week``, ``month``, ``quarter`` or ``year``."""
    index = pd.DatetimeIndex(pd.unique(pd.to_datetime(pd.Series(dates)).dropna())).sort_values()
    if len(index) < 2:
        return "day"
    step = int(np.diff(index.asi8).min() // (86_400 * 10**9))
    first = bool((index.day == 1).all())
    if step >= 365 and first and bool((index.month == 1).all()):
        return "year"
    if step >= 89 and first and bool(index.month.isin([1, 4, 7, 10]).all()):
        return "quarter"
    if step >= 28 and first:
        return "month"
    if step >= 7 and step % 7 == 0 and index.day_of_week.nunique() == 1:
        return "week"
    return "day"


def _grid(start: pd.Timestamp, end: pd.Timestamp, period: str) -> pd.DatetimeIndex:
    return pd.date_range(start, end, freq=_PERIOD_FREQ[period])


def _unit(outcome: str, period: str) -> str:
    return f"people {outcome} per {period}"


def _new_axes(ax: Axes | None, size: tuple[float, float] = (8.0, 3.6)) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _style(ax: Axes, grid: str | None = "y") -> None:
    """The house style, set on this Axes only."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(_GREY)
        ax.spines[side].set_linewidth(0.8)
    ax.tick_params(labelsize=_FONT["tick"], length=3, width=0.6, color=_GREY, labelcolor="#222222")
    if grid:
        ax.grid(axis=grid, color=_LIGHT, linewidth=0.6)
    ax.set_axisbelow(True)


def _count_axis(ax: Axes, axis: str = "y") -> None:
    """Counts with thousands separators (``8,000``)."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(
        ticker.MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], integer=True, min_n_ticks=3)
    )
    target.set_major_formatter(ticker.FuncFormatter(_count_text))


def _plural(word: str, n: int) -> str:
    return word if n == 1 else word + "s"


def _signed(value: float) -> str:
    """``+40.7``, ``−119``, ``+2,840``: three significant digits, no exponent, a real minus."""
    if value == 0 or not math.isfinite(value):
        return f"{value:+g}".replace("-", "−")
    digits = 2 - int(math.floor(math.log10(abs(value))))
    rounded = round(value, digits)
    text = f"{rounded:+,.{max(digits, 0)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace("-", "−")


def _count_text(value: float, _pos: int | None = None) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.replace("-", "−")


def _date_axis(ax: Axes, axis: str = "x") -> None:
    """AutoDateLocator + ConciseDateFormatter, with as many ticks as the Axes' width holds."""
    figure = ax.get_figure()
    width = ax.get_position().width * figure.get_figwidth() if figure is not None else 6.0
    maxticks = int(min(10, max(3, width / 0.7)))
    locator = mdates.AutoDateLocator(minticks=3, maxticks=maxticks)
    formatter = mdates.ConciseDateFormatter(locator)
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(locator)
    target.set_major_formatter(formatter)
    target.get_offset_text().set_fontsize(_FONT["tick"])


def _date_limits(ax: Axes, start: pd.Timestamp, end: pd.Timestamp, pad_days: float) -> None:
    span_pad = max(pad_days, (end - start).days * 0.01)
    ax.set_xlim(
        mdates.date2num(start - pd.Timedelta(days=span_pad)),
        mdates.date2num(end + pd.Timedelta(days=span_pad)),
    )


def _labels(
    ax: Axes,
    title: str,
    xlabel: str,
    ylabel: str,
    note: str | None,
    *,
    title_loc: str = "left",
    title_y: float | None = None,
) -> None:
    ax.set_title(title, loc=title_loc, fontsize=_FONT["title"], fontweight="bold", pad=8, y=title_y)
    ax.set_xlabel(xlabel, fontsize=_FONT["label"])
    ax.set_ylabel(ylabel, fontsize=_FONT["label"])
    if note:
        _note(ax, note)


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
        fontsize=_FONT["note"],
        color=_GREY,
        annotation_clip=False,
    )


def _legend(ax: Axes, handles: list | None = None, title: str | None = None, **kw: Any) -> None:
    """A legend outside the plot area, on the right, so it never hides data."""
    if handles is None:
        handles, _ = ax.get_legend_handles_labels()
    if not handles:
        return
    options = {
        "loc": "upper left",
        "bbox_to_anchor": (1.01, 1.0),
        "borderaxespad": 0.0,
        "frameon": False,
        "fontsize": _FONT["legend"],
        "title_fontsize": _FONT["legend"],
        "handlelength": 1.6,
    }
    options.update(kw)
    ax.legend(handles=handles, title=title, **options)


def _y_top(
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
    axis stops there; the points above are then drawn on the top edge (:func:`_mark_capped`).
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
            fontsize=_FONT["note"],
            color=_GREY,
        )


def _per_source_day(
    frame: pd.DataFrame, x: str, hue: str, y: str, low: str | None = None, high: str | None = None
) -> pd.DataFrame:
    """Per date and source: values summed over categories (and places); absent stays absent."""
    columns = [c for c in (y, low, high) if c and c in frame.columns]
    data = frame[[x, hue, *columns]].copy()
    data[x] = _dates(data[x])
    data[hue] = data[hue].astype(str)
    for c in columns:
        data[c] = _values(data[c])
    grouped = data.groupby([x, hue], sort=True)
    out = grouped[y].sum(min_count=1).to_frame(y)
    if low and low in columns and low != y:
        out[low] = grouped[low].apply(lambda s: np.nansum(s.to_numpy()))
    if high and high in columns and high != y:
        out[high] = grouped[high].apply(lambda s: s.sum() if s.notna().all() else np.nan)
    out = out.reset_index()
    return out[out[y].notna()]


def _source_ids(*frames_columns: tuple[pd.DataFrame | None, Sequence[str]]) -> list[str]:
    ids: set[str] = set()
    for frame, columns in frames_columns:
        if frame is None:
            continue
        for c in columns:
            if c in frame.columns:
                ids.update(str(v) for v in pd.unique(frame[c].dropna()))
    return sorted(ids - {"all"})


# --------------------------------------------------------------------------------------------
# Trend by category
# --------------------------------------------------------------------------------------------

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
    frame = _require(smoothed, [x, y, hue], "plot_trend")
    frame, outcome = _select_outcome(frame, outcome, "plot_trend")
    frame = frame.copy()
    frame[x] = _dates(frame[x])
    if not np.isfinite(_values(frame[y])).any():
        raise ValueError("plot_trend: no smoothed values to plot (every estimate is missing)")
    has_source = "source_id" in frame.columns
    sources = _by_label(frame["source_id"], labels) if has_source else [""]
    categories = _order_categories(frame[hue].unique())
    period = _period(frame[x])
    ax = _new_axes(ax)
    _style(ax)

    # One source: colour = category. Several sources of one category: colour = source.
    # Several of both: colour = category, line style = source.
    by_source = len(sources) > 1 and len(categories) == 1
    styles = _source_styles(sources, None) if by_source else {}
    estimates, bands, handles = [], [], []
    for si, source in enumerate(sources):
        style = "-" if by_source else _LINESTYLES[si % len(_LINESTYLES)]
        for category in categories:
            keep = frame[hue].astype(str) == category
            if has_source:
                keep &= frame["source_id"].astype(str) == source
            part = frame[keep].sort_values(x)
            if part.empty:
                continue
            color = styles[source][0] if by_source else category_color(category)
            xs = part[x].to_numpy()
            est = _values(part[y])
            if lower in part.columns and upper in part.columns:
                lo, hi = _values(part[lower]), _values(part[upper])
                if np.isfinite(lo).any() and np.isfinite(hi).any():
                    ax.fill_between(xs, lo, hi, color=color, alpha=0.12, linewidth=0, zorder=1)
                    bands.append(hi)
            estimates.append(est)
            ax.plot(xs, est, color=color, linestyle=style, linewidth=1.6, zorder=3)
            if len(sources) == 1:
                name = category
            elif by_source:
                name = source_label(source, labels)
            else:
                name = f"{source_label(source, labels)} · {category}"
            handles.append(Line2D([], [], color=color, linestyle=style, linewidth=1.6, label=name))

    points: list[tuple[np.ndarray, np.ndarray, str]] = []
    if raw is not None and len(raw):
        raw_frame = _require(raw, [x, hue, raw_y], "plot_trend (raw)")
        if "outcome" in raw_frame.columns:
            raw_frame = raw_frame[raw_frame["outcome"].astype(str) == outcome]
        if has_source and "source_id" in raw_frame.columns:
            raw_frame = raw_frame[raw_frame["source_id"].astype(str).isin(sources)]
        for category in categories:
            part = raw_frame[raw_frame[hue].astype(str) == category]
            groups = (
                part.groupby(part["source_id"].astype(str), sort=True)
                if by_source and "source_id" in part.columns
                else [("", part)]
            )
            for source, piece in groups:
                if piece.empty:
                    continue
                color = styles[source][0] if by_source else category_color(category)
                points.append((_dates(piece[x]).to_numpy(), _values(piece[raw_y]), color))
    all_points = np.concatenate([p[1] for p in points]) if points else np.zeros(0)
    top = _y_top(
        ax,
        np.concatenate(estimates),
        np.concatenate(bands) if bands else None,
        all_points,
    )
    n_capped = 0
    for xs, ys, color in points:
        shown = ys if top is None else np.where(ys > top, np.nan, ys)
        ax.scatter(xs, shown, s=6, color=color, alpha=0.45, linewidths=0, zorder=2)
        if top is not None:
            n_capped += _mark_capped(ax, xs, ys, top, color)
    if top is not None:
        _capped_text(ax, n_capped, float(np.nanmax(all_points)), top)
    _count_axis(ax)

    method = ""
    if "method" in frame.columns:
        methods = [str(m) for m in pd.unique(frame["method"].dropna())]
        method = ", ".join(_METHOD_NAMES.get(m, m) for m in methods)
    extra = [Patch(facecolor=_GREY, alpha=0.25, label=band_label)]
    if points:
        extra.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker="o",
                markersize=3,
                color=_GREY,
                alpha=0.6,
                label=f"reported per {period}",
            )
        )
    _legend(ax, handles + extra, title=f"smoothed ({method})" if method else "smoothed")

    _date_axis(ax)
    _date_limits(ax, frame[x].min(), frame[x].max(), _PERIOD_DAYS[period] / 2)
    who = ", ".join(source_label(s, labels) for s in sources if s)
    default_title = f"People {outcome} per {period}, by category"
    _labels(
        ax,
        title
        or (f"{who}: {default_title[0].lower()}{default_title[1:]}" if who else default_title),
        xlabel or "date",
        ylabel or _unit(outcome, period),
        source_note if source_note is not None else _default_note([frame, raw], labels),
    )
    return ax


def _default_note(frames: Sequence[pd.DataFrame | None], labels: Mapping[str, str] | None) -> str:
    ids = _source_ids(*[(f, ("source_id", "source_a", "source_b")) for f in frames])
    return source_note(ids, labels)


# --------------------------------------------------------------------------------------------
# Sources against the envelope
# --------------------------------------------------------------------------------------------


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
    frame = _require(series, [x, hue, y], "plot_sources")
    frame, outcome = _select_outcome(frame, outcome, "plot_sources")
    if category is not None and "category" in frame.columns:
        wanted = [category] if isinstance(category, str) else list(category)
        frame = frame[frame["category"].astype(str).isin(wanted)]
        if frame.empty:
            raise ValueError(f"plot_sources: no rows of category {', '.join(wanted)}")
    totals = _per_source_day(frame, x, hue, y)
    if totals.empty:
        raise ValueError(f"plot_sources: no values to plot (every {y!r} is missing)")
    period = _period(totals[x])
    start, end = totals[x].min(), totals[x].max()
    grid = _grid(start, end, period)
    sources = _by_label(totals[hue], labels)
    styles = _source_styles(sources, palette)
    ax = _new_axes(ax)
    _style(ax)

    env = _envelope(envelope, totals, x, hue, y, low, high, outcome, category)
    handles: list = []
    if env is not None and len(sources) > 1:
        env = env.set_index(x).reindex(grid)
        ax.fill_between(
            grid.to_numpy(),
            env["low"].to_numpy(),
            env["high"].to_numpy(),
            color=_ENVELOPE,
            alpha=0.55,
            linewidth=0,
            step=None,
            zorder=1,
        )
        handles.append(Patch(facecolor=_ENVELOPE, alpha=0.55, label="envelope (lowest–highest)"))

    # Past ~150 periods a line per source is a scribble of its noise: reports become dots.
    dense = len(grid) > _DENSE
    alpha = float(np.clip(30.0 / math.sqrt(len(totals)), 0.3, 0.85)) if dense else 1.0
    for source in sources:
        color, style, marker = styles[source]
        values = totals[totals[hue] == source].set_index(x)[y].reindex(grid).to_numpy()
        if dense:
            ax.scatter(grid.to_numpy(), values, s=5, marker=marker, color=color, alpha=alpha,
                       linewidths=0, zorder=3)  # fmt: skip
        else:
            ax.plot(grid.to_numpy(), values, color=color, linestyle=style, linewidth=1.2, zorder=3)
            isolated = _isolated(values)
            if isolated.any():
                ax.plot(grid.to_numpy()[isolated], values[isolated], linestyle="", marker=marker,
                        markersize=2.8, color=color, zorder=3)  # fmt: skip
        handles.append(
            Line2D(
                [],
                [],
                color=color,
                linestyle="" if dense else style,
                marker=marker,
                markersize=3.5 if dense else 3,
                linewidth=1.2,
                label=source_label(source, labels),
            )  # fmt: skip
        )
    _count_axis(ax)
    ax.set_ylim(bottom=0)
    _legend(ax, handles)
    _date_axis(ax)
    _date_limits(ax, start, end, _PERIOD_DAYS[period] / 2)
    what = (
        "all categories"
        if category is None
        else ", ".join([category] if isinstance(category, str) else category)
    )
    _labels(
        ax,
        title or f"People {outcome} per {period}, by source ({what})",
        xlabel or "date",
        ylabel or _unit(outcome, period),
        source_note if source_note is not None else _note_for(sources, labels),
    )
    return ax


def _note_for(sources: Iterable[str], labels: Mapping[str, str] | None) -> str:
    return source_note([s for s in sources if s != "all"], labels)


def _isolated(values: np.ndarray) -> np.ndarray:
    """Finite values whose neighbours are both missing (a line would not show them)."""
    ok = np.isfinite(values)
    before = np.concatenate([[False], ok[:-1]])
    after = np.concatenate([ok[1:], [False]])
    return ok & ~before & ~after


def _envelope(
    envelope: pd.DataFrame | None,
    totals: pd.DataFrame,
    x: str,
    hue: str,
    y: str,
    low: str,
    high: str,
    outcome: str,
    category: str | Sequence[str] | None,
) -> pd.DataFrame | None:
    """Per date: ``low`` and ``high`` of the envelope, given or computed from the totals."""
    if envelope is None or envelope.empty:
        grouped = totals.groupby(x)[y]
        return pd.DataFrame({"low": grouped.min(), "high": grouped.max()}).reset_index()
    env = _require(envelope, [x, low, high], "plot_sources (envelope)")
    if "outcome" in env.columns:
        env = env[env["outcome"].astype(str) == outcome]
    if category is not None and "category" in env.columns:
        wanted = [category] if isinstance(category, str) else list(category)
        env = env[env["category"].astype(str).isin(wanted)]
    if "category" in env.columns and env["category"].nunique() > 1:
        raise ValueError(
            "plot_sources: the envelope has one row per category, but the sources are summed "
            "over categories; pass an envelope made with by=('source_id',) or choose category="
        )
    out = pd.DataFrame({x: _dates(env[x]), "low": _values(env[low]), "high": _values(env[high])})
    return out.groupby(x, sort=True).agg(low=("low", "min"), high=("high", "max")).reset_index()


# --------------------------------------------------------------------------------------------
# Disagreement heatmap
# --------------------------------------------------------------------------------------------


def plot_disagreement_heatmap(
    by_period: pd.DataFrame,
    *,
    x: str = "period",
    source_a: str = "source_a",
    source_b: str = "source_b",
    value: str = "log_ratio",
    vmax: float | None = None,
    cmap: str = "RdBu_r",
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    source_note: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Log ratio of each pair of sources per period: a heatmap of pair × month.

    Each row is a pair *A ÷ B*, each column a period; the colour is ``log((A+1)/(B+1))`` of
    their totals over the days both reported (red: A reports more; blue: B does), on a
    diverging map centred at 0 with symmetric limits. The colour bar is labelled in ratios.
    Grey cells: the pair did not both report in that period.

    Parameters
    ----------
    by_period
        ``Disagreement.by_period`` of :func:`casualties.stats.disagreement`: ``source_a,
        source_b, period, …, log_ratio, …``.
    x
        Column with each period's first day.
    source_a, source_b
        Columns naming the pair.
    value
        Column to colour (a log ratio, centred at 0).
    vmax
        Colour limit (symmetric: ``-vmax`` to ``vmax``); default the 95th percentile of
        ``|value|`` rounded up to a readable ratio, at least ``log 2`` (cells beyond take the
        end colours; the colour bar then has arrows).
    cmap
        A diverging colour map (``RdBu_r`` is colour-blind safe).
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
    >>> series, _ = simulate_sources(n_days=120)
    >>> ax = plot_disagreement_heatmap(disagreement(series).by_period)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['A ÷ C', 'A ÷ SOHR', 'C ÷ SOHR']
    """
    frame = _require(by_period, [x, source_a, source_b, value], "plot_disagreement_heatmap")
    frame = frame.copy()
    frame[x] = _dates(frame[x])
    values = _values(frame[value])
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        raise ValueError(
            "plot_disagreement_heatmap: no pair reported on the same days in any period "
            f"(every {value!r} is missing)"
        )
    frame["_v"] = values
    frame["_pair"] = list(
        zip(frame[source_a].astype(str), frame[source_b].astype(str), strict=True)
    )
    pairs = sorted(pd.unique(frame["_pair"]))
    periods = pd.DatetimeIndex(sorted(pd.unique(frame[x])))
    period = _period(periods)
    edges = periods.append(pd.DatetimeIndex([_next_period(periods, period)]))
    grid = frame.pivot_table(index="_pair", columns=x, values="_v", aggfunc="first", dropna=False)
    grid = grid.reindex(index=pairs, columns=periods)
    if vmax is None:
        # The 95th percentile of |value|, not the maximum: one month of a running total
        # against a daily toll must not wash every other cell out to white. Cells beyond the
        # limit take the end colours, and the colour bar's arrows say so.
        spread = float(np.quantile(np.abs(finite), 0.95))
        limit = _nice_limit(max(spread, math.log(2)))
    else:
        limit = float(vmax)

    ax = _new_axes(ax, size=(8.0, max(2.2, 1.3 + 0.3 * len(pairs))))
    _style(ax, grid=None)
    ax.set_facecolor(_MISSING)
    xs = mdates.date2num(edges.to_pydatetime())
    ys = np.arange(len(pairs) + 1) - 0.5
    mesh = ax.pcolormesh(
        xs,
        ys,
        np.ma.masked_invalid(grid.to_numpy(dtype=float)),
        cmap=cmap,
        vmin=-limit,
        vmax=limit,
        edgecolors="white",
        linewidth=0.3 if len(periods) <= 60 else 0,
    )
    ax.set_ylim(len(pairs) - 0.5, -0.5)
    ax.set_yticks(range(len(pairs)))
    ax.set_yticklabels([f"{source_label(a, labels)} ÷ {source_label(b, labels)}" for a, b in pairs])
    ax.tick_params(axis="y", length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)

    figure = ax.get_figure()
    bar = figure.colorbar(
        mesh,
        ax=ax,
        fraction=0.04,
        pad=0.015,
        aspect=max(8, 6 * len(pairs) ** 0.5),
        extend=_extend(finite, limit),
    )
    ticks, names = _ratio_ticks(limit)
    bar.set_ticks(ticks)
    bar.set_ticklabels(names)
    bar.ax.tick_params(labelsize=_FONT["tick"], length=2)
    bar.set_label("ratio A ÷ B (log scale)", fontsize=_FONT["label"])
    bar.outline.set_visible(False)
    _date_axis(ax)
    ax.set_xlim(xs[0], xs[-1])
    # What a grey cell means goes in the x label: a legend up by the title collides with it
    # on narrow Axes.
    blank = "; grey: no day both reported" if np.isnan(grid.to_numpy(dtype=float)).any() else ""
    _labels(
        ax,
        title or f"Disagreement between sources, per {period}",
        xlabel or f"{period}{blank}",
        ylabel or "pair of sources (A ÷ B)",
        source_note if source_note is not None else _default_note([frame], labels),
    )
    return ax


def _next_period(periods: pd.DatetimeIndex, period: str) -> pd.Timestamp:
    last = periods[-1]
    if period == "month":
        return last + pd.offsets.MonthBegin(1)
    if period == "quarter":
        return last + pd.offsets.QuarterBegin(1, startingMonth=1)
    if period == "year":
        return last + pd.offsets.YearBegin(1)
    if period == "week":
        return last + pd.Timedelta(days=7)
    if len(periods) > 1:
        return last + (periods[-1] - periods[-2])
    return last + pd.Timedelta(days=1)


def _nice_limit(value: float) -> float:
    """Round a colour limit up to a readable ratio: log of 2, 3, 5, 10, 20, 50, 100, …"""
    for ratio in (2, 3, 5, 10, 20, 50, 100, 1000, 10_000, 100_000):
        if value <= math.log(ratio) + 1e-9:
            return math.log(ratio)
    return value


def _extend(finite: np.ndarray, limit: float) -> str:
    over, under = bool((finite > limit + 1e-9).any()), bool((finite < -limit - 1e-9).any())
    return {(True, True): "both", (True, False): "max", (False, True): "min"}.get(
        (over, under), "neither"
    )


def _ratio_ticks(limit: float) -> tuple[list[float], list[str]]:
    """Colour-bar ticks at readable ratios within ±limit, labelled ``1/4 … 1 … 4``."""
    ladders = (
        (math.log(3), [2]),
        (math.log(5), [2, 4]),
        (math.log(20), [2, 10]),
        (math.log(200), [10, 100]),
        (math.log(2_000), [10, 100, 1000]),
        (math.inf, [10, 1000, 100_000]),
    )
    ladder = next(steps for bound, steps in ladders if limit <= bound + 1e-9)
    inside = [r for r in ladder if math.log(r) <= limit + 1e-9]
    ratios = [1.0 / r for r in reversed(inside)] + [1.0] + inside
    names = [f"1/{1 / r:,.0f}" if r < 1 else f"{r:,.0f}" for r in ratios]
    return [math.log(r) for r in ratios], names


# --------------------------------------------------------------------------------------------
# Coverage raster
# --------------------------------------------------------------------------------------------


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
    columns = [x, y] + ([value] if value else [])
    frame = _require(series, columns, "plot_coverage")
    data = pd.DataFrame({"date": _dates(frame[x]), "source": frame[y].astype(str)})
    if value:
        data = data[np.isfinite(_values(frame[value]))]
    if data.empty:
        raise ValueError(f"plot_coverage: no reports to plot (every {value!r} is missing)")
    data = data.drop_duplicates()
    period = _period(data["date"])
    start, end = data["date"].min(), data["date"].max()
    grid = _grid(start, end, period)
    span_days = (end - start).days + 1
    cell = period
    if period == "day" and span_days > 400:
        cell = "week" if span_days <= 3 * 366 else "month"
    elif period == "week" and span_days > 3 * 366:
        cell = "month"
    bins = _cell_starts(grid, cell)
    sources = _by_label(data["source"], labels)
    styles = _source_styles(sources, palette)

    slots = pd.Series(np.arange(len(grid)), index=grid)
    cell_of_slot = pd.Series(_cell_index(grid, bins, cell), index=grid)
    slots_per_cell = np.bincount(cell_of_slot.to_numpy(), minlength=len(bins))
    rgba = np.zeros((len(sources), len(bins), 4))
    shares = []
    for row, source in enumerate(sources):
        dates = data.loc[data["source"] == source, "date"]
        on_grid = dates[dates.isin(slots.index)]
        shares.append(len(on_grid) / len(grid))
        counts = np.bincount(cell_of_slot.loc[on_grid].to_numpy(), minlength=len(bins))
        share = np.divide(counts, slots_per_cell, out=np.zeros(len(bins)), where=slots_per_cell > 0)
        color = np.array(to_rgba(styles[source][0]))
        alpha = np.where(share > 0, 0.4 + 0.6 * share, 0.0) if cell != period else (share > 0) * 1.0
        rgba[row, :, :3] = color[:3]
        rgba[row, :, 3] = alpha

    edges = bins.append(pd.DatetimeIndex([_next_period(bins, cell)]))
    if cell == "day":  # a day's cell is centred on its tick
        edges = edges - pd.Timedelta(hours=12)
    xs = mdates.date2num(edges.to_pydatetime())
    ax = _new_axes(ax, size=(8.0, max(1.8, 1.0 + 0.35 * len(sources))))
    _style(ax, grid=None)
    ys = np.arange(len(sources) + 1) - 0.5
    ax.pcolormesh(xs, ys, rgba, shading="flat", edgecolors="none", linewidth=0, antialiased=False)
    for row in range(1, len(sources)):
        ax.axhline(row - 0.5, color="white", linewidth=1.5)
    ax.set_ylim(len(sources) - 0.5, -0.5)
    ax.set_yticks(range(len(sources)))
    ax.set_yticklabels([source_label(s, labels) for s in sources])
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    for row, share in enumerate(shares):
        ax.annotate(
            f"{share:.0%}" if share >= 0.01 or share == 0 else "<1%",
            xy=(1.0, row),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=_FONT["tick"],
            color=_GREY,
            annotation_clip=False,
        )
    _date_axis(ax)
    ax.set_xlim(xs[0], xs[-1])
    shade = "" if cell == period else f", darker = more {period}s reported"
    _labels(
        ax,
        title or f"Coverage: the {period}s on which each source reported",
        xlabel or f"date (a cell is a {cell}{shade}; right: share of {period}s)",
        ylabel or "source",
        source_note if source_note is not None else _note_for(sources, labels),
    )
    return ax


def _cell_starts(grid: pd.DatetimeIndex, cell: str) -> pd.DatetimeIndex:
    if cell == "month":
        return pd.date_range(grid[0].to_period("M").start_time, grid[-1], freq="MS")
    if cell == "week" and _period(grid) == "day":
        first = grid[0] - pd.Timedelta(days=grid[0].day_of_week)
        return pd.date_range(first, grid[-1], freq="7D")
    return grid


def _cell_index(grid: pd.DatetimeIndex, bins: pd.DatetimeIndex, cell: str) -> np.ndarray:
    return np.searchsorted(bins.asi8, grid.asi8, side="right") - 1


# --------------------------------------------------------------------------------------------
# Bland–Altman
# --------------------------------------------------------------------------------------------


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
    frame = _require(daily, [x, y, col_a, col_b], "plot_bland_altman")
    names = frame[[col_a, col_b]].astype(str).drop_duplicates()
    found = list(names.itertuples(index=False, name=None))
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
    part = frame[(frame[col_a].astype(str) == a) & (frame[col_b].astype(str) == b)]
    means, diffs = _values(part[x]), _values(part[y])
    ok = np.isfinite(means) & np.isfinite(diffs)
    if not ok.any():
        raise ValueError(f"plot_bland_altman: no day on which both {a} and {b} reported")
    if log is None:
        log = _skewed(means[ok])
    if log:
        diffs = _log_ratios(part, y)
        ok &= np.isfinite(diffs)
    means, diffs = means[ok], diffs[ok]
    period = _period(part[date]) if date in part.columns else "day"
    unit = _unit(outcome, period)

    ax = _new_axes(ax, size=(6.5, 4.0))
    _style(ax, grid="both")
    n = len(diffs)
    alpha = float(np.clip(12.0 / math.sqrt(n), 0.15, 0.8))
    ax.scatter(means, diffs, s=12, color=OKABE_ITO["blue"], alpha=alpha, linewidths=0, zorder=3)
    ax.axhline(0, color=_GREY, linewidth=0.7, zorder=2)
    centre = float(diffs.mean())
    say = (lambda v: f"×{_ratio_text(math.exp(v))}") if log else _signed
    lines = [(centre, "-", f"mean {say(centre)}")]
    if n >= 2:
        sd = float(diffs.std(ddof=1))
        lines += [
            (centre + z * sd, "--", f"upper limit {say(centre + z * sd)}"),
            (centre - z * sd, "--", f"lower limit {say(centre - z * sd)}"),
        ]
    for level, style, text in lines:
        ax.axhline(level, color=OKABE_ITO["vermillion"], linestyle=style, linewidth=1.1, zorder=4)
        ax.annotate(
            text, xy=(1.0, level), xycoords=("axes fraction", "data"), xytext=(3, 0),
            textcoords="offset points", va="center", ha="left", fontsize=_FONT["tick"],
            color=OKABE_ITO["vermillion"], annotation_clip=False,
        )  # fmt: skip
    levels = [line[0] for line in lines]
    low, high = min(diffs.min(), *levels, 0.0), max(diffs.max(), *levels, 0.0)
    pad = (high - low) * 0.06 or 1.0
    ax.set_ylim(low - pad, high + pad)
    if log:
        ax.set_xscale("symlog", linthresh=10, linscale=0.5)
        ax.set_xlim(0, float(means.max()) * 1.3)
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(_count_text))
    else:
        first, last = float(means.min()), float(means.max())
        margin = (last - first) * 0.06 or 1.0
        # From 0 when the data come near it; else around the data (no empty strip on the left).
        ax.set_xlim(0.0 if first < 0.3 * last else first - margin, last + margin)
        _count_axis(ax, "x")
        _count_axis(ax, "y")
    name_a, name_b = source_label(a, labels), source_label(b, labels)
    if log:
        default_y = f"log ratio ln(({name_a}+1) / ({name_b}+1))"
        default_x = f"mean of the two ({unit}, log scale)"
    else:
        default_y = f"{name_a} − {name_b} ({unit})"
        default_x = f"mean of the two ({unit})"
    _labels(
        ax,
        title or f"Bland–Altman: {name_a} against {name_b} ({n:,} {_plural(period, n)})",
        xlabel or default_x,
        ylabel or default_y,
        source_note if source_note is not None else _note_for([a, b], labels),
    )
    return ax


def _log_ratios(part: pd.DataFrame, y: str) -> np.ndarray:
    """``log((A+1)/(B+1))`` per day: the ``log_ratio`` column, else from ``best_a``/``best_b``."""
    if "log_ratio" in part.columns:
        return _values(part["log_ratio"])
    if {"best_a", "best_b"} <= set(part.columns):
        return np.log1p(_values(part["best_a"])) - np.log1p(_values(part["best_b"]))
    raise ValueError(
        "plot_bland_altman: log=True needs a 'log_ratio' column or 'best_a' and 'best_b'"
    )


def _skewed(values: np.ndarray) -> bool:
    """True when a few values dwarf the rest: the largest over 30 times the 90th percentile."""
    finite = np.abs(values[np.isfinite(values)])
    if finite.size < 10:
        return False
    return float(finite.max()) > 30.0 * max(float(np.quantile(finite, 0.9)), 1.0)


def _ratio_text(ratio: float) -> str:
    """``2.3``, ``0.41``, ``12``, ``1,300``: a ratio with two significant digits."""
    if ratio >= 100:
        return f"{ratio:,.0f}"
    return f"{ratio:.2g}"


# --------------------------------------------------------------------------------------------
# Composition
# --------------------------------------------------------------------------------------------

_FREQ_PERIOD = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}


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
    frame = _require(series, [x, hue, value], "plot_composition")
    frame, outcome = _select_outcome(frame, outcome, "plot_composition")
    who = ""
    if "source_id" in frame.columns:
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
        who = source_label(present[0], labels)
    data = pd.DataFrame(
        {"date": _dates(frame[x]), "category": frame[hue].astype(str), "v": _values(frame[value])}
    ).dropna(subset=["v"])
    if data.empty:
        raise ValueError(f"plot_composition: no values to plot (every {value!r} is missing)")
    period = _composition_period(data["date"], freq)
    data["period"] = _period_start(data["date"], period)
    table = data.pivot_table(index="period", columns="category", values="v", aggfunc="sum")
    table = table.sort_index()
    categories = _order_categories(table.columns)
    table = table[categories].fillna(0.0)
    totals = table.sum(axis=1)
    if not (totals > 0).any():
        raise ValueError("plot_composition: every total is 0, there is no composition to show")
    shares = table[totals > 0].div(totals[totals > 0], axis=0)

    ax = _new_axes(ax)
    _style(ax, grid=None)
    starts = shares.index
    days = _PERIOD_DAYS[period]
    # A day's bar is centred on its tick; a week's or month's spans the period from its start.
    offset = pd.Timedelta(0) if period == "day" else pd.Timedelta(days=days / 2)
    centres = mdates.date2num((starts + offset).to_pydatetime())
    bottom = np.zeros(len(shares))
    handles = []
    for category in categories:
        heights = shares[category].to_numpy()
        color = category_color(category)
        ax.bar(centres, heights, width=days * 0.86, bottom=bottom, color=color, linewidth=0,
               label=category, zorder=2)  # fmt: skip
        bottom += heights
        handles.append(Patch(facecolor=color, label=category))
    ticks = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    names = [f"{t:.0%}" for t in ticks]
    top = 1.0
    if show_total:
        # Shares hide volume: a strip of the totals above the bars, on the same Axes (so that
        # any layout engine places the title above it), with its own scale at its top tick.
        positive = totals[totals > 0].to_numpy()
        base, height = 1.0 + _STRIP_GAP, _STRIP
        largest = float(positive.max())
        ax.bar(centres, positive / largest * height, width=days * 0.86, bottom=base,
               color=_TOTAL, linewidth=0, zorder=2)  # fmt: skip
        ax.axhline(base, color=_GREY, linewidth=0.6, zorder=3)
        ticks.append(base + height)
        names.append(_count_text(largest))
        top = base + height + 0.01
        handles.append(Patch(facecolor=_TOTAL, label=f"total, {_unit(outcome, period)}"))
    ax.set_ylim(0, top)
    ax.set_yticks(ticks)
    ax.set_yticklabels(names)
    ax.spines["left"].set_bounds(0.0, 1.0)
    _legend(ax, handles)
    first = starts.min() - (pd.Timedelta(days=days / 2) if period == "day" else pd.Timedelta(0))
    _date_axis(ax)
    _date_limits(ax, first, first + (starts.max() - starts.min()) + pd.Timedelta(days=days), 0)
    _labels(
        ax,
        title
        or (
            f"{who}: who was reported {outcome}, by {period}"
            if who
            else f"Who was reported {outcome}, by {period}"
        ),
        xlabel or "date",
        ylabel or f"share of the people {outcome}",
        source_note if source_note is not None else _default_note([frame], labels),
    )
    ax.yaxis.label.set_y(0.5 / top)  # centred on the shares, not on the strip
    return ax


_STRIP = 0.22  # height of the strip of totals above the shares (shares span 0–1)
_STRIP_GAP = 0.06
_TOTAL = "#4D4D4D"


def _composition_period(dates: pd.Series, freq: str | None) -> str:
    base = _period(dates)
    order = ["day", "week", "month", "quarter", "year"]
    if freq is not None:
        key = str(freq).upper()[:1]
        if key not in _FREQ_PERIOD:
            raise ValueError(f"plot_composition: freq must be one of D, W, M, Q, Y, got {freq!r}")
        wanted = _FREQ_PERIOD[key]
    else:
        span = (dates.max() - dates.min()).days + 1
        wanted = "day" if span <= 31 else "week" if span <= 366 else "month"
    return order[max(order.index(wanted), order.index(base))]


def _period_start(dates: pd.Series, period: str) -> pd.Series:
    if period == "day":
        return dates.dt.normalize()
    if period == "week":
        return (dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")).dt.normalize()
    code = {"month": "M", "quarter": "Q", "year": "Y"}[period]
    return dates.dt.to_period(code).dt.start_time


# --------------------------------------------------------------------------------------------
# Fusion and bias
# --------------------------------------------------------------------------------------------


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
    frame = _require(trend, [x, y], "plot_fusion")
    frame = frame.copy()
    frame[x] = _dates(frame[x])
    frame = frame.sort_values(x)
    est = _values(frame[y])
    if not np.isfinite(est).any():
        raise ValueError("plot_fusion: no consensus values to plot (every estimate is missing)")
    period = _period(frame[x])
    reports = None
    if daily is not None and len(daily):
        reports = _require(daily, [x, hue, value], "plot_fusion (daily)")
        reports, found = _select_outcome(reports, outcome, "plot_fusion")
        outcome = outcome or found
        reports = _per_source_day(reports, x, hue, value)
    outcome = outcome or "killed"
    factors: dict[str, float] = {}
    if bias is not None and len(bias) and {"source_id", "bias"} <= set(bias.columns):
        for sid, b in zip(bias["source_id"].astype(str), _values(bias["bias"]), strict=True):
            factors[sid] = math.exp(b) if np.isfinite(b) else float("nan")
        if reference is None and "se" in bias.columns:
            ref = bias[(_values(bias["bias"]) == 0) & (_values(bias["se"]) == 0)]
            reference = str(ref["source_id"].iloc[0]) if len(ref) == 1 else None
    sources = _by_label(reports[hue] if reports is not None else list(factors), labels)
    styles = _source_styles(sources, palette)

    ax = _new_axes(ax)
    _style(ax)
    xs = frame[x].to_numpy()
    handles: list = [Line2D([], [], color="black", linewidth=1.8, label="consensus")]
    band = None
    if lower in frame.columns and upper in frame.columns:
        lo, band = _values(frame[lower]), _values(frame[upper])
        if np.isfinite(band).any():
            # Over the dots, translucent: the band stays visible in a cloud of reports.
            ax.fill_between(xs, lo, band, color=_GREY, alpha=0.3, linewidth=0, zorder=3.5)
            handles.append(Patch(facecolor=_GREY, alpha=0.3, label=band_label))
        else:
            band = None
    ax.plot(
        xs, est, color="black", linewidth=1.8, zorder=4,
        path_effects=[patheffects.withStroke(linewidth=3.2, foreground="white")],
    )  # fmt: skip
    values = reports[value].to_numpy(dtype=float) if reports is not None else None
    if log is None:
        log = _skewed(np.concatenate([est, values]) if values is not None else est)
    if log:
        top = None
        highest = [v for v in (est, band, values) if v is not None]
        ax.set_yscale("symlog", linthresh=10, linscale=0.5)
        ax.set_ylim(0, max(float(np.nanmax(np.concatenate(highest))) * 1.5, 10.0))
    else:
        top = _y_top(ax, est, band, values)
    if reports is not None and len(reports):
        n_capped = 0
        alpha = float(np.clip(40.0 / math.sqrt(len(reports)), 0.25, 0.8))
        for source in sources:
            color, _, marker = styles[source]
            part = reports[reports[hue] == source]
            px, py = part[x].to_numpy(), part[value].to_numpy(dtype=float)
            shown = py if top is None else np.where(py > top, np.nan, py)
            ax.scatter(
                px, shown, s=7, marker=marker, color=color, alpha=alpha, linewidths=0, zorder=3
            )
            if top is not None:
                n_capped += _mark_capped(ax, px, py, top, color)
            name = source_label(source, labels)
            factor = factors.get(source)
            if factor is not None and np.isfinite(factor):
                name += ": reference" if source == reference else f": ×{factor:.2g}"
            handles.append(
                Line2D([], [], linestyle="", marker=marker, markersize=4, color=color, label=name)
            )
        if top is not None:
            _capped_text(ax, n_capped, float(np.nanmax(values)), top)
    if log:
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(_count_text))
    else:
        _count_axis(ax)
    _legend(ax, handles)
    _date_axis(ax)
    _date_limits(ax, frame[x].min(), frame[x].max(), _PERIOD_DAYS[period] / 2)
    ref_text = f" (reference {source_label(reference, labels)})" if reference else ""
    n = len(sources)
    _labels(
        ax,
        title or (f"Consensus of {n} sources{ref_text}" if n else f"Consensus trend{ref_text}"),
        xlabel or "date",
        ylabel or _unit(outcome, period) + (" (log scale)" if log else ""),
        source_note if source_note is not None else _note_for(sources, labels),
    )
    return ax


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
    frame = _require(bias, [x, y], "plot_bias")
    data = pd.DataFrame(
        {
            "source": frame[y].astype(str),
            "bias": _values(frame[x]),
            "se": _values(frame[se]) if se in frame.columns else np.nan,
        }
    ).dropna(subset=["bias"])
    if data.empty:
        raise ValueError(f"plot_bias: no biases to plot (every {x!r} is missing)")
    if reference is None:
        ref = data[(data["bias"] == 0) & (data["se"].fillna(0) == 0)]
        reference = ref["source"].iloc[0] if len(ref) == 1 else None
    styles = _source_styles(data["source"], palette)
    data = data.sort_values(["bias", "source"], kind="stable").reset_index(drop=True)

    ax = _new_axes(ax, size=(6.5, max(1.8, 1.0 + 0.35 * len(data))))
    _style(ax, grid="x")
    for row, item in data.iterrows():
        color = styles[item["source"]][0]
        if item["source"] == reference:
            ax.plot(
                item["bias"],
                row,
                marker="D",
                markersize=6,
                markerfacecolor="white",
                markeredgecolor=color,
                markeredgewidth=1.3,
                linestyle="",
                zorder=4,
            )
            continue
        err = z * item["se"] if np.isfinite(item["se"]) else None
        ax.errorbar(
            item["bias"],
            row,
            xerr=err,
            fmt="o",
            color=color,
            markersize=5,
            elinewidth=1.4,
            capsize=3,
            zorder=4,
        )
    ax.axvline(0, color=_GREY, linewidth=0.8, zorder=1)
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_yticks(range(len(data)))
    ax.set_yticklabels(
        [
            source_label(s, labels) + (" (reference)" if s == reference else "")
            for s in data["source"]
        ]
    )
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    errors = z * data["se"].fillna(0).to_numpy()
    low = min(0.0, float((data["bias"] - errors).min()))
    high = max(0.0, float((data["bias"] + errors).max()))
    pad = max((high - low) * 0.08, 0.05)
    ax.set_xlim(low - pad, high + pad)
    limit = max(abs(low), abs(high)) + pad
    top = ax.secondary_xaxis("top", functions=(np.exp, _safe_log))
    top.xaxis.set_major_locator(ticker.FixedLocator(_ratio_axis_ticks(limit)))
    top.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"×{v:g}"))
    top.tick_params(labelsize=_FONT["tick"], length=2, color=_GREY)
    top.spines["top"].set_color(_GREY)
    top.set_xlabel("ratio to the reference", fontsize=_FONT["tick"], color=_GREY)
    _labels(
        ax,
        title or "Each source's bias against the reference",
        xlabel or f"bias, log scale (0 = as the reference; error bars ±{z:g} se)",
        ylabel or "source",
        source_note if source_note is not None else _note_for(data["source"], labels),
    )
    ax.title.set_position((0.0, 1.0))
    ax.set_title(
        ax.get_title(loc="left"), loc="left", fontsize=_FONT["title"], fontweight="bold", pad=30
    )
    return ax


def _safe_log(values: Any) -> Any:
    return np.log(np.clip(values, 1e-12, None))


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
