"""Evidence for the default thresholds of copy detection, measured on the REAL corpus.

Prints, for ``../shared/corpus`` (texts are read from there; nothing of them is written):

1. **Piece similarity** (rapidfuzz ``partial_ratio`` of each sentence piece against its best
   window in the partner; what ``--threshold`` cuts): histogram over the verified pairs,
   separately for same-series pairs (source from an earlier year) and cross-series pairs.
   Repeated text sits near 1.0; what two unrelated report sentences share by chance
   (stock words) sits around 0.4-0.6. The default 0.7 lies in the trough between the two.
2. **Shingle containment** of the pairs that end up with copied text when verification keeps
   everything down to 0.1 (what ``min_containment`` cuts), same series vs cross series.
3. **Banality**: how many distinct series hold each ``stretch_gram``-char window, and the share
   of narrative characters in windows held by at least k series.
4. **Gold sweeps**: self_copy precision / recall and template-vs-self accuracy on the DEV gold
   (``corpus/gold/reuse.jsonl`` batches 1-3, as labelled and after the exclusion audit, as in
   ``eval_reuse_gold.py``) while one setting moves and the others keep their defaults. The
   held-out batch is never swept.

    .venv/bin/python benchmarks/reuse_thresholds.py [--corpus ../shared/corpus] [--no-sweep]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from eval_reuse_gold import (  # noqa: E402
    AUDIT,
    GOLD,
    excluded,
    is_dev,
    load_audit,
    load_gold,
    match_items,
    prf,
    template_vs_self,
)

ROOT = Path(__file__).resolve().parents[1]
SWEEPS = {
    "threshold": (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9),
    "min_copied_share": (0.3, 0.4, 0.5, 0.6, 0.7),
    "stretch_gram": (8, 10, 12, 14, 16),
    "own_gram": (8, 9, 10, 11, 12),
    "min_containment": (0.1, 0.2, 0.3, 0.4),
    "max_gap": (None, 0, 1, 2, 3, 4),
    "template_min_agencies": (3, 4, 5, 6),
}


def histogram(values: list[float], edges: list[float]) -> list[float]:
    """Share of ``values`` in each bin ``[edges[k], edges[k + 1])`` (last bin closed)."""
    if not values:
        return [0.0] * (len(edges) - 1)
    counts, _ = np.histogram(np.clip(values, edges[0], edges[-1]), bins=edges)
    return (counts / len(values)).tolist()


def print_hist(title: str, groups: dict[str, list[float]], edges: list[float]) -> None:
    print(f"\n== {title}")
    print("  " + " " * 24 + "".join(f"{f'{a:.2f}-':>8s}" for a in edges[:-1]) + "       n")
    for name, vals in groups.items():
        print(f"  {name:24s}" + "".join(f"{100 * h:7.1f}%" for h in histogram(vals, edges))
              + f"{len(vals):8d}")


def piece_scores(paragraphs: list[dict]) -> dict[str, list[float]]:
    """Whole-piece alignment scores of every verified pair, threshold 0 (nothing cut)."""
    from nlp_gk.reuse import ReuseConfig, detect_reuse

    res = detect_reuse(paragraphs, ReuseConfig(threshold=0.0, max_gap=None))
    out: dict[str, list[float]] = defaultdict(list)
    for pair in res.pairs:
        same = pair["series"] == pair["source_series"]
        out["same series, earlier" if same else "other series"].extend(sp["similarity"] for sp in pair["spans"])
    return out


def containment(result) -> None:  # type: ignore[no-untyped-def]
    """Shingle containment of the pairs with copied text, by relation."""
    groups: dict[str, list[float]] = defaultdict(list)
    for pair in result.pairs:
        same = pair["series"] == pair["source_series"]
        groups["same series, earlier" if same else "other series"].append(pair["containment"])
    edges = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0]
    print_hist("shingle containment of pairs with copied text (run with min_containment=0.1)", groups, edges)


def banality(paragraphs: list[dict], gram: int) -> None:
    from nlp_gk.reuse.banality import window_hashes, window_indptr
    from nlp_gk.reuse.detect import paragraph_meta, series_ids
    from nlp_gk.reuse.normalize import normalize_batch
    from nlp_gk.reuse.shingle import shingle_batch

    meta = paragraph_meta(paragraphs)
    norm = normalize_batch([m["text"] for m in meta])
    keep = np.flatnonzero(norm.lengths() >= 20)
    from nlp_gk.reuse.normalize import subset

    cnorm = subset(norm, keep)
    sh = shingle_batch(cnorm, 4)
    wptr = window_indptr(sh, gram)
    h = window_hashes(sh, gram, wptr)
    series = series_ids([meta[i] for i in keep.tolist()])
    para = np.searchsorted(wptr, np.arange(len(h)), side="right") - 1
    pairs = np.unique((h.astype(np.uint64) << np.uint64(32)) | series[para].astype(np.uint64))
    n_series = Counter((pairs >> np.uint64(32)).tolist())
    per_window = np.array([n_series[x] for x in h.tolist()])
    print(f"\n== banality: {len(h):,} windows of {gram} normalised chars in {len(keep):,} paragraphs "
          f"of {len(set(series.tolist()))} series")
    for k in (1, 2, 3, 4, 5, 10, 20):
        print(f"  windows held by >= {k:2d} series: {100 * float((per_window >= k).mean()):5.1f}%")


def sweep(paragraphs: list[dict], gold: list[dict], audit: dict) -> None:
    from nlp_gk.reuse import ReuseConfig, detect_reuse

    gold = [g for g in gold if is_dev(g)]  # the held-out batch is never swept
    print("\n== DEV gold sweeps (one setting moves; others at their defaults; * = default)")
    print(f"  {'setting':24s} {'value':>6s}   {'labelled selfP':>14s} {'selfR':>6s} {'t-v-s':>6s}   "
          f"{'audited selfP':>13s} {'selfR':>6s} {'t-v-s':>6s}")
    default = ReuseConfig()
    for key, values in SWEEPS.items():
        for v in values:
            rows = match_items(gold, detect_reuse(paragraphs, default.with_overrides(**{key: v})
                                                  if v is not None else _none(default, key)).paragraphs)
            cells = []
            for sub in (rows, [r for r in rows if not excluded(r, audit)]):
                p, r, *_ = prf(sub, "self_copy")
                cells.append(f"{p:14.3f} {r:6.3f} {template_vs_self(sub)[0]:6.3f}")
            mark = "*" if getattr(default, key) == v else " "
            print(f"  {key:24s} {str(v):>6s}{mark}  " + "   ".join(cells), flush=True)


def _none(cfg, key: str):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(cfg, **{key: None})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--audit", type=Path, default=AUDIT)
    ap.add_argument("--no-sweep", action="store_true")
    args = ap.parse_args()
    from nlp_gk.reuse import ReuseConfig, detect_reuse
    from nlp_gk.segment import segment_corpus

    paragraphs = [p.to_dict() for p in segment_corpus([], str(args.corpus / "manifest.tsv")).paragraphs]
    print(f"{sum(p['kind'] == 'narrative' for p in paragraphs):,} narrative paragraphs of {args.corpus}")
    print_hist("piece similarity of verified pairs (threshold 0: nothing cut)", piece_scores(paragraphs),
               [0.0, *np.round(np.arange(0.3, 1.0, 0.05), 2).tolist(), 0.99, 1.0])
    containment(detect_reuse(paragraphs, ReuseConfig(min_containment=0.1)))
    banality(paragraphs, ReuseConfig().stretch_gram)
    if not args.no_sweep:
        sweep(paragraphs, load_gold(args.gold), load_audit(args.audit))


if __name__ == "__main__":
    main()
