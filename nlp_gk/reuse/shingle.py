"""Character n-gram shingles of normalised paragraphs, hashed to 32 bits, fully vectorised."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .normalize import NormBatch

_MUL = np.uint64(1_000_003)
_CHUNK_CHARS = 20_000_000  # normalised characters hashed per block (bounds peak memory)


@dataclass
class ShingleBatch:
    """Shingle hashes, concatenated; paragraph ``i`` has ``hashes[indptr[i]:indptr[i+1]]``.

    Shingle ``j`` of a paragraph starts at normalised character ``j`` of that paragraph.
    """

    hashes: np.ndarray  # uint32
    indptr: np.ndarray  # int64, length n + 1
    size: int  # n-gram length

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def of(self, i: int) -> np.ndarray:
        return self.hashes[self.indptr[i] : self.indptr[i + 1]]

    def unique(self, i: int) -> np.ndarray:
        """The sorted shingle set of paragraph ``i``."""
        return np.unique(self.of(i))


def shingle_batch(norm: NormBatch, size: int) -> ShingleBatch:
    """Hash every ``size``-gram of every paragraph (paragraphs shorter than ``size`` get none)."""
    counts = np.maximum(norm.lengths() - size + 1, 0)
    indptr = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    out = np.empty(int(indptr[-1]), dtype=np.uint32)
    for lo, hi in _chunks(norm.indptr, _CHUNK_CHARS):
        codes = norm.codes[norm.indptr[lo] : norm.indptr[hi]]
        local = norm.indptr[lo : hi + 1] - norm.indptr[lo]
        out[indptr[lo] : indptr[hi]] = _hash_ngrams(codes, local, size)
    return ShingleBatch(out, indptr, size)


def _chunks(indptr: np.ndarray, max_chars: int) -> list[tuple[int, int]]:
    """Paragraph ranges ``[lo, hi)`` holding about ``max_chars`` characters each."""
    bounds = np.searchsorted(indptr, np.arange(0, indptr[-1] + max_chars, max_chars))
    bounds = np.unique(np.clip(bounds, 0, len(indptr) - 1))
    if bounds[0] != 0:
        bounds = np.concatenate(([0], bounds))
    if bounds[-1] != len(indptr) - 1:
        bounds = np.concatenate((bounds, [len(indptr) - 1]))
    return [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]


def _hash_ngrams(codes: np.ndarray, indptr: np.ndarray, size: int) -> np.ndarray:
    """32-bit hashes of the n-grams that lie wholly inside one paragraph, in order."""
    m = len(codes) - size + 1
    if m <= 0:
        return np.empty(0, dtype=np.uint32)
    h = np.zeros(m, dtype=np.uint64)
    c = codes.astype(np.uint64)
    for j in range(size):
        h = h * _MUL + c[j : j + m]
    h = _mix64(h)
    para = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))[:m]
    valid = np.arange(m) + size <= indptr[1:][para]
    return (h[valid] >> np.uint64(32)).astype(np.uint32)


def _mix64(h: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: spreads every input bit over the whole word."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))
