"""What the rule-by-rule extraction tests read of a claim frame, in any language."""

from __future__ import annotations

import pandas as pd


def row_tuples(frame: pd.DataFrame) -> list[tuple]:
    """(outcome, category, low, high, qualifier) of each row, missing bounds as None."""
    return [
        (
            r.outcome,
            r.category,
            r.low if pd.notna(r.low) else None,
            r.high if pd.notna(r.high) else None,
            r.qualifier,
        )
        for r in frame.itertuples()
    ]


def day(value) -> str | None:
    """A timestamp as its ISO day, or None."""
    return None if pd.isna(value) else str(pd.Timestamp(value).date())
