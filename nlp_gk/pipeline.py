"""Batch run: from a folder of reports to tagged, reuse-flagged tables in one pass.

Stages:

1. **plan**: list the inputs, hash each file and look its cache entry up (``nlp_gk.cache``);
2. **file stage** (read -> segment -> tag), only for inputs without a valid cache entry, in
   parallel worker processes; each worker writes its input's cache entry atomically;
3. **assemble**: load every entry (hits and fresh ones alike, so a resumed run and an
   uninterrupted one build their tables from the same bytes);
4. **reuse**: corpus-level copy detection (it needs every paragraph);
5. **outputs**: the tables (``nlp_gk.outputs``), each written atomically; ``run.json`` last.

``run.json`` is deleted when a run starts and written when it ends, so its presence says the
output set in the folder is complete and consistent.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from . import cache as kache
from .errors import ConfigError, InputError
from .io import DEFAULT_MAX_MB, CorpusEntry, collect_corpus, read_document
from .stages import kill_hook, progress_bar, progress_iter, timed


@dataclass
class Planned:
    """One input and where its file-stage result lives (or why it has none)."""

    entry: CorpusEntry
    path: Path | None  # cache entry; None when the file cannot even be hashed
    hit: bool = False
    reason: str = ""  # skip reason for inputs that cannot be hashed


@dataclass
class RunResult:
    """What a run produced: output paths, counts, skipped files, warnings and timings."""

    out_dir: Path
    outputs: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# --------------------------------------------------------------------------- model


def resolve_model(model: str | os.PathLike[str] | None, tag: bool) -> Path | None:
    """The model folder to tag with (the default one when ``model`` is None), or None."""
    if not tag:
        return None
    from .persist import DEFAULT_MODEL_DIR, read_meta

    model_dir = Path(model) if model is not None else Path(DEFAULT_MODEL_DIR)
    read_meta(model_dir)  # fail fast (ModelError) on a missing or broken model folder
    return model_dir


def load_tagger(model_dir: Path | None) -> Any:
    """The loaded tagger model, or None when tagging is off (raises ModelError if bad)."""
    if model_dir is None:
        return None
    from .persist import load_model

    return load_model(model_dir)


# --------------------------------------------------------------------------- file stage


def empty_result(entry: CorpusEntry, skipped: str | None = None) -> dict[str, Any]:
    """The per-file result shape, with nothing in it yet (or a skip reason)."""
    return {"file": str(entry.path), "doc_id": entry.doc_id, "skipped": skipped,
            "reports": [], "paragraphs": [], "warnings": []}


def file_stage(entry: CorpusEntry, max_mb: float, model: Any) -> dict[str, Any]:
    """Read, segment and tag one input; bad input becomes a ``skipped`` reason.

    Any other exception (a bug met on one odd file) is recorded as an ``internal error``
    skip with ``error: True``, so one file cannot sink a batch of thousands; such results are
    never cached, and the file is retried by the next run.
    """
    from .segment import segment_document

    result = empty_result(entry)
    try:
        doc = read_document(entry.path, max_mb=max_mb)
        reports, paras, warns = segment_document(doc, entry.doc_id, entry.meta)
        records = [p.to_dict() for p in paras]
        if model is not None:
            records = tag_paragraphs(records, model)
    except InputError as exc:
        result["skipped"] = exc.reason
        return result
    except Exception as exc:  # noqa: BLE001 - recorded per file, see docstring
        result.update(skipped=f"internal error ({type(exc).__name__}: {exc})", error=True)
        return result
    result.update(reports=reports, paragraphs=records, warnings=warns)
    return result


def store(target: Path, result: dict[str, Any]) -> dict[str, Any] | None:
    """Cache a file-stage result; return it instead when it is an error (never cached)."""
    if result.get("error"):
        return result
    kache.write_entry(target, result)
    return None


def tag_paragraphs(records: list[dict[str, Any]], model: Any) -> list[dict[str, Any]]:
    """Add ``labels`` and ``scores`` from the tagger to each segment record."""
    from .tag import tag_records

    tagged = tag_records(records, model=model)
    for rec, out in zip(records, tagged, strict=True):
        rec["labels"] = list(out.get("labels") or [])
        rec["scores"] = dict(out.get("scores") or {})
    return records


_WORKER_MODEL: Any = None


def _init_worker(model_dir: Path | None) -> None:
    global _WORKER_MODEL
    _WORKER_MODEL = load_tagger(model_dir)


def _work(entry: CorpusEntry, target: Path, max_mb: float) -> tuple[Path, dict[str, Any] | None]:
    """Worker body: run the file stage and store it in the cache (errors come back instead)."""
    return target, store(target, file_stage(entry, max_mb, _WORKER_MODEL))


def worker_pool(workers: int, model_dir: Path | None) -> ProcessPoolExecutor:
    """Worker processes holding the tagger model.

    Where ``fork`` exists the model is loaded once here and inherited by the workers;
    elsewhere each worker loads it in its initializer.
    """
    global _WORKER_MODEL
    if "fork" in multiprocessing.get_all_start_methods():
        _WORKER_MODEL = load_tagger(model_dir)
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(model_dir,))


def run_file_stage(todo: list[Planned], jobs: int, model_dir: Path | None, max_mb: float,
                   progress: bool) -> dict[Path, dict[str, Any]]:
    """Compute the missing cache entries, in ``jobs`` processes when that pays.

    Returns the results that were not cached (internal errors), by cache path.
    """
    bar = progress_bar(len(todo), "segment+tag", progress)
    errors: dict[Path, dict[str, Any]] = {}
    workers = min(jobs, len(todo))
    if workers <= 1:
        model = load_tagger(model_dir) if todo else None
        done = ((p.path, store(p.path, file_stage(p.entry, max_mb, model))) for p in todo)
    else:
        pool = worker_pool(workers, model_dir)
        futures = [pool.submit(_work, p.entry, p.path, max_mb) for p in todo]
        done = (f.result() for f in as_completed(futures))
    try:
        for n, (path, error) in enumerate(done, start=1):
            if error is not None:
                errors[path] = error
            bar.update()
            kill_hook("files", n)
    finally:
        if workers > 1:
            pool.shutdown(cancel_futures=True)
        bar.close()
    return errors


# --------------------------------------------------------------------------- plan


def plan_inputs(entries: list[CorpusEntry], cache_dir: Path, context: dict[str, Any],
                progress: bool) -> list[Planned]:
    """Hash every input and find its cache entry."""
    plan = []
    for entry in progress_iter(entries, "hash", progress):
        if not entry.path.is_file():
            plan.append(Planned(entry, None, reason="no such file"))
            continue
        key = kache.entry_key(entry, kache.sha256_file(entry.path), context)
        path = kache.entry_path(cache_dir, entry, key)
        plan.append(Planned(entry, path, hit=path.is_file()))
    return plan


def load_results(plan: list[Planned], errors: dict[Path, dict[str, Any]]
                 ) -> list[dict[str, Any]]:
    """File-stage results in input order, from the cache (and the uncached errors)."""
    out = []
    for p in plan:
        if p.path in errors:
            out.append(errors[p.path])
        elif p.path is None:
            out.append(empty_result(p.entry, skipped=p.reason))
        else:
            out.append(kache.read_entry(p.path))
    return out


# --------------------------------------------------------------------------- run


def sweep_temp(out: Path) -> int:
    """Delete temporary files a killed run left behind (``.NAME.XXXX.tmp``); return the count."""
    n = 0
    for folder in (out, out / "cache"):
        for p in folder.glob(".*.tmp") if folder.is_dir() else ():
            p.unlink(missing_ok=True)
            n += 1
    return n


def run_pipeline(inputs: Sequence[str | os.PathLike[str]] = (),
                 manifest: str | os.PathLike[str] | None = None,
                 out_dir: str | os.PathLike[str] = "out", jobs: int | None = None,
                 resume: bool = False, progress: bool = False,
                 model: str | os.PathLike[str] | None = None, tag: bool = True,
                 max_mb: float = DEFAULT_MAX_MB, reuse_config: Any = None) -> RunResult:
    """Segment, tag and detect reuse for a corpus; write the tables to ``out_dir``.

    Without ``resume`` every input is recomputed; with it, inputs whose cache entry matches
    (same bytes, metadata, model and code) are loaded from ``out_dir/cache``.
    """
    from .outputs import write_outputs

    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ConfigError(f"jobs must be >= 1 (got {jobs})")
    t_start = time.perf_counter()
    timings: dict[str, float] = {}
    out = Path(out_dir)
    entries = collect_corpus(inputs, manifest)
    if not entries:
        raise ConfigError("no input files found")
    model_dir = resolve_model(model, tag)
    out.mkdir(parents=True, exist_ok=True)
    (out / "run.json").unlink(missing_ok=True)
    sweep_temp(out)
    context = {"max_mb": max_mb, "model": kache.model_hash(model_dir),
               "code": kache.code_hash(), "version": __version__}
    cache_dir = out / "cache"
    if not resume:
        kache.clear(cache_dir)
    with timed(timings, "plan"):
        plan = plan_inputs(entries, cache_dir, context, progress)
    todo = [p for p in plan if p.path is not None and not p.hit]
    with timed(timings, "file_stage"):
        errors = run_file_stage(todo, jobs, model_dir, max_mb, progress)
    with timed(timings, "assemble"):
        results = load_results(plan, errors)
    params = {"inputs": [str(i) for i in inputs], "manifest": str(manifest) if manifest else None,
              "jobs": jobs, "resume": resume, "max_mb": max_mb, "tag": tag}
    run = RunResult(out, timings=timings)
    run.counts = {"inputs": len(plan), "cached": sum(p.hit for p in plan), "computed": len(todo),
                  "errors": len(errors)}
    write_outputs(results, run, params, model_dir, context, reuse_config, progress, t_start)
    return run
