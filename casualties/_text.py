"""Text columns through Arrow kernels.

pandas keeps ``str`` columns in Arrow arrays. Hashing, comparing and joining a million of them
through pandas' generic paths or Python objects costs a tenth of a second or more per column and
operation; Arrow's own kernels on the same buffers take a few hundredths. These helpers give
the Arrow view of a column, a pandas column back from an Arrow array, and integer codes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["arrow_text", "as_str", "is_arrow_text", "key_codes", "positions_in", "sorted_codes"]


def is_arrow_text(values: pd.Series) -> bool:
    """Whether ``values`` is a text column stored by Arrow (pandas' ``str`` columns are)."""
    return isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"


def arrow_text(values: pd.Series) -> pa.Array:
    """A text or categorical column as an Arrow large-string array (a text column: no copy).

    Examples
    --------
    >>> arrow_text(pd.Series(["a", None])).to_pylist()
    ['a', None]
    """
    array = pa.array(values)
    if isinstance(array, pa.ChunkedArray):  # e.g. a column of concatenated frames
        array = array.combine_chunks()
    return array.cast(pa.large_string())


def as_str(values: pa.Array) -> pd.api.extensions.ExtensionArray:
    """An Arrow string array as the values of a pandas ``str`` column (no copy).

    Examples
    --------
    >>> pd.Series(as_str(pa.array(["a", None]))).dtype
    <StringDtype(na_value=nan)>
    """
    return pd.array(values, dtype="str")


def sorted_codes(values: pd.Series) -> np.ndarray:
    """Dense integer codes of a text column, in the order of its sorted values (missing last).

    Without missing values, the same as ``pandas.factorize(values, sort=True)[0]``: Arrow's
    dense rank (strings compare by code point, as in Python) takes half the time of hashing and
    then sorting the distinct values.

    Examples
    --------
    >>> sorted_codes(pd.Series(["b", "a", "c", "b"])).tolist()
    [1, 0, 2, 1]
    """
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    ranks = pc.rank(arrow_text(values), sort_keys="ascending", tiebreaker="dense")
    return ranks.to_numpy().astype(np.int64) - 1


def key_codes(values: pd.Series) -> np.ndarray:
    """Dense integer codes of any column; equal values share a code, and so do missing ones.

    Text columns are ranked by Arrow (:func:`sorted_codes`), other columns factorised.

    Examples
    --------
    >>> key_codes(pd.Series(["b", None, "a", None])).tolist()
    [1, 2, 0, 2]
    """
    if is_arrow_text(values):
        return sorted_codes(values)
    return pd.factorize(values, use_na_sentinel=False)[0].astype(np.int64)


def positions_in(values: pd.Series, choices: list[str]) -> np.ndarray | None:
    """Each value's position in ``choices`` (-1 if missing); None if one is not among them.

    Examples
    --------
    >>> positions_in(pd.Series(["b", None, "a"]), ["a", "b"]).tolist()
    [1, -1, 0]
    >>> positions_in(pd.Series(["c"]), ["a", "b"]) is None
    True
    """
    text = arrow_text(values)
    found = pc.index_in(text, value_set=pa.array(choices, type=pa.large_string()))
    if found.null_count > text.null_count:  # a value outside the choices
        return None
    return found.fill_null(-1).to_numpy().astype(np.int64)
