"""Section recovery on a real corpus: which of the six national sections each 2019+ report has.

    python benchmarks/section_recovery.py --corpus ../shared/corpus [--from-year 2019] [--verbose]

For each report from ``--from-year`` on it lists the recovered top-level sections (一 … 六) and
the recovered 总体情况 subsections, and compares the subsections with those present in the
text (found independently with a plain regex over the raw report text). Prints shares and
the failures with the reason.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from nlp_gk.segment import segment_corpus

TOP = ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "复议诉讼",
       "存在的主要问题及改进情况", "其他需要报告的事项")
ALIASES = {"存在问题": "存在的主要问题及改进情况"}
SUBS = {"主动公开": "主动公开", "依申请公开": "依申请", "政府信息管理": "政府信息管理",
        "平台建设": "平台建设", "监督保障": "监督保障"}


TOP_RX = {
    "总体情况": r"总体情况|概述",
    "主动公开政府信息情况": r"主动公开政府信息(?:的)?情况",
    "收到和处理政府信息公开申请情况": r"收到和处理政府信息公开申请",
    "复议诉讼": r"行政复议",
    "存在的主要问题及改进情况": r"存在的主要问题",
    "其他需要报告的事项": r"其他需要?报告",
}


def present_sections(text: str) -> set[str]:
    """Top-level sections whose numbered heading (一 … 六) appears in the raw text."""
    return {name for name, rx in TOP_RX.items()
            if re.search(rf"[一二三四五六七八][、.，]?\s*(?:政府信息公开工作)?(?:因政府信息公开申请)?"
                         rf"(?:政府信息公开)?(?:{rx})", text)}


def present_subsections(text: str) -> set[str]:
    """Subsections named by a （N） marker in the raw 总体情况 part of a report."""
    m = re.search(r"总体情况([\s\S]*?)(?:二\s*[、.]\s*主动公开|$)", text)
    region = m.group(1) if m else ""
    found = set()
    for name, needle in SUBS.items():
        if re.search(rf"[（(][一二三四五六七八九十][）)][^（(。]{{0,12}}{needle}", region):
            found.add(name)
    return found


def recovered(paras: list) -> tuple[list[str], set[str]]:
    tops, subs = [], set()
    for p in paras:
        if not p.section_norm:
            continue
        top = ALIASES.get(p.section_norm[0], p.section_norm[0])
        if p.heading and len(p.section) == 1 and top in TOP and top not in tops:
            tops.append(top)
        if len(p.section_norm) >= 2 and top == "总体情况" and p.section_norm[1] in SUBS:
            subs.add(p.section_norm[1])
    return tops, subs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default="../shared/corpus")
    ap.add_argument("--from-year", type=int, default=2019)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    res = segment_corpus([], Path(args.corpus) / "manifest.tsv")
    by_report: dict[tuple[str, int], list] = {}
    for p in res.paragraphs:
        by_report.setdefault((p.doc_id, p.report), []).append(p)
    rows = [r for r in res.reports if (r["year"] or 0) >= args.from_year]
    all_six = subs_ok = present_ok = 0
    for r in rows:
        paras = by_report.get((r["doc_id"], r["report"]), [])
        tops, subs = recovered(paras)
        text = res.documents[r["doc_id"]].text[r["start"] : r["end"]]
        want = present_subsections(text)
        six = all(t in tops for t in TOP)
        all_six += six
        have = present_sections(text)
        present_ok += have <= set(tops)
        subs_ok += want <= subs
        if args.verbose or not six or not want <= subs:
            missing = [t for t in TOP if t not in tops]
            absent = [t for t in missing if t not in have]
            print(f"{r['doc_id']}#{r['report']} {r['year']}: sections {len(tops)}/6"
                  f"{' missing ' + ','.join(missing) if missing else ''}"
                  f"{' (not in the text: ' + ','.join(absent) + ')' if absent else ''}; "
                  f"subsections {sorted(subs)} of present {sorted(want)}")
    n = len(rows)
    print(f"\nreports from {args.from_year}: {n}")
    print(f"all six sections found: {all_six}/{n} = {all_six / max(n, 1):.1%}")
    print(f"all top-level sections present in the text found: {present_ok}/{n} = "
          f"{present_ok / max(n, 1):.1%}")
    print(f"总体情况 subsections present in the text all found: {subs_ok}/{n} = {subs_ok / max(n, 1):.1%}")


if __name__ == "__main__":
    main()
