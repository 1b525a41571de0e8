"""The look of the PDF: paragraph styles and the style of its tables."""

from __future__ import annotations

from collections.abc import Sequence

from .text import FONT, FONT_BOLD, register_fonts


class Styles:
    """The report's paragraph styles, in DejaVu Sans (registered on first use)."""

    def __init__(self) -> None:
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_CENTER
        from reportlab.lib.styles import ParagraphStyle

        register_fonts()
        ink = colors.HexColor("#1a1a1a")
        grey = colors.HexColor("#555555")
        base = ParagraphStyle(
            "body", fontName=FONT, fontSize=9.5, leading=13, textColor=ink, spaceAfter=4
        )
        self.body = base
        self.title = base.clone("title", fontName=FONT_BOLD, fontSize=24, leading=29, spaceAfter=10)
        self.subtitle = base.clone(
            "subtitle", fontSize=13, leading=17, textColor=grey, spaceAfter=18
        )
        self.h1 = base.clone(
            "h1",
            fontName=FONT_BOLD,
            fontSize=16,
            leading=20,
            spaceBefore=4,
            spaceAfter=8,
            textColor=colors.HexColor("#0b3d6b"),
        )
        self.h2 = base.clone(
            "h2", fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4
        )
        self.small = base.clone("small", fontSize=8, leading=10.5, textColor=grey, spaceBefore=2)
        self.caption = base.clone(
            "caption", fontSize=8.3, leading=11, textColor=grey, spaceBefore=2, spaceAfter=12
        )
        self.cell = base.clone("cell", fontSize=7.6, leading=9.6, spaceAfter=0)
        self.cell_bold = self.cell.clone("cell_bold", fontName=FONT_BOLD)
        self.cell_right = self.cell.clone("cell_right", alignment=2)
        self.cell_small = self.cell.clone("cell_small", fontSize=6.6, leading=8.2, textColor=grey)
        self.head = self.cell.clone("head", fontName=FONT_BOLD, textColor=colors.white)
        self.head_right = self.head.clone("head_right", alignment=2)
        self.quote = self.cell.clone("quote", fontSize=7.4, leading=9.4)
        self.bullet = base.clone("bullet", leftIndent=11, bulletIndent=1, spaceAfter=3)
        self.center = base.clone("center", alignment=TA_CENTER)
        self.note = base.clone(
            "note", fontSize=8.5, leading=11.5, textColor=colors.HexColor("#8a4b00")
        )


_HEAD_BG = "#0b3d6b"
_ROW_ALT = "#eef2f7"


def table_style(n_header: int = 1, zebra: bool = True, extra: Sequence = ()):
    """Dark header rows, small type, light stripes (``zebra``), then the ``extra`` commands."""
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    commands = [
        ("BACKGROUND", (0, 0), (-1, n_header - 1), colors.HexColor(_HEAD_BG)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 7.6),
        ("LEADING", (0, 0), (-1, -1), 9.6),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, n_header - 1), (-1, n_header - 1), 0.6, colors.HexColor(_HEAD_BG)),
    ]
    if zebra:
        commands.append(
            ("ROWBACKGROUNDS", (0, n_header), (-1, -1), [colors.white, colors.HexColor(_ROW_ALT)])
        )
    commands.extend(extra)
    return TableStyle(commands)


def styled_table(
    rows: list[list], widths: Sequence[float], n_header: int = 1, extra: Sequence = ()
):
    from reportlab.platypus import LongTable

    table = LongTable(rows, colWidths=list(widths), repeatRows=n_header, hAlign="LEFT")
    table.setStyle(table_style(n_header, extra=extra))
    return table
