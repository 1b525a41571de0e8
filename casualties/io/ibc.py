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
    STRUCTURED_FLAG,
    ImportResult,
    Rejections,
    as_claim_frame,
    as_frame_with_attrs,
    assemble_claims,
    finish,
    join_flags,
    parse_count,
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
    rows = raw["_row"]
    code = raw["Code"].astype("str").str.strip()
    record_id = raw["col1"].astype("str").str.strip() if "col1" in raw.columns else None
    rejections = Rejections()

    def reject(mask: pd.Series, reason: str) -> None:
        mask = mask.fillna(False).astype(bool)
        rejections.add(rows[mask], code[mask], reason)

    reject(raw["Code"].isna(), "missing code: the incident has no IBC code")
    low, bad_low = parse_count(raw["Min"])
    high, bad_high = parse_count(raw["Max"])
    reject(bad_low, "bad number: Min is not a whole non-negative number")
    reject(low.isna() & ~bad_low, "missing number: Min is empty")
    reject(bad_high, "bad number: Max is not a whole non-negative number")
    start = _dates(raw["Start"])
    end = _dates(raw["end"])
    reject(start.isna(), "bad date: Start is missing or unreadable")
    reject(raw["end"].notna() & end.isna(), "bad date: end is unreadable")
    end = end.fillna(start)
    reject(end < start, "bad dates: end is before Start")
    if record_id is not None:
        reject(
            record_id.duplicated(keep="first") & raw["col1"].notna(),
            "duplicate id: col1 seen earlier",
        )

    rejected = set(rejections.frame()["row"].astype(int).tolist())
    ok = ~rows.isin(rejected)
    good = raw[ok]
    n = int(ok.sum())
    low_ok = low[ok].to_numpy(dtype=np.int64)
    high_ok = high[ok]
    missing_high = high_ok.isna().to_numpy()
    high_vals = high_ok.fillna(0).to_numpy(dtype=np.int64)
    inverted = ~missing_high & (high_vals < low_ok)
    high_vals = pd.array(np.where(inverted, low_ok, high_vals), dtype="Int64")
    high_vals[missing_high] = pd.NA  # no Max: unbounded above

    town = (
        good["town"].astype("str").str.replace(r"\s*\(\d+\)\s*$", "", regex=True).str.strip()
        if "town" in good.columns
        else pd.Series(None, index=good.index, dtype=object)
    )
    town = town.where(good.get("town", pd.Series(index=good.index)).notna() & (town != ""))
    governorate = good["governorate"].str.strip() if "governorate" in good.columns else None
    names = pd.DataFrame({"town": town, "admin1": governorate, "iso": "IQ"}, index=good.index)
    places, lost = resolve_places(names, city="town", admin1="admin1", country="iso")

    aggregate = pd.Series(False, index=good.index)
    for column in ("morgue_cumulative", "princeton_disaggregated"):
        if column in good.columns:
            aggregate |= good[column].astype("str").str.strip().str.lower().eq("yes")
    if "reasons" in good.columns:
        aggregate |= good["reasons"].astype("str").str.startswith("Aggregated", na=False)

    location = good["location"] if "location" in good.columns else None
    weapons = (
        good["weapons"].fillna("").str.strip().replace("-", "") if "weapons" in good.columns else ""
    )
    quote = code[ok] + ": " + (location.fillna("") if location is not None else "")
    quote = quote.where(pd.Series(weapons, index=good.index) == "", quote + " (" + weapons + ")")
    claim_key = record_id[ok] if record_id is not None else code[ok] + "#" + rows[ok].astype(str)
    flags = join_flags(
        pd.Series(STRUCTURED_FLAG, index=good.index),
        pd.Series(np.where(aggregate, "ibc_aggregate", ""), index=good.index),
        pd.Series(np.where(start[ok] < end[ok], "multi_day", ""), index=good.index),
        pd.Series(np.where(inverted, "max_below_min", ""), index=good.index),
        pd.Series(np.where(missing_high, "max_missing", ""), index=good.index),
        pd.Series(np.where(lost, "place_unresolved", ""), index=good.index),
    )
    events = pd.DataFrame(
        {
            "claim_id": "ibc:" + claim_key,
            "dispatch_id": "ibc:" + code[ok],
            "source_id": SOURCE_ID,
            "source_name": "Iraq Body Count",
            "event_start": start[ok],
            "event_end": end[ok],
            "place_name": location if location is not None else governorate,
            "place": places["place"],
            "place_id": places["place_id"],
            "admin1": places["admin1"],
            "country": places["country"],
            "published": pd.NaT,
            "outlet": "Iraq Body Count",
            "quote": quote,
            "flags": flags,
        },
        index=good.index,
    ).reset_index(drop=True)
    claims = assemble_claims(events, {"civilians": low_ok}, low_ok, high_vals)
    claims = as_claim_frame(claims)
    notes = []
    if int(inverted.sum()):
        notes.append(f"{int(inverted.sum())} record(s) with Max below Min kept with high = Min")
    if int(lost.sum()):
        notes.append(f"{int(lost.sum())} town(s) not in the gazetteer placed at their governorate")
    return finish("ibc", claims, rejections, bad_lines, len(raw), n, notes=notes)


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
