"""Batch pipeline: outputs, the per-file cache, resume after a kill, adding files."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from nlp_gk.cli import EXIT_PARTIAL, cli
from nlp_gk.errors import ConfigError, ModelError
from nlp_gk.pipeline import run_pipeline

DATA_OUTPUTS = ("paragraphs.parquet", "paragraphs.csv", "pairs.jsonl", "reports.csv",
                "series.csv", "skipped.csv")


def run(corpus: Path, out: Path, **kw: object) -> object:
    return run_pipeline([corpus], corpus / "manifest.tsv", out, **{"jobs": 2, **kw})


def same_outputs(a: Path, b: Path) -> None:
    for name in DATA_OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_run_writes_every_output(tmp_path: Path, gen_corpus: Path) -> None:
    res = run(gen_corpus, tmp_path / "out")
    out = tmp_path / "out"
    assert all((out / n).is_file() for n in (*DATA_OUTPUTS, "run.json"))
    paras = pd.read_parquet(out / "paragraphs.parquet")
    assert len(paras) == res.counts["paragraphs"] == len(pd.read_csv(out / "paragraphs.csv"))
    assert {"labels", "score_存在问题", "reuse", "copied_share", "self_copy_chars",
            "sources"} <= set(paras.columns)
    reports = pd.read_csv(out / "reports.csv")
    assert len(reports) == 12 and set(reports["doc_id"]) == {
        f"s{s}-{y}" for s in range(3) for y in range(2019, 2023)}
    assert pd.read_csv(out / "skipped.csv").to_dict("records") == [
        {"file": str(gen_corpus / "broken.txt"), "reason": "empty file"}]
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert meta["counts"]["computed"] == 13 and meta["model"]["hash"]
    assert {"file_stage", "reuse", "write", "total"} <= set(meta["timings"])


def test_copied_paragraphs_are_flagged_and_tagged(tmp_path: Path, gen_corpus: Path) -> None:
    run(gen_corpus, tmp_path / "out")
    paras = pd.read_parquet(tmp_path / "out" / "paragraphs.parquet")
    nar = paras[paras["kind"] == "narrative"]
    copied = nar[nar["reuse"] == "self_copy"]
    assert set(copied["doc_id"]) == {"s0-2020", "s0-2021", "s0-2022"}
    assert (copied["copied_share"] > 0.9).all()
    assert nar["labels"].map(len).gt(0).all()
    assert paras[paras["kind"] != "narrative"]["labels"].map(len).eq(0).all()
    reports = pd.read_csv(tmp_path / "out" / "reports.csv").set_index("doc_id")
    assert reports.loc["s0-2021", "self_copy_share"] > 0.3
    assert reports.loc["s1-2021", "self_copy_share"] == 0


def test_resume_loads_everything_from_cache(tmp_path: Path, gen_corpus: Path) -> None:
    first = run(gen_corpus, tmp_path / "a")
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    again = run(gen_corpus, tmp_path / "a", resume=True)
    assert (again.counts["cached"], again.counts["computed"]) == (13, 0)
    assert first.counts["computed"] == 13
    same_outputs(tmp_path / "a", tmp_path / "b")


def test_without_resume_everything_is_recomputed(tmp_path: Path, gen_corpus: Path) -> None:
    run(gen_corpus, tmp_path / "out")
    again = run(gen_corpus, tmp_path / "out")
    assert (again.counts["cached"], again.counts["computed"]) == (0, 13)
    assert len(list((tmp_path / "out" / "cache").glob("*.json"))) == 13


def test_adding_a_file_recomputes_only_that_file(tmp_path: Path, gen_corpus: Path,
                                                 report_text: str) -> None:
    run(gen_corpus, tmp_path / "out")
    (gen_corpus / "extra.txt").write_text(report_text, encoding="utf-8")
    res = run(gen_corpus, tmp_path / "out", resume=True)
    assert (res.counts["cached"], res.counts["computed"]) == (13, 1)
    reports = pd.read_csv(tmp_path / "out" / "reports.csv")
    assert "extra" in set(reports["doc_id"])


def test_changing_a_file_recomputes_it(tmp_path: Path, gen_corpus: Path) -> None:
    run(gen_corpus, tmp_path / "out")
    f = gen_corpus / "s1-2020.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("一、总体情况", "一、总体情况。"),
                 encoding="utf-8")
    res = run(gen_corpus, tmp_path / "out", resume=True, jobs=1)
    assert (res.counts["cached"], res.counts["computed"]) == (12, 1)
    assert len(list((tmp_path / "out" / "cache").glob("*.json"))) == 13  # old entry replaced


def test_a_crash_on_one_file_is_skipped_and_not_cached(tmp_path: Path, gen_corpus: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp_gk.segment

    real = nlp_gk.segment.segment_document

    def flaky(doc, doc_id, meta=None):  # type: ignore[no-untyped-def]
        if doc_id == "s2-2020":
            raise IndexError("string index out of range")
        return real(doc, doc_id, meta)

    monkeypatch.setattr(nlp_gk.segment, "segment_document", flaky)
    res = run(gen_corpus, tmp_path / "out", jobs=1)
    assert {"file": str(gen_corpus / "s2-2020.txt"),
            "reason": "internal error (IndexError: string index out of range)"} in res.skipped
    assert res.counts["errors"] == 1 and res.counts["reports"] == 11
    assert len(list((tmp_path / "out" / "cache").glob("*.json"))) == 12
    monkeypatch.setattr(nlp_gk.segment, "segment_document", real)
    again = run(gen_corpus, tmp_path / "out", jobs=1, resume=True)
    assert (again.counts["cached"], again.counts["computed"], again.counts["reports"]) == (12, 1, 12)


def _run_subprocess(corpus: Path, out: Path, kill_at: str | None) -> subprocess.CompletedProcess:
    code = ("import sys; from nlp_gk.pipeline import run_pipeline; "
            "run_pipeline([sys.argv[1]], sys.argv[1] + '/manifest.tsv', sys.argv[2], jobs=2, "
            "resume=True)")
    env = {**os.environ}
    env.pop("NLP_GK_KILL_AT", None)
    if kill_at:
        env["NLP_GK_KILL_AT"] = kill_at
    return subprocess.run([sys.executable, "-c", code, str(corpus), str(out)], env=env,
                          capture_output=True, text=True, start_new_session=True, timeout=300)


@pytest.mark.parametrize("kill_at", ["files:3", "outputs:2"], ids=["during-files", "during-writes"])
def test_kill_and_resume_gives_identical_outputs(tmp_path: Path, gen_corpus: Path,
                                                 kill_at: str) -> None:
    clean = _run_subprocess(gen_corpus, tmp_path / "clean", None)
    assert clean.returncode == 0, clean.stderr
    killed = _run_subprocess(gen_corpus, tmp_path / "killed", kill_at)
    assert killed.returncode == -signal.SIGKILL
    out = tmp_path / "killed"
    assert not (out / "run.json").exists()  # an unfinished run is recognisable
    entries = list((out / "cache").glob("*.json"))
    assert 3 <= len(entries) <= 13
    for p in entries:  # every cache entry on disk is complete JSON
        json.loads(p.read_text(encoding="utf-8"))
    resumed = _run_subprocess(gen_corpus, out, None)
    assert resumed.returncode == 0, resumed.stderr
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert meta["counts"]["cached"] == len(entries)
    assert meta["counts"]["computed"] == 13 - len(entries)
    same_outputs(tmp_path / "clean", out)
    assert not list(out.glob(".*.tmp")) and not list((out / "cache").glob(".*.tmp"))


def test_cli_run_and_report_exit_partial_on_skipped(tmp_path: Path, gen_corpus: Path) -> None:
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["run", str(gen_corpus), "--manifest",
                                   str(gen_corpus / "manifest.tsv"), "--out", str(out), "-j", "1",
                                   "--quiet"])
    assert res.exit_code == EXIT_PARTIAL, res.output
    assert "skipped: " in res.stderr and "broken.txt: empty file" in res.stderr
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["reports"] == 12 and summary["skipped"] == 1
    res = CliRunner().invoke(cli, ["report", str(out), "--out", str(out / "report.html")])
    assert res.exit_code == 0, res.output
    assert (out / "report.html").stat().st_size > 100_000


def test_cli_run_rejects_zero_jobs(tmp_path: Path, gen_corpus: Path) -> None:
    res = CliRunner().invoke(cli, ["run", str(gen_corpus), "--out", str(tmp_path), "-j", "0"])
    assert res.exit_code == 2 and "jobs" in res.output


def test_no_inputs_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match="no input files"):
        run_pipeline([tmp_path / "empty"], None, tmp_path / "out")


def test_missing_model_fails_before_any_work(tmp_path: Path, gen_corpus: Path) -> None:
    with pytest.raises(ModelError, match="not a model folder"):
        run(gen_corpus, tmp_path / "out", model=tmp_path / "no-model")
    assert not (tmp_path / "out" / "cache").exists()


def test_report_needs_a_finished_run(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["report", str(tmp_path), "--out", str(tmp_path / "r.html")])
    assert res.exit_code == 1 and "run.json" in res.output
