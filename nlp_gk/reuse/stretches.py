"""Exact shared stretches of two paragraphs, from their window hashes.

A character of the target is in a shared stretch with the source when it lies in a window of
``gram`` consecutive normalised characters that the source holds too: the labelling rule's
"shared stretch of about 10 or more consecutive characters". Consecutive shared windows that
are consecutive in the source as well are joined into one span. These complement the
sentence-piece alignment (:mod:`nlp_gk.reuse.align`), which tolerates edits but needs a
whole piece to be similar: a stretch copied inside an otherwise rewritten sentence is found
here.
"""

from __future__ import annotations

import numpy as np

from .align import Span


def exact_stretches(target: np.ndarray, source: np.ndarray, gram: int, min_chars: int) -> list[Span]:
    """Spans (score 1.0) of the target's windows found in the source, at least ``min_chars`` long.

    >>> t = np.array([1, 2, 3, 9, 4, 5], dtype=np.uint32)
    >>> [(s.a_start, s.a_end, s.b_start, s.b_end) for s in exact_stretches(t, np.array([7, 1, 2, 3, 4, 5]), 3, 4)]
    [(0, 5, 1, 6), (4, 8, 4, 8)]
    """
    if not len(target) or not len(source):
        return []
    order = np.argsort(source, kind="stable")
    ordered = source[order]
    idx = np.minimum(np.searchsorted(ordered, target), len(ordered) - 1)
    hit = np.flatnonzero(ordered[idx] == target)
    if not len(hit):
        return []
    src = order[idx[hit]]
    brk = np.flatnonzero((np.diff(hit) != 1) | (np.diff(src) != 1)) + 1
    out = []
    for lo, hi in zip([0, *brk.tolist()], [*brk.tolist(), len(hit)], strict=True):
        a0, a1 = int(hit[lo]), int(hit[hi - 1]) + gram
        if a1 - a0 >= min_chars:
            out.append(Span(a0, a1, int(src[lo]), int(src[hi - 1]) + gram, 1.0))
    return out
