"""Statistical tables inside report text: ``|`` rows and flattened national-format tables.

Flattened tables run their cells together ("规章000行政规范性文件021") and contain row labels
that look like headings ("一、本年新收政府信息公开申请数量", "（一）予以公开"). A table starts
at a known table opener and ends at the first heading marker whose text is not a row label.
"""

from __future__ import annotations

import re

from .headings import MARKER_RE

TABLE_START_RE = re.compile(
    r"第二十条\s*第\s*[（(]\s*[一二三四五六七八九十]+\s*[）)]\s*项"
    r"|信息内容\s*本年"
    r"|[（(]\s*本列数据的勾稽关系"
    r"|申请人情况\s*自然人"
    r"|行政复议\s*行政诉讼\s*(?:结果|复议)"
    r"|结果维持\s*结果纠正"
    r"|行政复议\s*[:：（(]?\s*(?:结果)?维持\s*(?:结果)?纠正"
    r"|本年新收政府信息公开申请数量\s*\d"
)
ROW_LABEL_RE = re.compile(
    r"\s*(?:本年新收|上年结转|本年度办理结果|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|总计"
    r"|结转下年度|属于|其他法律|危及|保护第三方|本机关不掌握|没有现成|补正后|信访举报|重复申请"
    r"|要求|无正当理由|申请人|其他\s*\d|其他$|其他[0-9\s]|本年度办理结果|办理结果|行政许可|行政处罚|行政强制|行政事业性收费"
    r"|规章|规范性文件|行政规范性文件)"
)


def table_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Table spans inside the line piece ``text[start:end]``.

    >>> t = "（一）数量。第二十条第（一）项信息内容本年制发件数规章000（二）主要类别。共3条。"
    >>> [t[a:b] for a, b in table_spans(t, 0, len(t))]
    ['第二十条第（一）项信息内容本年制发件数规章000']
    """
    if text.count("|", start, end) >= 2 and "\n" not in text[start:end]:
        return [(start, end)]
    out = []
    pos = start
    while pos < end:
        m = TABLE_START_RE.search(text, pos, end)
        if not m:
            break
        t_end = _table_end(text, m.end(), end)
        out.append((m.start(), t_end))
        pos = max(t_end, m.end())
    return out


def _table_end(text: str, pos: int, end: int) -> int:
    for m in MARKER_RE.finditer(text, pos, end):
        if text[m.start() - 1 : m.start()] == "第":
            continue
        if ROW_LABEL_RE.match(text, m.end(), end) or m.group("l3") or m.group("l4"):
            continue
        after = text[m.end() : m.end() + 30]
        if re.match(r"\s*[\d\s]+$", after):
            continue
        return _back_to_space(text, pos, m.start())
    return end


def _back_to_space(text: str, floor: int, pos: int) -> int:
    while pos > floor and text[pos - 1].isspace():
        pos -= 1
    return pos
