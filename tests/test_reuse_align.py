"""nlp_gk.reuse.align: pieces, reordered sentences, offsets back to the source text."""

from __future__ import annotations

from nlp_gk.reuse.align import align, merge_spans, pieces, to_source
from nlp_gk.reuse.normalize import normalize_batch


def _norm(text: str):  # type: ignore[no-untyped-def]
    b = normalize_batch([text])
    return b.text(0), b.origins(0)


def test_pieces_cut_at_sentence_ends_and_join_short_ones() -> None:
    text = "甲乙丙丁戊己庚辛壬癸。子丑。寅卯辰巳午未申酉戌亥一二三。"
    norm, origin = _norm(text)
    got = pieces(text, origin, min_chars=8)
    assert got == [(0, 12), (12, len(norm))]  # "子丑" (2 chars) joined to the first piece


def test_reordered_sentences_align_and_map_back(rng_texts: list[str]) -> None:
    s = rng_texts[0].split("。")[:4]
    source_text = "。".join(s) + "。"
    target_text = "。".join([s[2], s[0], s[3], s[1]]) + "。"
    a, oa = _norm(target_text)
    b, ob = _norm(source_text)
    spans = align(a, b, pieces(target_text, oa, 8), threshold=0.9, min_chars=8)
    assert len(spans) == 4 and all(sp.score == 1.0 for _, sp in spans)
    for _, sp in spans:
        ta, tb = to_source(sp.a_start, sp.a_end, oa, 100)
        sa, sb = to_source(sp.b_start, sp.b_end, ob, 500)
        assert target_text[ta - 100 : tb - 100] == source_text[sa - 500 : sb - 500]


def test_unrelated_text_does_not_align(rng_texts: list[str]) -> None:
    a, oa = _norm(rng_texts[0])
    b, _ = _norm(rng_texts[1])
    assert align(a, b, pieces(rng_texts[0], oa, 8), threshold=0.6, min_chars=8) == []


def test_merge_spans_joins_adjacent_spans_of_one_label() -> None:
    from nlp_gk.reuse.align import Span

    spans = [Span(0, 10, 50, 60, 1.0), Span(10, 20, 60, 70, 0.5), Span(20, 30, 0, 10, 1.0)]
    merged, labels = merge_spans(spans, ["self_copy"] * 3)
    assert [(m.a_start, m.a_end, m.score) for m in merged] == [(0, 20, 0.75), (20, 30, 1.0)]
    assert labels == ["self_copy", "self_copy"]


def test_stretches_bridge_light_edits_only() -> None:
    from nlp_gk.reuse.align import Span, stretches

    a = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"
    one = a[:6] + "X" + a[7:]  # one changed character: still one stretch
    assert [(s.a_start, s.a_end) for s in stretches(a, one, Span(0, 20, 0, 20, 0.9), 2, 10)] == [(0, 20)]
    five = a[:8] + "XXXXX" + a[13:]  # five changed: two stretches, the short one dropped
    got = stretches(a, five, Span(0, 20, 0, 20, 0.7), 2, 6)
    assert [(s.a_start, s.a_end) for s in got] == [(0, 8), (13, 20)]
    assert stretches(a, five, Span(0, 20, 0, 20, 0.7), 2, 8) == [got[0]]


def test_stretches_join_a_renamed_agency_between_long_runs() -> None:
    from nlp_gk.reuse.align import Span, stretches

    old = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地"
    new = old[:12] + "党委会" + old[12:]  # 管委会 -> 党委会管委会: three inserted characters
    window = Span(0, len(new), 0, len(old), 0.9)
    assert [(s.a_start, s.a_end) for s in stretches(new, old, window, 2, 10)] == [(0, 12), (15, 27)]
    joined = stretches(new, old, window, 2, 10, long_gap=12, long_run=10)
    assert [(s.a_start, s.a_end, s.b_start, s.b_end) for s in joined] == [(0, 27, 0, 24)]
    short = old[:8] + "党委会" + old[8:]  # one side under long_run: not a stretch on its own
    got = stretches(short, old, Span(0, len(short), 0, len(old), 0.9), 2, 10, long_gap=12, long_run=10)
    assert [(s.a_start, s.a_end) for s in got] == [(11, 27)]
    far = old[:12] + "一二三四五六七八九十百千万" + old[12:]  # 13 inserted: a new sentence, not a rename
    got = stretches(far, old, Span(0, len(far), 0, len(old), 0.9), 2, 10, long_gap=12, long_run=10)
    assert len(got) == 2
    source = old + "金木水火土日月星辰"  # the source is longer than the piece, as usual
    got = [(s.a_start, s.a_end) for _, s in align(new, source, [(0, len(new))], 0.7, 10, 2, 10, 12, 10)]
    assert got == [(0, 27)]
    assert [(s.a_start, s.a_end) for _, s in align(new, source, [(0, len(new))], 0.7, 10, 2, 10)] == [
        (0, 12), (15, 27)]
