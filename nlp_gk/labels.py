"""The tag categories, the weak labelling functions and the keyword-rule baseline.

Labelling functions (LFs) read only a paragraph's headings: its own ``heading``, its
``section`` path and ``section_norm``. Each returns a list of labels or ``None`` (abstain).
The one sequential LF, :func:`lf_problems`, also looks for the *pivot* inside the
"存在的主要问题及改进情况" section: the first paragraph where measures start
("下一步", "改进措施", "今后" ...). Paragraphs before it are 存在问题, from it on 改进措施,
and a paragraph holding the pivot after some problem text carries both.

:func:`weak_labels` applies all LFs to one report's paragraphs and resolves them by
:data:`PRIORITY`; :func:`lf_stats` reports coverage and conflicts per LF.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

CATEGORIES = ("存在问题", "改进措施", "平台建设", "监督保障", "其他")
PROBLEMS, MEASURES, PLATFORM, SUPERVISION, OTHER = CATEGORIES

Record = dict[str, Any]
Labels = list[str] | None

PROBLEM_SECTION = re.compile(r"存在的?(主要)?问题|问题(及|和|与)?(改进|整改|措施|努力)|不足|差距")
MEASURE_HEAD = re.compile(r"改进|措施|下一步|今后|工作(计划|打算|思路|安排|重点)|努力方向|整改方向|展望")
PROBLEM_HEAD = re.compile(r"存在的?(主要)?问题|不足|差距")
PIVOT = re.compile(r"下一步|改进措施|整改措施|今后|针对(上述|以上|存在的?|这些)|为此|(将|要)(进一步|继续|着力|重点)")
PLATFORM_SECTION = re.compile(r"平台建设|网站建设|载体建设|渠道建设|公开平台|公开载体|公开渠道|新媒体|政府公报")
SUPERVISION_SECTION = re.compile(r"监督保障|组织保障|保障措施|组织领导|机制建设|监督检查|考核|培训|社会评议|责任追究|工作保障")
OTHER_SECTION = re.compile(
    r"主动公开|依申请|申请公开|政府信息管理|信息管理|政策解读|复议|诉讼|收费|减免|其他需要报告|"
    r"概述|概况|基本情况|总体情况|工作情况"
)


MEASURE_SECTION = re.compile(r"改进措施|整改措施|下一步|今后(的)?工作|工作(计划|打算|思路|安排)|努力方向")
TOPICS = ((PLATFORM, PLATFORM_SECTION), (SUPERVISION, SUPERVISION_SECTION), (OTHER, OTHER_SECTION))


def heading_levels(rec: Record) -> list[str]:
    """One string per heading level, outermost first: raw heading plus its canonical name.

    >>> heading_levels({"section": ["一、总体情况", "（四）平台"], "section_norm": ["总体情况", "平台建设"]})
    ['一、总体情况 总体情况', '（四）平台 平台建设']
    """
    sec = [str(s) for s in rec.get("section") or []]
    norm = [str(s) for s in rec.get("section_norm") or []]
    levels = [f"{s} {norm[i] if i < len(norm) else ''}".strip() for i, s in enumerate(sec)]
    heading = str(rec.get("heading") or "")
    if heading and (not sec or sec[-1] != heading):
        levels.append(heading)
    return levels


def innermost_topic(rec: Record) -> str | None:
    """The topic (平台建设, 监督保障 or 其他) of the innermost heading that names one."""
    for level in reversed(heading_levels(rec)):
        for label, pattern in TOPICS:
            if pattern.search(level):
                return label
    return None


def lf_platform(rec: Record) -> Labels:
    """Innermost topical heading names platforms (平台建设, 网站, 新媒体, 政府公报) -> 平台建设."""
    return [PLATFORM] if innermost_topic(rec) == PLATFORM else None


def lf_supervision(rec: Record) -> Labels:
    """Innermost topical heading names guarantees (监督保障, 组织保障, 考核, 培训) -> 监督保障."""
    return [SUPERVISION] if innermost_topic(rec) == SUPERVISION else None


def lf_other(rec: Record) -> Labels:
    """Preamble (no heading at all), or 主动公开/依申请/信息管理/复议诉讼/收费/概述 -> 其他."""
    if not heading_levels(rec):
        return [OTHER]
    return [OTHER] if innermost_topic(rec) == OTHER else None


def lf_problems(records: Sequence[Record]) -> list[Labels]:
    """Sequential LF over one report's paragraphs, in order.

    Inside a 存在问题 section: a sub-heading naming problems gives 存在问题, one naming
    measures gives 改进措施; without sub-headings the pivot text decides. A top-level
    measures section ("六、下一步工作打算") gives 改进措施.
    """
    out: list[Labels] = []
    pivoted = False
    for rec in records:
        levels = heading_levels(rec)
        where = next((i for i, lv in enumerate(levels) if PROBLEM_SECTION.search(lv)), None)
        if where is None:
            out.append([MEASURES] if levels and MEASURE_SECTION.search(levels[0]) else None)
            continue
        sub = _sub_heading_label(levels[where + 1 :])
        if sub is not None:
            pivoted = sub == MEASURES
            out.append([sub])
        else:
            labels, pivoted = _pivot_labels(body_of(rec), pivoted)
            out.append(labels)
    return out


def _sub_heading_label(levels: Sequence[str]) -> str | None:
    for level in levels:
        if MEASURE_HEAD.search(level) and not PROBLEM_HEAD.search(level):
            return MEASURES
        if PROBLEM_HEAD.search(level) and not MEASURE_HEAD.search(level):
            return PROBLEMS
    return None


def _pivot_labels(body: str, pivoted: bool) -> tuple[list[str], bool]:
    """Labels of one paragraph inside the problems section, given whether the pivot passed."""
    if pivoted:
        return [MEASURES], True
    m = PIVOT.search(body)
    if m is None:
        return [PROBLEMS], False
    if m.start() < 8:
        return [MEASURES], True
    return [PROBLEMS, MEASURES], True


def body_of(rec: Record) -> str:
    """The paragraph text after its opening heading (the whole text if offsets are absent)."""
    text = str(rec.get("text") or "")
    if "body_start" not in rec or "start" not in rec:
        return text
    try:
        cut = int(rec["body_start"]) - int(rec["start"])
    except (TypeError, ValueError):
        return text
    return text[cut:] if 0 <= cut <= len(text) else text


PER_RECORD_LFS: dict[str, Callable[[Record], Labels]] = {
    "lf_platform": lf_platform,
    "lf_supervision": lf_supervision,
    "lf_other": lf_other,
}
PRIORITY = ("lf_problems", "lf_platform", "lf_supervision", "lf_other")


def apply_lfs(records: Sequence[Record]) -> dict[str, list[Labels]]:
    """Every LF's vote for every record of one report (narrative records only are useful)."""
    votes = {"lf_problems": lf_problems(records)}
    for name, lf in PER_RECORD_LFS.items():
        votes[name] = [lf(r) for r in records]
    return votes


def weak_labels(records: Sequence[Record]) -> list[Labels]:
    """One report's weak labels: the first non-abstaining LF in :data:`PRIORITY` wins."""
    votes = apply_lfs(records)
    out: list[Labels] = []
    for i in range(len(records)):
        out.append(next((votes[name][i] for name in PRIORITY if votes[name][i]), None))
    return out


def lf_stats(reports: Sequence[Sequence[Record]]) -> dict[str, dict[str, float]]:
    """Coverage and conflicts per LF over many reports' narrative paragraphs.

    ``coverage``: share of paragraphs the LF labels. ``conflicts``: share of paragraphs where
    it votes and another LF votes differently. ``overall`` gives the combined coverage.
    """
    names = list(PRIORITY)
    hits = dict.fromkeys(names, 0)
    clashes = dict.fromkeys(names, 0)
    total = covered = 0
    for recs in reports:
        votes = apply_lfs(recs)
        for i in range(len(recs)):
            cast = {n: tuple(votes[n][i]) for n in names if votes[n][i]}
            total += 1
            covered += bool(cast)
            for n, v in cast.items():
                hits[n] += 1
                clashes[n] += any(o != v for m, o in cast.items() if m != n)
    stats = {n: {"coverage": hits[n] / max(total, 1), "conflicts": clashes[n] / max(total, 1),
                 "n": hits[n]} for n in names}
    stats["overall"] = {"coverage": covered / max(total, 1), "n": total}
    return stats


# --------------------------------------------------------------------------- content cues

# Cue words per category, on normalised text. They filter weak labels (:func:`content_agrees`)
# and feed the model a count per category (the cue columns of the word block): one-character
# cues count whole tokens only, longer ones any token that contains them.
CUES: dict[str, tuple[str, ...]] = {
    PROBLEMS: ("不足", "有待", "不够", "差距", "薄弱", "不到位", "滞后", "欠缺", "不强", "不高",
               "不完善", "不全面", "不及时", "单一", "问题", "困难", "短板"),
    MEASURES: ("下一步", "今后", "明年", "将", "进一步", "加强", "继续", "持续", "着力", "力争",
               "改进", "完善", "确保", "提升"),
    PLATFORM: ("网站", "门户", "新媒体", "微信", "微博", "公众号", "公报", "公开栏", "电子屏",
               "显示屏", "查阅点", "查阅室", "热线", "平台", "栏目", "客户端", "头条", "抖音",
               "政务号", "网页", "改版", "运维", "安全检测", "巡检", "普查", "推送", "粉丝",
               "关注", "访问量", "点击"),
    SUPERVISION: ("领导小组", "培训", "考核", "评议", "责任追究", "追责", "问责", "监督", "督查",
                  "检查", "自查", "整改", "专人", "专职", "兼职", "责任制", "机制", "制度", "机构",
                  "分管", "负责", "纳入", "绩效", "学习"),
    OTHER: ("主动公开", "依申请", "申请", "复议", "诉讼", "解读", "收费", "条", "件", "规范性文件",
            "保密审查", "三审", "审核", "两馆", "属性", "回应", "答复"),
}
_CUE_RES = {lab: re.compile("|".join(cues)) for lab, cues in CUES.items()}


def cue_hits(text: str, label: str) -> int:
    """Occurrences of ``label``'s cue words in ``text`` (substring count).

    >>> cue_hits("门户网站和微信公众号", "平台建设")  # 门户, 网站, 微信, 公众号
    4
    """
    return len(_CUE_RES[label].findall(text))


def content_agrees(labels: Sequence[str], body: str) -> bool:
    """Whether a paragraph's body supports its weak labels (the filter on weak training data).

    Headings do not decide content, so a heading-based label is kept only when the text
    carries the matching cues: two platform (or supervision) cues for 平台建设 (监督保障); a
    problem cue for 存在问题 alone; a measure cue and no problem cue for 改进措施 alone; no
    platform, supervision or problem cue at all for 其他. Mixed problem+measure labels (the
    pivot paragraph) are kept as they are.

    >>> content_agrees(["平台建设"], "门户网站改版，新增政务微博。")
    True
    >>> content_agrees(["其他"], "组织培训两次。")
    False
    """
    labels = list(labels)
    if labels in ([PLATFORM], [SUPERVISION]):
        return cue_hits(body, labels[0]) >= 2
    if labels == [OTHER]:
        return not any(cue_hits(body, lab) for lab in (PLATFORM, SUPERVISION, PROBLEMS))
    if labels == [PROBLEMS]:
        return cue_hits(body, PROBLEMS) > 0
    if labels == [MEASURES]:
        return cue_hits(body, MEASURES) > 0 and not cue_hits(body, PROBLEMS)
    return bool(labels)


# --------------------------------------------------------------------------- keyword baseline

KEYWORDS: dict[str, tuple[str, ...]] = {
    PROBLEMS: ("存在", "不足", "有待", "不够", "差距", "薄弱", "不到位", "滞后", "欠缺", "问题"),
    MEASURES: ("下一步", "今后", "将进一步", "将继续", "整改", "改进", "切实", "着力", "力争"),
    PLATFORM: ("网站", "门户", "新媒体", "微信", "微博", "公报", "公开栏", "专栏", "平台", "热线",
               "电子屏", "显示屏", "查阅点"),
    SUPERVISION: ("领导小组", "培训", "考核", "评议", "责任追究", "监督", "检查", "保障", "机构",
                  "人员", "制度"),
}


def keyword_labels(text: str, min_hits: int = 2) -> list[str]:
    """The keyword-rule baseline: labels whose cue words occur at least ``min_hits`` times.

    >>> keyword_labels("我单位网站和政务微信公众号运行平稳")
    ['平台建设']
    >>> keyword_labels("依申请公开办理情况良好")
    ['其他']
    """
    labels = [lab for lab, cues in KEYWORDS.items() if sum(text.count(c) for c in cues) >= min_hits]
    return labels or [OTHER]
