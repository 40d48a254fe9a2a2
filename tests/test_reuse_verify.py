"""nlp_gk.reuse.verify: exact set similarities on shingle sets."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from nlp_gk.reuse.normalize import normalize_batch
from nlp_gk.reuse.shingle import shingle_batch
from nlp_gk.reuse.verify import set_similarity, verify_pairs


@given(st.sets(st.integers(0, 50), min_size=1), st.sets(st.integers(0, 50), min_size=1))
def test_set_similarity_matches_python_sets(a: set[int], b: set[int]) -> None:
    jac, con = set_similarity(np.array(sorted(a)), np.array(sorted(b)))
    assert jac == len(a & b) / len(a | b)
    assert con == len(a & b) / min(len(a), len(b))


def test_verify_keeps_only_contained_pairs(rng_texts: list[str]) -> None:
    short = rng_texts[0][:40]
    texts = [short, rng_texts[1][:100] + short + rng_texts[1][100:200], rng_texts[2]]
    sh = shingle_batch(normalize_batch(texts), 4)
    ver = verify_pairs(sh, np.array([[0, 1], [0, 2], [1, 2]]), min_containment=0.5)
    assert ver.pairs.tolist() == [[0, 1]]
    assert ver.containment[0] == 1.0 and ver.jaccard[0] < 0.3
