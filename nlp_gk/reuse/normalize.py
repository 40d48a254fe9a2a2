"""Normalise paragraphs for comparison, keeping a map back to the original characters.

Kept: Chinese characters (converted traditional -> simplified with
:func:`nlp_gk.clean.to_simplified_aligned`, which keeps offsets valid) and Latin letters
(lower-cased, full-width folded). Every run of digits becomes one ``0``, so bumped years and
changed figures compare equal. A year written in Chinese numerals (``二〇二二年``, ``二零二三年``,
``二○二一年``: four of 〇○零一二三四五六七八九 right before 年) is masked the same way, so it
compares equal to ``2022年``. Punctuation, whitespace and everything else are dropped.
Paragraphs are processed as one concatenated numpy array, so this costs a few seconds per
million paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

MASK = ord("0")
_CN_DIGITS = np.array([ord(c) for c in "〇○零一二三四五六七八九"], dtype=np.uint32)
_NIAN = ord("年")
_CHUNK = 50_000  # paragraphs per vectorised block (bounds peak memory)


@dataclass
class NormBatch:
    """Normalised paragraphs, concatenated. Paragraph ``i`` is ``codes[indptr[i]:indptr[i+1]]``.

    ``origin[j]`` is the offset of normalised character ``j`` within its paragraph's original
    text, so ``start + origin[j]`` is an offset into the source document.
    """

    codes: np.ndarray  # uint32 code points
    origin: np.ndarray  # int32 offsets within the original paragraph text
    indptr: np.ndarray  # int64, length n + 1

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def lengths(self) -> np.ndarray:
        return np.diff(self.indptr)

    def text(self, i: int) -> str:
        """The normalised text of paragraph ``i``."""
        return self.codes[self.indptr[i] : self.indptr[i + 1]].tobytes().decode("utf-32-le")

    def origins(self, i: int) -> np.ndarray:
        return self.origin[self.indptr[i] : self.indptr[i + 1]]


def normalize_text(text: str) -> tuple[str, list[int]]:
    """Normalise one string; return it with the original offset of every kept character.

    >>> normalize_text("2022年，政務公開 ok!")
    ('0年政务公开ok', [0, 4, 6, 7, 8, 9, 11, 12])
    >>> normalize_text("二〇二二年度")[0]
    '0年度'
    """
    batch = normalize_batch([text])
    return batch.text(0), batch.origins(0).tolist()


def normalize_batch(texts: Sequence[str]) -> NormBatch:
    """Normalise many paragraphs at once (see the module docstring for the rules)."""
    parts = [_normalize_chunk(texts[i : i + _CHUNK]) for i in range(0, len(texts), _CHUNK)]
    if not parts:
        parts = [_normalize_chunk([])]
    codes = np.concatenate([p[0] for p in parts])
    origin = np.concatenate([p[1] for p in parts])
    counts = np.concatenate([p[2] for p in parts])
    indptr = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return NormBatch(codes, origin, indptr)


def _normalize_chunk(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from ..clean import fold_width, to_simplified_aligned

    joined = "\n".join(texts)
    simple = fold_width(to_simplified_aligned(joined))
    cp = np.frombuffer(simple.encode("utf-32-le"), dtype=np.uint32).copy()
    lens = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    starts = np.concatenate(([0], np.cumsum(lens + 1)[:-1])) if len(texts) else lens
    keep, cp = _keep_mask(cp)
    pos = np.flatnonzero(keep)
    para = np.searchsorted(starts, pos, side="right") - 1
    origin = (pos - starts[para]).astype(np.int32)
    counts = np.bincount(para, minlength=len(texts)).astype(np.int64)
    return cp[pos], origin, counts


def _keep_mask(cp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which code points to keep, and the code points with digits masked and letters lowered."""
    upper = (cp >= 0x41) & (cp <= 0x5A)
    cp[upper] += 32
    han = ((cp >= 0x4E00) & (cp <= 0x9FFF)) | ((cp >= 0x3400) & (cp <= 0x4DBF))
    han |= ((cp >= 0xF900) & (cp <= 0xFAFF)) | ((cp >= 0x20000) & (cp <= 0x2FFFF))
    latin = (cp >= 0x61) & (cp <= 0x7A)
    digit = ((cp >= 0x30) & (cp <= 0x39)) | _chinese_years(cp)
    first_digit = digit.copy()
    first_digit[1:] &= ~digit[:-1]
    cp[digit] = MASK
    return (han & ~digit) | latin | first_digit, cp


def subset(batch: NormBatch, ids: np.ndarray) -> NormBatch:
    """The paragraphs ``ids`` of ``batch``, in that order, as a new batch."""
    lens = batch.lengths()[ids]
    indptr = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum(lens, out=indptr[1:])
    if len(ids) < 2 or np.all(np.diff(ids) > 0):  # increasing ids: a boolean mask is lighter
        wanted = np.zeros(len(batch), dtype=bool)
        wanted[ids] = True
        mask = np.repeat(wanted, batch.lengths())
        return NormBatch(batch.codes[mask], batch.origin[mask], indptr)
    gather = np.repeat(batch.indptr[ids] - indptr[:-1], lens) + np.arange(indptr[-1])
    return NormBatch(batch.codes[gather], batch.origin[gather], indptr)


def _chinese_years(cp: np.ndarray) -> np.ndarray:
    """Positions of the four numerals of a year written in Chinese (``二〇二二`` before ``年``)."""
    out = np.zeros(len(cp), dtype=bool)
    if len(cp) < 5:
        return out
    cn = np.isin(cp, _CN_DIGITS)
    start = (cp[4:] == _NIAN) & cn[:-4] & cn[1:-3] & cn[2:-2] & cn[3:-1]
    for k in range(4):
        out[k : k + len(start)] |= start
    return out
