"""``detect_reuse``: the named, timed stages from paragraphs to classified matches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..stages import timed
from .banality import template_mask
from .candidates import fingerprint_pairs, lsh_pairs_datasketch, lsh_pairs_numpy, unique_pairs
from .classify import agency_key, series_label
from .config import ReuseConfig
from .groups import cluster_sizes, clusters
from .matches import Match, MatchContext, all_matches
from .minhash import signatures
from .normalize import NormBatch, normalize_batch, subset
from .shingle import ShingleBatch, shingle_batch
from .verify import Verified, verify_pairs


@dataclass
class ReuseResult:
    """Everything ``nlp-gk reuse`` writes, as records and data frames."""

    paragraphs: list[dict]
    pairs: list[dict]
    reports: Any  # pandas.DataFrame, one row per report
    series: Any  # pandas.DataFrame: series, year_a, year_b, shared_chars, share
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[dict[str, str]] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)



def paragraph_meta(records: Sequence[dict]) -> list[dict]:
    """The fields the detector needs, from segment records (narrative ones only)."""
    out = []
    for r in records:
        if r.get("kind", "narrative") != "narrative":
            continue
        year = r.get("year")
        out.append({
            "doc_id": str(r["doc_id"]), "report": r.get("report", 0), "index": r.get("index"),
            "start": int(r["start"]), "end": int(r["end"]), "text": r["text"],
            "series": r.get("series") or "", "agency": r.get("agency") or "",
            "year": int(year) if year not in (None, "") else None, "key": agency_key(r),
            **({"labels": list(r["labels"])} if "labels" in r else {}),
        })
    return out


def series_ids(meta: list[dict]) -> np.ndarray:
    """An integer per paragraph for its series (:func:`classify.series_label`)."""
    ids: dict[str, int] = {}
    return np.fromiter((ids.setdefault(series_label(m), len(ids)) for m in meta),
                       dtype=np.int64, count=len(meta))


def flag_reports(meta: list[dict]) -> list[dict[str, str]]:
    """One warning per report with no year or no agency (such reports are still compared)."""
    seen: dict[tuple[str, Any], dict] = {}
    for m in meta:
        seen.setdefault((m["doc_id"], m["report"]), m)
    out = []
    for (doc_id, report), m in seen.items():
        missing = [w for w, bad in (("year", m["year"] is None), ("agency", not m["key"])) if bad]
        if missing:
            out.append({"file": str(doc_id), "reason": f"report {report} has no {' and no '.join(missing)}: "
                        "compared, but never counted as a self copy"})
    return out


def candidate_pairs(sh: ShingleBatch, cfg: ReuseConfig, timings: dict[str, float],
                    series: np.ndarray | None = None) -> np.ndarray:
    """Stages ``minhash``, ``lsh`` and ``containment``: candidate pairs, never all pairs.

    ``series`` (:func:`series_ids`) enables the own-series containment path
    (``cfg.own_containment``)."""
    with timed(timings, "minhash"):
        sigs = signatures(sh, cfg.num_perm, cfg.seed)
    with timed(timings, "lsh"):
        backend = cfg.lsh_backend
        if backend == "auto":
            backend = "datasketch" if len(sh) <= cfg.datasketch_max_items else "numpy"
        lsh = lsh_pairs_datasketch if backend == "datasketch" else lsh_pairs_numpy
        found = [lsh(sigs, cfg.lsh_bands, cfg.lsh_rows, cfg.max_bucket)]
    del sigs
    if cfg.containment:
        with timed(timings, "containment"):
            found.append(fingerprint_pairs(sh, cfg.fingerprint_mod, cfg.max_df,
                                           cfg.min_shared_fingerprints))
    if cfg.own_containment and series is not None:
        with timed(timings, "own_containment"):
            found.append(fingerprint_pairs(sh, cfg.fingerprint_mod, cfg.max_df,
                                           cfg.min_shared_fingerprints, scope=series))
    return unique_pairs(np.concatenate(found))


def detect_reuse(paragraphs: Sequence[dict], config: ReuseConfig | None = None) -> ReuseResult:
    """Find and classify copied text among the narrative paragraphs of a corpus."""
    from .tables import build_result

    cfg = (config or ReuseConfig()).validate()
    timings: dict[str, float] = {}
    recs = [p.to_dict() if hasattr(p, "to_dict") else p for p in paragraphs]
    meta = paragraph_meta(recs)
    with timed(timings, "normalize"):
        norm = normalize_batch([m["text"] for m in meta])
    lengths = norm.lengths()
    compared = np.flatnonzero(lengths >= cfg.min_chars)
    cnorm = subset(norm, compared)
    del norm  # only the lengths are needed from here on (memory at 1M paragraphs)
    cmeta = [meta[i] for i in compared.tolist()]
    with timed(timings, "shingle"):
        sh = shingle_batch(cnorm, cfg.shingle_size)
    series = series_ids(cmeta)
    with timed(timings, "banality"):
        template = template_mask(cnorm, sh, series, cfg.stretch_gram, cfg.template_min_agencies - 1)
    cand = candidate_pairs(sh, cfg, timings, series)
    del series
    with timed(timings, "verify"):
        ver = verify_pairs(sh, cand, cfg.min_containment)
    with timed(timings, "group"):
        labels = clusters(len(compared), ver.pairs)
    matches = classify_matches(cnorm, cmeta, ver, cfg, timings, sh)
    with timed(timings, "tables"):
        result = build_result(meta, lengths, compared, cnorm, matches, labels,
                              cluster_sizes(labels), template, cfg)
    result.timings = timings
    result.warnings = flag_reports(meta)
    result.stats = {"paragraphs": len(meta), "compared": len(compared),
                    "candidates": len(cand), "verified": len(ver.pairs), "matches": len(matches)}
    return result


def classify_matches(cnorm: NormBatch, cmeta: list[dict], ver: Verified, cfg: ReuseConfig,
                     timings: dict[str, float], sh: ShingleBatch | None = None) -> list[Match]:
    """Stage ``align_classify``: aligned spans and exact stretches of every verified pair, classed."""
    with timed(timings, "align_classify"):
        ctx = MatchContext(cnorm, cmeta, cfg, sh)
        return all_matches(ctx, ver.pairs, ver.jaccard, ver.containment)
