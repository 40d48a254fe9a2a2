"""nlp_gk.reuse.stretches: exact shared stretches between two paragraphs."""

from __future__ import annotations

from nlp_gk.reuse.banality import paragraph_windows
from nlp_gk.reuse.normalize import normalize_batch
from nlp_gk.reuse.shingle import shingle_batch
from nlp_gk.reuse.stretches import exact_stretches


def test_stretch_inside_rewritten_sentences_is_found(rng_texts: list[str]) -> None:
    copied = rng_texts[2][:30]
    target, source = rng_texts[0][:40] + copied + rng_texts[0][40:80], rng_texts[1][:50] + copied
    norm = normalize_batch([target, source])
    sh = shingle_batch(norm, 4)
    spans = exact_stretches(paragraph_windows(sh, 0, 12), paragraph_windows(sh, 1, 12), 12, 12)
    a, b = norm.text(0), norm.text(1)
    assert len(spans) == 1
    sp = spans[0]
    assert a[sp.a_start : sp.a_end] == b[sp.b_start : sp.b_end]
    assert sp.a_end - sp.a_start >= len(normalize_batch([copied]).text(0)) - 1
    assert exact_stretches(paragraph_windows(sh, 0, 12), paragraph_windows(sh, 1, 12), 12, 40) == []


def test_unrelated_paragraphs_share_no_stretch(rng_texts: list[str]) -> None:
    sh = shingle_batch(normalize_batch(rng_texts[3:5]), 4)
    assert exact_stretches(paragraph_windows(sh, 0, 12), paragraph_windows(sh, 1, 12), 12, 12) == []
