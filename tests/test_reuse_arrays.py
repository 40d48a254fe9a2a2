"""nlp_gk.reuse.arrays: sort-based unique equals np.unique."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_gk.reuse.arrays import unique_sorted


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**63), max_size=60))
def test_same_as_numpy(values: list[int]) -> None:
    x = np.array(values, dtype=np.uint64)
    assert np.array_equal(unique_sorted(x), np.unique(x))
