"""Import Iraq Body Count incident records as Claim rows (source ``ibc``).

The layout is the ESOC/Princeton export of IBC incidents (``Civilian-Casualty-Data.csv``:
``col1, Code, Start, end, Min, Max, location, weapons, town, governorate, …``), read as
latin-1. The data file has no stated licence: never copy it into this repository.

Mapping
-------
IBC counts civilians only, so every incident is one ``civilians`` row: ``low = best = Min``
(IBC's minimum is its documented, conservative count) and ``high = Max``. ``Start``/``end`` are
``20-Mar-03`` style dates; an empty ``end`` means a one-day incident. ``claim_id`` is
``ibc:<col1>`` (the row id is unique; a few IBC codes are shared by several rows) and
``dispatch_id`` ``ibc:<Code>``; flags ``structured`` (never merged with another imported row)
plus ``ibc_aggregate`` for aggregated/morgue reports and ``multi_day`` for periods.

The place is the town (``town`` without IBC's ``(1)``/``(2)`` precision suffix), else the
governorate, else Iraq; names go through the project gazetteer with an Iraq prior (a town it
does not know falls back to its governorate, flagged ``place_unresolved``). ``place_name`` keeps
IBC's free-text ``location``.

Eighteen records of the ESOC file state a ``Max`` below their ``Min`` (three with ``Max`` 0 on
aggregated reports). They are kept, with ``high = Min`` (the only bound consistent with the
recorded minimum) and the flag ``max_below_min``; their high therefore exceeds the file's
``Max`` by ``Min − Max`` (107 over the file's 101,413: the imported high total is 101,520).
An empty ``Max`` leaves ``high`` null (unbounded), flagged ``max_missing``. Rows with an
unreadable date or count are rejected with a reason.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ._structured import (
    ImportResult,
    RowChecks,
    as_claim_frame,
    as_frame_with_attrs,
    assemble_claims,
    event_frame,
    finish,
    flag_column,
    read_csv_text,
    resolve_places,
)

__all__ = ["import_ibc", "load_ibc"]

SOURCE_ID = "ibc"
REQUIRED = ("Code", "Start", "end", "Min", "Max")


def _dates(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.strip()
    parsed = pd.to_datetime(text, format="%d-%b-%y", errors="coerce")
    fallback = pd.to_datetime(text.where(parsed.isna()), errors="coerce", format="mixed")
    return parsed.fillna(fallback).where(values.notna())


def load_ibc(path: str | Path) -> ImportResult:
    """Import an IBC incident CSV and keep rejected rows with their reasons.

    Parameters
    ----------
    path
        The ESOC/IBC ``Civilian-Casualty-Data.csv`` (latin-1).

    Returns
    -------
    ImportResult
        ``.claims`` (Claim frame, one ``civilians`` row per incident), ``.rejections``,
        counts and ``.summary()``.

    Examples
    --------
    >>> path = "../shared/corpora/ibc-esoc-iraq/Civilian-Casualty-Data.csv"
    >>> result = load_ibc(path)  # doctest: +SKIP
    >>> result.events, int(result.claims["best"].sum())  # doctest: +SKIP
    (21100, 92926)
    """
    raw, bad_lines = read_csv_text(path, encoding="latin-1", required=REQUIRED)
    code = raw["Code"].astype("str").str.strip()
    record_id = raw["col1"].astype("str").str.strip() if "col1" in raw.columns else None
    checks = RowChecks(raw["_row"], code)
    checks.reject(raw["Code"].isna(), "missing code: the incident has no IBC code")
    low = checks.count(raw["Min"], "Min")
    high = checks.count(raw["Max"], "Max", required=False)
    start = _dates(raw["Start"])
    end = _dates(raw["end"])
    checks.reject(start.isna(), "bad date: Start is missing or unreadable")
    checks.reject(raw["end"].notna() & end.isna(), "bad date: end is unreadable")
    end = end.fillna(start)
    checks.reject(end < start, "bad dates: end is before Start")
    if record_id is not None:
        checks.repeated(record_id, raw["col1"].notna(), "duplicate id: col1 seen earlier")

    ok = checks.passed()
    good = raw[ok]
    low_ok = low[ok].to_numpy(dtype=np.int64)
    high_ok, inverted, missing_high = _high(low_ok, high[ok])
    governorate = _stripped(good, "governorate")
    names = pd.DataFrame(
        {"town": _town(good), "admin1": governorate, "iso": "IQ"}, index=good.index
    )
    places, lost = resolve_places(names, city="town", admin1="admin1", country="iso")
    location = good["location"] if "location" in good.columns else None
    rows = raw["_row"][ok]
    claim_key = record_id[ok] if record_id is not None else code[ok] + "#" + rows.astype(str)
    flags = flag_column(
        good.index,
        ibc_aggregate=_aggregated(good),
        multi_day=start[ok] < end[ok],
        max_below_min=inverted,
        max_missing=missing_high,
        place_unresolved=lost,
    )
    events = event_frame(
        good.index,
        dataset=SOURCE_ID,
        name="Iraq Body Count",
        claim_ids=claim_key,
        dispatch_ids=code[ok],
        start=start[ok],
        end=end[ok],
        place_name=location if location is not None else governorate,
        places=places,
        published=pd.NaT,
        quote=_quote(good, code[ok], location),
        flags=flags,
    )
    claims = assemble_claims(events, {"civilians": low_ok}, low_ok, high_ok)
    claims = as_claim_frame(claims)
    notes = []
    if int(inverted.sum()):
        notes.append(f"{int(inverted.sum())} record(s) with Max below Min kept with high = Min")
    if int(lost.sum()):
        notes.append(f"{int(lost.sum())} town(s) not in the gazetteer placed at their governorate")
    return finish("ibc", claims, checks.rejections, bad_lines, len(raw), len(good), notes=notes)


def _high(
    low: np.ndarray, high: pd.Series
) -> tuple[pd.arrays.IntegerArray, np.ndarray, np.ndarray]:
    """The events' high bound (``Max``; ``Min`` where ``Max`` is below it; null where ``Max`` is
    empty), and the masks of the Max below Min and of the missing."""
    missing = high.isna().to_numpy()
    values = high.fillna(0).to_numpy(dtype=np.int64)
    inverted = ~missing & (values < low)
    bounded = pd.array(np.where(inverted, low, values), dtype="Int64")
    bounded[missing] = pd.NA  # no Max: unbounded above
    return bounded, inverted, missing


def _stripped(good: pd.DataFrame, name: str) -> pd.Series | None:
    """A column's text without surrounding spaces; None when the file has no such column."""
    return good[name].str.strip() if name in good.columns else None


def _town(good: pd.DataFrame) -> pd.Series:
    """The town without IBC's precision suffix (``(1)``, ``(2)``); null where none."""
    town = (
        good["town"].astype("str").str.replace(r"\s*\(\d+\)\s*$", "", regex=True).str.strip()
        if "town" in good.columns
        else pd.Series(None, index=good.index, dtype=object)
    )
    return town.where(good.get("town", pd.Series(index=good.index)).notna() & (town != ""))


def _aggregated(good: pd.DataFrame) -> pd.Series:
    """Aggregated reports (morgue or Princeton totals, or a reason saying so)."""
    aggregate = pd.Series(False, index=good.index)
    for column in ("morgue_cumulative", "princeton_disaggregated"):
        if column in good.columns:
            aggregate |= good[column].astype("str").str.strip().str.lower().eq("yes")
    if "reasons" in good.columns:
        aggregate |= good["reasons"].astype("str").str.startswith("Aggregated", na=False)
    return aggregate


def _quote(good: pd.DataFrame, code: pd.Series, location: pd.Series | None) -> pd.Series:
    """``<code>: <location> (<weapons>)``."""
    weapons = (
        good["weapons"].fillna("").str.strip().replace("-", "") if "weapons" in good.columns else ""
    )
    quote = code + ": " + (location.fillna("") if location is not None else "")
    return quote.where(pd.Series(weapons, index=good.index) == "", quote + " (" + weapons + ")")


def import_ibc(path: str | Path) -> pd.DataFrame:
    """Import Iraq Body Count incidents as a Claim frame of ``civilians`` rows.

    Rejected rows do not stop the import: a warning summarises them and
    ``frame.attrs["rejections"]`` lists them (row, record, reason); :func:`load_ibc` returns
    them as a frame.

    Parameters
    ----------
    path
        The ESOC/IBC incident CSV (latin-1), e.g.
        ``../shared/corpora/ibc-esoc-iraq/Civilian-Casualty-Data.csv``.

    Returns
    -------
    pandas.DataFrame
        A Claim frame with ``source_id == "ibc"``: ``low = best = Min``, ``high = Max``.

    Examples
    --------
    >>> path = "../shared/corpora/ibc-esoc-iraq/Civilian-Casualty-Data.csv"
    >>> claims = import_ibc(path)  # doctest: +SKIP
    >>> int(claims["low"].sum()), claims["category"].unique().tolist()  # doctest: +SKIP
    (92926, ['civilians'])
    """
    return as_frame_with_attrs(load_ibc(path))
