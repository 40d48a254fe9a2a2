from __future__ import annotations

import pytest

from nlp_gk.clean import chrome_spans, is_traditional, normalize, to_simplified_aligned


@pytest.mark.parametrize(
    "chrome",
    ["当前位置：首页 > 政务公开 > 年报", "微信 微博 QQ空间", "扫码使用手机浏览本页内容", "字号：大 中 小",
     "闽ICP备12345678号-1", "闽公网安备 35012302000123号", "<!--[if !supportLists]-->",
     "网站标识码：3501000001"],
    ids=["breadcrumb", "share", "qr", "fontsize", "icp", "police", "msoffice", "siteid"],
)
def test_chrome_spans_find_known_chrome(chrome: str) -> None:
    text = f"我局认真做好信息公开工作。\n{chrome}\n本年度主动公开信息35条。"
    found = [text[s:e] for s, e in chrome_spans(text)]
    assert found and chrome in "".join(found)
    assert "我局认真做好" not in "".join(found)


def test_chrome_does_not_eat_prose() -> None:
    text = "我局扶持大中小企业发展，公开惠企政策。"
    assert chrome_spans(text) == []


def test_pingtan_navigation_block_is_one_span() -> None:
    nav = "当前位置： 首页政务公开年报 某局2009年度报告 来源：某局 时间：2010-05-12 00:00 --> 微信 微博 QQ空间 全真版 文字版 文件下载 相关链接："
    text = nav + " 2009年，我局认真做好信息公开工作。"
    spans = chrome_spans(text)
    assert spans[0] == (0, len(nav))


def test_normalize_traditional_and_width() -> None:
    assert normalize("（一）總體情況：　主動公開ＡＢ") == "(一)总体情况: 主动公开AB"


def test_aligned_simplification_keeps_length() -> None:
    t = "鞍山市工商行政管理局二〇一三年度政府信息公開工作報告"
    s = to_simplified_aligned(t)
    assert len(s) == len(t) and "公开工作报告" in s
    assert is_traditional(t * 3) and not is_traditional(s * 3)
