"""The report's charts: :mod:`casualties.plots` rendered to PNG in memory, same bytes every time.

This module loads matplotlib (through :mod:`casualties.plots`): it is imported when a report is
written, not with :mod:`casualties`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import plots
from ..plots.tidy import skewed, values
from .analysis import FREQ_WORDS, Analysis, Progress, error_text

CHART_DPI = 170

_RC = {
    "font.family": "DejaVu Sans",
    "svg.hashsalt": "casualties",
    "path.simplify": True,
    "figure.dpi": 100,
    "savefig.dpi": CHART_DPI,
}


@dataclass
class Chart:
    """One rendered chart with its caption."""

    key: str
    caption: str
    png: bytes | None
    width_in: float
    height_in: float
    error: str | None = None


def render_chart(
    key: str,
    draw: Callable[[Any], Any],
    caption: str,
    *,
    width_in: float = 7.0,
    height_in: float = 3.4,
) -> Chart:
    """Call ``draw(ax)`` on a fresh figure and render it to PNG bytes (deterministic)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(width_in, height_in))
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        try:
            draw(ax)
            buffer = io.BytesIO()
            # "tight" keeps the source note and legends that sit outside the axes.
            figure.savefig(
                buffer,
                format="png",
                dpi=CHART_DPI,
                bbox_inches="tight",
                pad_inches=0.06,
                metadata={"Software": None},
            )
        except Exception as err:  # noqa: BLE001 - one failing chart must not lose the report
            return Chart(key, caption, None, width_in, height_in, error=error_text(err))
        finally:
            figure.clear()
    png = buffer.getvalue()
    width_px, height_px = _png_size(png)
    return Chart(key, caption, png, width_px / CHART_DPI, height_px / CHART_DPI)


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG's IHDR chunk."""
    import struct

    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def make_charts(analysis: Analysis, progress: Progress | None = None) -> dict[str, Chart]:
    """Render every chart the report shows, keyed by name."""
    say = progress or (lambda _msg: None)
    shown = _Shown.of(analysis)
    if shown.periodic.empty:
        return {}
    say("drawing charts")
    charts = {"sources": _sources_chart(shown)}
    own = shown.periodic[shown.periodic["source_id"] == analysis.reference]
    if analysis.smoothed is not None and not analysis.smoothed.empty:
        charts["trend"] = _trend_chart(shown, own)
    charts["composition"] = _composition_chart(shown, own)
    charts["coverage"] = _coverage_chart(shown)
    if analysis.fusion is not None:
        charts["fusion"] = _fusion_chart(shown)
        charts["bias"] = _bias_chart(shown)
    dis = analysis.disagreement
    if dis is not None and getattr(dis, "by_period", None) is not None and len(dis.by_period):
        charts["heatmap"] = _heatmap_chart(shown)
        pair = _bland_altman_pair(dis)
        if pair is not None:
            charts["bland_altman"] = _bland_altman_chart(shown, *pair)
    return charts


@dataclass(frozen=True)
class _Shown:
    """What the charts show: the charted sources' series, their names, the period and outcome."""

    analysis: Analysis
    periodic: pd.DataFrame  # charted sources at the chart frequency
    daily: pd.DataFrame  # charted sources per day
    labels: dict[str, str]  # display names of the charted sources
    period: str  # "day", "week" or "month"
    what: str  # the outcome

    @classmethod
    def of(cls, analysis: Analysis) -> _Shown:
        focus = analysis.chart_sources
        return cls(
            analysis=analysis,
            periodic=analysis.periodic[analysis.periodic["source_id"].isin(focus)],
            daily=analysis.daily[analysis.daily["source_id"].isin(focus)],
            labels={sid: analysis.label(sid) for sid in focus},
            period=FREQ_WORDS[analysis.freq],
            what=analysis.scope.outcome,
        )

    @property
    def reference(self) -> str:
        """The display name of the reference source."""
        return self.analysis.label(self.analysis.reference or "")


def _sources_chart(shown: _Shown) -> Chart:
    totals, envelope, period = shown.analysis.totals, shown.analysis.envelope, shown.period
    # A few very large figures would flatten every other line: then the scale is logarithmic.
    log_scale = skewed(values(totals["best"]), min_count=5)

    def draw(ax: Any) -> Any:
        ax = plots.plot_sources(totals, envelope=envelope, labels=shown.labels, ax=ax)
        if log_scale:
            ax.set_yscale("symlog", linthresh=10)
            ax.set_ylim(bottom=0)
            ax.set_ylabel(f"{ax.get_ylabel()} (log scale)")
        return ax

    caption = (
        f"People reported {shown.what} per {period}, by source (all categories summed). The grey "
        f"band is the cross-source envelope: the lowest and highest source on each {period}. A "
        f"{period} on which a source said nothing is a gap, not a zero."
    )
    if log_scale:
        caption += (
            " The scale is logarithmic (linear below 10): a few very large figures would "
            "otherwise flatten every other line."
        )
    return render_chart("sources", draw, caption, height_in=3.8)


def _trend_chart(shown: _Shown, own: pd.DataFrame) -> Chart:
    smoothed, reference, period = shown.analysis.smoothed, shown.reference, shown.period
    return render_chart(
        "trend",
        lambda ax: plots.plot_trend(smoothed, raw=own, labels=shown.labels, ax=ax),
        f"{reference}: people reported {shown.what} per {period} and category, smoothed (centred "
        f"rolling mean over 5 {period}s) with its 95% band. {reference} is the source "
        "charted with the most claims.",
    )


def _composition_chart(shown: _Shown, own: pd.DataFrame) -> Chart:
    return render_chart(
        "composition",
        lambda ax: plots.plot_composition(own, labels=shown.labels, ax=ax),
        f"Who was reported {shown.what}, according to {shown.reference}: each category's share "
        f"of the {shown.period}'s total.",
    )


def _coverage_chart(shown: _Shown) -> Chart:
    return render_chart(
        "coverage",
        lambda ax: plots.plot_coverage(shown.daily, labels=shown.labels, ax=ax),
        "Coverage: the days on which each source reported a figure. Sparse rows mean a "
        "source's totals rest on few reports.",
        height_in=max(1.8, 0.9 + 0.32 * len(shown.analysis.chart_sources)),
    )


def _fusion_chart(shown: _Shown) -> Chart:
    fusion, reference = shown.analysis.fusion, shown.analysis.reference
    return render_chart(
        "fusion",
        lambda ax: plots.plot_fusion(
            fusion.trend,
            daily=shown.daily,
            bias=fusion.bias,
            reference=reference,
            labels=shown.labels,
            ax=ax,
        ),
        "Consensus estimate: one latent daily rate seen by every source with its own bias "
        f"(state-space fusion, reference {shown.reference}), with its "
        "95% band; dots are the sources' daily reports.",
    )


def _bias_chart(shown: _Shown) -> Chart:
    bias = shown.analysis.fusion.bias
    return render_chart(
        "bias",
        lambda ax: plots.plot_bias(bias, labels=shown.labels, ax=ax),
        "Each source's estimated bias against the reference (log scale: +0.69 means twice "
        "as many), with 95% intervals.",
        height_in=max(1.8, 0.9 + 0.3 * len(shown.analysis.chart_sources)),
    )


def _heatmap_chart(shown: _Shown) -> Chart:
    by_period = shown.analysis.disagreement.by_period
    n_pairs = by_period[["source_a", "source_b"]].drop_duplicates().shape[0]
    return render_chart(
        "heatmap",
        lambda ax: plots.plot_disagreement_heatmap(by_period, labels=shown.labels, ax=ax),
        "Disagreement over time: log ratio of the two sources' monthly counts (first over "
        "second) for each pair; 0 = agreement, ±0.69 = a factor of two. Blank = the pair "
        "did not both report that month.",
        height_in=max(2.2, 1.2 + 0.28 * n_pairs),
    )


def _bland_altman_chart(shown: _Shown, a: str, b: str) -> Chart:
    daily = shown.analysis.disagreement.daily
    name_a, name_b = shown.analysis.label(a), shown.analysis.label(b)
    return render_chart(
        "bland_altman",
        lambda ax: plots.plot_bland_altman(
            daily, source_a=a, source_b=b, labels=shown.labels, ax=ax
        ),
        f"Bland–Altman plot of {name_a} against {name_b} on the days both reported: difference "
        "against mean, with the mean difference and the 95% limits of agreement.",
        height_in=3.2,
    )


def _bland_altman_pair(dis: Any) -> tuple[str, str] | None:
    pairs = getattr(dis, "pairs", None)
    if pairs is None or pairs.empty:
        return None
    usable = pairs[pairs["n_days_both"] >= 3]
    if usable.empty:
        return None
    best = usable.sort_values(
        ["n_days_both", "source_a", "source_b"], ascending=[False, True, True], kind="stable"
    ).iloc[0]
    return str(best["source_a"]), str(best["source_b"])
