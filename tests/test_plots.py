"""Charts: each one rendered to PNG (Agg), holding drawn data, labelled, and strict on input."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import Collection, PolyCollection, QuadMesh  # noqa: E402

from casualties import plots  # noqa: E402
from casualties.stats import disagreement, fuse, smooth  # noqa: E402
from casualties.stats.simulate import simulate_sources  # noqa: E402

from .conftest import DATA, ROOT  # noqa: E402

CATEGORIES = ("civilians", "soldiers", "rebels", "unspecified")


# --------------------------------------------------------------------------------------------
# Data


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _by_category(series: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """Split each source's daily count into the four categories (shares fixed per category)."""
    rng = np.random.default_rng(seed)
    pieces = []
    for category, share in zip(CATEGORIES, rng.dirichlet(np.ones(4)), strict=True):
        part = series.copy()
        for column in ("low", "best", "high"):
            part[column] = (part[column].astype(float) * share).round().astype("Int64")
        part["category"] = category
        pieces.append(part)
    return pd.concat(pieces, ignore_index=True)


@pytest.fixture(scope="module")
def three() -> pd.DataFrame:
    """Three sources over 200 days, with gaps and missed days, one category."""
    series, _ = simulate_sources(
        n_days=200,
        biases={"sana": -0.5, "sohr": 0.0, "ucdp": 0.2},
        gaps={"sana": (60, 90), "ucdp": (120, 140)},
        report_prob={"sana": 0.7, "sohr": 0.95, "ucdp": 0.5},
        start="2016-01-01",
        seed=4,
    )
    return series


@pytest.fixture(scope="module")
def categories(three) -> pd.DataFrame:
    return _by_category(three)


@pytest.fixture(scope="module")
def dis(three):
    return disagreement(three)


@pytest.fixture(scope="module")
def fusion(three):
    return fuse(three, reference="sohr")


@pytest.fixture(scope="module")
def ucdp_claims() -> pd.DataFrame:
    """Real UCDP GED Syria events (bundled with the repository), as claims."""
    path = DATA / "ucdp" / "ucdp_aec_syria.csv"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    import casualties as cs

    return cs.import_ucdp_ged(path)


@pytest.fixture(scope="module")
def ucdp(ucdp_claims) -> pd.DataFrame:
    """UCDP Syria as a daily Series by category, 2015–2020."""
    import casualties as cs

    series = cs.daily(ucdp_claims)
    return series[(series["date"] >= "2015-01-01") & (series["date"] <= "2020-12-31")]


# --------------------------------------------------------------------------------------------
# Checks


def _drawn(ax) -> dict[str, int]:
    """How many artists on ``ax`` hold data: lines with 2+ finite points, non-empty collections,
    images, patches of positive size."""
    lines = 0
    for line in ax.get_lines():
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        ok = np.isfinite(x) & np.isfinite(y)
        if ok.sum() >= 2 or (ok.sum() >= 1 and line.get_marker() not in (None, "None", "")):
            lines += 1
    collections = 0
    for coll in ax.collections:
        if isinstance(coll, QuadMesh):
            array = coll.get_array()
            collections += int(array is not None and np.ma.count(array) > 0)
        elif isinstance(coll, PolyCollection):
            collections += int(any(len(p.vertices) > 2 for p in coll.get_paths()))
        elif isinstance(coll, Collection):
            offsets = np.asarray(coll.get_offsets(), dtype=float)
            collections += int(offsets.size and np.isfinite(offsets).all(axis=1).any())
    patches = sum(1 for p in ax.patches if p.get_width() > 0 and p.get_height() > 0)
    return {
        "lines": lines,
        "collections": collections,
        "images": len(ax.images),
        "patches": patches,
    }


def _check_chart(ax, tmp_path, name: str) -> None:
    """Rendered to PNG, holds data, labelled: title, x label and y label non-empty."""
    path = tmp_path / f"{name}.png"
    ax.get_figure().savefig(path, dpi=60)
    assert path.stat().st_size > 5_000
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sum(_drawn(ax).values()) > 0, f"{name}: nothing drawn"
    assert ax.get_title(loc="left").strip(), f"{name}: no title"
    assert ax.get_xlabel().strip(), f"{name}: no x label"
    assert ax.get_ylabel().strip(), f"{name}: no y label"
    notes = [t.get_text() for t in ax.texts if t.get_text().startswith("Source:")]
    assert notes, f"{name}: no source note"


def _covers_dates(ax, dates: pd.Series) -> None:
    low, high = ax.get_xlim()
    first = mdates.date2num(pd.Timestamp(dates.min()).to_pydatetime())
    last = mdates.date2num(pd.Timestamp(dates.max()).to_pydatetime())
    assert low <= first and last <= high


def _no_overlap(labels) -> None:
    boxes = [t.get_window_extent() for t in labels if t.get_text() and t.get_visible()]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), "tick labels overlap"


# --------------------------------------------------------------------------------------------
# Each chart


def test_plot_trend(categories, tmp_path):
    sohr = categories[categories["source_id"] == "sohr"]
    smoothed = smooth(sohr, method="rolling", window=7)
    ax = plots.plot_trend(smoothed, raw=sohr)
    _check_chart(ax, tmp_path, "trend")
    assert ax.get_ylabel() == "people killed per day"
    # One line per category in its fixed colour, a band per category, dots per category.
    colors = {matplotlib.colors.to_hex(line.get_color()).upper() for line in ax.get_lines()}
    assert {plots.CATEGORY_COLORS[c].upper() for c in CATEGORIES} <= colors
    drawn = _drawn(ax)
    assert drawn["lines"] >= 4 and drawn["collections"] >= 8
    _covers_dates(ax, sohr["date"])
    top = ax.get_ylim()[1]
    assert top >= np.nanmax(smoothed["estimate"].to_numpy())
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:4] == list(CATEGORIES) and "95% band" in labels


def test_plot_trend_several_sources_one_category(three, tmp_path):
    ax = plots.plot_trend(smooth(three, method="rolling"), raw=three)
    _check_chart(ax, tmp_path, "trend_sources")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:3] == ["SANA", "SOHR", "UCDP"]
    colors = [matplotlib.colors.to_hex(line.get_color()) for line in ax.get_lines()[:3]]
    expected = plots.source_colors(["sana", "sohr", "ucdp"]).values()
    assert colors == [c.lower() for c in expected]


def test_plot_trend_caps_extreme_reports(tmp_path):
    dates = pd.date_range("2020-01-01", periods=200)
    best = np.full(200, 10)
    best[100] = 5_000
    raw = pd.DataFrame(
        {"date": dates, "source_id": "sohr", "category": "civilians", "outcome": "killed",
         "low": best, "best": best, "high": best, "n_claims": 1}
    )  # fmt: skip
    ax = plots.plot_trend(smooth(raw, method="rolling", window=7), raw=raw)
    _check_chart(ax, tmp_path, "trend_capped")
    assert ax.get_ylim()[1] < 1_000  # one massacre day does not squash the line
    assert any("above" in t.get_text() and "5,000" in t.get_text() for t in ax.texts)


def test_plot_sources(three, tmp_path):
    ax = plots.plot_sources(three)
    _check_chart(ax, tmp_path, "sources")
    _covers_dates(ax, three["date"])
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["envelope (lowest–highest)", "SANA", "SOHR", "UCDP"]
    envelope = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert envelope, "no envelope band"
    assert ax.get_ylim()[0] == 0 and ax.get_ylim()[1] >= three["best"].max()


def test_plot_sources_gap_is_not_zero(tmp_path):
    """A day a source said nothing is a break in its line, never a zero."""
    dates = pd.to_datetime(["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-06", "2020-01-07"])
    frame = pd.DataFrame(
        {"date": dates, "source_id": "sohr", "category": "civilians", "outcome": "killed",
         "low": 5, "best": [5, 6, 7, 8, 9], "high": 9, "n_claims": 1}
    )  # fmt: skip
    ax = plots.plot_sources(frame)
    (line,) = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == 7]
    y = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(y[3]) and np.isnan(y[4])  # 4 and 5 January: silence
    assert (np.nan_to_num(y, nan=1) != 0).all()


def test_plot_sources_with_envelope_frame(ucdp_claims, tmp_path):
    """UCDP and a second source (twice UCDP) through daily(by=source) and sources="all"."""
    import casualties as cs

    claims = ucdp_claims[ucdp_claims["event_end"] >= pd.Timestamp("2019-01-01")]
    second = claims.assign(source_id="sohr", claim_id=claims["claim_id"] + "x")
    second["best"] = (second["best"] * 2).astype("Int64")
    second["high"] = (second["high"] * 2).astype("Int64")
    both = pd.concat([claims, second], ignore_index=True)
    totals = cs.daily(both, by=("source_id",), freq="M")
    envelope = cs.daily(both, by=("source_id",), freq="M", sources="all")
    ax = plots.plot_sources(totals, envelope=envelope)
    _check_chart(ax, tmp_path, "sources_envelope")
    assert ax.get_ylabel() == "people killed per month"
    band = [c for c in ax.collections if isinstance(c, PolyCollection)][0]
    top = max(p.vertices[:, 1].max() for p in band.get_paths())
    assert top == pytest.approx(float(envelope["high"].max()))
    note = [t.get_text() for t in ax.texts if t.get_text().startswith("Source:")][0]
    assert note == "Source: SOHR via casualties; UCDP GED (CC BY 4.0)"
    by_category = cs.daily(both, freq="M", sources="all")
    with pytest.raises(ValueError, match="one row per category"):
        plots.plot_sources(totals, envelope=by_category)


def test_plot_disagreement_heatmap(dis, tmp_path):
    ax = plots.plot_disagreement_heatmap(dis.by_period)
    _check_chart(ax, tmp_path, "heatmap")
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    assert mesh.norm.vmin == -mesh.norm.vmax  # symmetric, centred at 0
    values = dis.by_period["log_ratio"].abs().max()
    assert mesh.norm.vmax >= values
    assert mesh.get_cmap().name.startswith("RdBu")
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "SANA ÷ SOHR", "SANA ÷ UCDP", "SOHR ÷ UCDP"
    ]  # fmt: skip
    colorbar = mesh.colorbar
    assert colorbar is not None and "ratio" in colorbar.ax.get_ylabel()
    ticks = colorbar.get_ticks()
    assert 0.0 in ticks and np.allclose(sorted(ticks), sorted(-ticks))
    _covers_dates(ax, dis.by_period["period"])
    # Months where a pair never reported together are masked (grey), not coloured as 0.
    masked = np.ma.getmaskarray(mesh.get_array())
    assert masked.sum() == dis.by_period["log_ratio"].isna().sum()


def test_plot_coverage(three, tmp_path):
    ax = plots.plot_coverage(three)
    _check_chart(ax, tmp_path, "coverage")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["SANA", "SOHR", "UCDP"]
    shares = {t.get_text() for t in ax.texts if t.get_text().endswith("%")}
    days = three.groupby("source_id")["date"].nunique() / 200
    assert shares == {f"{v:.0%}" for v in days}
    _covers_dates(ax, three["date"])
    # Daily cells: the RGBA raster is opaque exactly on the days a source reported.
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    alpha = np.asarray(mesh.get_array())[..., 3] if mesh.get_array() is not None else None
    if alpha is None or alpha.ndim != 2:
        alpha = mesh.get_facecolor()[:, 3].reshape(3, -1)
    assert alpha.shape == (3, 200)
    assert (alpha > 0).sum(axis=1).tolist() == [int(v * 200) for v in days]


def test_plot_coverage_long_span_uses_months(tmp_path):
    series, _ = simulate_sources(n_days=3650, biases={"sohr": 0.0, "un": 0.0},
                                 report_prob={"sohr": 0.9, "un": 0.05}, seed=2)  # fmt: skip
    ax = plots.plot_coverage(series)
    _check_chart(ax, tmp_path, "coverage_decade")
    assert "month" in ax.get_xlabel()


def test_plot_bland_altman(dis, tmp_path):
    ax = plots.plot_bland_altman(dis.daily, source_a="sana", source_b="sohr")
    _check_chart(ax, tmp_path, "bland_altman")
    pair = dis.pairs[(dis.pairs["source_a"] == "sana") & (dis.pairs["source_b"] == "sohr")].iloc[0]
    levels = sorted(
        line.get_ydata()[0] for line in ax.get_lines() if line.get_linestyle() in ("-", "--")
        and line.get_color() == plots.OKABE_ITO["vermillion"]
    )  # fmt: skip
    expected = sorted([pair["ba_lower"], pair["ba_mean"], pair["ba_upper"]])
    assert levels == pytest.approx(expected)
    n = int(pair["n_days_both"])
    assert f"({n} days)" in ax.get_title(loc="left")
    low, high = ax.get_ylim()
    part = dis.daily[(dis.daily["source_a"] == "sana") & (dis.daily["source_b"] == "sohr")]
    assert low <= part["diff"].min() and part["diff"].max() <= high
    # The pair in the other order is the same chart; several pairs need a choice.
    swapped = plots.plot_bland_altman(dis.daily, source_a="sohr", source_b="sana")
    assert swapped.get_title(loc="left") == ax.get_title(loc="left")
    with pytest.raises(ValueError, match="3 pairs"):
        plots.plot_bland_altman(dis.daily)


def test_plot_composition(categories, tmp_path):
    sohr = categories[categories["source_id"] == "sohr"]
    ax = plots.plot_composition(sohr, freq="M")
    _check_chart(ax, tmp_path, "composition")
    heights = np.array([p.get_height() for p in ax.patches])
    bottoms = np.array([p.get_y() for p in ax.patches])
    months = sohr["date"].dt.to_period("M").nunique()
    shares = heights[bottoms < 1.03].reshape(len(CATEGORIES), months)
    assert shares.sum(axis=0) == pytest.approx(np.ones(months))
    civilians = sohr[sohr["category"] == "civilians"]["best"].sum()
    total = sohr["best"].sum()
    january = sohr[sohr["date"] < "2016-02-01"]
    expected = january[january["category"] == "civilians"]["best"].sum() / january["best"].sum()
    assert shares[0, 0] == pytest.approx(float(expected))
    assert 0 < civilians < total
    # The totals strip: tallest bar = the largest monthly total, written at its top tick.
    monthly = sohr.groupby(sohr["date"].dt.to_period("M"))["best"].sum()
    assert ax.get_yticklabels()[-1].get_text() == f"{int(monthly.max()):,}"
    with pytest.raises(ValueError, match="never added together"):
        plots.plot_composition(categories)


def test_plot_fusion_and_bias(three, fusion, tmp_path):
    ax = plots.plot_fusion(fusion.trend, three, fusion.bias)
    _check_chart(ax, tmp_path, "fusion")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:2] == ["consensus", "95% band"]
    assert "SOHR: reference" in labels
    sana = float(np.exp(fusion.bias.set_index("source_id").loc["sana", "bias"]))
    assert f"SANA: ×{sana:.2g}" in labels
    _covers_dates(ax, fusion.trend["date"])

    ax = plots.plot_bias(fusion.bias)
    _check_chart(ax, tmp_path, "bias")
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names == ["SANA", "SOHR (reference)", "UCDP"]  # sorted by bias
    sana_row = fusion.bias.set_index("source_id").loc["sana"]
    (bars,) = [c for c in ax.collections if isinstance(c, matplotlib.collections.LineCollection)][
        :1
    ]
    (segment,) = bars.get_segments()
    assert segment[:, 0] == pytest.approx(
        [sana_row["bias"] - 1.96 * sana_row["se"], sana_row["bias"] + 1.96 * sana_row["se"]]
    )
    low, high = ax.get_xlim()
    lows = fusion.bias["bias"] - 1.96 * fusion.bias["se"]
    highs = fusion.bias["bias"] + 1.96 * fusion.bias["se"]
    assert low < min(0.0, lows.min()) and max(0.0, highs.max()) < high


def test_skewed_data_goes_to_log_scales(tmp_path):
    """A few enormous days (a running total landing on one day) do not flatten the rest."""
    series, _ = simulate_sources(n_days=150, biases={"sohr": 0.0, "ucdp": 0.3}, seed=7)
    series.loc[series.index[40], ["low", "best", "high"]] = 100_000
    dis = disagreement(series)
    ax = plots.plot_bland_altman(dis.daily)
    _check_chart(ax, tmp_path, "bland_altman_log")
    assert ax.get_xscale() == "symlog" and "log ratio" in ax.get_ylabel()
    part = dis.daily
    expected = part["log_ratio"].mean()
    texts = [t.get_text() for t in ax.texts]
    assert f"mean ×{np.exp(expected):.2g}" in texts
    assert plots.plot_bland_altman(dis.daily, log=False).get_xscale() == "linear"

    result = fuse(series, reference="sohr")
    ax = plots.plot_fusion(result.trend, series, result.bias)
    _check_chart(ax, tmp_path, "fusion_log")
    assert ax.get_yscale() == "symlog" and ax.get_ylabel().endswith("(log scale)")
    assert ax.get_ylim()[1] >= 100_000


def test_heatmap_limit_is_robust(dis, tmp_path):
    """One extreme month takes the end colour; the scale follows the bulk of the cells."""
    frame = dis.by_period.copy()
    frame.loc[frame.index[0], "log_ratio"] = 9.0  # a factor of 8,000
    ax = plots.plot_disagreement_heatmap(frame)
    _check_chart(ax, tmp_path, "heatmap_robust")
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    assert mesh.norm.vmax < 9.0 and mesh.norm.vmin == -mesh.norm.vmax
    assert mesh.colorbar.extend in ("max", "both")


# --------------------------------------------------------------------------------------------
# Real data, spans, style


def test_ucdp_syria_by_category(ucdp, tmp_path):
    smoothed = smooth(ucdp, method="rolling", window=30)
    for name, ax in {
        "ucdp_trend": plots.plot_trend(smoothed, raw=ucdp),
        "ucdp_composition": plots.plot_composition(ucdp),
        "ucdp_coverage": plots.plot_coverage(ucdp),
    }.items():
        _check_chart(ax, tmp_path, name)
        note = [t.get_text() for t in ax.texts if t.get_text().startswith("Source:")][0]
        assert note == "Source: UCDP GED (CC BY 4.0)"
        assert "UCDP" in ax.get_title(loc="left") or name == "ucdp_coverage"


@pytest.mark.parametrize("n_days", [7, 90, 3650])
def test_dates_readable_at_any_span(n_days, tmp_path):
    series, _ = simulate_sources(n_days=n_days, start="2012-03-05", seed=n_days)
    for name, ax in {
        "sources": plots.plot_sources(series),
        "coverage": plots.plot_coverage(series),
        "heatmap": plots.plot_disagreement_heatmap(disagreement(series).by_period),
    }.items():
        figure = ax.get_figure()
        figure.savefig(tmp_path / f"{name}_{n_days}.png", dpi=60)
        labels = [t for t in ax.get_xticklabels() if t.get_text()]
        assert 2 <= len(labels) <= 12, f"{name} at {n_days} days: {len(labels)} date labels"
        _no_overlap(labels)
        _no_overlap(ax.get_yticklabels())


def test_ax_is_respected(three, categories, dis, fusion):
    sohr = categories[categories["source_id"] == "sohr"]
    calls = {
        "trend": lambda ax: plots.plot_trend(smooth(sohr), ax=ax),
        "sources": lambda ax: plots.plot_sources(three, ax=ax),
        "heatmap": lambda ax: plots.plot_disagreement_heatmap(dis.by_period, ax=ax),
        "coverage": lambda ax: plots.plot_coverage(three, ax=ax),
        "bland_altman": lambda ax: plots.plot_bland_altman(dis.daily, "sana", "sohr", ax=ax),
        "composition": lambda ax: plots.plot_composition(sohr, ax=ax),
        "fusion": lambda ax: plots.plot_fusion(fusion.trend, three, ax=ax),
        "bias": lambda ax: plots.plot_bias(fusion.bias, ax=ax),
    }
    figure, axes = plt.subplots(4, 2, figsize=(12, 14))
    for (name, call), ax in zip(calls.items(), axes.flat, strict=True):
        assert call(ax) is ax, name
        assert ax.get_title(loc="left"), name


def test_empty_input_raises(three, categories, dis, fusion):
    sohr = categories[categories["source_id"] == "sohr"]
    smoothed = smooth(sohr)
    calls = {
        "trend": lambda f: plots.plot_trend(f),
        "sources": lambda f: plots.plot_sources(f),
        "heatmap": lambda f: plots.plot_disagreement_heatmap(f),
        "coverage": lambda f: plots.plot_coverage(f),
        "bland_altman": lambda f: plots.plot_bland_altman(f, "sana", "sohr"),
        "composition": lambda f: plots.plot_composition(f),
        "fusion": lambda f: plots.plot_fusion(f),
        "bias": lambda f: plots.plot_bias(f),
    }
    frames = {
        "trend": smoothed,
        "sources": three,
        "heatmap": dis.by_period,
        "coverage": three,
        "bland_altman": dis.daily,
        "composition": sohr,
        "fusion": fusion.trend,
        "bias": fusion.bias,
    }
    for name, call in calls.items():
        with pytest.raises(ValueError, match="no data to plot"):
            call(frames[name].iloc[0:0])
        with pytest.raises(ValueError, match="no data to plot"):
            call(None)
    with pytest.raises(ValueError, match="no column 'best'"):
        plots.plot_sources(three.drop(columns="best"))
    all_missing = dis.by_period.assign(log_ratio=np.nan)
    with pytest.raises(ValueError, match="no pair reported on the same days"):
        plots.plot_disagreement_heatmap(all_missing)
    with pytest.raises(ValueError, match="no rows with outcome 'wounded'"):
        plots.plot_sources(three, outcome="wounded")
    assert not plt.get_fignums(), "an error must not leave an empty figure behind"


def test_source_notes_and_labels(three, tmp_path):
    assert plots.source_note(["sohr", "sana", "ucdp"]) == (
        "Source: SANA, SOHR via casualties; UCDP GED (CC BY 4.0)"
    )
    assert plots.source_note(["ucdp"]) == "Source: UCDP GED (CC BY 4.0)"
    assert plots.source_label("outlet:afp") == "AFP (outlet)"
    assert plots.source_label("syrian_government") == "Syrian government"
    ax = plots.plot_sources(three, source_note="Source: test", labels={"sana": "State media"})
    assert "Source: test" in [t.get_text() for t in ax.texts]
    assert "State media" in [t.get_text() for t in ax.get_legend().get_texts()]
    ax = plots.plot_sources(three, source_note="")
    assert not [t for t in ax.texts if t.get_text().startswith("Source")]


def test_source_colours_are_stable():
    one = plots.source_colors(["sohr", "sana", "ucdp"])
    two = plots.source_colors(["ucdp", "sohr", "sana", "sohr"])
    assert one == two and len(set(one.values())) == 3
    palette = set(plots.OKABE_ITO.values())
    assert set(one.values()) <= palette
    assert set(plots.CATEGORY_COLORS.values()) - {"#8C8C8C"} <= palette


def test_no_global_matplotlib_state(three, dis):
    before = dict(matplotlib.rcParams)
    plots.plot_sources(three)
    plots.plot_disagreement_heatmap(dis.by_period)
    after = dict(matplotlib.rcParams)
    assert before == after


def test_package_import_does_not_load_matplotlib():
    code = "import sys, casualties; print('matplotlib' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "False"


def test_report_style_figure(three, dis):
    """Charts drawn the report's way (a bare Figure, tight_layout) keep their labels inside."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    for draw in (
        lambda ax: plots.plot_sources(three, ax=ax),
        lambda ax: plots.plot_disagreement_heatmap(dis.by_period, ax=ax),
        lambda ax: plots.plot_composition(three[three["source_id"] == "sohr"], ax=ax),
    ):
        figure = Figure(figsize=(7.0, 3.4))
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        draw(ax)
        figure.tight_layout()
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()
        box = ax.get_tightbbox(renderer)
        assert box.x0 >= -1 and box.y0 >= -1
        assert box.x1 <= figure.bbox.x1 + 1 and box.y1 <= figure.bbox.y1 + 1
        assert not math.isnan(box.width)


def test_docstring_examples():
    import doctest

    result = doctest.testmod(plots, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 10 and result.failed == 0
