"""Fusion of several sources into one consensus trend with per-source biases (DESIGN §7).

The model, a custom ``statsmodels`` :class:`~statsmodels.tsa.statespace.mlemodel.MLEModel`::

    mu[t+1]  = mu[t] + eta[t],                 eta[t] ~ N(0, sigma2_level)     (latent log-rate)
    y[s, t]  = mu[t] + bias[s] + eps[s, t],    eps[s, t] ~ N(0, sigma2[s])     (each source s)

where ``y[s, t] = log1p(best)`` of source ``s`` on day ``t`` summed over the categories in the
input, and ``bias[reference] = 0``. A day a source said nothing is NaN, which the Kalman filter
skips (it is not a zero). The consensus ``mu`` is therefore on the reference source's scale.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.tsa.statespace.kalman_smoother import (
    SMOOTHER_DISTURBANCE,
    SMOOTHER_DISTURBANCE_COV,
)
from statsmodels.tsa.statespace.mlemodel import MLEModel, MLEResults

from ._common import (
    check_series,
    infer_freq,
    per_source_day,
    select_categories,
    select_outcome,
    select_sources,
    sources_only,
    z_value,
)

__all__ = ["fuse", "FusionResult", "FusionModel"]

_MIN_VARIANCE = 1e-8


class FusionModel(MLEModel):
    """One latent random-walk log-rate seen by every source with its own bias and noise.

    Parameters
    ----------
    endog
        Array ``(n_periods, n_sources)`` of ``log1p`` counts, NaN where a source is silent.
    source_ids
        Column labels of ``endog``.
    reference
        The source whose bias is fixed at 0.

    Notes
    -----
    Parameters, in order: ``bias.<source>`` for every non-reference source (unconstrained),
    ``sigma2.<source>`` for every source and ``sigma2.level`` (variances, kept positive by an
    ``exp`` transform of their logarithms). The state starts (exactly) diffuse and the
    sources are filtered one at a time (univariate filtering; missing values are skipped).

    The score is analytic (Fisher's identity, Koopman & Shephard 1992): from one disturbance
    smoother run, ``d loglike / d bias_s = sum_t E[eps_st | y] / sigma2_s`` and
    ``d loglike / d sigma2 = sum_t (E[e² | y] - sigma2) / (2 sigma2²)`` for each noise term,
    instead of one complex-step likelihood evaluation per parameter. :meth:`hessian` is the
    centred finite-difference Jacobian of that score, so ``cov_type="approx"`` costs
    ``2 × n_params`` smoother runs.
    """

    def __init__(self, endog: np.ndarray, source_ids: Sequence[str], reference: str):
        endog = np.asarray(endog, dtype=float)
        self.source_ids = [str(s) for s in source_ids]
        if reference not in self.source_ids:
            raise ValueError(f"reference {reference!r} is not among {self.source_ids}")
        self.reference = reference
        self.k_sources = len(self.source_ids)
        self.ref_index = self.source_ids.index(reference)
        self.bias_index = [i for i in range(self.k_sources) if i != self.ref_index]
        super().__init__(endog, k_states=1, k_posdef=1, initialization="diffuse")
        self.ssm["design"] = np.ones((self.k_sources, 1))
        self.ssm["transition"] = np.eye(1)
        self.ssm["selection"] = np.eye(1)
        self.ssm["obs_intercept"] = np.zeros((self.k_sources, 1))
        self.ssm["obs_cov"] = np.eye(self.k_sources)
        self.ssm["state_cov"] = np.eye(1)
        self.ssm.filter_univariate = True
        self._n_bias = len(self.bias_index)

    @property
    def param_names(self) -> list[str]:
        return (
            [f"bias.{self.source_ids[i]}" for i in self.bias_index]
            + [f"sigma2.{s}" for s in self.source_ids]
            + ["sigma2.level"]
        )

    @property
    def start_params(self) -> np.ndarray:
        return start_values(np.asarray(self.endog), self.ref_index)

    def transform_params(self, unconstrained: np.ndarray) -> np.ndarray:
        constrained = np.array(unconstrained, dtype=unconstrained.dtype, copy=True)
        constrained[self._n_bias :] = np.exp(unconstrained[self._n_bias :])
        return constrained

    def untransform_params(self, constrained: np.ndarray) -> np.ndarray:
        unconstrained = np.array(constrained, dtype=constrained.dtype, copy=True)
        unconstrained[self._n_bias :] = np.log(np.maximum(constrained[self._n_bias :], 1e-300))
        return unconstrained

    # ------------------------------------------------------------------ derivatives

    def _analytic_score(self, params: np.ndarray) -> np.ndarray:
        """Score with respect to the constrained parameters (Fisher's identity)."""
        return self._loglike_and_score(params)[1]

    def _loglike_and_score(self, params: np.ndarray) -> tuple[float, np.ndarray]:
        """Log-likelihood and its gradient (constrained parameters) from one smoother run."""
        self.update(params, transformed=True)
        # update_filter=False skips copying the filter output into Python (the costly part);
        # the smoother output and the filter's likelihood array are all that is needed.
        smoothed = self.ssm.smooth(
            smoother_output=SMOOTHER_DISTURBANCE | SMOOTHER_DISTURBANCE_COV, update_filter=False
        )
        k, n_bias = self.k_sources, self._n_bias
        observed = ~np.isnan(np.asarray(self.endog)).T  # (k_sources, n_periods)
        eps = np.where(observed, smoothed.smoothed_measurement_disturbance, 0.0)
        eps_var = np.where(
            observed,
            np.diagonal(smoothed.smoothed_measurement_disturbance_cov, axis1=0, axis2=1).T,
            0.0,
        )
        variances = params[n_bias : n_bias + k] + _MIN_VARIANCE
        grad = np.zeros(len(params))
        grad[:n_bias] = (eps.sum(axis=1) / variances)[self.bias_index]
        grad[n_bias : n_bias + k] = 0.5 * (
            (eps**2 + eps_var).sum(axis=1) / variances**2 - observed.sum(axis=1) / variances
        )
        q = params[-1] + _MIN_VARIANCE
        eta = smoothed.smoothed_state_disturbance[0]
        eta_var = smoothed.smoothed_state_disturbance_cov[0, 0]
        grad[-1] = 0.5 * (np.sum(eta**2 + eta_var) / q**2 - len(eta) / q)
        burn = self.ssm.loglikelihood_burn
        loglike = float(np.sum(np.asarray(self.ssm._kalman_filter.loglikelihood)[burn:]))
        return loglike, grad

    def _objective(self, unconstrained: np.ndarray, *args: Any) -> tuple[float, np.ndarray]:
        """Mean log-likelihood and score over unconstrained parameters, for L-BFGS."""
        constrained = self.transform_params(np.asarray(unconstrained, dtype=float))
        loglike, grad = self._loglike_and_score(constrained)
        grad[self._n_bias :] *= constrained[self._n_bias :]  # d exp(u) / du
        nobs = self.endog.shape[0]
        if not np.isfinite(loglike):
            return -1e300, np.zeros_like(grad)
        return loglike / nobs, grad / nobs

    def fit(self, *args: Any, **kwargs: Any) -> MLEResults:
        """``MLEModel.fit``; with L-BFGS it uses the analytic score (one smoother run a step)."""
        if kwargs.get("method", "lbfgs") == "lbfgs" and not kwargs.get("approx_grad", False):
            # A non-None optim_score stops MLEModel.fit from forcing L-BFGS's own
            # finite-difference gradient; loglike_and_score then supplies the analytic one.
            kwargs.setdefault("optim_score", "approx")
            kwargs.setdefault("loglike_and_score", self._objective)
        return super().fit(*args, **kwargs)

    def score(self, params: np.ndarray, *args: Any, **kwargs: Any) -> np.ndarray:
        """Analytic score; ``transformed=False`` gives it for the unconstrained parameters."""
        transformed = _transformed_flag(args, kwargs)
        params = np.asarray(params, dtype=float)
        if transformed:
            return self._analytic_score(params)
        constrained = self.transform_params(params)
        grad = self._analytic_score(constrained)
        grad[self._n_bias :] *= constrained[self._n_bias :]  # d exp(u) / du
        return grad

    def hessian(self, params: np.ndarray, *args: Any, **kwargs: Any) -> np.ndarray:
        """Average Hessian (statsmodels convention) from centred differences of the score.

        Only for ``method="approx"`` (the default) on constrained parameters; ``"oim"`` and
        ``"opg"`` go to ``MLEModel.hessian``.
        """
        transformed = _transformed_flag(args, kwargs)
        flags = args[0] if args and isinstance(args[0], dict) else {}
        method = kwargs.get("method", kwargs.get("hessian_method", flags.get("hessian_method")))
        if not transformed or (method or "approx") != "approx":
            return super().hessian(params, *args, **kwargs)
        params = np.asarray(params, dtype=float)
        steps = np.where(
            np.arange(len(params)) < self._n_bias,
            1e-4,
            1e-3 * np.abs(params),
        )
        columns = []
        for i, step in enumerate(steps):
            shift = np.zeros(len(params))
            shift[i] = step
            upper = self._analytic_score(params + shift)
            lower = self._analytic_score(params - shift)
            columns.append((upper - lower) / (2 * step))
        hessian = np.column_stack(columns)
        hessian = (hessian + hessian.T) / 2
        self.update(params, transformed=True)
        return hessian / (self.nobs - self.ssm.loglikelihood_burn)

    def update(self, params: np.ndarray, **kwargs: Any) -> np.ndarray:
        params = super().update(params, **kwargs)
        intercept = np.zeros((self.k_sources, 1), dtype=params.dtype)
        intercept[self.bias_index, 0] = params[: self._n_bias]
        self.ssm["obs_intercept"] = intercept
        variances = params[self._n_bias : self._n_bias + self.k_sources]
        self.ssm["obs_cov"] = np.diag(variances + _MIN_VARIANCE)
        self.ssm["state_cov"] = np.reshape(params[-1] + _MIN_VARIANCE, (1, 1))
        return params


def _transformed_flag(args: tuple, kwargs: dict) -> bool:
    """The ``transformed`` flag of a statsmodels score/hessian call.

    ``MLEModel.fit`` passes its flags as one positional dict; direct calls pass
    ``transformed`` positionally or by keyword.
    """
    if args and isinstance(args[0], dict):
        return bool(args[0].get("transformed", True))
    if args:
        return bool(args[0])
    return bool(kwargs.get("transformed", True))


def start_values(endog: np.ndarray, ref_index: int) -> np.ndarray:
    """Data-driven starting values (constrained) for :class:`FusionModel`.

    Biases: median difference to the reference on the days both report (difference of means
    when they never overlap). A rough consensus (mean of the bias-corrected sources, rolling
    median over 7 periods, interpolated) gives each source's noise variance and the level's
    step variance.
    """
    n, k = endog.shape
    ref = endog[:, ref_index]
    biases = np.zeros(k)
    for j in range(k):
        both = ~np.isnan(endog[:, j]) & ~np.isnan(ref)
        if both.sum() >= 3:
            biases[j] = float(np.median(endog[both, j] - ref[both]))
        elif j != ref_index:
            biases[j] = float(np.nanmean(endog[:, j]) - np.nanmean(ref))
    biases[ref_index] = 0.0
    corrected = endog - biases
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        consensus = np.nanmean(corrected, axis=1)
    rough = (
        pd.Series(consensus)
        .rolling(7, center=True, min_periods=1)
        .median()
        .interpolate(limit_direction="both")
        .to_numpy()
    )
    variances = np.empty(k)
    for j in range(k):
        residual = corrected[:, j] - rough
        residual = residual[~np.isnan(residual)]
        variances[j] = max(float(np.var(residual)) if len(residual) > 1 else 0.1, 1e-3)
    steps = np.diff(rough)
    level = max(float(np.var(steps)) if len(steps) > 1 else 0.01, 1e-4)
    keep = [j for j in range(k) if j != ref_index]
    return np.concatenate([biases[keep], variances, [level]])


@dataclass(frozen=True)
class FusionResult:
    """What :func:`fuse` returns.

    Attributes
    ----------
    trend
        ``date, estimate, lower, upper``: the consensus daily count on the reference source's
        scale (``expm1`` of the smoothed latent log-rate) with its band from the smoothed state
        variance (given the fitted parameters).
    bias
        ``source_id, bias, se``: each source's additive bias on the ``log1p`` scale
        (``exp(bias)`` ≈ its count relative to the reference's), standard errors from the
        fitted parameter covariance; the reference has bias 0 and se 0.
    noise
        ``source_id, sigma, n_days``: each source's observation noise sd (log scale) and the
        number of periods it reported.
    sources
        The fused source ids, sorted.
    reference
        The source whose bias is fixed at 0.
    level_sigma
        Standard deviation of the latent log-rate's step per period.
    loglike, converged
        Maximised log-likelihood and whether the optimiser converged.
    results
        The ``statsmodels`` results object (``results.summary()`` for the full table).
    """

    trend: pd.DataFrame
    bias: pd.DataFrame
    noise: pd.DataFrame
    sources: tuple[str, ...]
    reference: str
    level_sigma: float
    loglike: float
    converged: bool
    results: MLEResults = field(repr=False)

    @property
    def model_summary(self) -> str:
        """The ``statsmodels`` summary table of the fitted model, as text."""
        return str(self.results.summary())

    def __repr__(self) -> str:
        return (
            f"FusionResult(reference={self.reference!r}, sources={list(self.sources)}, "
            f"periods={len(self.trend)}, loglike={self.loglike:.1f}, converged={self.converged})"
        )


def fuse(
    series: pd.DataFrame,
    reference: str = "sohr",
    *,
    outcome: str | None = "killed",
    category: str | Sequence[str] | None = None,
    sources: Sequence[str] | None = None,
    min_days: int = 5,
    level: float = 0.95,
    freq: str | None = None,
    maxiter: int = 200,
    cov_type: str = "approx",
) -> FusionResult:
    """Fuse several sources into a consensus trend and estimate each source's bias.

    Each source's daily ``best`` is summed over the categories present (after the ``outcome``,
    ``category`` and ``sources`` filters) and observed as ``log1p``; the fitted state-space
    model is the one in this module's docstring. A day a source said nothing is missing for
    the Kalman filter, never zero; a day no source reports is bridged by the random walk (the
    band widens).

    Parameters
    ----------
    series
        A Series frame.
    reference
        The source whose bias is fixed at 0; the trend is on its scale.
    outcome
        ``"killed"`` or ``"wounded"``; ``None`` accepts the input's only outcome.
    category
        Categories to sum (default: all present).
    sources
        Sources to fuse (default: all present with at least ``min_days`` reports).
    min_days
        Sources with fewer reporting periods are left out (with a warning).
    level
        Confidence level of the trend band.
    freq
        Grid frequency; inferred from the dates if None.
    maxiter
        Maximum L-BFGS iterations.
    cov_type
        ``statsmodels`` covariance type of the parameters (``"approx"``: numerical Hessian;
        ``"opg"``, ``"oim"``, ``"robust"`` also work).

    Returns
    -------
    FusionResult

    Examples
    --------
    >>> from casualties.stats.simulate import simulate_sources
    >>> series, truth = simulate_sources(n_days=200, seed=4)
    >>> result = fuse(series, reference="sohr")
    >>> list(result.bias.columns)
    ['source_id', 'bias', 'se']
    >>> float(result.bias.set_index("source_id").loc["sohr", "bias"])
    0.0
    >>> list(result.trend.columns)
    ['date', 'estimate', 'lower', 'upper']
    """
    frame = sources_only(check_series(series), "fuse")
    frame = select_outcome(frame, outcome)
    frame = select_categories(frame, category)
    frame = select_sources(frame, sources)
    if frame.empty:
        raise ValueError("no reports left to fuse after the outcome/category/sources filters")
    freq = freq or infer_freq(frame["date"])
    daily = per_source_day(frame)
    counts = daily.groupby("source_id").size()
    too_few = sorted(counts[counts < min_days].index)
    if reference not in counts.index:
        raise ValueError(
            f"reference source {reference!r} is not in the series (present: {sorted(counts.index)})"
        )
    if reference in too_few:
        raise ValueError(
            f"reference source {reference!r} reports on {int(counts[reference])} periods, "
            f"fewer than min_days={min_days}"
        )
    if too_few:
        warnings.warn(
            f"sources {too_few} report on fewer than {min_days} periods and are left out",
            RuntimeWarning,
            stacklevel=2,
        )
        daily = daily[~daily["source_id"].isin(too_few)]
    source_ids = sorted(daily["source_id"].unique())
    index = pd.date_range(daily["date"].min(), daily["date"].max(), freq=freq)
    wide = daily.pivot(index="date", columns="source_id", values="best").reindex(
        index=index, columns=source_ids
    )
    off_grid = daily["date"][~daily["date"].isin(index)]
    if len(off_grid):
        raise ValueError(f"dates {list(off_grid[:3])} are not on the {freq!r} grid; pass freq=")
    endog = np.log1p(wide.to_numpy(dtype=float))

    model = FusionModel(endog, source_ids, reference)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = model.fit(disp=False, method="lbfgs", maxiter=maxiter, cov_type=cov_type)
    if cov_type == "approx":  # FusionModel.hessian differentiates the analytic score
        results.cov_kwds["description"] = (
            "Covariance matrix from the Hessian, by centred finite differences of the analytic "
            "(disturbance-smoother) score."
        )
    converged = bool(results.mle_retvals.get("converged", True))
    if not converged:
        warnings.warn(
            "fuse: the optimiser did not converge; biases may be unreliable (try a larger maxiter)",
            RuntimeWarning,
            stacklevel=2,
        )

    params = np.asarray(results.params)
    cov = np.asarray(results.cov_params())
    n_bias = model._n_bias
    bias = np.zeros(len(source_ids))
    se = np.zeros(len(source_ids))
    bias[model.bias_index] = params[:n_bias]
    with np.errstate(invalid="ignore"):
        se[model.bias_index] = np.sqrt(np.diag(cov)[:n_bias])
    sigma = np.sqrt(params[n_bias : n_bias + len(source_ids)])

    z = z_value(level)
    state = np.asarray(results.smoothed_state[0], dtype=float)
    sd = np.sqrt(np.maximum(np.asarray(results.smoothed_state_cov[0, 0], dtype=float), 0.0))
    trend = pd.DataFrame(
        {
            "date": index,
            "estimate": np.clip(np.expm1(state), 0, None),
            "lower": np.clip(np.expm1(state - z * sd), 0, None),
            "upper": np.clip(np.expm1(state + z * sd), 0, None),
        }
    )
    n_days = wide.notna().sum().reindex(source_ids).to_numpy()
    return FusionResult(
        trend=trend,
        bias=pd.DataFrame({"source_id": source_ids, "bias": bias, "se": se}),
        noise=pd.DataFrame({"source_id": source_ids, "sigma": sigma, "n_days": n_days}),
        sources=tuple(source_ids),
        reference=reference,
        level_sigma=float(np.sqrt(params[-1])),
        loglike=float(results.llf),
        converged=converged,
        results=results,
    )
