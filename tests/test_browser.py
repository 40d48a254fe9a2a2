"""The HTML report in a real browser: headless Chromium renders every chart, logs nothing to
the console, and takes a screenshot.

Needs the Debian packages ``chromium`` (and ``chromium-driver``); skipped when absent.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from nlp_gk.pipeline import run_pipeline
from nlp_gk.report import build_report

pytestmark = pytest.mark.browser
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))
                 if p), None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0", "--virtual-time-budget=15000"]
CONSOLE = re.compile(r":CONSOLE[:(]|Uncaught")


def chromium(url: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        pytest.skip("headless Chromium not installed (apt-get install -y chromium chromium-driver)")
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, url],
                          capture_output=True, text=True, timeout=180, check=False)


def console_messages(stderr: str) -> list[str]:
    """Every line the page wrote to the console (log, warning or error) or threw."""
    return [line for line in stderr.splitlines() if CONSOLE.search(line)]


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import write_generated_corpus

    root = tmp_path_factory.mktemp("browser")
    corpus = write_generated_corpus(root / "corpus")
    run_pipeline([corpus], corpus / "manifest.tsv", root / "out", jobs=1)
    build_report(root / "out", root / "report.html")
    return root / "report.html"


def test_harness_sees_console_errors(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text("<html><body><script>console.error('boom'); missingFunction();</script>"
                    "</body></html>", encoding="utf-8")
    res = chromium(page.as_uri(), tmp_path / "profile", "--dump-dom")
    found = console_messages(res.stderr)
    assert any("boom" in x for x in found) and any("Uncaught" in x for x in found)


def test_report_renders_every_chart_without_console_errors(report_html: Path,
                                                           tmp_path: Path) -> None:
    res = chromium(report_html.as_uri(), tmp_path / "profile", "--dump-dom")
    assert res.returncode == 0, res.stderr[-2000:]
    assert console_messages(res.stderr) == []
    charts = re.findall(r'data-chart="(chart-\d+)"', report_html.read_text(encoding="utf-8"))
    dom = res.stdout
    assert charts
    for ident in charts:  # vega-embed put an SVG into every chart container
        m = re.search(rf'<div class="chart[^"]*" id="{ident}"[^>]*>(.*?)</div>', dom, flags=re.S)
        assert m and "<svg" in m.group(1), ident


def test_report_screenshot(report_html: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    res = chromium(report_html.as_uri(), tmp_path / "profile", f"--screenshot={shot}",
                   "--window-size=1280,2400", "--hide-scrollbars")
    assert console_messages(res.stderr) == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    print(f"screenshot: {shot}")
