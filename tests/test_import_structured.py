"""Structured-dataset importers: UCDP GED / UCDP-AEC, Iraq Body Count, ACLED; and the CLI."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from casualties import import_acled, import_ibc, import_ucdp_ged
from casualties.cli import main
from casualties.io.acled import load_acled
from casualties.io.ibc import load_ibc
from casualties.io.ucdp import load_ucdp_ged, side_category
from casualties.schema import ClaimSchema, validate

from .conftest import DATA, ROOT, shared_path

FIXTURES = ROOT / "tests" / "fixtures"
AEC_SYRIA = DATA / "ucdp" / "ucdp_aec_syria.csv"
IBC = "corpora/ibc-esoc-iraq/Civilian-Casualty-Data.csv"
DEATHS = ["deaths_side_a", "deaths_side_b", "deaths_civilian", "deaths_unknown"]


def by_claim(claims: pd.DataFrame, claim_id: str) -> dict[str, tuple[int, int, int | None]]:
    rows = claims[claims["claim_id"] == claim_id]
    return {
        str(r.category): (int(r.low), int(r.best), None if pd.isna(r.high) else int(r.high))
        for r in rows.itertuples()
    }


# ------------------------------------------------------------------------------------ UCDP


def test_side_categories():
    assert side_category("Government of Syria") == "soldiers"
    assert side_category("Government of Iraq, Government of United States") == "soldiers"
    assert side_category("Civilians") == "civilians"
    assert side_category("IS") == "rebels"
    assert side_category("Syrian insurgents") == "rebels"
    assert side_category("Government of Syria", non_state=True) == "rebels"


@pytest.fixture(scope="module")
def aec_syria():
    return load_ucdp_ged(AEC_SYRIA), pd.read_csv(AEC_SYRIA)


def test_ucdp_aec_syria_totals_and_bounds_partition(aec_syria):
    result, raw = aec_syria
    claims = result.claims
    assert result.events == len(raw) == 4590 and len(result.rejections) == 0
    assert (claims["source_id"] == "ucdp").all()
    assert claims["flags"].str.contains("structured").all()
    assert (claims["dispatch_id"] == claims["claim_id"]).all()
    assert claims["dispatch_id"].str.fullmatch(r"ucdp:\d+").all()
    # every event: rows' best sum to the event's best; low and high partition its bounds
    per_event = claims.groupby("claim_id")[["low", "best", "high"]].sum()
    raw = raw.assign(claim_id="ucdp:" + raw["id"].astype(str), best=raw[DEATHS].sum(axis=1))
    raw = raw.set_index("claim_id").loc[per_event.index]
    assert (per_event["best"] == raw["best"]).all()
    assert (per_event["low"] == raw["deaths_low"]).all()
    assert (per_event["high"] == raw["deaths_high"]).all()
    assert int(claims["best"].sum()) == int(raw["best"].sum()) == 17049
    assert ((claims["low"] <= claims["best"]) & (claims["best"] <= claims["high"])).all()


def test_ucdp_aec_mapping_on_real_rows(aec_syria):
    claims = aec_syria[0].claims
    # Government of Syria vs Syrian insurgents in Homs: 1 soldier, 1 rebel, 4 civilians
    assert by_claim(claims, "ucdp:47074") == {
        "civilians": (4, 4, 4),
        "soldiers": (1, 1, 1),
        "rebels": (1, 1, 1),
    }
    # non-state: Ahrar al-Sham vs IS, 2 deaths of side A → rebels
    assert by_claim(claims, "ucdp:213359") == {"rebels": (2, 2, 2)}
    # one-sided: IS against civilians near Palmyra
    assert by_claim(claims, "ucdp:214767") == {"civilians": (23, 23, 23)}
    # deaths of unknown side → unspecified
    assert by_claim(claims, "ucdp:206174") == {"unspecified": (2, 2, 2)}
    row = claims[claims["claim_id"] == "ucdp:213359"].iloc[0]
    assert row["place"] == "Damascus" and row["country"] == "SY"
    assert row["place_name"] == "Damascus city"
    assert str(row["event_start"].date()) == "2015-10-18"
    assert str(row["published"].date()) == "2015-10-18"


def test_ucdp_aec_full_corpus():
    path = shared_path("corpora/ucdp-aec/ucdp_aec_events.csv")
    result = load_ucdp_ged(path)
    raw = pd.read_csv(path)
    assert result.events == len(raw) == 11363 and len(result.rejections) == 0
    assert int(result.claims["best"].sum()) == int(raw[DEATHS].to_numpy().sum())
    assert int(result.claims["high"].sum()) == int(raw["deaths_high"].sum())
    assert result.claims["country"].notna().all()
    yemen = result.claims[result.claims["place_name"].str.contains("Zinjib", na=False)]
    assert (yemen["country"] == "YE").all()


def test_ged_full_layout_mapping_and_rejections():
    result = load_ucdp_ged(FIXTURES / "ged_sample.csv")
    claims = result.claims
    assert result.rows_read == 8 and result.events == 4
    # state-based event: 5 soldiers, 8 rebels, 12 civilians, 3 unknown; best 28, low 25, high 40
    assert by_claim(claims, "ucdp:900001") == {
        "civilians": (11, 12, 17),
        "soldiers": (4, 5, 7),
        "rebels": (7, 8, 12),
        "unspecified": (3, 3, 4),
    }
    # non-state (type 2): both sides rebels; a three-day event at governorate precision
    assert by_claim(claims, "ucdp:900002") == {"rebels": (11, 11, 11)}
    idlib = claims[claims["claim_id"] == "ucdp:900002"].iloc[0]
    assert "multi_day" in idlib["flags"] and idlib["admin1"].startswith("Idlib")
    assert (idlib["event_end"] - idlib["event_start"]).days == 2
    # one-sided violence against civilians
    assert by_claim(claims, "ucdp:900003") == {"civilians": (20, 23, 30)}
    # best 0 with high 4: one unspecified row, a report of no deaths, at country level
    assert by_claim(claims, "ucdp:900004") == {"unspecified": (0, 0, 4)}
    assert claims.loc[claims["claim_id"] == "ucdp:900004", "place_id"].iloc[0] == "country:SY"
    aleppo = claims[claims["claim_id"] == "ucdp:900001"].iloc[0]
    assert aleppo["place"] == "Aleppo" and aleppo["country"] == "SY"
    assert str(aleppo["published"].date()) == "2012-08-09"  # latest of "2012-08-08;2012-08-09"
    reasons = dict(zip(result.rejections["record"], result.rejections["reason"], strict=True))
    assert reasons == {
        "900005": "bounds: low is above best",
        "900006": "parts exceed best: deaths_a+deaths_b+civilians+unknown > best",
        "900007": "bad number: best is not a whole non-negative number",
        "900008": "bad dates: date_end is before date_start",
    }
    assert result.rejections["row"].tolist() == [5, 6, 7, 8]


def test_import_warns_and_keeps_rejections_in_attrs():
    with pytest.warns(UserWarning, match="rejected 4"):
        claims = import_ucdp_ged(FIXTURES / "ged_sample.csv")
    assert len(claims.attrs["rejections"]) == 4
    assert claims.attrs["rejections"][0] == {
        "row": 5,
        "record": "900005",
        "reason": "bounds: low is above best",
    }
    validate(claims, ClaimSchema)


def test_not_a_ucdp_file(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="not a UCDP GED or UCDP-AEC file"):
        load_ucdp_ged(path)


def test_malformed_lines_are_rejections(tmp_path):
    lines = (FIXTURES / "ged_sample.csv").read_text().splitlines()
    broken = tmp_path / "ged.csv"
    broken.write_text("\n".join([lines[0], lines[1], lines[2] + ",extra,fields", lines[3]]) + "\n")
    result = load_ucdp_ged(broken)
    assert result.events == 2 and result.rows_read == 3
    assert result.rejections["reason"].str.startswith("malformed line").sum() == 1


# ------------------------------------------------------------------------------------- IBC


@pytest.fixture(scope="module")
def ibc():
    path = shared_path(IBC)
    return load_ibc(path), pd.read_csv(path, encoding="latin-1")


def test_ibc_totals(ibc):
    result, raw = ibc
    claims = result.claims
    assert result.events == len(raw) == 21100 and len(result.rejections) == 0
    assert (claims["category"] == "civilians").all() and (claims["source_id"] == "ibc").all()
    assert int(claims["low"].sum()) == int(claims["best"].sum()) == int(raw["Min"].sum()) == 92926
    # 18 records state Max < Min: kept with high = Min and flagged, so high exceeds the file's
    # Max total by exactly their Min - Max
    inverted = raw["Max"] < raw["Min"]
    excess = int((raw.loc[inverted, "Min"] - raw.loc[inverted, "Max"]).sum())
    assert int(inverted.sum()) == 18
    assert int(claims["high"].sum()) == int(raw["Max"].sum()) + excess == 101413 + excess
    assert claims["flags"].str.contains("max_below_min").sum() == 18
    assert claims["claim_id"].is_unique


def test_ibc_mapping_on_real_rows(ibc):
    claims = ibc[0].claims
    first = claims[claims["claim_id"] == "ibc:21084"].iloc[0]  # x073, 19 Baghdad hospitals
    assert first["dispatch_id"] == "ibc:x073"
    assert (int(first["low"]), int(first["best"]), int(first["high"])) == (1473, 1473, 2000)
    assert str(first["event_start"].date()) == "2003-03-20"
    assert str(first["event_end"].date()) == "2003-04-09"
    assert first["country"] == "IQ" and first["admin1"].startswith("Baghdad")
    assert "ibc_aggregate" in first["flags"] and "multi_day" in first["flags"]
    last = claims[claims["dispatch_id"] == "ibc:k13574"].iloc[0]  # Shurja market, Kirkuk
    assert (int(last["low"]), int(last["high"])) == (35, 35)
    assert last["event_start"] == last["event_end"]
    assert last["place"] == "Kirkuk" and last["place_name"] == "Shurja market, Kirkuk"
    assert last["qualifier"] == "exact"


def test_ibc_bad_rows_become_rejections(tmp_path):
    # Hand-made rows in the ESOC layout (not IBC data).
    header = "col1,Code,Start,end,Min,Max,location,weapons,town,governorate"
    rows = [
        "1,t001,3-Jan-05,,2,3,Test street,gunfire,Baghdad (1),Baghdad",
        "2,t002,31-Feb-05,,1,1,Nowhere,gunfire,,Diyala",
        "3,t003,4-Jan-05,,x,1,Somewhere,gunfire,,Diyala",
        "4,t004,9-Jan-05,5-Jan-05,1,1,Backwards,gunfire,Mosul (1),Ninewa",
        "5,t005,6-Jan-05,,4,,No max,bomb,Mosul (1),Ninewa",
    ]
    path = tmp_path / "ibc.csv"
    path.write_bytes(("\r".join([header, *rows]) + "\r").encode("latin-1"))
    result = load_ibc(path)
    assert result.events == 2
    reasons = dict(zip(result.rejections["record"], result.rejections["reason"], strict=True))
    assert reasons == {
        "t002": "bad date: Start is missing or unreadable",
        "t003": "bad number: Min is not a whole non-negative number",
        "t004": "bad dates: end is before Start",
    }
    no_max = result.claims[result.claims["dispatch_id"] == "ibc:t005"].iloc[0]
    assert pd.isna(no_max["high"]) and "max_missing" in no_max["flags"]
    assert no_max["qualifier"] == "at_least"
    with pytest.warns(UserWarning, match="rejected 3"):
        claims = import_ibc(path)
    assert len(claims) == 2 and len(claims.attrs["rejections"]) == 3


# ----------------------------------------------------------------------------------- ACLED


def test_acled_fixture_mapping():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        claims = import_acled(FIXTURES / "acled_syria_sample.csv")
    got = {
        r.claim_id: (str(r.category), int(r.best), r.qualifier, r.country)
        for r in claims.itertuples()
    }
    assert got == {
        "acled:SYR10001": ("civilians", 5, "at_least", "SY"),  # civilian targeting
        "acled:SYR10002": ("unspecified", 17, "at_least", "SY"),  # battle
        "acled:SYR10003": ("civilians", 3, "at_least", "SY"),
        "acled:SYR10005": ("unspecified", 0, "at_least", "SY"),  # a battle without deaths
        "acled:SYR10006": ("civilians", 1, "at_least", "SY"),  # "8 May 2019" date form
        "acled:SYR10007": ("unspecified", 4, "at_least", "SY"),
        "acled:IRQ5001": ("civilians", 2, "at_least", "IQ"),
    }
    assert claims["high"].isna().all() and (claims["low"] == claims["best"]).all()
    assert claims["flags"].str.contains("structured").all()
    ariha = claims[claims["claim_id"] == "acled:SYR10001"].iloc[0]
    assert ariha["place_name"] == "Ariha" and ariha["admin1"].startswith("Idl")
    assert str(ariha["event_start"].date()) == "2019-05-06"
    assert ariha["published"] >= pd.Timestamp("2019-05-06", tz="UTC")
    assert "Russian warplanes" in ariha["quote"]
    mosul = claims[claims["claim_id"] == "acled:IRQ5001"].iloc[0]
    assert mosul["place"] == "Mosul"


def test_acled_rejections_and_skips():
    result = load_acled(FIXTURES / "acled_syria_sample.csv")
    assert result.rows_read == 12 and result.events == 7
    assert sum(result.skipped.values()) == 1  # a protest without fatalities
    reasons = result.rejections.set_index("row")["reason"].to_dict()
    assert reasons == {
        8: "bad number: fatalities is not a whole non-negative number",
        9: "bad date: event_date is missing or unreadable",
        10: "missing id: event_id_cnty is empty",
        11: "duplicate id: seen earlier",
    }
    assert "rejected 4" in result.summary() and "skipped 1" in result.summary()


def test_acled_requires_its_columns(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("event_date,fatalities\n2019-01-01,3\n")
    with pytest.raises(ValueError, match="missing column"):
        load_acled(path)


# ------------------------------------------------------------------------------------- CLI


def test_cli_import(tmp_path, capsys):
    out = tmp_path / "claims.parquet"
    rejected = tmp_path / "rejected.csv"
    fixture = str(FIXTURES / "acled_syria_sample.csv")
    status = main(["import", "acled", fixture, "-o", str(out), "--rejections", str(rejected)])
    printed = capsys.readouterr()
    assert status == 0
    assert "rows read        12" in printed.out
    assert "mapped            7" in printed.out
    assert "rejected          4" in printed.out
    assert "row 8 (SYR10008): bad number" in printed.out
    assert "4 row(s) rejected" in printed.err
    claims = validate(pd.read_parquet(out), ClaimSchema)
    assert len(claims) == 7 and int(claims["best"].sum()) == 32
    assert len(pd.read_csv(rejected)) == 4
    assert main(["import", "acled", fixture, "--strict"]) == 1
    capsys.readouterr()
    assert main(["import", "ucdp", str(AEC_SYRIA), "-o", str(tmp_path / "u.csv")]) == 0
    assert "mapped         4590" in capsys.readouterr().out
    assert np.isclose(validate(pd.read_csv(tmp_path / "u.csv"), ClaimSchema)["best"].sum(), 17049)


def test_cli_import_missing_file(capsys):
    assert main(["import", "ibc", "/no/such/file.csv"]) == 2
    assert "no such file" in capsys.readouterr().err
