"""Tag paragraphs (or their sentences) with the five categories.

:func:`tag_records` is the library entry point (the contract other stages use).
:func:`read_paragraph_jsonl` reads ``{"id", "text"}`` lines, collecting one problem per bad
line instead of failing; :func:`output_record` is the slim record ``nlp-gk tag`` writes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any

import orjson

from .errors import ConfigError
from .features import make_document
from .labels import body_of
from .stages import frozen_gc
from .train import context_of, report_positions, structure_of

BATCH = 2000  # paragraphs per vectorise/predict batch: arrays stay in cache (faster than 20k)
LEVELS = ("paragraph", "sentence")
OUTPUT_KEYS = ("id", "doc_id", "start", "end", "section", "kind", "sentence")


def record_id(rec: dict[str, Any], n: int) -> str:
    """``id`` if given, else ``doc_id:index``, else the record's position."""
    if rec.get("id") is not None:
        return str(rec["id"])
    if "doc_id" in rec and "index" in rec:
        return f"{rec['doc_id']}:{rec['index']}"
    return str(n)


def tag_records(records: Sequence[dict[str, Any]], model: Any = None, explain: bool = False,
                level: str = "paragraph") -> list[dict[str, Any]]:
    """Copies of ``records`` with ``labels`` and ``scores`` (and ``explain``) added.

    Narrative records (no ``kind``, or ``kind == "narrative"``) are tagged; others get
    ``labels: []`` and ``scores: {}``. With ``level="sentence"`` each narrative record is
    replaced by one record per sentence of its body (``id`` gets a ``:sN`` suffix).
    """
    if level not in LEVELS:
        raise ConfigError(f"level must be one of {LEVELS}, got {level!r}")
    if isinstance(records, (str, dict)):
        raise TypeError("tag_records expects a list of record dicts")
    if model is None:
        from .persist import load_model

        model = load_model()
    config = model.meta.get("config", {})
    use_heading = bool(config.get("use_heading", True))
    units = _units(records, level, use_heading and bool(config.get("struct", False)))
    todo = [u for u in units if u.get("kind", "narrative") == "narrative"]
    with frozen_gc():
        for start in range(0, len(todo), BATCH):
            _tag_batch(todo[start : start + BATCH], model, use_heading, explain)
    for u in units:
        if u.get("kind", "narrative") != "narrative":
            u["labels"], u["scores"] = [], {}
        u.pop("_body", None)
        u.pop("_struct", None)
    return units


def _units(records: Sequence[dict[str, Any]], level: str, structure: bool
           ) -> list[dict[str, Any]]:
    """Records (or sentences) to tag; with ``structure``, each carries ``_struct``, the
    structural tokens of its paragraph (position in its report, era)."""
    positions = report_positions(records) if structure else [None] * len(records)
    out = []
    for n, (rec, pos) in enumerate(zip(records, positions, strict=True)):
        unit = dict(rec)
        unit["id"] = record_id(rec, n)
        if structure:
            unit["_struct"] = structure_of(rec, pos)
        if level == "paragraph" or unit.get("kind", "narrative") != "narrative":
            out.append(unit)
        else:
            out.extend(_sentences(unit))
    return out


def _sentences(unit: dict[str, Any]) -> Iterator[dict[str, Any]]:
    from .segment import split_sentences

    body = body_of(unit)
    offset = int(unit.get("start", 0)) + len(str(unit.get("text", ""))) - len(body)
    for k, (s, e) in enumerate(split_sentences(body)):
        sent = {key: unit[key] for key in ("doc_id", "section", "kind", "heading", "_struct")
                if key in unit}
        sent.update({"id": f"{unit['id']}:s{k}", "sentence": k, "text": body[s:e],
                     "_body": body[s:e]})
        if "start" in unit:
            sent["start"], sent["end"] = offset + s, offset + e
        yield sent


def _tag_batch(units: list[dict[str, Any]], model: Any, use_heading: bool, explain: bool) -> None:
    if use_heading:
        docs = [make_document(u.get("_body") or body_of(u), context_of(u), u.get("_struct", ""))
                for u in units]
    else:
        docs = [u.get("_body") or body_of(u) for u in units]
    proba = model.predict_proba(docs)
    labels = model.decide(proba)
    names = model.labels
    for u, row, labs in zip(units, proba.round(4).tolist(), labels, strict=True):
        u["labels"] = labs
        u["scores"] = dict(zip(names, row, strict=True))
    if explain:
        for u, expl in zip(units, model.explain(docs, labels), strict=True):
            u["explain"] = expl


def output_record(rec: dict[str, Any]) -> dict[str, Any]:
    """The fields ``nlp-gk tag`` writes: id, report fields when present, labels, scores."""
    out = {k: rec[k] for k in OUTPUT_KEYS if k in rec}
    out["labels"], out["scores"] = rec["labels"], rec["scores"]
    if "explain" in rec:
        out["explain"] = rec["explain"]
    return out


def read_paragraph_jsonl(path: str | os.PathLike[str]
                         ) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Records of a ``{"id", "text"}`` JSONL file and one problem per bad line.

    A line is bad when it is not a JSON object (including bytes that are not UTF-8), lacks
    ``text``, or its text is empty. Lines are parsed with orjson, several times faster than
    ``json.loads``.
    """
    from .io import read_jsonl

    records, problems = [], []
    loads = orjson.loads
    with frozen_gc():
        for n, line in read_jsonl(path):
            try:
                rec = loads(line)
            except orjson.JSONDecodeError as exc:
                problems.append({"file": f"{path}:{n}", "reason": f"not JSON ({exc.msg})"})
                continue
            reason = _bad_record(rec)
            if reason:
                problems.append({"file": f"{path}:{n}", "reason": reason})
                continue
            if rec.get("id") is None:
                rec["id"] = f"{os.path.basename(path)}:{n}"
            records.append(rec)
    return records, problems


def _bad_record(rec: Any) -> str:
    if not isinstance(rec, dict):
        return f"not a JSON object (got {type(rec).__name__})"
    if "text" not in rec:
        return "missing 'text'"
    if not isinstance(rec["text"], str):
        return f"'text' is not a string (got {type(rec['text']).__name__})"
    if not rec["text"].strip():
        return "empty 'text'"
    return ""


def write_tags(records: Sequence[dict[str, Any]], path: str | os.PathLike[str]) -> None:
    """Write tagged records (slim :func:`output_record` form) as JSONL, atomically."""
    from .io import write_records

    with frozen_gc():
        write_records([output_record(r) for r in records], path)


def read_tag_inputs(inputs: Sequence[str | os.PathLike[str]]
                    ) -> tuple[list[dict[str, Any]], list[dict[str, str]], list[dict[str, str]]]:
    """Records to tag from ``.jsonl`` files and/or reports (files, folders, manifests).

    Returns ``(records, skipped, warnings)``: bad JSONL lines and unreadable reports are
    skipped with a reason; the rest are returned. A ``.tsv``/``.csv`` input is a manifest.
    """
    records: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    warnings: list[dict[str, str]] = []
    reports, manifests = [], []
    for item in inputs:
        suffix = os.path.splitext(str(item))[1].lower()
        if suffix == ".jsonl":
            recs, bad = read_paragraph_jsonl(item)
            records.extend(recs)
            skipped.extend(bad)
        elif suffix in (".tsv", ".csv"):
            manifests.append(item)
        else:
            reports.append(item)
    if reports or manifests:
        from .segment import segment_corpus

        for i, manifest in enumerate(manifests or [None]):
            seg = segment_corpus(reports if i == 0 else [], manifest)
            records.extend(p.to_dict() for p in seg.paragraphs)
            skipped.extend(seg.skipped)
            warnings.extend(seg.warnings)
    return records, skipped, warnings
