"""The ``nlp-gk`` command line: a thin skin over the library.

Each command parses its arguments, calls one library function and formats the result.
Library errors (:class:`nlp_gk.errors.NlpGkError`) become ``click.ClickException``.
Heavy modules are imported inside the commands so ``nlp-gk --help`` stays fast.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any

import click

from . import __version__
from .errors import NlpGkError

EXIT_PARTIAL = 3  # some inputs were skipped; everything else was produced


def library_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into ``click.ClickException`` (message, exit code 1)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NlpGkError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


def report_skipped(skipped: list[dict[str, str]], warnings: list[dict[str, str]] = ()) -> None:
    """One line per skipped file or warning on stderr; exit 3 when anything was skipped."""
    for w in warnings:
        click.echo(f"warning: {w['file']}: {w['reason']}", err=True)
    for s in skipped:
        click.echo(f"skipped: {s['file']}: {s['reason']}", err=True)
    if skipped:
        click.echo(f"{len(skipped)} file(s) skipped", err=True)
        sys.exit(EXIT_PARTIAL)


def require_corpus(inputs: tuple[str, ...], manifest: str | None) -> None:
    if not inputs and not manifest:
        raise click.UsageError("give INPUT files/folders, --manifest, or both")


def corpus_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The shared ``INPUT... [--manifest FILE]`` corpus arguments."""
    func = click.option(
        "--manifest",
        type=click.Path(exists=True, dir_okay=False),
        help="TSV/CSV manifest with a 'path' column (plus doc_id, series, agency, year, ...).",
    )(func)
    return click.argument("inputs", nargs=-1, type=click.Path(exists=True))(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nlp-gk")
def cli() -> None:
    """Read, segment, tag and compare Chinese government information-disclosure reports."""


@cli.command()
@corpus_options
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Output file: .jsonl, .csv or .parquet (chosen by the extension).")
@click.option("--max-mb", default=20.0, show_default=True, help="Skip files larger than this.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@library_errors
def segment(inputs: tuple[str, ...], manifest: str | None, out: str, max_mb: float,
            quiet: bool) -> None:
    """Split reports into paragraphs with offsets, section paths and kinds."""
    from .io import check_output_format, write_records
    from .segment import segment_corpus

    require_corpus(inputs, manifest)
    check_output_format(out)
    result = segment_corpus(inputs, manifest, max_mb=max_mb, progress=not quiet)

    write_records([p.to_dict() for p in result.paragraphs], out)
    click.echo(json.dumps({"reports": result.n_reports, "paragraphs": len(result.paragraphs),
                           "skipped": len(result.skipped), "out": out}, ensure_ascii=False))
    report_skipped(result.skipped, result.warnings)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Output JSONL file.")
@click.option("--model", "model_dir", type=click.Path(exists=True, file_okay=False),
              help="Model folder (default: the bundled models/default).")
@click.option("--explain", is_flag=True, help="Add the top contributing features per label.")
@click.option("--level", type=click.Choice(["paragraph", "sentence"]), default="paragraph",
              show_default=True, help="Tag whole paragraphs or each sentence.")
@library_errors
def tag(inputs: tuple[str, ...], out: str, model_dir: str | None, explain: bool,
        level: str) -> None:
    """Tag paragraphs: reports/folders/a manifest (segmented first) or {"id","text"} JSONL."""
    from .persist import load_model
    from .tag import read_tag_inputs, tag_records, write_tags

    records, skipped, warnings = read_tag_inputs(inputs)
    tagged = tag_records(records, load_model(model_dir), explain=explain, level=level)
    write_tags(tagged, out)
    click.echo(json.dumps({"tagged": len(tagged), "skipped": len(skipped), "out": out},
                          ensure_ascii=False))
    report_skipped(skipped, warnings)


@cli.command()
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False),
              help="Folder of reports to train on.")
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False),
              help="Manifest of reports to train on (series column used for splits).")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False),
              help="Gold tags JSONL (doc_id, start, end, labels, series).")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Model folder to write.")
@library_errors
def train(corpus_dir: str | None, manifest: str | None, gold: str | None, out: str) -> None:
    """Train the tagger on weak labels (+ gold), report dev/test scores, save a model folder."""
    from .persist import save_model
    from .train import train_tagger

    if not corpus_dir and not manifest:
        raise click.UsageError("give --corpus DIR or --manifest FILE")
    model, report = train_tagger([corpus_dir] if corpus_dir else [], manifest, gold)
    save_model(model, out)
    click.echo(json.dumps(_train_summary(report, out), ensure_ascii=False, indent=1))


def _train_summary(report: dict[str, Any], out: str) -> dict[str, Any]:
    table = {name: {"dev_macro_f1": s["dev"]["macro_f1"],
                    "test_macro_f1": s["test"].get("macro_f1"), "test_ece": s["test"].get("ece")}
             for name, s in report["variants"].items()}
    return {"out": out, "chosen": report["chosen"], "n_train": report["n_train"],
            "n_test": report["n_test"], "test_on": report["test_on"],
            "test_series": report["test_series"], "lf_stats": report["lf_stats"],
            "weak_mode": report["weak_mode"], "weak_mode_dev_macro_f1": report["weak_mode_dev_macro_f1"],
            "keyword_baseline_macro_f1": report["keyword_baseline"]["macro_f1"],
            "variants": table,
            "series_cv": {cond: {"macro_f1": cv["macro_f1"], "ece": cv["ece"],
                                 "f1": {k: v["f1"] for k, v in cv["per_label"].items()}}
                          for cond, cv in report.get("series_cv", {}).items()}}


@cli.command()
@click.option("--model", "model_dir", required=True, type=click.Path(exists=True, file_okay=False),
              help="Model folder.")
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Gold tags JSONL (doc_id, start, end, labels, series).")
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False),
              help="Corpus the gold points into (default: $NLP_GK_CORPUS or ../shared/corpus).")
@click.option("--all-series", is_flag=True, help="Also score series the model was trained on.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@library_errors
def evaluate(model_dir: str, gold: str, manifest: str | None, all_series: bool,
             as_json: bool) -> None:
    """Per-label P/R/F1, macro-F1, confusion table and ECE of a model on gold spans."""
    from .evaluate import evaluate_model, format_scores

    result = evaluate_model(model_dir, gold, manifest, all_series=all_series)
    click.echo(json.dumps(result, ensure_ascii=False, indent=1) if as_json
               else format_scores(result))

@cli.command()
@corpus_options
@click.option("--out", required=True, type=click.Path(file_okay=False),
              help="Output folder: paragraphs.jsonl, pairs.jsonl, reports.csv, series.csv.")
@click.option("--threshold", type=float, default=None,
              help="Min similarity (0-1) of an aligned sentence to count as copied [0.7].")
@click.option("--min-chars", type=int, default=None,
              help="Paragraphs with fewer normalised characters are not compared [20].")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@library_errors
def reuse(inputs: tuple[str, ...], manifest: str | None, out: str, threshold: float | None,
          min_chars: int | None, quiet: bool) -> None:
    """Flag text copied from the same agency's earlier reports, template and cross-agency text."""
    from .reuse import ReuseConfig, detect_reuse, tag_if_available, write_reuse
    from .segment import segment_corpus

    require_corpus(inputs, manifest)
    config = ReuseConfig().with_overrides(threshold=threshold, min_chars=min_chars)
    seg = segment_corpus(inputs, manifest, progress=not quiet)
    records, note = tag_if_available([p.to_dict() for p in seg.paragraphs])
    result = detect_reuse(records, config)
    write_reuse(result, out)
    click.echo(json.dumps({**result.stats, "reports": len(result.reports), "out": out,
                           "seconds": round(sum(result.timings.values()), 2)}, ensure_ascii=False))
    notes = [{"file": "tagger", "reason": note}] if note else []
    report_skipped(seg.skipped, [*seg.warnings, *result.warnings, *notes])

@cli.command()
@corpus_options
@click.option("--out", required=True, type=click.Path(file_okay=False),
              help="Output folder: paragraphs.parquet/.csv, reports.csv, series.csv, "
                   "skipped.csv, pairs.jsonl, run.json (and cache/).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for the per-file stage [all cores].")
@click.option("--resume", is_flag=True,
              help="Reuse cached per-file results in OUT/cache (after a kill, or to add files).")
@click.option("--quiet", is_flag=True, help="No progress bars.")
@library_errors
def run(inputs: tuple[str, ...], manifest: str | None, out: str, jobs: int | None,
        resume: bool, quiet: bool) -> None:
    """Segment, tag and detect reuse for a whole corpus; write tables to OUT."""
    from .pipeline import run_pipeline

    require_corpus(inputs, manifest)
    result = run_pipeline(inputs, manifest, out, jobs=jobs, resume=resume, progress=not quiet)
    click.echo(json.dumps({**result.counts, "seconds": result.timings.get("total"), "out": out},
                          ensure_ascii=False))
    report_skipped(result.skipped, result.warnings)


@cli.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="The HTML file to write (self-contained, works offline).")
@library_errors
def report(run_dir: str, out: str) -> None:
    """Write an offline HTML report (overview, categories, copying, drill-down) of a run."""
    from .report import build_report

    click.echo(json.dumps(build_report(run_dir, out), ensure_ascii=False))
