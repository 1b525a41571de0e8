"""The demo: the bundled Syrian dispatches and UCDP events → ``reports/demo.pdf``.

The FA-KES articles and the founding AFP dispatch are read and extracted, their claims are put
beside the UCDP GED events in Syria (another source, ``ucdp``), and one report compares the
Syrian Observatory (SOHR), the Syrian government and state media (SANA), the opposition, the UN
and UCDP over the years the dispatches cover.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

__all__ = ["DemoResult", "run_demo", "DATA", "DEMO_SOURCES"]

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FAKES = DATA / "fakes" / "fakes.dispatches.jsonl"
SEED = DATA / "seed" / "aleppo-2012-08-08.fr.jsonl"
UCDP = DATA / "ucdp" / "ucdp_aec_syria.csv"
DEFAULT_OUTPUT = ROOT / "reports" / "demo.pdf"

#: The sources the demo charts and compares (the report's tables list every source).
DEMO_SOURCES = ("sohr", "syrian_government", "sana", "opposition", "un", "ucdp")

TITLE = "Syria: casualty claims by source"


@dataclass
class DemoResult:
    """What the demo made: the PDF, the figures it headlines, and how long each step took."""

    path: Path
    pages: int
    headline: pd.DataFrame
    n_dispatches: int
    n_claims_extracted: int
    n_claims_ucdp: int
    since: pd.Timestamp
    until: pd.Timestamp
    claims: pd.DataFrame  # every claim given to the report (extracted and UCDP)
    timings: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        from .report import fmt_count, fmt_range, source_label

        lines = [
            f"{self.path}",
            f"{self.n_dispatches:,} dispatches → {self.n_claims_extracted:,} claims extracted; "
            f"{self.n_claims_ucdp:,} UCDP events; period {self.since:%Y-%m-%d} to "
            f"{self.until:%Y-%m-%d}",
            "people reported killed in incidents, by source (best, low–high; sources are never "
            "added), and the largest running total each stated:",
        ]
        table = self.headline
        width = max([len(source_label(s, self.claims)) for s in table["source_id"]] + [6])
        for row in table.itertuples():
            running = ""
            if not pd.isna(row.running_max):
                running = (
                    f"; running total up to {row.running_max:,} ({row.running_max_date:%Y-%m-%d})"
                )
            name = source_label(row.source_id, self.claims)
            if pd.isna(row.claims):
                lines.append(f"  {name:<{width}}  {'–':>8}  (no incident figure){running}")
                continue
            lines.append(
                f"  {name:<{width}}  {fmt_count(row.best):>8}  "
                f"({fmt_range(row.low, row.high)}) in {int(row.claims):,} claims{running}"
            )
        return "\n".join(lines)


def _status_rejections(status: pd.DataFrame) -> pd.DataFrame | None:
    """The dispatches extraction rejected, as rejections (``dispatch_id``, ``reason``)."""
    rejected = status[status["status"].astype(str) == "rejected"]
    if rejected.empty:
        return None
    return pd.DataFrame(
        {"dispatch_id": rejected["dispatch_id"], "reason": rejected["reason"].astype(str)}
    )


def run_demo(
    output: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
    *,
    workers: int = 2,
    chart: str | Path | None = None,
) -> DemoResult:
    """Build the demo report from the bundled data; return its path and headline figures.

    ``workers`` processes extract the dispatches (the claims do not depend on it). With
    ``chart``, the report's main chart (sources over time) is also written there as PNG.

    Examples
    --------
    >>> result = run_demo()  # doctest: +SKIP
    >>> print(result.summary())  # doctest: +SKIP
    """
    from .extract import extract_dispatches
    from .io import load_dispatches
    from .io.ucdp import import_ucdp_ged
    from .report import write_report

    say = progress or (lambda _msg: None)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    read = load_dispatches([FAKES, SEED])
    dispatches = read.dispatches
    say(f"read {len(dispatches):,} dispatches (FA-KES and the AFP seed)")
    lap("read")
    result = extract_dispatches(dispatches, workers=workers)
    extracted, status = result.claims, result.status
    say(f"extracted {extracted['claim_id'].nunique():,} claims")
    lap("extract")
    ucdp = import_ucdp_ged(UCDP)
    say(f"imported {ucdp['claim_id'].nunique():,} UCDP events in Syria")
    lap("import")
    claims = pd.concat([extracted, ucdp], ignore_index=True)

    published = dispatches["published"].dropna()
    until = published.max().tz_convert("UTC").tz_localize(None).normalize()
    starts = pd.to_datetime(extracted["event_start"]).dropna()
    since = max(starts.min() if len(starts) else until, pd.Timestamp("2011-03-15"))
    target = Path(output) if output is not None else DEFAULT_OUTPUT
    info = write_report(
        claims,
        target,
        title=TITLE,
        since=since,
        until=until,
        outcome="killed",
        rejections=read.rejections if len(read.rejections) else None,
        dispatches=dispatches,
        extraction_status=_status_rejections(status),
        chart_sources=DEMO_SOURCES,
        progress=say,
    )
    lap("report")
    if chart is not None and info.charts.get("sources") is not None:
        picture = Path(chart)
        picture.parent.mkdir(parents=True, exist_ok=True)
        picture.write_bytes(info.charts["sources"].png)
    figures = info.headline()
    figures = figures[figures["source_id"].isin(DEMO_SOURCES)].reset_index(drop=True)
    return DemoResult(
        path=info.path,
        pages=info.pages,
        headline=figures,
        n_dispatches=len(dispatches),
        n_claims_extracted=int(extracted["claim_id"].nunique()),
        n_claims_ucdp=int(ucdp["claim_id"].nunique()),
        since=since,
        until=until,
        claims=claims,
        timings=timings,
    )
