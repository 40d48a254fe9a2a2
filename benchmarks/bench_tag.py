"""Tagging benchmark: JSONL in -> JSONL out on one core, default model vs a plain pipeline.

Builds >= 100k paragraphs by repeating the narrative paragraphs of ../shared/corpus, then
times, in one run:

* nlp_gk: ``read_paragraph_jsonl`` -> ``tag_records`` (default model) -> ``write_tags``, on
  the paragraphs in corpus order (the corpus's own repeated paragraphs, about one in six
  within a tagging batch, are scored once) and again with every paragraph made distinct;
* plain: ``json.loads`` -> ``TfidfVectorizer(tokenizer=jieba.lcut)`` ->
  ``OneVsRestClassifier(LogisticRegression)`` -> ``json.dumps``, trained on the same weak
  labels; timed on ``--plain-n`` paragraphs (its throughput is flat in n; this keeps the run
  short);

and prints paragraphs/s of both, the ratio, the model's cold and warm load time and size.

    .venv/bin/python benchmarks/bench_tag.py [--n 100000] [--plain-n 20000]
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "manifest.tsv"


def corpus_paragraphs(manifest: Path) -> tuple[list[str], list[list[str]]]:
    """Narrative paragraph texts of the corpus and their weak labels (for the plain model)."""
    from nlp_gk.segment import segment_corpus
    from nlp_gk.train import weak_examples

    paras = [p.to_dict() for p in segment_corpus([], manifest).paragraphs]
    texts = [p["text"] for p in paras if p["kind"] == "narrative"]
    weak = [e for e in weak_examples(paras) if e["labels"]]
    return texts, [[e["body"] for e in weak], [e["labels"] for e in weak]]


def write_input(texts: list[str], n: int, path: Path, distinct: bool = False) -> None:
    """``n`` paragraphs cycling through ``texts`` in corpus order; with ``distinct``, each
    ends in its own number, so no two are equal (no repeat is ever scored once)."""
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = texts[i % len(texts)] + (f"（{i}）" if distinct else "")
            fh.write(json.dumps({"id": f"p{i}", "text": text}, ensure_ascii=False) + "\n")


def repeats_within_batches(texts: list[str], n: int) -> float:
    """Share of the ``n`` paragraphs equal to an earlier one of their tagging batch (the
    model scores those once). The cycle is longer than a batch, so these are the corpus's
    own repeats (template paragraphs), not the benchmark's."""
    from nlp_gk.tag import BATCH

    seq = [texts[i % len(texts)] for i in range(n)]
    return 1 - sum(len(set(seq[s:s + BATCH])) for s in range(0, n, BATCH)) / n


def run_nlp_gk(inp: Path, out: Path) -> float:
    from nlp_gk.persist import load_model
    from nlp_gk.tag import read_paragraph_jsonl, tag_records, write_tags

    model = load_model()
    tag_records([{"id": "warm", "text": "预热"}], model)  # build lazy tables outside the clock
    t0 = time.perf_counter()
    records, problems = read_paragraph_jsonl(inp)
    write_tags(tag_records(records, model), out)
    return time.perf_counter() - t0


class JiebaLcut:
    """Module-level callable so the plain vectoriser is an ordinary sklearn object."""

    def __call__(self, text: str) -> list[str]:
        import jieba

        return jieba.lcut(text)


def plain_model(train: list[list]) -> object:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import MultiLabelBinarizer

    mlb = MultiLabelBinarizer()
    y = mlb.fit_transform(train[1])
    pipe = Pipeline([("tfidf", TfidfVectorizer(tokenizer=JiebaLcut(), token_pattern=None)),
                     ("clf", OneVsRestClassifier(LogisticRegression(solver="liblinear")))])
    pipe.fit(train[0], y)
    return pipe, mlb


def run_plain(pipe: object, mlb: object, inp: Path, out: Path, n: int) -> float:
    pipe.predict_proba(["预热"])  # jieba loads its dictionary outside the clock
    t0 = time.perf_counter()
    with open(inp, encoding="utf-8") as fh:
        recs = [json.loads(line) for _, line in zip(range(n), fh, strict=False)]
    proba = pipe.predict_proba([r["text"] for r in recs])
    with open(out, "w", encoding="utf-8") as fh:
        for r, row in zip(recs, proba.round(4).tolist(), strict=True):
            labels = [c for c, p in zip(mlb.classes_, row, strict=True) if p >= 0.5]
            fh.write(json.dumps({"id": r["id"], "labels": labels,
                                 "scores": dict(zip(mlb.classes_, row, strict=True))},
                                ensure_ascii=False) + "\n")
    return time.perf_counter() - t0


def load_times() -> tuple[float, float, float, float]:
    """Fresh interpreter: import time (nlp_gk.persist, sklearn, skops, rjieba) and the load of
    the fitted folder after them; warm load in this process; size in MB."""
    code = ("import time; t=time.perf_counter(); from nlp_gk.persist import load_model; "
            "import sklearn.calibration, sklearn.multiclass, sklearn.svm, skops.io, rjieba; "
            "t1=time.perf_counter(); load_model(); print(t1-t, time.perf_counter()-t1)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    imports, cold = map(float, out.stdout.split())
    from nlp_gk.persist import DEFAULT_MODEL_DIR, load_model

    t0 = time.perf_counter()
    load_model()
    warm = time.perf_counter() - t0
    size = sum(f.stat().st_size for f in DEFAULT_MODEL_DIR.iterdir()) / 1e6
    return imports, cold, warm, size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="paragraphs for nlp_gk")
    ap.add_argument("--plain-n", type=int, default=20_000, help="paragraphs for the plain pipeline")
    ap.add_argument("--manifest", type=Path, default=CORPUS)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    texts, train = corpus_paragraphs(args.manifest)
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "in.jsonl"
        write_input(texts, args.n, inp)
        ours = args.n / run_nlp_gk(inp, Path(tmp) / "out.jsonl")
        write_input(texts, args.n, inp, distinct=True)
        ours_distinct = args.n / run_nlp_gk(inp, Path(tmp) / "out.jsonl")
        write_input(texts, args.n, inp)
        pipe, mlb = plain_model(train)
        plain = args.plain_n / run_plain(pipe, mlb, inp, Path(tmp) / "plain.jsonl", args.plain_n)
    imports, cold, warm, size = load_times()
    mean_len = sum(map(len, texts)) / len(texts)
    print(f"paragraphs: {args.n} (from {len(texts)} real paragraphs, mean {mean_len:.0f} chars)")
    print(f"nlp_gk default model : {ours:,.0f} paragraphs/s (JSONL in -> JSONL out, one core; "
          f"{repeats_within_batches(texts, args.n):.0%} of paragraphs repeat one of their batch)")
    print(f"  all paragraphs distinct: {ours_distinct:,.0f} paragraphs/s (each text ends in its number)")
    print(f"plain jieba+tfidf+LR : {plain:,.0f} paragraphs/s (on {args.plain_n})")
    print(f"ratio                : {ours / plain:.1f}x ({ours_distinct / plain:.1f}x all distinct)")
    print(f"model load           : {cold:.2f} s from the fitted folder in a fresh process "
          f"(after {imports:.2f} s of imports), {warm:.3f} s warm")
    print(f"model size           : {size:.2f} MB")


if __name__ == "__main__":
    main()
