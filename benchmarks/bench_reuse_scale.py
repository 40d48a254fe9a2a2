"""Copy detection at 100k, 300k and 1M synthetic paragraphs; speedup over all pairs on 5k.

Paragraphs are made in memory by mixing sentences of the real narrative paragraphs
(../shared/corpus, else corpus/sample) up to real lengths and substituting 30% of the
characters; 5% of them are planted copies of others (10% substituted, years bumped, same
series, next year). Each size runs in its own process so peak memory (ru_maxrss) is its own.

    .venv/bin/python benchmarks/bench_reuse_scale.py [--sizes 100000 300000 1000000] [--baseline 5000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from reuse_synth import bump_years, mix_mutate, real_paragraphs, records, sentences, substitute  # noqa: E402


def make(n: int, seed: int = 0) -> list[dict]:
    texts, _ = real_paragraphs()
    rng = np.random.default_rng(seed)
    lengths = np.array([len(t) for t in texts])
    n_copy = n // 20
    base = mix_mutate(n - n_copy, sentences(texts), lengths, 0.30, rng)
    series = [f"s{k}" for k in rng.integers(0, max(1, n // 50), size=len(base))]
    years = rng.integers(2015, 2024, size=len(base)).tolist()
    src = rng.choice(len(base), size=n_copy, replace=False)
    copies = substitute([bump_years(base[i]) for i in src.tolist()], 0.10, rng)
    return records(base + copies, series + [series[i] for i in src.tolist()],
                   years + [years[i] + 1 for i in src.tolist()])


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_one(n: int, backend: str) -> dict:
    from nlp_gk.reuse import ReuseConfig, detect_reuse

    t0 = time.perf_counter()
    recs = make(n)
    built, data_mb = time.perf_counter() - t0, rss_mb()
    t0 = time.perf_counter()
    res = detect_reuse(recs, ReuseConfig(lsh_backend=backend))
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    flagged = sum(1 for p in res.paragraphs if p["reuse"])
    return {"n": n, "build_s": round(built, 1), "wall_s": round(wall, 1), "peak_mb": round(peak),
            "data_mb": round(data_mb), "flagged": flagged, "stats": res.stats,
            "timings": {k: round(v, 1) for k, v in res.timings.items()}}


def baseline(n: int) -> dict:
    """All-pairs exact Jaccard on ``n`` paragraphs vs the detector's candidate + verify path."""
    from scipy import sparse

    from nlp_gk.reuse import ReuseConfig, detect_reuse
    from nlp_gk.reuse.normalize import normalize_batch
    from nlp_gk.reuse.shingle import shingle_batch

    recs = make(n, seed=1)
    sh = shingle_batch(normalize_batch([r["text"] for r in recs]), ReuseConfig().shingle_size)
    sets = [set(sh.of(i).tolist()) for i in range(len(recs))]
    rng = np.random.default_rng(0)
    sample = rng.integers(0, n, size=(200_000, 2))
    t0 = time.perf_counter()
    for i, j in sample.tolist():
        a, b = sets[i], sets[j]
        len(a & b) / max(1, len(a | b))
    per_pair = (time.perf_counter() - t0) / len(sample)
    py_all = per_pair * n * (n - 1) / 2
    t0 = time.perf_counter()
    rows = np.repeat(np.arange(n), [len(s) for s in sets])
    cols = np.concatenate([np.fromiter(s, dtype=np.int64) for s in sets]) % (1 << 24)
    x = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, 1 << 24))
    x.data[:] = 1
    inter = (x @ x.T).tocoo()
    sizes = np.asarray(x.sum(axis=1)).ravel()
    _ = inter.data / (sizes[inter.row] + sizes[inter.col] - inter.data)
    sparse_all = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = detect_reuse(recs)
    ours = time.perf_counter() - t0
    cand = sum(res.timings[k] for k in ("shingle", "minhash", "lsh", "containment", "verify"))
    return {"n": n, "allpairs_python_sets_s": round(py_all, 1), "allpairs_sparse_s": round(sparse_all, 2),
            "detect_total_s": round(ours, 2), "detect_candidates_verify_s": round(cand, 2),
            "speedup_vs_python_sets": round(py_all / cand, 1),
            "speedup_vs_sparse": round(sparse_all / cand, 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[100_000, 300_000, 1_000_000])
    ap.add_argument("--baseline", type=int, default=5000)
    ap.add_argument("--backend", default="numpy", help="LSH backend: numpy, datasketch, auto")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.backend)))
        return
    results = []
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--backend", args.backend], capture_output=True,
                             text=True, check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        r = results[-1]
        print(f"{n:>9,} paragraphs: detect {r['wall_s']:7.1f}s  peak {r['peak_mb']:6,} MB "
              f"(data alone {r['data_mb']:,} MB)  flagged {r['flagged']:,}  {r['stats']}")
        print(f"           stages: {r['timings']}", flush=True)
    for a, b in zip(results, results[1:], strict=False):
        print(f"{b['n'] / a['n']:.1f}x data -> {b['wall_s'] / a['wall_s']:.2f}x time")
    if len(results) > 1:
        print(f"{results[-1]['n'] / results[0]['n']:.0f}x data -> "
              f"{results[-1]['wall_s'] / results[0]['wall_s']:.2f}x time")
    if args.baseline:
        print(json.dumps(baseline(args.baseline)))


if __name__ == "__main__":
    main()
