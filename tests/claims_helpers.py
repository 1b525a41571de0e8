"""Hand-built Claim rows for reconciliation and series tests."""

from __future__ import annotations

import pandas as pd

PLACES = {
    "Syria": dict(place="Syria", place_id="country:SY", admin1=None, country="SY"),
    "Aleppo Governorate": dict(
        place="Aleppo Governorate",
        place_id="admin1:SY.09",
        admin1="Aleppo Governorate",
        country="SY",
    ),
    "Aleppo": dict(
        place="Aleppo", place_id="geonames:170063", admin1="Aleppo Governorate", country="SY"
    ),
    "Al Bab": dict(
        place="Al Bab", place_id="geonames:173334", admin1="Aleppo Governorate", country="SY"
    ),
    "Idlib Governorate": dict(
        place="Idlib Governorate", place_id="admin1:SY.12", admin1="Idlib Governorate", country="SY"
    ),
    "Idlib": dict(
        place="Idlib", place_id="geonames:169389", admin1="Idlib Governorate", country="SY"
    ),
    "Iraq": dict(place="Iraq", place_id="country:IQ", admin1=None, country="IQ"),
    "Mosul": dict(place="Mosul", place_id="geonames:99072", admin1="Nineveh", country="IQ"),
}


def claim(
    claim_id: str,
    categories: dict[str, int | tuple[int | None, int, int | None]],
    *,
    source_id: str = "sohr",
    dispatch_id: str | None = None,
    published: str | None = None,
    start: str | None = "2012-08-08",
    end: str | None = None,
    place: str = "Syria",
    kind: str = "incident",
    qualifier: str = "exact",
    span_start: int = 0,
    flags: str = "",
    outcome: str = "killed",
) -> list[dict]:
    """The category rows of one claim; a value is ``n`` (exact) or ``(low, best, high)``."""
    if published is None:  # published on the day the period ends
        published = f"{end or start or '2012-08-08'}T12:00:00Z"
    rows = []
    for category, value in categories.items():
        low, best, high = (value, value, value) if isinstance(value, int) else value
        rows.append(
            {
                "claim_id": claim_id,
                "dispatch_id": dispatch_id or f"d-{claim_id}",
                "source_id": source_id,
                "source_name": source_id.upper(),
                "outcome": outcome,
                "category": category,
                "low": low,
                "best": best,
                "high": high,
                "qualifier": qualifier,
                "kind": kind,
                "event_start": start,
                "event_end": end or start,
                "date_basis": "explicit",
                "place_name": place,
                **PLACES[place],
                "language": "en",
                "outlet": "AFP",
                "published": published,
                "quote": f"quote of {claim_id}",
                "span_start": span_start,
                "span_end": span_start + 5,
                "flags": flags,
            }
        )
    return rows


def frame(*claims: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([row for rows in claims for row in rows])


def seed_claims() -> pd.DataFrame:
    """The seed dispatch's two SOHR claims (DESIGN §1), as extraction must yield them."""
    return frame(
        claim(
            "seed-aleppo",
            {"unspecified": (13, 13, None)},
            dispatch_id="afp-2012-08-08-alep-salaheddine",
            start="2012-08-08",
            place="Aleppo",
            qualifier="at_least",
            span_start=700,
        ),
        claim(
            "seed-tuesday",
            {"civilians": 59, "soldiers": 32, "rebels": 31},
            dispatch_id="afp-2012-08-08-alep-salaheddine",
            start="2012-08-07",
            place="Syria",
            published="2012-08-08T12:00:00Z",
            span_start=820,
        ),
    )
