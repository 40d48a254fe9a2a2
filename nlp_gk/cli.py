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
    from .segment import segment_corpus

    if not inputs and not manifest:
        raise click.UsageError("give INPUT files/folders, --manifest, or both")
    result = segment_corpus(inputs, manifest, max_mb=max_mb, progress=not quiet)
    from .io import write_records

    write_records([p.to_dict() for p in result.paragraphs], out)
    click.echo(json.dumps({"reports": result.n_reports, "paragraphs": len(result.paragraphs),
                           "skipped": len(result.skipped), "out": out}, ensure_ascii=False))
    report_skipped(result.skipped, result.warnings)


# ---- tagger commands (tag, train, evaluate) go below this line ----

# ---- reuse command goes below this line ----

# ---- pipeline commands (run, report) go below this line ----
