"""The founding AFP dispatch yields exactly its two gold claims, and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import casualties as cs
from casualties.schema import ClaimSchema, validate

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "seed"
GOLD = ROOT / "tests" / "gold" / "seed.gold.jsonl"


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return cs.extract(cs.read_dispatches(SEED / "aleppo-2012-08-08.fr.jsonl"))


def test_exactly_two_claims_four_rows(claims):
    assert claims["claim_id"].nunique() == 2
    assert len(claims) == 4
    validate(claims, ClaimSchema)


def test_thirteen_dead_in_aleppo_according_to_sohr(claims):
    row = claims[claims["best"] == 13].iloc[0]
    assert (row["source_id"], row["outcome"], row["category"]) == ("sohr", "killed", "unspecified")
    assert (row["low"], pd.isna(row["high"]), row["qualifier"]) == (13, True, "at_least")
    assert row["kind"] == "incident"
    assert str(row["event_start"].date()) == str(row["event_end"].date()) == "2012-08-08"
    assert row["date_basis"] == "weekday"
    assert (row["place"], row["place_id"], row["admin1"], row["country"]) == (
        "Aleppo",
        "geonames:170063",
        "Aleppo Governorate",
        "SY",
    )
    assert row["place_name"] == "Alep"
    text = cs.read_dispatches(SEED / "aleppo-2012-08-08.fr.jsonl")["text"].iloc[0]
    assert text[row["span_start"] : row["span_end"]] == "13"
    assert "13 morts" in row["quote"]


def test_tuesday_toll_partitioned_by_category_without_remainder(claims):
    claim = claims[claims["best"] != 13]
    assert claim["claim_id"].nunique() == 1
    assert dict(zip(claim["category"].astype(str), claim["low"], strict=True)) == {
        "civilians": 59,
        "soldiers": 32,
        "rebels": 31,
    }
    assert "unspecified" not in set(claim["category"].astype(str))
    assert set(claim["qualifier"].astype(str)) == {"exact"}
    assert set(claim["source_id"]) == {"sohr"}  # "selon la même source" → the OSDH
    assert {str(d.date()) for d in claim["event_start"]} == {"2012-08-07"}  # mardi
    assert {str(d.date()) for d in claim["event_end"]} == {"2012-08-07"}
    assert set(claim["place"]) == {"Syria"} and set(claim["place_id"]) == {"country:SY"}
    assert set(claim["kind"].astype(str)) == {"incident"}


def test_force_sizes_are_not_claims(claims):
    assert not set(claims["best"]) & {20000, 6000, 8000}


def test_agrees_with_the_gold_file(claims):
    gold = json.loads(GOLD.read_text(encoding="utf-8").splitlines()[0])
    expected = {
        (c["source_id"], cat, v["low"], v["high"], v["qualifier"], c["event_start"])
        + (c["place_name"],)
        for c in gold["claims"]
        for cat, v in c["categories"].items()
    }
    got = {
        (
            r.source_id,
            r.category,
            r.low,
            None if pd.isna(r.high) else r.high,
            r.qualifier,
            str(r.event_start.date()),
            r.place,
        )
        for r in claims.itertuples()
    }
    assert got == expected


def test_same_claims_from_the_text_file_with_its_sidecar(claims):
    other = cs.extract(cs.read_dispatches(SEED / "aleppo-2012-08-08.fr.txt"))
    assert sorted(other["best"]) == sorted(claims["best"])
    assert set(other["source_id"]) == {"sohr"}
