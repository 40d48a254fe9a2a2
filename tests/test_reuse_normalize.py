"""nlp_gk.reuse.normalize: masking, dropping, t2s, and the offset map back to the source."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_gk.reuse.normalize import normalize_batch, normalize_text, subset


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022年，我局主动公开信息35条。", "0年我局主动公开信息0条"),
        ("2025年 我局主动公开信息 1234 条", "0年我局主动公开信息0条"),
        ("政務公開報告", "政务公开报告"),
        ("ＡＢＣ（一）１２", "abc一0"),
        ("  \n。，、", ""),
        ("二〇二二年，二零二三年度，二○二一年", "0年0年度0年"),
        ("十二月一二三年", "十二月一二三年"),
    ],
    ids=["digits-masked", "bumped-year-equal", "traditional", "full-width", "only-punctuation",
         "chinese-numeral-years", "not-a-year"],
)
def test_normalize_text(text: str, expected: str) -> None:
    assert normalize_text(text)[0] == expected


def test_bumped_years_compare_equal() -> None:
    a, _ = normalize_text("2021年，我局共受理申请12件。")
    b, _ = normalize_text("2024年，我局共受理申请7件。")
    c, origin = normalize_text("二〇二四年，我局共受理申请7件。")
    assert a == b == c
    assert origin[:2] == [0, 4]  # the masked year points at its first numeral, then 年


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="政府信息公開报告年0123456789，。 ab\n", max_size=40), max_size=6))
def test_offsets_point_at_the_source_character(texts: list[str]) -> None:
    batch = normalize_batch(texts)
    assert len(batch) == len(texts)
    for i, text in enumerate(texts):
        norm, origin = batch.text(i), batch.origins(i).tolist()
        assert len(norm) == len(origin)
        assert origin == sorted(set(origin))
        for ch, off in zip(norm, origin, strict=True):
            assert normalize_text(text[off])[0] in (ch, "0" if ch == "0" else ch)


def test_subset_keeps_order_and_offsets() -> None:
    batch = normalize_batch(["甲乙丙", "一二", "丁戊己庚"])
    part = subset(batch, __import__("numpy").array([2, 0]))
    assert [part.text(0), part.text(1)] == ["丁戊己庚", "甲乙丙"]
    assert part.origins(0).tolist() == [0, 1, 2, 3]
