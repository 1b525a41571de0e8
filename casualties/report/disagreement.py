"""The disagreement section: the pairs of sources that disagree most, and when."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .formats import as_int, fmt_count, fmt_number, fmt_p, fmt_ratio, possessive
from .sections import SECTION_TITLES
from .story import Story
from .styles import styled_table
from .summaries import disagreeing_pairs, worst_periods

_TITLES = (
    "Pair (A / B)",
    "Days both",
    "Totals A / B",
    "Typical day A ÷ B",
    "Rate ratio (95% CI), p",
    "Mean diff. A − B (limits)",
    "Lead–lag",
    "When they differed most",
)

_CAPTION = (
    "Pairs ranked by how far apart their figures are on a typical day both "
    "reported (the mean of log((A + 1) / (B + 1)) over those days, shown as a "
    "factor). Totals: over the days both reported. Rate ratio: Poisson test of those "
    "totals; casualty counts are over-dispersed, so read its interval and p-value as "
    "optimistic. Mean diff.: Bland–Altman mean daily difference with 95% limits of "
    "agreement. Lead–lag: the shift at which their day-to-day changes correlate "
    "most. When: the months with the largest gap, A's total against B's on the days "
    "both reported."
)


def disagreement_section(story: Story) -> None:
    """The pair that disagrees most in a sentence, a table of the pairs that disagree most, and
    the charts of disagreement over time and of the most compared pair."""
    from reportlab.platypus import PageBreak

    story.add(PageBreak())
    story.heading(SECTION_TITLES[2])
    dis = story.analysis.disagreement
    top = disagreeing_pairs(dis) if dis is not None else pd.DataFrame()
    if top.empty:
        text = "No two sources reported on the same day, so none can be compared."
        story.add(story.para(text, story.styles.body))
        story.add_chart("heatmap")
        return
    story.add(story.para(_most_disagreeing(story, dis, top.iloc[0]), story.styles.body))
    _pairs_table(story, dis, top)
    story.add(story.para(_CAPTION, story.styles.caption))
    story.add_chart("heatmap")
    story.add_chart("bland_altman")


def _most_disagreeing(story: Story, dis: Any, first: pd.Series) -> str:
    """The pair that disagrees most, how much on a typical day and in all, and when most."""
    label = story.analysis.label
    name_a, name_b = label(first["source_a"]), label(first["source_b"])
    when = worst_periods(dis, first["source_a"], first["source_b"])
    typical = float(np.exp(first["mean_log_ratio"]))
    more, less, factor = (
        (name_a, name_b, typical) if typical >= 1 else (name_b, name_a, 1 / typical)
    )
    sentence = (
        f"{name_a} and {name_b} disagree most. On the {int(first['n_days_both']):,} days "
        f"both reported, {possessive(more)} figure was typically {fmt_ratio(factor)} times "
        f"{possessive(less)}; "
        f"in all, {name_a} counted {fmt_count(first['total_a'])} people "
        f"{story.analysis.scope.outcome} and {name_b} {fmt_count(first['total_b'])} (rate ratio "
        f"{fmt_ratio(first['rate_ratio'])}, 95% interval {fmt_ratio(first['rr_lower'])}–"
        f"{fmt_ratio(first['rr_upper'])})."
    )
    if when:
        sentence += (
            " They differed most in "
            + "; ".join(f"{label} ({x:,} against {y:,})" for label, x, y in when)
            + "."
        )
    return sentence


def _pairs_table(story: Story, dis: Any, top: pd.DataFrame) -> None:
    """One row per pair: days, totals, typical ratio, rate ratio, Bland–Altman, lead–lag and
    the periods they differed most."""
    s, mm, label = story.styles, story.mm, story.analysis.label
    rows = [[story.para(h, s.head) for h in _TITLES]]
    widths = [28 * mm, 11 * mm, 22 * mm, 15 * mm, 27 * mm, 25 * mm, 18 * mm]
    widths.append(story.width - sum(widths))
    for row in top.itertuples():
        periods = worst_periods(dis, row.source_a, row.source_b)
        rows.append(
            [
                story.para(f"{label(row.source_a)} / {label(row.source_b)}", s.cell, widths[0] - 6),
                story.para(fmt_count(row.n_days_both), s.cell_right),
                story.para(f"{fmt_count(row.total_a)} / {fmt_count(row.total_b)}", s.cell),
                story.para(f"×{fmt_ratio(np.exp(row.mean_log_ratio))}", s.cell_right),
                story.markup(
                    f"{fmt_ratio(row.rate_ratio)} ({fmt_ratio(row.rr_lower)}–"
                    f"{fmt_ratio(row.rr_upper)})<br/><font size=6.4 color='#666666'>p "
                    f"{fmt_p(row.p_value)}</font>",
                    s.cell,
                ),
                story.para(
                    f"{fmt_number(row.ba_mean)} ({fmt_number(row.ba_lower)} to "
                    f"{fmt_number(row.ba_upper)})",
                    s.cell,
                ),
                story.para(_lead_lag(story, row), s.cell),
                story.para(
                    "; ".join(f"{lab}: {x:,} vs {y:,}" for lab, x, y in periods) or "–",
                    s.cell,
                ),
            ]
        )
    story.add(styled_table(rows, widths))


def _lead_lag(story: Story, row: Any) -> str:
    """``SOHR 2 d ahead``, ``same day``, or ``–`` when unknown."""
    lag = as_int(row.lead_lag) if not pd.isna(row.lead_lag) else None
    if lag is None:
        return "–"
    if lag == 0:
        return "same day"
    leader = story.analysis.label(row.source_a if lag > 0 else row.source_b)
    return f"{leader} {abs(lag)} d ahead"
