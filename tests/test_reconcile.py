"""Reconciliation: repeats merged, latest wins, revisions flagged, provenance, structured rows."""

from __future__ import annotations

import pandas as pd
import pytest

from casualties import reconcile
from casualties.schema import ClaimSchema, TallySchema, empty_frame, validate

from .claims_helpers import claim, frame, seed_claims


def values(tallies: pd.DataFrame) -> dict[str, int]:
    return {str(r.category): int(r.best) for r in tallies.itertuples()}


def test_repeats_across_dispatches_are_one_tally():
    claims = frame(
        claim("a", {"civilians": 20}, published="2012-08-08T08:00:00Z"),
        claim("b", {"civilians": 20}, published="2012-08-08T14:00:00Z"),
        claim("c", {"civilians": 20}, published="2012-08-09T09:00:00Z"),
    )
    tallies = reconcile(claims)
    assert len(tallies) == 1
    row = tallies.iloc[0]
    assert row["n_dispatches"] == 3 and row["claim_ids"] == "a;b;c"
    assert row["first_published"] == pd.Timestamp("2012-08-08T08:00:00Z")
    assert row["last_published"] == pd.Timestamp("2012-08-09T09:00:00Z")
    assert row["tally_id"] == "c/civilians" and row["flags"] == ""


def test_latest_published_wins_and_a_lower_later_figure_is_flagged():
    claims = frame(
        claim("early", {"unspecified": 31}, published="2012-08-08T08:00:00Z"),
        claim("late", {"unspecified": 25}, published="2012-08-08T20:00:00Z"),
    )
    row = reconcile(claims).iloc[0]
    assert int(row["best"]) == 25 and "revised_down" in row["flags"]
    assert row["claim_ids"] == "early;late"
    rising = frame(
        claim("early", {"unspecified": 16}, published="2012-08-08T08:00:00Z"),
        claim("late", {"unspecified": 31}, published="2012-08-08T20:00:00Z"),
    )
    row = reconcile(rising).iloc[0]
    assert int(row["best"]) == 31 and row["flags"] == ""


def test_within_a_dispatch_the_later_mention_wins():
    claims = frame(
        claim("first", {"unspecified": 31}, dispatch_id="d", span_start=900),
        claim("second", {"unspecified": 16}, dispatch_id="d", span_start=100),
    )
    tallies = reconcile(claims)
    assert len(tallies) == 1 and int(tallies.iloc[0]["best"]) == 31
    assert tallies.iloc[0]["n_dispatches"] == 1
    assert tallies.iloc[0]["claim_ids"] == "second;first"


def test_different_period_place_source_or_outcome_are_different_tallies():
    claims = frame(
        claim("a", {"civilians": 5}),
        claim("b", {"civilians": 5}, start="2012-08-07"),
        claim("c", {"civilians": 5}, place="Aleppo"),
        claim("d", {"civilians": 5}, source_id="sana"),
        claim("e", {"civilians": 5}, outcome="wounded"),
        claim("f", {"civilians": 5}, kind="cumulative", start=None, end="2012-08-08"),
    )
    assert len(reconcile(claims)) == 6


def test_a_new_total_supersedes_an_earlier_breakdown():
    claims = frame(
        claim(
            "breakdown",
            {"civilians": 59, "soldiers": 32, "rebels": 31},
            published="2012-08-08T08:00:00Z",
        ),
        claim("total", {"unspecified": 125}, published="2012-08-08T20:00:00Z"),
    )
    tallies = reconcile(claims)
    assert values(tallies) == {"unspecified": 125}  # never 59+32+31+125
    assert tallies.iloc[0]["claim_ids"] == "breakdown;total"
    # and a later breakdown supersedes an earlier total, flagged when lower
    claims = frame(
        claim("total", {"unspecified": 125}, published="2012-08-08T08:00:00Z"),
        claim(
            "breakdown",
            {"civilians": 59, "soldiers": 32, "rebels": 31},
            published="2012-08-08T20:00:00Z",
        ),
    )
    tallies = reconcile(claims)
    assert values(tallies) == {"civilians": 59, "soldiers": 32, "rebels": 31}
    assert tallies["flags"].str.contains("revised_down").all()


def test_a_partial_breakdown_updates_only_its_category():
    claims = frame(
        claim(
            "breakdown",
            {"civilians": 59, "soldiers": 32, "rebels": 31},
            published="2012-08-08T08:00:00Z",
        ),
        claim("soldiers", {"soldiers": 40}, published="2012-08-08T20:00:00Z"),
    )
    tallies = reconcile(claims)
    assert values(tallies) == {"civilians": 59, "soldiers": 40, "rebels": 31}
    assert set(tallies["tally_id"]) == {
        "breakdown/civilians",
        "soldiers/soldiers",
        "breakdown/rebels",
    }
    assert (tallies["claim_ids"] == "breakdown;soldiers").all()
    # a partial breakdown after a total with an unspecified remainder does not add to it
    claims = frame(
        claim("total", {"civilians": 20, "unspecified": 30}, published="2012-08-08T08:00:00Z"),
        claim("soldiers", {"soldiers": 10}, published="2012-08-08T20:00:00Z"),
    )
    assert values(reconcile(claims)) == {"soldiers": 10}


def test_structured_rows_are_never_merged():
    claims = frame(
        claim("ucdp:1", {"civilians": 4}, source_id="ucdp", flags="structured"),
        claim("ucdp:2", {"civilians": 4}, source_id="ucdp", flags="structured"),
    )
    tallies = reconcile(claims)
    assert len(tallies) == 2 and tallies["n_dispatches"].tolist() == [1, 1]
    assert tallies["claim_ids"].tolist() == ["ucdp:1", "ucdp:2"]


def test_seed_claims_reconcile_to_four_tallies():
    tallies = reconcile(seed_claims())
    assert len(tallies) == 4
    assert int(tallies["best"].sum()) == 135
    validate(tallies, TallySchema)


def test_empty_and_bad_input():
    assert reconcile(empty_frame(ClaimSchema)).empty
    with pytest.raises(TypeError):
        reconcile([1, 2])
