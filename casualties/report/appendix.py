"""The last sections: the method and coding rules, and every claim in scope, one row each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .formats import day_text, fmt_dates
from .sections import SECTION_TITLES
from .story import Story
from .styles import styled_table
from .summaries import claim_rows
from .text import FONT_BOLD, Look, clean_text, text_block

#: Appendix rows per table. ReportLab re-measures every remaining row at each page break, so
#: one table of n rows costs O(n²); tables of 1,000 rows keep it linear, at the price of the
#: header repeated mid-page once every ~70 pages.
APPENDIX_CHUNK = 1000


def method_section(story: Story) -> None:
    """How claims are read, turned into series and compared (:data:`METHOD`)."""
    from reportlab.platypus import PageBreak, Paragraph

    s = story.styles
    story.add(PageBreak())
    story.heading(SECTION_TITLES[4])
    for heading, items in METHOD:
        story.add(story.para(heading, s.h2))
        for item in items:
            story.add(Paragraph(item, s.bullet, bulletText="•"))


def appendix(story: Story) -> None:
    """Every claim in scope, one row each, in tables of :data:`APPENDIX_CHUNK` rows."""
    from reportlab.platypus import PageBreak

    a, s, mm = story.analysis, story.styles, story.mm
    story.add(PageBreak())
    story.heading(SECTION_TITLES[5])
    rows = claim_rows(a.claims)
    story.add(
        story.para(
            f"{len(rows):,} claims, one row each, in order of date, source and claim id. "
            "Figure: the claim's category rows (≥ at least, ≤ at most, ≈ about); quote: the "
            "sentence that stated it, exactly as written.",
            s.body,
        )
    )
    widths = [11 * mm, 30 * mm, 22 * mm, 24 * mm, 30 * mm]
    widths.append(story.width - sum(widths))
    header = [
        story.para(h, s.head)
        for h in ("No.", "Source", "Date(s)", "Place", "Figure", "Quote and provenance")
    ]
    quote_width = widths[-1] - 6
    chunk: list[list] = [header]
    for number, row in enumerate(rows.itertuples(), start=1):
        chunk.append(_claim_row(story, number, row, widths, quote_width))
        if len(chunk) > APPENDIX_CHUNK:
            story.add(styled_table(chunk, widths))
            chunk = [header]
    if len(chunk) > 1:
        story.add(styled_table(chunk, widths))


def _claim_row(story: Story, number: int, row: Any, widths: Sequence[float], quote_width: float):
    """One claim's cells: number, source, dates, place, figure, and quote with provenance."""
    main, bold = Look(), Look(font=FONT_BOLD)
    small = Look(size=6.4, leading=8.2, color="#666666")
    quote_look = Look(size=7.4, leading=9.4)
    provenance_look = Look(size=6.6, leading=8.4, color="#555555")
    kind = clean_text(row.kind)
    when = [x for x in (kind if kind == "cumulative" else "", f"date: {row.date_basis}") if x]
    place = clean_text(row.place)
    written = clean_text(row.place_name)
    sub = [x for x in (clean_text(row.admin1), clean_text(row.country)) if x and x != place]
    if written and place.casefold() not in written.casefold():
        sub.insert(0, f"as written: {written}")
    label = story.analysis.label(row.source_id)
    name = clean_text(row.source_name)
    bare = label.removesuffix(" (outlet)").casefold()
    shown_name = name if name.casefold() not in (label.casefold(), bare, row.source_id) else ""
    # No-break spaces keep "claim <id> · dispatch <id>" on one line.
    nb = "\u00a0"
    provenance = (
        f"claim{nb}{clean_text(row.claim_id)}{nb}·{nb}dispatch{nb}"
        f"{clean_text(row.dispatch_id)} · {clean_text(row.outlet)} {day_text(row.published)}"
    )
    flags = clean_text(row.flags)
    if flags:
        provenance += f" · flags: {flags.replace(';', ', ')}"
    pad = 6
    return [
        text_block([(str(number), main)], widths[0] - pad),
        text_block([(label, bold), (shown_name, small)], widths[1] - pad),
        text_block(
            [(fmt_dates(row.event_start, row.event_end), main), (", ".join(when), small)],
            widths[2] - pad,
        ),
        text_block([(place or "unresolved", main), (" · ".join(sub), small)], widths[3] - pad),
        text_block(
            [
                (row.figure, main),
                (f"total {int(row.total):,}" if ";" in row.figure else "", small),
            ],
            widths[4] - pad,
        ),
        text_block([(row.quote, quote_look), (provenance, provenance_look)], quote_width),
    ]


#: The method and coding rules: (heading, bullet points in trusted markup).
METHOD: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Claims",
        (
            "A claim is a number of people <b>killed or wounded</b> stated by one source in one "
            "dispatch. Force sizes, displaced or arrested people, ages, dates and unit numbers are "
            "not claims.",
            "Counts keep their wording: exact (<i>13 killed</i>: 13–13); at least (<i>more than 50"
            "</i>: 50–∞, best 50); at most (<i>up to 30</i>: best 30); about (<i>nearly 30</i>: "
            "30, approximate); range (<i>20 to 30</i>: 20–30, best 20); vague quantities as ACLED "
            "codes them (tens 10, a dozen or dozens 12, scores 20, hundreds 100; at least).",
            "Categories partition a claim: civilians (incl. children, women, residents), soldiers "
            "(state forces of any state and their militias, police), rebels (non-state armed "
            "groups), unspecified (people, victims, bodies). <i>122 people including 59 civilians"
            "</i> gives civilians 59 and unspecified 63; summing rows never double counts.",
            "The source is the claimant named in the sentence; else, for <i>the same source</i>, "
            "<i>the monitor</i>, the nearest claimant before it; else the outlet. A figure quoted "
            "as someone's claim belongs to that claimant.",
            "Dates: an explicit date wins; a weekday is the most recent such day on or before "
            "publication; <i>yesterday</i> is the day before; no temporal expression gives the "
            "publication day. Running totals (<i>since March 2011</i>) are cumulative.",
            "Place: the most specific place named with the figure, else a country in the sentence, "
            "else the dateline; resolved with a gazetteer that prefers the conflict's country.",
        ),
    ),
    (
        "From claims to series",
        (
            "Claims of one source about the same outcome, category, period and place in several "
            "dispatches are one tally; the latest figure wins, a lower later figure is flagged "
            "<i>revised_down</i>. Records of structured datasets (UCDP) are never merged.",
            "For one source and day a national figure and sub-national ones are not added: the "
            "country's value is the larger of its own figure and the sum of its parts.",
            "Multi-day figures are spread over their days by largest remainder, so totals stay "
            "whole numbers; cumulative tolls become increments between consecutive totals.",
            "Series are kept per source; the cross-source envelope is the lowest and highest "
            "source on each day, never their sum. A day without a report is missing, not zero.",
        ),
    ),
    (
        "Statistics",
        (
            "Smoothing: rolling means (also LOWESS, STL on gap-filled series, a local-level model "
            "on log counts, negative-binomial GAM).",
            "Fusion: a state-space model with one latent random-walk log-rate seen by every source "
            "with its own bias and noise; the reference source's bias is fixed at 0. It gives a "
            "consensus trend with a band and each source's bias with its standard error.",
            "Disagreement, per pair of sources: ratio and log-ratio per period, absolute "
            "difference, overlap of ranges, coverage, Bland–Altman mean difference and limits, "
            "lead–lag by cross-correlation of differenced series, and a Poisson rate-ratio test.",
        ),
    ),
)
