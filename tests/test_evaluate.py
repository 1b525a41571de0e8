"""casualties.evaluate: row matching, attribute accuracy, per-language slices, the command."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from casualties.cli import main
from casualties.evaluate import Scores, evaluate, format_table, gold_rows, load_gold

GOLD = Path(__file__).resolve().parent / "gold"


def _record(dispatch_id: str, text: str, claims: list[dict], language: str = "en") -> dict:
    return {
        "dispatch_id": dispatch_id,
        "text": text,
        "published": "2016-07-05",
        "language": language,
        "outlet": "Reuters",
        "claims": claims,
    }


def _claim(outcome: str, categories: dict, **extra) -> dict:
    base = {
        "source_id": "sohr",
        "outcome": outcome,
        "kind": "incident",
        "event_start": "2016-07-05",
        "event_end": "2016-07-05",
        "place_name": "Aleppo",
        "categories": categories,
    }
    return {**base, **extra}


def test_perfect_match_scores_one():
    record = _record(
        "d1",
        "At least 16 people were killed in Aleppo on Tuesday, the Syrian Observatory said.",
        [_claim("killed", {"unspecified": {"low": 16, "high": None, "qualifier": "at_least"}})],
    )
    result = evaluate([record])
    s = result.overall
    assert (s.gold, s.predicted, s.matched) == (1, 1, 1)
    assert s.f1 == 1.0
    assert all(s.accuracy(a) == 1.0 for a in ("source", "dates", "place", "kind"))


def test_unmatched_rows_count_against_precision_and_recall():
    record = _record(
        "d2",
        "Ten soldiers were killed in Homs on Tuesday.",
        [_claim("killed", {"soldiers": {"low": 12, "high": 12, "qualifier": "exact"}})],
    )
    result = evaluate([record])
    s = result.overall
    assert (s.gold, s.predicted, s.matched) == (1, 1, 0)
    assert s.precision == 0.0 and s.recall == 0.0 and s.f1 == 0.0
    assert len(result.missed) == 1 and len(result.spurious) == 1


def test_attributes_are_scored_on_matched_rows_only():
    record = _record(
        "d3",
        "Ten soldiers were killed in Homs on Tuesday.",
        [
            _claim(
                "killed",
                {"soldiers": {"low": 10, "high": 10, "qualifier": "exact"}},
                source_id="sana",
                place_name="Hims",  # another spelling of Homs: compared through the gazetteer
            )
        ],
    )
    s = evaluate([record]).overall
    assert s.matched == 1
    assert s.accuracy("source") == 0.0  # predicted outlet:reuters
    assert s.accuracy("place") == 1.0
    assert s.accuracy("dates") == 1.0


def test_matching_is_one_to_one_within_a_dispatch():
    record = _record(
        "d4",
        "Ten people were killed in Homs.",
        [
            _claim("killed", {"unspecified": {"low": 10, "high": 10, "qualifier": "exact"}}),
            _claim("killed", {"unspecified": {"low": 10, "high": 10, "qualifier": "exact"}}),
        ],
    )
    s = evaluate([record]).overall
    assert (s.gold, s.predicted, s.matched) == (2, 1, 1)


def test_per_language_slices():
    records = [
        _record(
            "e",
            "Ten people were killed.",
            [_claim("killed", {"unspecified": {"low": 10, "high": 10}})],
        ),
        _record(
            "f",
            "Dix personnes ont été tuées.",
            [_claim("killed", {"unspecified": {"low": 10, "high": 10}})],
            language="fr",
        ),
    ]
    result = evaluate(records)
    assert set(result.by_language) == {"en", "fr"}
    assert result.by_language["fr"].matched == 1
    table = format_table(result)
    assert "language fr" in table and "language en" in table


def test_gold_rows_and_loader(tmp_path):
    path = tmp_path / "x.gold.jsonl"
    path.write_text(
        json.dumps(
            _record("g", "Ten died.", [_claim("killed", {"civilians": {"low": 10, "high": 10}})])
        )
        + "\n",
        encoding="utf-8",
    )
    records = load_gold(path)
    rows = gold_rows(records)
    assert rows[["category", "low", "source_id"]].values.tolist() == [["civilians", 10, "sohr"]]
    broken = tmp_path / "broken.gold.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.gold.jsonl:1"):
        load_gold(broken)


def test_scores_of_an_empty_slice():
    s = Scores()
    assert s.precision == 1.0 and s.recall == 1.0
    assert s.accuracy("source") != s.accuracy("source")  # NaN when nothing matched


def test_seed_gold_is_perfect():
    result = evaluate(GOLD / "seed.gold.jsonl")
    assert result.overall.f1 == 1.0
    assert result.overall.as_dict()["source_accuracy"] == 1.0


def test_command_prints_a_table_and_json(capsys):
    assert main(["evaluate", str(GOLD / "seed.gold.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "overall" in out and "F1" in out
    assert main(["evaluate", str(GOLD / "seed.gold.jsonl"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overall"]["f1"] == 1.0
    assert data["by_language"]["fr"]["matched_rows"] == 4


def test_command_reports_a_missing_file(capsys):
    assert main(["evaluate", "no/such.gold.jsonl"]) == 2
    assert "no such gold file" in capsys.readouterr().err


def test_predicted_frame_can_be_given():
    records = [
        _record("p", "Ten died.", [_claim("killed", {"unspecified": {"low": 10, "high": 10}})])
    ]
    empty = pd.DataFrame(
        columns=[
            "dispatch_id",
            "outcome",
            "category",
            "low",
            "high",
            "source_id",
            "kind",
            "event_start",
            "event_end",
            "place_name",
            "place_id",
        ]
    )
    s = evaluate(records, predicted=empty).overall
    assert (s.gold, s.predicted, s.matched) == (1, 0, 0)
