"""The frames the report's tables show: key figures per source, running totals as stated, one
row per claim, data-quality flags, and the pairs of sources that disagree most."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..schema import CATEGORIES
from .formats import fmt_figure
from .scope import ReportScope


def running_totals(claims: pd.DataFrame, scope: ReportScope | None = None) -> pd.DataFrame:
    """The running totals (cumulative tolls) stated in the period, one row per claim.

    Columns: ``claim_id, source_id, date`` (the day the total runs to), ``start`` (the stated
    start, if any), ``low, best, high`` (summed over the claim's categories; ``high`` null when
    any is unbounded) and ``quote``, ordered by date.

    Examples
    --------
    >>> from casualties.schema import ClaimSchema, empty_frame
    >>> running_totals(empty_frame(ClaimSchema)).shape[0]
    0
    """
    columns = ["claim_id", "source_id", "date", "start", "low", "best", "high", "quote"]
    frame = claims[claims["kind"].astype(str) == "cumulative"]
    if scope is not None:
        frame = frame[frame["outcome"].astype(str) == scope.outcome]
        ends = pd.to_datetime(frame["event_end"])
        if scope.since is not None:
            frame = frame[(ends >= scope.since).fillna(False).to_numpy(dtype=bool)]
            ends = pd.to_datetime(frame["event_end"])
        if scope.until is not None:
            frame = frame[(ends <= scope.until).fillna(False).to_numpy(dtype=bool)]
    frame = frame[frame["event_end"].notna()]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    groups = frame.groupby("claim_id", sort=False)
    out = groups.agg(
        source_id=("source_id", "first"),
        date=("event_end", "first"),
        start=("event_start", "first"),
        low=("low", lambda v: int(v.fillna(0).sum())),
        best=("best", "sum"),
        high=("high", lambda v: pd.NA if v.isna().any() else int(v.sum())),
        quote=("quote", "first"),
    ).reset_index()
    out["date"] = pd.to_datetime(out["date"])
    out["start"] = pd.to_datetime(out["start"])
    out = out.sort_values(["date", "source_id", "best", "claim_id"], kind="stable")
    return out[columns].reset_index(drop=True)


def latest_running_totals(running: pd.DataFrame) -> pd.DataFrame:
    """Per source: how many running totals it stated, its latest one and its largest one.

    Columns: ``source_id, n`` and, for the latest (``date, low, best, high``) and the largest
    (``max_date, max_low, max_best, max_high, max_quote``).
    """
    columns = ["source_id", "n", "date", "low", "best", "high"]
    columns += ["max_date", "max_low", "max_best", "max_high", "max_quote"]
    if running is None or running.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for source_id, group in running.groupby("source_id", sort=True):
        last = group.sort_values(["date", "best"], kind="stable").iloc[-1]
        top = group.sort_values(["best", "date"], kind="stable").iloc[-1]
        rows.append(
            {
                "source_id": source_id,
                "n": len(group),
                "date": last["date"],
                "low": last["low"],
                "best": int(last["best"]),
                "high": last["high"],
                "max_date": top["date"],
                "max_low": top["low"],
                "max_best": int(top["best"]),
                "max_high": top["high"],
                "max_quote": top["quote"],
            }
        )
    return pd.DataFrame(rows, columns=columns)


def key_figures(daily: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Per source: claims, days reported, and best/low/high summed per category and in total.

    ``low`` counts an unstated lower bound as 0; ``high`` is null (unbounded) as soon as one
    day's upper bound is unstated.

    Examples
    --------
    >>> from casualties.schema import SeriesSchema, ClaimSchema, empty_frame
    >>> key_figures(empty_frame(SeriesSchema), empty_frame(ClaimSchema)).shape[0]
    0
    """
    columns = ["source_id", "category", "low", "best", "high", "days", "claims"]
    if daily.empty:
        return pd.DataFrame(columns=columns)
    frame = daily.assign(category=daily["category"].astype(str))
    rows = []
    n_claims = claims.groupby("source_id")["claim_id"].nunique()
    for source_id, group in frame.groupby("source_id", sort=True):
        parts = list(group.groupby("category", sort=False))
        parts.append(("total", group))
        for category, sub in parts:
            high = sub["high"]
            rows.append(
                {
                    "source_id": source_id,
                    "category": category,
                    "low": int(sub["low"].fillna(0).sum()),
                    "best": int(sub["best"].fillna(0).sum()),
                    "high": pd.NA if high.isna().any() else int(high.sum()),
                    "days": int(sub["date"].nunique()),
                    "claims": int(n_claims.get(source_id, 0)),
                }
            )
    return pd.DataFrame(rows, columns=columns)


def claim_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per claim (not per category row), in date, source and id order.

    Columns: ``claim_id, dispatch_id, source_id, source_name, outlet, published, event_start,
    event_end, date_basis, kind, place, place_name, admin1, country, figure, total, qualifiers,
    quote, flags``.
    """
    if claims.empty:
        return pd.DataFrame(
            columns=["claim_id", "source_id", "event_start", "event_end", "figure", "quote"]
        )
    order = {c: i for i, c in enumerate(CATEGORIES)}
    frame = claims.assign(
        _cat=claims["category"].astype(str).map(order),
        _fig=[
            fmt_figure(lo, b, hi, str(q))
            for lo, b, hi, q in zip(
                claims["low"], claims["best"], claims["high"], claims["qualifier"], strict=True
            )
        ],
    ).sort_values(["claim_id", "_cat"], kind="stable")
    ids = frame["claim_id"].to_numpy()
    figures: dict[str, list[str]] = {}
    qualifiers: dict[str, dict[str, None]] = {}
    flags: dict[str, dict[str, None]] = {}
    totals: dict[str, int] = {}
    for cid, cat, fig, qual, flag, best in zip(
        ids,
        frame["category"].astype(str),
        frame["_fig"],
        frame["qualifier"].astype(str),
        frame["flags"].astype(str),
        frame["best"].fillna(0).astype(int),
        strict=True,
    ):
        figures.setdefault(cid, []).append(f"{cat} {fig}")
        qualifiers.setdefault(cid, {})[qual] = None
        flags.setdefault(cid, {}).update(dict.fromkeys(x for x in flag.split(";") if x))
        totals[cid] = totals.get(cid, 0) + int(best)
    rows = frame.drop_duplicates("claim_id").reset_index(drop=True)
    rows["figure"] = ["; ".join(figures[c]) for c in rows["claim_id"]]
    rows["total"] = [totals[c] for c in rows["claim_id"]]
    rows["qualifiers"] = [", ".join(qualifiers[c]) for c in rows["claim_id"]]
    rows["flags"] = [";".join(flags[c]) for c in rows["claim_id"]]
    # By the day a figure runs to: a running total belongs where it was stated, not in 2011.
    rows["_when"] = pd.to_datetime(rows["event_end"]).fillna(pd.to_datetime(rows["event_start"]))
    rows = rows.sort_values(
        ["_when", "source_id", "claim_id"], kind="stable", na_position="last"
    ).reset_index(drop=True)
    keep = [
        "claim_id",
        "dispatch_id",
        "source_id",
        "source_name",
        "outlet",
        "published",
        "outcome",
        "event_start",
        "event_end",
        "date_basis",
        "kind",
        "place",
        "place_name",
        "admin1",
        "country",
        "figure",
        "total",
        "qualifiers",
        "quote",
        "flags",
    ]
    return rows[keep]


def flag_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """Number of claims carrying each data-quality flag (a claim counted once per flag)."""
    per_claim = claims.groupby("claim_id", sort=False)["flags"].agg(
        lambda f: sorted({x for s in f for x in str(s).split(";") if x})
    )
    counts: dict[str, int] = {}
    for flags in per_claim:
        for flag in flags:
            counts[flag] = counts.get(flag, 0) + 1
    frame = pd.DataFrame(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    if frame.empty:
        return pd.DataFrame(columns=["flag", "claims"])
    frame.columns = ["flag", "claims"]
    return frame


def disagreeing_pairs(dis: Any, limit: int = 8, min_days: int = 10) -> pd.DataFrame:
    """The pairs of sources that disagree most on a typical day both reported.

    Ranked by ``|mean_log_ratio|`` (the mean over shared days of ``log((a + 1) / (b + 1))``),
    which one huge figure cannot dominate as it does a ratio of totals. Pairs with fewer than
    ``min_days`` shared days come last (or are all there is).
    """
    pairs = getattr(dis, "pairs", None)
    if pairs is None or pairs.empty:
        return pd.DataFrame()
    frame = pairs[pairs["n_days_both"] >= 1].copy()
    if frame.empty:
        return frame
    frame["_few"] = frame["n_days_both"] < min_days
    frame["_strength"] = -pd.to_numeric(frame["mean_log_ratio"], errors="coerce").abs()
    frame = frame.sort_values(
        ["_few", "_strength", "source_a", "source_b"], na_position="last", kind="stable"
    )
    return frame.head(limit).drop(columns=["_few", "_strength"]).reset_index(drop=True)


def worst_periods(dis: Any, a: str, b: str, limit: int = 3) -> list[tuple[str, int, int]]:
    """The periods in which ``a`` and ``b`` disagreed most: ``(period, total_a, total_b)``.

    Ranked by the absolute log ratio ``log((a + 1) / (b + 1))`` of their totals over the days
    both reported, which is defined when one of them is 0.
    """
    by_period = getattr(dis, "by_period", None)
    if by_period is None or by_period.empty:
        return []
    sub = by_period[(by_period["source_a"] == a) & (by_period["source_b"] == b)]
    sub = sub[pd.to_numeric(sub["log_ratio"], errors="coerce").notna()]
    if sub.empty:
        return []
    sub = sub.assign(_abs=sub["log_ratio"].astype(float).abs()).sort_values(
        ["_abs", "period"], ascending=[False, True], kind="stable"
    )
    return [
        (_period_label(row.period), int(row.total_a), int(row.total_b))
        for row in sub.head(limit).itertuples()
    ]


def _period_label(value: Any) -> str:
    if isinstance(value, pd.Period):
        return str(value)
    try:
        return pd.Timestamp(value).strftime("%Y-%m")
    except (TypeError, ValueError):
        return str(value)
