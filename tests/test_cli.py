"""The command line: --version, --help, and `casualties dispatches`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd

from casualties import __version__
from casualties.cli import main

from .conftest import DATA, shared_path


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casualties", *args], capture_output=True, text=True, check=False
    )


def test_version_and_help():
    done = run("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"casualties {__version__}"
    done = run("--help")
    assert done.returncode == 0
    assert "dispatches" in done.stdout and "examples:" in done.stdout
    done = run("dispatches", "--help")
    assert "--strict" in done.stdout and "FIELD=COLUMN" in done.stdout


def test_dispatches_reads_fakes_and_prints_the_summary(capsys):
    assert main(["dispatches", str(shared_path("corpora/fakes/fakes.csv"))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("read 804 dispatches from 1 file(s); none rejected")
    assert "12 record(s) repeat the id" in out
    assert "by outlet:" in out and "Ahram Online" in out
    assert "by language:" in out and re.search(r"^  en\s+804$", out, re.MULTILINE)
    assert "by month:" in out and "2016-07" in out


def test_dispatches_writes_a_validated_file(tmp_path: Path, capsys):
    out = tmp_path / "d.parquet"
    assert (
        main(["dispatches", str(DATA / "seed" / "aleppo-2012-08-08.fr.txt"), "-o", str(out)]) == 0
    )
    frame = pd.read_parquet(out)
    assert frame.loc[0, "language"] == "fr"
    assert str(frame.loc[0, "published"].date()) == "2012-08-08"
    assert "wrote 1 dispatches" in capsys.readouterr().out


def test_messy_folder_warns_and_strict_fails(tmp_path: Path):
    good = json.dumps({"text": "Ten killed in Homs.", "outlet": "SANA"})
    (tmp_path / "w.jsonl").write_text("\n".join([good, "{broken", good.replace("Ten", "Six"), "{"]))
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "empty.jsonl").write_text("")
    done = run("dispatches", str(tmp_path), "--rejections", str(tmp_path / "rej.csv"))
    assert done.returncode == 0
    assert "read 2 dispatches from 3 file(s); 4 rejected" in done.stdout
    assert "w.jsonl:2: broken JSON" in done.stdout
    assert "blob.txt: binary file" in done.stdout
    assert "empty.jsonl: empty file" in done.stdout
    assert done.stderr.strip() == "warning: 4 item(s) rejected; the rest were read"
    assert len(pd.read_csv(tmp_path / "rej.csv")) == 4
    strict = run("dispatches", str(tmp_path), "--strict")
    assert strict.returncode == 1


def test_errors_are_one_line(tmp_path: Path):
    done = run("dispatches", str(DATA / "seed"), "-o", str(tmp_path / "x.xlsx"))
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "cannot tell the format of 'x.xlsx'" in done.stderr
    done = run("dispatches", str(DATA / "seed"), "--column", "body")
    assert done.returncode == 2 and "FIELD=COLUMN" in done.stderr
