"""Synthetic paragraphs for the reuse benchmarks, made in memory from real report text.

Real text is read at run time from ../shared/corpus (or the bundled corpus/sample); nothing
from it is written anywhere.
"""

from __future__ import annotations

import bisect
import random
import re
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus" / "manifest.tsv"
SAMPLE = ROOT / "corpus" / "sample" / "manifest.tsv"
SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")


def real_paragraphs() -> tuple[list[str], str]:
    """Narrative paragraph texts of the shared corpus (else the sample corpus) and its name."""
    from nlp_gk.segment import segment_corpus

    manifest = SHARED if SHARED.is_file() else SAMPLE
    seg = segment_corpus([], str(manifest))
    texts = [p.text for p in seg.paragraphs if p.kind == "narrative" and len(p.text) >= 10]
    return texts, str(manifest.parent)


def sentences(texts: list[str]) -> list[str]:
    return [s for t in texts for s in SENTENCE.findall(t) if len(s) >= 6]


def mix_mutate(n: int, pool: list[str], lengths: np.ndarray, rate: float,
               rng: np.random.Generator) -> list[str]:
    """``n`` paragraphs: random sentences of ``pool`` up to a real length, then ``rate`` of the
    characters substituted by characters drawn from the pool's own frequencies."""
    order = rng.integers(0, len(pool), size=n * 12)
    targets = rng.choice(lengths, size=n)
    out, k = [], 0
    for target in targets.tolist():
        parts, size = [], 0
        while size < target:
            s = pool[order[k % len(order)]]
            k += 1
            parts.append(s)
            size += len(s)
        out.append("".join(parts)[: int(target) + 5])
    return substitute(out, rate, rng, pool)


def substitute(texts: list[str], rate: float, rng: np.random.Generator,
               pool: list[str] | None = None) -> list[str]:
    """Replace ``rate`` of the characters (vectorised over all texts at once)."""
    joined = "\x00".join(texts)
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).copy()
    source = cp if pool is None else np.frombuffer("".join(pool[:20000]).encode("utf-32-le"),
                                                   dtype=np.uint32)
    hit = (rng.random(len(cp)) < rate) & (cp != 0)
    cp[hit] = rng.choice(source[source != 0], size=int(hit.sum()))
    return cp.tobytes().decode("utf-32-le").split("\x00")


def bump_years(text: str, by: int = 1) -> str:
    return re.sub(r"20\d\d", lambda m: str(int(m.group()) + by), text)


def reorder(text: str, rng: random.Random) -> str:
    parts = SENTENCE.findall(text)
    rng.shuffle(parts)
    return "".join(parts)


def edit(text: str, rate: float, rng: random.Random, alphabet: str, max_run: int = 1) -> str:
    """Substitute, insert or delete ``rate`` of the characters, in runs of 1..``max_run``."""
    chars = list(text)
    budget = int(round(rate * len(chars)))
    while budget > 0 and chars:
        run = min(budget, rng.randint(1, max_run))
        pos = rng.randrange(len(chars))
        op = rng.choice("sid")
        new = [rng.choice(alphabet) for _ in range(run)]
        if op == "s":
            chars[pos : pos + run] = new
        elif op == "i":
            chars[pos:pos] = new
        else:
            del chars[pos : pos + run]
        budget -= run
    return "".join(chars)


class Markov:
    """Order-``k`` character Markov chain: new, distinct text with real n-gram statistics."""

    def __init__(self, texts: list[str], k: int = 2) -> None:
        self.k = k
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for t in texts:
            for i in range(len(t) - k):
                counts[t[i : i + k]][t[i + k]] += 1
        self.table = {}
        for ctx, nxt in counts.items():
            chars = list(nxt)
            self.table[ctx] = (chars, list(np.cumsum([nxt[c] for c in chars])))
        self.starts = [t[:k] for t in texts if len(t) > k]

    def generate(self, length: int, rng: random.Random) -> str:
        out = list(rng.choice(self.starts))
        while len(out) < length:
            entry = self.table.get("".join(out[-self.k :]))
            if entry is None:
                out.extend(rng.choice(self.starts))
                continue
            chars, cum = entry
            out.append(chars[bisect.bisect_right(cum, rng.random() * cum[-1])])
        return "".join(out)


def records(texts: list[str], series: list[str], years: list[int | None]) -> list[dict]:
    """Paragraph records as ``segment`` makes them (one paragraph per document)."""
    return [{"doc_id": f"s{i}", "report": 0, "index": 0, "start": 0, "end": len(t), "text": t,
             "kind": "narrative", "series": s, "agency": "", "year": y}
            for i, (t, s, y) in enumerate(zip(texts, series, years, strict=True))]
