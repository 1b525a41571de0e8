"""The first sections: the cover, the key figures and the charts of the sources over time."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pandas as pd

from .._version import __version__
from ..schema import CATEGORIES
from .analysis import FREQ_WORDS
from .formats import day_text, fmt_count, fmt_range, stated_markup
from .story import Story, anchor
from .styles import styled_table
from .summaries import key_figures, latest_running_totals

#: The section titles, in order (tests look for them in the PDF's text).
SECTION_TITLES = (
    "Key figures",
    "Sources over time",
    "Disagreement between sources",
    "Data quality",
    "Method and coding rules",
    "Appendix: every claim in scope",
)


def cover(story: Story, title: str) -> None:
    """The title, what the report covers (scope, period, claims, sources) and the contents."""
    from reportlab.platypus import PageBreak, Spacer

    s, mm = story.styles, story.mm
    story.add(Spacer(1, 30 * mm))
    story.add(story.para(title, s.title))
    story.add(story.para(f"People reported {story.analysis.scope.outcome}, by source", s.subtitle))
    rows = [
        [story.para(k, s.cell_bold), story.para(v, s.cell, 120 * mm)] for k, v in _coverage(story)
    ]
    story.add(
        styled_table(
            rows,
            [38 * mm, 125 * mm],
            n_header=0,
            extra=[("LINEBELOW", (0, 0), (-1, -1), 0.3, "#cccccc")],
        )
    )
    story.add(Spacer(1, 10 * mm))
    story.add(
        story.para(
            "Every number in this report is a claim: a figure that a named source stated. "
            "Sources are kept apart and never added together; where they disagree, both are "
            "shown. The appendix lists each claim with the sentence that stated it, so every "
            "figure can be traced to its source and dispatch.",
            s.body,
        )
    )
    story.add(Spacer(1, 6 * mm))
    contents = "".join(f'<a href="#{anchor(t)}">{escape(t)}</a><br/>' for t in SECTION_TITLES)
    story.add(story.markup(f"<b>Contents</b><br/>{contents}", s.body))
    story.add(PageBreak())


def _coverage(story: Story) -> list[tuple[str, str]]:
    """What the report covers, as (what, value) rows of the cover's table."""
    a = story.analysis
    claims = a.claims
    n_claims = claims["claim_id"].nunique()
    n_dispatches = claims["dispatch_id"].nunique()
    period_asked = (
        f"{day_text(a.scope.since) or 'from the first claim'} to "
        f"{day_text(a.scope.until) or 'the last claim'}"
    )
    span = (
        f"{day_text(a.first_day)} to {day_text(a.last_day)}"
        if a.first_day is not None
        else "no dated figure"
    )
    counts = claims.groupby("source_id")["claim_id"].nunique()
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    sources = ", ".join(f"{a.label(k)} ({v:,})" for k, v in ranked[:15])
    if len(ranked) > 15:
        rest = sum(v for _, v in ranked[15:])
        sources += f", and {len(ranked) - 15} more sources ({rest:,})"
    return [
        ("Outcome", a.scope.outcome),
        ("Place", a.scope.place or "all places"),
        ("Period asked", period_asked),
        ("Figures cover", span),
        ("Claims in scope", f"{n_claims:,} claims from {n_dispatches:,} dispatches or records"),
        ("Sources (claims)", sources),
        ("Charts show", ", ".join(a.label(x) for x in a.chart_sources) or "–"),
        ("Time step of charts", FREQ_WORDS[a.freq]),
        ("Made with", f"casualties {__version__}"),
    ]


def key_figures_section(story: Story) -> None:
    """Per source and category, the people reported in incidents; the running totals stated;
    the analyses that could not be made."""
    from reportlab.platypus import Spacer

    a, s, mm = story.analysis, story.styles, story.mm
    story.heading(SECTION_TITLES[0])
    figures = key_figures(a.daily, a.claims)
    latest = latest_running_totals(a.running)
    if figures.empty and latest.empty:
        story.add(story.para("No dated figure falls in the scope.", s.body))
        return
    if not figures.empty:
        story.add(
            story.para(
                f"People reported {a.scope.outcome} in incidents and periods from "
                f"{day_text(a.first_day)} to {day_text(a.last_day)}, per source and category, "
                "after repeated reports were merged and revisions resolved. Each cell gives the "
                "best value and, below it, the range low–high (∞: at least one figure had no "
                "upper bound, e.g. 'at least 50'). Sources are never added together; running "
                "totals are in the next table.",
                s.body,
            )
        )
        story.add(Spacer(1, 2 * mm))
        _incident_table(story, figures)
    if not latest.empty:
        _running_table(story, latest)
    if a.notes:
        story.add(story.para("Notes on the analyses", s.h2))
        for note in a.notes:
            story.add(story.para(f"• {note}", s.note))


def _incident_table(story: Story, figures: pd.DataFrame) -> None:
    """Per source: claims, days and, per category and in total, best over low–high."""
    s, mm = story.styles, story.mm
    present = [c for c in CATEGORIES if c in set(figures["category"])]
    cols = [*present, "total"]
    head = s.head_right.clone("head_narrow", fontSize=7, leading=8.6)
    header = [
        story.para("Source", s.head),
        story.para("Claims", head),
        story.para("Days", head),
    ] + [story.para(c.capitalize(), head) for c in cols]
    rows = [header]
    totals = figures[figures["category"] == "total"]
    order = totals.sort_values(
        ["claims", "best", "source_id"], ascending=[False, False, True], kind="stable"
    )["source_id"]
    for source_id in order:
        sub = figures[figures["source_id"] == source_id].set_index("category")
        total = sub.loc["total"]
        row = [
            story.para(story.analysis.label(source_id), s.cell_bold, 36 * mm),
            story.para(fmt_count(total["claims"]), s.cell_right),
            story.para(fmt_count(total["days"]), s.cell_right),
        ]
        for c in cols:
            if c in sub.index:
                r = sub.loc[c]
                markup = (
                    f"{fmt_count(r['best'])}<br/><font size=6.4 color='#666666'>"
                    f"{fmt_range(r['low'], r['high'])}</font>"
                )
                row.append(story.markup(markup, s.cell_right))
            else:
                row.append(story.para("", s.cell_right))
        rows.append(row)
    rest = story.width - 38 * mm - 13 * mm - 12 * mm
    widths = [38 * mm, 13 * mm, 12 * mm] + [rest / len(cols)] * len(cols)
    story.add(styled_table(rows, widths))
    story.add(
        story.para(
            "Claims: claims about incidents and periods in scope (a claim is one figure in "
            "one dispatch). Days: days with a figure, after multi-day figures were spread "
            "over the days they cover.",
            s.caption,
        )
    )


def _running_table(story: Story, latest: pd.DataFrame) -> None:
    """Per source: how many running totals it stated, its largest and its latest."""
    s, mm = story.styles, story.mm
    story.add(story.para("Running totals as stated", s.h2))
    story.add(
        story.para(
            "Cumulative tolls (e.g. 'more than 300,000 killed since the war began in 2011') "
            "are not daily counts and are not added to the figures above: each source's "
            "largest and latest totals stated in the period are shown as written.",
            s.body,
        )
    )
    latest = latest.sort_values(["max_best", "source_id"], ascending=[False, True], kind="stable")
    titles = ("Source", "Stated", "Largest", "Latest", "The largest, in its words")
    header = [story.para(h, s.head if i in (0, 4) else s.head_right) for i, h in enumerate(titles)]
    rows = [header]
    widths = [36 * mm, 14 * mm, 22 * mm, 22 * mm]
    widths.append(story.width - sum(widths))
    for row in latest.itertuples():
        rows.append(
            [
                story.para(story.analysis.label(row.source_id), s.cell_bold, widths[0] - 6),
                story.para(f"{row.n:,}", s.cell_right),
                story.markup(
                    stated_markup(row.max_low, row.max_best, row.max_high, row.max_date),
                    s.cell_right,
                ),
                story.markup(stated_markup(row.low, row.best, row.high, row.date), s.cell_right),
                story.para(row.max_quote, s.quote, widths[4] - 6),
            ]
        )
    story.add(styled_table(rows, widths))
    story.add(
        story.para(
            "Stated: running totals the source stated in the period (each is in the "
            "appendix). Largest and latest: summed over the claim's categories, with the day "
            "they run to. ≥: at least.",
            s.caption,
        )
    )


def charts_section(story: Story) -> None:
    """The charts of the sources over time, each numbered with its caption."""
    from reportlab.platypus import CondPageBreak, Spacer

    story.add(Spacer(1, 6 * story.mm))
    story.add(CondPageBreak(90 * story.mm))
    story.heading(SECTION_TITLES[1])
    if not story.charts:
        story.add(story.para("No dated figure to chart in this scope.", story.styles.body))
        return
    story.add(
        story.para(
            f"Figures are per {FREQ_WORDS[story.analysis.freq]} and per source; a source that said "
            "nothing is a gap, not a zero. Sources charted: "
            + ", ".join(story.analysis.label(x) for x in story.analysis.chart_sources)
            + ".",
            story.styles.body,
        )
    )
    for key in ("sources", "trend", "composition", "coverage", "fusion", "bias"):
        story.add_chart(key)
