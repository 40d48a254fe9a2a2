"""nlp_gk.reuse.banality: windows held by many series are template, counted on the corpus."""

from __future__ import annotations

import numpy as np

from nlp_gk.reuse.banality import (
    cover,
    paragraph_windows,
    template_mask,
    window_hashes,
    window_indptr,
)
from nlp_gk.reuse.normalize import normalize_batch
from nlp_gk.reuse.shingle import shingle_batch


def _mask(texts: list[str], series: list[int], gram: int = 12, min_other: int = 3) -> list[np.ndarray]:
    norm = normalize_batch(texts)
    sh = shingle_batch(norm, 4)
    mask = template_mask(norm, sh, np.array(series), gram, min_other)
    return [mask[norm.indptr[i] : norm.indptr[i + 1]] for i in range(len(texts))]


def test_shared_by_four_series_is_template_three_is_not(make_reuse_text) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(3)
    common, rare = make_reuse_text(rng, 1, (30, 31)), make_reuse_text(rng, 1, (30, 31))
    texts = [make_reuse_text(rng, 2) + common + make_reuse_text(rng, 2) for _ in range(4)]
    texts += [rare + make_reuse_text(rng, 3) for _ in range(3)]
    masks = _mask(texts, [0, 1, 2, 3, 4, 5, 6])
    n_common = len(normalize_batch([common]).text(0))
    for m in masks[:4]:
        assert m.sum() == n_common  # exactly the shared sentence, in each of the four
    assert not any(m.any() for m in masks[4:])  # in 3 series: only 2 others for each


def test_one_series_repeating_itself_is_not_template(make_reuse_text) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(4)
    text = make_reuse_text(rng, 3)
    masks = _mask([text] * 6, [7] * 6)
    assert not any(m.any() for m in masks)


def test_window_hashes_match_per_paragraph_windows(rng_texts: list[str]) -> None:
    norm = normalize_batch(rng_texts[:4])
    sh = shingle_batch(norm, 4)
    wptr = window_indptr(sh, 10)
    allw = window_hashes(sh, 10, wptr)
    for i in range(4):
        assert np.array_equal(allw[wptr[i] : wptr[i + 1]], paragraph_windows(sh, i, 10))
        assert wptr[i + 1] - wptr[i] == max(int(norm.lengths()[i]) - 10 + 1, 0)


def test_equal_windows_hash_equal_and_cover_merges_runs() -> None:
    norm = normalize_batch(["甲乙丙丁戊己庚辛壬癸子丑甲乙丙丁戊己庚辛壬癸子丑"])
    w = paragraph_windows(shingle_batch(norm, 4), 0, 12)
    assert w[0] == w[12] and len(set(w.tolist())) == 12
    assert cover(np.array([0, 5, 30]), 10, 40).sum() == 25
