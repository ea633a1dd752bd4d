"""The examples in the docstrings of the text and analysis modules run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "monitor.text.normalise",
    "monitor.text.lang",
    "monitor.text.matcher",
    "monitor.text.numerals",
    "monitor.analysis",
    "monitor.analysis.engine",
    "monitor.models",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
