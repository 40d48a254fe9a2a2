"""Heading markers, where a heading ends, and canonical section names.

Levels: 1 ``一、`` / ``第一部分``, 2 ``（一）``, 3 ``1.`` ``1、``, 4 ``（1）``. ``一是…二是…`` are
enumeration items inside a paragraph: :func:`enumeration_spans` finds them, but they do not
open paragraphs (in these reports they run inside one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import SpanIndex

CN_NUM = "一二三四五六七八九十"
BOUNDARY_CHARS = set(" \t\n\r\u3000。；;：:！!？?”」』）)]】>|0123456789%")
MARKER_RE = re.compile(
    r"(?:"
    rf"(?P<l0>第[{CN_NUM}]{{1,3}}部分)"
    rf"|(?P<l1>[{CN_NUM}]{{1,3}}\s*[、，,．.](?![\d]))"
    rf"|(?P<l1b>[{CN_NUM}]{{1,2}}(?=\s*(?:总体情况|主动公开政府信息|收到和处理|(?:因)?政府信息公开(?:申请)?行政复议"
    r"|(?:政府信息公开工作)?存在的主要问题|其他需要?报告)))"
    rf"|(?P<l2>[（(]\s*[{CN_NUM}]{{1,3}}\s*[）)])"
    r"|(?P<l3>(?<![\d.])[1-9]\d?\s*[、．.](?![\d％%]))"
    r"|(?P<l4>[（(]\s*[1-9]\d?\s*[）)])"
    r")",
    re.M,
)
ENUM_RE = re.compile(rf"(?:^|(?<=[\s。；;：:，,！!？?]))(?:[{CN_NUM}]{{1,2}}是|首先|其次|再次|最后)")

# Canonical section names: (canonical, regex on the heading text after the marker).
CANONICAL: tuple[tuple[str, str], ...] = (
    ("总体情况", r"(?:政府信息公开)?(?:年度)?(?:工作)?(?:总体|基本|整体)(?:工作)?情况|(?:工作)?概述|概况"),
    ("主动公开政府信息情况", r"(?:政府信息)?主动公开(?:政府信息)?(?:的|工作)?(?:情况|方面)?"),
    ("收到和处理政府信息公开申请情况",
     r"收到和处理政府信息公开申请(?:的)?情况|(?:政府信息)?依申请公开(?:政府信息)?(?:工作|办理)?(?:的)?(?:情况|方面)?"),
    ("复议诉讼", r"(?:因)?(?:政府信息公开)?(?:申请)?(?:行政)?复议[、和及与]?(?:提起)?(?:行政)?诉讼(?:的)?(?:情况)?"),
    ("存在的主要问题及改进情况",
     r"(?:政府信息公开工作)?存在的?(?:主要)?(?:问题|不足)(?:及|和|与)(?:改进|整改)(?:情况|措施|方向)?"),
    ("其他需要报告的事项", r"其他需要?报告的?事项|其他事项"),
    ("政府信息管理", r"(?:加强)?政府信息管理(?:方面|情况)?"),
    ("平台建设", r"(?:加强)?(?:政府信息)?(?:公开)?平台建设(?:方面|情况)?"),
    ("监督保障", r"(?:强化)?监督保障(?:机制|方面|情况)?"),
    ("收费及减免", r"(?:政府信息公开)?(?:的)?收费(?:及|和)?减免(?:情况)?"),
    ("改进措施", r"(?:改进|整改)(?:措施|情况|方向)|下一步(?:工作)?(?:打算|计划|安排)"),
    ("存在问题", r"存在(?:的)?(?:主要)?问题"),
)
_CANON_RES = [(name, re.compile(pat)) for name, pat in CANONICAL]
_CANON_ANCHORED = [(name, re.compile(rf"\s*(?:{pat})")) for name, pat in CANONICAL]
TOP_LEVEL = {"总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "复议诉讼",
             "存在的主要问题及改进情况", "其他需要报告的事项"}
SUBSECTIONS = {"主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障"}
# Inside 一、总体情况 the national format uses short names for the same topics.
SUBSECTION_NAMES = {"主动公开政府信息情况": "主动公开", "收到和处理政府信息公开申请情况": "依申请公开"}
_END_PUNCT = re.compile(r"[。：:；;！!？?]")


@dataclass(frozen=True)
class Heading:
    """A heading found in text: ``marker`` is its numbering, ``end`` where its text ends."""

    start: int
    end: int
    level: int
    marker: str
    canonical: str


def marker_level(m: re.Match[str]) -> int:
    return next(int(k[1]) for k, v in m.groupdict().items() if v is not None)


def canonical_name(title: str) -> str:
    """The canonical section name a heading text refers to, or ``""``.

    >>> canonical_name("政府信息公开平台建设情况")
    '平台建设'
    >>> canonical_name("存在的主要问题及改进情况")
    '存在的主要问题及改进情况'
    """
    for name, rx in _CANON_RES:
        if rx.search(title[:40]):
            return name
    return ""


def heading_end(text: str, pos: int, limit: int, line_end: int) -> tuple[int, str]:
    """Where the heading text starting at ``pos`` ends, and its canonical name.

    Rules, in order: a short rest of line is all heading; a canonical title ends where it
    matches; else the first sentence punctuation, whitespace, or 情况/方面 within 32 chars.
    """
    rest_len = line_end - pos
    if rest_len <= 40 and not _END_PUNCT.search(text[pos:line_end].rstrip("：: \t")):
        return line_end, canonical_name(text[pos:line_end])
    for name, rx in _CANON_ANCHORED:
        m = rx.match(text, pos, limit)
        if m and m.end() - pos >= 2:
            return _swallow_tail(text, _extend(text, m.end(), limit), limit), name
    window = text[pos : min(limit, pos + 32)]
    cuts = [m.end() for m in [_END_PUNCT.search(window)] if m]
    ws = re.search(r"\s", window)
    if ws and ws.start() >= 2:
        cuts.append(ws.start())
    kw = re.search(r"(?:情况|方面)(?![的和及与])", window)
    if kw:
        cuts.append(kw.end())
    year = re.search(r"(?<=[\u4e00-\u9fff])(?:19|20)\d\d\s*年", window)
    if year and year.start() >= 2:
        cuts.append(year.start())
    if not cuts:
        return pos, ""
    end = pos + min(cuts)
    return end, canonical_name(text[pos:end])


def _extend(text: str, end: int, limit: int) -> int:
    """Extend a canonical match cut mid-phrase ("主动公开政府信息的|数量") to a natural stop."""
    if re.search(r"(?:情况|方面|措施|事项|问题)$", text[max(0, end - 2) : end]):
        return end
    m = re.compile(r"[\u4e00-\u9fff]{1,10}?(?=[\d\s。，,：:；;“《（(])").match(text, end, limit)
    return m.end() if m else end


def _swallow_tail(text: str, end: int, limit: int) -> int:
    m = re.compile(r"(?:情况|方面|工作)?[。：:；;]?").match(text, end, limit)
    return m.end() if m else end


def find_headings(text: str, start: int, end: int,
                  blocked: SpanIndex | list[tuple[int, int]] = ()) -> list[Heading]:
    """Heading markers in ``text[start:end]`` outside ``blocked`` spans (tables)."""
    if not isinstance(blocked, SpanIndex):
        blocked = SpanIndex(list(blocked))
    out: list[Heading] = []
    block_ends = blocked.ends()
    for m in MARKER_RE.finditer(text, start, end):
        s = m.start()
        if blocked.contains(s) or (out and s < out[-1].end):
            continue
        level = marker_level(m)
        nxt = blocked.next_start(s)
        limit = end if nxt is None else min(end, nxt)
        line_end = text.find("\n", s, limit)
        line_end = limit if line_end < 0 else line_end
        h_end, canon = heading_end(text, m.end(), limit, line_end)
        at_edge = (bool(out) and s == out[-1].end) or s in block_ends
        strong = (level == 1 and canon in TOP_LEVEL) or (level == 2 and canon in SUBSECTIONS)
        if s > 0 and not (at_edge or strong) and text[s - 1] not in BOUNDARY_CHARS:
            continue
        if level == 3 and h_end == m.end() and not _at_line_start(text, s):
            continue
        if level >= 2:
            canon = SUBSECTION_NAMES.get(canon, canon)
        out.append(Heading(s, max(h_end, m.end()), level, m.group(0).strip(), canon))
    return out


def _at_line_start(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] == "\n" or text[max(0, pos - 2) : pos].strip() == ""


def enumeration_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``一是…二是…`` items inside a paragraph, each up to the next item.

    >>> t = "存在不足：一是意识不强。二是渠道单一。"
    >>> [t[s:e] for s, e in enumeration_spans(t)]
    ['一是意识不强。', '二是渠道单一。']
    """
    starts = [m.start() for m in ENUM_RE.finditer(text)]
    return [(s, starts[i + 1] if i + 1 < len(starts) else len(text)) for i, s in enumerate(starts)]
