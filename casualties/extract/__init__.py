"""Claim extraction: dispatch text → the Claim frame (DESIGN §4–§5).

>>> import casualties as cs
>>> claims = cs.extract_text("Au moins 13 morts à Alep, selon l'OSDH.", published="2012-08-08",
...                          language="fr", outlet="AFP")
>>> claims[["source_id", "category", "low", "place"]].to_dict("records")
[{'source_id': 'sohr', 'category': 'unspecified', 'low': 13, 'place': 'Aleppo'}]

Every input dispatch ends with claims, none, or a stated reason (:class:`ExtractResult`).
Extraction is a pure function of one dispatch and the lexicons, so :func:`extract` may run
dispatches in any order or in parallel (``workers``) and gives the same frame.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .. import gazetteer
from ..io import read_dispatches
from ..lexicon import available_languages
from ..schema import ClaimSchema, DispatchSchema, validate
from .assembly import ROW_FIELDS, DispatchOutcome, extract_one
from .resources import registry, resources

__all__ = ["ExtractResult", "extract", "extract_text", "extract_dispatches", "STATUS_COLUMNS"]

STATUS_COLUMNS = ("dispatch_id", "status", "n_claims", "n_rows", "reason")
_CHUNK = 64


@dataclass
class ExtractResult:
    """Claims extracted from dispatches, and what became of each dispatch.

    Attributes
    ----------
    claims
        The validated Claim frame.
    status
        One row per input dispatch: ``dispatch_id``, ``status`` (``claims``, ``none`` or
        ``rejected``), ``n_claims``, ``n_rows`` and ``reason`` (why it was rejected).
    """

    claims: pd.DataFrame
    status: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Dispatches read, with claims, without, rejected.

        Examples
        --------
        >>> extract_dispatches(pd.DataFrame(columns=["dispatch_id", "text"])).counts()
        {'read': 0, 'with_claims': 0, 'without': 0, 'rejected': 0}
        """
        values = self.status["status"].value_counts()
        return {
            "read": len(self.status),
            "with_claims": int(values.get("claims", 0)),
            "without": int(values.get("none", 0)),
            "rejected": int(values.get("rejected", 0)),
        }

    def summary(self) -> str:
        """One line: dispatches read, with claims, without, rejected (with reasons)."""
        c = self.counts()
        line = (
            f"{c['read']} dispatches read: {c['with_claims']} with claims "
            f"({len(self.claims)} rows, {self.claims['claim_id'].nunique()} claims), "
            f"{c['without']} without, {c['rejected']} rejected"
        )
        rejected = self.status[self.status["status"] == "rejected"]
        if len(rejected):
            reasons = rejected["reason"].value_counts()
            line += " (" + "; ".join(f"{n} {reason}" for reason, n in reasons.items()) + ")"
        return line


def _records(dispatches: pd.DataFrame) -> Iterator[dict[str, Any]]:
    columns = [
        c for c in ("dispatch_id", "published", "outlet", "language", "text") if c in dispatches
    ]
    for record in dispatches[columns].to_dict("records"):
        published = record.get("published")
        if published is not None and pd.isna(published):
            record["published"] = None
        elif isinstance(published, pd.Timestamp):
            # An ISO string travels to worker processes far faster than a Timestamp; the
            # Claim schema turns it back into the same UTC timestamp.
            record["published"] = published.isoformat()
        yield record


def _preload(languages: set[str]) -> None:
    """Compile the lexicons and load the gazetteer once, in this process: forked workers
    inherit them instead of each building its own (seconds of work a worker)."""
    registry()
    gazetteer.preload()
    for language in sorted(languages & set(available_languages())):
        resources(language)


def _context() -> multiprocessing.context.BaseContext | None:
    # Fork shares the preloaded lexicons; where it is missing (Windows, macOS default)
    # the platform's start method works too, only slower to start.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _run(records: list[dict[str, Any]]) -> list[DispatchOutcome]:
    return [extract_one(record) for record in records]


def _chunks(records: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(records), size):
        yield records[start : start + size]


def extract_dispatches(
    dispatches: pd.DataFrame | str | Path | Iterable[str | Path],
    *,
    workers: int = 1,
    progress: Any = None,
) -> ExtractResult:
    """Extract claims and report what became of each dispatch.

    Parameters
    ----------
    dispatches
        A Dispatch frame (as :func:`casualties.read_dispatches` returns) or paths to read.
    workers
        Processes to use (1 = in this process). The result does not depend on it.
    progress
        Optional callable taking the number of dispatches just finished (a tqdm ``update``).

    Examples
    --------
    >>> frame = pd.DataFrame({"dispatch_id": ["a", "b"], "language": ["fr", "ar"],
    ...                       "outlet": ["AFP", "x"], "published": [None, None],
    ...                       "text": ["13 morts à Alep.", "قتل 13 شخصا"]})
    >>> result = extract_dispatches(frame)
    >>> result.status["status"].tolist(), result.status["reason"].iloc[1]
    (['claims', 'rejected'], "no lexicon for language 'ar'")
    """
    frame = _as_frame(dispatches)
    records = list(_records(frame))
    outcomes: list[DispatchOutcome] = []
    if workers > 1 and len(records) > _CHUNK:
        size = max(_CHUNK, -(-len(records) // (workers * 4)))
        _preload({str(r.get("language")) for r in records})
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            for chunk_outcomes in pool.map(_run, _chunks(records, size)):
                outcomes.extend(chunk_outcomes)
                if progress is not None:
                    progress(len(chunk_outcomes))
    else:
        for chunk in _chunks(records, _CHUNK):
            chunk_outcomes = _run(chunk)
            outcomes.extend(chunk_outcomes)
            if progress is not None:
                progress(len(chunk_outcomes))
    rows = [row for outcome in outcomes for row in outcome.rows]
    claims = validate(pd.DataFrame(rows, columns=list(ROW_FIELDS)), ClaimSchema)
    status = pd.DataFrame(
        [
            (r["dispatch_id"], o.status, o.n_claims, len(o.rows), o.reason)
            for r, o in zip(records, outcomes, strict=True)
        ],
        columns=list(STATUS_COLUMNS),
    )
    return ExtractResult(claims, status)


def _as_frame(dispatches: pd.DataFrame | str | Path | Iterable[str | Path]) -> pd.DataFrame:
    if isinstance(dispatches, pd.DataFrame):
        if len(dispatches) and not {"dispatch_id", "text", "language"} <= set(dispatches.columns):
            return validate(read_dispatches(dispatches), DispatchSchema)
        return dispatches
    return read_dispatches(dispatches)


def extract(
    dispatches: pd.DataFrame | str | Path | Iterable[str | Path], *, workers: int = 1
) -> pd.DataFrame:
    """Extract the casualty claims of dispatches (DESIGN §5) as a validated Claim frame.

    Parameters
    ----------
    dispatches
        A Dispatch frame (:func:`casualties.read_dispatches`) or paths to read.
    workers
        Processes to use; the output does not depend on it.

    Returns
    -------
    pandas.DataFrame
        One row per (claim, category). ``attrs["status"]`` holds, per dispatch, whether it
        gave claims, none, or was rejected and why (as records).

    Examples
    --------
    >>> from casualties import read_dispatches
    >>> claims = extract(read_dispatches("data/seed/aleppo-2012-08-08.fr.jsonl"))  # doctest: +SKIP
    >>> claims.groupby("claim_id")["best"].sum().sort_values().tolist()  # doctest: +SKIP
    [13, 122]
    """
    result = extract_dispatches(dispatches, workers=workers)
    claims = result.claims
    claims.attrs["status"] = [
        {k: (None if pd.isna(v) else v) for k, v in row.items()}
        for row in result.status.astype(object).to_dict("records")
    ]
    return claims


def extract_text(
    text: str,
    published: Any = None,
    language: str | None = None,
    outlet: str | None = None,
) -> pd.DataFrame:
    """Extract the claims of one text.

    Parameters
    ----------
    text
        The dispatch text.
    published
        Publication date or timestamp (``None``: weekdays and relative days stay unresolved).
    language
        ISO 639-1 code; detected when omitted.
    outlet
        Who published it (``AFP``); an unattributed figure belongs to it.

    Examples
    --------
    >>> claims = extract_text("Mardi, au moins 122 personnes ont été tuées en Syrie dont 59 "
    ...                       "civils, 32 soldats et 31 rebelles, selon l'OSDH.",
    ...                       published="2012-08-08", language="fr", outlet="AFP")
    >>> claims[["category", "low"]].astype(str).values.tolist()
    [['civilians', '59'], ['soldiers', '32'], ['rebels', '31']]
    >>> str(claims["event_start"].iloc[0].date())
    '2012-08-07'
    """
    meta = {"outlet": outlet or "unknown"}
    if published is not None:
        meta["published"] = published
    if language is not None:
        meta["language"] = language
    frame = pd.DataFrame({"text": [text]})
    dispatches = read_dispatches(frame, **meta)
    return extract(dispatches)
