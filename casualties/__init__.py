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
from .schema import (
    ClaimSchema,
    DispatchSchema,
    SchemaViolation,
    SeriesSchema,
    TallySchema,
    validate,
)

__all__ = [
    "__version__",
    "ClaimSchema",
    "DispatchSchema",
    "SchemaViolation",
    "SeriesSchema",
    "TallySchema",
    "extract",
    "extract_text",
    "load_dispatches",
    "read_dispatches",
    "read_frame",
    "validate",
    "write_frame",
]
