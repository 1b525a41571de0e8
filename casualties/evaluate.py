"""Measure extraction against gold files (DESIGN §10).

A gold file is JSON Lines, one dispatch a line, with its claims as coded by an annotator. The
dispatches are extracted again and compared **row by row**: a predicted (claim, category) row
matches a gold row of the same dispatch on outcome, category, low and high, one to one.
Reported: precision, recall and F1 of rows, and on matched rows the accuracy of ``source_id``,
event dates (start and end both equal), place (the gold place name resolved through the
gazetteer and compared by place id, else by normalised name) and kind — overall, per language
and per gold file.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .extract import extract_dispatches
from .extract.assembly import COUNTRY_PRIOR
from .gazetteer import resolve, spelling_key
from .schema import DispatchSchema, validate

__all__ = [
    "Scores",
    "Evaluation",
    "load_gold",
    "gold_rows",
    "evaluate",
    "format_table",
    "crowd_agreement",
]

_ATTRIBUTES = ("source", "dates", "place", "kind")


def load_gold(paths: str | Path | Iterable[str | Path]) -> list[dict[str, Any]]:
    """Read gold records from one or more JSON Lines files (each record gets ``gold_file``).

    Raises
    ------
    ValueError
        Naming the file and line of a broken record.

    Examples
    --------
    >>> records = load_gold("tests/gold/seed.gold.jsonl")  # doctest: +SKIP
    >>> len(records[0]["claims"])  # doctest: +SKIP
    2
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    records: list[dict[str, Any]] = []
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(f"no such gold file: {path}")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{number}: broken JSON ({err.msg})") from None
            missing = {"dispatch_id", "text", "claims"} - set(record)
            if missing:
                raise ValueError(f"{path}:{number}: missing {', '.join(sorted(missing))}")
            record["gold_file"] = path.name
            records.append(record)
    return records


def gold_rows(records: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """One row per (gold claim, category), with the fields evaluation compares.

    Examples
    --------
    >>> rows = gold_rows([{"dispatch_id": "d", "language": "fr", "text": "…", "claims": [
    ...     {"source_id": "sohr", "outcome": "killed", "kind": "incident",
    ...      "event_start": "2012-08-07", "event_end": "2012-08-07", "place_name": "Syria",
    ...      "categories": {"civilians": {"low": 59, "high": 59, "qualifier": "exact"}}}]}])
    >>> rows[["category", "low", "high", "source_id"]].values.tolist()
    [['civilians', 59, 59, 'sohr']]
    """
    out = []
    for record in records:
        for claim in record.get("claims", []):
            for category, count in claim.get("categories", {}).items():
                out.append(
                    {
                        "dispatch_id": record["dispatch_id"],
                        "language": record.get("language"),
                        "gold_file": record.get("gold_file", ""),
                        "outcome": claim.get("outcome"),
                        "category": category,
                        "low": count.get("low"),
                        "high": count.get("high"),
                        "source_id": claim.get("source_id"),
                        "kind": claim.get("kind"),
                        "event_start": claim.get("event_start"),
                        "event_end": claim.get("event_end"),
                        "place_name": claim.get("place_name"),
                    }
                )
    columns = [
        "dispatch_id",
        "language",
        "gold_file",
        "outcome",
        "category",
        "low",
        "high",
        "source_id",
        "kind",
        "event_start",
        "event_end",
        "place_name",
    ]
    return pd.DataFrame(out, columns=columns)


@dataclass
class Scores:
    """Row counts and attribute agreement of one slice (overall, a language, a file)."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    agree: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_ATTRIBUTES, 0))

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, attribute: str) -> float:
        return self.agree[attribute] / self.matched if self.matched else float("nan")

    def as_dict(self) -> dict[str, Any]:
        out = {
            "gold_rows": self.gold,
            "predicted_rows": self.predicted,
            "matched_rows": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }
        for attribute in _ATTRIBUTES:
            value = self.accuracy(attribute)
            out[f"{attribute}_accuracy"] = None if value != value else round(value, 4)
        return out


@dataclass
class Evaluation:
    """Scores overall, per language and per gold file, and the rows that did not match."""

    overall: Scores
    by_language: dict[str, Scores]
    by_file: dict[str, Scores]
    matches: pd.DataFrame
    missed: pd.DataFrame
    spurious: pd.DataFrame

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.as_dict(),
            "by_language": {k: v.as_dict() for k, v in sorted(self.by_language.items())},
            "by_file": {k: v.as_dict() for k, v in sorted(self.by_file.items())},
        }


def _none(value: Any) -> Any:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _int(value: Any) -> int | None:
    value = _none(value)
    return None if value is None else int(value)


def _day(value: Any) -> str | None:
    value = _none(value)
    if value is None:
        return None
    return str(pd.Timestamp(value).date())


def _stamp(value: Any) -> pd.Timestamp | None:
    value = _none(value)
    if value is None:
        return None
    stamp = pd.Timestamp(value)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _place_key(name: Any, place_id: Any = None) -> tuple[str, str] | None:
    name, place_id = _none(name), _none(place_id)
    if place_id is not None:
        return ("id", str(place_id))
    if name is None:
        return None
    place = resolve(str(name), COUNTRY_PRIOR)
    if place is not None:
        return ("id", place.place_id)
    return ("name", spelling_key(str(name)))


def _agreement(gold: pd.Series, predicted: pd.Series) -> dict[str, bool]:
    gold_place = _place_key(gold["place_name"])
    predicted_place = _place_key(predicted["place_name"], predicted["place_id"])
    if (
        gold_place is not None
        and predicted_place is not None
        and gold_place[0] != predicted_place[0]
    ):
        predicted_place = ("name", spelling_key(str(_none(predicted["place_name"]) or "")))
        gold_place = ("name", spelling_key(str(_none(gold["place_name"]) or "")))
    return {
        "source": gold["source_id"] == predicted["source_id"],
        "dates": (_day(gold["event_start"]), _day(gold["event_end"]))
        == (_day(predicted["event_start"]), _day(predicted["event_end"])),
        "place": gold_place == predicted_place,
        "kind": gold["kind"] == predicted["kind"],
    }


def _key(row: pd.Series) -> tuple:
    return (row["outcome"], row["category"], _int(row["low"]), _int(row["high"]))


def _match_dispatch(gold: pd.DataFrame, predicted: pd.DataFrame) -> tuple[list, list, list]:
    """One-to-one matches (gold index, predicted index, agreement), missed and spurious."""
    by_key_pred: dict[tuple, list[int]] = defaultdict(list)
    for index, row in predicted.iterrows():
        by_key_pred[_key(row)].append(index)
    matches, missed = [], []
    used: set[int] = set()
    for g_index, g_row in gold.iterrows():
        options = [p for p in by_key_pred.get(_key(g_row), []) if p not in used]
        if not options:
            missed.append(g_index)
            continue
        scored = [(sum(_agreement(g_row, predicted.loc[p]).values()), -p, p) for p in options]
        _, _, best = max(scored)
        used.add(best)
        matches.append((g_index, best, _agreement(g_row, predicted.loc[best])))
    spurious = [p for p in predicted.index if p not in used]
    return matches, missed, spurious


def evaluate(
    gold: str | Path | Iterable[str | Path] | Sequence[dict[str, Any]],
    predicted: pd.DataFrame | None = None,
    *,
    workers: int = 1,
) -> Evaluation:
    """Score extraction against gold dispatches.

    Parameters
    ----------
    gold
        Gold file path(s), or already loaded gold records.
    predicted
        A Claim frame for the gold dispatches; extracted from the gold texts when omitted.
    workers
        Processes for extraction.

    Examples
    --------
    >>> result = evaluate("tests/gold/seed.gold.jsonl")  # doctest: +SKIP
    >>> result.overall.f1  # doctest: +SKIP
    1.0
    """
    if isinstance(gold, str | Path) or (
        not isinstance(gold, Sequence) or (gold and not isinstance(gold[0], dict))
    ):
        records = load_gold(gold)  # type: ignore[arg-type]
    else:
        records = list(gold)  # type: ignore[arg-type]
    if predicted is None:
        dispatches = pd.DataFrame(
            [
                {
                    "dispatch_id": r["dispatch_id"],
                    "published": _stamp(r.get("published")),
                    "outlet": r.get("outlet") or "unknown",
                    "language": r.get("language") or "en",
                    "title": r.get("title"),
                    "text": r["text"],
                    "url": r.get("url"),
                }
                for r in records
            ]
        )
        dispatches = validate(dispatches, DispatchSchema)
        predicted = extract_dispatches(dispatches, workers=workers).claims
    gold_frame = gold_rows(records)
    info = {r["dispatch_id"]: (r.get("language"), r.get("gold_file", "")) for r in records}
    predicted = predicted[predicted["dispatch_id"].isin(info)].reset_index(drop=True)
    predicted = predicted.assign(
        category=predicted["category"].astype(str),
        outcome=predicted["outcome"].astype(str),
        kind=predicted["kind"].astype(str),
    )
    overall = Scores()
    by_language: dict[str, Scores] = defaultdict(Scores)
    by_file: dict[str, Scores] = defaultdict(Scores)
    match_rows, missed_rows, spurious_rows = [], [], []
    for dispatch_id, (language, gold_file) in info.items():
        g = gold_frame[gold_frame["dispatch_id"] == dispatch_id]
        p = predicted[predicted["dispatch_id"] == dispatch_id]
        matches, missed, spurious = _match_dispatch(g, p)
        for scores in (overall, by_language[language or "?"], by_file[gold_file]):
            scores.gold += len(g)
            scores.predicted += len(p)
            scores.matched += len(matches)
            for _, _, agreement in matches:
                for attribute, ok in agreement.items():
                    scores.agree[attribute] += bool(ok)
        for g_index, p_index, agreement in matches:
            match_rows.append(
                {
                    **{f"gold_{k}": v for k, v in g.loc[g_index].items()},
                    **{f"pred_{k}": v for k, v in p.loc[p_index].items()},
                    **{f"ok_{k}": v for k, v in agreement.items()},
                }
            )
        missed_rows.extend(g.loc[i].to_dict() for i in missed)
        spurious_rows.extend(p.loc[i].to_dict() for i in spurious)
    return Evaluation(
        overall,
        dict(by_language),
        dict(by_file),
        pd.DataFrame(match_rows),
        pd.DataFrame(missed_rows),
        pd.DataFrame(spurious_rows),
    )


def format_table(evaluation: Evaluation) -> str:
    """The evaluation as a plain-text table (one line per slice).

    Examples
    --------
    >>> print(format_table(Evaluation(Scores(), {}, {}, *[pd.DataFrame()] * 3)).splitlines()[0])
    slice                     gold  pred match  prec   rec    F1 source  dates  place   kind
    """
    header = (
        f"{'slice':<24} {'gold':>5} {'pred':>5} {'match':>5} {'prec':>5} {'rec':>5} {'F1':>5} "
        f"{'source':>6} {'dates':>6} {'place':>6} {'kind':>6}"
    )
    lines = [header, "-" * len(header)]

    def line(name: str, s: Scores) -> str:
        acc = [s.accuracy(a) for a in _ATTRIBUTES]
        shown = " ".join(f"{'—' if v != v else f'{v:.3f}':>6}" for v in acc)
        return (
            f"{name:<24} {s.gold:>5} {s.predicted:>5} {s.matched:>5} {s.precision:>5.3f} "
            f"{s.recall:>5.3f} {s.f1:>5.3f} {shown}"
        )

    lines.append(line("overall", evaluation.overall))
    for language, scores in sorted(evaluation.by_language.items()):
        lines.append(line(f"language {language}", scores))
    if len(evaluation.by_file) > 1:
        for name, scores in sorted(evaluation.by_file.items()):
            lines.append(line(name[:24], scores))
    return "\n".join(lines)


#: The crowd's count columns (FA-KES) and the claim categories they correspond to.
CROWD_COLUMNS = {
    "nb_civilians": frozenset({"civilians"}),
    "nb_noncivilians": frozenset({"soldiers", "rebels"}),
}


def _crowd_hit(
    rows: pd.DataFrame | None, value: int, categories: frozenset[str], strict: bool
) -> bool:
    if rows is None or not len(rows):
        return False
    category = rows["category"].astype(str)
    best = rows["best"].astype("Int64")
    wanted = category.isin(categories)
    if bool((best[wanted] == value).any()):
        return True
    if wanted.any() and bool(
        (best[wanted].groupby(rows.loc[wanted, "claim_id"]).sum() == value).any()
    ):
        return True
    if strict:
        return False
    if bool((best[category == "unspecified"] == value).any()):
        return True
    totals = best.groupby(rows["claim_id"]).sum()
    kinds = category.groupby(rows["claim_id"]).agg(set)
    return any(
        totals[i] == value and kinds[i] & (categories | {"unspecified"}) for i in totals.index
    )


def crowd_agreement(
    crowd: dict[str, dict[str, Any]], claims: pd.DataFrame
) -> dict[str, tuple[int, int]]:
    """Agreement of extracted killed claims with crowd-coded counts (FA-KES).

    For every dispatch whose crowd count (``nb_civilians``, ``nb_noncivilians``) is above zero:
    is a figure equal to it among the dispatch's killed claims? **strict**: a row of the
    count's categories (civilians; soldiers or rebels, or one claim's soldiers + rebels)
    equals it. **DESIGN**: the crowd coded every non-combatant toll as civilians, "16 people"
    included, which DESIGN §5 rule 3 codes ``unspecified``: an unspecified row or a claim's
    total equal to it agrees too.

    Parameters
    ----------
    crowd
        Dispatch id → the crowd's codes.
    claims
        A Claim frame of those dispatches.

    Returns
    -------
    dict
        ``"<column> strict"`` and ``"<column> DESIGN"`` → (agreeing dispatches, dispatches).

    Examples
    --------
    >>> claims = pd.DataFrame({"dispatch_id": ["d"], "claim_id": ["c"], "outcome": ["killed"],
    ...                        "category": ["unspecified"], "best": [16]})
    >>> agreement = crowd_agreement({"d": {"nb_civilians": 16, "nb_noncivilians": 0}}, claims)
    >>> agreement["nb_civilians strict"], agreement["nb_civilians DESIGN"]
    ((0, 1), (1, 1))
    """
    killed = claims[claims["outcome"].astype(str) == "killed"]
    by_dispatch = {k: g for k, g in killed.groupby("dispatch_id")}
    out: dict[str, tuple[int, int]] = {}
    for column, categories in CROWD_COLUMNS.items():
        for strict in (True, False):
            hits = wanted = 0
            for dispatch_id, codes in crowd.items():
                value = (codes or {}).get(column)
                if value is None or value != value or value <= 0:
                    continue
                wanted += 1
                hits += _crowd_hit(by_dispatch.get(dispatch_id), int(value), categories, strict)
            out[f"{column} {'strict' if strict else 'DESIGN'}"] = (hits, wanted)
    return out
