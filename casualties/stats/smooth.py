"""Smoothed trends with uncertainty bands for each source's daily counts (DESIGN §7).

:func:`smooth` smooths the ``best`` value of every (source_id, category, outcome) group of a
Series frame with one of five methods and returns one tidy frame. Each group is put on a
regular grid from its first to its last report; a period on which the source said nothing is
a *gap* (NaN), never a zero, and each method states below what it does with gaps.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ._common import KEYS, check_series, infer_freq, on_grid, place_keys, z_value

__all__ = ["smooth", "METHODS", "SMOOTH_COLUMNS"]

METHODS = ("rolling", "lowess", "stl", "local_level", "gam")
SMOOTH_COLUMNS = [
    "date",
    "source_id",
    "category",
    "outcome",
    "estimate",
    "lower",
    "upper",
    "method",
]

_OPTIONS: dict[str, set[str]] = {
    "rolling": {"center", "min_periods"},
    "lowess": {"delta", "it", "n_boot", "seed"},
    "stl": {"fill", "period", "robust", "seasonal"},
    "local_level": {"maxiter"},
    "gam": {"df", "degree", "alpha", "pen_weight", "max_iter"},
}


def smooth(
    series: pd.DataFrame,
    method: str = "rolling",
    *,
    window: int = 7,
    frac: float | None = None,
    level: float = 0.95,
    freq: str | None = None,
    **kw: Any,
) -> pd.DataFrame:
    """Smooth each (source_id, category, outcome) group's ``best`` counts.

    Each group is laid on a regular grid (``freq``) from its first to its last report; the
    result has one row per grid period, including the gaps, with the method's estimate of the
    expected count and, where the method gives one, a ``level`` band. Counts are never negative:
    estimates and bands are clipped at 0.

    Methods and what a gap means to each:

    ``"rolling"``
        Centred (``center=True``) mean of the reports inside a ``window``-period window; a gap
        simply contributes no value, so the mean is over the ``n`` reports present (at least
        ``min_periods``, default 1). Band: mean ± t(n−1) · sd / √n, the rolling standard
        error of the mean (NaN when ``n < 2``). A window with no report gives NaN.
    ``"lowess"``
        Robust LOWESS (``it=3``) on the reported periods only, with ``delta`` set (default 1 %
        of the span; plain LOWESS is O(n²)) so that points closer than ``delta`` are linearly
        interpolated. ``frac`` defaults to ``min(1, 4·window / n_reports)``. Gaps get the
        linear interpolation of the neighbouring fitted values. No band unless ``n_boot > 0``:
        then a residual bootstrap (``n_boot`` refits, ``seed``) gives percentile bands.
    ``"stl"``
        STL (robust, ``period=window``) returns NaN silently on gaps, so gaps are filled
        explicitly first: ``fill="interpolate"`` (default; linear in time between the
        neighbouring reports), ``"zero"`` (only for a source known to report every day with
        casualties, so that silence means none) or ``"raise"`` (ValueError on any gap).
        Estimate: the trend component. No band. A group shorter than two periods gets NaN
        (with a warning).
    ``"local_level"``
        ``statsmodels`` ``UnobservedComponents`` local level (random-walk level plus noise) on
        ``log1p`` counts, fitted by maximum likelihood. Gaps stay NaN: the Kalman filter skips
        them and the smoother bridges them, so the band widens inside a gap. Band from the
        smoothed state variance, level ± z·sd, back-transformed with ``expm1`` (so the estimate
        is a geometric-mean-like level, below the arithmetic mean of skewed counts).
    ``"gam"``
        Negative-binomial GLM-GAM (``GLMGam`` with a cubic ``BSplines`` basis of ``df``
        functions on time) fitted on the reported periods only; a gap is interpolated by the
        spline. The NB dispersion ``alpha`` is estimated by maximum likelihood, alternating
        with the penalised fit (never the ``GLM`` default 1.0); the spline penalty weight is
        chosen by AIC. Band: the pointwise ``level`` confidence interval of the mean.

    Parameters
    ----------
    series
        A Series frame (validated with :data:`casualties.schema.SeriesSchema`).
    method
        One of ``"rolling"``, ``"lowess"``, ``"stl"``, ``"local_level"``, ``"gam"``.
    window
        Rolling window and STL period, in grid periods; also sets the LOWESS span and the
        GAM's default number of spline functions.
    frac
        LOWESS span as a share of the reports (default ``min(1, 4·window / n_reports)``).
    level
        Confidence level of the bands.
    freq
        Grid frequency (``"D"``, ``"W-MON"``, ``"MS"``, …); inferred from the dates if None.
    **kw
        Method options: rolling ``center``, ``min_periods``; lowess ``delta``, ``it``,
        ``n_boot``, ``seed``; stl ``fill``, ``period``, ``robust``, ``seasonal``; local_level
        ``maxiter``; gam ``df``, ``degree``, ``alpha`` (fix the NB dispersion instead of
        estimating it), ``pen_weight`` (fix the penalty weight), ``max_iter``.

    Returns
    -------
    pandas.DataFrame
        ``date, source_id, category, outcome, estimate, lower, upper, method``, sorted by
        source, category, outcome and date (a series split by place also keeps its place
        columns, after ``outcome``, and is smoothed per place). ``lower``/``upper`` are NaN
        where the method gives no band. The GAM's estimated dispersion of each group is in
        ``frame.attrs["gam_alpha"]``, keyed by the group: ``(source_id, category, outcome)``
        (plus the place values of a series split by place).

    Examples
    --------
    >>> from casualties.stats.simulate import simulate_sources
    >>> series, _ = simulate_sources(n_days=60, seed=2)
    >>> out = smooth(series, "rolling", window=7)
    >>> list(out.columns)
    ['date', 'source_id', 'category', 'outcome', 'estimate', 'lower', 'upper', 'method']
    >>> bool((out["estimate"] >= 0).all())
    True
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    unknown = sorted(set(kw) - _OPTIONS[method])
    if unknown:
        raise TypeError(f"smooth(method={method!r}) got unknown options {unknown}")
    if int(window) < 1:
        raise ValueError(f"window must be a positive number of periods, got {window!r}")
    window = int(window)
    frame = check_series(series)
    z = z_value(level)
    if frame.empty:
        return _empty()
    freq = freq or infer_freq(frame["date"])
    function = _FUNCTIONS[method]

    pieces = []
    gam_alpha: dict[tuple[str, ...], float] = {}
    places = place_keys(frame)
    for key, group in frame.groupby(KEYS + places, sort=True, observed=True, dropna=False):
        y = on_grid(group["date"], group["best"], freq)
        options = dict(kw)
        if method == "lowess":
            options["frac"] = frac
        if method == "gam":
            options["store"] = gam_alpha
            options["key"] = tuple(str(k) for k in key)
        estimate, lower, upper = function(y.to_numpy(), window=window, z=z, level=level, **options)
        piece = pd.DataFrame(
            {
                "date": y.index,
                "source_id": key[0],
                "category": key[1],
                "outcome": key[2],
                **{column: key[3 + i] for i, column in enumerate(places)},
                "estimate": estimate,
                "lower": lower,
                "upper": upper,
                "method": method,
            }
        )
        pieces.append(piece)
    out = pd.concat(pieces, ignore_index=True)
    for column in ("estimate", "lower", "upper"):
        out[column] = out[column].astype(float).clip(lower=0.0)
    out["outcome"] = out["outcome"].astype(frame["outcome"].dtype)
    out["source_id"] = out["source_id"].astype(str)
    out["category"] = out["category"].astype(str)
    if gam_alpha:
        out.attrs["gam_alpha"] = gam_alpha
    return out[SMOOTH_COLUMNS[:4] + places + SMOOTH_COLUMNS[4:]]


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.Series([], dtype="datetime64[ns]"),
            "source_id": pd.Series([], dtype=str),
            "category": pd.Series([], dtype=str),
            "outcome": pd.Series([], dtype=pd.CategoricalDtype(["killed", "wounded"])),
            "estimate": pd.Series([], dtype=float),
            "lower": pd.Series([], dtype=float),
            "upper": pd.Series([], dtype=float),
            "method": pd.Series([], dtype=str),
        }
    )


Band = tuple[np.ndarray, np.ndarray, np.ndarray]


def _nan_band(n: int) -> np.ndarray:
    return np.full(n, np.nan)


# --------------------------------------------------------------------------- rolling


def _rolling(
    y: np.ndarray,
    *,
    window: int,
    z: float,
    level: float,
    center: bool = True,
    min_periods: int = 1,
) -> Band:
    from scipy import stats as sps

    rolled = pd.Series(y).rolling(window, center=center, min_periods=min_periods)
    mean = rolled.mean().to_numpy()
    sd = rolled.std(ddof=1).to_numpy()
    n = rolled.count().to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(n >= 2, sps.t.ppf(0.5 + level / 2, np.maximum(n - 1, 1)), np.nan)
        half = t * sd / np.sqrt(n)
    return mean, mean - half, mean + half


# --------------------------------------------------------------------------- lowess


def _lowess(
    y: np.ndarray,
    *,
    window: int,
    z: float,
    level: float,
    frac: float | None = None,
    delta: float | None = None,
    it: int = 3,
    n_boot: int = 0,
    seed: int = 0,
) -> Band:
    from statsmodels.nonparametric.smoothers_lowess import lowess

    n = len(y)
    x_all = np.arange(n, dtype=float)
    seen = ~np.isnan(y)
    x, obs = x_all[seen], y[seen]
    if len(obs) < 3:
        return np.interp(x_all, x, obs) if len(obs) else _nan_band(n), _nan_band(n), _nan_band(n)
    if frac is None:
        frac = min(1.0, 4.0 * window / len(obs))
    if not 0 < frac <= 1:
        raise ValueError(f"frac must be in (0, 1], got {frac!r}")
    if delta is None:
        delta = 0.01 * (x[-1] - x[0])

    def fit(values: np.ndarray) -> np.ndarray:
        return lowess(values, x, frac=frac, it=it, delta=delta, is_sorted=True, return_sorted=False)

    fitted = fit(obs)
    estimate = np.interp(x_all, x, fitted)
    if n_boot <= 0:
        return estimate, _nan_band(n), _nan_band(n)
    rng = np.random.default_rng(seed)
    residuals = obs - fitted
    draws = np.empty((n_boot, n))
    for b in range(n_boot):
        resampled = fitted + rng.choice(residuals, size=len(residuals), replace=True)
        draws[b] = np.interp(x_all, x, fit(resampled))
    tail = (1 - level) / 2 * 100
    lower, upper = np.percentile(draws, [tail, 100 - tail], axis=0)
    return estimate, lower, upper


# --------------------------------------------------------------------------- STL

_FILLS = ("interpolate", "zero", "raise")


def _stl(
    y: np.ndarray,
    *,
    window: int,
    z: float,
    level: float,
    fill: str = "interpolate",
    period: int | None = None,
    robust: bool = True,
    seasonal: int = 7,
) -> Band:
    from statsmodels.tsa.seasonal import STL

    if fill not in _FILLS:
        raise ValueError(f"fill must be one of {_FILLS}, got {fill!r}")
    period = int(period or window)
    n = len(y)
    gaps = np.isnan(y)
    if gaps.any():
        if fill == "raise":
            raise ValueError(
                f"STL needs a gap-free series but {int(gaps.sum())} of {n} periods are gaps; "
                "use fill='interpolate' or fill='zero'"
            )
        filled = (
            pd.Series(y).interpolate("linear").to_numpy()
            if fill == "interpolate"
            else (np.where(gaps, 0.0, y))
        )
    else:
        filled = y
    if period < 2 or n < 2 * period + 1:
        warnings.warn(
            f"STL needs at least two periods of {period} (got {n} values); estimate left NaN",
            RuntimeWarning,
            stacklevel=4,
        )
        return _nan_band(n), _nan_band(n), _nan_band(n)
    seasonal = max(int(seasonal), 7)
    seasonal += 1 - seasonal % 2  # odd
    result = STL(filled, period=period, seasonal=seasonal, robust=robust).fit()
    return np.asarray(result.trend, dtype=float), _nan_band(n), _nan_band(n)


# --------------------------------------------------------------------------- local level


def local_level_start(log_values: np.ndarray) -> np.ndarray:
    """Method-of-moments start ``[sigma2_irregular, sigma2_level]`` for a local level model.

    For ``y = level + noise`` with a random-walk level, the differences ``Δy`` have variance
    ``q + 2h`` and lag-one autocovariance ``−h``; both are estimated from consecutive reports
    only (gaps break the differences), then kept positive.
    """
    steps = np.diff(log_values)
    ok = ~np.isnan(steps)
    if ok.sum() < 3:
        seen = log_values[~np.isnan(log_values)]
        total = float(np.var(seen)) if len(seen) > 1 else 1.0
        return np.array([max(total, 1e-4), max(total / 10, 1e-5)])
    centred = np.where(ok, steps - steps[ok].mean(), np.nan)
    gamma0 = float(np.nanmean(centred**2))
    pairs = centred[1:] * centred[:-1]
    gamma1 = float(np.nanmean(pairs)) if np.isfinite(pairs).any() else -gamma0 / 2
    noise = min(max(-gamma1, 0.05 * gamma0), 0.5 * gamma0)
    level = max(gamma0 - 2 * noise, 1e-3 * gamma0)
    return np.array([max(noise, 1e-8), max(level, 1e-8)])


def local_level_fit(log_values: np.ndarray, maxiter: int = 50):
    """Fit a local-level model to ``log_values`` (NaN = gap); return statsmodels results.

    ``UnobservedComponents(level="llevel")`` by L-BFGS from :func:`local_level_start`.
    """
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    model = UnobservedComponents(log_values, level="llevel")
    start = local_level_start(log_values)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model.fit(start_params=start, disp=False, method="lbfgs", maxiter=maxiter)


def _local_level(y: np.ndarray, *, window: int, z: float, level: float, maxiter: int = 50) -> Band:
    n = len(y)
    if np.count_nonzero(~np.isnan(y)) < 3:
        warnings.warn(
            "local level needs at least 3 reports; estimate left NaN", RuntimeWarning, stacklevel=4
        )
        return _nan_band(n), _nan_band(n), _nan_band(n)
    results = local_level_fit(np.log1p(y), maxiter=maxiter)
    state = np.asarray(results.smoothed_state[0], dtype=float)
    sd = np.sqrt(np.maximum(np.asarray(results.smoothed_state_cov[0, 0], dtype=float), 0.0))
    return np.expm1(state), np.expm1(state - z * sd), np.expm1(state + z * sd)


# --------------------------------------------------------------------------- NB GAM


def nb_loglike(y: np.ndarray, mu: np.ndarray, alpha: float) -> float:
    """Negative-binomial (NB2) log-likelihood, variance ``mu + alpha·mu²``."""
    from scipy.special import gammaln

    inv = 1.0 / alpha
    mu = np.maximum(mu, 1e-12)
    return float(
        np.sum(
            gammaln(y + inv)
            - gammaln(inv)
            - gammaln(y + 1)
            + inv * np.log(inv / (inv + mu))
            + y * np.log(mu / (inv + mu))
        )
    )


def nb_alpha_mle(y: np.ndarray, mu: np.ndarray) -> float:
    """Maximum-likelihood NB dispersion ``alpha`` given fitted means ``mu``."""
    from scipy import optimize

    result = optimize.minimize_scalar(
        lambda log_alpha: -nb_loglike(y, mu, float(np.exp(log_alpha))),
        bounds=(np.log(1e-6), np.log(1e3)),
        method="bounded",
        options={"xatol": 1e-5},
    )
    return float(np.exp(result.x))


def _nb_pirls(
    exog: np.ndarray,
    y: np.ndarray,
    penalty: np.ndarray,
    dispersion: float,
    start: np.ndarray,
    max_iter: int = 100,
    tol: float = 1e-8,
) -> tuple[np.ndarray, np.ndarray, float]:
    """Penalised IRLS of an NB2 log-link GLM, as ``GLMGam``'s PIRLS solves it.

    Minimises the weighted least-squares criterion with penalty ``β' (2·penalty) β`` (the
    factor 2 is ``statsmodels.gam``'s convention), by Cholesky solves of the ``p × p`` normal
    equations. Returns ``(params, fitted means, effective degrees of freedom)``.
    """
    from scipy import linalg

    beta = np.asarray(start, dtype=float)
    twice = 2.0 * penalty
    deviance = np.inf
    for _ in range(max_iter):
        eta = np.clip(exog @ beta, -30, 30)
        mu = np.exp(eta)
        weights = mu / (1.0 + dispersion * mu)
        working = eta + (y - mu) / mu
        # einsum, not BLAS: a multithreaded BLAS on a small product is slow on a busy machine.
        gram = np.einsum("ni,nj->ij", exog * weights[:, None], exog)
        factor = linalg.cho_factor(gram + twice)
        beta = linalg.cho_solve(factor, exog.T @ (weights * working))
        mu = np.exp(np.clip(exog @ beta, -30, 30))
        new = -2.0 * nb_loglike(y, mu, dispersion)
        if abs(new - deviance) <= tol * (abs(new) + 0.1):
            break
        deviance = new
    edf = float(np.trace(linalg.cho_solve(factor, gram)))
    return beta, mu, edf


def _gam(
    y: np.ndarray,
    *,
    window: int,
    z: float,
    level: float,
    df: int | None = None,
    degree: int = 3,
    alpha: float | None = None,
    pen_weight: float | None = None,
    max_iter: int = 20,
    store: dict | None = None,
    key: tuple | None = None,
) -> Band:
    from scipy import optimize
    from statsmodels.gam.api import BSplines, GLMGam
    from statsmodels.genmod.families import NegativeBinomial

    n = len(y)
    seen = ~np.isnan(y)
    n_seen = int(seen.sum())
    if df is None:
        df = int(np.clip(n // (2 * window), 6, 40))
    df = int(min(df, max(n_seen - 2, degree + 1)))
    if n_seen < degree + 3:
        warnings.warn(
            f"GAM needs at least {degree + 3} reports; estimate left NaN",
            RuntimeWarning,
            stacklevel=4,
        )
        return _nan_band(n), _nan_band(n), _nan_band(n)
    scale = max(n - 1, 1)
    x = np.flatnonzero(seen) / scale  # time rescaled to [0, 1]: the penalty's scale is stable
    obs = y[seen]
    basis = BSplines(x[:, None], df=[df], degree=[degree])

    def model(dispersion: float, weight: float) -> GLMGam:
        return GLMGam(
            obs,
            exog=np.ones((n_seen, 1)),
            smoother=basis,
            alpha=weight,
            family=NegativeBinomial(alpha=dispersion),
        )

    template = model(1.0, 1.0)
    exog = np.asarray(template.exog, dtype=float)
    unit_penalty = np.asarray(template.penal.penalty_matrix(alpha=[1.0]), dtype=float)
    start = np.zeros(exog.shape[1])
    start[0] = np.log(max(float(np.mean(obs)), 0.1))

    # The search runs on a direct PIRLS (same criterion as GLMGam's, far cheaper than
    # refitting GLMGam each time); GLMGam is fitted once at the chosen values, below.
    def pirls(dispersion: float, weight: float, beta: np.ndarray):
        return _nb_pirls(exog, obs, weight * unit_penalty, dispersion, beta, tol=1e-7)

    def choose_weight(dispersion: float, beta: np.ndarray) -> float:
        def aic(log_weight: float) -> float:
            _, mu, edf = pirls(dispersion, float(np.exp(log_weight)), beta)
            return -2.0 * nb_loglike(obs, mu, dispersion) + 2.0 * edf

        found = optimize.minimize_scalar(
            aic, bounds=(np.log(1e-6), np.log(1e6)), method="bounded", options={"xatol": 0.1}
        )
        return float(np.exp(found.x))

    # Start: NB dispersion by ML around a centred rolling mean, so that the trend is not
    # mistaken for over-dispersion. Then alternate: penalty weight by AIC given the
    # dispersion; ML dispersion given the penalised fit's means; until both settle.
    rough = pd.Series(obs).rolling(2 * window + 1, center=True, min_periods=1).mean().to_numpy()
    dispersion = float(alpha) if alpha is not None else nb_alpha_mle(obs, rough)
    weight = float(pen_weight) if pen_weight is not None else 1.0
    beta, mu, _ = pirls(dispersion, weight, start)
    for _ in range(max_iter):
        old = (dispersion, weight)
        if pen_weight is None:
            weight = choose_weight(dispersion, beta)
            beta, mu, _ = pirls(dispersion, weight, beta)
        if alpha is None:
            dispersion = nb_alpha_mle(obs, mu)
            beta, mu, _ = pirls(dispersion, weight, beta)
        if abs(np.log(dispersion / old[0])) < 1e-3 and abs(np.log(weight / old[1])) < 0.05:
            break
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = model(dispersion, weight).fit(start_params=beta)
    if store is not None and key is not None:
        store[key] = dispersion
    x_all = np.arange(n) / scale
    frame = result.get_prediction(exog=np.ones((n, 1)), exog_smooth=x_all[:, None]).summary_frame(
        alpha=1 - level
    )
    return (
        frame["mean"].to_numpy(),
        frame["mean_ci_lower"].to_numpy(),
        frame["mean_ci_upper"].to_numpy(),
    )


_FUNCTIONS: dict[str, Callable[..., Band]] = {
    "rolling": _rolling,
    "lowess": _lowess,
    "stl": _stl,
    "local_level": _local_level,
    "gam": _gam,
}
