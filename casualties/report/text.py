"""Text in the PDF: the fonts, and plain text from dispatches that is never read as markup.

Text that comes from dispatches is escaped: ``<b>``, ``&`` and ``<script>`` print as written.
Arabic is shaped and laid out right to left, line by line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pandas as pd

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_SPACES = re.compile(r"\s+")
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


@cache
def register_fonts() -> None:
    """Register DejaVu Sans (bundled with matplotlib; covers Latin, Greek, Cyrillic, Arabic)."""
    import matplotlib
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    files = {
        FONT: "DejaVuSans.ttf",
        FONT_BOLD: "DejaVuSans-Bold.ttf",
        FONT_ITALIC: "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
    }
    for name, filename in files.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, "DejaVuSans-BoldOblique")


def clean_text(value: Any) -> str:
    """Plain one-line text: control characters dropped, runs of white space made one space."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _has_rtl(text: str) -> bool:
    return bool(_RTL.search(text))


@cache
def _bidi_tools() -> tuple[Callable[[str], str], Callable[..., str]] | None:
    try:
        import arabic_reshaper
        from bidi import get_display
    except ImportError:  # pragma: no cover - both are declared dependencies
        return None
    return arabic_reshaper.reshape, get_display


@cache
def _width_of(font: str, size: float) -> Callable[[str], float]:
    """A memoised ``stringWidth`` for one font and size (widths of words add up exactly)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widths: dict[str, float] = {}

    def width(text: str) -> float:
        value = widths.get(text)
        if value is None:
            value = widths[text] = stringWidth(text, font, size)
        return value

    return width


def _wrap_words(text: str, width: float, font: str, size: float) -> list[str]:
    """Greedy line breaking of ``text`` (logical order) to ``width`` points.

    Breaks at spaces (not at no-break spaces); a word wider than the line is cut.
    """
    measure = _width_of(font, size)
    space = measure(" ")
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in text.split(" "):
        size_of_word = measure(word)
        if current and used + space + size_of_word <= width:
            current.append(word)
            used += space + size_of_word
            continue
        if current:
            lines.append(" ".join(current))
        while size_of_word > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and measure(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
            size_of_word = measure(word)
        current, used = [word], size_of_word
    if current:
        lines.append(" ".join(current))
    return lines


def _visual_lines(text: str, width: float, font: str, size: float) -> tuple[list[str], bool]:
    """Shape Arabic, break into lines in logical order, then reorder each line for display.

    Returns the lines and whether the text is mainly right to left (to align it right).
    """
    tools = _bidi_tools()
    if tools is None:
        return [text], False
    reshape, get_display = tools
    shaped = reshape(text)
    strong_rtl = len(_RTL.findall(text))
    strong_ltr = sum(1 for ch in text if ch.isalpha() and not _RTL.match(ch))
    rtl = strong_rtl >= strong_ltr
    base = "R" if rtl else "L"
    lines = _wrap_words(shaped, width, font, size)
    return [get_display(line, base_dir=base) for line in lines], rtl


def para(text: Any, style, width: float | None = None, *, markup: str | None = None):
    """A Paragraph of *plain* text: escaped (never markup), with right-to-left support.

    ``markup`` is trusted ReportLab markup written by this module (e.g. ``<b>…</b>``); ``text``
    is data and is escaped. With ``width`` given, text holding Arabic or Hebrew is shaped and
    laid out right to left line by line.
    """
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.platypus import Paragraph

    plain = clean_text(text)
    if markup is not None:
        return Paragraph(markup, style)
    if width is not None and _has_rtl(plain):
        lines, rtl = _visual_lines(plain, width - 2, style.fontName, style.fontSize)
        body = "<br/>".join(escape(line) for line in lines)
        if rtl:
            style = style.clone(f"{style.name}-rtl", alignment=TA_RIGHT)
        return Paragraph(body, style)
    return Paragraph(escape(plain), style)


@dataclass(frozen=True)
class Look:
    """How one run of plain text is drawn in a :class:`TextBlock`."""

    font: str = FONT
    size: float = 7.6
    leading: float = 9.6
    color: str = "#1a1a1a"


@cache
def _text_block_class() -> type:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Flowable

    colors: dict[str, Any] = {}

    class TextBlock(Flowable):
        """Pre-wrapped lines of plain text, drawn as they are."""

        def __init__(self, lines: list[tuple[str, Look, bool]], width: float) -> None:
            super().__init__()
            self.lines = lines
            self.width = width
            self.height = sum(look.leading for _, look, _ in lines)

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            return self.width, self.height

        def draw(self) -> None:
            text = self.canv.beginText()
            top = self.height
            current = None
            for line, look, rtl in self.lines:
                top -= look.leading
                baseline = top + (look.leading - look.size) / 2 + 0.24 * look.size
                if look is not current:
                    text.setFont(look.font, look.size)
                    if look.color not in colors:
                        colors[look.color] = HexColor(look.color)
                    text.setFillColor(colors[look.color])
                    current = look
                x = self.width - _width_of(look.font, look.size)(line) if rtl else 0
                text.setTextOrigin(x, baseline)
                text.textOut(line)
            self.canv.drawText(text)

    return TextBlock


def text_block(parts: Sequence[tuple[Any, Look]], width: float):
    """A table cell of plain text runs, each wrapped to ``width``: never markup, and fast.

    ReportLab's Paragraph parses markup and re-wraps on every layout pass; the appendix has
    thousands of cells, so its cells are laid out once here (Arabic shaped and right to left).
    """
    lines: list[tuple[str, Look, bool]] = []
    for value, look in parts:
        text = clean_text(value)
        if not text:
            continue
        if _has_rtl(text):
            wrapped, rtl = _visual_lines(text, width, look.font, look.size)
        else:
            wrapped, rtl = _wrap_words(text, width, look.font, look.size), False
        lines.extend((line, look, rtl) for line in wrapped)
    return _text_block_class()(lines, width)
