"""Tallies → per-source daily (weekly, monthly) series of low/best/high (DESIGN §6).

:func:`daily` turns a Tally frame (or a Claim frame, reconciled first) into a Series frame.
The steps, in order:

1. **Select** the outcome, the sources and, with ``place=``, the place and everything inside
   it (a country holds its governorates and towns; a governorate its towns).
2. **Cumulative tallies become increments.** The cumulative tallies of one source, outcome,
   category, place and stated start form a chain ordered by ``event_end``. Each later tally
   becomes an interval claim from the day after the previous one to its own end, worth the
   rise over the largest earlier figure: a fall is never negative deaths but 0, with the
   ``revised_down`` mark, and the next rise counts from the earlier peak, so the increments of a
   chain sum to its peak. ``low``, ``best`` and ``high`` are differenced alike (each against the
   running maximum of the same bound; an unbounded ``high`` stays unbounded) and then ordered
   ``low ≤ best ≤ high``. The first tally of a chain is spread from its stated start
   (``event_start``) when there is one; without a start it is only the baseline.
3. **Multi-day periods are spread over their days by largest remainder**: a figure ``v`` over
   ``n`` days gives each day ``v // n`` and ``v % n`` days one more, so totals stay exact
   integers. The days that get one more are the same for ``low``, ``best`` and ``high`` (so
   ``low ≤ best ≤ high`` holds every day) and are spread evenly over the period (ranked by the
   golden-ratio sequence ``frac((i + 1)·φ)``), not bunched at its start.
4. **Nested places are never added.** For one source, outcome and day, among the claims of
   sources that restate tolls (not structured datasets): a governorate's value is
   max(its own figure, the sum of its towns), and a country's value is max(its national figure,
   the sum of its governorates' values and of its towns of unknown governorate). The larger
   side's claims are kept with their categories, the other side's are set aside for that day
   (ties keep the wider place's figure). The comparison is on ``best`` summed over categories,
   so the category rows of one claim are always kept or dropped together and categories sum to
   the total. Rows imported from structured datasets (UCDP, IBC, ACLED; flag ``structured``) are
   distinct events and are summed, never maxed. Increments of a source's cumulative tolls
   are resolved the same way among themselves; then, as a running total and the daily tolls
   of one source describe the same deaths, for each day and country the side with the larger
   value is kept (ties keep the incident figures) — they are never added.
5. **Aggregate** per period and ``by`` columns. A period without any report is *absent*, never
   0 (a report of 0 deaths is a 0). ``sources="all"`` gives, per period, the cross-source
   envelope: ``low`` = min and ``high`` = max of the sources' ``best``, ``best`` = their lower
   median (a value one source actually gave), ``n_sources`` how many reported — never a sum.

Bounds: a null ``low`` (*up to 10*) counts as 0, since a number of deaths is never below 0, so
the series ``low`` is never null. A null ``high`` means unbounded above, and unboundedness
propagates: a day (or week) whose value includes any unbounded figure has a null ``high``. The
``revised_down`` column is True where a contributing tally or increment was a revision down.

Everything on the hot path is vectorised with NumPy (``np.repeat`` to expand periods into
days, ``np.bincount`` over factorised keys to aggregate); Python loops run only over distinct
period lengths and distinct places.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .reconcile import REVISED_FLAG, STRUCTURED_FLAG, group_ids, reconcile
from .schema import OUTCOMES, SeriesSchema, TallySchema, empty_frame, validate

__all__ = ["daily", "spread", "PLACE_COLUMNS", "FREQUENCIES"]

PLACE_COLUMNS = ("place", "place_id", "admin1", "country")
FREQUENCIES = ("D", "W", "M")
_BY_ALLOWED = ("source_id", "category", *PLACE_COLUMNS)
_GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0
_DAY_NS = 86_400 * 10**9
_EPOCH = np.datetime64("1970-01-01", "D")

COUNTRY, ADMIN1, CITY, UNPLACED = 0, 1, 2, 3
_LEVEL_PREFIX = {"country": COUNTRY, "admin1": ADMIN1, "geonames": CITY}
_ADMIN_SUFFIX = re.compile(r"\s+(?:governorate|province|muhafazah|state|region)$", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# Largest-remainder spreading


_RANK_CACHE: dict[int, np.ndarray] = {}


def _day_ranks(n: int) -> np.ndarray:
    """Priority of each of ``n`` days for the extra units: rank of ``frac((i + 1)·φ)``."""
    ranks = _RANK_CACHE.get(n)
    if ranks is None:
        keys = np.modf((np.arange(n, dtype=np.float64) + 1.0) * _GOLDEN)[0]
        ranks = np.empty(n, dtype=np.int64)
        ranks[np.argsort(keys, kind="stable")] = np.arange(n, dtype=np.int64)
        if n <= 4096:
            _RANK_CACHE[n] = ranks
    return ranks


def _rank_table(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flat table of day ranks for each distinct length, and each length's offset in it."""
    unique = np.unique(lengths)
    offsets = np.zeros(len(unique), dtype=np.int64)
    if len(unique) > 1:
        offsets[1:] = np.cumsum(unique[:-1])
    table = np.concatenate([_day_ranks(int(n)) for n in unique]) if len(unique) else np.zeros(0)
    return table.astype(np.int32), offsets[np.searchsorted(unique, lengths)]


def spread(
    values: np.ndarray | Sequence[np.ndarray], days: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Spread integer totals over periods of ``days`` days by largest remainder.

    Parameters
    ----------
    values
        One array of non-negative integer totals (one per period), or several arrays of the
        same length (e.g. low, best, high) spread with the *same* choice of days.
    days
        Length of each period in days (>= 1).

    Returns
    -------
    row, offset, parts
        For every expanded day: the index of its period, its offset in the period (0-based),
        and for each input array the day's share. Shares of one period sum exactly to its total
        and are ``total // days`` or one more; the days getting one more are evenly spread and
        the same for every input array, so ordered inputs stay ordered day by day.

    Examples
    --------
    >>> row, offset, (best,) = spread(np.array([10]), np.array([4]))
    >>> best.tolist(), int(best.sum())
    ([2, 3, 2, 3], 10)
    """
    arrays = [values] if isinstance(values, np.ndarray) else list(values)
    days = np.asarray(days, dtype=np.int64)
    if (days < 1).any():
        raise ValueError("every period must last at least one day")
    single = np.nonzero(days == 1)[0]
    multi = np.nonzero(days > 1)[0]
    # one-day periods keep their values; only longer periods are expanded and ranked
    m_days = days[multi]
    m_row = np.repeat(multi, m_days)
    starts = np.repeat(np.cumsum(m_days) - m_days, m_days)
    m_offset = np.arange(len(m_row), dtype=np.int64) - starts
    row = np.concatenate([single, m_row])
    offset = np.concatenate([np.zeros(len(single), dtype=np.int64), m_offset])
    parts = []
    if len(multi):
        table, table_offset = _rank_table(m_days)
        rank = table[np.repeat(table_offset, m_days) + m_offset]
        local = np.repeat(np.arange(len(multi)), m_days)  # period of each day, among multi
    for array in arrays:
        values = np.asarray(array, dtype=np.int64)
        share = values[single]
        if len(multi):
            quotient, remainder = np.divmod(values[multi], m_days)
            extra = rank < remainder[local]
            share = np.concatenate([share, quotient[local] + extra])
        parts.append(share)
    return row, offset, parts


# --------------------------------------------------------------------------------------------
# Places


def _per_distinct(values: pd.Series, func, missing=None) -> np.ndarray:
    """Apply a vectorised ``func`` to the distinct values only, then map back to every row.

    ``func`` takes and returns a Series of the distinct values; a missing value maps to
    ``missing``. The result is a NumPy array (built per row without Python objects when
    ``func`` gives numbers or booleans).
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = func(pd.Series(uniques, dtype=object)).to_numpy()
    return np.append(mapped, [missing])[codes]  # code -1 (missing) takes the appended value


def _has_flag(flags: pd.Series, flag: str) -> np.ndarray:
    """Rows whose ``;``-joined flags contain ``flag`` (computed once per distinct value)."""
    found = _per_distinct(flags, lambda u: u.str.contains(flag, regex=False), missing=False)
    return found.astype(bool)


def _norm_admin(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.strip().str.replace(_ADMIN_SUFFIX, "", regex=True)
    return text.str.casefold().where(values.notna())


def _levels(frame: pd.DataFrame) -> np.ndarray:
    """Level of each row's place: country, admin1 (governorate), city, or unplaced.

    The ``place_id`` prefix decides (``country:``, ``admin1:``, ``geonames:``). Without one: no
    place but a governorate → admin1; no place and no governorate → country; a place named as
    its governorate → admin1; a bare id equal to a country's geonames id → country; else a town.
    Rows without a country are unplaced.
    """
    level = _per_distinct(
        frame["place_id"],
        lambda u: u.str.extract(r"^([a-z0-9]+):", expand=False).map(_LEVEL_PREFIX),
        missing=np.nan,
    ).astype(np.float64)
    todo = np.isnan(level)
    if todo.any():
        sub = frame[todo]
        no_place = (sub["place"].isna() & sub["place_id"].isna()).to_numpy()
        has_admin = sub["admin1"].notna().to_numpy()
        same_as_admin = _norm_admin(sub["place"]).eq(_norm_admin(sub["admin1"])).fillna(False)
        fallback = np.full(len(sub), CITY, dtype=np.float64)
        fallback[no_place & has_admin] = ADMIN1
        fallback[no_place & ~has_admin] = COUNTRY
        fallback[~no_place & same_as_admin.to_numpy(dtype=bool)] = ADMIN1
        bare = sub["place_id"].notna().to_numpy()
        if bare.any():  # bare geonames ids: a country's id means the country
            from .io._structured import _country_info

            country_ids = {str(gid) for _, gid in _country_info().values()}
            fallback[bare & sub["place_id"].isin(country_ids).to_numpy()] = COUNTRY
        level[todo] = fallback
    out = level.astype(np.int8)
    out[frame["country"].isna().to_numpy()] = UNPLACED
    return out


def _resolve_target(place: str, frame: pd.DataFrame) -> tuple[int, str | None, str | None, set]:
    """``place`` → (level, ISO2 country, normalised admin1 name, place ids of the place)."""
    text = str(place).strip()
    match = re.match(r"^(country|admin1|geonames):(.+)$", text)
    if match:
        kind = match.group(1)
        if kind == "country":
            return COUNTRY, match.group(2).upper(), None, {text}
        rows = frame[frame["place_id"] == text]
        country = rows["country"].dropna().iloc[0] if rows["country"].notna().any() else None
        if kind == "admin1":
            if country is None:
                country = match.group(2).split(".")[0].upper()
            names = _norm_admin(rows["place"]).dropna()
            if names.empty:
                names = _norm_admin(rows["admin1"]).dropna()
            name = names.iloc[0] if len(names) else None
            if name is None:
                gaz = _gazetteer_place(text, country)
                name = _norm_admin(pd.Series([gaz.name]))[0] if gaz else None
            return ADMIN1, country, name, {text}
        return CITY, country, None, {text}
    if re.fullmatch(r"[A-Z]{2}", text):
        return COUNTRY, text, None, {f"country:{text}"}
    folded = text.casefold()
    named = frame[frame["place"].str.casefold().eq(folded).fillna(False)]
    if len(named):
        levels = _levels(named)
        coarsest = int(levels.min())
        rows = named[levels == coarsest]
        country = rows["country"].dropna().iloc[0] if rows["country"].notna().any() else None
        ids = set(rows["place_id"].dropna())
        if coarsest == COUNTRY:
            return COUNTRY, country, None, ids
        if coarsest == ADMIN1:
            return ADMIN1, country, _norm_admin(pd.Series([text]))[0], ids
        return CITY, country, None, ids | {f"name:{folded}"}
    admin = _norm_admin(pd.Series([text]))[0]
    by_admin = frame[_norm_admin(frame["admin1"]).eq(admin).fillna(False)]
    if len(by_admin):
        return ADMIN1, by_admin["country"].dropna().iloc[0], admin, set()
    from .io._structured import country_iso

    iso = country_iso(text)
    if iso:
        return COUNTRY, iso, None, {f"country:{iso}"}
    gaz = _gazetteer_place(text, None)
    if gaz is not None:
        if gaz.level == "country":
            return COUNTRY, gaz.country, None, {gaz.place_id}
        if gaz.level == "admin1":
            return ADMIN1, gaz.country, _norm_admin(pd.Series([gaz.name]))[0], {gaz.place_id}
        return CITY, gaz.country, None, {gaz.place_id, f"name:{gaz.name.casefold()}"}
    raise ValueError(f"unknown place {place!r}: no tally names it and the gazetteer does not")


def _gazetteer_place(name: str, country: str | None):
    from .io._structured import _gazetteer

    gaz = _gazetteer()
    if gaz is None:
        return None
    try:
        return gaz.resolve(name, country_hint=country) if country else gaz.resolve(name, None)
    except Exception:  # noqa: BLE001
        return None


def _inside(frame: pd.DataFrame, place: str) -> pd.Series:
    """Rows whose place is ``place`` or lies inside it."""
    level, country, admin, ids = _resolve_target(place, frame)
    by_id = frame["place_id"].isin(list(ids)).fillna(False)
    if level == COUNTRY:
        return by_id | frame["country"].eq(country).fillna(False)
    if level == ADMIN1:
        same_admin = _norm_admin(frame["admin1"]).eq(admin).fillna(False)
        same_place = _norm_admin(frame["place"]).eq(admin).fillna(False)
        in_country = frame["country"].eq(country).fillna(False) if country else True
        return by_id | ((same_admin | same_place) & in_country)
    names = {i[5:] for i in ids if i.startswith("name:")}
    by_name = frame["place_id"].isna() & frame["place"].str.casefold().isin(names).fillna(False)
    return by_id | by_name


# --------------------------------------------------------------------------------------------
# Intervals: incidents as they are, cumulative chains as increments


def _day_numbers(values: pd.Series) -> np.ndarray:
    stamps = pd.to_datetime(values).dt.normalize().to_numpy(dtype="datetime64[D]")
    out = np.full(len(values), np.iinfo(np.int64).min, dtype=np.int64)
    known = ~np.isnat(stamps)
    out[known] = (stamps[known] - _EPOCH).astype(np.int64)
    return out


_MISSING = np.iinfo(np.int64).min


def _bounds(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    low = frame["low"].fillna(0).to_numpy(dtype=np.int64)
    best = frame["best"].fillna(0).to_numpy(dtype=np.int64)
    unbounded = frame["high"].isna().to_numpy()
    high = frame["high"].fillna(0).to_numpy(dtype=np.int64)
    high = np.where(unbounded, best, high)
    return low, best, high, unbounded


def _increments(cum: pd.DataFrame) -> pd.DataFrame:
    """Cumulative tallies → interval rows worth the rise since the chain's earlier peak."""
    if cum.empty:
        return cum.assign(_start=[], _end=[], _revised=[])
    place_key = cum["place_id"].astype(object)
    place_key = place_key.where(place_key.notna(), "name:" + cum["place"].astype(object))
    chain_cols = [
        cum["source_id"].astype(object),
        cum["outcome"].astype(str),
        cum["category"].astype(str),
        place_key.fillna(""),
        cum["event_start"].astype(object).where(cum["event_start"].notna(), ""),
    ]
    chain = (
        pd.DataFrame(dict(enumerate(chain_cols)))
        .groupby(list(range(len(chain_cols))), sort=False, dropna=False)
        .ngroup()
        .to_numpy()
    )
    order = np.lexsort((cum["_end"].to_numpy(), chain))
    cum = cum.iloc[order].reset_index(drop=True)
    chain = chain[order]
    low, best, high, unbounded = _bounds(cum)
    first = np.ones(len(cum), dtype=bool)
    first[1:] = chain[1:] != chain[:-1]

    def earlier_max(values: np.ndarray, missing: np.ndarray | None = None) -> np.ndarray:
        series = pd.Series(values.astype("float64"))
        if missing is not None:
            series[missing] = np.nan
        prev = series.groupby(chain, sort=False).shift(1)
        return prev.groupby(chain, sort=False).cummax().to_numpy()

    ref_best = earlier_max(best)
    ref_low = earlier_max(low)
    ref_high = earlier_max(high, unbounded)
    ref_high = np.where(np.isnan(ref_high), ref_best, ref_high)
    later = ~first
    inc_best = np.where(later, np.maximum(best - np.nan_to_num(ref_best), 0), best).astype(np.int64)
    inc_low = np.where(later, np.maximum(low - np.nan_to_num(ref_low), 0), low).astype(np.int64)
    inc_high = np.where(later, high - np.nan_to_num(ref_high), high).astype(np.int64)
    inc_low = np.minimum(inc_low, inc_best)
    inc_high = np.maximum(inc_high, inc_best)
    revised = later & (best < np.nan_to_num(ref_best))
    prev_end = np.empty(len(cum), dtype=np.int64)
    prev_end[1:] = cum["_end"].to_numpy()[:-1]
    start = np.where(later, prev_end + 1, cum["_start"].to_numpy())
    end = cum["_end"].to_numpy()
    start = np.minimum(start, end)
    out = cum.assign(_start=start, _end=end, _revised=revised | cum["_revised"].to_numpy())
    out["low"] = inc_low
    out["best"] = inc_best
    high_col = pd.array(inc_high, dtype="Int64")
    high_col[unbounded] = pd.NA
    out["high"] = high_col
    # the first report of a chain without a stated start is a baseline only
    usable = later | (cum["_start"].to_numpy() != _MISSING)
    return out[usable]


# --------------------------------------------------------------------------------------------
# Nested places


def _codes(values: pd.Series | np.ndarray) -> np.ndarray:
    return pd.factorize(pd.Series(values), use_na_sentinel=True)[0].astype(np.int64)


def _admin_codes(country: pd.Series, admin1: pd.Series) -> np.ndarray:
    """Code of each row's country and normalised governorate name; -1 if either is missing.

    The names are normalised and coded per distinct value, and paired with the country by
    integer codes (joining the texts row by row costs a tenth of a second per million rows).
    """
    name = _per_distinct(admin1, lambda u: pd.Series(_codes(_norm_admin(u))), missing=-1)
    name = name.astype(np.int64)
    country = _codes(country)
    known = (name >= 0) & (country >= 0)
    out = np.full(len(name), -1, dtype=np.int64)
    if known.any():
        out[known] = group_ids(country[known], name[known])[0]
    return out


def _nest(
    level: np.ndarray,
    best: np.ndarray,
    admin: np.ndarray,
    base: list[np.ndarray],
    top: np.ndarray,
    n_top: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Resolve nested places among rows of one source, outcome, day and country (``top``).

    Returns the rows to drop, each top group's value (max of its national figure and the sum
    of its sub-national values) and whether the group has any row.
    """
    # governorate vs its towns
    node, n_node = group_ids(*base, np.where(level == COUNTRY, -1, admin))
    in_admin = (level != COUNTRY) & (admin >= 0)
    own_a = np.bincount(node, weights=np.where(level == ADMIN1, best, 0), minlength=n_node)
    has_a = np.bincount(node, weights=(level == ADMIN1), minlength=n_node) > 0
    towns_a = np.bincount(node, weights=np.where(level == CITY, best, 0), minlength=n_node)
    admin_wins = has_a & (own_a >= towns_a)
    drop = in_admin & (
        ((level == CITY) & admin_wins[node]) | ((level == ADMIN1) & ~admin_wins[node])
    )
    value_a = np.where(has_a, np.maximum(own_a, towns_a), towns_a)
    # country vs the sum of its governorates' values and of towns of unknown governorate
    top_of_node = np.zeros(n_node, dtype=np.int64)
    top_of_node[node] = top
    node_is_sub = np.zeros(n_node, dtype=bool)
    node_is_sub[node[in_admin]] = True
    sub = np.bincount(
        top_of_node[node_is_sub], weights=value_a[node_is_sub], minlength=n_top
    ).astype(np.float64)
    loose = (level == CITY) & (admin < 0)
    sub += np.bincount(top, weights=np.where(loose, best, 0), minlength=n_top)
    own_c = np.bincount(top, weights=np.where(level == COUNTRY, best, 0), minlength=n_top)
    has_c = np.bincount(top, weights=(level == COUNTRY), minlength=n_top) > 0
    country_wins = has_c & (own_c >= sub)
    drop |= (level != COUNTRY) & country_wins[top]
    drop |= (level == COUNTRY) & ~country_wins[top] & (sub[top] > 0)
    value = np.where(has_c, np.maximum(own_c, sub), sub)
    present = np.bincount(top, minlength=n_top) > 0
    return drop, value, present


def _prune_nested(days: dict[str, np.ndarray]) -> np.ndarray:
    """Keep-mask over day rows so that one source's figures are never added twice in a day.

    Among rows of sources that restate tolls (not structured datasets), per source, outcome,
    day and country: nested places are resolved by :func:`_nest`, separately for incident
    figures and for increments of cumulative tolls; then, since a running total and the daily
    tolls of one source describe the same deaths, the side with the larger value is kept
    (ties keep the incident figures).
    """
    n = len(days["best"])
    keep = np.ones(n, dtype=bool)
    nested = ~days["structured"] & (days["level"] != UNPLACED)
    if not nested.any():
        return keep
    idx = np.nonzero(nested)[0]
    level = days["level"][idx]
    best = days["best"][idx].astype(np.float64)
    admin = days["admin"][idx]
    base = [days["source"][idx], days["outcome"][idx], days["day"][idx], days["country"][idx]]
    top, n_top = group_ids(*base)
    cumul = days["cumulative"][idx]
    drop = np.zeros(len(idx), dtype=bool)
    values, presents = [], []
    for side in (~cumul, cumul):
        if not side.any():
            values.append(np.zeros(n_top))
            presents.append(np.zeros(n_top, dtype=bool))
            continue
        sub_drop, value, present = _nest(
            level[side], best[side], admin[side], [b[side] for b in base], top[side], n_top
        )
        drop[np.nonzero(side)[0][sub_drop]] = True
        values.append(value)
        presents.append(present)
    both = presents[0] & presents[1]
    if both.any():
        cumul_wins = both & (values[1] > values[0])
        drop |= ~cumul & cumul_wins[top]
        drop |= cumul & both[top] & ~cumul_wins[top]
    keep[idx[drop]] = False
    return keep


# --------------------------------------------------------------------------------------------
# The public function


def _period_start(day: np.ndarray, freq: str) -> np.ndarray:
    if freq == "D":
        return day
    if freq == "W":  # weeks start on Monday; 1970-01-01 was a Thursday
        return day - (day + 3) % 7
    months = (_EPOCH + day.astype("timedelta64[D]")).astype("datetime64[M]")
    return (months.astype("datetime64[D]") - _EPOCH).astype(np.int64)


def _as_tallies(frame: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected a Tally or Claim frame, got {type(frame).__name__}")
    if "tally_id" in frame.columns:
        return validate(frame, TallySchema)
    if "claim_id" in frame.columns:
        return reconcile(frame)
    raise ValueError("expected a Tally frame (tally_id, …) or a Claim frame (claim_id, …)")


def _check_args(by: Sequence[str] | str, freq: str, outcome: str | None) -> tuple[str, ...]:
    by = (by,) if isinstance(by, str) else tuple(by)
    unknown = [b for b in by if b not in _BY_ALLOWED]
    if unknown:
        raise ValueError(f"by: unknown column(s) {unknown}; use {', '.join(_BY_ALLOWED)}")
    if "source_id" not in by:
        raise ValueError(
            "by must include 'source_id': sources are never summed; "
            "use sources='all' for the cross-source envelope"
        )
    if freq not in FREQUENCIES:
        raise ValueError(f"freq must be one of {', '.join(FREQUENCIES)}, got {freq!r}")
    if outcome is not None and outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)} or None, got {outcome!r}")
    return by


def daily(
    tallies: pd.DataFrame,
    place: str | None = None,
    outcome: str | None = "killed",
    by: Sequence[str] = ("source_id", "category"),
    freq: str = "D",
    sources: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Per-source series of low/best/high per day (or week, month) and category.

    Parameters
    ----------
    tallies
        A Tally frame, or a Claim frame (reconciled first with
        :func:`casualties.reconcile.reconcile`).
    place
        Keep only this place and what lies inside it: a place id (``country:SY``,
        ``admin1:SY.09``, ``geonames:170063``), an ISO2 country code, or a name as the tallies'
        ``place`` column (or the gazetteer) gives it (``"Syria"``, ``"Aleppo"``,
        ``"Aleppo Governorate"``). None keeps everything.
    outcome
        ``"killed"``, ``"wounded"`` or None for both.
    by
        Columns to split by; must include ``source_id`` (sources are never summed). Add
        ``category`` for a row per category (else ``category`` is ``"all"``) and any of
        ``place``, ``place_id``, ``admin1``, ``country`` to split by place.
    freq
        ``"D"`` (days), ``"W"`` (weeks, dated by their Monday) or ``"M"`` (months, dated by
        their first day). Weeks and months sum the days after nested places are resolved.
    sources
        None for every source, a list of source ids to keep, or ``"all"`` for the cross-source
        envelope (``source_id`` ``"all"``; ``low``/``high`` = min/max of the sources' best,
        ``best`` = their lower median, ``n_sources``).

    Returns
    -------
    pandas.DataFrame
        A validated Series frame: ``date, source_id, category, outcome, low, best, high,
        n_claims`` plus ``revised_down`` (and ``n_sources`` for the envelope, the place
        columns named in ``by``). A period without reports is absent, never 0.

    Examples
    --------
    SOHR's Tuesday toll for Syria and Wednesday's 13 dead in Aleppo (DESIGN's seed):

    >>> import pandas as pd
    >>> base = dict(source_id="sohr", source_name="OSDH", outcome="killed", kind="incident",
    ...             n_dispatches=1, first_published="2012-08-08T12:00Z",
    ...             last_published="2012-08-08T12:00Z", flags="")
    >>> syria = dict(place="Syria", place_id="country:SY", admin1=None, country="SY",
    ...              event_start="2012-08-07", event_end="2012-08-07", qualifier="exact")
    >>> aleppo = dict(place="Aleppo", place_id="geonames:170063", country="SY",
    ...               admin1="Aleppo Governorate", event_start="2012-08-08",
    ...               event_end="2012-08-08", qualifier="at_least")
    >>> tallies = pd.DataFrame([
    ...     {**base, **syria, "tally_id": "t/c", "claim_ids": "t", "category": "civilians",
    ...      "low": 59, "best": 59, "high": 59},
    ...     {**base, **syria, "tally_id": "t/s", "claim_ids": "t", "category": "soldiers",
    ...      "low": 32, "best": 32, "high": 32},
    ...     {**base, **syria, "tally_id": "t/r", "claim_ids": "t", "category": "rebels",
    ...      "low": 31, "best": 31, "high": 31},
    ...     {**base, **aleppo, "tally_id": "w/u", "claim_ids": "w", "category": "unspecified",
    ...      "low": 13, "best": 13, "high": None}])
    >>> s = daily(tallies, place="Syria", by=("source_id",))
    >>> s["date"].dt.strftime("%d %b").tolist(), s["best"].tolist(), s["high"].isna().tolist()
    (['07 Aug', '08 Aug'], [122, 13], [False, True])
    """
    by = _check_args(by, freq, outcome)
    needed = [
        "tally_id",
        "source_id",
        "outcome",
        "category",
        "low",
        "best",
        "high",
        "kind",
        "event_start",
        "event_end",
        *PLACE_COLUMNS,
        "claim_ids",
        "flags",
    ]
    # only the columns the series needs go through the row filters below
    frame = _as_tallies(tallies)[needed]
    if outcome is not None:
        chosen = (frame["outcome"] == outcome).to_numpy(dtype=bool)
        frame = frame if chosen.all() else frame[chosen]
    envelope = isinstance(sources, str) and sources == "all"
    if sources is not None and not envelope:
        wanted = [sources] if isinstance(sources, str) else list(sources)
        frame = frame[frame["source_id"].isin(wanted)]
    if place is not None and len(frame):
        frame = frame[_inside(frame, place).to_numpy(dtype=bool)]
    frame = frame.reset_index(drop=True)
    start = _day_numbers(frame["event_start"])
    end = _day_numbers(frame["event_end"])
    start = np.where(start == _MISSING, end, start)
    end = np.where(end == _MISSING, start, end)
    kind = np.where((frame["kind"] == "cumulative").to_numpy(dtype=bool), "cumulative", "")
    dated = end != _MISSING
    frame = frame.assign(
        _start=start,
        _end=end,
        _revised=_has_flag(frame["flags"], REVISED_FLAG),
    )
    cumulative = kind == "cumulative"
    plain = ~cumulative & dated
    rows = frame if plain.all() else frame[plain].reset_index(drop=True)
    if (cumulative & dated).any():
        cum = frame[cumulative & dated].assign(
            _start=np.where(frame["event_start"].notna(), start, _MISSING)[cumulative & dated]
        )
        rows = pd.concat([rows, _increments(cum)], ignore_index=True)
    result = _aggregate(rows, by, freq, envelope)
    result.attrs["undated_tallies"] = int((~dated).sum())
    return result


def _aggregate(rows: pd.DataFrame, by: tuple[str, ...], freq: str, envelope: bool) -> pd.DataFrame:
    extra = [b for b in by if b in PLACE_COLUMNS]
    if rows.empty:
        out = empty_frame(SeriesSchema)
        for column in extra:
            out[column] = pd.Series([], dtype="str")
        out["revised_down"] = pd.Series([], dtype=bool)
        if envelope:
            out["n_sources"] = pd.Series([], dtype="int64")
        return validate(out, SeriesSchema)
    ordered = (rows["_end"] >= rows["_start"]).to_numpy()
    if not ordered.all():
        rows = rows[ordered].reset_index(drop=True)
    low, best, high, unbounded = _bounds(rows)
    length = (rows["_end"] - rows["_start"] + 1).to_numpy(dtype=np.int64)
    row, offset, (d_low, d_best, d_high) = spread([low, best, high], length)
    day = rows["_start"].to_numpy(dtype=np.int64)[row] + offset

    source = _codes(rows["source_id"])
    outcome = rows["outcome"].cat.codes.to_numpy(dtype=np.int64)
    category = rows["category"].cat.codes.to_numpy(dtype=np.int64)
    structured = _has_flag(rows["flags"], STRUCTURED_FLAG)
    keep = np.ones(len(row), dtype=bool)
    if (~structured).any():
        level = _levels(rows)
        country = _codes(rows["country"])
        admin1 = rows["admin1"].where(rows["admin1"].notna() | (level != ADMIN1), rows["place"])
        admin = _admin_codes(rows["country"], admin1)
        keep = _prune_nested(
            {
                "best": d_best,
                "structured": structured[row],
                "level": level[row],
                "source": source[row],
                "outcome": outcome[row],
                "day": day,
                "country": country[row],
                "admin": admin[row],
                "cumulative": (rows["kind"] == "cumulative").to_numpy(dtype=bool)[row],
            }
        )
    row, day = row[keep], day[keep]
    d_low, d_best, d_high = d_low[keep], d_best[keep], d_high[keep]
    period = _period_start(day, freq)

    keys = [period, outcome[row]]
    if not envelope:
        keys.append(source[row])
    if "category" in by:
        keys.append(category[row])
    extra_codes = {c: _codes(rows[c]) for c in extra}
    keys.extend(extra_codes[c][row] for c in extra)
    group, n_groups = group_ids(*keys)
    if envelope:  # first per source, then across sources
        return _envelope(rows, row, group, n_groups, source[row], d_best, period, by, extra, freq)
    first = _first_of_each(group, n_groups)
    sums = {
        "low": np.bincount(group, weights=d_low, minlength=n_groups),
        "best": np.bincount(group, weights=d_best, minlength=n_groups),
        "high": np.bincount(group, weights=d_high, minlength=n_groups),
    }
    open_high = np.bincount(group, weights=unbounded[row], minlength=n_groups) > 0
    r = row[first]
    out = _series_frame(
        rows,
        r,
        period[first],
        by,
        source_id=rows["source_id"].array[r],
        low=sums["low"],
        best=sums["best"],
        high=sums["high"],
        n_claims=_distinct_claims(rows, row, group, n_groups, "category" in by, freq),
        revised=_any_revised(rows, row, group, n_groups),
    )
    out.loc[open_high, "high"] = pd.NA
    for column in extra:
        out[column] = rows[column].iloc[r].to_numpy()
    out = out.sort_values(["source_id", "outcome", "category", *extra, "date"], kind="stable")
    return validate(out.reset_index(drop=True), SeriesSchema)


def _first_of_each(group: np.ndarray, n_groups: int) -> np.ndarray:
    """The position of each group's first element in ``group`` (group numbers 0 to n − 1)."""
    first = np.zeros(n_groups, dtype=np.int64)
    first[group[::-1]] = np.arange(len(group))[::-1]
    return first


def _whole(values: np.ndarray) -> pd.arrays.IntegerArray:
    """Sums of day shares, rounded to the whole numbers they are (Int64)."""
    return pd.array(np.rint(values).astype(np.int64), dtype="Int64")


def _any_revised(
    rows: pd.DataFrame, row: np.ndarray, group: np.ndarray, n_groups: int
) -> np.ndarray:
    """Per group: whether any of its tallies was revised down."""
    revised = rows["_revised"].to_numpy(dtype=bool)[row]
    return np.bincount(group, weights=revised, minlength=n_groups) > 0


def _labels(values: pd.Series, r: np.ndarray) -> np.ndarray:
    """The labels of a categorical column at positions ``r``, picked by code (no text cast)."""
    labels = values.cat.categories.to_numpy(dtype=object)
    return labels[values.cat.codes.to_numpy()[r]]


def _series_frame(
    rows: pd.DataFrame,
    r: np.ndarray,
    period: np.ndarray,
    by: tuple[str, ...],
    *,
    source_id: np.ndarray | pd.api.extensions.ExtensionArray | str,
    low: np.ndarray,
    best: np.ndarray,
    high: np.ndarray,
    n_claims: np.ndarray,
    revised: np.ndarray,
) -> pd.DataFrame:
    """Series rows, one per group: its period's first day, source, category (``all`` unless
    split by category) and outcome (of its first tally, ``rows`` row ``r``), the counts rounded
    to whole numbers, the number of claims and whether any was revised down."""
    return pd.DataFrame(
        {
            "date": (_EPOCH + period.astype("timedelta64[D]")).astype("datetime64[ns]"),
            "source_id": source_id,
            "category": _labels(rows["category"], r) if "category" in by else "all",
            "outcome": _labels(rows["outcome"], r),
            "low": _whole(low),
            "best": _whole(best),
            "high": _whole(high),
            "n_claims": n_claims,
            "revised_down": revised,
        }
    )


def _distinct_claims(
    rows: pd.DataFrame,
    row: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    per_category: bool,
    freq: str,
) -> np.ndarray:
    """Number of distinct tallies (claims, when categories are merged) per group."""
    if per_category and freq == "D":  # each row gives a group at most one day
        return np.bincount(group, minlength=n_groups).astype(np.int64)
    ident = row if per_category else _codes(rows["claim_ids"])[row]
    pairs, n_pairs = group_ids(group, ident)
    group_of_pair = np.zeros(n_pairs, dtype=np.int64)
    group_of_pair[pairs] = group
    return np.bincount(group_of_pair, minlength=n_groups).astype(np.int64)


def _envelope(
    rows: pd.DataFrame,
    row: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    source: np.ndarray,
    d_best: np.ndarray,
    period: np.ndarray,
    by: tuple[str, ...],
    extra: list[str],
    freq: str,
) -> pd.DataFrame:
    """Cross-source envelope: per period, min/max/lower median of the sources' best."""
    per_source, n_ps = group_ids(group, source)
    best_ps = np.bincount(per_source, weights=d_best, minlength=n_ps)
    group_ps = group[_first_of_each(per_source, n_ps)]
    claims_ps = _distinct_claims(rows, row, per_source, n_ps, "category" in by, freq)
    order = np.lexsort((best_ps, group_ps))
    sorted_best = best_ps[order]
    count = np.bincount(group_ps, minlength=n_groups)
    begin = np.zeros(n_groups, dtype=np.int64)
    begin[1:] = np.cumsum(count)[:-1]
    first = _first_of_each(group, n_groups)
    r = row[first]
    out = _series_frame(
        rows,
        r,
        period[first],
        by,
        source_id="all",
        low=sorted_best[begin],
        best=sorted_best[begin + (count - 1) // 2],
        high=sorted_best[begin + count - 1],
        n_claims=np.bincount(group_ps, weights=claims_ps, minlength=n_groups).astype(np.int64),
        revised=_any_revised(rows, row, group, n_groups),
    )
    out["n_sources"] = count.astype(np.int64)
    for column in extra:
        out[column] = rows[column].iloc[r].to_numpy()
    out = out.sort_values(["outcome", "category", *extra, "date"], kind="stable")
    return validate(out.reset_index(drop=True), SeriesSchema)
