"""Simulated Series frames with a known truth, for tests, benchmarks and method checks.

The generating model is the one :func:`casualties.stats.fuse` fits: a latent log-rate
``mu_t`` follows a Gaussian random walk; source ``s`` reports on day ``t`` (with probability
``report_prob[s]``, never inside its gaps) the count ``round(expm1(mu_t + bias_s + e))`` with
``e ~ N(0, sigma_s²)``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..schema import SeriesSchema, validate

__all__ = ["simulate_sources"]


def simulate_sources(
    n_days: int = 730,
    biases: Mapping[str, float] | None = None,
    sigmas: Mapping[str, float] | float = 0.25,
    *,
    level_sigma: float = 0.03,
    start_level: float = float(np.log(50.0)),
    gaps: Mapping[str, tuple[int, int]] | None = None,
    report_prob: Mapping[str, float] | float = 1.0,
    start: str = "2015-01-01",
    category: str = "unspecified",
    outcome: str = "killed",
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate several sources reporting one latent daily casualty rate.

    Parameters
    ----------
    n_days
        Length of the simulation in days.
    biases
        Additive bias of each source on the log scale (default ``{"a": -0.4, "sohr": 0.0,
        "c": 0.3}``).
    sigmas
        Observation noise standard deviation on the log scale, per source or one for all.
    level_sigma
        Standard deviation of the latent random walk's daily step.
    start_level
        The latent log-rate on the first day.
    gaps
        Per source, a half-open ``(first, last)`` range of day indices on which it is silent.
    report_prob
        Probability that a source reports on a day outside its gaps, per source or one for all.
    start, category, outcome
        First date and the labels of the rows.
    seed
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    series : pandas.DataFrame
        A validated Series frame (``low = best = high``, ``n_claims = 1``).
    truth : pandas.DataFrame
        ``date``, ``level`` (the latent log-rate) and ``count`` (``expm1(level)``).

    Examples
    --------
    >>> series, truth = simulate_sources(n_days=30, seed=1)
    >>> sorted(series["source_id"].unique())
    ['a', 'c', 'sohr']
    >>> len(truth)
    30
    """
    biases = dict(biases) if biases is not None else {"a": -0.4, "sohr": 0.0, "c": 0.3}
    gaps = dict(gaps or {})
    rng = np.random.default_rng(seed)
    dates = pd.date_range(start, periods=n_days, freq="D")
    level = start_level + np.concatenate([[0.0], np.cumsum(rng.normal(0, level_sigma, n_days - 1))])
    frames = []
    for source_id, bias in biases.items():
        sigma = sigmas[source_id] if isinstance(sigmas, Mapping) else sigmas
        prob = report_prob[source_id] if isinstance(report_prob, Mapping) else report_prob
        noise = rng.normal(0.0, sigma, n_days)
        reports = rng.random(n_days) < prob
        if source_id in gaps:
            first, last = gaps[source_id]
            reports[first:last] = False
        counts = np.clip(np.rint(np.expm1(level + bias + noise)), 0, None).astype("int64")
        frames.append(
            pd.DataFrame(
                {
                    "date": dates[reports],
                    "source_id": source_id,
                    "category": category,
                    "outcome": outcome,
                    "low": counts[reports],
                    "best": counts[reports],
                    "high": counts[reports],
                    "n_claims": 1,
                }
            )
        )
    series = validate(pd.concat(frames, ignore_index=True), SeriesSchema)
    truth = pd.DataFrame({"date": dates, "level": level, "count": np.expm1(level)})
    return series, truth
