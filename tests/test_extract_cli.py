"""``casualties extract``: files in, claims out, the same bytes whatever the number of workers."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from casualties.cli import main
from casualties.extract import extract_dispatches
from casualties.io import read_frame

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "seed" / "aleppo-2012-08-08.fr.txt"
FAKES = ROOT / "data" / "fakes" / "fakes.dispatches.jsonl"


def test_extract_command_writes_csv_and_parquet(tmp_path, capsys):
    csv_path = tmp_path / "claims.csv"
    assert main(["extract", str(SEED), "-o", str(csv_path), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "1 dispatches read: 1 with claims" in out and "0 rejected" in out
    claims = read_frame(csv_path)
    assert sorted(claims["best"]) == [13, 31, 32, 59]
    parquet = tmp_path / "claims.parquet"
    assert main(["extract", str(SEED), "-o", str(parquet), "--quiet"]) == 0
    assert len(pd.read_parquet(parquet)) == 4


def test_extract_command_reports_languages_without_lexicon(tmp_path, capsys):
    source = tmp_path / "mixed.jsonl"
    lines = [
        {"dispatch_id": "a", "text": "Ten people were killed in Homs.", "language": "en"},
        {"dispatch_id": "b", "text": "قتل عشرة أشخاص في حمص", "language": "ar"},
        {"dispatch_id": "c", "text": "The weather was fine.", "language": "en"},
    ]
    source.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    assert main(["extract", str(source), "-o", str(tmp_path / "c.csv"), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "3 dispatches read: 1 with claims" in out
    assert "1 without, 1 rejected" in out and "no lexicon for language 'ar'" in out


def test_extract_command_errors_are_one_line(tmp_path, capsys):
    assert main(["extract", str(SEED), "-o", str(tmp_path / "claims.txt")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "must end in .parquet or .csv" in err[0]
    assert main(["extract", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "c.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no dispatches read" in err[0]
    assert main(["extract", str(SEED), "-o", str(tmp_path / "c.csv"), "--workers", "0"]) == 2


def test_workers_give_byte_identical_output(tmp_path):
    records = [json.loads(line) for line in FAKES.read_text(encoding="utf-8").splitlines()[:150]]
    source = tmp_path / "some.jsonl"
    source.write_text(
        "\n".join(
            json.dumps({k: v for k, v in r.items() if k != "crowd"}, ensure_ascii=False)
            for r in records
        ),
        encoding="utf-8",
    )
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert main(["extract", str(source), "-o", str(one), "--quiet"]) == 0
    assert main(["extract", str(source), "-o", str(two), "--quiet", "--workers", "2"]) == 0
    assert one.read_bytes() == two.read_bytes()
    assert len(read_frame(one)) > 100


def test_every_dispatch_gets_a_status():
    frame = pd.DataFrame(
        {
            "dispatch_id": ["x", "y", "z"],
            "text": ["Five soldiers died.", "Nothing happened.", "Cinq soldats sont morts."],
            "language": ["en", "en", "fr"],
            "outlet": ["AFP", "AFP", "AFP"],
            "published": [pd.Timestamp("2016-07-05", tz="UTC")] * 3,
        }
    )
    result = extract_dispatches(frame)
    assert result.status["status"].tolist() == ["claims", "none", "claims"]
    assert result.counts() == {"read": 3, "with_claims": 2, "without": 1, "rejected": 0}
    assert "3 dispatches read" in result.summary()
