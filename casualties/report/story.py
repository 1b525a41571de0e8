"""The story: the report's flowables in reading order, and the means to add to them."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from .analysis import Analysis
from .styles import Styles
from .text import para

if TYPE_CHECKING:
    from .charts import Chart


def anchor(title: str) -> str:
    """The name a section's heading is linked by: ``Key figures`` → ``key-figures``."""
    return re.sub(r"[^a-z]+", "-", title.lower()).strip("-")


class Story:
    """The flowables of one report, page size and styles, and the charts it places."""

    def __init__(self, analysis: Analysis, charts: Mapping[str, Chart]) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm

        self.analysis = analysis
        self.charts = charts
        self.styles = Styles()
        self.mm = mm
        self.page_width, self.page_height = A4
        self.margin = 16 * mm
        self.width = self.page_width - 2 * self.margin
        self.flowables: list = []
        self.figures = 0  # charts placed so far (they are numbered)

    def add(self, flowable: Any) -> None:
        """Append one flowable."""
        self.flowables.append(flowable)

    def para(self, text: Any, style=None, width: float | None = None):
        """A paragraph of plain text (escaped; right to left where needed)."""
        return para(text, style or self.styles.body, width)

    def markup(self, markup: str, style=None):
        """A paragraph of trusted markup written by this package."""
        return para("", style or self.styles.body, markup=markup)

    def heading(self, text: str, key: str | None = None) -> None:
        """A section heading with an anchor (``key``, default from the text) for the contents."""
        from reportlab.platypus import Paragraph

        key = key or anchor(text)
        self.add(Paragraph(f'<a name="{key}"/>{escape(text)}', self.styles.h1))

    def add_chart(self, key: str) -> None:
        """The chart ``key`` with its numbered caption (a note when it could not be drawn)."""
        from reportlab.platypus import Image, KeepTogether

        chart = self.charts.get(key)
        if chart is None:
            return
        if chart.png is None:
            self.add(
                self.para(f"[{key} chart could not be drawn: {chart.error}]", self.styles.note)
            )
            return
        self.figures += 1
        scale = min(1.0, self.width / (chart.width_in * 72))
        image = Image(
            io.BytesIO(chart.png),
            width=chart.width_in * 72 * scale,
            height=chart.height_in * 72 * scale,
        )
        caption = self.markup(
            f"<b>Figure {self.figures}.</b> {escape(chart.caption)}", self.styles.caption
        )
        self.add(KeepTogether([image, caption]))
