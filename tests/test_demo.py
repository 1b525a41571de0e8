"""The demo: bundled dispatches + UCDP → reports/demo.pdf, every section, one row per claim."""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import pypdf
import pytest

from casualties.report import SECTION_TITLES, claim_rows, select_claims

from .shared_once import once_per_run


def _run_demo(folder: Path):
    from casualties.demo import run_demo

    path = folder / "demo.pdf"
    start = time.perf_counter()
    result = run_demo(path, chart=folder / "chart.png")
    elapsed = time.perf_counter() - start
    pages = [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]
    return result, pages, elapsed


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The demo, run once per test run (by the first xdist worker that needs it)."""
    return once_per_run(tmp_path_factory, "casualties-demo", _run_demo)


@pytest.mark.slow
def test_demo_writes_a_report_with_every_section(demo):
    result, pages, elapsed = demo
    assert result.path.exists() and result.pages == len(pages) > 10
    text = "\n".join(pages)
    for title in SECTION_TITLES:
        assert title in text, title
    assert "could not be drawn" not in text
    chart = (result.path.parent / "chart.png").read_bytes()
    assert chart.startswith(b"\x89PNG") and len(chart) > 20_000
    # The sources the demo is about are compared in it.
    for name in ("SOHR", "UCDP"):
        assert name in text
    assert elapsed < 120, f"the demo took {elapsed:.0f}s"


@pytest.mark.slow
def test_demo_appendix_has_one_row_per_claim_in_scope(demo):
    result, pages, _elapsed = demo
    text = "\n".join(pages)
    appendix = text[text.rfind(SECTION_TITLES[-1]) :]
    ids = re.findall(r"claim (\S+) · dispatch", appendix)
    in_scope = select_claims(result.claims, since=result.since, until=result.until)
    expected = list(claim_rows(in_scope)["claim_id"])
    assert len(ids) == len(expected) == len(set(ids))
    assert ids == expected
    # both kinds of source are there: extracted claims and UCDP events
    assert any(i.startswith("ucdp:") for i in ids)
    assert any(not i.startswith("ucdp:") for i in ids)


@pytest.mark.slow
def test_demo_headline_compares_the_main_sources(demo):
    result, _pages, _elapsed = demo
    headline = result.headline.set_index("source_id")
    assert {"sohr", "ucdp"} <= set(headline.index)
    assert (headline["best"] > 0).all()
    assert (headline["low"] <= headline["best"]).all()
    summary = result.summary()
    assert str(result.path) in summary.splitlines()[0]
    assert "SOHR" in summary and "UCDP" in summary


def test_demo_command_prints_path_and_headline(demo, monkeypatch, capsys):
    from casualties.cli import demo as demo_cli

    result, _pages, _elapsed = demo
    monkeypatch.setattr("casualties.demo.run_demo", lambda output, **_kw: result)
    assert demo_cli.run(argparse.Namespace(output=None, quiet=True, chart=None)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == str(result.path)
    assert any(line.strip().startswith("SOHR") for line in out)


def test_make_demo_runs_the_demo_command():
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    assert re.search(r"^demo: .*\n\t.*casualties demo$", makefile, flags=re.M)
