"""Score copy detection against the hand-labelled gold (``corpus/gold/reuse.jsonl``).

Segments the shared corpus, runs :func:`nlp_gk.reuse.detect_reuse`, maps every gold span to the
detector's paragraph with the largest overlap (same ``doc_id``) and prints:

* precision / recall / F1 of ``self_copy`` and ``template`` (and ``cross_agency``, for
  information);
* template-vs-self accuracy: over gold items labelled ``self_copy`` or ``template``, the share
  whose predicted class is the same;
* for gold ``self_copy`` items found as ``self_copy``, how often the gold source document is
  among the detector's sources;
* a confusion table, the same figures on the items not marked ``borderline``, and the list of
  disagreements (doc_id, offsets, gold, predicted; never corpus text).

**DEV / TEST split (fixed).** To keep rule and threshold changes honest, the gold is split by
series (GroupKFold-style, so no series is in both halves): series are sorted by item count
(descending, ties by name) and each goes to the half that holds fewer items so far (ties to
DEV). The split is made on the first batch of the gold only and stays fixed when later batches
(``"batch": 2``, labelled blind to the detector) add items; a series first labelled in a later
batch goes to TEST. Rules and thresholds are tuned
looking at DEV disagreements only; TEST is only scored. The split is printed
(:func:`split_series`). Figures are given for DEV, TEST, ALL, for the batch-2 items of the
TEST series (never looked at before they were scored) and for batch 3 (``"batch": 3``: 150
items from all series, labelled blind and scored only after the last rule change; DEV and TEST
hold batches 1 and 2 only); disagreements are listed for DEV only unless
``--disagreements all`` is given.

The labelling rule is ``corpus/guidelines/reuse.md``. Figures are printed, never asserted.

    .venv/bin/python benchmarks/eval_reuse_gold.py [--corpus ../shared/corpus] [--gold FILE]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD_CLASSES = ("self_copy", "template", "cross_agency", "novel")
PRED_CLASSES = ("self_copy", "template", "cross_agency", "internal", "novel", "unmapped")


def load_gold(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def split_series(gold: list[dict]) -> dict[str, str]:
    """``series -> "dev" | "test"``: greedy balanced 2-fold split of the series by item count."""
    counts = Counter(str(g.get("series")) for g in gold)
    sizes = {"dev": 0, "test": 0}
    out = {}
    for series, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        half = "dev" if sizes["dev"] <= sizes["test"] else "test"
        out[series] = half
        sizes[half] += n
    return out


def run_detector(corpus: Path) -> tuple[list[dict], float]:
    """Detector output paragraphs for the whole corpus and the wall time of detection."""
    from nlp_gk.reuse import detect_reuse
    from nlp_gk.segment import segment_corpus

    seg = segment_corpus([], str(corpus / "manifest.tsv"))
    t0 = time.perf_counter()
    result = detect_reuse([p.to_dict() for p in seg.paragraphs])
    return result.paragraphs, time.perf_counter() - t0


def index_by_doc(paragraphs: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for p in paragraphs:
        out.setdefault(str(p["doc_id"]), []).append(p)
    return out


def best_overlap(item: dict, candidates: list[dict]) -> dict | None:
    """The detector paragraph overlapping the gold span most (None when nothing overlaps)."""
    best, best_len = None, 0
    for p in candidates:
        overlap = min(item["end"], p["end"]) - max(item["start"], p["start"])
        if overlap > best_len:
            best, best_len = p, overlap
    return best


def predicted_class(para: dict | None) -> str:
    if para is None:
        return "unmapped"
    return para.get("reuse") or "novel"


def match_items(gold: list[dict], paragraphs: list[dict]) -> list[dict]:
    """One row per gold item: gold class, predicted class, matched paragraph and flags."""
    by_doc = index_by_doc(paragraphs)
    rows = []
    for item in gold:
        para = best_overlap(item, by_doc.get(item["doc_id"], []))
        src_docs = {str(s.get("doc_id")) for s in (para or {}).get("sources") or []}
        rows.append({
            **item, "pred": predicted_class(para), "para": para,
            "source_found": item.get("source_doc_id") in src_docs,
        })
    return rows


def prf(rows: list[dict], cls: str) -> tuple[float, float, float, int, int, int]:
    """Precision, recall, F1, true positives, predicted count and gold count of one class."""
    tp = sum(1 for r in rows if r["label"] == cls and r["pred"] == cls)
    n_pred = sum(1 for r in rows if r["pred"] == cls)
    n_gold = sum(1 for r in rows if r["label"] == cls)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, tp, n_pred, n_gold


def template_vs_self(rows: list[dict]) -> tuple[float, int]:
    pool = [r for r in rows if r["label"] in ("self_copy", "template")]
    ok = sum(1 for r in pool if r["pred"] == r["label"])
    return (ok / len(pool) if pool else 0.0), len(pool)


def print_scores(rows: list[dict], title: str) -> None:
    print(f"\n== {title}: {len(rows)} items  {dict(Counter(r['label'] for r in rows))}")
    for cls in ("self_copy", "template", "cross_agency"):
        p, r, f, tp, n_pred, n_gold = prf(rows, cls)
        print(f"  {cls:13s} P={p:.3f} R={r:.3f} F1={f:.3f}  (tp={tp}, predicted={n_pred}, gold={n_gold})")
    acc, n = template_vs_self(rows)
    print(f"  template-vs-self accuracy = {acc:.3f}  (over {n} gold self_copy/template items)")
    hits = [r for r in rows if r["label"] == "self_copy" and r["pred"] == "self_copy"]
    if hits:
        found = sum(1 for r in hits if r["source_found"])
        print(f"  self_copy source agreement: gold source doc among detector sources in "
              f"{found}/{len(hits)} = {found / len(hits):.3f}")


def print_confusion(rows: list[dict]) -> None:
    table = Counter((r["label"], r["pred"]) for r in rows)
    cols = [c for c in PRED_CLASSES if any(k[1] == c for k in table)]
    print("\n== confusion (rows: gold, columns: predicted)")
    print("  " + " " * 13 + "".join(f"{c[:12]:>13s}" for c in cols))
    for g in GOLD_CLASSES:
        print(f"  {g:13s}" + "".join(f"{table.get((g, c), 0):13d}" for c in cols))


def print_disagreements(rows: list[dict]) -> None:
    bad = [r for r in rows if r["pred"] != r["label"]]
    print(f"\n== disagreements: {len(bad)} (B = borderline gold item)")
    print("  doc_id       start   end    series        year  gold          predicted     share  B  "
          "detector span")
    for r in sorted(bad, key=lambda x: (x["label"], x["pred"], x["doc_id"], x["start"])):
        para = r["para"] or {}
        share = para.get("copied_share")
        span = f"{para.get('start')}-{para.get('end')}" if para else "-"
        print(f"  {r['doc_id']:12s} {r['start']:6d} {r['end']:6d}  {r.get('series', ''):13s} "
              f"{r.get('year') or '':>4}  {r['label']:13s} {r['pred']:13s} "
              f"{share if share is not None else '-':>5}  {'B' if r.get('borderline') else ' '}  {span}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--gold", type=Path, default=ROOT / "corpus" / "gold" / "reuse.jsonl")
    ap.add_argument("--disagreements", choices=("dev", "all"), default="dev",
                    help="list disagreements of DEV only (default; for tuning) or of all items")
    args = ap.parse_args()
    gold = load_gold(args.gold)
    paragraphs, seconds = run_detector(args.corpus)
    print(f"detector: {len(paragraphs)} narrative paragraphs in {seconds:.2f} s; gold: {len(gold)} items")
    rows = match_items(gold, paragraphs)
    print(f"unmapped gold spans (no overlapping detector paragraph): "
          f"{sum(1 for r in rows if r['pred'] == 'unmapped')}")
    halves = split_series([g for g in gold if g.get("batch", 1) == 1])
    for g in gold:  # a series first labelled in a later batch has never been tuned on
        halves.setdefault(str(g.get("series")), "test")
    for name in ("dev", "test"):
        print(f"{name.upper()} series: {sorted(s for s, h in halves.items() if h == name)}")
    tuned = [r for r in rows if r.get("batch", 1) <= 2]  # batch 3 was never used for choices
    subsets = {"DEV": [r for r in tuned if halves[str(r.get("series"))] == "dev"],
               "TEST": [r for r in tuned if halves[str(r.get("series"))] == "test"], "ALL": rows}
    subsets["TEST batch 2"] = [r for r in subsets["TEST"] if r.get("batch", 1) == 2]
    subsets["BATCH 3"] = [r for r in rows if r.get("batch", 1) == 3]
    for name, part in subsets.items():
        print_scores(part, f"{name} gold items")
        print_scores([r for r in part if not r.get("borderline")], f"{name} gold items not marked borderline")
    for name, part in subsets.items():
        print(f"\n[{name}]", end="")
        print_confusion(part)
    print_disagreements(subsets["ALL" if args.disagreements == "all" else "DEV"])


if __name__ == "__main__":
    main()
