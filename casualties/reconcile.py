"""Claims → tallies: one assertion per source, repeats merged, revisions resolved (DESIGN §6).

A **group** is every claim of one source about one outcome, kind, period (``event_start``,
``event_end``) and place (``place_id``, else the place name as written) — the same assertion
carried by several dispatches, or restated and updated within one.

Rules
-----
* **Latest wins.** Claims of a group are ordered by ``published`` (unknown first), then
  dispatch id, then position in the dispatch (``span_start``: within one dispatch the later
  mention wins). The latest claim's category rows become the group's tallies.
* **A whole claim supersedes, a partial one adds.** A claim's category rows partition its
  total, and ``unspecified`` is "the rest of the total". So when the latest claim has an
  ``unspecified`` row, or when an earlier claim had one, a category the latest claim does not
  mention is *not* carried forward — it may be inside the new total (carrying it would double
  count). Only when both are pure breakdowns (no ``unspecified`` row: the parts are disjoint)
  is a category the latest claim leaves out taken from the latest earlier claim that states
  it. Example: "59 civilians, 32 soldiers, 31 rebels" then "the toll rose to 125" → one
  ``unspecified`` tally of 125; "59 civilians, 32 soldiers, 31 rebels" then "40 soldiers" →
  civilians 59, soldiers 40, rebels 31.
* **Revisions down are kept and flagged.** A tally whose best is below an earlier figure of the
  group for the same category, or whose claim's total is below an earlier claim's total, keeps
  the later (lower) figure and gets the flag ``revised_down``.
* **Provenance.** Every tally of a group lists all the group's claim ids in order
  (``claim_ids``, ``;``-joined), ``n_dispatches`` distinct dispatches, and the first and last
  publication times. ``tally_id`` is ``<winning claim_id>/<category>``.
* **Structured rows** (flag ``structured``: UCDP, IBC, ACLED events) are distinct events: each
  row is its own tally, never merged with another.

The work is vectorised (sorts and group transforms). Text is never handled row by row in
Python: keys are built for distinct values only, and ids are ranked, concatenated and joined
(``claim_ids``) by Arrow kernels on the columns' own Arrow storage.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._text import arrow_text, as_str, sorted_codes
from .schema import ClaimSchema, TallySchema, empty_frame, validate

__all__ = ["reconcile", "STRUCTURED_FLAG", "is_structured"]

STRUCTURED_FLAG = "structured"
REVISED_FLAG = "revised_down"

_TALLY_COLUMNS = [
    "source_id",
    "source_name",
    "outcome",
    "category",
    "low",
    "best",
    "high",
    "qualifier",
    "kind",
    "event_start",
    "event_end",
    "place",
    "place_id",
    "admin1",
    "country",
]


#: The columns that make a group, with the place key (``place_id``, else ``place_name``).
_GROUP_COLUMNS = ("source_id", "outcome", "kind", "event_start", "event_end")


def is_structured(flags: pd.Series) -> pd.Series:
    """True for rows flagged ``structured`` (imported from a dataset of distinct events).

    Examples
    --------
    >>> is_structured(pd.Series(["structured;multi_day", "", None])).tolist()
    [True, False, False]
    """
    return flags.fillna("").str.contains(STRUCTURED_FLAG, regex=False)


def _add_flag(flags: pd.Series, mask: np.ndarray, flag: str) -> pd.api.extensions.ExtensionArray:
    """``flags`` (null read as ``""``) with ``flag`` appended, ``;``-joined, where ``mask``.

    Flags take few distinct values, so both variants of each are built once and picked by code.
    """
    codes, uniques = pd.factorize(flags, use_na_sentinel=True)
    plain = [*uniques, ""]  # a null flag (code -1) is read as the empty one, last
    flagged = [f"{current};{flag}" if current else flag for current in plain]
    index = np.where(codes < 0, len(plain) - 1, codes) + np.where(mask, len(plain), 0)
    return as_str(pa.array(plain + flagged, type=pa.large_string()).take(index))


def _tally_ids(claim_id: pd.Series, category: pd.Series) -> pd.api.extensions.ExtensionArray:
    """``<claim_id>/<category>`` for each row."""
    slash = pa.scalar("/", pa.large_string())
    return as_str(pc.binary_join_element_wise(arrow_text(claim_id), arrow_text(category), slash))


def _time_range(stamps: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Earliest and latest known time of each run (NaT if none); runs begin at ``starts``.

    Examples
    --------
    >>> t = np.array(["2012-08-08", "NaT", "2012-08-07", "NaT"], dtype="datetime64[ns]")
    >>> [d.astype(str).tolist() for d in _time_range(t, np.array([0, 3]))]
    [['2012-08-07T00:00:00.000000000', 'NaT'], ['2012-08-08T00:00:00.000000000', 'NaT']]
    """
    ns = stamps.view(np.int64)
    known = ~np.isnat(stamps)
    nat, top = np.iinfo(np.int64).min, np.iinfo(np.int64).max  # NaT is stored as int64 min
    earliest = np.minimum.reduceat(np.where(known, ns, top), starts)
    latest = np.maximum.reduceat(np.where(known, ns, nat), starts)
    earliest[np.add.reduceat(known, starts) == 0] = nat
    return earliest.view("datetime64[ns]"), latest.view("datetime64[ns]")


def _joined_runs(values: pa.Array, starts: np.ndarray) -> pa.Array:
    """The ``;``-joined values of each run; runs begin at ``starts`` and cover ``values``."""
    offsets = np.append(starts, len(values)).astype(np.int64)
    runs = pa.LargeListArray.from_arrays(offsets, values)
    return pc.binary_join(runs, pa.scalar(";", pa.large_string()))


def group_ids(*arrays: np.ndarray) -> tuple[np.ndarray, int]:
    """Dense ids (ordered like the key tuples) of the distinct combinations of integer arrays.

    The arrays are combined into one integer key with strides from their ranges; when the key
    space is small the ids come from a presence table (``O(n)``, no hashing), else from
    hashing the key.

    Examples
    --------
    >>> group_ids(np.array([5, 5, 7]), np.array([1, 2, 1]))
    (array([0, 1, 2]), 3)
    """
    n = len(arrays[0])
    if n == 0:
        return np.zeros(0, dtype=np.int64), 0
    key = np.zeros(n, dtype=np.int64)
    space = 1
    for array in arrays:
        array = np.asarray(array, dtype=np.int64)
        low, high = int(array.min()), int(array.max())
        width = high - low + 1
        if space * width >= 2**62:  # too wide to combine: compact what we have first
            key, uniques = pd.factorize(key)
            space = max(len(uniques), 1)
            if space * width >= 2**62:
                array, uniq = pd.factorize(array)
                low, width = 0, max(len(uniq), 1)
        key = key * width + (array - low)
        space *= width
    if space <= 4 * n + 1_000_000:
        present = np.zeros(space, dtype=bool)
        present[key] = True
        ids = np.cumsum(present, dtype=np.int64) - 1
        return ids[key], int(present.sum())
    codes, uniques = pd.factorize(key)
    return codes.astype(np.int64), len(uniques)


def codes_of(values: pd.Series, sort: bool = False) -> np.ndarray:
    """Integer codes of a column (null → -1; datetimes by their value).

    Examples
    --------
    >>> codes_of(pd.Series(["b", "a", None, "b"]), sort=True).tolist()
    [1, 0, -1, 1]
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(dtype=np.int64)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        stamps = values.to_numpy(dtype="datetime64[ns]")
        out = stamps.view(np.int64).copy()
        return np.where(np.isnat(stamps), np.iinfo(np.int64).min // 4, out)
    return pd.factorize(values, sort=sort, use_na_sentinel=True)[0].astype(np.int64)


def _earlier_max(values: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Largest value of the earlier rows of each run (NaN for a run's first row).

    ``first`` marks the first row of each run; rows are in order within runs.
    """
    values = np.asarray(values, dtype=np.float64)
    previous = np.empty_like(values)
    previous[0:1] = np.nan
    previous[1:] = values[:-1]
    previous[first] = np.nan
    run = np.cumsum(first) - 1
    return pd.Series(previous).groupby(run, sort=False).cummax().to_numpy(dtype=np.float64)


def _structured_tallies(rows: pd.DataFrame) -> pd.DataFrame:
    out = rows[_TALLY_COLUMNS]  # a new frame (copy-on-write): adding columns leaves rows be
    out.insert(0, "tally_id", _tally_ids(rows["claim_id"], rows["category"]))
    out["n_dispatches"] = 1
    out["first_published"] = rows["published"]
    out["last_published"] = rows["published"]
    out["claim_ids"] = rows["claim_id"]
    out["flags"] = rows["flags"]
    return out


def place_codes(place_id: pd.Series, place_name: pd.Series) -> np.ndarray:
    """Integer codes of each row's place key: its ``place_id``, else ``name:`` and its folded name.

    Rows with neither share the empty key. Both columns have few distinct values, so the key
    strings are built (and case-folded) for the distinct values only and mapped back by code:
    building them per row costs half a second per million rows.

    Examples
    --------
    >>> place_codes(pd.Series(["geonames:1", None, None, None]),
    ...             pd.Series(["Alep", "Alep", "ALEP", None])).tolist()
    [0, 1, 1, 2]
    """
    id_codes, ids = pd.factorize(place_id, use_na_sentinel=True)
    name_codes, names = pd.factorize(place_name, use_na_sentinel=True)
    # one key per distinct id, per distinct name, and the empty key last; equal keys (a name
    # and its upper-case variant) get one code
    keys = pd.concat(
        [
            pd.Series(ids, dtype=object),
            "name:" + pd.Series(names, dtype=object).str.casefold(),
            pd.Series([""], dtype=object),
        ],
        ignore_index=True,
    )
    key_codes = pd.factorize(keys)[0].astype(np.int64)
    slot = np.where(name_codes >= 0, len(ids) + name_codes, len(keys) - 1)
    slot = np.where(id_codes >= 0, id_codes, slot)
    return key_codes[slot]


def _merged_tallies(rows: pd.DataFrame) -> pd.DataFrame:
    rows = rows.reset_index(drop=True)
    # one line per claim (its first row): the category rows of a claim agree on every
    # claim-level column (the Claim schema checks it), so group keys are computed per claim
    claim = sorted_codes(rows["claim_id"])
    n_claims = int(claim.max()) + 1
    first_row = np.zeros(n_claims, dtype=np.int64)
    first_row[claim[::-1]] = np.arange(len(claim))[::-1]
    heads = rows[
        [*_GROUP_COLUMNS, "place_id", "place_name", "dispatch_id", "published", "span_start"]
    ].iloc[first_row]
    c_group, _ = group_ids(
        *(codes_of(heads[column]) for column in _GROUP_COLUMNS),
        place_codes(heads["place_id"], heads["place_name"]),
    )
    group = c_group[claim]
    category = codes_of(rows["category"])
    unspec = (rows["category"] == "unspecified").to_numpy(dtype=bool)
    best = rows["best"].to_numpy(dtype=np.int64)

    # claims ordered within their group: published (unknown first), dispatch, position in the
    # dispatch, claim id
    dispatch = sorted_codes(heads["dispatch_id"])
    order = np.lexsort(
        (
            np.arange(n_claims),
            heads["span_start"].to_numpy(dtype=np.int64),
            dispatch,
            codes_of(heads["published"]),
            c_group,
        )
    )
    rank = np.empty(n_claims, dtype=np.int64)
    sorted_group = c_group[order]
    run_start = np.ones(n_claims, dtype=bool)
    run_start[1:] = sorted_group[1:] != sorted_group[:-1]
    starts = np.nonzero(run_start)[0]
    position = np.arange(n_claims) - np.repeat(starts, np.diff(np.append(starts, n_claims)))
    rank[order] = position
    size = np.bincount(c_group, minlength=c_group.max() + 1 if n_claims else 0)
    latest = rank == size[c_group] - 1
    has_unspec = np.bincount(claim, weights=unspec, minlength=n_claims) > 0
    total = np.bincount(claim, weights=best, minlength=n_claims)
    earlier_total = np.empty(n_claims)
    earlier_total[order] = _earlier_max(total[order], run_start)
    total_down = latest & (total < np.nan_to_num(earlier_total, nan=-1.0))
    group_latest_unspec = np.zeros(len(size), dtype=bool)
    group_latest_unspec[c_group[latest]] = has_unspec[latest]

    r_rank = rank[claim]
    r_latest = latest[claim]
    # rows of the latest claim, plus categories carried forward between pure breakdowns
    pair, n_pairs = group_ids(group, category)
    pair_in_latest = np.zeros(n_pairs, dtype=bool)
    pair_in_latest[pair[r_latest]] = True
    candidate = ~r_latest & ~has_unspec[claim] & ~group_latest_unspec[group] & ~pair_in_latest[pair]
    best_rank = np.full(n_pairs, -1, dtype=np.int64)
    np.maximum.at(best_rank, pair[candidate], r_rank[candidate])
    carried = candidate & (r_rank == best_rank[pair])
    keep = r_latest | carried

    # revised down: below the largest earlier figure of the same category in the group
    by_pair = np.lexsort((r_rank, pair))
    pair_start = np.ones(len(by_pair), dtype=bool)
    pair_start[1:] = pair[by_pair][1:] != pair[by_pair][:-1]
    earlier_best = np.empty(len(rows))
    earlier_best[by_pair] = _earlier_max(best[by_pair], pair_start)
    revised = (best < np.nan_to_num(earlier_best, nan=-1.0)) | total_down[claim]

    # provenance per group
    n_groups = len(size)
    dispatch_pairs, n_dp = group_ids(c_group, dispatch)
    group_of_dp = np.zeros(n_dp, dtype=np.int64)
    group_of_dp[dispatch_pairs] = c_group
    n_dispatches = np.bincount(group_of_dp, minlength=n_groups)
    published = heads["published"].dt.tz_convert(None).to_numpy("datetime64[ns]")
    first_published, last_published = _time_range(published[order], starts)
    # the claim ids of each run of the claims in group order, joined; the run of each group
    claim_ids = _joined_runs(arrow_text(rows["claim_id"]).take(first_row[order]), starts)
    run_of_group = np.zeros(n_groups, dtype=np.int64)
    run_of_group[sorted_group[starts]] = np.arange(len(starts))

    # only the columns the tallies need are filtered (copy-on-write: no copy for the new ones)
    kept = rows[[*_TALLY_COLUMNS, "claim_id", "flags"]][keep]
    kept_group = group[keep]
    out = kept[_TALLY_COLUMNS]
    out.insert(0, "tally_id", _tally_ids(kept["claim_id"], kept["category"]))
    out["n_dispatches"] = n_dispatches[kept_group]
    for column, stamps in (
        ("first_published", first_published),
        ("last_published", last_published),
    ):
        out[column] = pd.DatetimeIndex(stamps[run_of_group[kept_group]]).tz_localize("UTC")
    out["claim_ids"] = as_str(claim_ids.take(run_of_group[kept_group]))
    out["flags"] = _add_flag(kept["flags"], revised[keep], REVISED_FLAG)
    return out


def reconcile(claims: pd.DataFrame) -> pd.DataFrame:
    """Merge claims into tallies: one per source assertion, revisions resolved.

    Parameters
    ----------
    claims
        A Claim frame (extracted and/or imported rows).

    Returns
    -------
    pandas.DataFrame
        A validated Tally frame: ``tally_id, source_id, source_name, outcome, category, low,
        best, high, qualifier, kind, event_start, event_end, place, place_id, admin1, country,
        n_dispatches, first_published, last_published, claim_ids, flags``.

    Examples
    --------
    Two dispatches carry SOHR's 13 dead in Aleppo on 8 August 2012; the later one says 11:

    >>> import pandas as pd
    >>> from casualties.schema import empty_frame, ClaimSchema
    >>> base = dict(source_id="sohr", source_name="OSDH", outcome="killed",
    ...             category="unspecified", qualifier="exact", kind="incident",
    ...             event_start="2012-08-08", event_end="2012-08-08", date_basis="explicit",
    ...             place_name="Alep", place="Aleppo", place_id="geonames:170063",
    ...             admin1="Aleppo Governorate", country="SY", language="fr", outlet="AFP",
    ...             quote="…", span_start=0, span_end=1, flags="")
    >>> claims = pd.DataFrame([
    ...     {**base, "claim_id": "a", "dispatch_id": "d1", "low": 13, "best": 13,
    ...      "high": 13, "published": "2012-08-08T10:00Z"},
    ...     {**base, "claim_id": "b", "dispatch_id": "d2", "low": 11, "best": 11,
    ...      "high": 11, "published": "2012-08-08T18:00Z"}])
    >>> tallies = reconcile(claims)
    >>> tallies[["best", "n_dispatches", "claim_ids", "flags"]].values.tolist()
    [[11, 2, 'a;b', 'revised_down']]
    """
    if not isinstance(claims, pd.DataFrame):
        raise TypeError(f"expected a Claim frame (pandas.DataFrame), got {type(claims).__name__}")
    claims = validate(claims, ClaimSchema)
    if claims.empty:
        return validate(empty_frame(TallySchema), TallySchema)
    structured = is_structured(claims["flags"]).to_numpy(dtype=bool)
    parts = []
    if structured.any():
        parts.append(_structured_tallies(claims[structured]))
    if (~structured).any():
        parts.append(_merged_tallies(claims[~structured]))
    tallies = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return validate(tallies, TallySchema)
