"""nlp_gk.reuse.candidates: LSH (datasketch and numpy agree) and the containment index."""

from __future__ import annotations

import numpy as np
import pytest

from nlp_gk.reuse.candidates import (
    fingerprint_pairs,
    lsh_pairs_datasketch,
    lsh_pairs_numpy,
    pairs_from_groups,
    unique_pairs,
)
from nlp_gk.reuse.minhash import signatures
from nlp_gk.reuse.normalize import normalize_batch
from nlp_gk.reuse.shingle import shingle_batch


def _corpus(reuse_text) -> tuple[list[str], set[tuple[int, int]]]:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(11)
    texts = [reuse_text(rng) for _ in range(60)]
    planted = set()
    for src in range(0, 20, 2):  # near copies: one sentence replaced
        texts[src + 1] = texts[src][: len(texts[src]) - 25] + reuse_text(rng, 1)
        planted.add((src, src + 1))
    texts.append(texts[30][20:60])  # a short piece of paragraph 30
    planted.add((30, len(texts) - 1))
    return texts, planted


def test_numpy_and_datasketch_give_the_same_pairs(make_reuse_text) -> None:  # type: ignore[no-untyped-def]
    texts, _ = _corpus(make_reuse_text)
    sigs = signatures(shingle_batch(normalize_batch(texts), 4), 128)
    a = lsh_pairs_numpy(sigs, 42, 3, max_bucket=40)
    b = lsh_pairs_datasketch(sigs, 42, 3, max_bucket=40)
    assert a.tolist() == b.tolist()
    assert len(a) > 0


def test_lsh_finds_near_copies_and_containment_finds_the_short_piece(make_reuse_text) -> None:  # type: ignore[no-untyped-def]
    texts, planted = _corpus(make_reuse_text)
    sh = shingle_batch(normalize_batch(texts), 4)
    lsh = {tuple(p) for p in lsh_pairs_numpy(signatures(sh, 128), 42, 3, 40).tolist()}
    contained = {tuple(p) for p in fingerprint_pairs(sh, 4, 40, 3).tolist()}
    near = planted - {(30, len(texts) - 1)}
    assert near <= lsh
    assert (30, len(texts) - 1) in contained
    assert len(lsh | contained) < 3 * len(planted)  # not all pairs


@pytest.mark.parametrize(("max_bucket", "expected"), [
    (10, {(1, 2), (1, 7), (1, 8), (2, 7), (2, 8), (7, 8), (3, 5)}),
    (3, {(3, 5), (1, 2), (2, 7), (7, 8), (1, 7), (1, 8)}),
], ids=["all-pairs", "chain-and-star"])
def test_pairs_from_groups(max_bucket: int, expected: set[tuple[int, int]]) -> None:
    members = np.array([5, 3, 9, 1, 2, 7, 8])
    pairs = unique_pairs(pairs_from_groups(members, np.array([0, 2, 3]), max_bucket))
    assert {tuple(p) for p in pairs.tolist()} == expected


def test_scoped_index_pairs_own_series_through_corpus_common_wording(make_reuse_text) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(3)
    common = make_reuse_text(rng, 3)  # in every paragraph: too common to index corpus-wide
    texts = [common + make_reuse_text(rng, 4) for _ in range(12)]
    sh = shingle_batch(normalize_batch(texts), 4)
    scope = np.arange(12)
    scope[1] = 0  # paragraphs 0 and 1 are of one series, every other one of its own
    assert len(fingerprint_pairs(sh, 1, 5, 3)) == 0  # posting lists of 12 > max_df
    scoped = fingerprint_pairs(sh, 1, 5, 3, scope=scope)
    assert scoped.tolist() == [[0, 1]]  # in its series the wording is rare; no pair across series
