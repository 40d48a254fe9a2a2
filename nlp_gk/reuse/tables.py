"""Output records and tables: paragraphs, pairs, reports.csv, series.csv."""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from ..clean import merge_spans as merge_intervals
from .align import merge_spans, to_source
from .classify import CLASSES, series_label
from .config import ReuseConfig
from .detect import ReuseResult
from .label import (
    CharClasses,
    char_classes,
    is_prescribed,
    paragraph_label,
    phrase_mask,
)
from .matches import Match
from .normalize import NormBatch

CATEGORIES_OF_INTEREST = ("存在问题", "改进措施")
MAX_SOURCES = 20  # sources listed per paragraph (the most similar first)


def build_result(meta: list[dict], norm_lengths: np.ndarray, compared: np.ndarray, cnorm: NormBatch,
                 matches: list[Match], labels: np.ndarray, sizes: np.ndarray, template: np.ndarray,
                 cfg: ReuseConfig) -> ReuseResult:
    """Records and tables from the matches; ``template`` is the corpus-wide template mask."""
    by_target: dict[int, list[Match]] = defaultdict(list)
    for m in matches:
        by_target[m.target].append(m)
    position = {int(p): n for n, p in enumerate(compared.tolist())}
    cmeta = [meta[i] for i in compared.tolist()]
    keys = [series_label(m) for m in cmeta]
    rows = []
    lengths = norm_lengths.tolist()
    for i, m in enumerate(meta):
        c = position.get(i)
        cc = None if c is None else _char_classes(c, cnorm, by_target.get(c, []), keys, template, cfg)
        rows.append(_paragraph_row(m, lengths[i], c, cc, by_target.get(c, []), cmeta, labels,
                                   sizes, cfg))
    pairs = [_pair_row(m, cmeta, cnorm) for m in matches if m.main_class() is not None]
    return ReuseResult(rows, pairs, reports_frame(rows), series_frame(matches, cmeta, rows))


def _char_classes(c: int, cnorm: NormBatch, found: list[Match], keys: list[str],
                  template: np.ndarray, cfg: ReuseConfig) -> CharClasses | None:
    """The character classes of compared paragraph ``c`` (None: nothing of it found elsewhere)."""
    lo, hi = int(cnorm.indptr[c]), int(cnorm.indptr[c + 1])
    banal = template[lo:hi]
    if not found and not cfg.template_phrases and not banal.any():
        return None
    if cfg.template_phrases:
        banal = banal | phrase_mask(cnorm.text(c), cfg.template_phrases)
    cc = char_classes(hi - lo, found, keys, banal, cfg.template_min_agencies - 1,
                      cfg.short_template_chars)
    cc.prescribed = is_prescribed(cnorm.text(c), cfg.prescribed_notes, cfg.preamble_anchor,
                                  cfg.preamble_markers, cfg.preamble_min_markers)
    return cc


_NOTHING = {"template": 0.0, "self_copy": 0.0, "cross_agency": 0.0}


def _paragraph_row(m: dict, norm_chars: int, c: int | None, cc: CharClasses | None,
                   found: list[Match], cmeta: list[dict], labels: np.ndarray,
                   sizes: np.ndarray, cfg: ReuseConfig) -> dict[str, Any]:
    reuse = paragraph_label(cc, cfg.min_copied_share, cfg.min_copied_chars) if cc is not None else None
    flags = [f for f, bad in (("no_year", m["year"] is None), ("no_agency", not m["key"])) if bad]
    row = {k: m[k] for k in ("doc_id", "report", "index", "start", "end", "series", "agency")}
    row.update(year=m["year"], agency_key=m["key"], chars=m["end"] - m["start"],
               norm_chars=norm_chars, compared=c is not None, reuse=reuse,
               copied_share=round(cc.copied_share(), 4) if cc is not None else 0.0,
               class_chars=cc.class_chars() if cc is not None else {},
               rule_shares=cc.rule_shares() if cc is not None else dict(_NOTHING),
               sources=_sources(found, cmeta),
               cluster=int(labels[c]) if c is not None else None,
               cluster_size=int(sizes[c]) if c is not None else 1, flags=flags)
    if "labels" in m:
        row["labels"] = m["labels"]
    return row


def _sources(found: list[Match], cmeta: list[dict]) -> list[dict]:
    out = []
    found = [m for m in found if m.main_class() is not None]
    for mt in sorted(found, key=lambda x: -x.similarity)[:MAX_SOURCES]:
        s = cmeta[mt.source]
        out.append({"doc_id": s["doc_id"], "start": s["start"], "end": s["end"],
                    "year": s["year"], "similarity": round(mt.similarity, 4),
                    "reuse": mt.main_class(), "index": s["index"]})
    return out


def _pair_row(m: Match, cmeta: list[dict], cnorm: NormBatch) -> dict[str, Any]:
    t, s = cmeta[m.target], cmeta[m.source]
    ot, os_ = cnorm.origins(m.target), cnorm.origins(m.source)
    spans = []
    classed = [(sp, c) for sp, c in zip(m.spans, m.classes, strict=True) if c is not None]
    for sp, cls in zip(*merge_spans([x[0] for x in classed], [x[1] for x in classed]), strict=True):
        a = to_source(sp.a_start, sp.a_end, ot, t["start"])
        b = to_source(sp.b_start, sp.b_end, os_, s["start"])
        spans.append({"start": a[0], "end": a[1], "source_start": b[0], "source_end": b[1],
                      "similarity": round(sp.score, 4), "reuse": cls})
    copied = sum(sp["end"] - sp["start"] for sp in spans) / max(1, t["end"] - t["start"])
    return {"doc_id": t["doc_id"], "start": t["start"], "end": t["end"], "index": t["index"],
            "year": t["year"], "series": t["key"], "source_doc_id": s["doc_id"],
            "source_start": s["start"], "source_end": s["end"], "source_index": s["index"],
            "source_year": s["year"], "source_series": s["key"], "reuse": m.main_class(),
            "similarity": round(m.similarity, 4), "jaccard": round(m.jaccard, 4),
            "containment": round(m.containment, 4), "copied_share": round(copied, 4),
            "spans": spans}


def reports_frame(rows: list[dict]) -> Any:
    """One row per report: chars and the shares of self-copied, template, ... text."""
    import pandas as pd

    recs = []
    for r in rows:
        rec = {"doc_id": r["doc_id"], "report": r["report"], "series": r["agency_key"],
               "agency": r["agency"], "year": r["year"], "paragraphs": 1,
               "narrative_chars": r["chars"], "norm_chars": r["norm_chars"],
               **{c: r["class_chars"].get(c, 0) for c in CLASSES},
               "flags": ";".join(r["flags"])}
        for cat in CATEGORIES_OF_INTEREST if "labels" in r else ():
            inside = cat in r["labels"]
            rec[f"{cat}_chars"] = r["norm_chars"] if inside else 0
            rec[f"{cat}_self"] = r["class_chars"].get("self_copy", 0) if inside else 0
        recs.append(rec)
    cols = ["doc_id", "report", "series", "agency", "year", "paragraphs", "narrative_chars",
            "norm_chars", *CLASSES, "flags"]
    if not recs:
        return pd.DataFrame(columns=cols)
    df = pd.DataFrame.from_records(recs)
    return _shares(df.groupby(["doc_id", "report"], sort=False, dropna=False).agg(_aggs(df)))


def _aggs(df: Any) -> dict[str, str]:
    first = {"series", "agency", "year", "flags"}
    return {c: ("first" if c in first else "sum") for c in df.columns if c not in ("doc_id", "report")}


def _shares(df: Any) -> Any:
    total = df["norm_chars"].clip(lower=1)
    copied = sum(df[c] for c in CLASSES)
    for c in CLASSES:
        df[f"{c}_share"] = (df[c] / total).round(4)
    df["novel_share"] = (1 - copied / total).round(4)
    for cat in CATEGORIES_OF_INTEREST:
        if f"{cat}_chars" in df:
            df[f"self_copy_share_{cat}"] = (df[f"{cat}_self"] / df[f"{cat}_chars"].clip(lower=1)).where(
                df[f"{cat}_chars"] > 0).round(4)
            df = df.drop(columns=[f"{cat}_chars", f"{cat}_self"])
    df["year"] = df["year"].astype("Int64")
    return df.drop(columns=list(CLASSES)).reset_index()


def series_frame(matches: list[Match], cmeta: list[dict], rows: list[dict]) -> Any:
    """Long-format year x year matrix per series: chars of year_a's text shared with year_b."""
    import pandas as pd

    spans: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for m in matches:
        t, s = cmeta[m.target], cmeta[m.source]
        if t["key"] and t["key"] == s["key"] and None not in (t["year"], s["year"]) and t["year"] != s["year"]:
            spans[(m.target, s["year"])].extend((sp.a_start, sp.a_end) for sp in m.spans)
    shared: dict[tuple[str, int, int], int] = defaultdict(int)
    for (target, year_b), ivs in spans.items():
        t = cmeta[target]
        shared[(t["key"], t["year"], year_b)] += sum(e - s for s, e in merge_intervals(ivs))
    totals: dict[tuple[str, int], int] = defaultdict(int)
    for r in rows:
        if r["agency_key"] and r["year"] is not None:
            totals[(r["agency_key"], r["year"])] += r["norm_chars"]
    recs = [{"series": k, "year_a": ya, "year_b": yb, "shared_chars": n,
             "share": round(n / max(1, totals[(k, ya)]), 4)} for (k, ya, yb), n in shared.items()]
    cols = ["series", "year_a", "year_b", "shared_chars", "share"]
    return pd.DataFrame.from_records(recs, columns=cols).sort_values(cols[:3]).reset_index(drop=True)


def write_reuse(result: ReuseResult, out_dir: str | os.PathLike[str]) -> dict[str, str]:
    """Write paragraphs.jsonl, pairs.jsonl, reports.csv and series.csv atomically."""
    from ..io import write_frame, write_records

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {name: str(out / name) for name in
             ("paragraphs.jsonl", "pairs.jsonl", "reports.csv", "series.csv")}
    write_records(result.paragraphs, paths["paragraphs.jsonl"])
    write_records(result.pairs, paths["pairs.jsonl"])
    write_frame(result.reports, paths["reports.csv"])
    write_frame(result.series, paths["series.csv"])
    return paths
