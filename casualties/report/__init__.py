"""Multi-page PDF reports of casualty claims, built with ReportLab Platypus.

:func:`build_report` takes a Claim frame and writes a PDF with a cover (scope and date range),
the key figures (low–high per source and category), the charts of :mod:`casualties.plots` with
captions, a disagreement section (the pairs of sources that disagree most, and when), a
data-quality section (flags, unresolved dates and places, rejected items), the method and coding
rules, and an appendix listing every claim in scope — one row per claim, with its source,
dates, place, figure and quote.

Text that comes from dispatches is escaped, never read as markup: ``<b>``, ``&`` and
``<script>`` print as written, and Arabic is shaped and laid out right to left. The same input
gives the same bytes: ReportLab runs in invariant mode (fixed dates and document id) and the
charts are rendered at a fixed resolution with no timestamps or software tags.

The package, in the order a report is made: ``scope`` (what a report covers and the claims in
it), ``summaries`` (the frames its tables show), ``analysis`` (series and statistics),
``charts`` (the charts as PNG), then the PDF: ``text`` (fonts, escaping, right-to-left text),
``formats`` (numbers, dates, source names), ``styles``, ``story`` (the flowables and how they
are added), the sections (``sections``, ``disagreement``, ``quality``, ``appendix``) and ``pdf``
(:func:`build_report`, :func:`write_report`: the sections laid out on pages).
"""

from .analysis import FREQ_WORDS as FREQ_WORDS
from .analysis import Analysis as Analysis
from .analysis import Progress as Progress
from .analysis import analyse as analyse
from .appendix import APPENDIX_CHUNK as APPENDIX_CHUNK
from .appendix import METHOD as METHOD
from .formats import fmt_count as fmt_count
from .formats import fmt_figure as fmt_figure
from .formats import fmt_p as fmt_p
from .formats import fmt_range as fmt_range
from .formats import fmt_ratio as fmt_ratio
from .formats import source_label as source_label
from .pdf import ReportInfo, build_report, write_report
from .scope import EmptyScopeError, ReportScope, select_claims
from .sections import SECTION_TITLES
from .summaries import claim_rows as claim_rows
from .summaries import disagreeing_pairs as disagreeing_pairs
from .summaries import flag_counts as flag_counts
from .summaries import key_figures as key_figures
from .summaries import latest_running_totals as latest_running_totals
from .summaries import running_totals as running_totals
from .summaries import worst_periods as worst_periods
from .text import FONT as FONT
from .text import FONT_BOLD as FONT_BOLD
from .text import FONT_ITALIC as FONT_ITALIC
from .text import Look as Look
from .text import clean_text as clean_text
from .text import para as para
from .text import register_fonts as register_fonts
from .text import text_block as text_block

_register_fonts = register_fonts  # the module's name for it before it became a package

__all__ = [
    "EmptyScopeError",
    "ReportInfo",
    "ReportScope",
    "SECTION_TITLES",
    "build_report",
    "select_claims",
    "write_report",
]

_CHART_NAMES = {"CHART_DPI", "Chart", "make_charts", "render_chart"}


def __getattr__(name: str):
    # The charts load matplotlib, which ``import casualties`` must not: they come on first use.
    if name in _CHART_NAMES:
        from . import charts

        return getattr(charts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ``doctest.testmod(casualties.report)`` runs the examples of the functions defined in the
# package's modules too.
__test__ = {
    f.__name__: f for f in (build_report, key_figures, running_totals, select_claims, write_report)
}
