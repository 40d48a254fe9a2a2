"""Segmentation throughput: the whole corpus once, and one large flattened text at growing sizes.

    python benchmarks/bench_segment.py --corpus ../shared/corpus
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from nlp_gk.io import read_document, read_manifest
from nlp_gk.segment import segment_corpus, segment_text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default="../shared/corpus")
    args = ap.parse_args()
    manifest = Path(args.corpus) / "manifest.tsv"
    t = time.perf_counter()
    res = segment_corpus([], manifest)
    dt = time.perf_counter() - t
    chars = sum(len(d.text) for d in res.documents.values())
    print(f"corpus: {len(res.documents)} files, {res.n_reports} reports, {len(res.paragraphs)} "
          f"paragraphs, {chars / 1e6:.2f} M chars in {dt:.2f} s ({chars / dt / 1e6:.2f} M chars/s)")
    docs = [read_document(e.path) for e in read_manifest(manifest)]
    flat = " ".join(d.text[d.body_start :].replace("\n", " ") for d in docs)
    base = None
    for mult in (1, 4, 16):
        text = flat * mult
        t = time.perf_counter()
        _, raws = segment_text(text, 0)
        dt = time.perf_counter() - t
        base = base or dt
        print(f"one flattened text of {len(text) / 1e6:5.2f} M chars: {dt:6.2f} s, "
              f"{len(raws)} paragraphs, time ratio {dt / base:4.1f}x for {mult}x data")


if __name__ == "__main__":
    main()
