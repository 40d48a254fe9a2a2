"""HTML report: self-contained, escaped, with every section, chart and side-by-side view."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from nlp_gk.pipeline import run_pipeline
from nlp_gk.report import build_report

HOSTILE = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def report_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict]:
    from conftest import write_generated_corpus

    root = tmp_path_factory.mktemp("report")
    corpus = write_generated_corpus(root / "corpus")
    f = corpus / "s2-2021.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("（四）平台建设。", f"（四）平台建设。{HOSTILE}"),
                 encoding="utf-8")
    (corpus / "broken.txt").write_bytes(b"\x00\x01" * 100)
    run_pipeline([corpus], corpus / "manifest.tsv", root / "out", jobs=1)
    info = build_report(root / "out", root / "out" / "report.html")
    return root / "out", (root / "out" / "report.html").read_text(encoding="utf-8"), info


def test_report_has_every_section(report_run: tuple[Path, str, dict]) -> None:
    _, html, _ = report_run
    for ident in ("overview", "categories", "copying", "reports"):
        assert f'<section id="{ident}">' in html
    for title in ("Reports by series", "Skipped files", "Most-copied 存在问题 paragraphs",
                  "Most-copied 改进措施 paragraphs", "Flagged paragraphs, side by side",
                  "highest self-copied share of 存在问题"):
        assert title in html


def test_report_is_self_contained(report_run: tuple[Path, str, dict]) -> None:
    _, html, _ = report_run
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    assert "vegaEmbed" in html and "window.vegaEmbed=" in html  # the bundle is inlined


def test_chart_specs_are_valid_json_with_inline_data(report_run: tuple[Path, str, dict]) -> None:
    _, html, info = report_run
    specs = re.findall(r'<script type="application/json" data-chart="(chart-\d+)">(.*?)</script>',
                       html, flags=re.S)
    assert len(specs) == info["charts"] >= 4
    for ident, raw in specs:
        spec = json.loads(raw)
        assert f'id="{ident}"' in html
        assert spec["datasets"] and all(len(v) for v in spec["datasets"].values())


def test_corpus_text_is_escaped(report_run: tuple[Path, str, dict]) -> None:
    _, html, _ = report_run
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_flagged_paragraphs_are_shown_side_by_side(report_run: tuple[Path, str, dict]) -> None:
    _, html, info = report_run
    assert info["flagged_views"] == info["flagged_total"] >= 6  # 2 copied paragraphs x 3 years
    for year in (2020, 2021, 2022):
        block = re.search(rf'<div class="flag" id="p-s0-{year}-\d+">(.*?)</div></div></div>',
                          html, flags=re.S)
        assert block, year
        assert "source: s0-" in block.group(1)
        assert block.group(1).count('<mark class="self_copy">') >= 2  # both sides highlighted


def test_drilldown_lists_every_report_and_links_flags(report_run: tuple[Path, str, dict]) -> None:
    _, html, _ = report_run
    for s in range(3):
        for year in range(2019, 2023):
            assert f'<details id="r-s{s}-{year}-0">' in html
    assert re.search(r'<a href="#p-s0-2021-\d+">self_copy 100%</a>', html)
    assert "broken.txt" in html  # skipped files are listed
    assert re.search(r'<tr class="kind-heading">(?:<td[^>]*>[^<]*</td>){4}<td></td>', html)


def test_report_is_written_atomically_where_asked(report_run: tuple[Path, str, dict],
                                                  tmp_path: Path) -> None:
    out, _, _ = report_run
    target = tmp_path / "sub" / "r.html"
    build_report(out, target)
    assert target.is_file() and not list(target.parent.glob(".*.tmp"))


def test_untagged_run_still_gets_a_report(tmp_path: Path) -> None:
    from conftest import write_generated_corpus

    corpus = write_generated_corpus(tmp_path / "corpus", series=2, years=range(2020, 2022))
    run_pipeline([corpus], corpus / "manifest.tsv", tmp_path / "out", jobs=1, tag=False)
    info = build_report(tmp_path / "out", tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "This run has no tags" in html and info["charts"] >= 2
    assert "Most-copied 存在问题" not in html


def test_big_corpora_keep_charts_readable() -> None:
    import pandas as pd

    from nlp_gk import charts

    reports = pd.DataFrame({"year": [2020] * 100, "agency_key": [f"s{i}" for i in range(100)]})
    assert "color" not in charts.reports_by_year(reports)["encoding"]
    assert "color" in charts.reports_by_year(reports.head(5))["encoding"]
    heat = pd.DataFrame({"series": [f"s{i}" for i in range(100)], "year": 2020,
                         "norm_chars": range(100), "self_copy_share": 0.5})
    spec = charts.series_heatmap(heat)
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == charts.MAX_HEAT_ROWS and min(r["norm_chars"] for r in rows) == 20
