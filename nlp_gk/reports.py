"""Split a page into reports and infer each report's year, agency, title and date.

A page may hold several reports (seed 002 holds eight years of one agency). Boundaries are
the site chrome that scrapers leave between pages (``扫码使用手机浏览本页内容``, ``字号：``)
and report title lines that appear after substantial text. Text before the first report
that is not itself a report (for example a 信息公开指南) is kept as a non-report part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clean import SEPARATOR_RE

CN_DIGITS = {"〇": "0", "○": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4",
             "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
TITLE_RE = re.compile(
    r"^[^\n。，,:：]{0,40}?(?:20\d\d|二[〇○零][一二〇○零][〇○零一二三四五六七八九])年度?"
    r"[^\n。，,]{0,30}?(?:信息公开|政务公开)[^\n。，,]{0,20}?(?:报告|年报|总结)[^\n。，,]{0,6}$",
    re.M,
)
_TITLE_BODY = TITLE_RE.pattern.strip("^$")
TITLE_INLINE_RE = re.compile(_TITLE_BODY.replace("[^\\n。，,:：]{0,40}?", "[^\\s。，,:：]{0,40}?", 1)
                             .replace("[^\\n。，,]", "[^\\s。，,]"))
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年(?:度)?(?!\s*\d{1,2}\s*月)")
CN_YEAR_RE = re.compile(r"(二[〇○零][一二〇○零][〇○零一二三四五六七八九])年")
REPORT_WORDS = re.compile(r"信息公开|政务公开|公开工作")
MIN_REPORT_CHARS = 150


@dataclass
class Part:
    """A stretch of the page: one report, or text that belongs to no report."""

    start: int
    end: int
    is_report: bool = True
    year: int | None = None
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)


def first_year(text: str, default: int | None = None) -> int | None:
    """The first report year named in ``text`` (a date such as 2022年1月10日 is not one).

    >>> first_year("现向社会公布2021年度报告，2022年1月10日")
    2021
    >>> first_year("二〇一三年度政府信息公开工作报告")
    2013
    """
    m = YEAR_RE.search(text)
    c = CN_YEAR_RE.search(text)
    if c and (not m or c.start() < m.start()):
        return int("".join(CN_DIGITS[ch] for ch in c.group(1)))
    return int(m.group(1)) if m else default


def is_title(s: str) -> bool:
    """True for a report title standing alone.

    >>> is_title("平潭县财政局2009年度政府信息公开年度报告"), is_title("2009年，我局认真做好报告工作。")
    (True, False)
    """
    return bool(re.fullmatch(_TITLE_BODY, s.strip(), re.M))


def find_title(text: str, start: int, end: int) -> re.Match[str] | None:
    return TITLE_RE.search(text, start, min(end, start + 600))


def split_parts(text: str, start: int, end: int) -> list[Part]:
    """Cut ``text[start:end]`` at page separators and late title lines, then merge scraps."""
    cuts = {start, end}
    for m in SEPARATOR_RE.finditer(text, start, end):
        cuts.add(_line_start(text, m.start(), start))
    for m in TITLE_RE.finditer(text, start, end):
        if m.start() - start > 500:
            cuts.add(m.start())
    bounds = sorted(cuts)
    parts = [Part(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
    parts = _merge_small(text, parts)
    for p in parts:
        title = find_title(text, p.start, p.end)
        p.title = title.group(0).strip() if title else ""
        p.year = first_year(p.title) or first_year(_opening(text, p))
    return _merge_same_year(_mark_non_reports(text, parts))


def _line_start(text: str, pos: int, floor: int) -> int:
    nl = text.rfind("\n", floor, pos)
    return floor if nl < 0 else nl + 1


def _narrative_len(text: str, p: Part) -> int:
    return len(SEPARATOR_RE.sub("", re.sub(r"\s|大 中 小", "", text[p.start : p.end])))


def _merge_small(text: str, parts: list[Part]) -> list[Part]:
    out: list[Part] = []
    for p in parts:
        if out and (_narrative_len(text, p) < MIN_REPORT_CHARS or
                    _narrative_len(text, out[-1]) < MIN_REPORT_CHARS):
            out[-1] = Part(out[-1].start, p.end)
        else:
            out.append(p)
    return out


def _opening(text: str, p: Part) -> str:
    return text[p.start : min(p.end, p.start + 400)]


def _mark_non_reports(text: str, parts: list[Part]) -> list[Part]:
    """With several parts, a part with no year or no report wording is not a report."""
    if len(parts) < 2:
        return parts
    for p in parts:
        head = text[p.start : min(p.end, p.start + 1500)]
        if p.year is None or not REPORT_WORDS.search(head) or "指南" in head[:300]:
            p.is_report = False
    if sum(p.is_report for p in parts) < 2:
        return [Part(parts[0].start, parts[-1].end)]
    return parts


def _merge_same_year(parts: list[Part]) -> list[Part]:
    out: list[Part] = []
    for p in parts:
        if out and p.is_report and out[-1].is_report and p.year == out[-1].year:
            out[-1].end = p.end
        else:
            out.append(p)
    return out


def infer_agency(title: str) -> str:
    """The agency named in a report title.

    >>> infer_agency("平潭综合实验区财政金融局2024年度政府信息公开工作年度报告")
    '平潭综合实验区财政金融局'
    >>> infer_agency("2014年安庆市商务局政府信息公开年报")
    '安庆市商务局'
    >>> infer_agency("安徽省商务厅关于2017年度政务公开自评工作总结")
    '安徽省商务厅'
    """
    t = re.sub(r"\s+", "", title)
    m = re.match(r"^(.{2,40}?)(?:关于)?(?:19|20)\d\d年", t)
    if m:
        return m.group(1)
    m = re.match(r"^(?:19|20)\d\d年度?(.{2,30}?)(?:政府信息|政务)", t)
    return m.group(1) if m else ""


def parse_year(value: str | None) -> int | None:
    """A single year from a manifest cell; ranges like ``2016-2023`` give ``None``."""
    if value and re.fullmatch(r"\s*(?:19|20)\d\d\s*", value):
        return int(value)
    return None
