"""Directed matches: align each paragraph with its verified partners and class every piece.

A piece of the target is ``template`` when the sources it was found in, plus the target
itself, span at least ``template_min_agencies`` distinct agencies (TextPAIR-style banality
measured on the corpus), or when it contains a phrase of ``template_phrases``. Other pieces
take the class of their match (:func:`nlp_gk.reuse.classify.match_class`).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from .align import Span, align, pieces, similarity
from .banality import paragraph_windows
from .classify import has_phrase, match_class, series_label
from .config import ReuseConfig
from .normalize import NormBatch
from .shingle import ShingleBatch
from .stretches import exact_stretches


@dataclass
class Match:
    """Target paragraph ``target`` copies ``spans`` from ``source`` (compared-space indices)."""

    target: int
    source: int
    spans: list[Span]
    classes: list[str | None]  # one per span; None: shared, but this side is the original
    jaccard: float
    containment: float
    relation: str | None = None  # match_class of the pair: self_copy, cross_agency, internal, None
    similarity: float = field(init=False)

    def __post_init__(self) -> None:
        self.similarity = similarity(self.spans)

    def main_class(self) -> str | None:
        """The class covering the most target characters (None if no span has a class)."""
        chars: dict[str, int] = defaultdict(int)
        for sp, c in zip(self.spans, self.classes, strict=True):
            if c is not None:
                chars[c] += sp.a_end - sp.a_start
        return max(chars, key=lambda c: chars[c]) if chars else None


@dataclass
class MatchContext:
    """What matching needs about the compared paragraphs (compared-space indices)."""

    norm: NormBatch
    meta: list[dict]  # key, year, doc_id, report, text per paragraph
    config: ReuseConfig
    shingles: ShingleBatch | None = None  # for exact stretches (none: alignment only)
    _windows: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)

    def windows(self, i: int, gram: int) -> np.ndarray:
        """``gram``-char window hashes of paragraph ``i`` (cached while its partners are matched)."""
        w = self._windows.get((i, gram))
        if w is None:
            if len(self._windows) > 50_000:
                self._windows.clear()
            w = self._windows[i, gram] = paragraph_windows(self.shingles, i, gram)
        return w

    def agency(self, i: int) -> str:
        return series_label(self.meta[i])

    def gram(self, t: int, s: int) -> int:
        """The shortest shared stretch counted between ``t`` and ``s``: ``own_gram`` within one
        agency, ``stretch_gram`` across agencies (where short runs also match by chance)."""
        same = self.meta[t]["key"] and self.meta[t]["key"] == self.meta[s]["key"]
        return self.config.own_gram if same else self.config.stretch_gram


def partners(pairs: np.ndarray, con: np.ndarray, jac: np.ndarray, meta: list[dict],
             cap: int) -> dict[int, list[tuple[int, float, float]]]:
    """Verified partners of each paragraph: all of its own agency, then the most contained.

    At most ``cap`` partners from other agencies are kept, which bounds the cost for
    template wording shared by thousands of paragraphs.
    """
    out: dict[int, list[tuple[int, float, float]]] = defaultdict(list)
    for (i, j), c, js in zip(pairs.tolist(), con.tolist(), jac.tolist(), strict=True):
        out[i].append((j, c, js))
        out[j].append((i, c, js))
    for t, lst in out.items():
        key = meta[t]["key"]
        own = [p for p in lst if key and meta[p[0]]["key"] == key]
        other = sorted((p for p in lst if not (key and meta[p[0]]["key"] == key)),
                       key=lambda p: -p[1])[:cap]
        out[t] = own + other
    return out


def target_matches(ctx: MatchContext, t: int, found: list[tuple[int, float, float]]) -> list[Match]:
    """Align ``t`` with each partner, decide template pieces, class the rest.

    A sentence piece is template when it aligns (as a whole, light edits allowed) with
    paragraphs of ``template_min_agencies`` distinct agencies, its own included; exact
    stretches found inside otherwise different sentences do not make a piece template.
    """
    cfg = ctx.config
    text = ctx.norm.text(t)
    tp = pieces(ctx.meta[t]["text"], ctx.norm.origins(t), cfg.min_span_chars)
    aligned = [(s, jac, con, align(text, ctx.norm.text(s), tp, cfg.threshold, cfg.min_span_chars,
                                   cfg.max_gap, ctx.gram(t, s), cfg.rename_gap,
                                   cfg.rename_min_run)) for s, con, jac in found]
    agencies: dict[int, set[str]] = defaultdict(lambda: {ctx.agency(t)})
    for s, _, _, spans in aligned:
        for k, _sp in spans:
            agencies[k].add(ctx.agency(s))
    template = {k for k, keys in agencies.items() if len(keys) >= cfg.template_min_agencies}
    if cfg.template_phrases:
        template |= {k for k, (a, b) in enumerate(tp) if has_phrase(text[a:b], cfg.template_phrases)}
    out = []
    for s, jac, con, spans in aligned:
        spans = _with_stretches(ctx, t, s, tp, spans)
        base = match_class(ctx.meta[t], ctx.meta[s])
        if spans:  # spans without a class stay: series.csv counts all shared text
            classes = ["template" if k in template else base for k, _ in spans]
            out.append(Match(t, s, [sp for _, sp in spans], classes, jac, con, base))
    return out


def _with_stretches(ctx: MatchContext, t: int, s: int, tp: list[tuple[int, int]],
                    spans: list[tuple[int, Span]]) -> list[tuple[int, Span]]:
    """The aligned spans plus the exact shared stretches not inside one of them, in order."""
    if ctx.shingles is None:
        return spans
    starts = [a for a, _ in tp]
    gram = ctx.gram(t, s)
    extra = [(max(0, bisect.bisect_right(starts, sp.a_start) - 1), sp)
             for sp in exact_stretches(ctx.windows(t, gram), ctx.windows(s, gram), gram, gram)
             if not any(o.a_start <= sp.a_start and sp.a_end <= o.a_end for _, o in spans)]
    return sorted(spans + extra, key=lambda ks: ks[1].a_start) if extra else spans


def all_matches(ctx: MatchContext, pairs: np.ndarray, jac: np.ndarray,
                con: np.ndarray) -> list[Match]:
    """Both directions of every verified pair (partners capped per paragraph)."""
    found = partners(pairs, con, jac, ctx.meta, ctx.config.max_partners)
    out: list[Match] = []
    for t in sorted(found):
        out.extend(target_matches(ctx, t, found[t]))
    return out
