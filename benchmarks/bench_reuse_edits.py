"""Recall of planted copies at 0-30% character edits, and false positives on distinct text.

Background: distinct paragraphs from an order-2 character Markov chain trained on the real
narrative paragraphs (real n-gram statistics, real length distribution). Planted: for each
edit level and edit style, source paragraphs (agency P<n>, 2020) and their copies (same
agency, 2021) with years bumped, sentences reordered in half of them, and ``level`` of the
characters substituted/inserted/deleted (single characters, or word-like runs of 1-4).

Recall: the copy is classed ``self_copy`` with its source listed. False positive: a
background paragraph or a planted original that gets any reuse class.

    .venv/bin/python benchmarks/bench_reuse_edits.py [--background 30000] [--per-level 150]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from reuse_synth import Markov, bump_years, edit, real_paragraphs, records, reorder  # noqa: E402

LEVELS = (0.0, 0.05, 0.10, 0.15, 0.20, 0.25, 0.30)
STYLES = {"chars": 1, "runs1-4": 4}
ORDER = 1  # order 2 reproduces real template phrases verbatim (median longest shared run 15 chars)


def build(background: int, per_level: int, seed: int = 0) -> tuple[list[dict], list[dict]]:
    texts, _ = real_paragraphs()
    rng, nrng = random.Random(seed), np.random.default_rng(seed)
    chain = Markov(texts, ORDER)
    lengths = np.clip([len(t) for t in texts], 30, 600)
    alphabet = "".join(texts)[:200000]
    bg = [chain.generate(int(n), rng) for n in nrng.choice(lengths, size=background)]
    recs = records(bg, [f"b{rng.randrange(background // 10)}" for _ in bg],
                   [rng.randrange(2015, 2025) for _ in bg])
    planted = []
    for style, run in STYLES.items():
        for level in LEVELS:
            for _ in range(per_level):
                n = len(planted)
                src = f"2020年，{chain.generate(int(max(60, nrng.choice(lengths))), rng)}"
                copy = bump_years(src)
                copy = reorder(copy, rng) if n % 2 else copy
                copy = edit(copy, level, rng, alphabet, run)
                planted.append({"style": style, "level": level, "src": f"p{n}s", "copy": f"p{n}c"})
                recs += records([src, copy], [f"P{n}", f"P{n}"], [2020, 2021])
                recs[-2]["doc_id"], recs[-1]["doc_id"] = f"p{n}s", f"p{n}c"
    return recs, planted


def score(result, planted: list[dict], n_background: int) -> dict:  # type: ignore[no-untyped-def]
    by_doc = {p["doc_id"]: p for p in result.paragraphs}
    hits: dict[tuple[str, float], list[int]] = {}
    for p in planted:
        row = by_doc[p["copy"]]
        ok = row["reuse"] == "self_copy" and any(s["doc_id"] == p["src"] for s in row["sources"])
        hits.setdefault((p["style"], p["level"]), []).append(int(ok))
    originals = {p["src"] for p in planted}
    fp = Counter(r["reuse"] for r in result.paragraphs
                 if r["reuse"] and (r["doc_id"] in originals or r["doc_id"].startswith("s")
                                    and int(r["doc_id"][1:]) < n_background))
    n_neg = n_background + len(planted)
    return {"recall": {k: float(np.mean(v)) for k, v in hits.items()},
            "fp": dict(fp), "fp_per_10k": 1e4 * sum(fp.values()) / n_neg}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--background", type=int, default=30000)
    ap.add_argument("--per-level", type=int, default=150)
    ap.add_argument("--sweep", action="store_true", help="also try other thresholds")
    args = ap.parse_args()
    from nlp_gk.reuse import ReuseConfig, detect_reuse

    t0 = time.perf_counter()
    recs, planted = build(args.background, args.per_level)
    print(f"built {len(recs)} paragraphs ({len(planted)} planted copies) in {time.perf_counter() - t0:.1f}s")
    configs = {"default": ReuseConfig()}
    if args.sweep:
        for t in (0.5, 0.7, 0.8):
            configs[f"threshold={t}"] = ReuseConfig(threshold=t)
        configs["min_containment=0.3"] = ReuseConfig(min_containment=0.3)
        configs["no containment index"] = ReuseConfig(containment=False)
        configs["lsh 32x4"] = ReuseConfig(lsh_bands=32, lsh_rows=4)
    for name, cfg in configs.items():
        t0 = time.perf_counter()
        res = detect_reuse(recs, cfg)
        wall = time.perf_counter() - t0
        s = score(res, planted, args.background)
        print(f"\n== {name}: {wall:.1f}s, stats {res.stats}")
        print("recall  " + "  ".join(f"{lv:>5.0%}" for lv in LEVELS))
        for style in STYLES:
            print(f"{style:7s} " + "  ".join(f"{s['recall'][(style, lv)]:5.2f}" for lv in LEVELS))
        print(f"false positives: {s['fp']} = {s['fp_per_10k']:.2f} per 10k paragraphs")


if __name__ == "__main__":
    main()
