"""The doctests on the pure helpers of the reading and segmentation modules."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", ["clean", "headings", "reports", "tables", "io", "segment"])
def test_module_doctests(name: str) -> None:
    module = importlib.import_module(f"nlp_gk.{name}")
    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted > 0
