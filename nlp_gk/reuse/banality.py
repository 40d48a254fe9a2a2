"""Template (banal) wording measured on the whole corpus: stretches found in many series.

The labelling rule (``corpus/guidelines/reuse.md``) calls a character *template* when it lies in
a stretch of about 10 or more consecutive normalised characters that also occurs in 3 or more
distinct OTHER series. Pairwise matching cannot see that for wording shared by hundreds of
reports (large LSH buckets and posting lists are deliberately not expanded), so it is counted
directly, like passim's boilerplate and TextPAIR's banality:

1. every ``gram``-character window of every compared paragraph is hashed (combining the
   paragraph's 4-gram shingle hashes, so no text is hashed twice);
2. windows occurring fewer than ``min_other + 1`` times in the corpus are dropped by one sort;
3. for the rest, the distinct series holding each window are counted (one sort over
   ``(window, series)`` keys); a window held by ``min_other + 1`` series or more is in
   ``min_other`` series other than any paragraph holding it;
4. every character covered by such a window is template.

Cost: a few sorts over the windows, linear in corpus size up to the ``log`` of sorting; no pair
of paragraphs is compared.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .arrays import unique_sorted
from .normalize import NormBatch
from .shingle import ShingleBatch, _mix64

_MUL = np.uint64(0x9E3779B97F4A7C15)
_BLOCK = 50_000  # paragraphs per block of window hashing


def window_indptr(sh: ShingleBatch, gram: int) -> np.ndarray:
    """Paragraph ``i`` has windows ``indptr[i]:indptr[i + 1]`` (window ``j`` starts at char ``j``)."""
    n_win = np.maximum(np.diff(sh.indptr) - (gram - sh.size), 0)
    out = np.zeros(len(n_win) + 1, dtype=np.int64)
    np.cumsum(n_win, out=out[1:])
    return out


def window_hashes(sh: ShingleBatch, gram: int, wptr: np.ndarray) -> np.ndarray:
    """A 32-bit hash of every ``gram``-char window of every paragraph, paragraph after paragraph.

    The window at shingle index ``p`` combines the 4-gram shingles at ``p``, ``p + 4``, ... and
    ``p + gram - size``, i.e. ``gram`` consecutive characters. Computed in blocks of
    paragraphs so the temporaries stay small.
    """
    out = np.empty(int(wptr[-1]), dtype=np.uint32)
    for lo in range(0, len(wptr) - 1, _BLOCK):
        hi = min(lo + _BLOCK, len(wptr) - 1)
        pos = _window_starts(sh, wptr, lo, hi)
        out[wptr[lo] : wptr[hi]] = _combine(sh.hashes, pos, gram, sh.size)
    return out


def _window_starts(sh: ShingleBatch, wptr: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Shingle index of each window of paragraphs ``lo:hi``."""
    counts = np.diff(wptr[lo : hi + 1])
    local = np.arange(int(counts.sum())) - np.repeat(wptr[lo:hi] - wptr[lo], counts)
    return np.repeat(sh.indptr[lo:hi], counts) + local


def paragraph_windows(sh: ShingleBatch, i: int, gram: int) -> np.ndarray:
    """The window hashes of paragraph ``i`` (window ``j`` starts at its character ``j``)."""
    h4 = sh.of(i)
    return _combine(h4, np.arange(max(len(h4) - (gram - sh.size), 0)), gram, sh.size)


def _combine(h4: np.ndarray, pos: np.ndarray, gram: int, size: int) -> np.ndarray:
    if gram < size:
        raise ValueError(f"template window ({gram}) shorter than the shingle size ({size})")
    h = np.zeros(len(pos), dtype=np.uint64)
    for off in sorted(set(range(0, gram - size, size)) | {gram - size}):
        h = _mix64(h * _MUL + h4[pos + off].astype(np.uint64))
    return (h >> np.uint64(32)).astype(np.uint32)


def frequent_values(values: np.ndarray, min_count: int) -> np.ndarray:
    """Sorted unique values occurring at least ``min_count`` times.

    >>> frequent_values(np.array([3, 1, 3, 2, 3, 1], dtype=np.uint32), 2).tolist()
    [1, 3]
    """
    s = np.sort(values)
    if min_count <= 1 or len(s) < min_count:
        return unique_sorted(s) if min_count <= 1 else s[:0]
    k = min_count - 1
    return unique_sorted(s[:-k][s[k:] == s[:-k]])


def is_member(values: np.ndarray, sorted_set: np.ndarray, block: int = 8_000_000) -> np.ndarray:
    """``values`` in ``sorted_set`` (searchsorted in blocks; the set is small next to ``values``)."""
    out = np.zeros(len(values), dtype=bool)
    if not len(sorted_set):
        return out
    for lo in range(0, len(values), block):
        v = values[lo : lo + block]
        idx = np.minimum(np.searchsorted(sorted_set, v), len(sorted_set) - 1)
        out[lo : lo + block] = sorted_set[idx] == v
    return out


def template_windows(hashes: np.ndarray, series_of: Callable[[np.ndarray], np.ndarray],
                     min_other: int) -> np.ndarray:
    """Indices of the windows whose hash occurs in at least ``min_other + 1`` distinct series.

    ``series_of(window_indices)`` gives the series id of those windows' paragraphs.
    """
    need = min_other + 1
    maybe = np.flatnonzero(is_member(hashes, frequent_values(hashes, need)))
    h = hashes[maybe]
    keys = unique_sorted((h.astype(np.uint64) << np.uint64(32)) | series_of(maybe).astype(np.uint64))
    banal = frequent_values((keys >> np.uint64(32)).astype(np.uint32), need)
    return maybe[is_member(h, banal)]


def template_mask(cnorm: NormBatch, sh: ShingleBatch, series: np.ndarray, gram: int,
                  min_other: int) -> np.ndarray:
    """Boolean over ``cnorm.codes``: the character is in a window held by ``min_other`` other series.

    ``series`` is an integer series id per paragraph of ``cnorm`` (paragraphs without a known
    agency each get their own id).
    """
    wptr = window_indptr(sh, gram)

    def para_of(windows: np.ndarray) -> np.ndarray:
        return np.searchsorted(wptr, windows, side="right") - 1

    banal = template_windows(window_hashes(sh, gram, wptr), lambda w: series[para_of(w)], min_other)
    para = para_of(banal)
    return cover(cnorm.indptr[para] + (banal - wptr[para]), gram, len(cnorm.codes))


def cover(starts: np.ndarray, length: int, n: int) -> np.ndarray:
    """Boolean of size ``n``: inside some ``[s, s + length)`` for ``s`` in the sorted ``starts``.

    >>> cover(np.array([1, 2, 7]), 3, 10).astype(int).tolist()
    [0, 1, 1, 1, 1, 0, 0, 1, 1, 1]
    """
    out = np.zeros(n, dtype=bool)
    if not len(starts):
        return out
    new = np.concatenate(([True], starts[1:] >= starts[:-1] + length))
    run_start = starts[new]
    run_end = np.maximum.reduceat(starts, np.flatnonzero(new)) + length
    lens = run_end - run_start
    idx = np.repeat(run_start - np.concatenate(([0], np.cumsum(lens)[:-1])), lens) + np.arange(int(lens.sum()))
    out[idx] = True
    return out
