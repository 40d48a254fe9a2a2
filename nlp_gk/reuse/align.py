"""Aligned spans of a verified match, on both sides, in source-text offsets.

The target paragraph is cut into sentence pieces (at 。！？；; and line breaks, pieces shorter
than ``min_span_chars`` joined to a neighbour). Each piece is aligned to its best matching
window of the source paragraph with ``rapidfuzz.fuzz.partial_ratio_alignment`` (an LCS-based
ratio), so reordered sentences, partial copies and copies inside longer paragraphs all
align. Pieces scoring at least ``threshold`` are copied. For output, adjacent copied pieces whose
source windows are adjacent too are merged into one span (:func:`merge_spans`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_MAX_PIECE = 120  # longer sentences are cut (normalised chars) so one edit does not sink them


@dataclass
class Span:
    """One aligned span, in normalised character indices of the target ``a`` and source ``b``."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    score: float  # similarity in [0, 1]


def pieces(text: str, origin: np.ndarray, min_chars: int) -> list[tuple[int, int]]:
    """Sentence pieces of a paragraph as ``(start, end)`` normalised indices.

    ``text`` is the original paragraph text and ``origin`` the offsets (within ``text``) of
    its normalised characters.
    """
    if not len(origin):
        return []
    ends = np.array([m.end() for m in SENTENCE_END.finditer(text)], dtype=np.int64)
    sid = np.searchsorted(ends, origin, side="right")
    cuts = np.flatnonzero(np.diff(sid)) + 1
    bounds = [0, *cuts.tolist(), len(origin)]
    raw = []
    for s, e in zip(bounds[:-1], bounds[1:], strict=True):
        raw.extend((p, min(p + _MAX_PIECE, e)) for p in range(s, e, _MAX_PIECE))
    return _join_short(raw, min_chars)


def _join_short(raw: list[tuple[int, int]], min_chars: int) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in raw:
        if out and (out[-1][1] - out[-1][0] < min_chars or e - s < min_chars):
            out[-1][1] = e
        else:
            out.append([s, e])
    if len(out) > 1 and out[-1][1] - out[-1][0] < min_chars:
        out[-2][1] = out.pop()[1]
    return [(s, e) for s, e in out]


def align(a: str, b: str, a_pieces: list[tuple[int, int]], threshold: float,
          min_chars: int, max_gap: int | None = None,
          min_block: int = 1, long_gap: int = 0, long_run: int = 10) -> list[tuple[int, Span]]:
    """``(piece index, span)`` of the pieces of ``a`` (normalised target) found in ``b``.

    With ``max_gap`` set, each aligned window is cut into its matching stretches
    (:func:`stretches`, with ``long_gap`` and ``long_run``), so only the characters that
    really repeat are covered.
    """
    from rapidfuzz import fuzz

    spans: list[tuple[int, Span]] = []
    for k, (s, e) in enumerate(a_pieces):
        if e - s < min_chars:
            continue
        hit = fuzz.partial_ratio_alignment(a[s:e], b, score_cutoff=threshold * 100)
        if hit is None or hit.src_end - hit.src_start < min_chars:
            continue
        whole = Span(s + hit.src_start, s + hit.src_end, hit.dest_start, hit.dest_end, hit.score / 100)
        if max_gap is None:
            spans.append((k, whole))
        else:
            spans.extend((k, sp) for sp in stretches(a, b, whole, max_gap, min_block,
                                                     long_gap, long_run))
    return spans


def stretches(a: str, b: str, window: Span, max_gap: int, min_chars: int,
              long_gap: int = 0, long_run: int = 10) -> list[Span]:
    """The matching stretches inside an aligned window (each with the window's score).

    Equal blocks of the character alignment (rapidfuzz ``Indel.opcodes``) are joined across
    gaps of at most ``max_gap`` characters on both sides (light edits do not break a stretch).
    Then two neighbouring stretches that are both at least ``long_run`` long are joined across
    a gap of at most ``long_gap`` characters on both sides, the second following the first in
    the source too (a renamed agency: 管委会 -> 党委会管委会). Stretches shorter than
    ``min_chars`` are dropped.

    >>> [(s.a_start, s.a_end) for s in stretches("甲乙丙丁戊己庚辛壬癸子丑", "甲乙丙丁X己庚辛壬癸子丑",
    ...                                          Span(0, 12, 0, 12, 0.9), 2, 10)]
    [(0, 12)]
    >>> a, b = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥", "甲乙丙丁戊己庚辛壬癸X子丑寅卯辰巳午未申酉戌亥"
    >>> [(s.a_start, s.a_end) for s in stretches(a, b, Span(0, 22, 0, 23, 0.9), 0, 10)]
    [(0, 10), (10, 22)]
    >>> [(s.a_start, s.a_end) for s in stretches(a, b, Span(0, 22, 0, 23, 0.9), 0, 10, 12, 10)]
    [(0, 22)]
    """
    from rapidfuzz.distance import Indel

    out: list[Span] = []
    for op in Indel.opcodes(a[window.a_start : window.a_end], b[window.b_start : window.b_end]):
        if op.tag != "equal":
            continue
        a0, a1 = window.a_start + op.src_start, window.a_start + op.src_end
        b0, b1 = window.b_start + op.dest_start, window.b_start + op.dest_end
        last = out[-1] if out else None
        if last and a0 - last.a_end <= max_gap and b0 - last.b_end <= max_gap:
            last.a_end, last.b_end = a1, b1
        else:
            out.append(Span(a0, a1, b0, b1, window.score))
    if long_gap > max_gap:
        out = _join_long(out, long_gap, long_run)
    return [sp for sp in out if sp.a_end - sp.a_start >= min_chars]


def _join_long(spans: list[Span], gap: int, run: int) -> list[Span]:
    """Join neighbours both ``>= run`` long across ``<= gap`` chars on both sides, in order."""
    out: list[Span] = []
    for sp in spans:
        last = out[-1] if out else None
        if (last and last.a_end - last.a_start >= run and sp.a_end - sp.a_start >= run
                and 0 <= sp.a_start - last.a_end <= gap and 0 <= sp.b_start - last.b_end <= gap):
            last.a_end, last.b_end = sp.a_end, sp.b_end
        else:
            out.append(sp)
    return out


def merge_spans(spans: list[Span], labels: list[str], gap: int = 2) -> tuple[list[Span], list[str]]:
    """Join neighbouring spans with the same label that are adjacent on both sides."""
    out: list[Span] = []
    out_labels: list[str] = []
    for sp, lab in zip(spans, labels, strict=True):
        last = out[-1] if out and out_labels[-1] == lab else None
        if last and sp.a_start - last.a_end <= gap and 0 <= sp.b_start - last.b_end <= gap:
            la, lb = last.a_end - last.a_start, sp.a_end - sp.a_start
            last.score = (last.score * la + sp.score * lb) / (la + lb)
            last.a_end, last.b_end = sp.a_end, sp.b_end
        else:
            out.append(Span(sp.a_start, sp.a_end, sp.b_start, sp.b_end, sp.score))
            out_labels.append(lab)
    return out, out_labels


def similarity(spans: list[Span]) -> float:
    """Length-weighted mean score of the spans (0 when there are none)."""
    total = sum(s.a_end - s.a_start for s in spans)
    return sum(s.score * (s.a_end - s.a_start) for s in spans) / total if total else 0.0


def to_source(span_start: int, span_end: int, origin: np.ndarray, base: int) -> tuple[int, int]:
    """Normalised ``[start, end)`` to source-text offsets (``base`` = paragraph start)."""
    return base + int(origin[span_start]), base + int(origin[span_end - 1]) + 1
