"""Shared fixtures: paths to the repository's bundled data and to ../shared (skip if absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
GOLD = ROOT / "tests" / "gold"


def shared_path(relative: str) -> Path:
    """Path under ../shared, skipping the test with a reason when it is not there."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpora are not mounted on this machine")
    return path


def holdout_ids() -> set[str]:
    path = CORPORA / "fakes" / "HOLDOUT"
    if not path.exists():
        return set()
    lines = path.read_text().splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}
