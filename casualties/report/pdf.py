"""The PDF: the report's sections laid out on A4 pages with ReportLab Platypus, same bytes for
the same input."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._version import __version__
from ..schema import ClaimSchema, DispatchSchema, validate
from .analysis import Analysis, Progress, analyse
from .appendix import appendix, method_section
from .disagreement import disagreement_section
from .quality import data_quality_section
from .scope import EmptyScopeError, ReportScope, empty_scope_message, in_scope, scope_of
from .sections import charts_section, cover, key_figures_section
from .story import Story
from .summaries import key_figures, latest_running_totals
from .text import FONT, clean_text

if TYPE_CHECKING:
    from .charts import Chart


def build_report(
    claims: pd.DataFrame,
    path: str | Path,
    title: str = "Casualty claims by source",
    place: str | None = None,
    since: Any = None,
    until: Any = None,
    outcome: str = "killed",
    sources: Sequence[str] | str | None = None,
    rejections: pd.DataFrame | None = None,
    dispatches: pd.DataFrame | None = None,
    *,
    extraction_status: pd.DataFrame | None = None,
    chart_sources: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write a multi-page PDF report of the claims in scope; return its path.

    Parameters
    ----------
    claims
        A Claim frame (validated here).
    path
        Where to write the PDF (folders are created).
    title
        The report's title (printed on the cover and in the page footers).
    place
        Keep claims about this place: a resolved place, a place as written, a governorate, a
        place id, or a country by name or ISO code.
    since, until
        Keep claims whose period meets ``[since, until]`` (dates, inclusive); the charts and
        key figures are clipped to it.
    outcome
        ``"killed"`` or ``"wounded"``.
    sources
        Keep only these source ids (a list, or a comma-separated string).
    rejections
        Items rejected while reading or extracting (a frame with a ``reason`` column and, e.g.,
        ``file``, ``line`` or ``dispatch_id``), shown in the data-quality section.
    dispatches
        The Dispatch frame the claims came from (counts dispatches without claims).
    extraction_status
        Per-dispatch rejections from extraction (``dispatch_id``, ``reason``), if any.
    chart_sources
        The sources to chart and compare (default: ``sources``, else the eight sources that
        reported on the most days). Tables and the appendix still cover every source in scope.
    progress
        Called with a short message at each stage.

    Returns
    -------
    pathlib.Path
        The PDF written. The same input always gives the same bytes.

    Raises
    ------
    EmptyScopeError
        When no claim falls in the scope (the message says what the claims do cover).
    SchemaViolation
        When ``claims`` or ``dispatches`` break their schema.

    Examples
    --------
    >>> import tempfile
    >>> import casualties as cs
    >>> claims = cs.extract(cs.read_dispatches("data/seed/aleppo-2012-08-08.fr.jsonl"))
    >>> path = cs.build_report(claims, f"{tempfile.mkdtemp()}/aleppo.pdf", title="Aleppo, 2012")
    >>> path.read_bytes()[:5]
    b'%PDF-'

    """
    return write_report(
        claims,
        path,
        title=title,
        place=place,
        since=since,
        until=until,
        outcome=outcome,
        sources=sources,
        rejections=rejections,
        dispatches=dispatches,
        extraction_status=extraction_status,
        chart_sources=chart_sources,
        progress=progress,
    ).path


@dataclass
class ReportInfo:
    """What :func:`write_report` made: the PDF, its page count and what it shows."""

    path: Path
    pages: int
    analysis: Analysis
    key_figures: pd.DataFrame
    charts: dict[str, Chart] = field(default_factory=dict)

    def headline(self) -> pd.DataFrame:
        """Per source: incident figures summed over categories and days (``low, best, high,
        days, claims``), and its latest and largest running totals stated in the period
        (``running_best, running_date, running_max, running_max_date``; null when none)."""
        totals = self.key_figures[self.key_figures["category"] == "total"].drop(columns="category")
        latest = latest_running_totals(self.analysis.running).set_index("source_id")
        ids = sorted(set(totals["source_id"]) | set(latest.index))
        out = totals.set_index("source_id").reindex(ids)
        for column in ("low", "best"):
            out[column] = out[column].fillna(0).astype("int64")
        for column in ("days", "claims"):
            out[column] = out[column].astype("Int64")
        out["running_best"] = latest["best"].reindex(ids).astype("Int64")
        out["running_date"] = latest["date"].reindex(ids)
        out["running_max"] = latest["max_best"].reindex(ids).astype("Int64")
        out["running_max_date"] = latest["max_date"].reindex(ids)
        out = out.reset_index().rename(columns={"index": "source_id"})
        return out.sort_values(["best", "source_id"], ascending=[False, True]).reset_index(
            drop=True
        )


def write_report(
    claims: pd.DataFrame,
    path: str | Path,
    title: str = "Casualty claims by source",
    place: str | None = None,
    since: Any = None,
    until: Any = None,
    outcome: str = "killed",
    sources: Sequence[str] | str | None = None,
    rejections: pd.DataFrame | None = None,
    dispatches: pd.DataFrame | None = None,
    *,
    extraction_status: pd.DataFrame | None = None,
    chart_sources: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> ReportInfo:
    """Like :func:`build_report`, and also return the page count and the figures shown."""
    from .charts import make_charts  # loads matplotlib: only when a report is written

    say = progress or (lambda _msg: None)
    frame, dispatches = _checked(claims, dispatches, rejections, extraction_status)
    scope = scope_of(outcome, place, since, until, sources)
    selected = in_scope(frame, scope)
    if selected.empty:
        raise EmptyScopeError(empty_scope_message(frame, scope))
    say(f"{selected['claim_id'].nunique():,} claims in scope ({scope.describe()})")
    analysis = analyse(selected, scope, all_claims=frame, progress=say, focus=chart_sources)
    charts = make_charts(analysis, progress=say)
    story = Story(analysis, charts)
    _tell(story, title, rejections, dispatches, extraction_status)

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    say(f"laying out the PDF ({len(story.flowables):,} blocks)")
    pdf, pages = _lay_out(story, title, scope, say)
    target.write_bytes(pdf)
    return ReportInfo(
        path=target,
        pages=pages,
        analysis=analysis,
        key_figures=key_figures(analysis.daily, analysis.claims),
        charts=charts,
    )


def _checked(
    claims: pd.DataFrame,
    dispatches: pd.DataFrame | None,
    rejections: pd.DataFrame | None,
    extraction_status: pd.DataFrame | None,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The claims and dispatches validated; rejections must give a ``reason``."""
    frame = validate(claims, ClaimSchema)
    if dispatches is not None:
        dispatches = validate(dispatches, DispatchSchema)
    for name, extra in (("rejections", rejections), ("extraction_status", extraction_status)):
        if extra is not None and len(extra) and "reason" not in extra.columns:
            raise ValueError(f"{name} must have a 'reason' column")
    return frame, dispatches


def _tell(
    story: Story,
    title: str,
    rejections: pd.DataFrame | None,
    dispatches: pd.DataFrame | None,
    extraction_status: pd.DataFrame | None,
) -> None:
    """Every section, in the order of :data:`SECTION_TITLES` after the cover."""
    cover(story, title)
    key_figures_section(story)
    charts_section(story)
    disagreement_section(story)
    data_quality_section(story, rejections, dispatches, extraction_status)
    method_section(story)
    appendix(story)


def _lay_out(story: Story, title: str, scope: ReportScope, say: Progress) -> tuple[bytes, int]:
    """The PDF's bytes and its page count: the story on A4 pages with a footer.

    ReportLab runs in invariant mode (fixed dates and document id), so the same story gives the
    same bytes.
    """
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(story.page_width, story.page_height),
        leftMargin=story.margin,
        rightMargin=story.margin,
        topMargin=14 * story.mm,
        bottomMargin=16 * story.mm,
        title=clean_text(title),
        author="casualties",
        subject=f"Casualty claims: {scope.describe()}",
        creator=f"casualties {__version__}",
        invariant=1,
        pageCompression=1,
    )
    body = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[body], onPage=_on_page(title))])
    doc.setProgressCallBack(_layout_progress(say))
    doc.build(story.flowables)
    return buffer.getvalue(), doc.page


def _on_page(title: str):
    def draw(canvas, doc) -> None:
        from reportlab.lib import colors

        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#666666"))
        width, _height = doc.pagesize
        y = doc.bottomMargin - 18
        if doc.page > 1:
            canvas.drawString(doc.leftMargin, y, clean_text(title)[:110])
        canvas.drawRightString(width - doc.rightMargin, y, f"page {doc.page}")
        canvas.restoreState()

    return draw


def _layout_progress(say: Progress) -> Callable[[str, int], None]:
    """Turn ReportLab's progress calls into a message at every tenth of the layout."""
    state = {"total": 0, "step": 0, "page": 0}

    def callback(kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            state["total"] = max(int(value), 1)
        elif kind == "PAGE":
            state["page"] = int(value)
        elif kind == "PROGRESS" and state["total"]:
            step = int(10 * value / state["total"])
            if step > state["step"]:
                state["step"] = step
                say(f"laying out pages: {10 * step}% (page {state['page']})")

    return callback
