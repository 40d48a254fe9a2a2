"""Exact verification of candidate pairs on their shingle sets."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .shingle import ShingleBatch


@dataclass
class Verified:
    """Candidate pairs that passed, with their exact set similarities."""

    pairs: np.ndarray  # (m, 2) int64 indices into the shingle batch
    jaccard: np.ndarray  # |A & B| / |A | B|
    containment: np.ndarray  # |A & B| / min(|A|, |B|)


def set_similarity(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Exact ``(jaccard, containment)`` of two sorted unique hash arrays.

    >>> set_similarity(np.array([1, 2, 3, 4]), np.array([3, 4]))
    (0.5, 1.0)
    """
    if not len(a) or not len(b):
        return 0.0, 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))


def verify_pairs(sh: ShingleBatch, pairs: np.ndarray, min_containment: float) -> Verified:
    """Keep the pairs whose exact shingle containment is >= ``min_containment``."""
    sets: dict[int, np.ndarray] = {}

    def get(i: int) -> np.ndarray:
        s = sets.get(i)
        if s is None:
            s = sets[i] = sh.unique(i)
        return s

    jac = np.zeros(len(pairs))
    con = np.zeros(len(pairs))
    for n, (i, j) in enumerate(pairs.tolist()):
        jac[n], con[n] = set_similarity(get(i), get(j))
    keep = con >= min_containment
    return Verified(pairs[keep], jac[keep], con[keep])
