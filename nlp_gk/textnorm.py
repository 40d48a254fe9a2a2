"""Batch feature-text normalisation for the tagger, equal to :func:`nlp_gk.clean.normalize`.

The tagger's features are computed on the *normalised* text (``norm_text`` in the segment
contract): OpenCC t2s, full-width ASCII and the ideographic space folded to half-width,
whitespace runs squeezed to one space and stripped. Calling ``normalize`` per paragraph costs
about 12 µs (``str.translate`` with a dict and OpenCC for every paragraph), a quarter of the
tagger's whole budget, so :func:`normalize_many` does the same work for a batch at once:

* all texts are joined and converted to code points once; width folding and whitespace
  squeezing are numpy operations on that array;
* OpenCC runs only on the texts that contain a character it would change (a lookup table of
  such characters, built once per process from OpenCC itself).

A document may hold a heading and a body separated by :data:`nlp_gk.features.FIELD_SEP`;
each part is normalised on its own and the separator is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from .clean import normalize
from .features import FIELD_SEP

DOC_SEP = "\x00"  # joins documents inside a batch
N_CODEPOINTS = 0x110000
# Where OpenCC t2s changes characters: CJK radicals to CJK unified, compatibility ideographs
# and forms, and the supplementary ideograph planes.
_T2S_RANGES = ((0x2E80, 0xA000), (0xF900, 0xFFF0), (0x20000, 0x2FA20))


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """``(is_space, changes_under_t2s)`` boolean tables over all code points."""
    space = np.zeros(N_CODEPOINTS, dtype=bool)
    space[[c for c in range(0x3100) if chr(c).isspace()]] = True
    space[ord(FIELD_SEP)] = False  # a boundary, not whitespace, inside the batch string
    return space, _t2s_table()


def _t2s_table() -> np.ndarray:
    from .clean import to_simplified

    codes = [c for lo, hi in _T2S_RANGES for c in range(lo, hi)]
    converted = to_simplified("\n".join(map(chr, codes))).split("\n")
    table = np.zeros(N_CODEPOINTS, dtype=bool)
    if len(converted) == len(codes):
        table[[c for c, s in zip(codes, converted, strict=True) if s != chr(c)]] = True
    else:  # a conversion that changed line structure: fall back to converting every text
        table[:] = True
    return table


def normalize_document(doc: str) -> str:
    """:func:`nlp_gk.clean.normalize` applied to each field of one document.

    >>> normalize_document("（四）平臺\\x1e 門戶網站　運行 ")
    '(四)平台\\x1e门户网站 运行'
    """
    return FIELD_SEP.join(normalize(part) for part in doc.split(FIELD_SEP))


def normalize_many(docs: Sequence[str]) -> list[str]:
    """:func:`normalize_document` of every document, computed for the batch at once."""
    if isinstance(docs, str):
        raise TypeError("normalize_many expects a list of documents, got a str")
    docs = list(docs)
    if not docs:
        return []
    joined = DOC_SEP.join(docs)
    if joined.count(DOC_SEP) != len(docs) - 1:  # a text holds the batch separator itself
        return [normalize_document(d) for d in docs]
    space, t2s = _tables()
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).copy()
    needs_opencc = _docs_with(t2s[cp], cp)
    _fold_width(cp)
    out = _squeeze(cp, space[cp]).tobytes().decode("utf-32-le").split(DOC_SEP)
    for i in needs_opencc:
        out[i] = normalize_document(docs[i])
    return out


def _docs_with(flags: np.ndarray, cp: np.ndarray) -> list[int]:
    """Indices of the documents containing a flagged position."""
    pos = np.flatnonzero(flags)
    if not len(pos):
        return []
    seps = np.flatnonzero(cp == ord(DOC_SEP))
    return np.unique(np.searchsorted(seps, pos)).tolist()


def _fold_width(cp: np.ndarray) -> None:
    wide = (cp >= 0xFF01) & (cp <= 0xFF5E)
    cp[wide] -= 0xFEE0
    cp[cp == 0x3000] = 0x20


def _squeeze(cp: np.ndarray, space: np.ndarray) -> np.ndarray:
    """Whitespace runs to one space; runs touching a text or field boundary are dropped."""
    n = len(cp)
    if not space.any():
        return cp
    boundary = (cp == ord(DOC_SEP)) | (cp == ord(FIELD_SEP))
    prev_space = np.concatenate(([False], space[:-1]))
    next_space = np.concatenate((space[1:], [False]))
    starts = np.flatnonzero(space & ~prev_space)
    ends = np.flatnonzero(space & ~next_space)  # last position of each run
    inner = (starts > 0) & (ends < n - 1)
    inner[inner] = ~boundary[starts[inner] - 1] & ~boundary[ends[inner] + 1]
    keep = ~space
    keep[starts[inner]] = True
    cp[starts[inner]] = 0x20
    return cp[keep]


class TextNormalizer(TransformerMixin, BaseEstimator):
    """Pipeline step: documents in, normalised documents out (stateless)."""

    def fit(self, docs: Sequence[str], y: Any = None) -> TextNormalizer:
        if isinstance(docs, str):
            raise TypeError("expected a list of documents, got a single str")
        return self

    def transform(self, docs: Sequence[str]) -> list[str]:
        return normalize_many(docs)

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = False
        return tags
