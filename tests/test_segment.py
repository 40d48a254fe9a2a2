from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_gk.io import Document, parse_header
from nlp_gk.segment import segment_document, segment_text, split_sentences


def _doc(text: str) -> Document:
    meta, body = parse_header(text)
    return Document("mem.txt", text, "utf-8", "txt", meta, body)


def test_line_broken_report_structure(report_text: str) -> None:
    reports, paras, warnings = segment_document(_doc(report_text), "d1")
    assert warnings == [] and len(reports) == 1
    assert reports[0]["year"] == 2021 and reports[0]["agency"] == "青山县测试局"
    kinds = {p.text[:6]: p.kind for p in paras}
    assert kinds["当前位置：首"] == "chrome"
    assert kinds["一、总体情况"] == "heading"
    assert kinds["第二十条第（"] == "table"
    assert kinds["扫码使用手机"] == "chrome"
    assert [p.kind for p in paras if "2022年1月10日" in p.text] == ["signature"]
    platform = next(p for p in paras if p.heading.startswith("（四）"))
    assert platform.section_norm == ["总体情况", "平台建设"]
    assert platform.body.startswith("我局维护门户网站")


def test_flattened_heading_runs_into_prose() -> None:
    text = ("一、总体情况2021年，我局认真落实条例。（一）主动公开政府信息的情况全年公开信息35条。"
            "（四）平台建设情况持续推进，网站运行平稳。五、存在的主要问题及改进情况（一）存在问题。一是意识不强。"
            "（二）改进措施。下一步，我局将加强培训。")
    _, paras, _ = segment_document(_doc(text), "flat")
    heads = [p.heading for p in paras]
    assert heads == ["一、总体情况", "（一）主动公开政府信息的情况", "（四）平台建设情况",
                     "五、存在的主要问题及改进情况", "（一）存在问题。", "（二）改进措施。"]
    assert paras[2].body.startswith("持续推进")
    assert paras[4].section_norm == ["存在的主要问题及改进情况", "存在问题"]


def test_table_row_labels_are_not_headings() -> None:
    text = ("三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和）申请人情况自然人"
            "一、本年新收政府信息公开申请数量20 0 0 0 02（一）予以公开1 0 0 0 01四、结转下年度继续办理0 0"
            "四、政府信息公开行政复议、行政诉讼情况本年度无复议诉讼。")
    _, paras, _ = segment_document(_doc(text), "t")
    assert [p.kind for p in paras] == ["heading", "table", "narrative"]
    assert paras[2].section_norm == ["复议诉讼"]


def test_multi_report_page_splits_by_year() -> None:
    year = "{y}年，我局认真落实《条例》，做好政府信息公开工作，全年主动公开信息{n}条。" * 4
    page = "\n".join(
        f"字号：大 中 小\n一、总体情况\n{year.format(y=y, n=y - 2000)}\n五、存在的主要问题及改进情况\n"
        f"一是公开意识不强。\n青山县测试局\n{y + 1}年1月10日\n扫码使用手机浏览本页内容"
        for y in (2021, 2020, 2019)
    )
    reports, paras, _ = segment_document(_doc(page), "multi")
    assert [r["year"] for r in reports] == [2021, 2020, 2019]
    assert {p.report for p in paras} == {0, 1, 2}
    assert all(p.year == 2020 for p in paras if p.report == 1)


def test_traditional_report_gets_simplified_norm_text() -> None:
    text = "二〇一三年度政府信息公開工作報告\n一、總體工作情況\n本局認真落實條例，建立領導小組。\n"
    _, paras, _ = segment_document(_doc(text), "trad")
    body = next(p for p in paras if p.kind == "narrative")
    assert body.norm_text == "本局认真落实条例,建立领导小组。"
    assert paras[1].section_norm == ["总体情况"]


def test_no_sections_warns_but_segments() -> None:
    reports, paras, warnings = segment_document(_doc("我局认真做好信息公开工作。 群众满意。"), "n")
    assert len(paras) == 2 and any("no recognisable sections" in w for w in warnings)


def test_split_sentences_offsets() -> None:
    text = "存在不足：一是意识不强。二是渠道单一！\n下一步将加强培训"
    spans = split_sentences(text, offset=10)
    assert [text[s - 10 : e - 10] for s, e in spans] == [
        "存在不足：一是意识不强。", "二是渠道单一！", "下一步将加强培训"]


# ------------------------------------------------------------------ property: lossless

PIECES = st.sampled_from([
    "一、总体情况", "（一）主动公开", "（四）平台建设情况", "1.门户网站", "（2）", "五、存在的主要问题及改进情况",
    "我局认真落实条例。", "一是意识不强；", "2021年主动公开信息35条，", "扫码使用手机浏览本页内容",
    "当前位置：首页 > 年报", "字号：大 中 小", "第二十条第（一）项信息内容本年制发件数规章000",
    "规章 | 0 | 0 |", "附件：1.申请表", "青山县测试局 2022年1月10日", "微信 微博 QQ空间",
    "2020年政府信息公开工作年度报告", "網站維護", "统一、规范", "第三，",
])
SEPS = st.sampled_from(["", " ", "\n", "\n\n", "\u3000", " \n "])
HAN = st.text(alphabet="的一是在不了有和人中大为上国我以要年动同工也能下过子说产种面而方后多定行学法所民"
              "得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开"
              "合还因由其然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又么利比或但质气"
              "第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文"
              "总次品式活设及管特件长求老头基资边流路级少图统接知较将组见计别手角期根论运农指几九区强放决"
              "西被干做必战先回则任取据处理府研、，。；：（）()0123456789 ", max_size=30)
DOCS = st.lists(st.tuples(st.one_of(PIECES, HAN), SEPS), min_size=1, max_size=40).map(
    lambda xs: "".join(p + s for p, s in xs))


def _check_lossless(text: str) -> None:
    _, raws = segment_text(text, 0)
    prev = 0
    covered = set()
    for r in raws:
        assert prev <= r["start"] < r["end"] <= len(text), "spans ordered and non-overlapping"
        assert r["kind"] in {"narrative", "table", "heading", "chrome", "signature", "attachment"}
        prev = r["end"]
        covered.update(range(r["start"], r["end"]))
    missing = [i for i, c in enumerate(text) if not c.isspace() and i not in covered]
    assert missing == [], f"lost characters: {[text[i] for i in missing]}"


@settings(max_examples=300, deadline=None)
@given(DOCS)
def test_segmentation_is_lossless_on_report_like_text(text: str) -> None:
    _check_lossless(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_segmentation_is_lossless_on_any_text(text: str) -> None:
    _check_lossless(text)


@settings(max_examples=200, deadline=None)
@given(DOCS)
def test_offsets_round_trip(text: str) -> None:
    _, paras, _ = segment_document(_doc(text), "p")
    assert all(text[p.start : p.end] == p.text for p in paras)
    assert all(p.start <= p.body_start <= p.end for p in paras)
