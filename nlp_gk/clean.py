"""Site-chrome detection and text normalisation. Pure functions.

Chrome is *flagged*, never deleted: :func:`chrome_spans` returns offsets, and the segmenter
emits those spans as paragraphs of kind ``chrome`` so no character is lost.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

# Each pattern matches one piece of site chrome. Order does not matter; overlaps are merged.
CHROME_PATTERNS: tuple[str, ...] = (
    r"(?:您)?当前(?:的)?位置\s*[:：][ \t]*(?:[^\s>＞»]{1,30}[ \t]*[>＞»][ \t]*)*[^\s>＞»]{0,60}",
    r"返回[^\n\s]{0,12}首页(?:\s*返回[^\n\s]{0,12}首页)*",
    r"(?:分享到\s*[:：]?\s*)?微信\s*微博\s*QQ空间(?:\s*全真版\s*文字版)?(?:\s*文件下载)?(?:\s*相关链接\s*[:：])?",
    r"扫码使用手机浏览本页内容|扫一扫在手机打开当前页",
    r"字号\s*[:：]?\s*(?:【\s*大\s*】\s*【\s*中\s*】\s*【\s*小\s*】|大\s*中\s*小)",
    r"(?<![\u4e00-\u9fff])大[ \t\u3000]+中[ \t\u3000]+小",
    r"字号\s*[:：]\s*(?=\n|$)",
    r"<!--\s*\[if [^\]]*\]\s*-->|<!--\s*\[endif\]\s*-->|<!\[if [^\]]*\]>|<!\[endif\]>",
    r"^\s*-->\s*",
    r"\s-->(?=\s)",
    r"网站标识码\s*[:：]?\s*\w+",
    r"(?:网站)?主办单位\s*[:：]\s*[^\s。；]{0,40}",
    r"^(?:邮箱|联系方式|技术支持|承办单位|版权所有)\s*[:：][^\n]*",
    r"^(?:索\s*引\s*号|关\s*键\s*词|有\s*效\s*期|语\s*种|信息名称|内容概述|在线链接地址|生成日期"
    r"|著录日期|内容分类|发布单位|信息来源)\s*[:：][^\n]*",
    r"^(?:日期|時間|时间)\s*[:：]\s*\d{4}-\d{1,2}-\d{1,2}[^\n]{0,40}",
    r"(?:打印本页|关闭窗口|【打印】|【关闭】)|^\s*(?:打印|关闭)\s*$",
)

# Registration numbers ("闽ICP备…号"): matched from the literal, then extended back over their
# short province/site prefix (a leading [^\s]{0,12} in the pattern would be tried at every position).
REGISTRATION_RE = r"(?P<registration>ICP备\s*\d+号(?:-\d+)?|公网安备\s*\d+号)"
_CHROME_RE = re.compile("|".join([*(f"(?:{p})" for p in CHROME_PATTERNS), REGISTRATION_RE]), re.M)
# The Pingtan archive puts a whole navigation block before the report: from 当前位置 to 相关链接.
_NAV_BLOCK_RE = re.compile(r"当前位置\s*[:：][\s\S]{0,600}?相关链接\s*[:：]")
SEPARATOR_RE = re.compile(r"扫码使用手机浏览本页内容|字号\s*[:：]")

_WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def chrome_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sorted, merged ``(start, end)`` spans of site chrome within ``text[start:end]``.

    >>> t = "当前位置：首页 > 年报\\n正文。\\n扫码使用手机浏览本页内容"
    >>> [t[s:e] for s, e in chrome_spans(t)]
    ['当前位置：首页 > 年报', '扫码使用手机浏览本页内容']
    """
    end = len(text) if end is None else end
    spans = []
    head = _NAV_BLOCK_RE.search(text, start, min(end, start + 800))
    if head:
        spans.append((head.start(), head.end()))
    for m in _CHROME_RE.finditer(text, start, end):
        s = _prefix_start(text, m.start()) if m.lastgroup == "registration" else m.start()
        s, e = trim_span(text, s, m.end())
        if e > s:
            spans.append((s, e))
    return merge_spans(spans)


def _prefix_start(text: str, s: int, limit: int = 12) -> int:
    """Move ``s`` back over the non-blank prefix glued to a registration number."""
    floor = max(0, s - limit)
    while s > floor and not text[s - 1].isspace() and text[s - 1] not in "。；，,":
        s -= 1
    return s


def trim_span(text: str, s: int, e: int) -> tuple[int, int]:
    """Shrink ``[s, e)`` past leading and trailing whitespace.

    >>> trim_span(" ab \\n", 0, 5)
    (1, 3)
    """
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping or touching spans.

    >>> merge_spans([(5, 8), (0, 2), (2, 4), (7, 9)])
    [(0, 4), (5, 9)]
    """
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


class SpanIndex:
    """Sorted, non-overlapping spans with O(log n) look-ups.

    >>> ix = SpanIndex([(10, 20), (30, 40)])
    >>> ix.contains(15), ix.contains(25), ix.next_start(12), ix.next_start(45)
    (True, False, 30, None)
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        self._ends = {b for _, b in self.spans}

    def contains(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.spans[i][1]

    def next_start(self, pos: int) -> int | None:
        i = bisect_right(self.starts, pos)
        return self.starts[i] if i < len(self.starts) else None

    def ends(self) -> set[int]:
        return self._ends

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """Spans that overlap ``[start, end)``."""
        i = max(0, bisect_right(self.starts, start) - 1)
        j = bisect_left(self.starts, end)
        return [sp for sp in self.spans[i:j] if sp[1] > start]


def fold_width(text: str) -> str:
    """Full-width ASCII forms and the ideographic space to half-width.

    >>> fold_width("（一）ＡＢ１２：")
    '(一)AB12:'
    """
    return text.translate(_WIDTH_TABLE)


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified Chinese with OpenCC.

    >>> to_simplified("政府信息公開工作報告")
    '政府信息公开工作报告'
    """
    return _converter().convert(text) if text else text


def to_simplified_aligned(text: str) -> str:
    """Like :func:`to_simplified` but guaranteed to keep the length (offsets stay valid)."""
    out = to_simplified(text)
    if len(out) == len(text):
        return out
    conv = _converter()
    return "".join(c if len(s := conv.convert(c)) != 1 else s for c in text)


def normalize(text: str) -> str:
    """The feature text: simplified characters, half-width ASCII, squeezed whitespace.

    >>> normalize("總體情況：（一）　主動公開")
    '总体情况:(一) 主动公开'
    """
    return re.sub(r"\s+", " ", fold_width(to_simplified(text))).strip()


def is_traditional(text: str, sample: int = 4000) -> bool:
    """True when a noticeable share of characters change under t2s conversion."""
    head = text[:sample]
    simp = to_simplified_aligned(head)
    changed = sum(1 for a, b in zip(head, simp, strict=True) if a != b)
    return changed >= max(5, len(head) // 200)
