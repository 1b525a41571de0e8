"""The PDF report: scope, one appendix row per claim, escaping, right-to-left text, same bytes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pypdf
import pytest

from casualties.report import (
    SECTION_TITLES,
    EmptyScopeError,
    build_report,
    claim_rows,
    clean_text,
    fmt_figure,
    para,
    select_claims,
    write_report,
)
from casualties.schema import ClaimSchema, validate

from .shared_once import once_per_run

ROOT = Path(__file__).resolve().parents[1]

HOSTILE = "At least {n} killed in <b>Aleppo</b> & Idlib <script>alert('x')</script>, it said."
ARABIC = "قتل {n} مدنيا في حلب، حسب المرصد"
SOURCES = ("sohr", "sana", "un", "opposition", "ucdp")


def make_claims(n: int = 40, seed: int = 3) -> pd.DataFrame:
    """A hand-built Claim frame: five sources over 2016, two categories per claim, hostile text."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        source = SOURCES[i % len(SOURCES)]
        day = pd.Timestamp("2016-01-01") + pd.Timedelta(days=int(rng.integers(0, 300)))
        total = int(rng.integers(3, 90))
        civilians = int(rng.integers(1, total))
        quote = (HOSTILE if i % 2 else ARABIC).format(n=total)
        placed = i % 4 != 0
        common = {
            "claim_id": f"t{i:03d}",
            "dispatch_id": f"d{i // 2:03d}",
            "source_id": source,
            "source_name": source.upper(),
            "outcome": "killed",
            "kind": "incident",
            "event_start": day,
            "event_end": day,
            "date_basis": "explicit",
            "place_name": "Alep" if placed else "Nowhere-on-map",
            "place": "Aleppo" if placed else None,
            "place_id": "geonames:170063" if placed else None,
            "admin1": "Aleppo" if placed else None,
            "country": "SY" if placed else None,
            "language": "ar" if i % 2 == 0 else "en",
            "outlet": "AFP & <Partners>",
            "published": (day + pd.Timedelta(days=1)).tz_localize("UTC"),
            "quote": quote,
            "span_start": 0,
            "span_end": 4,
            "flags": "" if placed else "place_unresolved",
        }
        rows.append(
            common
            | {
                "category": "civilians",
                "low": civilians,
                "best": civilians,
                "high": civilians,
                "qualifier": "exact",
            }
        )
        rows.append(
            common
            | {
                "category": "unspecified",
                "low": total - civilians,
                "best": total - civilians,
                "high": None,
                "qualifier": "at_least",
            }
        )
    return validate(pd.DataFrame(rows), ClaimSchema)


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


def appendix_ids(pages: list[str]) -> list[str]:
    text = "\n".join(pages)
    start = text.rfind(SECTION_TITLES[-1])
    return re.findall(r"claim (\S+) · dispatch", text[start:])


# -- pure functions -------------------------------------------------------------------------


def test_select_claims_by_country_place_period_and_source():
    claims = make_claims()
    assert select_claims(claims, place="Syria")["claim_id"].nunique() == 30
    assert select_claims(claims, place="sy").equals(select_claims(claims, place="Syria"))
    assert select_claims(claims, place="aleppo")["claim_id"].nunique() == 30
    assert select_claims(claims, place="Nowhere-on-map")["claim_id"].nunique() == 10
    some = select_claims(claims, since="2016-03-01", until="2016-05-31", sources=["sohr", "un"])
    assert set(some["source_id"]) <= {"sohr", "un"}
    assert some["event_end"].between(pd.Timestamp("2016-03-01"), pd.Timestamp("2016-05-31")).all()
    # both category rows of each claim stay together
    assert (some.groupby("claim_id").size() == 2).all()
    assert select_claims(claims, outcome="wounded").empty


def test_select_claims_period_overlap_and_undated():
    claims = make_claims(5)
    claims.loc[claims["claim_id"] == "t000", ["event_start", "event_end"]] = [
        pd.Timestamp("2015-12-20"),
        pd.Timestamp("2016-01-10"),
    ]
    claims.loc[claims["claim_id"] == "t001", ["event_start", "event_end"]] = [pd.NaT, pd.NaT]
    claims = validate(claims, ClaimSchema)
    since = select_claims(claims, since="2016-01-05")
    assert "t000" in set(since["claim_id"])  # a period that meets the scope is in it
    assert "t001" not in set(since["claim_id"])  # an undated claim cannot be placed in a period
    assert "t001" in set(select_claims(claims)["claim_id"])
    with pytest.raises(ValueError, match="after until"):
        select_claims(claims, since="2016-02-01", until="2016-01-01")
    with pytest.raises(ValueError, match="cannot read"):
        select_claims(claims, since="2016-13-45")


def test_claim_rows_one_row_per_claim_with_breakdown():
    claims = make_claims(6)
    rows = claim_rows(claims)
    assert len(rows) == 6 and rows["claim_id"].is_unique
    first = rows.set_index("claim_id").loc["t001"]
    civilians = claims[(claims.claim_id == "t001") & (claims.category == "civilians")]["best"]
    assert first["figure"].startswith(f"civilians {int(civilians.iloc[0]):,}; unspecified ≥ ")
    assert first["total"] == claims[claims.claim_id == "t001"]["best"].sum()
    assert list(rows["event_start"]) == sorted(rows["event_start"])


@pytest.mark.parametrize(
    ("low", "best", "high", "qualifier", "expected"),
    [
        (13, 13, 13, "exact", "13"),
        (50, 50, None, "at_least", "≥ 50"),
        (None, 30, 30, "at_most", "≤ 30"),
        (30, 30, 30, "approx", "≈ 30"),
        (20, 20, 30, "range", "20–30"),
        (12, 12, None, "vague", "≥ 12 (vague)"),
        (1200, 1200, 1200, "exact", "1,200"),
    ],
)
def test_fmt_figure(low, best, high, qualifier, expected):
    assert fmt_figure(low, best, high, qualifier) == expected


def test_text_is_escaped_never_markup():
    from reportlab.lib.styles import ParagraphStyle

    from casualties.report import FONT, _register_fonts

    _register_fonts()
    style = ParagraphStyle("t", fontName=FONT, fontSize=9)
    paragraph = para("<b>x</b> & <script>y</script> &amp;\x00\x0c", style)
    assert paragraph.text == "&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;y&lt;/script&gt; &amp;amp;"
    assert clean_text("a\n\tb\u200b  c") == "a b c"
    # Arabic is shaped (presentation forms) and reordered for display, line by line.
    arabic = para("قتل 13 مدنيا", style, width=200)
    assert "13" in arabic.text
    assert any("\ufe70" <= ch <= "\ufeff" for ch in arabic.text)


# -- whole reports --------------------------------------------------------------------------


REJECTIONS = pd.DataFrame(
    {
        "file": ["wires/a.jsonl", "wires/b.txt"],
        "line": [3, None],
        "reason": ["broken JSON line: Expecting value", "empty file"],
    }
)


def _build(folder: Path):
    claims = make_claims()
    info = write_report(
        claims, folder / "test.pdf", title="Test <b>report</b> & co", rejections=REJECTIONS
    )
    return info.path, claims, info.pages


@pytest.fixture(scope="session")
def report(tmp_path_factory) -> tuple[Path, pd.DataFrame, int]:
    """A 40-claim report with hostile text, built once per test run."""
    return once_per_run(tmp_path_factory, "casualties-report", _build)


def test_report_has_every_section_and_opens(report):
    path, _claims, n_pages = report
    pages = pdf_text(path)
    assert len(pages) == n_pages >= 6
    text = "\n".join(pages)
    for title in SECTION_TITLES:
        assert text.count(title) >= 2, title  # in the contents and as a heading
    for words in ("Figure 1.", "broken JSON line", "place_unresolved", "Nowhere-on-map"):
        assert words in text
    # each flag is explained where it is counted
    assert "is not in the gazetteer" in " ".join(text.split())
    assert "could not be drawn" not in text and "not available" not in text


def test_appendix_has_exactly_one_row_per_claim(report):
    path, claims, _info = report
    ids = appendix_ids(pdf_text(path))
    assert ids == list(claim_rows(claims)["claim_id"])
    assert len(ids) == claims["claim_id"].nunique() == 40


def test_dispatch_text_prints_literally(report):
    path, _claims, _info = report
    text = " ".join(" ".join(pdf_text(path)).split())  # lines joined: quotes wrap
    assert "<b>Aleppo</b> & Idlib <script>alert('x')</script>, it said." in text
    assert "Test <b>report</b> & co" in text
    assert "AFP & <Partners>" in text
    plain = unicodedata.normalize("NFKC", text)
    assert "مدنيا في حلب" in plain


def test_same_input_same_bytes(report, tmp_path):
    path, claims, _pages = report
    again = build_report(
        claims, tmp_path / "again.pdf", title="Test <b>report</b> & co", rejections=REJECTIONS
    )
    assert again.read_bytes() == path.read_bytes()


def test_same_bytes_in_another_process(tmp_path):
    """Another interpreter (another hash seed, so another set and dict order) writes the
    same bytes as this one."""
    claims = make_claims(12)
    claims.to_parquet(tmp_path / "claims.parquet")
    here = build_report(pd.read_parquet(tmp_path / "claims.parquet"), tmp_path / "here.pdf")
    script = (
        "import sys, pandas as pd; from casualties.report import build_report; "
        "build_report(pd.read_parquet(sys.argv[1]), sys.argv[2])"
    )
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            str(tmp_path / "claims.parquet"),
            str(tmp_path / "there.pdf"),
        ],
        check=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
        cwd=ROOT,
    )
    assert (tmp_path / "there.pdf").read_bytes() == here.read_bytes()


def test_scoped_report_lists_only_claims_in_scope(tmp_path):
    claims = make_claims()
    path = build_report(
        claims, tmp_path / "scoped.pdf", place="Aleppo", since="2016-02-01", sources="sohr,un,sana"
    )
    expected = select_claims(
        claims, place="Aleppo", since="2016-02-01", sources=["sohr", "un", "sana"]
    )
    assert appendix_ids(pdf_text(path)) == list(claim_rows(expected)["claim_id"])


def test_empty_scope_is_a_clear_error(tmp_path):
    claims = make_claims(10)
    with pytest.raises(EmptyScopeError, match="no claims in the report's scope.*Hama"):
        build_report(claims, tmp_path / "empty.pdf", place="Hama")
    with pytest.raises(EmptyScopeError, match="claims cover 2016"):
        build_report(claims, tmp_path / "empty.pdf", since="2020-01-01")
    assert not (tmp_path / "empty.pdf").exists()


def test_one_source_report_still_builds(tmp_path):
    claims = make_claims(10)
    path = build_report(claims, tmp_path / "one.pdf", sources=["sohr"])
    text = "\n".join(pdf_text(path))
    assert "need at least two sources" in text
    assert len(appendix_ids(pdf_text(path))) == 2


def test_docstring_examples(monkeypatch):
    import doctest

    import casualties.report

    monkeypatch.chdir(ROOT)
    result = doctest.testmod(casualties.report, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 8


# -- command line ---------------------------------------------------------------------------


def test_cli_report_from_csv_and_parquet(tmp_path, capsys):
    from casualties.cli import main
    from casualties.io import write_frame

    claims = make_claims(20)
    write_frame(claims[claims["source_id"] != "ucdp"], tmp_path / "a.parquet")
    write_frame(claims[claims["source_id"] == "ucdp"], tmp_path / "b.csv")
    out = tmp_path / "reports" / "x.pdf"
    status = main(["report", str(tmp_path / "a.parquet"), str(tmp_path / "b.csv"), "-o", str(out)])
    captured = capsys.readouterr()
    assert status == 0 and out.exists()
    assert captured.out.strip() == str(out)
    assert "claims in scope" in captured.err  # progress
    assert len(appendix_ids(pdf_text(out))) == 20


def test_cli_report_errors_are_one_line(tmp_path, capsys):
    from casualties.cli import main

    claims = make_claims(4)
    claims.drop(columns="quote").to_csv(tmp_path / "bad.csv", index=False)
    claims.to_csv(tmp_path / "good.csv", index=False)
    cases = [
        ([str(tmp_path / "bad.csv")], "missing column(s) quote"),
        ([str(tmp_path / "none.parquet")], "no such file"),
        ([str(tmp_path / "good.csv"), "--place", "Hama"], "no claims in the report's scope"),
        ([str(tmp_path / "good.csv"), "--since", "yesterday-ish"], "cannot read"),
    ]
    for args, message in cases:
        status = main(["report", *args, "-o", str(tmp_path / "x.pdf")])
        err = capsys.readouterr().err.strip().splitlines()
        assert status == 2
        assert message in err[-1] and err[-1].startswith("casualties report: error:")
