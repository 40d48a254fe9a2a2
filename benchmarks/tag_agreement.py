"""Inter-annotator agreement of the tagging gold: a second, blind annotation of 559 items.

``corpus/gold/tags_second.jsonl`` holds a second annotator's labels (by offsets, no text) for
all 309 gold items of the fixed test series and 250 items drawn at random (seed 7) from the
other series. The second annotator followed ``corpus/guidelines/tagging.md`` without seeing
the first labels or any model output. Prints, per subset, macro-F1 of one annotator against
the other, per-label F1 and Cohen's kappa, exact-match share, and how often the two disagree
on items the second annotator marked confident / not confident.

    .venv/bin/python benchmarks/tag_agreement.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.metrics import cohen_kappa_score, f1_score

from nlp_gk.labels import CATEGORIES
from nlp_gk.train import split_series

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    gold = {(g["doc_id"], g["start"], g["end"]): g
            for g in map(json.loads, open(ROOT / "corpus/gold/tags.jsonl", encoding="utf-8"))}
    second = [json.loads(line) for line in open(ROOT / "corpus/gold/tags_second.jsonl", encoding="utf-8")]
    test = split_series([g["series"] for g in gold.values()], 0.3, 0)
    first = [gold[(b["doc_id"], b["start"], b["end"])] for b in second]
    for name, keep in (("test series", True), ("other series", False)):
        idx = [i for i, a in enumerate(first) if (a["series"] in test) == keep]
        ya = np.array([[c in first[i]["labels"] for c in CATEGORIES] for i in idx])
        yb = np.array([[c in second[i]["labels"] for c in CATEGORIES] for i in idx])
        conf = np.array([second[i]["confident"] for i in idx])
        dis = (ya != yb).any(axis=1)
        print(f"{name}: {len(idx)} items, macro-F1 {f1_score(ya, yb, average='macro'):.3f}, "
              f"exact {1 - dis.mean():.3f}")
        for j, lab in enumerate(CATEGORIES):
            print(f"  {lab}  F1 {f1_score(ya[:, j], yb[:, j]):.3f}  kappa "
                  f"{cohen_kappa_score(ya[:, j], yb[:, j]):.3f}")
        print(f"  disagreement: confident {dis[conf].mean():.3f} ({int(dis[conf].sum())}), "
              f"not confident {dis[~conf].mean():.3f} ({int(dis[~conf].sum())})")


if __name__ == "__main__":
    main()
