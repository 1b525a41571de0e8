"""casualties — casualty claims from conflict dispatches, as validated time series.

Read dispatches, extract who said how many were killed or wounded, reconcile the claims into
per-source daily series, and compare sources.

Examples
--------
>>> import casualties as cs
>>> dispatches = cs.read_dispatches("data/seed/aleppo-2012-08-08.fr.jsonl")  # doctest: +SKIP
"""

from ._version import __version__
from .extract import extract, extract_text
from .io import load_dispatches, read_dispatches, read_frame, write_frame
from .io.acled import import_acled
from .io.ibc import import_ibc
from .io.ucdp import import_ucdp_ged
from .reconcile import reconcile
from .report import build_report
from .schema import (
    ClaimSchema,
    DispatchSchema,
    SchemaViolation,
    SeriesSchema,
    TallySchema,
    validate,
)
from .series import daily

__all__ = [
    "__version__",
    "ClaimSchema",
    "DispatchSchema",
    "SchemaViolation",
    "SeriesSchema",
    "TallySchema",
    "build_report",
    "daily",
    "import_acled",
    "import_ibc",
    "import_ucdp_ged",
    "extract",
    "extract_text",
    "load_dispatches",
    "read_dispatches",
    "read_frame",
    "reconcile",
    "validate",
    "write_frame",
    "smooth",
    "fuse",
    "disagreement",
]

# The statistics load statsmodels (about a second), so they are imported on first use.
_STATS = ("smooth", "fuse", "disagreement")


def __getattr__(name: str):
    if name in _STATS:
        from . import stats

        return getattr(stats, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
