"""``nlp-gk reuse``: outputs, options and exit codes (CliRunner)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from nlp_gk.cli import cli

HEADER = "标题: 青山县测试局{year}年度政府信息公开工作年度报告\n==================== 正文 ====================\n"


def _corpus(tmp_path: Path, make_reuse_text) -> Path:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(3)
    problem = make_reuse_text(rng, 5)
    d = tmp_path / "c"
    d.mkdir()
    rows = ["path\tdoc_id\tseries\tyear"]
    for year in (2020, 2021):
        body = (f"一、总体情况\n{year}年，{make_reuse_text(rng, 4)}\n"
                f"五、存在的主要问题及改进情况\n{problem}\n六、其他需要报告的事项\n无。\n")
        (d / f"r{year}.txt").write_text(HEADER.format(year=year) + body, encoding="utf-8")
        rows.append(f"r{year}.txt\tqs-{year}\tqingshan\t{year}")
    (d / "manifest.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return d


def test_reuse_command_writes_the_four_outputs(tmp_path: Path, make_reuse_text) -> None:  # type: ignore[no-untyped-def]
    d = _corpus(tmp_path, make_reuse_text)
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["reuse", "--manifest", str(d / "manifest.tsv"), "--out",
                                   str(out), "--threshold", "0.7", "--min-chars", "15", "--quiet"])
    assert res.exit_code == 0, res.output
    paras = [json.loads(line) for line in (out / "paragraphs.jsonl").read_text("utf-8").splitlines()]
    copied = [p for p in paras if p["reuse"] == "self_copy"]
    assert len(copied) == 1 and copied[0]["doc_id"] == "qs-2021"
    assert copied[0]["sources"][0]["doc_id"] == "qs-2020"
    reports = list(csv.DictReader((out / "reports.csv").open(encoding="utf-8")))
    assert {r["doc_id"] for r in reports} == {"qs-2020", "qs-2021"}
    assert (out / "pairs.jsonl").read_text("utf-8").strip()
    assert "year_a" in (out / "series.csv").read_text("utf-8")


def test_reuse_command_partial_failure_and_usage(tmp_path: Path, make_reuse_text) -> None:  # type: ignore[no-untyped-def]
    d = _corpus(tmp_path, make_reuse_text)
    (d / "empty.txt").write_bytes(b"")
    res = CliRunner().invoke(cli, ["reuse", str(d), "--out", str(tmp_path / "o"), "--quiet"])
    assert res.exit_code == 3
    assert "empty.txt" in res.output and (tmp_path / "o" / "reports.csv").is_file()
    bad = CliRunner().invoke(cli, ["reuse", str(d), "--out", str(tmp_path / "o2"),
                                   "--threshold", "2"])
    assert bad.exit_code == 1 and "threshold" in bad.output
    assert CliRunner().invoke(cli, ["reuse", "--out", str(tmp_path / "o3")]).exit_code == 2
