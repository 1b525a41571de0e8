"""casualties.stats.disagreement on constructed pairs with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.rates import test_poisson_2indep as poisson_test

from casualties.stats import Disagreement, disagreement
from casualties.stats.disagree import PAIR_COLUMNS, PERIOD_COLUMNS, lead_lag

DAILY_COLUMNS = [
    "date", "source_a", "source_b", "best_a", "best_b", "mean", "diff", "log_ratio", "overlap",
]  # fmt: skip


def frame(source_id, values, start="2021-01-01", low=None, high=None, category="civilians"):
    """Series rows of one source from daily values (NaN = silent that day)."""
    dates = pd.date_range(start, periods=len(values), freq="D")
    values = np.asarray(values, dtype=float)
    keep = ~np.isnan(values)
    best = values[keep].astype("int64")
    low = best if low is None else np.asarray(low, dtype=float)[keep]
    high = best if high is None else np.asarray(high, dtype=float)[keep]
    return pd.DataFrame(
        {
            "date": dates[keep],
            "source_id": source_id,
            "category": category,
            "outcome": "killed",
            "low": pd.array(low, dtype="Int64"),
            "best": best,
            "high": pd.array(high, dtype="Int64"),
            "n_claims": 1,
        }
    )


def test_frames_have_the_documented_columns_and_pair_order():
    a = frame("sohr", [10, 20, 30])
    b = frame("sana", [5, 10, 15])
    c = frame("activists", [1, 2, 3])
    result = disagreement(pd.concat([a, b, c]))
    assert isinstance(result, Disagreement)
    assert list(result.daily.columns) == DAILY_COLUMNS
    assert list(result.by_period.columns) == PERIOD_COLUMNS
    assert list(result.pairs.columns) == PAIR_COLUMNS
    pairs = list(zip(result.pairs["source_a"], result.pairs["source_b"], strict=True))
    assert pairs == [("activists", "sana"), ("activists", "sohr"), ("sana", "sohr")]
    # Input order does not matter.
    again = disagreement(pd.concat([c, a, b]).iloc[::-1])
    pd.testing.assert_frame_equal(result.pairs, again.pairs)
    pd.testing.assert_frame_equal(result.daily, again.daily)


def test_known_ratio_and_rate_ratio_test():
    rng = np.random.default_rng(0)
    base = rng.poisson(20, 90)
    a = frame("a", base)
    b = frame("b", 2 * base)
    result = disagreement(pd.concat([a, b]), freq="M")
    months = result.by_period
    first_days = pd.to_datetime(["2021-01-01", "2021-02-01", "2021-03-01"])
    assert list(months["period"]) == list(first_days)
    np.testing.assert_allclose(months["ratio"], 0.5)
    np.testing.assert_allclose(months["rate_ratio"], 0.5)
    assert (months["p_value"] < 1e-6).all()
    assert months["n_days_both"].tolist() == [31, 28, 31]
    np.testing.assert_allclose(months["coverage_a"], 1.0)
    pair = result.pairs.iloc[0]
    assert pair["rate_ratio"] == pytest.approx(0.5)
    assert pair["rr_lower"] < 0.5 < pair["rr_upper"]
    expected = poisson_test(base.sum(), 90, 2 * base.sum(), 90, method="score").pvalue
    assert pair["p_value"] == pytest.approx(expected)
    assert pair["p_value"] < 1e-50
    daily = result.daily
    np.testing.assert_allclose(daily["log_ratio"], np.log1p(base) - np.log1p(2 * base))
    assert pair["mean_log_ratio"] == pytest.approx(daily["log_ratio"].mean())


def test_equal_rates_are_not_significant():
    rng = np.random.default_rng(1)
    a = frame("a", rng.poisson(15, 60))
    b = frame("b", rng.poisson(15, 60))
    pair = disagreement(pd.concat([a, b])).pairs.iloc[0]
    assert pair["p_value"] > 0.05
    assert pair["rr_lower"] < 1 < pair["rr_upper"]


def test_lead_lag_finds_a_known_lag_with_the_documented_sign():
    rng = np.random.default_rng(2)
    signal = np.cumsum(rng.normal(0, 5, 200)) + 200
    leader = np.rint(signal)
    follower = np.full(200, np.nan)
    follower[3:] = leader[:-3]  # reports the leader's numbers three days later
    result = disagreement(pd.concat([frame("a_wire", leader), frame("b_monitor", follower)]))
    pair = result.pairs.iloc[0]
    assert (pair["source_a"], pair["lead_lag"]) == ("a_wire", 3.0)
    assert pair["lag_corr"] == pytest.approx(1.0)
    # Swap the names: the leader is now source_b, so source_a lags → negative.
    swapped = disagreement(pd.concat([frame("z_wire", leader), frame("b_monitor", follower)]))
    assert swapped.pairs.iloc[0]["lead_lag"] == -3.0
    # Gaps: differences only between consecutive reports, still found.
    gappy = follower.copy()
    gappy[rng.random(200) < 0.2] = np.nan
    assert lead_lag(leader, gappy)[0] == 3.0


def test_lead_lag_needs_enough_pairs():
    assert np.isnan(lead_lag(np.arange(5.0), np.arange(5.0))[0])


def test_overlap_of_ranges():
    a = frame("a", [15, 11, 20, 50], low=[10, 10, 20, 50], high=[20, 12, 20, np.nan])
    b = frame("b", [20, 25, 20, 80], low=[15, 20, 20, 60], high=[25, 30, 20, 90])
    daily = disagreement(pd.concat([a, b])).daily
    # [10,20]∩[15,25] yes · [10,12]∩[20,30] no · [20,20]∩[20,20] yes · [50,∞)∩[60,90] yes
    assert daily["overlap"].tolist() == [True, False, True, True]
    assert disagreement(pd.concat([a, b])).by_period["overlap_share"].iloc[0] == 0.75


def test_bland_altman_matches_hand_computation():
    a_values = [12, 30, 7, 45, 20, 9]
    b_values = [10, 35, 7, 40, 26, np.nan]  # b silent on the last day: not compared
    pair = disagreement(pd.concat([frame("a", a_values), frame("b", b_values)])).pairs.iloc[0]
    diff = np.array([2, -5, 0, 5, -6], dtype=float)
    assert pair["n_days_both"] == 5
    assert pair["ba_mean"] == pytest.approx(diff.mean())
    assert pair["ba_lower"] == pytest.approx(diff.mean() - 1.96 * diff.std(ddof=1))
    assert pair["ba_upper"] == pytest.approx(diff.mean() + 1.96 * diff.std(ddof=1))
    assert (pair["total_a"], pair["total_b"]) == (114.0, 118.0)


def test_coverage_and_silence_is_not_zero():
    values_a = [10.0] * 30
    values_b = [np.nan if day % 2 else 10.0 for day in range(30)]  # every other day
    result = disagreement(pd.concat([frame("a", values_a, start="2021-04-01"),
                                     frame("b", values_b, start="2021-04-01")]))  # fmt: skip
    month = result.by_period.iloc[0]
    assert (month["n_days_a"], month["n_days_b"], month["n_days_both"]) == (30, 15, 15)
    assert (month["coverage_a"], month["coverage_b"]) == (1.0, 0.5)
    # Totals are over the days both report, so b's silence is not read as disagreement.
    assert (month["total_a"], month["total_b"], month["ratio"]) == (150.0, 150.0, 1.0)
    assert month["abs_diff"] == 0.0
    coverage = result.coverage.set_index("source_id")["coverage"].to_dict()
    assert coverage == {"a": 1.0, "b": 0.5}


def test_periods_without_overlap_are_kept_as_rows():
    a = frame("a", [5] * 20 + [np.nan] * 40 + [5] * 20, start="2021-01-01")
    b = frame("b", [np.nan] * 20 + [7] * 60, start="2021-01-01")
    result = disagreement(pd.concat([a, b]), freq="M")
    months = result.by_period.set_index("period")
    assert len(months) == 3
    assert months.loc["2021-02-01", "n_days_both"] == 0
    assert np.isnan(months.loc["2021-02-01", "ratio"])
    assert np.isnan(months.loc["2021-02-01", "p_value"])
    weekly = disagreement(pd.concat([a, b]), freq="W")
    assert weekly.by_period["period"].dt.day_of_week.eq(0).all()  # weeks start on Monday


def test_filters_categories_outcomes_and_sources():
    a = pd.concat([frame("a", [10, 10]), frame("a", [5, 5], category="soldiers")])
    b = pd.concat([frame("b", [15, 15]), frame("b", [1, 1], category="soldiers")])
    c = frame("c", [1, 1])
    wounded = frame("a", [99, 99]).assign(outcome="wounded")
    series = pd.concat([a, b, c, wounded])
    summed = disagreement(series, sources=["a", "b"])
    assert summed.daily["best_a"].tolist() == [15.0, 15.0]  # categories summed, wounded left out
    assert summed.daily["best_b"].tolist() == [16.0, 16.0]
    civilians = disagreement(series, category="civilians", sources=["a", "b"])
    assert civilians.daily["best_a"].tolist() == [10.0, 10.0]
    assert civilians.category == ("civilians",)
    with pytest.raises(ValueError, match="not in the series"):
        disagreement(series, sources=["a", "nobody"])
    assert len(disagreement(series).pairs) == 3


def test_empty_input_gives_empty_frames():
    result = disagreement(frame("a", [1, 2]).iloc[0:0])
    assert result.daily.empty and result.pairs.empty and result.by_period.empty
    assert list(result.pairs.columns) == PAIR_COLUMNS
