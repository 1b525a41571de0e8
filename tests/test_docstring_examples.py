"""The examples in the docstrings of every module of the chart and report packages, and of
the structured-dataset importers, run.

The packages' own examples (and those of the functions they export) are run by
``test_plots`` and ``test_report``.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]


def _modules(package: str) -> list[str]:
    path = importlib.import_module(package).__path__
    return [f"{package}.{info.name}" for info in pkgutil.iter_modules(path)]


IMPORTERS = [
    "casualties.io._structured",
    "casualties.io.acled",
    "casualties.io.ibc",
    "casualties.io.ucdp",
]


@pytest.mark.parametrize(
    "name", _modules("casualties.plots") + _modules("casualties.report") + IMPORTERS
)
def test_docstring_examples(name, monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.chdir(ROOT)
    module = importlib.import_module(name)
    try:
        result = doctest.testmod(
            module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
        )
    finally:
        plt.close("all")
    assert result.failed == 0, f"{result.failed} failing example(s) in {name}"
