"""Daily series: spreading, nested places, cumulative increments, envelope, real-data totals."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casualties import daily, reconcile
from casualties.io.ibc import load_ibc
from casualties.io.ucdp import load_ucdp_ged
from casualties.schema import SeriesSchema, validate
from casualties.series import spread

from .claims_helpers import claim, frame, seed_claims
from .conftest import DATA, shared_path


def on(series: pd.DataFrame, day: str, **where) -> pd.DataFrame:
    rows = series[series["date"] == pd.Timestamp(day)]
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return rows


def total(series: pd.DataFrame, day: str, **where) -> int:
    return int(on(series, day, **where)["best"].sum())


# ------------------------------------------------------------------------------- spreading


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10_000), st.integers(0, 500), st.integers(0, 500), st.integers(1, 400)
        ),
        min_size=1,
        max_size=30,
    )
)
def test_largest_remainder_spreading_is_exact(periods):
    low = np.array([p[0] for p in periods])
    best = low + np.array([p[1] for p in periods])
    high = best + np.array([p[2] for p in periods])
    days = np.array([p[3] for p in periods])
    row, offset, (d_low, d_best, d_high) = spread([low, best, high], days)
    for values, shares in ((low, d_low), (best, d_best), (high, d_high)):
        assert np.array_equal(np.bincount(row, weights=shares, minlength=len(days)), values)
        floor = values[row] // days[row]
        assert ((shares == floor) | (shares == floor + 1)).all()
    assert (d_low <= d_best).all() and (d_best <= d_high).all()  # ordered every day
    assert np.array_equal(np.bincount(row, minlength=len(days)), days)
    assert all(sorted(offset[row == i]) == list(range(d)) for i, d in enumerate(days))


def test_extra_units_are_spread_evenly_not_bunched():
    _, _, (shares,) = spread(np.array([45]), np.array([30]))
    assert sorted(set(shares.tolist())) == [1, 2] and shares.sum() == 45
    assert shares[:15].sum() in (22, 23)  # half the extra units fall in each half


def test_a_multi_day_claim_is_spread_with_exact_totals():
    claims = frame(
        claim("week", {"civilians": (70, 100, 130)}, start="2012-08-01", end="2012-08-07")
    )
    series = daily(claims)
    assert len(series) == 7
    assert series[["low", "best", "high"]].sum().tolist() == [70, 100, 130]
    assert series["best"].isin([14, 15]).all() and series["n_claims"].eq(1).all()


# ----------------------------------------------------------------------------------- seed


def test_seed_aleppo_13_and_syria_122_without_adding_aleppo_into_tuesday():
    claims = seed_claims()
    syria = daily(claims, place="Syria")
    assert total(syria, "2012-08-07") == 122
    assert {r.category: int(r.best) for r in on(syria, "2012-08-07").itertuples()} == {
        "civilians": 59,
        "soldiers": 32,
        "rebels": 31,
    }
    assert total(syria, "2012-08-08") == 13  # Wednesday: only Aleppo was reported
    aleppo = daily(claims, place="Aleppo")
    assert aleppo["date"].dt.strftime("%Y-%m-%d").tolist() == ["2012-08-08"]
    assert total(aleppo, "2012-08-08", source_id="sohr") == 13
    assert aleppo["high"].isna().all()  # "at least 13": unbounded above
    totals = daily(claims, place="SY", by=("source_id",))
    assert totals[["best"]].to_numpy().ravel().tolist() == [122, 13]
    assert totals["high"].isna().tolist() == [False, True]
    assert daily(claims, place="country:SY").equals(syria)
    assert daily(claims, place="Aleppo Governorate")["best"].sum() == 13


# ---------------------------------------------------------------------------- nested places


def test_nested_places_country_is_max_of_national_and_sum_of_subnational():
    day = "2012-09-01"
    national = claim("n", {"unspecified": 100}, start=day, place="Syria")
    governorate = claim("g", {"unspecified": 30}, start=day, place="Aleppo Governorate")
    aleppo = claim("a", {"civilians": 20}, start=day, place="Aleppo")
    al_bab = claim("b", {"civilians": 15}, start=day, place="Al Bab")
    idlib = claim("i", {"rebels": 50}, start=day, place="Idlib")
    # Aleppo governorate: max(30, 20 + 15) = 35; Syria: max(100, 35 + 50) = 100
    s = daily(frame(national, governorate, aleppo, al_bab, idlib))
    assert total(s, day) == 100 and set(s["category"]) == {"unspecified"}
    # a smaller national figure gives way to the sum of the governorates
    national = claim("n", {"unspecified": 70}, start=day, place="Syria")
    s = daily(frame(national, governorate, aleppo, al_bab, idlib))
    assert total(s, day) == 85
    assert {r.category: int(r.best) for r in s.itertuples()} == {"civilians": 35, "rebels": 50}
    # the governorate beats its towns when larger
    governorate = claim("g", {"unspecified": 40}, start=day, place="Aleppo Governorate")
    s = daily(frame(governorate, aleppo, al_bab, idlib))
    assert total(s, day) == 90
    assert {r.category: int(r.best) for r in s.itertuples()} == {"unspecified": 40, "rebels": 50}
    # other sources and other days are independent
    s = daily(
        frame(
            governorate, claim("x", {"civilians": 20}, start=day, place="Aleppo", source_id="sana")
        )
    )
    assert total(s, day, source_id="sohr") == 40 and total(s, day, source_id="sana") == 20
    # a place filter on a governorate resolves it alone
    s = daily(frame(national, governorate, aleppo, al_bab, idlib), place="Aleppo Governorate")
    assert total(s, day) == 40


LEVEL_PLACES = {
    "country": ["Syria"],
    "admin1": ["Aleppo Governorate", "Idlib Governorate"],
    "city": ["Aleppo", "Al Bab", "Idlib"],
}
GOVERNORATE_OF = {
    "Aleppo": "Aleppo Governorate",
    "Al Bab": "Aleppo Governorate",
    "Idlib": "Idlib Governorate",
}


def reference_total(rows: list[tuple[str, int]]) -> int:
    """Brute force: country = max(national, Σ governorates), governorate = max(own, Σ towns)."""
    own = {}
    for place, value in rows:
        own[place] = own.get(place, 0) + value
    value_of = {}
    for gov in LEVEL_PLACES["admin1"]:
        towns = sum(own.get(t, 0) for t, g in GOVERNORATE_OF.items() if g == gov)
        if gov in own or towns:
            value_of[gov] = max(own.get(gov, 0), towns)
    subnational = sum(value_of.values())
    return max(own.get("Syria", 0), subnational) if ("Syria" in own) else subnational


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from([p for ps in LEVEL_PLACES.values() for p in ps]),
            st.integers(0, 60),
            st.sampled_from(["civilians", "soldiers", "rebels", "unspecified"]),
        ),
        min_size=1,
        max_size=8,
        unique_by=lambda row: row[0],  # one claim per place: repeats would be reconciled
    )
)
def test_nested_places_never_double_count(rows):
    claims = frame(
        *[
            claim(f"c{i}", {category: value}, start="2013-01-01", place=place)
            for i, (place, value, category) in enumerate(rows)
        ]
    )
    series = daily(claims)
    expected = reference_total([(p, v) for p, v, _ in rows])
    assert int(series["best"].sum()) == expected
    assert int(series["best"].sum()) <= sum(v for _, v, _ in rows)
    by_total = daily(claims, by=("source_id",))
    assert int(by_total["best"].sum()) == expected  # categories sum to the total


def test_structured_events_are_summed_not_maxed():
    day = "2014-05-05"
    events = frame(
        claim(
            "ucdp:1", {"rebels": 10}, start=day, place="Syria", source_id="ucdp", flags="structured"
        ),
        claim(
            "ucdp:2", {"rebels": 4}, start=day, place="Aleppo", source_id="ucdp", flags="structured"
        ),
        claim(
            "ucdp:3", {"rebels": 3}, start=day, place="Aleppo", source_id="ucdp", flags="structured"
        ),
    )
    assert total(daily(events), day) == 17
    assert total(daily(events, place="Aleppo"), day) == 7


# --------------------------------------------------------------------------- cumulative


def test_cumulative_tallies_become_increments():
    claims = frame(
        claim(
            "c1",
            {"unspecified": 100},
            kind="cumulative",
            start="2012-08-01",
            end="2012-08-05",
            published="2012-08-05T12:00:00Z",
        ),
        claim(
            "c2",
            {"unspecified": 130},
            kind="cumulative",
            start="2012-08-01",
            end="2012-08-08",
            published="2012-08-08T12:00:00Z",
        ),
        claim(
            "c3",
            {"unspecified": 120},
            kind="cumulative",
            start="2012-08-01",
            end="2012-08-10",
            published="2012-08-10T12:00:00Z",
        ),
        claim(
            "c4",
            {"unspecified": 150},
            kind="cumulative",
            start="2012-08-01",
            end="2012-08-11",
            published="2012-08-11T12:00:00Z",
        ),
    )
    s = daily(claims)
    by_day = dict(zip(s["date"].dt.strftime("%m-%d"), s["best"].astype(int), strict=True))
    assert sum(by_day[d] for d in ("08-01", "08-02", "08-03", "08-04", "08-05")) == 100
    assert sum(by_day[d] for d in ("08-06", "08-07", "08-08")) == 30
    assert by_day["08-09"] == by_day["08-10"] == 0  # the fall to 120 is a revision, not -10
    assert by_day["08-11"] == 20  # counted from the earlier peak of 130
    assert int(s["best"].sum()) == 150
    assert s.loc[s["date"].isin(pd.to_datetime(["2012-08-09", "2012-08-10"])), "revised_down"].all()
    assert not s.loc[s["date"] == "2012-08-11", "revised_down"].any()


def test_cumulative_without_a_start_is_a_baseline():
    claims = frame(
        claim(
            "c1",
            {"civilians": 1000},
            kind="cumulative",
            start=None,
            end="2012-08-05",
            published="2012-08-05T12:00:00Z",
        ),
        claim(
            "c2",
            {"civilians": 1014},
            kind="cumulative",
            start=None,
            end="2012-08-07",
            published="2012-08-07T12:00:00Z",
        ),
    )
    s = daily(claims)
    assert s["date"].dt.strftime("%m-%d").tolist() == ["08-06", "08-07"]
    assert int(s["best"].sum()) == 14


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(0, 5000), min_size=1, max_size=12),
    st.lists(st.integers(1, 9), min_size=12, max_size=12),
)
def test_cumulative_increments_are_never_negative(levels, gaps):
    ends = pd.Timestamp("2013-01-01") + pd.to_timedelta(np.cumsum(gaps[: len(levels)]), unit="D")
    claims = frame(
        *[
            claim(
                f"c{i}",
                {"soldiers": (value, value, None)},
                kind="cumulative",
                start="2013-01-01",
                end=str(end.date()),
                published=f"{end.date()}T12:00:00Z",
                qualifier="at_least",
            )
            for i, (value, end) in enumerate(zip(levels, ends, strict=False))
        ]
    )
    s = daily(claims)
    assert (s["best"] >= 0).all() and (s["low"] >= 0).all()
    assert int(s["best"].sum()) == max(levels)  # increments add up to the chain's peak
    assert s["high"].isna().all()


def test_a_running_total_and_daily_tolls_of_one_source_are_not_added():
    claims = frame(
        claim(
            "cum1",
            {"unspecified": 1000},
            kind="cumulative",
            start=None,
            end="2012-08-01",
            published="2012-08-01T12:00:00Z",
        ),
        claim(
            "cum2",
            {"unspecified": 1070},
            kind="cumulative",
            start=None,
            end="2012-08-08",
            published="2012-08-08T12:00:00Z",
        ),
        claim("tue", {"civilians": 59, "soldiers": 32, "rebels": 31}, start="2012-08-07"),
    )
    s = daily(claims, by=("source_id",))
    by_day = dict(zip(s["date"].dt.strftime("%m-%d"), s["best"].astype(int), strict=True))
    assert by_day["08-07"] == 122  # the day's toll, not 122 + 10
    assert by_day["08-02"] == 10


# ------------------------------------------------------------------------ days and envelope


def test_a_day_without_a_report_is_absent_and_a_report_of_zero_is_zero():
    claims = frame(
        claim("a", {"civilians": 5}, start="2012-08-01"),
        claim("b", {"civilians": 0}, start="2012-08-03"),
    )
    s = daily(claims)
    assert s["date"].dt.strftime("%d").tolist() == ["01", "03"]
    assert s["best"].tolist() == [5, 0]


def test_envelope_is_min_and_max_never_a_sum():
    day = "2012-08-07"
    claims = frame(
        claim("s", {"unspecified": 122}, start=day, source_id="sohr"),
        claim("g", {"unspecified": 40}, start=day, source_id="syrian_government"),
        claim("l", {"unspecified": 150}, start=day, source_id="lcc"),
        claim("l2", {"unspecified": 9}, start="2012-08-08", source_id="lcc"),
    )
    env = daily(claims, by=("source_id",), sources="all")
    tuesday = on(env, day).iloc[0]
    assert (tuesday["low"], tuesday["best"], tuesday["high"]) == (40, 122, 150)
    assert tuesday["n_sources"] == 3 and tuesday["source_id"] == "all"
    wednesday = on(env, "2012-08-08").iloc[0]
    assert (wednesday["low"], wednesday["best"], wednesday["high"], wednesday["n_sources"]) == (
        9,
        9,
        9,
        1,
    )
    two = daily(claims, sources=["sohr", "lcc"], by=("source_id",))
    assert set(two["source_id"]) == {"sohr", "lcc"}


def test_weeks_and_months_sum_the_days():
    claims = frame(
        claim("a", {"civilians": 10}, start="2012-08-06"),  # Monday
        claim("b", {"civilians": 5}, start="2012-08-12"),  # Sunday, same week
        claim("c", {"civilians": 7}, start="2012-08-13"),  # next Monday
        claim("d", {"civilians": (30, 31, 31)}, start="2012-08-30", end="2012-09-02"),
    )
    weekly = daily(claims, freq="W")
    assert weekly["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2012-08-06",
        "2012-08-13",
        "2012-08-27",
    ]
    assert weekly["best"].tolist() == [15, 7, 31] and weekly["n_claims"].tolist() == [2, 1, 1]
    monthly = daily(claims, freq="M")
    assert monthly["date"].dt.strftime("%Y-%m-%d").tolist() == ["2012-08-01", "2012-09-01"]
    assert int(monthly["best"].sum()) == 53


def test_unbounded_high_propagates_to_the_day():
    claims = frame(
        claim("a", {"civilians": 10}, start="2012-08-06"),
        claim(
            "b", {"civilians": (5, 5, None)}, start="2012-08-06", place="Iraq", qualifier="at_least"
        ),
        claim("c", {"civilians": (None, 4, 4)}, start="2012-08-07", qualifier="at_most"),
    )
    s = daily(claims)
    monday, tuesday = s.iloc[0], s.iloc[1]
    assert monday["best"] == 15 and pd.isna(monday["high"]) and monday["low"] == 15
    assert tuesday["low"] == 0 and tuesday["high"] == 4  # "up to 4": low counts as 0


def test_split_by_place_and_outcomes():
    claims = frame(
        claim("a", {"civilians": 3}, start="2012-08-06", place="Aleppo"),
        claim("b", {"civilians": 4}, start="2012-08-06", place="Idlib"),
        claim("w", {"civilians": 9}, start="2012-08-06", place="Idlib", outcome="wounded"),
    )
    s = daily(claims, by=("source_id", "category", "admin1"))
    assert dict(zip(s["admin1"], s["best"], strict=True)) == {
        "Aleppo Governorate": 3,
        "Idlib Governorate": 4,
    }
    validate(s, SeriesSchema)
    both = daily(claims, outcome=None)
    assert set(both["outcome"]) == {"killed", "wounded"}


def test_tallies_and_claims_give_the_same_series():
    claims = seed_claims()
    assert daily(claims).equals(daily(reconcile(claims)))


def test_bad_arguments():
    claims = seed_claims()
    with pytest.raises(ValueError, match="must include 'source_id'"):
        daily(claims, by=("category",))
    with pytest.raises(ValueError, match="freq"):
        daily(claims, freq="Y")
    with pytest.raises(ValueError, match="unknown place"):
        daily(claims, place="Qzxqzx Nowhere")
    with pytest.raises(ValueError, match="Tally frame"):
        daily(pd.DataFrame({"x": [1]}))


def test_empty_series_is_valid():
    s = daily(seed_claims(), place="Iraq")
    assert s.empty
    validate(s, SeriesSchema)


# ------------------------------------------------------------------------------- real data


def test_ibc_daily_series_keeps_the_file_totals():
    path = shared_path("corpora/ibc-esoc-iraq/Civilian-Casualty-Data.csv")
    raw = pd.read_csv(path, encoding="latin-1")
    series = daily(load_ibc(path).claims)
    assert series["date"].min() == pd.Timestamp("2003-03-20")
    assert series["date"].max() <= pd.Timestamp("2009-12-31")
    assert int(series["low"].sum()) == int(series["best"].sum()) == int(raw["Min"].sum())
    inverted = raw["Max"] < raw["Min"]
    excess = int((raw.loc[inverted, "Min"] - raw.loc[inverted, "Max"]).sum())
    assert int(series["high"].sum()) == int(raw["Max"].sum()) + excess
    assert (series["source_id"] == "ibc").all() and (series["category"] == "civilians").all()
    monthly = daily(load_ibc(path).claims, freq="M")
    assert int(monthly["best"].sum()) == 92926


def test_ucdp_syria_daily_series_by_category_keeps_the_events_totals():
    raw = pd.read_csv(DATA / "ucdp" / "ucdp_aec_syria.csv")
    claims = load_ucdp_ged(DATA / "ucdp" / "ucdp_aec_syria.csv").claims
    series = daily(claims)
    events_best = int(
        raw[["deaths_side_a", "deaths_side_b", "deaths_civilian", "deaths_unknown"]]
        .to_numpy()
        .sum()
    )
    assert int(series["best"].sum()) == events_best == 17049
    assert int(series["low"].sum()) == int(raw["deaths_low"].sum())
    assert int(series["high"].sum()) == int(raw["deaths_high"].sum())
    by_category = series.groupby("category")["best"].sum().to_dict()
    expected = claims.groupby("category", observed=True)["best"].sum().to_dict()
    assert by_category == {str(k): v for k, v in expected.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        aleppo = daily(claims, place="Aleppo Governorate", by=("source_id",))
    inside = claims["admin1"].str.startswith("Aleppo", na=False)
    assert int(aleppo["best"].sum()) == int(claims.loc[inside, "best"].sum())


def test_seed_end_to_end_through_the_extractor():
    import casualties as cs

    if not hasattr(cs, "extract"):
        pytest.skip("extraction has not landed")
    claims = cs.extract(cs.read_dispatches(DATA / "seed" / "aleppo-2012-08-08.fr.jsonl"))
    sohr = claims[claims["source_id"] == "sohr"]
    syria = daily(sohr, place="Syria", by=("source_id",))
    assert dict(zip(syria["date"].dt.strftime("%m-%d"), syria["best"], strict=True)) == {
        "08-07": 122,
        "08-08": 13,
    }
    aleppo = daily(sohr, place="Aleppo", by=("source_id",))
    assert aleppo["best"].tolist() == [13]
