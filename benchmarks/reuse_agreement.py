"""Inter-annotator agreement of the copy-detection gold, next to the detector's agreement.

``corpus/gold/reuse_second.jsonl`` holds a second annotator's labels (by offsets, no text) for
100 items of the blind batches 3 and 4 that the exclusion audit keeps: 60 drawn at random (seed
4242) from the items the first annotator marked borderline and 40 from the rest, shuffled. The
second annotator followed ``corpus/guidelines/reuse.md`` with the same kind of annotation aid,
without seeing the first labels, the audit or any detector output.

Prints, on all 100 items and on the borderline / not borderline parts: the share of items where
two labellings agree and Cohen's kappa, for first vs second annotator, first vs detector and
second vs detector; and self_copy precision / recall of the second annotator and of the
detector, both scored against the first (the gold). It answers how far a second careful human
gets on the same items: a ceiling for the detector's figures on the gold.

    .venv/bin/python benchmarks/reuse_agreement.py [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

sys.path.insert(0, str(Path(__file__).parent))
from eval_reuse_gold import GOLD, load_gold, match_items, prf, run_detector  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def agreement(a: list[str], b: list[str]) -> str:
    share = sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
    return f"agree {share:.3f} kappa {cohen_kappa_score(a, b):.3f}"


def self_copy_vs_gold(gold: list[str], other: list[str]) -> str:
    p, r, _, tp, n_pred, n_gold = prf([{"label": g, "pred": o} for g, o in zip(gold, other, strict=True)],
                                      "self_copy")
    return f"self_copy P {p:.3f} ({tp}/{n_pred}) R {r:.3f} ({tp}/{n_gold})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args()
    gold = {(g["doc_id"], g["start"], g["end"]): g for g in load_gold(GOLD)}
    second = load_gold(ROOT / "corpus/gold/reuse_second.jsonl")
    first = [gold[(s["doc_id"], s["start"], s["end"])] for s in second]
    paragraphs, _ = run_detector(args.corpus)
    pred = [r["pred"] for r in match_items(first, paragraphs)]
    for name, keep in (("all", None), ("first annotator: borderline", True),
                       ("first annotator: not borderline", False)):
        idx = [i for i, f in enumerate(first) if keep is None or bool(f.get("borderline")) == keep]
        a = [first[i]["label"] for i in idx]
        b = [second[i]["label"] for i in idx]
        d = [pred[i] for i in idx]
        print(f"\n== {name}: {len(idx)} items")
        print(f"  first vs second:   {agreement(a, b)}")
        print(f"  first vs detector: {agreement(a, d)}")
        print(f"  second vs detector: {agreement(b, d)}")
        print(f"  second annotator against the gold: {self_copy_vs_gold(a, b)}")
        print(f"  detector against the gold:         {self_copy_vs_gold(a, d)}")


if __name__ == "__main__":
    main()
