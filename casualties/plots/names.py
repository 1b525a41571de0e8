"""Source names on charts: display names from the source registry, and the source note."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

import pandas as pd

__all__ = ["registry_name", "source_label", "source_note"]

#: How datasets imported as sources are credited in the source note (their licence terms).
_DATASET_CREDITS = {
    "ucdp": "UCDP GED (CC BY 4.0)",
    "ibc": "Iraq Body Count",
    "acled": "ACLED",
}


@cache
def _registry() -> dict[str, tuple[str, str]]:
    """Source id → (short display name, kind) from the source registry."""
    try:
        from ..lexicon import load_sources

        table = load_sources().get("sources", {})
    except Exception:  # noqa: BLE001 - display names are a nicety; ids still work
        return {}
    out: dict[str, tuple[str, str]] = {}
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
        out[str(key)] = (short, str(entry.get("kind", "")))
    return out


def registry_name(source_id: str) -> str | None:
    """The short display name the source registry gives a source id, or None.

    The registry's ``short`` (else ``name``) without its parenthesis and what follows a comma;
    a name still longer than 22 characters gives way to the source's first upper-case English
    alias.

    Parameters
    ----------
    source_id
        A canonical source id.

    Returns
    -------
    str or None
        ``SOHR``, ``SANA``, ``Syrian government``…; None for an id the registry does not list.

    Examples
    --------
    >>> registry_name("sohr"), registry_name("outlet:afp")
    ('SOHR', None)
    """
    known = _registry().get(str(source_id))
    return known[0] if known else None


def source_label(source_id: str, labels: Mapping[str, str] | None = None) -> str:
    """A short readable name for a source id.

    Parameters
    ----------
    source_id
        A canonical id (``sohr``), ``outlet:<name>`` or ``other:<slug>``.
    labels
        Names that take precedence over the registry's.

    Returns
    -------
    str
        ``labels[source_id]`` if given; else the registry's short name (``SOHR``, ``SANA``,
        ``Syrian government``); ``AFP (outlet)`` for ``outlet:afp``; else a tidied id.

    Examples
    --------
    >>> source_label("sohr"), source_label("outlet:afp"), source_label("other:local-doctor")
    ('SOHR', 'AFP (outlet)', 'local doctor')
    """
    source_id = str(source_id)
    if labels and source_id in labels:
        return str(labels[source_id])
    known = registry_name(source_id)
    if known:
        return known
    prefix, sep, rest = source_id.partition(":")
    if sep:
        name = rest.replace("-", " ").replace("_", " ")
        if re.fullmatch(r"[a-z]{2,5}", rest):
            name = rest.upper()
        return f"{name} (outlet)" if prefix == "outlet" else name
    if re.fullmatch(r"[a-z]{2,5}", source_id):
        return source_id.upper()
    return source_id.replace("_", " ").capitalize()


def source_note(source_ids: Iterable[str], labels: Mapping[str, str] | None = None) -> str:
    """The default source note of a chart: who stated the figures, and the datasets used.

    Parameters
    ----------
    source_ids
        The sources shown.
    labels
        Display names that take precedence over the registry's.

    Returns
    -------
    str
        ``"Source: SOHR, SANA via casualties; UCDP GED (CC BY 4.0)"``: the claimants (extracted
        from dispatches by casualties) then the imported datasets with their licence.

    Examples
    --------
    >>> source_note(["sohr", "ucdp", "sana"])
    'Source: SANA, SOHR via casualties; UCDP GED (CC BY 4.0)'
    """
    ids = sorted({str(s) for s in source_ids if s is not None and not pd.isna(s)})
    registry = _registry()
    datasets = [
        s for s in ids if s in _DATASET_CREDITS or registry.get(s, ("", ""))[1] == "dataset"
    ]
    claimants = sorted(
        (source_label(s, labels) for s in ids if s not in datasets), key=str.casefold
    )
    credits = [_DATASET_CREDITS.get(s, source_label(s, labels)) for s in datasets]
    if len(claimants) > 6:
        claimants = [*claimants[:5], f"{len(claimants) - 5} more"]
    parts = []
    if claimants:
        parts.append(", ".join(claimants) + " via casualties")
    parts.extend(credits)
    if not parts:
        return "Source: casualties"
    return "Source: " + "; ".join(parts)


def by_label(source_ids: Iterable[Any], labels: Mapping[str, str] | None) -> list[str]:
    """Distinct source ids in the order of their display names (legends, rows).

    Colours stay keyed to the sorted ids (:func:`~casualties.plots.source_colors`), whatever
    the order shown.
    """
    ids = {str(s) for s in pd.unique(pd.Series(list(source_ids), dtype=object).dropna())}
    return sorted(ids, key=lambda s: (source_label(s, labels).casefold(), s))


def note_for_sources(sources: Iterable[str], labels: Mapping[str, str] | None) -> str:
    """The source note of the sources a chart shows (the envelope, ``all``, is no source)."""
    return source_note([s for s in sources if s != "all"], labels)


def note_for_frames(frames: Sequence[pd.DataFrame | None], labels: Mapping[str, str] | None) -> str:
    """The source note of every source named in the frames (``source_id``, ``source_a/b``)."""
    ids: set[str] = set()
    for frame in frames:
        if frame is None:
            continue
        for column in ("source_id", "source_a", "source_b"):
            if column in frame.columns:
                ids.update(str(v) for v in pd.unique(frame[column].dropna()))
    return source_note(sorted(ids - {"all"}), labels)
