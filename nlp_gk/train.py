"""Training data for the tagger: weak-labelled corpus paragraphs, gold spans, series splits.

An *example* is a dict with ``doc_id``, ``start``, ``end``, ``series``, ``body`` (paragraph text
without its opening heading), ``context`` (the heading path above and including it) and
``labels`` (list, or None when no labelling function fired), and ``struct`` (structural tokens:
the paragraph's relative position in its report and the report era, see :func:`structure_of`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import ConfigError, InputError
from .features import make_document
from .io import read_jsonl
from .labels import CATEGORIES, OTHER, body_of, content_agrees, weak_labels

Example = dict[str, Any]


def context_of(rec: dict[str, Any]) -> str:
    """The heading context of a paragraph: its section path, plus its own heading."""
    section, heading = rec.get("section"), rec.get("heading")
    if not section and not heading:
        return ""
    parts = [str(s) for s in section or []]
    heading = str(heading or "")
    if heading and heading not in parts:
        parts.append(heading)
    return " ".join(parts)


POSITION_BINS = 5  # relative position of a paragraph in its report, in this many bins
NEW_FORMAT_YEAR = 2019  # reports from this year on follow the 国办公开办函〔2019〕60号 format


def report_positions(records: Sequence[dict[str, Any]]) -> list[float | None]:
    """Relative position (0 <= p < 1) of each record among the records of its report, by
    ``index``; None for records without ``doc_id`` and ``index`` (plain text input)."""
    groups: dict[tuple[Any, Any], list[int]] = {}
    for i, rec in enumerate(records):
        if "doc_id" in rec and "index" in rec:
            groups.setdefault((rec["doc_id"], rec.get("report", 0)), []).append(i)
    out: list[float | None] = [None] * len(records)
    for members in groups.values():
        members.sort(key=lambda i: records[i]["index"])
        for rank, i in enumerate(members):
            out[i] = rank / len(members)
    return out


def structure_of(rec: dict[str, Any], position: float | None) -> str:
    """Structural tokens of a paragraph: ``pos0``..``pos4`` and ``era2019``/``era2018``.

    >>> structure_of({"year": 2020}, 0.5)
    'pos2 era2019'
    >>> structure_of({"text": "无结构"}, None)
    ''
    """
    toks = []
    if position is not None:
        toks.append(f"pos{min(POSITION_BINS - 1, int(position * POSITION_BINS))}")
    year = rec.get("year")
    if isinstance(year, int) and year:
        toks.append("era2019" if year >= NEW_FORMAT_YEAR else "era2018")
    return " ".join(toks)


def document(ex: dict[str, Any], use_heading: bool) -> str:
    """The model input string of an example (see :func:`nlp_gk.features.make_document`)."""
    if not use_heading:
        return ex["body"]
    return make_document(ex["body"], ex["context"], ex.get("struct", ""))


def weak_examples(paragraphs: Sequence[dict[str, Any]]) -> list[Example]:
    """Narrative paragraphs of a segmented corpus with their weak labels, report by report."""
    out = []
    pos = dict(zip(map(id, paragraphs), report_positions(paragraphs), strict=True))
    for recs in _reports(paragraphs):
        for rec, labels in zip(recs, weak_labels(recs), strict=True):
            out.append({"doc_id": rec["doc_id"], "start": rec["start"], "end": rec["end"],
                        "series": rec.get("series") or rec["doc_id"], "body": body_of(rec),
                        "context": context_of(rec), "labels": labels,
                        "struct": structure_of(rec, pos[id(rec)])})
    return out


def read_gold(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Gold records ``{doc_id, start, end, labels, series}``; a bad line raises InputError."""
    out = []
    for n, line in read_jsonl(path):
        try:
            rec = json.loads(line)
            labels = rec["labels"]
            int(rec["start"]), int(rec["end"]), str(rec["doc_id"])
        except (KeyError, TypeError, ValueError) as exc:  # incl. JSON and UTF-8 errors
            raise InputError(str(path), f"line {n}: not a gold record ({exc})") from None
        bad = [lab for lab in labels if lab not in CATEGORIES]
        if bad or not labels:
            raise InputError(str(path), f"line {n}: labels must be non-empty, from {CATEGORIES}")
        out.append(rec)
    return out


def gold_examples(gold: Sequence[dict[str, Any]], paragraphs: Sequence[dict[str, Any]],
                  texts: dict[str, str]) -> list[Example]:
    """Gold spans as examples: text read from the source, headings from the best-overlapping
    segmented paragraph (spans may have shifted a little since the gold was made)."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    pos = dict(zip(map(id, paragraphs), report_positions(paragraphs), strict=True))
    for p in paragraphs:
        by_doc.setdefault(p["doc_id"], []).append(p)
    out = []
    for g in gold:
        src = texts.get(g["doc_id"])
        if src is None:
            raise ConfigError(f"gold doc_id {g['doc_id']!r} is not in the corpus")
        start, end = int(g["start"]), int(g["end"])
        para = _best_overlap(by_doc.get(g["doc_id"], []), start, end)
        span = {"text": src[start:end], "start": start, "section": (para or {}).get("section"),
                "heading": _span_heading(src, start, end, para)}
        span["body_start"] = start + len(span["heading"]) if span["heading"] else start
        out.append({"doc_id": g["doc_id"], "start": start, "end": end,
                    "series": g.get("series") or g["doc_id"], "body": body_of(span).strip(),
                    "context": context_of(span), "labels": list(g["labels"]),
                    "struct": structure_of(para, pos[id(para)]) if para else ""})
    return out


def _best_overlap(paras: list[dict[str, Any]], start: int, end: int) -> dict[str, Any] | None:
    best, best_len = None, 0
    for p in paras:
        overlap = min(end, p["end"]) - max(start, p["start"])
        if overlap > best_len:
            best, best_len = p, overlap
    return best


def _span_heading(src: str, start: int, end: int, para: dict[str, Any] | None) -> str:
    """The heading opening the gold span, if the span starts where a paragraph heading does."""
    if para and para.get("heading") and para["start"] == start:
        return str(para["heading"])
    from .headings import find_headings

    heads = find_headings(src[start:end], 0, end - start, [])
    if heads and heads[0].start == 0:
        return src[start : start + heads[0].end]
    return ""


def data_hash(examples: Sequence[Example]) -> str:
    """sha256 of the training examples (ids, offsets, labels and text)."""
    digest = hashlib.sha256()
    for ex in examples:
        digest.update(json.dumps([ex["doc_id"], ex["start"], ex["end"], ex["labels"],
                                  ex["context"], ex["body"], ex.get("struct", "")],
                                 ensure_ascii=False).encode())
    return digest.hexdigest()


def split_series(series: Sequence[str], test_share: float = 0.3, seed: int = 0) -> set[str]:
    """Test series: a deterministic ~``test_share`` of the distinct series (by hash, not order)."""
    if not 0.0 < test_share < 1.0:
        raise ConfigError(f"test_share must be in (0, 1), got {test_share}")
    uniq = sorted(set(series), key=lambda s: hashlib.sha256(f"{seed}:{s}".encode()).hexdigest())
    k = max(1, round(len(uniq) * test_share))
    return set(uniq[:k])


def corpus_texts(documents: dict[str, Any]) -> dict[str, str]:
    return {doc_id: doc.text for doc_id, doc in documents.items()}


def default_corpus_manifest(gold_path: str | os.PathLike[str] | None = None) -> Path | None:
    """Where to find the corpus the gold points into: $NLP_GK_CORPUS, else a
    ``shared/corpus/manifest.tsv`` beside an ancestor of the gold file or of the cwd."""
    env = os.environ.get("NLP_GK_CORPUS")
    if env:
        return Path(env)
    starts = [Path(gold_path).resolve().parent] if gold_path else []
    for base in [*starts, Path.cwd()]:
        for d in [base, *base.parents]:
            cand = d / "shared" / "corpus" / "manifest.tsv"
            if cand.is_file():
                return cand
    return None


# which weak labels join the gold training spans (see build_training_set)
WEAK_MODES = ("filtered", "all", "no_other", "none")
WEAK_WEIGHT = 0.3  # sample weight of a weak example (gold examples weigh 1)


def build_training_set(weak: Sequence[Example], gold: Sequence[Example],
                       test_series: set[str], weak_mode: str = "all",
                       weak_weight: float = WEAK_WEIGHT) -> list[Example]:
    """Gold spans of training series plus weak examples outside the test series.

    Gold labels replace weak ones where spans overlap; unlabelled examples are dropped.
    ``weak_mode``: ``all`` weak labels; ``filtered``, only weak labels the paragraph's own
    text supports (:func:`nlp_gk.labels.content_agrees` on the normalised body);
    ``no_other`` (drop weak examples labelled only 其他, the noisiest LF); or ``none`` (gold
    only). Every example gets a ``weight``: 1 for gold, ``weak_weight`` for weak ones.
    """
    if weak_mode not in WEAK_MODES:
        raise ConfigError(f"weak_mode must be one of {WEAK_MODES}, got {weak_mode!r}")
    gold_train = [g for g in gold if g["series"] not in test_series]
    spans: dict[str, list[tuple[int, int]]] = {}
    for g in gold_train:
        spans.setdefault(g["doc_id"], []).append((g["start"], g["end"]))
    out = [dict(g, source="gold", weight=1.0) for g in gold_train]
    for ex in weak if weak_mode != "none" else ():
        if ex["series"] in test_series or not _weak_kept(ex, weak_mode):
            continue
        if any(min(e, ex["end"]) > max(s, ex["start"]) for s, e in spans.get(ex["doc_id"], [])):
            continue
        out.append(dict(ex, source="weak", weight=weak_weight))
    return out


def _weak_kept(ex: Example, weak_mode: str) -> bool:
    if not ex["labels"]:
        return False
    if weak_mode == "no_other":
        return ex["labels"] != [OTHER]
    if weak_mode == "filtered":
        from .clean import normalize

        return content_agrees(ex["labels"], normalize(ex["body"]))
    return True


def _fit_variant(train: Sequence[Example], test: Sequence[Example], cfg: dict[str, Any]
                 ) -> tuple[Any, dict[str, Any]]:
    """Dev (out-of-fold by series) and test scores of one config; returns the fitted model."""
    import numpy as np

    from .evaluate import score, score_model
    from .model import choose_thresholds, fit_model, label_matrix, oof_proba

    uh = cfg["use_heading"]
    docs, labels = [document(e, uh) for e in train], [e["labels"] for e in train]
    weights = [e.get("weight", 1.0) for e in train]
    dev_proba = oof_proba(docs, labels, [e["series"] for e in train], cfg, sample_weight=weights)
    # dev = out-of-fold predictions of the gold spans (all examples when there is no gold)
    dev_rows = [i for i, e in enumerate(train) if e.get("source") == "gold"] or list(range(len(train)))
    dev_p, dev_labels = dev_proba[np.array(dev_rows)], [labels[i] for i in dev_rows]
    thresholds = choose_thresholds(label_matrix(dev_labels), dev_p, CATEGORIES)
    model = fit_model(docs, labels, cfg, thresholds, sample_weight=weights,
                      groups=[e["series"] for e in train])
    model.meta["exclusive_groups"] = _exclusive_helps(model, dev_labels, dev_p)
    dev = score(dev_labels, model.decide(dev_p), dev_p)
    test_scores = score_model(model, test, uh) if test else {}
    return model, {"dev": dev, "test": test_scores}


def _exclusive_helps(model: Any, labels: list[list[str]], proba: Any) -> bool:
    """Whether the exclusive label groups (:func:`nlp_gk.model.exclusive_groups`) raise
    dev macro-F1 by more than 0.005 (the decision option is chosen on dev, per variant)."""
    from .evaluate import score

    model.meta["exclusive_groups"] = False
    plain = score(labels, model.decide(proba), proba)["macro_f1"]
    model.meta["exclusive_groups"] = True
    grouped = score(labels, model.decide(proba), proba)["macro_f1"]
    return bool(grouped > plain + 0.005)


def train_tagger(inputs: Sequence[str | os.PathLike[str]] = (),
                 manifest: str | os.PathLike[str] | None = None,
                 gold_path: str | os.PathLike[str] | None = None,
                 config: dict[str, Any] | None = None, test_share: float = 0.3,
                 variants: Sequence[str] = ("logreg", "svm", "sgd", "cnb"), cv_splits: int = 4
                 ) -> tuple[Any, dict[str, Any]]:
    """Train on weak labels (+ gold of training series), hold out gold test series.

    Every classifier variant is scored with and without the heading block; the variant with
    the best dev macro-F1 under the configured heading condition is returned with a report
    (LF statistics, splits, dev/test scores of all variants, keyword baseline). With gold,
    ``series_cv`` adds scores of the chosen variant pooled over ``cv_splits`` series folds.
    """
    from .evaluate import keyword_baseline
    from .labels import lf_stats
    from .model import resolve_config
    from .segment import segment_corpus

    base = resolve_config(config)
    seg = segment_corpus(inputs, manifest)
    paras = [p.to_dict() for p in seg.paragraphs]
    weak = weak_examples(paras)
    gold = gold_examples(read_gold(gold_path), paras, corpus_texts(seg.documents)) if gold_path else []
    test_series = split_series([e["series"] for e in gold or weak], test_share, base["seed"])
    modes = _weak_mode_scores(weak, gold, test_series, base) if gold else {"all": None}
    weak_mode = max(modes, key=lambda m: modes[m] or 0.0)
    train = build_training_set(weak, gold, test_series, weak_mode)
    test = [e for e in (gold or weak) if e["series"] in test_series and e["labels"]]
    if not train:
        raise ConfigError("no labelled training paragraphs (did the corpus segment?)")
    report: dict[str, Any] = {
        "lf_stats": lf_stats(_reports(paras)), "n_train": len(train),
        "n_train_gold": sum(e["source"] == "gold" for e in train), "n_test": len(test),
        "test_on": "gold" if gold else "weak", "test_series": sorted(test_series),
        "train_series": sorted({e["series"] for e in train}), "data_hash": data_hash(train),
        "keyword_baseline": keyword_baseline([e["body"] for e in test], [e["labels"] for e in test]),
        "weak_mode_dev_macro_f1": modes, "weak_mode": weak_mode, "variants": {},
    }
    best = None
    for uh in (True, False):
        for clf in variants:
            model, scores = _fit_variant(train, test, {**base, "classifier": clf, "use_heading": uh})
            report["variants"][f"{clf}{'+heading' if uh else '/body'}"] = scores
            if uh == base["use_heading"] and (best is None or scores["dev"]["macro_f1"] > best[1]):
                best = (model, scores["dev"]["macro_f1"], clf, scores)
    model, _, clf, scores = best
    report["chosen"] = f"{clf}{'+heading' if base['use_heading'] else '/body'}"
    if gold and cv_splits:
        report["series_cv"] = {
            cond: series_cv(weak, gold, {**base, "classifier": clf, "use_heading": uh}, weak_mode,
                            cv_splits) for cond, uh in (("heading", True), ("body", False))}
        model.meta["series_cv"] = report["series_cv"]
    model.meta.update({"train_series": report["train_series"], "test_series": report["test_series"],
                       "data_hash": report["data_hash"], "dev_scores": scores["dev"],
                       "test_scores": scores["test"], "chosen": report["chosen"],
                       "n_train": len(train), "n_train_gold": report["n_train_gold"],
                       "weak_mode": weak_mode, "body_only_test_scores":
                       report["variants"][f"{clf}/body"]["test"]})
    return model, report


def series_cv(weak: Sequence[Example], gold: Sequence[Example], cfg: dict[str, Any],
              weak_mode: str, n_splits: int = 4) -> dict[str, Any]:
    """Scores pooled over GroupKFold folds of the gold series: every gold span is predicted
    by a model (thresholds from its own dev folds) that never saw its series."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    from .evaluate import score

    groups = [g["series"] for g in gold]
    proba = np.zeros((len(gold), len(CATEGORIES)))
    pred: list[list[str]] = [[] for _ in gold]
    for _, te in GroupKFold(n_splits=min(n_splits, len(set(groups)))).split(gold, groups=groups):
        train = build_training_set(weak, gold, {groups[i] for i in te}, weak_mode)
        model, _ = _fit_variant(train, [], cfg)
        p = model.predict_proba([document(gold[i], cfg["use_heading"]) for i in te])
        proba[te] = p
        for i, labels in zip(te, model.decide(p), strict=True):
            pred[i] = labels
    return score([g["labels"] for g in gold], pred, proba)


def _weak_mode_scores(weak: Sequence[Example], gold: Sequence[Example], test_series: set[str],
                      base: dict[str, Any]) -> dict[str, float]:
    """Dev macro-F1 (logreg, configured heading condition) of each weak-label mode."""
    out = {}
    for mode in WEAK_MODES:
        train = build_training_set(weak, gold, test_series, mode)
        _, scores = _fit_variant(train, [], {**base, "classifier": "logreg"})
        out[mode] = scores["dev"]["macro_f1"]
    return out


def _reports(paras: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    reports: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for p in paras:
        if p.get("kind") == "narrative":
            reports.setdefault((p["doc_id"], p.get("report", 0)), []).append(p)
    return list(reports.values())
