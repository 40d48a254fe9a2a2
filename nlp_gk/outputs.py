"""The tables of a batch run, built from file-stage results and the reuse stage.

Files written to the run folder (each atomically; ``run.json`` last):

- ``paragraphs.parquet`` and ``paragraphs.csv``: every paragraph of every report (all kinds:
  flag, don't delete) with its tags (``labels``, ``score_<category>``) and reuse flags;
- ``pairs.jsonl``: the verified matches with aligned spans (for side-by-side views);
- ``reports.csv``: one row per report: metadata, paragraph counts, category shares of its
  narrative text and the shares of copied text;
- ``series.csv``: per series, the year x year matrix of shared text (long format);
- ``skipped.csv``: ``file, reason`` for each input that could not be read;
- ``run.json``: versions, model, parameters, counts, warnings and timings.
"""

from __future__ import annotations

import json
import platform
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from .io import write_frame, write_records, write_text_atomic
from .labels import CATEGORIES
from .reuse.classify import OUTPUT_ORDER as REUSE_CLASSES
from .stages import kill_hook, progress_bar, timed

OUTPUT_FILES = ("paragraphs.parquet", "paragraphs.csv", "pairs.jsonl", "reports.csv",
                "series.csv", "skipped.csv")
_REUSE_DEFAULTS: dict[str, Any] = {"reuse": None, "copied_share": 0.0, "norm_chars": 0,
                                   "compared": False, "cluster": None, "cluster_size": 0,
                                   "sources": [], "reuse_flags": []}


def gather(results: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Concatenate file-stage results: paragraphs, reports, skipped files and warnings."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        if r["skipped"]:
            out["skipped"].append({"file": r["file"], "reason": r["skipped"]})
            continue
        out["paragraphs"].extend(r["paragraphs"])
        out["reports"].extend(r["reports"])
        out["warnings"].extend({"file": r["file"], "reason": w} for w in r["warnings"])
    return out


def reuse_columns(row: dict[str, Any] | None, record: dict[str, Any]) -> dict[str, Any]:
    """The reuse fields of one paragraph (defaults for paragraphs never compared)."""
    from .reuse.classify import agency_key

    if row is None:
        cols = dict(_REUSE_DEFAULTS, agency_key=agency_key(record), sources=[], reuse_flags=[])
        cols.update({f"{c}_chars": 0 for c in REUSE_CLASSES})
        return cols
    chars = row.get("class_chars") or {}
    cols = {"agency_key": row["agency_key"], "reuse": row["reuse"], "copied_share": row["copied_share"],
            "norm_chars": row["norm_chars"], "compared": row["compared"],
            "cluster": row["cluster"], "cluster_size": row["cluster_size"],
            "sources": row["sources"], "reuse_flags": row["flags"]}
    cols.update({f"{c}_chars": int(chars.get(c, 0)) for c in REUSE_CLASSES})
    return cols


def paragraph_rows(paragraphs: list[dict[str, Any]], reuse_rows: list[dict[str, Any]],
                   tagged: bool) -> list[dict[str, Any]]:
    """Segment records + tags + reuse flags, one row per paragraph, in input order."""
    by_key = {(r["doc_id"], r["index"]): r for r in reuse_rows}
    rows = []
    for p in paragraphs:
        row = {k: v for k, v in p.items() if k != "scores"}
        if tagged:
            row["labels"] = list(p.get("labels") or [])
            scores = p.get("scores") or {}
            row.update({f"score_{c}": scores.get(c) for c in CATEGORIES})
        row.update(reuse_columns(by_key.get((p["doc_id"], p["index"])), p))
        rows.append(row)
    return rows


def category_chars(rows: list[dict[str, Any]]) -> dict[tuple[str, int], dict[str, float]]:
    """Narrative chars per report and category; a paragraph with k labels gives 1/k to each."""
    out: dict[tuple[str, int], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r in rows:
        labels = r.get("labels") or []
        if r["kind"] != "narrative" or not labels:
            continue
        n = len(r["text"]) / len(labels)
        for lab in labels:
            out[(r["doc_id"], r["report"])][lab] += n
    return out


def reports_table(reports: list[dict[str, Any]], rows: list[dict[str, Any]],
                  reuse_reports: Any, tagged: bool) -> Any:
    """One row per report: metadata, paragraph counts, category shares, copied shares."""
    import pandas as pd

    from .reuse.classify import agency_key

    base = pd.DataFrame.from_records(reports, columns=["doc_id", "report", "year", "agency",
                                                       "series", "title", "published"])
    base["agency_key"] = [agency_key(r) for r in reports] if reports else []
    counts = _paragraph_counts(rows)
    base = base.merge(counts, on=["doc_id", "report"], how="left")
    if tagged:
        base = base.merge(_category_shares(rows), on=["doc_id", "report"], how="left")
    keep = [c for c in reuse_reports.columns if c.endswith("_share") or "_share_" in c]
    extra = reuse_reports[["doc_id", "report", "norm_chars", "flags", *keep]]
    base = base.merge(extra, on=["doc_id", "report"], how="left")
    for col in ("year", "norm_chars"):
        base[col] = base[col].astype("Int64")
    return base


def _paragraph_counts(rows: list[dict[str, Any]]) -> Any:
    import pandas as pd

    recs = [{"doc_id": r["doc_id"], "report": r["report"], "paragraphs": 1,
             "narrative_paragraphs": int(r["kind"] == "narrative"),
             "narrative_chars": len(r["text"]) if r["kind"] == "narrative" else 0}
            for r in rows if r["report"] >= 0]
    cols = ["doc_id", "report", "paragraphs", "narrative_paragraphs", "narrative_chars"]
    frame = pd.DataFrame.from_records(recs, columns=cols)
    return frame.groupby(["doc_id", "report"], as_index=False, sort=False).sum()


def _category_shares(rows: list[dict[str, Any]]) -> Any:
    import pandas as pd

    recs = []
    for (doc_id, report), chars in category_chars(rows).items():
        total = sum(chars.values()) or 1.0
        recs.append({"doc_id": doc_id, "report": report,
                     **{f"share_{c}": round(chars.get(c, 0.0) / total, 4) for c in CATEGORIES},
                     **{f"chars_{c}": round(chars.get(c, 0.0), 1) for c in CATEGORIES}})
    cols = [f"{kind}_{c}" for kind in ("share", "chars") for c in CATEGORIES]
    return pd.DataFrame.from_records(recs, columns=["doc_id", "report", *cols])


# --------------------------------------------------------------------------- writing


def paragraph_frame(rows: list[dict[str, Any]]) -> Any:
    """The paragraph rows as a data frame with integer columns that may be missing."""
    import pandas as pd

    frame = pd.DataFrame.from_records(rows)
    for col in ("year", "cluster"):
        if col in frame:
            frame[col] = frame[col].astype("Int64")
    return frame


def detect(paragraphs: list[dict[str, Any]], reuse_config: Any) -> Any:
    from .reuse import detect_reuse

    return detect_reuse(paragraphs, reuse_config)


def write_outputs(results: list[dict[str, Any]], run: Any, params: dict[str, Any],
                  model_dir: Path | None, context: dict[str, Any], reuse_config: Any,
                  progress: bool, t_start: float) -> None:
    """Build every table, write them atomically into ``run.out_dir`` and fill ``run``."""
    import pandas as pd

    data = gather(results)
    tagged = model_dir is not None
    bar = progress_bar(1, "reuse", progress)
    with timed(run.timings, "reuse"):
        reuse = detect(data["paragraphs"], reuse_config)
    bar.update()
    bar.close()
    with timed(run.timings, "tables"):
        rows = paragraph_rows(data["paragraphs"], reuse.paragraphs, tagged)
        frame = paragraph_frame(rows)
        reports = reports_table(data["reports"], rows, reuse.reports, tagged)
        skipped = pd.DataFrame.from_records(data["skipped"], columns=["file", "reason"])
    out = Path(run.out_dir)
    writers = [
        ("paragraphs.parquet", lambda p: write_frame(frame, p)),
        ("paragraphs.csv", lambda p: write_frame(frame, p)),
        ("pairs.jsonl", lambda p: write_records(reuse.pairs, p)),
        ("reports.csv", lambda p: write_frame(reports, p)),
        ("series.csv", lambda p: write_frame(reuse.series, p)),
        ("skipped.csv", lambda p: write_frame(skipped, p)),
    ]
    bar = progress_bar(len(writers), "write", progress)
    with timed(run.timings, "write"):
        for n, (name, write) in enumerate(writers, start=1):
            write(out / name)
            run.outputs[name] = str(out / name)
            bar.update()
            kill_hook("outputs", n)
    bar.close()
    run.skipped, run.warnings = data["skipped"], data["warnings"]
    run.counts.update(skipped=len(skipped), reports=len(reports), paragraphs=len(rows),
                      narrative=len(reuse.paragraphs), pairs=len(reuse.pairs),
                      series_rows=len(reuse.series))
    run.timings["reuse_stages"] = {k: round(v, 3) for k, v in reuse.timings.items()}
    run.timings["total"] = round(time.perf_counter() - t_start, 3)
    meta = run_meta(run, params, model_dir, context, reuse_config, reuse.warnings)
    write_text_atomic(out / "run.json", json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
    run.outputs["run.json"] = str(out / "run.json")


def run_meta(run: Any, params: dict[str, Any], model_dir: Path | None, context: dict[str, Any],
             reuse_config: Any, reuse_warnings: list[dict[str, str]]) -> dict[str, Any]:
    """The content of ``run.json``."""
    from .reuse import ReuseConfig

    cfg = reuse_config or ReuseConfig()
    return {"nlp_gk": context["version"], "code_hash": context["code"],
            "python": platform.python_version(), "libraries": library_versions(),
            "model": model_info(model_dir, context["model"]),
            "parameters": {**params, "reuse": cfg.to_dict()},
            "counts": run.counts, "outputs": sorted(run.outputs),
            "skipped": run.skipped, "warnings": run.warnings + list(reuse_warnings),
            "timings": run.timings}


def model_info(model_dir: Path | None, digest: str) -> dict[str, Any] | None:
    if model_dir is None:
        return None
    info: dict[str, Any] = {"path": str(model_dir), "hash": digest}
    meta = model_dir / "meta.json"
    if meta.is_file():
        m = json.loads(meta.read_text(encoding="utf-8"))
        info.update({k: m[k] for k in ("version", "labels", "created", "name") if k in m})
    return info


def library_versions() -> dict[str, str]:
    from importlib import metadata

    out = {}
    for name in ("numpy", "pandas", "pyarrow", "scikit-learn", "datasketch", "rapidfuzz",
                 "rjieba", "jieba", "opencc"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "absent"
    return out
