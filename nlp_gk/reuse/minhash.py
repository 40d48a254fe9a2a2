"""MinHash signatures over hashed shingles, vectorised with numpy.

Each of ``num_perm`` permutations is a multiply-shift hash ``(a * x + b) >> 32`` of the 32-bit
shingle hash (a 2-universal family), applied to all shingles of a block at once; the minimum
per paragraph is taken with ``np.minimum.reduceat``. This is the "hash every shingle once"
path measured at ~45k paragraphs/s, instead of one ``datasketch.MinHash`` per paragraph.
Signatures convert to ``datasketch.LeanMinHash`` for datasketch's ``MinHashLSH``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .shingle import ShingleBatch

_BLOCK = 131_072  # shingle x permutation values per block (1 MB of uint64: stays in cache; 32 MB blocks were 4x slower)


def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``(a, b)`` coefficients: ``a`` odd, both uniform 64-bit."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


def signatures(shingles: ShingleBatch, num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """``(n, num_perm)`` uint32 MinHash signatures; every paragraph needs >= 1 shingle."""
    counts = np.diff(shingles.indptr)
    if len(counts) and counts.min() == 0:
        raise ValueError("every paragraph needs at least one shingle (filter by min_chars first)")
    a, b = permutations(num_perm, seed)
    out = np.empty((len(counts), num_perm), dtype=np.uint32)
    per_block = max(1, _BLOCK // num_perm)
    lo = 0
    while lo < len(counts):
        hi = int(np.searchsorted(shingles.indptr, shingles.indptr[lo] + per_block, side="right"))
        hi = max(hi - 1, lo + 1)
        out[lo:hi] = _block(shingles, lo, hi, a, b)
        lo = hi
    return out


def _block(sh: ShingleBatch, lo: int, hi: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    x = sh.hashes[sh.indptr[lo] : sh.indptr[hi]].astype(np.uint64)
    vals = ((x[:, None] * a[None, :] + b[None, :]) >> np.uint64(32)).astype(np.uint32)
    starts = sh.indptr[lo:hi] - sh.indptr[lo]
    return np.minimum.reduceat(vals, starts, axis=0)


def to_lean(signature: np.ndarray, seed: int = 1) -> Any:
    """A ``datasketch.LeanMinHash`` holding ``signature`` (for ``MinHashLSH``)."""
    from datasketch import LeanMinHash

    return LeanMinHash(seed=seed, hashvalues=signature, scheme="affine32")


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """The MinHash estimate of the Jaccard similarity of two signatures."""
    return float(np.mean(sig_a == sig_b))
