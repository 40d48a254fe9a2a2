"""nlp_gk.reuse.shingle and minhash: hashes stay inside paragraphs; signatures estimate Jaccard."""

from __future__ import annotations

import numpy as np

from nlp_gk.reuse.minhash import estimate_jaccard, signatures, to_lean
from nlp_gk.reuse.normalize import normalize_batch
from nlp_gk.reuse.shingle import shingle_batch
from nlp_gk.reuse.verify import set_similarity


def test_shingle_counts_and_no_cross_paragraph_ngrams() -> None:
    batch = normalize_batch(["甲乙丙丁戊", "乙丙", "丙丁戊己"])
    sh = shingle_batch(batch, 3)
    assert np.diff(sh.indptr).tolist() == [3, 0, 2]
    alone = shingle_batch(normalize_batch(["丙丁戊己"]), 3)
    assert sh.of(2).tolist() == alone.of(0).tolist()  # same n-grams hash the same anywhere
    assert sh.of(0)[2] == sh.of(2)[0]  # 丙丁戊 in both


def test_minhash_estimates_exact_jaccard(rng_texts: list[str]) -> None:
    a = rng_texts[0]
    b = a[:150] + rng_texts[1][:60]
    sh = shingle_batch(normalize_batch([a, b, rng_texts[2]]), 4)
    sig = signatures(sh, num_perm=256, seed=3)
    jac, _ = set_similarity(sh.unique(0), sh.unique(1))
    assert abs(estimate_jaccard(sig[0], sig[1]) - jac) < 0.1
    assert estimate_jaccard(sig[0], sig[2]) < 0.05


def test_signatures_convert_to_datasketch() -> None:
    sh = shingle_batch(normalize_batch(["政府信息公开工作年度报告"]), 4)
    lean = to_lean(signatures(sh, 64)[0])
    assert len(lean) == 64
