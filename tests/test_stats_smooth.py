"""casualties.stats.smooth: each method on hand cases, simulations with known truth and UCDP."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from casualties.schema import SchemaViolation
from casualties.stats import smooth
from casualties.stats.simulate import simulate_sources
from tests.conftest import DATA

COLUMNS = ["date", "source_id", "category", "outcome", "estimate", "lower", "upper", "method"]


def series_frame(
    values, start="2020-01-01", source_id="x", category="civilians", outcome="killed"
) -> pd.DataFrame:
    """A one-group Series frame from daily values; NaN = the source said nothing that day."""
    dates = pd.date_range(start, periods=len(values), freq="D")
    values = np.asarray(values, dtype=float)
    keep = ~np.isnan(values)
    counts = values[keep].astype("int64")
    return pd.DataFrame(
        {
            "date": dates[keep],
            "source_id": source_id,
            "category": category,
            "outcome": outcome,
            "low": counts,
            "best": counts,
            "high": counts,
            "n_claims": 1,
        }
    )


# ------------------------------------------------------------------ interface


@pytest.mark.parametrize("method", ["rolling", "lowess", "stl", "local_level", "gam"])
def test_every_method_returns_the_tidy_frame(method):
    series, _ = simulate_sources(n_days=120, gaps={"a": (40, 50)}, report_prob=0.9, seed=5)
    out = smooth(series, method)
    assert list(out.columns) == COLUMNS
    assert set(out["method"]) == {method}
    # One row per day from each group's first to last report, gaps included.
    for source_id, group in series.groupby("source_id"):
        rows = out[out["source_id"] == source_id]
        expected = pd.date_range(group["date"].min(), group["date"].max(), freq="D")
        assert list(rows["date"]) == list(expected)
    if method == "rolling":  # NaN only where the 7-day window holds no report (mid-gap)
        missing = out[out["estimate"].isna()]
        assert set(missing["source_id"]) == {"a"}
        assert missing["date"].min() >= pd.Timestamp("2015-01-01") + pd.Timedelta(days=43)
        assert missing["date"].max() <= pd.Timestamp("2015-01-01") + pd.Timedelta(days=46)
    else:
        assert out["estimate"].notna().all()
    assert (out["estimate"].dropna() >= 0).all()
    banded = out.dropna(subset=["lower", "upper"])
    assert (banded["lower"] <= banded["estimate"] + 1e-9).all()
    assert (banded["estimate"] <= banded["upper"] + 1e-9).all()
    # Deterministic.
    pd.testing.assert_frame_equal(out, smooth(series, method))


def test_bad_arguments_are_refused():
    series = series_frame([1, 2, 3, 4])
    with pytest.raises(ValueError, match="method must be one of"):
        smooth(series, "kalman")
    with pytest.raises(TypeError, match="unknown options"):
        smooth(series, "rolling", delta=3)
    bad = series.assign(best=[1, -2, 3, 4])
    with pytest.raises(SchemaViolation, match="best"):
        smooth(bad)


def test_empty_series_gives_empty_frame():
    out = smooth(series_frame([np.nan, np.nan]))
    assert out.empty and list(out.columns) == COLUMNS


def test_groups_are_smoothed_separately_and_places_kept():
    a = series_frame([10, 10, 10, 10], category="civilians")
    b = series_frame([50, 50, 50, 50], category="soldiers")
    out = smooth(pd.concat([a, b]), "rolling", window=3)
    assert out.groupby("category")["estimate"].mean().to_dict() == {
        "civilians": 10.0,
        "soldiers": 50.0,
    }
    placed = pd.concat([a.assign(admin1="Aleppo"), a.assign(admin1="Homs", best=a["best"] * 3)])
    placed["low"] = placed["high"] = placed["best"]
    out = smooth(placed, "rolling", window=3)
    assert list(out.columns) == COLUMNS[:4] + ["admin1"] + COLUMNS[4:]
    assert out.groupby("admin1")["estimate"].mean().to_dict() == {"Aleppo": 10.0, "Homs": 30.0}


# ------------------------------------------------------------------ rolling


def test_rolling_skips_gaps_and_bands_by_hand():
    out = smooth(series_frame([10, np.nan, 20, 30]), "rolling", window=3)
    # Centred window of 3 days; the gap contributes nothing (it is not a zero).
    assert out["estimate"].tolist() == [10.0, 15.0, 25.0, 25.0]
    # Day 1: reports 10 and 20 → mean 15 ± t(1) · sd / √2.
    half = sps.t.ppf(0.975, 1) * np.std([10, 20], ddof=1) / np.sqrt(2)
    assert out.loc[1, "lower"] == pytest.approx(max(15 - half, 0))
    assert out.loc[1, "upper"] == pytest.approx(15 + half)
    # Day 0: only one report in the window → no band.
    assert np.isnan(out.loc[0, "lower"]) and np.isnan(out.loc[0, "upper"])


# ------------------------------------------------------------------ LOWESS


def test_lowess_sets_delta_and_follows_a_line(monkeypatch):
    import statsmodels.nonparametric.smoothers_lowess as sl

    seen = {}
    original = sl.lowess

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(sl, "lowess", spy)
    values = np.array([5 + 2 * t for t in range(200)], dtype=float)
    values[50:60] = np.nan  # a gap
    out = smooth(series_frame(values), "lowess")
    assert seen["delta"] == pytest.approx(0.01 * 199)  # default: 1 % of the span, never 0
    assert seen["frac"] == pytest.approx(4 * 7 / 190)
    truth = 5 + 2 * np.arange(200)
    np.testing.assert_allclose(out["estimate"], truth, rtol=1e-6)
    assert out["lower"].isna().all()
    out = smooth(series_frame(values), "lowess", delta=0.0, frac=0.5)
    assert seen["delta"] == 0.0 and seen["frac"] == 0.5


def test_lowess_bootstrap_band_covers_the_estimate():
    rng = np.random.default_rng(0)
    values = rng.poisson(20 + 10 * np.sin(np.arange(150) / 20))
    out = smooth(series_frame(values), "lowess", n_boot=50, seed=1)
    assert out["lower"].notna().all()
    assert ((out["lower"] <= out["estimate"]) & (out["estimate"] <= out["upper"])).mean() > 0.95
    pd.testing.assert_frame_equal(out, smooth(series_frame(values), "lowess", n_boot=50, seed=1))


# ------------------------------------------------------------------ STL


def test_stl_fills_gaps_explicitly_or_raises():
    t = np.arange(70, dtype=float)
    values = 30 + 0.5 * t + 5 * np.sin(2 * np.pi * t / 7)
    gappy = values.copy()
    gappy[20:24] = np.nan
    with pytest.raises(ValueError, match="gap"):
        smooth(series_frame(np.rint(gappy)), "stl", fill="raise")
    filled = smooth(series_frame(np.rint(gappy)), "stl")
    assert filled["estimate"].notna().all()  # statsmodels' STL alone would give NaN here
    zero = smooth(series_frame(np.rint(gappy)), "stl", fill="zero")
    assert zero["estimate"].iloc[20:24].mean() < filled["estimate"].iloc[20:24].mean()
    # Without gaps the trend is the line (seasonality removed).
    clean = smooth(series_frame(np.rint(values)), "stl")
    np.testing.assert_allclose(clean["estimate"].iloc[7:-7], (30 + 0.5 * t)[7:-7], atol=1.0)


def test_stl_too_short_warns_and_gives_nan():
    with pytest.warns(RuntimeWarning, match="two periods"):
        out = smooth(series_frame([1, 2, 3, 4, 5]), "stl")
    assert out["estimate"].isna().all()


# ------------------------------------------------------------------ local level


def simulated_level(seed: int, n: int = 400) -> tuple[np.ndarray, np.ndarray]:
    """A random-walk log-level and noisy counts around it, silent on days 150–209."""
    rng = np.random.default_rng(seed)
    level = np.log(30) + np.cumsum(rng.normal(0, 0.04, n))
    counts = np.rint(np.expm1(level + rng.normal(0, 0.3, n)))
    counts[150:210] = np.nan  # a 60-day silence
    return level, counts


def test_local_level_band_covers_a_known_level_and_widens_in_gaps():
    coverages = []
    for seed in range(8):
        level, counts = simulated_level(seed)
        out = smooth(series_frame(counts), "local_level")
        truth = np.expm1(level)
        coverages.append(((out["lower"] <= truth) & (truth <= out["upper"])).mean())
        assert np.median(np.abs(out["estimate"] / truth - 1)) < 0.1
    # 95 % bands: over 40 seeds the mean coverage is 0.94; single runs vary (0.83–1.0).
    assert 0.88 <= np.mean(coverages) <= 0.99
    width = np.log1p(out["upper"]) - np.log1p(out["lower"])
    assert width.iloc[175:185].mean() > 1.5 * width.iloc[50:100].mean()
    assert out["estimate"].iloc[150:210].notna().all()  # the smoother bridges the gap


# ------------------------------------------------------------------ NB GAM


def test_gam_estimates_the_dispersion_and_tracks_the_mean():
    rng = np.random.default_rng(3)
    n, alpha = 500, 0.5
    t = np.arange(n)
    mu = 20 * np.exp(0.8 * np.sin(t / 60))
    counts = rng.negative_binomial(1 / alpha, 1 / (1 + alpha * mu)).astype(float)
    counts[rng.random(n) < 0.15] = np.nan
    counts[0] = counts[-1] = 5  # keep the span
    out = smooth(series_frame(counts), "gam")
    estimated = out.attrs["gam_alpha"][("x", "civilians", "killed")]
    assert estimated != 1.0
    assert 0.35 < estimated < 0.7
    assert np.median(np.abs(out["estimate"] / mu - 1)) < 0.15
    assert ((out["lower"] <= mu) & (mu <= out["upper"])).mean() > 0.7
    fixed = smooth(series_frame(counts), "gam", alpha=0.2)
    assert fixed.attrs["gam_alpha"][("x", "civilians", "killed")] == 0.2


# ------------------------------------------------------------------ real data


def ucdp_daily() -> pd.DataFrame:
    """The bundled UCDP Syria events summed by hand to daily counts per category."""
    events = pd.read_csv(DATA / "ucdp" / "ucdp_aec_syria.csv")
    parts = ["deaths_side_a", "deaths_side_b", "deaths_civilian", "deaths_unknown"]
    events["best"] = events[parts].sum(axis=1)
    events["date"] = pd.to_datetime(events["start_date"])
    long = events.melt(
        id_vars=["date"],
        value_vars=["deaths_civilian", "deaths_unknown"],
        var_name="column",
        value_name="count",
    )
    long["category"] = long["column"].map(
        {"deaths_civilian": "civilians", "deaths_unknown": "unspecified"}
    )
    fighters = events.assign(count=events["deaths_side_a"] + events["deaths_side_b"])
    fighters["category"] = "fighters"
    both = pd.concat([long[["date", "category", "count"]], fighters[["date", "category", "count"]]])
    daily = both.groupby(["date", "category"], as_index=False)["count"].sum()
    assert daily["count"].sum() == events["best"].sum()
    return daily.assign(
        source_id="ucdp",
        outcome="killed",
        low=daily["count"],
        best=daily["count"],
        high=daily["count"],
        n_claims=1,
    ).drop(columns="count")


@pytest.mark.parametrize(
    "method",
    ["rolling", "lowess", "local_level", "stl", pytest.param("gam", marks=pytest.mark.slow)],
)
def test_ucdp_syria_daily_counts_smooth_without_error(method):
    series = ucdp_daily()
    out = smooth(series, method, window=7)
    assert set(out["category"]) == {"civilians", "fighters", "unspecified"}
    civilians = out[out["category"] == "civilians"]
    observed = series[series["category"] == "civilians"]
    span = (observed["date"].max() - observed["date"].min()).days + 1
    assert len(civilians) == span
    assert np.isfinite(out["estimate"]).all() if method != "rolling" else True
    assert (out["estimate"].dropna() >= 0).all()
    # A smooth of daily counts stays within the range of the counts.
    assert out["estimate"].max() <= series["best"].max()


def test_ucdp_syria_through_the_pipeline():
    """Imported UCDP events → daily series (casualties.daily) → smoothed trends per category."""
    import casualties as cs

    claims = cs.import_ucdp_ged(DATA / "ucdp" / "ucdp_aec_syria.csv")
    series = cs.daily(claims, place="Syria", outcome="killed")
    for method in ("rolling", "local_level"):
        out = smooth(series, method)
        assert set(out["category"]) == set(series["category"])
        assert (out["estimate"].dropna() >= 0).all()
        assert out["estimate"].max() <= series["best"].max()
    monthly = cs.daily(claims, place="Syria", outcome="killed", freq="M")
    out = smooth(monthly, "local_level")
    assert out["date"].dt.day.eq(1).all()  # the monthly grid is kept
    assert out["estimate"].notna().all()
