"""Numbers, dates and source names as the report writes them."""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from .text import clean_text


def day_text(stamp: Any) -> str:
    """A date as ``YYYY-MM-DD``; empty for none."""
    if stamp is None or pd.isna(stamp):
        return ""
    return pd.Timestamp(stamp).strftime("%Y-%m-%d")


def fmt_dates(start: Any, end: Any) -> str:
    """A claim's period: ``2016-03-01``, ``2016-03-01 – 2016-03-05``, ``… – 2016-03-05`` or
    ``undated``."""
    s, e = day_text(start), day_text(end)
    if not s and not e:
        return "undated"
    if not s:
        return f"… – {e}"
    if s == e or not e:
        return s
    return f"{s} – {e}"


def as_int(value: Any) -> int | None:
    """A whole number, or None for a missing value."""
    if value is None or pd.isna(value):
        return None
    return int(value)


def fmt_count(value: Any) -> str:
    """``1,200``; ``–`` for a missing value."""
    number = as_int(value)
    return "–" if number is None else f"{number:,}"


def fmt_range(low: Any, high: Any) -> str:
    """``20–30``, ``50–∞`` (no upper bound), or one number when both bounds agree."""
    lo, hi = as_int(low), as_int(high)
    left = "0" if lo is None else f"{lo:,}"
    right = "∞" if hi is None else f"{hi:,}"
    return left if left == right else f"{left}–{right}"


def fmt_figure(low: Any, best: Any, high: Any, qualifier: str) -> str:
    """A claim row's figure as stated: ``59``, ``≥ 50``, ``≤ 30``, ``≈ 30``, ``20–30``."""
    lo, b, hi = as_int(low), as_int(best), as_int(high)
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
    """``12``, ``2.35``, ``0.004``: a ratio to two decimals, whole from 10; ``–`` for none."""
    if value is None or pd.isna(value) or not np.isfinite(value):
        return "–"
    value = float(value)
    if value >= 10:
        return f"{value:,.0f}"
    if value >= 0.01:
        return f"{value:.2f}"
    return f"{value:.1g}"


def fmt_p(value: Any) -> str:
    """A p-value to three decimals, ``< 0.001`` below; ``–`` for none."""
    if value is None or pd.isna(value):
        return "–"
    value = float(value)
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def fmt_number(value: Any) -> str:
    """``1,234`` from 10 up, ``2.5`` below; ``–`` for none or infinite."""
    if value is None or pd.isna(value) or not np.isfinite(float(value)):
        return "–"
    value = float(value)
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:.1f}"


def cell_text(value: Any) -> str:
    """A value as short text: whole floats without ``.0`` (CSV line numbers), nulls empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(value)


def stated_markup(low: Any, best: Any, high: Any, day: Any) -> str:
    """Markup: a running total (``≥ 330,000``) over the day it runs to, in small grey."""
    bounded = not pd.isna(high) and int(high) == int(best)
    value = fmt_figure(low, best, high, "exact" if bounded else "at_least")
    return f"{escape(value)}<br/><font size=6.4 color='#666666'>{day_text(day)}</font>"


def possessive(name: str) -> str:
    """``SOHR's``, ``the Observatories'``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


_ACRONYM = re.compile(r"^[a-z]{2,5}$")


def source_label(source_id: str, claims: pd.DataFrame | None = None) -> str:
    """A readable name for a source id.

    The registry's short name (``SOHR``, ``SANA``); for ``outlet:<slug>`` the outlet as the
    claims write it, marked ``(outlet)``; for ``other:<slug>`` the claimant as written; else a
    tidied id. (The charts' :func:`casualties.plots.source_label` knows no claims: it is given
    these names as ``labels``.)

    Examples
    --------
    >>> source_label("sohr"), source_label("outlet:the-new-arab"), source_label("army")
    ('SOHR', 'the new arab (outlet)', 'Army')
    """
    from ..plots.names import registry_name  # plots loads matplotlib: import it on first use

    name = registry_name(source_id)
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
