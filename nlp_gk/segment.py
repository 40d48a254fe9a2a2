"""Segment reports into paragraphs with offsets, section paths and kinds.

Every non-whitespace character of a report body ends up in exactly one paragraph (chrome
included, as kind ``chrome``), and ``source_text[start:end] == text`` for every paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .clean import (
    SpanIndex,
    chrome_spans,
    is_traditional,
    merge_spans,
    normalize,
    to_simplified_aligned,
    trim_span,
)
from .errors import InputError
from .headings import Heading, find_headings
from .io import CorpusEntry, Document, collect_corpus, read_document
from .reports import (
    TITLE_INLINE_RE,
    Part,
    first_year,
    infer_agency,
    is_title,
    parse_year,
    split_parts,
)
from .stages import progress_iter
from .tables import ROW_LABEL_RE, table_spans

KINDS = ("narrative", "table", "heading", "chrome", "signature", "attachment")
SIGNATURE_RE = re.compile(
    r"(?:(?:19|20)\d\d|二[〇○零][〇○零一二三四五六七八九]{2})\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月"
    r"\s*[\d一二三四五六七八九十]{1,3}\s*日\s*$"
)
DIGITS_RE = re.compile(r"\d")
SOFT_BREAK_RE = re.compile(r"(?<=[。！？!?；;])[ \t\u3000]+(?=\S)")
ATTACH_RE = re.compile(r"\s*(?:附件|附表)\s*(?:[\d一二三四五六七八九十]*\s*[:：.．、]|下载)")
# Old-style statistics rows: "1．当面申请数 条 0", "（三）不予 公开".
STAT_ROW_RE = re.compile(r"\S{0,5}[\u4e00-\u9fff（）()]{2,20}\s*(?:条|件|次|人次|万元|元|个)\s*[\d\s]*"
                         r"(?:其中[:：])?")
SENTENCE_RE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』）)]*|\n|$)")


@dataclass
class Paragraph:
    doc_id: str
    report: int
    index: int
    start: int
    end: int
    text: str
    norm_text: str
    heading: str
    body_start: int
    section: list[str]
    section_norm: list[str]
    kind: str
    year: int | None = None
    agency: str = ""
    series: str = ""
    title: str = ""
    path: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def body(self) -> str:
        """The text after the opening heading."""
        return self.text[self.body_start - self.start :]


@dataclass
class SegmentResult:
    paragraphs: list[Paragraph] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)

    @property
    def n_reports(self) -> int:
        return len(self.reports)


# --------------------------------------------------------------------------- spans


def _pieces(text: str, start: int, end: int, chrome: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-chrome, non-blank line pieces of ``text[start:end]``, trimmed of whitespace."""
    out = []
    pos = start
    for cs, ce in [*chrome, (end, end)]:
        if ce <= start or cs >= end and pos >= end:
            continue
        out.extend(_lines(text, pos, min(cs, end)))
        pos = max(pos, ce)
    return out


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"[^\n]+", text[start:end]):
        s, e = trim_span(text, start + m.start(), start + m.end())
        if e > s:
            out.append((s, e))
    return out


def _cut_points(det: str, piece: tuple[int, int], heads: list[Heading],
                tables: SpanIndex, sig: int | None) -> list[int]:
    s, e = piece
    cuts = {h.start for h in heads if s < h.start < e}
    cuts |= {x for span in tables.overlapping(s, e) for x in span if s < x < e}
    cuts |= {m.end() for m in SOFT_BREAK_RE.finditer(det, s, e) if not tables.contains(m.end())}
    if sig is not None and s < sig < e:
        cuts.add(sig)
    title = TITLE_INLINE_RE.match(det, s, e)
    if title and title.end() < e and det[title.end()].isspace():
        cuts.add(title.end())
    return sorted(cuts)


def _split_piece(text: str, piece: tuple[int, int], cuts: list[int]) -> list[tuple[int, int]]:
    bounds = [piece[0], *cuts, piece[1]]
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        a, b = trim_span(text, a, b)
        if b > a:
            out.append((a, b))
    return out


def _signature_start(det: str, part: Part, pieces: list[tuple[int, int]]) -> int | None:
    """Start of the closing ``agency + date`` signature of a report, if any."""
    if not pieces:
        return None
    s, e = pieces[-1]
    tail_start = max(s, e - 60)
    m = SIGNATURE_RE.search(det, tail_start, e)
    if not m:
        return None
    back = det[max(part.start, m.start() - 40) : m.start()]
    stop = max(back.rfind(c) for c in "。；！？:：;!?")
    start = m.start() - len(back) + stop + 1 if stop >= 0 else m.start()
    if stop < 0 and len(pieces) > 1 and pieces[-2][1] - pieces[-2][0] <= 30:
        ps, pe = pieces[-2]
        if not re.search(r"[。；，,;]", det[ps:pe]):
            return ps
    return start if start < e else None


# --------------------------------------------------------------------------- paragraphs


def segment_text(text: str, body_start: int = 0) -> tuple[list[Part], list[dict[str, Any]]]:
    """Cut a document's text into report parts and raw paragraph dicts (no metadata)."""
    det = to_simplified_aligned(text) if is_traditional(text[body_start:]) else text
    chrome = chrome_spans(det, body_start)
    parts = split_parts(det, body_start, len(text))
    raws: list[dict[str, Any]] = []
    starts = [a for a, _ in chrome]
    for n, part in enumerate(parts):
        lo, hi = bisect_left(starts, part.start), bisect_left(starts, part.end)
        raws.extend(_segment_part(text, det, part, n, chrome[max(0, lo - 1) : hi]))
    part_starts = [p.start for p in parts]
    raws.extend({"start": a, "end": b, "kind": "chrome",
                 "report": max(0, bisect_right(part_starts, a) - 1),
                 "heading": "", "body_start": a, "section": [], "section_norm": []}
                for a, b in chrome)
    raws.sort(key=lambda r: r["start"])
    return parts, raws


def _segment_part(text: str, det: str, part: Part, n: int,
                  chrome: list[tuple[int, int]]) -> list[dict[str, Any]]:
    pieces = _pieces(det, part.start, part.end, chrome)
    tables = SpanIndex(merge_spans([t for p in pieces for t in table_spans(det, *p)]))
    sig = _signature_start(det, part, pieces)
    stack: list[Heading] = []
    out = []
    for piece in pieces:
        heads = find_headings(det, piece[0], piece[1], tables)
        by_start = {h.start: h for h in heads}
        for a, b in _split_piece(det, piece, _cut_points(det, piece, heads, tables, sig)):
            h = by_start.get(a)
            if h is not None and h.level > 0:
                stack = [x for x in stack if x.level < h.level] + [h]
            kind = _kind(det, a, b, h, tables, sig, part)
            out.append(_raw(text, a, b, h, stack, kind, n))
    return out


def _kind(det: str, a: int, b: int, h: Heading | None, tables: SpanIndex,
          sig: int | None, part: Part) -> str:
    if not part.is_report:
        return "attachment"
    if tables.contains(a):
        return "table"
    if sig is not None and a >= sig:
        return "signature"
    if ATTACH_RE.match(det, a, b):
        return "attachment"
    if h is not None and det[h.end : b].strip() == "" or h is None and is_title(det[a:b]):
        return "heading"
    if _digit_heavy(det[a:b]) or STAT_ROW_RE.fullmatch(det, a, b) or _row_label(det[a:b]):
        return "table"
    return "narrative"


def _row_label(s: str) -> bool:
    squeezed = re.sub(r"\s+", "", s)
    return len(squeezed) <= 16 and " " in s and bool(ROW_LABEL_RE.search(squeezed))


def _digit_heavy(s: str) -> bool:
    digits = len(DIGITS_RE.findall(s))
    return digits >= 20 and digits > 0.3 * len(s.replace(" ", ""))


def _raw(text: str, a: int, b: int, h: Heading | None, stack: list[Heading], kind: str,
         n: int) -> dict[str, Any]:
    section = [text[x.start : x.end].strip() for x in stack]
    return {"start": a, "end": b, "kind": kind, "report": n,
            "heading": text[h.start : min(h.end, b)].strip() if h else "",
            "body_start": _skip_ws(text, min(h.end, b), b) if h else a,
            "section": section, "section_norm": [x.canonical for x in stack]}


def _skip_ws(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


# --------------------------------------------------------------------------- documents


def segment_document(doc: Document, doc_id: str, meta: dict[str, str] | None = None
                     ) -> tuple[list[dict[str, Any]], list[Paragraph], list[str]]:
    """Reports (metadata dicts), paragraphs and warnings of one decoded document."""
    meta = meta or {}
    parts, raws = segment_text(doc.text, doc.body_start)
    infos = [_report_meta(doc, p, meta, len(parts)) for p in parts]
    numbers = _report_numbers(parts)
    paras = []
    for i, r in enumerate(raws):
        info = infos[r["report"]]
        text = doc.text[r["start"] : r["end"]]
        paras.append(Paragraph(doc_id=doc_id, index=i, text=text, norm_text=normalize(text),
                               **{**r, "report": numbers[r["report"]]}, year=info["year"],
                               agency=info["agency"], series=info["series"], title=info["title"],
                               path=doc.path))
    reports = [dict(info, doc_id=doc_id, report=numbers[n], start=p.start, end=p.end)
               for n, (p, info) in enumerate(zip(parts, infos, strict=True)) if p.is_report]
    return reports, paras, _warnings(reports, paras)


def _report_numbers(parts: list[Part]) -> list[int]:
    """Report index of each part: reports count 0, 1, …; a part that is no report gets -1."""
    out, n = [], 0
    for p in parts:
        out.append(n if p.is_report else -1)
        n += p.is_report
    return out


def _report_meta(doc: Document, part: Part, meta: dict[str, str], n_parts: int) -> dict[str, Any]:
    single = n_parts == 1
    title = (meta.get("title") or doc.meta.get("title") or part.title) if single else (
        part.title or "")
    year = parse_year(meta.get("year")) if single else None
    year = year or first_year(title) or part.year
    if year is None and single:
        year = first_year(doc.text[doc.body_start : doc.body_start + 600])
    agency = meta.get("agency") or infer_agency(title) or infer_agency(doc.meta.get("title", ""))
    return {"year": year, "agency": agency, "series": meta.get("series", ""), "title": title,
            "published": meta.get("published") or doc.meta.get("published", "")}


def _warnings(reports: list[dict[str, Any]], paras: list[Paragraph]) -> list[str]:
    out = []
    for r in reports:
        mine = [p for p in paras if p.report == r["report"] and p.kind != "chrome"]
        if not any(p.heading and p.section for p in mine):
            out.append(f"report {r['report']}: no recognisable sections; "
                       "segmented into paragraphs without a section path")
        if r["year"] is None:
            out.append(f"report {r['report']}: no report year found")
    return out


def segment_corpus(inputs: Sequence[str | Path] = (), manifest: str | Path | None = None,
                   max_mb: float = 20.0, progress: bool = False) -> SegmentResult:
    """Segment every file of a corpus; bad files are recorded in ``skipped``, never raised."""
    entries = collect_corpus(inputs, manifest)
    result = SegmentResult()
    for entry in progress_iter(entries, "segment", progress):
        _segment_entry(entry, max_mb, result)
    return result


def _segment_entry(entry: CorpusEntry, max_mb: float, result: SegmentResult) -> None:
    try:
        doc = read_document(entry.path, max_mb=max_mb)
        reports, paras, warns = segment_document(doc, entry.doc_id, entry.meta)
    except InputError as exc:
        result.skipped.append({"file": exc.path, "reason": exc.reason})
        return
    result.documents[entry.doc_id] = doc
    result.reports.extend(reports)
    result.paragraphs.extend(paras)
    result.warnings.extend({"file": str(entry.path), "reason": w} for w in warns)


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Chinese sentence spans (ending at 。！？； or a line break), offsets shifted by ``offset``.

    >>> t = "一是意识不强。二是渠道单一！"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['一是意识不强。', '二是渠道单一！']
    """
    out = []
    for m in SENTENCE_RE.finditer(text):
        s, e = trim_span(text, m.start(), m.end())
        if e > s:
            out.append((s + offset, e + offset))
    return out
