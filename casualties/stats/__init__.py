"""Statistics on Series frames: smoothed trends, source fusion and disagreement (DESIGN §7).

- :func:`smooth` — rolling mean, LOWESS, STL, local level and NB GAM trends with bands.
- :func:`fuse` — one latent log-rate seen by every source with its own bias and noise
  (a custom ``statsmodels`` state-space model) → consensus trend and per-source biases.
- :func:`disagreement` — pairwise comparisons per day, per period and overall.

Examples
--------
>>> from casualties.stats import smooth, fuse, disagreement
>>> from casualties.stats.simulate import simulate_sources
>>> series, truth = simulate_sources(n_days=120, seed=0)
>>> smooth(series, "local_level")["method"].unique().tolist()
['local_level']
"""

from .disagree import Disagreement, disagreement
from .fusion import FusionResult, fuse
from .smooth import smooth

__all__ = ["smooth", "fuse", "disagreement", "FusionResult", "Disagreement"]
