"""Shared fixtures: the bundled sample corpus, the shared corpus (optional) and a bad-input corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "sample"
SHARED = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    if not (SAMPLE / "manifest.tsv").is_file():
        pytest.skip("sample corpus not present")
    return SAMPLE


@pytest.fixture(scope="session")
def sample_manifest(sample_dir: Path) -> Path:
    return sample_dir / "manifest.tsv"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not (SHARED / "manifest.tsv").is_file():
        pytest.skip("../shared/corpus not present")
    return SHARED


REPORT_2021 = (
    "标题: 青山县测试局2021年度政府信息公开工作年度报告\n发布时间: 2022-01-10 09:00\n"
    "==================== 正文 ====================\n"
    "当前位置：首页 > 政务公开 > 年报\n"
    "根据《中华人民共和国政府信息公开条例》要求，现公布本报告。\n"
    "一、总体情况\n"
    "（一）主动公开。2021年，我局主动公开政府信息35条。\n"
    "（四）平台建设。我局维护门户网站信息公开专栏，更新政务新媒体。\n"
    "（五）监督保障。我局调整领导小组，组织培训2次。\n"
    "二、主动公开政府信息情况\n"
    "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件352\n"
    "五、存在的主要问题及改进情况\n"
    "我局政府信息公开工作仍存在不足：一是意识有待加强。二是解读形式单一。下一步，我局将加强培训。\n"
    "六、其他需要报告的事项\n本年度未收取信息处理费。\n"
    "青山县测试局\n2022年1月10日\n"
    "扫码使用手机浏览本页内容\n"
)


@pytest.fixture()
def report_text() -> str:
    """A small line-broken report with a header, chrome, a table and a signature."""
    return REPORT_2021


@pytest.fixture()
def bad_corpus(tmp_path: Path) -> Path:
    """A folder of malformed files next to one good report."""
    d = tmp_path / "bad"
    d.mkdir()
    (d / "good.txt").write_text(REPORT_2021, encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (d / "undecodable.txt").write_bytes(REPORT_2021.encode("utf-8")[:300] + b"\xff\xfe\xfa" +
                                         REPORT_2021.encode("utf-8")[300:])
    (d / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R")
    (d / "nobody.html").write_text("<html><head><title>x</title></head></html>", encoding="utf-8")
    (d / "huge.txt").write_bytes(("政务公开" * 4_400_000).encode("utf-8"))  # ~50 MB, one line
    (d / "encrypted.pdf").write_bytes(_encrypted_pdf())
    (d / "nosections.txt").write_text("本局今年认真做好信息公开工作，群众满意。" * 5, encoding="utf-8")
    return d


def _encrypted_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
