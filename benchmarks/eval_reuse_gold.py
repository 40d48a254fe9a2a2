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

**DEV and HELD-OUT.** Batches 1-3 (639 items: 324, then 165 and 150 labelled blind to the
detector) are DEV: from session 4 on, every rule and threshold choice may look at them (their
earlier DEV / TEST split by series is history, see the README). Batch 4 (``"batch": 4``, 163
items from all series, labelled blind) is HELD-OUT: it was scored once, after the choices of
session 4 were made, and is never used for a choice. Disagreements are listed for DEV only
unless ``--disagreements all`` is given.

**Exclusion audit.** ``corpus/gold/reuse_audit.jsonl`` applies the rule's exclusion classes
(heading plus formula lines, tables printed as prose, category count lists, signature lines,
bare outline items) uniformly to every item, judged from the text alone by an annotator who saw
neither the labels nor the detector. Figures are printed as labelled and after the audit
(excluded items dropped), and again on the audited items not marked ``borderline``.

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
GOLD = ROOT / "corpus" / "gold" / "reuse.jsonl"
AUDIT = ROOT / "corpus" / "gold" / "reuse_audit.jsonl"
HELDOUT_BATCH = 4  # batches before it are DEV
GOLD_CLASSES = ("self_copy", "template", "cross_agency", "novel")
PRED_CLASSES = ("self_copy", "template", "cross_agency", "internal", "novel", "unmapped")


def load_gold(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_audit(path: Path) -> dict[tuple[str, int, int], dict]:
    """``(doc_id, start, end) -> audit record`` (empty when the file does not exist)."""
    if not path.exists():
        return {}
    return {(a["doc_id"], a["start"], a["end"]): a for a in load_gold(path)}


def excluded(item: dict, audit: dict[tuple[str, int, int], dict]) -> bool:
    """The exclusion audit drops this item (it falls in one of the rule's excluded classes)."""
    rec = audit.get((item["doc_id"], item["start"], item["end"]))
    return bool(rec) and rec.get("decision") == "exclude"


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


def print_disagreements(rows: list[dict], audit: dict[tuple[str, int, int], dict]) -> None:
    bad = [r for r in rows if r["pred"] != r["label"]]
    print(f"\n== disagreements: {len(bad)} (B = borderline gold item, X = excluded by the audit)")
    print("  doc_id       start   end    series        year  gold          predicted     share  B  "
          "detector span")
    for r in sorted(bad, key=lambda x: (x["label"], x["pred"], x["doc_id"], x["start"])):
        para = r["para"] or {}
        share = para.get("copied_share")
        span = f"{para.get('start')}-{para.get('end')}" if para else "-"
        print(f"  {r['doc_id']:12s} {r['start']:6d} {r['end']:6d}  {r.get('series', ''):13s} "
              f"{r.get('year') or '':>4}  {r['label']:13s} {r['pred']:13s} "
              f"{share if share is not None else '-':>5}  {'B' if r.get('borderline') else ' '}{'X' if excluded(r, audit) else ' '} {span}")


def is_dev(item: dict) -> bool:
    """The item may be looked at for choices (batches 1-3); the held-out batch may not."""
    return item.get("batch", 1) < HELDOUT_BATCH


def subsets(rows: list[dict], audit: dict[tuple[str, int, int], dict]) -> dict[str, list[dict]]:
    """DEV (batches 1-3) and HELD-OUT (batch 4), each as labelled and after the audit."""
    dev = [r for r in rows if is_dev(r)]
    held = [r for r in rows if r.get("batch", 1) == HELDOUT_BATCH]
    out = {"DEV as labelled": dev, "DEV audited": [r for r in dev if not excluded(r, audit)]}
    if held:
        out["HELD-OUT as labelled"] = held
        out["HELD-OUT audited"] = [r for r in held if not excluded(r, audit)]
    return out


def print_batches(rows: list[dict], audit: dict[tuple[str, int, int], dict]) -> None:
    """One line per batch, audited: self_copy P/R and template-vs-self."""
    print("\n== per batch, audited")
    for b in sorted({r.get("batch", 1) for r in rows}):
        part = [r for r in rows if r.get("batch", 1) == b and not excluded(r, audit)]
        p, r, _, tp, n_pred, n_gold = prf(part, "self_copy")
        print(f"  batch {b}: {len(part):3d} items  self_copy P={p:.3f} ({tp}/{n_pred}) R={r:.3f} "
              f"({tp}/{n_gold})  template-vs-self {template_vs_self(part)[0]:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--audit", type=Path, default=AUDIT)
    ap.add_argument("--disagreements", choices=("dev", "all"), default="dev",
                    help="list disagreements of DEV only (default; for tuning) or of all items")
    args = ap.parse_args()
    gold, audit = load_gold(args.gold), load_audit(args.audit)
    paragraphs, seconds = run_detector(args.corpus)
    print(f"detector: {len(paragraphs)} narrative paragraphs in {seconds:.2f} s; gold: {len(gold)} items, "
          f"{sum(excluded(g, audit) for g in gold)} excluded by the audit")
    rows = match_items(gold, paragraphs)
    print(f"unmapped gold spans (no overlapping detector paragraph): "
          f"{sum(1 for r in rows if r['pred'] == 'unmapped')}")
    parts = subsets(rows, audit)
    for name, part in parts.items():
        print_scores(part, name)
        if name.endswith("audited"):
            print_scores([r for r in part if not r.get("borderline")], f"{name}, not marked borderline")
    print_batches(rows, audit)
    for name in ("DEV audited", "HELD-OUT audited"):
        if name in parts:
            print(f"\n[{name}]", end="")
            print_confusion(parts[name])
    listed = rows if args.disagreements == "all" else parts["DEV as labelled"]
    print_disagreements(listed, audit)


if __name__ == "__main__":
    main()
