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

Each chart is one module (``trend``, ``sources``, ``heatmap``, ``coverage``, ``bland_altman``,
``composition``, ``fusion``, ``bias``) and reads as: check the input, make tidy data, draw,
label. What they share: ``style`` (palette, fonts, the look of an Axes), ``names`` (source names
and the source note), ``tidy`` (input checks, numbers, dates, periods), ``scales`` (count, date
and log axes; a y axis that extreme values cannot squash) and ``labels`` (title, axis labels,
legend, number formats).

The package imports matplotlib, so :mod:`casualties` does not import it: use
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

from .bias import plot_bias
from .bland_altman import plot_bland_altman
from .composition import plot_composition
from .coverage import plot_coverage
from .fusion import plot_fusion
from .heatmap import plot_disagreement_heatmap
from .names import source_label, source_note
from .sources import plot_sources
from .style import CATEGORY_COLORS, OKABE_ITO, category_color, source_colors
from .trend import plot_trend

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

# ``doctest.testmod(casualties.plots)`` runs the examples of the functions defined in the
# package's modules too.
__test__ = {name: value for name, value in globals().items() if name in __all__ and callable(value)}
