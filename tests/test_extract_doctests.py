"""The examples in the docstrings of the extraction, evaluation and gazetteer modules run."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

MODULES = [
    "casualties.extract",
    "casualties.extract.assembly",
    "casualties.extract.categories",
    "casualties.extract.dates",
    "casualties.extract.figures",
    "casualties.extract.kinds",
    "casualties.extract.numbers",
    "casualties.extract.places",
    "casualties.extract.resources",
    "casualties.extract.sources",
    "casualties.extract.tagging",
    "casualties.extract.text",
    "casualties.evaluate",
    "casualties.gazetteer",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} failing example(s) in {name}"
