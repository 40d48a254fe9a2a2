import pytest

from nlp_gk.labels import (
    CATEGORIES,
    content_agrees,
    heading_levels,
    keyword_labels,
    lf_other,
    lf_platform,
    lf_problems,
    lf_stats,
    lf_supervision,
    weak_labels,
)


def para(section, text="正文内容。", heading="", norm=None):
    return {"section": section, "section_norm": norm or [""] * len(section), "heading": heading,
            "text": heading + text, "start": 0, "body_start": len(heading)}


def test_categories_contract():
    assert CATEGORIES == ("存在问题", "改进措施", "平台建设", "监督保障", "其他")


@pytest.mark.parametrize(
    "section,lf,expected",
    [
        (["一、总体情况", "（四）平台建设"], lf_platform, ["平台建设"]),
        (["一、总体情况", "（五）监督保障"], lf_supervision, ["监督保障"]),
        (["一、总体情况", "（四）平台建设"], lf_other, None),
        (["二、主动公开政府信息情况"], lf_other, ["其他"]),
        ([], lf_other, ["其他"]),
        (["二、主动公开政府信息情况"], lf_platform, None),
    ],
    ids=["platform", "supervision", "other-abstains-under-platform", "other", "preamble", "abstain"],
)
def test_per_record_lfs(section, lf, expected):
    assert lf(para(section)) == expected


def test_innermost_heading_wins():
    rec = para(["一、总体情况", "（四）平台建设", "1.政府网站"])
    assert lf_platform(rec) == ["平台建设"] and lf_other(rec) is None


def test_problem_section_pivot():
    sec = ["五、存在的主要问题及改进情况"]
    recs = [
        para(sec, "一是公开意识有待提高。二是人员不足。"),
        para(sec, "公开内容不够全面。下一步，我局将加强培训。"),
        para(sec, "同时将完善制度。"),
    ]
    assert lf_problems(recs) == [["存在问题"], ["存在问题", "改进措施"], ["改进措施"]]


def test_problem_subheadings_decide():
    top = "五、存在的主要问题及改进情况"
    recs = [para([top, "（一）存在问题"], heading="（一）存在问题"),
            para([top, "（二）改进措施"], heading="（二）改进措施"),
            para([top, "（二）改进措施", "1.加强网站建设"])]
    assert lf_problems(recs) == [["存在问题"], ["改进措施"], ["改进措施"]]
    assert weak_labels(recs)[2] == ["改进措施"]  # a platform plan is still a measure


def test_heading_levels_join_norm_and_own_heading():
    rec = {"section": ["一、概述"], "section_norm": ["总体情况"], "heading": "（一）工作"}
    assert heading_levels(rec) == ["一、概述 总体情况", "（一）工作"]


def test_lf_stats_counts_coverage_and_conflicts():
    report = [para([]), para(["五、存在的主要问题及改进情况", "（二）改进措施", "2.加强主动公开"])]
    stats = lf_stats([report])
    assert stats["overall"] == {"coverage": 1.0, "n": 2}
    assert stats["lf_problems"]["coverage"] == 0.5
    assert stats["lf_problems"]["conflicts"] == 0.5  # lf_other votes 其他 on the second
    assert stats["lf_platform"]["coverage"] == 0.0


@pytest.mark.parametrize(
    "text,expected",
    [
        ("我局门户网站和政务微信运行良好", ["平台建设"]),
        ("工作存在不足，公开意识有待提高", ["存在问题"]),
        ("受理申请五件", ["其他"]),
    ],
)
def test_keyword_baseline(text, expected):
    assert keyword_labels(text) == expected


@pytest.mark.slow
def test_lf_coverage_on_shared_corpus(shared_corpus):
    from nlp_gk.segment import segment_corpus
    from nlp_gk.train import _reports

    paras = [p.to_dict() for p in segment_corpus([], shared_corpus / "manifest.tsv").paragraphs]
    stats = lf_stats(_reports(paras))
    assert stats["overall"]["coverage"] > 0.8
    assert all(stats[name]["conflicts"] < 0.1 for name in ("lf_problems", "lf_platform",
                                                           "lf_supervision", "lf_other"))


@pytest.mark.parametrize(
    "labels,body,expected",
    [
        (["平台建设"], "门户网站改版，新增政务微博。", True),
        (["平台建设"], "全年主动公开信息40条。", False),
        (["监督保障"], "调整领导小组，组织培训两次。", True),
        (["监督保障"], "严格落实先审后发。", False),
        (["其他"], "受理依申请公开5件。", True),
        (["其他"], "门户网站运行平稳。", False),
        (["存在问题"], "公开内容不够全面。", True),
        (["改进措施"], "下一步将加强培训。", True),
        (["改进措施"], "仍存在不足。", False),
        (["存在问题", "改进措施"], "任意", True),
    ],
)
def test_content_agrees_filters_weak_labels(labels, body, expected):
    assert content_agrees(labels, body) is expected
