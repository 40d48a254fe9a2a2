from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from nlp_gk.cli import EXIT_PARTIAL, cli


def test_segment_jsonl_keeps_doc_ids(tmp_path: Path, report_text: str) -> None:
    (tmp_path / "r.txt").write_text(report_text, encoding="utf-8")
    m = tmp_path / "m.tsv"
    m.write_text("doc_id\tpath\tseries\tyear\nR-1\tr.txt\tqx\t2021\n", encoding="utf-8")
    out = tmp_path / "p.jsonl"
    res = CliRunner().invoke(cli, ["segment", "--manifest", str(m), "--out", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert {r["doc_id"] for r in rows} == {"R-1"}
    assert {r["series"] for r in rows} == {"qx"}
    fields = {"doc_id", "report", "index", "start", "end", "text", "norm_text", "heading",
              "section", "kind"}
    assert fields <= set(rows[0])


def test_segment_bad_inputs_exit_partial(tmp_path: Path, bad_corpus: Path) -> None:
    out = tmp_path / "p.csv"
    res = CliRunner().invoke(cli, ["segment", str(bad_corpus), "--out", str(out), "--quiet"])
    assert res.exit_code == EXIT_PARTIAL, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    lines = [x for x in res.stderr.splitlines() if x.startswith("skipped:")]
    reasons = {Path(x.split(": ")[1]).name: x for x in lines}
    assert set(reasons) == {"empty.txt", "binary.txt", "undecodable.txt", "truncated.pdf",
                            "encrypted.pdf", "nobody.html", "huge.txt"}
    assert "empty file" in reasons["empty.txt"]
    assert "too large" in reasons["huge.txt"]
    assert "encrypted" in reasons["encrypted.pdf"]
    assert "truncated" in reasons["truncated.pdf"]
    assert "no recognisable sections" in res.stderr and "nosections.txt" in res.stderr
    produced = out.read_text(encoding="utf-8")
    assert "good" in produced and "nosections" in produced


def test_segment_requires_input(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["segment", "--out", str(tmp_path / "x.jsonl")])
    assert res.exit_code == 2 and "INPUT" in res.output


def test_segment_unknown_format_is_clean_error(tmp_path: Path, report_text: str) -> None:
    (tmp_path / "r.txt").write_text(report_text, encoding="utf-8")
    res = CliRunner().invoke(cli, ["segment", str(tmp_path / "r.txt"), "--out",
                                   str(tmp_path / "x.xlsx"), "--quiet"])
    assert res.exit_code == 1 and "unknown output format" in res.output


def test_python_m_entry_point() -> None:
    res = subprocess.run([sys.executable, "-m", "nlp_gk", "--help"], capture_output=True,
                         text=True, check=True)
    assert "segment" in res.stdout


def test_help_does_not_import_heavy_libraries() -> None:
    code = ("import sys; from nlp_gk.cli import cli\n"
            "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('sklearn', 'datasketch', 'jieba', 'pandas', 'opencc') if m in sys.modules]\n"
            "print('HEAVY=' + ','.join(heavy))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip().splitlines()[-1] == "HEAVY="
