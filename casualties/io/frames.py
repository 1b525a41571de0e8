"""Write and read the project's frames as Parquet, CSV or JSON Lines, chosen by extension."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["FRAME_SUFFIXES", "write_frame", "read_frame"]

FRAME_SUFFIXES = (".parquet", ".csv", ".jsonl")


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FRAME_SUFFIXES:
        raise ValueError(
            f"cannot tell the format of {path.name!r}: use one of {', '.join(FRAME_SUFFIXES)}"
        )
    return suffix


def write_frame(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` to ``path`` (``.parquet``, ``.csv`` or ``.jsonl``), creating folders.

    The same frame always gives the same bytes (no timestamps are written).

    Examples
    --------
    >>> import tempfile, os
    >>> out = write_frame(pd.DataFrame({"a": [1]}), os.path.join(tempfile.mkdtemp(), "x.csv"))
    >>> out.read_text()
    'a\\n1\\n'
    """
    target = Path(path)
    suffix = _suffix(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".parquet":
        frame.to_parquet(target, index=False)
    elif suffix == ".csv":
        frame.to_csv(target, index=False, lineterminator="\n", date_format="%Y-%m-%dT%H:%M:%S%z")
    else:
        frame.to_json(target, orient="records", lines=True, date_format="iso", force_ascii=False)
    return target


def read_frame(path: str | Path) -> pd.DataFrame:
    """Read a frame written by :func:`write_frame` (dtypes are restored by schema validation).

    Examples
    --------
    >>> import tempfile, os
    >>> out = write_frame(pd.DataFrame({"a": [1]}), os.path.join(tempfile.mkdtemp(), "x.csv"))
    >>> read_frame(out)["a"].tolist()
    [1]
    """
    source = Path(path)
    suffix = _suffix(source)
    if not source.exists():
        raise FileNotFoundError(f"no such file: {source}")
    if suffix == ".parquet":
        return pd.read_parquet(source)
    if suffix == ".csv":
        return pd.read_csv(source, keep_default_na=True)
    return pd.read_json(source, orient="records", lines=True)
