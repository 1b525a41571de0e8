"""Read dispatches from text, JSON Lines and CSV files, folders of them, or a frame.

Every input item ends up either as a row of the Dispatch frame or as a rejection stating the
file, the line and the reason, so nothing is lost silently. Metadata precedence, strongest
first: the record's own fields (JSONL/CSV fields, a ``.txt`` file's sidecar ``.json``), the
keyword arguments of :func:`read_dispatches`, the wire dateline, then detection (language) or
defaults (outlet ``unknown``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..schema import DispatchSchema, validate
from .dateline import parse_dateline
from .encoding import NotText, decode_bytes
from .fakes import FAKES_COLUMNS, fakes_records
from .language import detect_language

__all__ = [
    "DISPATCH_FIELDS",
    "REJECTION_COLUMNS",
    "ReadResult",
    "load_dispatches",
    "read_dispatches",
    "stable_dispatch_id",
]

DISPATCH_FIELDS = ("dispatch_id", "published", "outlet", "language", "title", "text", "url")
REJECTION_COLUMNS = ("file", "line", "record", "reason")
SUFFIXES = (".txt", ".jsonl", ".ndjson", ".csv")
DEFAULT_OUTLET = "unknown"

Raw = dict[str, Any]


@dataclass
class ReadResult:
    """Dispatches read, items rejected (with reasons) and notes on what was kept but odd."""

    dispatches: pd.DataFrame
    rejections: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    files: int = 0

    def summary(self) -> str:
        """One line: how many dispatches, from how many files, and what was rejected why."""
        line = f"read {len(self.dispatches)} dispatches from {self.files} file(s)"
        if len(self.rejections):
            reasons = self.rejections["reason"].map(_reason_kind).value_counts()
            parts = ", ".join(f"{n} {kind}" for kind, n in reasons.sort_index().items())
            line += f"; {len(self.rejections)} rejected ({parts})"
        else:
            line += "; none rejected"
        if self.notes:
            line += "; " + "; ".join(self.notes)
        return line


def _reason_kind(reason: str) -> str:
    return reason.split(":", 1)[0]


@dataclass
class _Collector:
    records: list[tuple[Raw, str, int | None]] = field(default_factory=list)
    rejections: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files: int = 0

    def reject(self, file: str, line: int | None, reason: str, record: str | None = None) -> None:
        self.rejections.append({"file": file, "line": line, "record": record, "reason": reason})


def stable_dispatch_id(outlet: str, published: pd.Timestamp | None, text: str) -> str:
    """A dispatch id that depends only on outlet, publication time and text.

    Examples
    --------
    >>> a = stable_dispatch_id("AFP", None, "Au moins 13 morts à Alep.")
    >>> a == stable_dispatch_id("AFP", None, "Au moins 13 morts à Alep."), a[:2], len(a)
    (True, 'd-', 18)
    """
    stamp = "" if published is None or pd.isna(published) else published.isoformat()
    digest = hashlib.sha256("\x1f".join((outlet, stamp, text)).encode("utf-8")).hexdigest()
    return f"d-{digest[:16]}"


# ---------------------------------------------------------------------------------------------
# Field normalisation


def _clean_str(value: Any) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _parse_published(value: Any) -> pd.Timestamp | None:
    """UTC timestamp of a publication value; naive values are taken as UTC."""
    if value is None or (not isinstance(value, str | pd.Timestamp) and pd.isna(value)):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    stamp = pd.Timestamp(value)
    if pd.isna(stamp):
        return None
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _normalise_language(value: Any) -> str | None:
    text = _clean_str(value)
    if text is None:
        return None
    code = text.lower().replace("_", "-").split("-", 1)[0]
    if len(code) != 2 or not code.isalpha():
        raise ValueError(f"language {text!r} is not an ISO 639-1 code such as 'en' or 'fr'")
    return code


def _build(raw: Raw, meta: Mapping[str, Any]) -> Raw:
    """Turn one raw record into a Dispatch row; raise ValueError with the reason to reject."""
    text = raw.get("text")
    if not isinstance(text, str):
        if text is None or pd.isna(text):
            raise ValueError("missing field: 'text'")
        text = str(text)
    text = text.strip()
    if not text:
        raise ValueError("empty text: the dispatch has no text")

    def pick(name: str) -> Any:
        value = raw.get(name)
        if _clean_str(value) is None and not isinstance(value, pd.Timestamp):
            value = meta.get(name)
        return value

    try:
        published = _parse_published(pick("published"))
    except (ValueError, TypeError, OverflowError):
        raise ValueError(f"bad published date: {pick('published')!r} is not a date") from None
    outlet = _clean_str(pick("outlet"))
    language = _normalise_language(pick("language"))

    dateline = parse_dateline(text)
    if dateline is not None:
        if outlet is None and dateline.outlet:
            outlet = dateline.outlet
        if published is None:
            day = dateline.to_date()
            if day is not None:
                published = pd.Timestamp(day).tz_localize("UTC")
    outlet = outlet or DEFAULT_OUTLET
    language = language or detect_language(text)
    dispatch_id = _clean_str(raw.get("dispatch_id")) or stable_dispatch_id(outlet, published, text)
    return {
        "dispatch_id": dispatch_id,
        "published": published,
        "outlet": outlet,
        "language": language,
        "title": _clean_str(pick("title")),
        "text": text,
        "url": _clean_str(pick("url")),
    }


# ---------------------------------------------------------------------------------------------
# Readers: each yields (raw record, file, line) into the collector or records a rejection.


def _decode(path: Path, sink: _Collector) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as err:
        sink.reject(str(path), None, f"unreadable file: {err.strerror or err}")
        return None
    if not data.strip():
        sink.reject(str(path), None, "empty file: no bytes to read")
        return None
    try:
        return decode_bytes(data).text
    except NotText as err:
        sink.reject(str(path), None, f"binary file: {err}")
        return None


def _read_txt(path: Path, sink: _Collector) -> None:
    text = _decode(path, sink)
    if text is None:
        return
    raw: Raw = {"text": text}
    sidecar = path.with_suffix(".json")
    if sidecar.exists():
        try:
            meta = json.loads(decode_bytes(sidecar.read_bytes()).text)
        except (json.JSONDecodeError, NotText, OSError) as err:
            sink.reject(str(sidecar), None, f"broken sidecar: {err}")
            return
        if not isinstance(meta, dict):
            sink.reject(str(sidecar), None, "broken sidecar: expected a JSON object")
            return
        raw = {**{k: v for k, v in meta.items() if k in DISPATCH_FIELDS}, "text": text}
    sink.records.append((raw, str(path), None))


def _read_jsonl(path: Path, sink: _Collector) -> None:
    text = _decode(path, sink)
    if text is None:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            sink.reject(str(path), number, f"broken JSON: {err.msg} at column {err.colno}")
            continue
        if not isinstance(record, dict):
            sink.reject(str(path), number, "broken JSON: a line must hold a JSON object")
            continue
        sink.records.append((record, str(path), number))


def _read_csv(path: Path, sink: _Collector, columns: Mapping[str, str] | None) -> None:
    text = _decode(path, sink)
    if text is None:
        return
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, csv.Error, ValueError) as err:
        sink.reject(str(path), None, f"broken CSV: {err}")
        return
    if columns is None and set(FAKES_COLUMNS) <= set(frame.columns):
        records, notes = fakes_records(frame)
        sink.notes.extend(f"{path.name}: {note}" for note in notes)
        sink.records.extend((r, str(path), i + 2) for i, r in enumerate(records))
        return
    mapping = dict(columns or {})
    missing = [c for c in mapping.values() if c not in frame.columns]
    if missing:
        sink.reject(str(path), None, f"missing column: {', '.join(missing)} not in the CSV header")
        return
    if "text" not in mapping and "text" not in frame.columns:
        sink.reject(
            str(path), None, "missing column: no 'text' column (map one with columns={'text': …})"
        )
        return
    rename = {source: target for target, source in mapping.items()}
    frame = frame.rename(columns=rename)
    keep = [c for c in DISPATCH_FIELDS if c in frame.columns]
    for number, record in enumerate(frame[keep].to_dict("records"), start=2):
        sink.records.append((record, str(path), number))


def _walk(paths: Iterable[Path], sink: _Collector, columns: Mapping[str, str] | None) -> None:
    for path in paths:
        if path.is_dir():
            children = sorted(p for p in path.rglob("*") if p.is_file())
            for child in children:
                if child.suffix.lower() == ".json" and child.with_suffix(".txt").exists():
                    continue  # a sidecar, read with its text file
                _read_file(child, sink, columns)
        elif path.exists():
            _read_file(path, sink, columns)
        else:
            sink.reject(str(path), None, "missing file: no such file or folder")


def _read_file(path: Path, sink: _Collector, columns: Mapping[str, str] | None) -> None:
    sink.files += 1
    suffix = path.suffix.lower()
    if suffix == ".txt":
        _read_txt(path, sink)
    elif suffix in (".jsonl", ".ndjson"):
        _read_jsonl(path, sink)
    elif suffix == ".csv":
        _read_csv(path, sink, columns)
    else:
        expected = ", ".join(SUFFIXES)
        sink.reject(str(path), None, f"unsupported file type: {suffix or 'none'} (read {expected})")


# ---------------------------------------------------------------------------------------------
# Assembly


def _dedupe_ids(rows: list[Raw]) -> list[str]:
    """Give repeated dispatch ids a ``-2``, ``-3`` … suffix and describe what was done."""
    seen: dict[str, int] = {}
    repeated: list[str] = []
    for row in rows:
        base = row["dispatch_id"]
        count = seen.get(base, 0) + 1
        seen[base] = count
        if count > 1:
            row["dispatch_id"] = f"{base}-{count}"
            repeated.append(base)
    if not repeated:
        return []
    ids = sorted(set(repeated))
    shown = ", ".join(ids[:5]) + (" …" if len(ids) > 5 else "")
    return [
        f"{len(repeated)} record(s) repeat the id of an earlier one ({len(ids)} id(s): {shown}); "
        "kept with suffixes -2, -3 …"
    ]


def _assemble(sink: _Collector, meta: Mapping[str, Any]) -> ReadResult:
    rows: list[Raw] = []
    for raw, file, line in sink.records:
        try:
            rows.append(_build(raw, meta))
        except ValueError as err:
            record = _clean_str(raw.get("dispatch_id"))
            sink.reject(file, line, str(err), record)
    notes = sink.notes + _dedupe_ids(rows)
    frame = pd.DataFrame(rows, columns=list(DISPATCH_FIELDS))
    dispatches = validate(frame, DispatchSchema)
    rejections = pd.DataFrame(sink.rejections, columns=list(REJECTION_COLUMNS))
    rejections["line"] = rejections["line"].astype("Int64")
    return ReadResult(dispatches, rejections, notes, sink.files)


def _frame_records(frame: pd.DataFrame, columns: Mapping[str, str] | None) -> Iterator[Raw]:
    rename = {source: target for target, source in (columns or {}).items()}
    renamed = frame.rename(columns=rename)
    keep = [c for c in DISPATCH_FIELDS if c in renamed.columns]
    yield from renamed[keep].to_dict("records")


def load_dispatches(
    path_or_frame: str | Path | pd.DataFrame | Iterable[str | Path],
    *,
    columns: Mapping[str, str] | None = None,
    **meta: Any,
) -> ReadResult:
    """Read dispatches and keep what was rejected, with reasons.

    Parameters
    ----------
    path_or_frame
        A path (``.txt``, ``.jsonl``, ``.csv`` or a folder of them), several paths, or a frame.
    columns
        For CSV files and frames: Dispatch field → column name, e.g. ``{"text": "body"}``.
    **meta
        Defaults for fields a record lacks: ``outlet``, ``language``, ``published``,
        ``title``, ``url``.

    Returns
    -------
    ReadResult
        ``.dispatches`` (validated Dispatch frame), ``.rejections`` (file, line, record,
        reason), ``.notes`` and ``.summary()``.

    Examples
    --------
    >>> result = load_dispatches(pd.DataFrame({"text": ["13 killed in Aleppo", ""]}), outlet="AFP")
    >>> len(result.dispatches), result.rejections["reason"].tolist()
    (1, ['empty text: the dispatch has no text'])
    """
    unknown = set(meta) - set(DISPATCH_FIELDS) - {"dispatch_id"}
    if unknown:
        raise TypeError(
            f"unknown metadata {', '.join(sorted(unknown))}; use outlet, language, published, "
            "title or url"
        )
    sink = _Collector()
    if isinstance(path_or_frame, pd.DataFrame):
        for number, record in enumerate(_frame_records(path_or_frame, columns)):
            sink.records.append((record, "<frame>", number))
    else:
        paths = [path_or_frame] if isinstance(path_or_frame, str | Path) else list(path_or_frame)
        _walk((Path(p) for p in paths), sink, columns)
    return _assemble(sink, meta)


def read_dispatches(
    path_or_frame: str | Path | pd.DataFrame | Iterable[str | Path],
    *,
    columns: Mapping[str, str] | None = None,
    **meta: Any,
) -> pd.DataFrame:
    """Read dispatches into a validated Dispatch frame.

    Rejected items (broken JSON lines, binary or empty files, records without text) do not
    stop the read: a one-line warning summarises them and the frame's
    ``attrs["rejections"]`` holds them as records (file, line, record, reason). Use
    :func:`load_dispatches` to get them as a first-class result.

    Parameters
    ----------
    path_or_frame
        A ``.txt`` file (one dispatch; metadata from a sidecar ``.json`` or a wire dateline),
        a ``.jsonl`` file (one dispatch a line), a ``.csv`` file (FA-KES is recognised by its
        header; other CSVs need a ``text`` column or a ``columns`` mapping), a folder of
        these, several paths, or a frame.
    columns
        Dispatch field → column name for CSV files and frames.
    **meta
        Defaults for what records lack: ``outlet``, ``language``, ``published``, ``title``,
        ``url``.

    Returns
    -------
    pandas.DataFrame
        Columns ``dispatch_id, published, outlet, language, title, text, url``.

    Examples
    --------
    >>> frame = read_dispatches(
    ...     pd.DataFrame({"text": ["ALEP (Syrie), 8 août 2012 (AFP) - Au moins 13 morts."]})
    ... )
    >>> frame.loc[0, ["outlet", "language"]].tolist(), str(frame.loc[0, "published"].date())
    (['AFP', 'fr'], '2012-08-08')
    """
    result = load_dispatches(path_or_frame, columns=columns, **meta)
    if len(result.rejections):
        warnings.warn(result.summary(), stacklevel=2)
    frame = result.dispatches
    # attrs must stay JSON-serialisable (pandas writes them into Parquet metadata).
    frame.attrs["rejections"] = [
        {k: (None if pd.isna(v) else v) for k, v in row.items()}
        for row in result.rejections.astype(object).to_dict("records")
    ]
    return frame
