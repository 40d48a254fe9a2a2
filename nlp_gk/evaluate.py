"""Scores as data: per-label P/R/F1, macro-F1, a confusion table and calibration error.

Nothing here prints. :func:`score` compares label lists (and optional probabilities) with
gold label lists; :func:`ece` is the expected calibration error over all (paragraph, label)
probabilities in 10 equal-width bins; :func:`evaluate_model` scores a model folder on gold.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from .labels import CATEGORIES, keyword_labels
from .model import label_matrix


def _indicator(labels: Sequence[Sequence[str]], categories: Sequence[str]) -> np.ndarray:
    return label_matrix(labels, categories).astype(bool)


def ece(y: np.ndarray, proba: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of binary outcomes ``y`` against probabilities ``proba``.

    >>> round(ece(np.array([1, 0, 1, 0]), np.array([0.9, 0.1, 0.9, 0.1])), 3)
    0.1
    """
    y = np.asarray(y, dtype=float).ravel()
    p = np.asarray(proba, dtype=float).ravel()
    if not len(p):
        return 0.0
    which = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        sel = which == b
        if sel.any():
            total += sel.sum() * abs(p[sel].mean() - y[sel].mean())
    return float(total / len(p))


def score(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]],
          proba: np.ndarray | None = None, categories: Sequence[str] = CATEGORIES) -> dict[str, Any]:
    """Per-label precision/recall/F1/support, macro and micro F1, exact match, confusion, ECE."""
    y, p = _indicator(gold, categories), _indicator(pred, categories)
    per_label = {}
    for j, lab in enumerate(categories):
        tp = int(np.sum(y[:, j] & p[:, j]))
        prec = tp / p[:, j].sum() if p[:, j].sum() else 0.0
        rec = tp / y[:, j].sum() if y[:, j].sum() else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_label[lab] = {"precision": round(float(prec), 4), "recall": round(float(rec), 4),
                          "f1": round(float(f1), 4), "support": int(y[:, j].sum())}
    tp_all = int(np.sum(y & p))
    micro = 2 * tp_all / (y.sum() + p.sum()) if y.sum() + p.sum() else 0.0
    out: dict[str, Any] = {
        "n": len(gold),
        "per_label": per_label,
        "macro_f1": round(float(np.mean([v["f1"] for v in per_label.values()])), 4),
        "micro_f1": round(float(micro), 4),
        "exact_match": round(float(np.mean(np.all(y == p, axis=1))) if len(y) else 0.0, 4),
        "confusion": confusion(y, p, categories),
    }
    if proba is not None:
        out["ece"] = round(ece(y, proba), 4)
        out["ece_per_label"] = {lab: round(ece(y[:, j], proba[:, j]), 4)
                                for j, lab in enumerate(categories)}
    return out


def confusion(y: np.ndarray, p: np.ndarray, categories: Sequence[str]) -> dict[str, dict[str, int]]:
    """Multi-label confusion: ``table[gold][pred]`` counts paragraphs with that gold label
    and that predicted label; the ``(none)`` column counts gold labels with no prediction
    of any other label either."""
    table: dict[str, dict[str, int]] = {}
    for j, lab in enumerate(categories):
        rows = y[:, j]
        table[lab] = {other: int(np.sum(rows & p[:, k])) for k, other in enumerate(categories)}
        table[lab]["(none)"] = int(np.sum(rows & ~p.any(axis=1)))
    return table


def keyword_baseline(bodies: Sequence[str], gold: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Scores of the keyword-rule baseline (:func:`nlp_gk.labels.keyword_labels`)."""
    return score(gold, [keyword_labels(b) for b in bodies])


def score_model(model: Any, examples: Sequence[dict[str, Any]], use_heading: bool) -> dict[str, Any]:
    """Scores of a fitted TaggerModel on examples (see :mod:`nlp_gk.train`)."""
    from .train import document

    docs = [document(ex, use_heading) for ex in examples]
    proba = model.predict_proba(docs)
    return score([ex["labels"] for ex in examples], model.decide(proba), proba, model.labels)


def evaluate_model(model_dir: str | os.PathLike[str] | None, gold_path: str | os.PathLike[str],
                   manifest: str | os.PathLike[str] | None = None,
                   all_series: bool = False) -> dict[str, Any]:
    """Score a model folder on gold spans; by default only series the model never saw.

    Returns the model scores, the keyword baseline on the same spans, and which series and
    how many spans were scored.
    """
    from .errors import ConfigError
    from .persist import load_model
    from .segment import segment_corpus
    from .train import corpus_texts, default_corpus_manifest, gold_examples, read_gold

    model = load_model(model_dir)
    gold = read_gold(gold_path)
    seen = set(model.meta.get("train_series", [])) if not all_series else set()
    gold = [g for g in gold if (g.get("series") or g["doc_id"]) not in seen]
    if not gold:
        raise ConfigError("no gold spans left to score (all their series were used in training)")
    manifest = manifest or default_corpus_manifest(gold_path)
    if manifest is None:
        raise ConfigError("cannot find the corpus the gold points into; pass --manifest")
    seg = segment_corpus([], manifest)
    paras = [p.to_dict() for p in seg.paragraphs]
    examples = gold_examples(gold, paras, corpus_texts(seg.documents))
    use_heading = bool(model.meta.get("config", {}).get("use_heading", True))
    return {"model": str(model_dir or "default"), "use_heading": use_heading,
            "series": sorted({ex["series"] for ex in examples}), "n": len(examples),
            "scores": score_model(model, examples, use_heading),
            "keyword_baseline": keyword_baseline([ex["body"] for ex in examples],
                                                 [ex["labels"] for ex in examples])}


def _pad(text: str, width: int, right: bool = False) -> str:
    """Pad to a display width (CJK characters take two columns)."""
    import unicodedata

    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    fill = " " * max(0, width - shown)
    return fill + text if right else text + fill


def format_scores(result: dict[str, Any]) -> str:
    """Plain-text table of :func:`evaluate_model` output (the CLI prints it)."""
    s, kw = result["scores"], result["keyword_baseline"]
    lines = [f"model {result['model']} on {result['n']} gold spans from "
             f"{len(result['series'])} series (headings {'on' if result['use_heading'] else 'off'})",
             "", _pad("label", 10) + "".join(_pad(h, 8, True) for h in
                                              ("P", "R", "F1", "n", "kw F1", "ECE"))]
    for lab, v in s["per_label"].items():
        cells = [f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}",
                 str(v["support"]), f"{kw['per_label'][lab]['f1']:.3f}",
                 f"{s['ece_per_label'][lab]:.3f}"]
        lines.append(_pad(lab, 10) + "".join(_pad(c, 8, True) for c in cells))
    lines += ["", f"macro-F1 {s['macro_f1']:.3f} (keyword baseline {kw['macro_f1']:.3f})  "
              f"micro-F1 {s['micro_f1']:.3f}  exact match {s['exact_match']:.3f}  ECE {s['ece']:.3f}",
              "", "confusion (rows: gold label; columns: predicted label; none = nothing predicted):"]
    cols = [*s["per_label"], "(none)"]
    lines.append(_pad("", 10) + "".join(_pad(c.strip("()"), 10, True) for c in cols))
    for lab, row in s["confusion"].items():
        lines.append(_pad(lab, 10) + "".join(_pad(str(row[c]), 10, True) for c in cols))
    return "\n".join(lines)
