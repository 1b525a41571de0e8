"""Every schema rule: valid frames pass, each rule broken once is caught with a readable message."""

from __future__ import annotations

import pandas as pd
import pytest

from casualties.schema import (
    ClaimSchema,
    DispatchSchema,
    SchemaViolation,
    SeriesSchema,
    TallySchema,
    empty_frame,
    validate,
)


def seed_claim() -> pd.DataFrame:
    """The seed's Tuesday claim: 122 people of whom 59 civilians, 32 soldiers, 31 rebels."""
    base = {
        "claim_id": "c-tuesday",
        "dispatch_id": "afp-2012-08-08-alep-salaheddine",
        "source_id": "sohr",
        "source_name": "la même source",
        "outcome": "killed",
        "qualifier": "exact",
        "kind": "incident",
        "event_start": "2012-08-07",
        "event_end": "2012-08-07",
        "date_basis": "weekday",
        "place_name": "Syrie",
        "place": "Syria",
        "place_id": "163843",
        "admin1": None,
        "country": "SY",
        "language": "fr",
        "outlet": "AFP",
        "published": "2012-08-08T12:00:00Z",
        "quote": "Mardi, au moins 122 personnes ont été tuées en Syrie dont 59 civils, …",
        "span_start": 1200,
        "span_end": 1300,
        "flags": "",
    }
    rows = [("civilians", 59), ("soldiers", 32), ("rebels", 31)]
    return pd.DataFrame([{**base, "category": c, "low": n, "best": n, "high": n} for c, n in rows])


def dispatch() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "dispatch_id": ["a", "b"],
            "published": ["2012-08-08T12:00:00Z", None],
            "outlet": ["AFP", "SANA"],
            "language": ["fr", "en"],
            "title": [None, "t"],
            "text": ["Au moins 13 morts.", "Ten killed."],
            "url": [None, None],
        }
    )


def tally() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "tally_id": ["t1"],
            "source_id": ["sohr"],
            "source_name": ["OSDH"],
            "outcome": ["killed"],
            "category": ["civilians"],
            "low": [59],
            "best": [59],
            "high": [59],
            "qualifier": ["exact"],
            "kind": ["incident"],
            "event_start": ["2012-08-07"],
            "event_end": ["2012-08-07"],
            "place": ["Syria"],
            "place_id": ["163843"],
            "admin1": [None],
            "country": ["SY"],
            "n_dispatches": [2],
            "first_published": ["2012-08-08T12:00:00Z"],
            "last_published": ["2012-08-09T12:00:00Z"],
            "claim_ids": ["c1;c2"],
            "flags": [""],
        }
    )


def series() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": ["2012-08-07", "2012-08-08"],
            "source_id": ["sohr", "sohr"],
            "category": ["civilians", "civilians"],
            "outcome": ["killed", "killed"],
            "low": [59, 13],
            "best": [59, 13],
            "high": [59, None],
            "n_claims": [1, 1],
        }
    )


def test_valid_frames_pass_and_are_coerced():
    claims = validate(seed_claim(), ClaimSchema)
    assert claims["best"].sum() == 122
    assert str(claims["low"].dtype) == "Int64"
    assert str(claims["published"].dtype) == "datetime64[ns, UTC]"
    assert list(claims.columns[:3]) == ["claim_id", "dispatch_id", "source_id"]
    assert len(validate(dispatch(), DispatchSchema)) == 2
    assert validate(tally(), TallySchema)["n_dispatches"].iloc[0] == 2
    assert validate(series(), SeriesSchema)["high"].isna().tolist() == [False, True]


def test_text_categories_become_the_schemas_categories():
    frame = seed_claim()
    frame["category"] = frame["category"].astype(str)
    claims = validate(frame, ClaimSchema)
    assert list(claims["category"].cat.categories) == [
        "civilians",
        "soldiers",
        "rebels",
        "unspecified",
    ]
    assert claims["category"].tolist() == ["civilians", "soldiers", "rebels"]
    # A missing category is no category: the schema says so.
    frame.loc[1, "category"] = None
    with pytest.raises(SchemaViolation, match="'category'"):
        validate(frame, ClaimSchema)


def test_empty_frames_validate():
    for model in (DispatchSchema, ClaimSchema, TallySchema, SeriesSchema):
        assert validate(empty_frame(model), model).empty


def broken(column: str, row: int, value) -> pd.DataFrame:
    frame = seed_claim()
    frame[column] = frame[column].astype(object)
    frame.at[row, column] = value
    return frame


@pytest.mark.parametrize(
    "frame, expected",
    [
        (broken("low", 1, 40), ["'low_le_high'", "rows [1]", "low=40", "high=32"]),
        (broken("best", 2, 99), ["'best_within_low_high'", "rows [2]", "best=99"]),
        (broken("event_start", 0, "2012-08-09"), ["'event_start_le_event_end'", "rows [0]"]),
        (
            broken("event_end", 0, "2012-08-10"),
            ["'event_end_le_published'", "rows [0]", "event_end=2012-08-10"],
        ),
        (broken("category", 2, "civilians"), ["'one_row_per_category_per_claim'", "rows [0, 2]"]),
        (broken("source_id", 2, "sana"), ["'category_rows_partition_claim'", "rows [2]"]),
        (broken("category", 1, "animals"), ["column 'category'", "isin", "'animals'"]),
        (broken("outcome", 0, "displaced"), ["column 'outcome'", "isin", "'displaced'"]),
        (broken("qualifier", 0, "roughly"), ["column 'qualifier'", "isin", "'roughly'"]),
        (broken("kind", 0, "total"), ["column 'kind'", "isin", "'total'"]),
        (broken("low", 0, -3), ["column 'low'", "greater_than_or_equal_to(0)", "rows [0]"]),
        (broken("country", 0, "Syria"), ["column 'country'", "str_matches"]),
        (broken("span_start", 1, 5000), ["'span_start_le_span_end'", "rows [1]"]),
    ],
)
def test_each_claim_rule_is_caught_with_a_readable_message(frame, expected):
    with pytest.raises(SchemaViolation) as caught:
        validate(frame, ClaimSchema)
    message = str(caught.value)
    assert message.startswith("Claim frame is invalid:")
    for fragment in expected:
        assert fragment in message


def test_missing_column_is_named():
    with pytest.raises(SchemaViolation, match="'quote'"):
        validate(seed_claim().drop(columns="quote"), ClaimSchema)


def test_dispatch_rules():
    frame = dispatch()
    frame.loc[1, "dispatch_id"] = "a"
    frame.loc[0, "language"] = "French"
    frame.loc[1, "text"] = "   "
    with pytest.raises(SchemaViolation) as caught:
        validate(frame, DispatchSchema)
    message = str(caught.value)
    assert "column 'dispatch_id': rule 'field_uniqueness' fails on rows [0, 1]" in message
    assert "column 'language'" in message and "'French'" in message
    assert "column 'text': rule 'text_not_blank' fails on rows [1]" in message


def test_tally_and_series_rules():
    bad_tally = tally()
    bad_tally.loc[0, "first_published"] = "2012-08-10T00:00:00Z"
    bad_tally.loc[0, "n_dispatches"] = 0
    with pytest.raises(SchemaViolation) as caught:
        validate(bad_tally, TallySchema)
    assert "'first_published_le_last_published'" in str(caught.value)
    assert "column 'n_dispatches'" in str(caught.value)

    bad_series = pd.concat([series(), series().iloc[[0]]], ignore_index=True)
    bad_series.loc[1, "best"] = 5  # below low=13
    with pytest.raises(SchemaViolation) as caught:
        validate(bad_series, SeriesSchema)
    message = str(caught.value)
    assert "'one_row_per_date_source_category_outcome'" in message
    assert "rows [0, 2]" in message
    assert "'low_le_best_le_high'" in message and "rows [1]" in message
