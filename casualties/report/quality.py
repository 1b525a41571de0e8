"""The data-quality section: flags, the largest figures, unresolved dates and places, and the
items rejected while reading or extracting."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

import pandas as pd

from ..schema import FLAGS
from .formats import cell_text, fmt_dates
from .sections import SECTION_TITLES
from .story import Story
from .styles import styled_table
from .summaries import claim_rows, flag_counts
from .text import clean_text


def data_quality_section(
    story: Story,
    rejections: pd.DataFrame | None,
    dispatches: pd.DataFrame | None,
    extraction_status: pd.DataFrame | None,
) -> None:
    """How many claims are in scope; the flags they carry; the largest figures, the claims
    without a date or place (with examples); and the items rejected on the way."""
    from reportlab.platypus import PageBreak

    story.add(PageBreak())
    story.heading(SECTION_TITLES[3])
    story.add(story.para(_counts(story, dispatches), story.styles.body))
    _flags(story)
    per_claim = claim_rows(story.analysis.claims)
    _largest(story, per_claim)
    _undated(story, per_claim)
    _unplaced(story, per_claim)
    story.add(story.para("Rejected items", story.styles.h2))
    _rejections(story, rejections, extraction_status)


def _counts(story: Story, dispatches: pd.DataFrame | None) -> str:
    """Claims in scope, claims given outside it, and dispatches read and with claims."""
    a = story.analysis
    n_claims = a.claims["claim_id"].nunique()
    intro = [f"{n_claims:,} claims in scope."]
    all_ids = a.all_claims["claim_id"].nunique()
    if all_ids != n_claims:
        intro.append(
            f"{all_ids - n_claims:,} of the {all_ids:,} claims given fall outside "
            f"the scope ({a.scope.describe()})."
        )
    if dispatches is not None:
        with_claims = dispatches["dispatch_id"].isin(a.all_claims["dispatch_id"]).sum()
        intro.append(
            f"{len(dispatches):,} dispatches were read; {with_claims:,} yielded at least one claim."
        )
    return " ".join(intro)


def _flags(story: Story) -> None:
    """How many claims (and what share) carry each data-quality flag."""
    s, mm = story.styles, story.mm
    story.add(story.para("Flags", s.h2))
    flags = flag_counts(story.analysis.claims)
    if flags.empty:
        story.add(story.para("No claim in scope carries a data-quality flag.", s.body))
        return
    n_claims = story.analysis.claims["claim_id"].nunique()
    rows = [
        [
            story.para("Flag", s.head),
            story.para("Meaning", s.head),
            story.para("Claims", s.head_right),
            story.para("Share", s.head_right),
        ]
    ]
    for row in flags.itertuples():
        rows.append(
            [
                story.para(row.flag, s.cell),
                story.para(FLAGS.get(row.flag, ""), s.cell),
                story.para(f"{row.claims:,}", s.cell_right),
                story.para(f"{100 * row.claims / max(n_claims, 1):.1f}%", s.cell_right),
            ]
        )
    story.add(styled_table(rows, [42 * mm, 90 * mm, 20 * mm, 18 * mm]))


def _largest(story: Story, per_claim: pd.DataFrame) -> None:
    """The ten largest figures about incidents and periods, the first to check."""
    s = story.styles
    incidents = per_claim[per_claim["kind"].astype(str) != "cumulative"]
    if not len(incidents):
        return
    largest = incidents.sort_values(
        ["total", "claim_id"], ascending=[False, True], kind="stable"
    ).head(10)
    story.add(story.para("Largest figures about incidents and periods", s.h2))
    story.add(
        story.para(
            "A misread figure weighs most when it is large: these ten are worth checking "
            "against their sentence first (a war's toll stated without 'since …' reads "
            "as a figure about one day).",
            s.body,
        )
    )
    _examples(story, largest, limit=10, figure=True)


def _undated(story: Story, per_claim: pd.DataFrame) -> None:
    """The claims without a date, and those left out because a period was asked for."""
    a, s = story.analysis, story.styles
    undated = per_claim[per_claim["event_end"].isna()]
    story.add(story.para("Unresolved dates", s.h2))
    story.add(
        story.para(
            f"{len(undated):,} claims have no date (no publication date and only a weekday, or "
            "no usable temporal expression); they are listed in the appendix but cannot be "
            "placed on the time axis.",
            s.body,
        )
    )
    if a.scope.since is not None or a.scope.until is not None:
        outside = a.all_claims[
            (a.all_claims["outcome"].astype(str) == a.scope.outcome)
            & a.all_claims["event_end"].isna()
        ]["claim_id"].nunique()
        if outside:
            text = f"{outside:,} undated claims were left out because a period was asked for."
            story.add(story.para(text, s.body))
    _examples(story, undated)


def _unplaced(story: Story, per_claim: pd.DataFrame) -> None:
    """The claims without a resolved place, the names not found and those standing in."""
    s = story.styles
    unplaced = per_claim[per_claim["place"].isna()]
    n_flagged = int(per_claim["flags"].str.split(";").map(lambda f: "place_unresolved" in f).sum())
    story.add(story.para("Unresolved places", s.h2))
    story.add(
        story.para(
            f"{len(unplaced):,} claims have no resolved place at all (no place named, or a "
            "name the gazetteer does not know). "
            + (
                f"{n_flagged:,} carry the place_unresolved flag: the place as written was not "
                "found, and a broader place (governorate or country) stands for it."
                if n_flagged
                else ""
            ),
            s.body,
        )
    )
    if len(unplaced):
        names = unplaced["place_name"].dropna().map(clean_text)
        names = names[names != ""].value_counts().head(15)
        if len(names):
            text = "Place names not resolved: " + "; ".join(f"{k} ({v})" for k, v in names.items())
            story.add(story.para(text, s.body, story.width))
    _examples(story, unplaced)


def _examples(story: Story, rows: pd.DataFrame, limit: int = 8, figure: bool = False) -> None:
    """The first claims of ``rows`` (id, source, figure if asked, quote); how many more."""
    mm, s = story.mm, story.styles
    if rows.empty:
        return
    widths = [33 * mm, 27 * mm] + ([30 * mm] if figure else [])
    widths.append(story.width - sum(widths))
    titles = ["Claim", "Source"] + (["Figure (days)"] if figure else []) + ["Quote"]
    table = [[story.para(t, s.head) for t in titles]]
    for row in rows.head(limit).itertuples():
        cells = [
            story.para(row.claim_id, s.cell_small, widths[0] - 6),
            story.para(story.analysis.label(row.source_id), s.cell, widths[1] - 6),
        ]
        if figure:
            markup = (
                f"{escape(row.figure)}<br/><font size=6.4 color='#666666'>"
                f"{escape(fmt_dates(row.event_start, row.event_end))}</font>"
            )
            cells.append(story.markup(markup, s.cell))
        cells.append(story.para(row.quote, s.quote, widths[-1] - 6))
        table.append(cells)
    story.add(styled_table(table, widths))
    if len(rows) > limit:
        story.add(story.para(f"… and {len(rows) - limit:,} more (see the appendix).", s.small))


def _rejections(
    story: Story, rejections: pd.DataFrame | None, extraction_status: pd.DataFrame | None
) -> None:
    """The items rejected while reading or extracting: counts per reason, the first thirty."""
    s, mm = story.styles, story.mm
    frames = [f for f in (rejections, extraction_status) if f is not None and len(f)]
    if not frames:
        story.add(story.para("No item was rejected while reading or extracting.", s.body))
        return
    rejected = pd.concat(frames, ignore_index=True)
    reasons = rejected["reason"].map(clean_text).map(reason_kind)
    counts = reasons.value_counts()
    counts = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    story.add(story.para(f"{len(rejected):,} items were rejected, with these reasons:", s.body))
    rows = [[story.para("Reason", s.head), story.para("Items", s.head_right)]]
    rows += [
        [story.para(k, s.cell, 140 * mm), story.para(f"{v:,}", s.cell_right)] for k, v in counts
    ]
    story.add(styled_table(rows, [145 * mm, 20 * mm]))
    shown = rejected.head(30)
    where_cols = [c for c in ("file", "line", "dispatch_id") if c in shown.columns]
    rows = [[story.para("Where", s.head), story.para("Reason", s.head)]]
    for _, row in shown.iterrows():
        where = ":".join(cell_text(row[c]) for c in where_cols if cell_text(row[c]))
        rows.append(
            [
                story.para(where or "–", s.cell_small, 58 * mm),
                story.para(row["reason"], s.cell, story.width - 62 * mm),
            ]
        )
    story.add(story.para("First rejected items:", s.small))
    story.add(styled_table(rows, [60 * mm, story.width - 60 * mm]))
    if len(rejected) > len(shown):
        story.add(story.para(f"… and {len(rejected) - len(shown):,} more.", s.small))


_REASON_DETAIL = re.compile(r"\s*[:(].*$")


def reason_kind(reason: str) -> str:
    """The kind of a rejection reason (its text before the first colon or parenthesis)."""
    head = _REASON_DETAIL.sub("", reason).strip()
    return head or reason or "(no reason given)"
