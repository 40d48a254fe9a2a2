from __future__ import annotations

from pathlib import Path

import pytest

from nlp_gk.errors import InputError, ManifestError
from nlp_gk.io import (
    collect_corpus,
    decode_bytes,
    parse_header,
    read_document,
    read_manifest,
    write_records,
)

TEXT = "平潭综合实验区政府信息公开工作年度报告。一、总体情况。我局主动公开政府信息。"


@pytest.mark.parametrize(
    "encoding, data",
    [
        ("utf-8", TEXT.encode("utf-8")),
        ("utf-8-sig", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
        ("gb18030", TEXT.encode("gb18030")),
        ("big5", "政府資訊公開工作報告，總體情況：本局認真落實條例。".encode("big5")),
    ],
    ids=["utf8", "bom", "gbk", "big5"],
)
def test_decode_bytes_detects_encoding(encoding: str, data: bytes) -> None:
    text, enc = decode_bytes(data, "x.txt")
    assert enc == encoding
    assert text == data.decode(encoding)


@pytest.mark.parametrize(
    "data, reason",
    [(b"", "empty"), (b"  \n", "empty"), (bytes(range(256)) * 4, "binary"),
     (TEXT.encode("utf-8") * 3 + b"\xff\xfe" + TEXT.encode("utf-8"), "undecodable")],
    ids=["empty", "blank", "binary", "bad-utf8"],
)
def test_decode_bytes_rejects_bad_input(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as err:
        decode_bytes(data, "bad.txt")
    assert err.value.path == "bad.txt"


def test_parse_header_maps_known_keys(report_text: str) -> None:
    meta, body_start = parse_header(report_text)
    assert meta["title"] == "青山县测试局2021年度政府信息公开工作年度报告"
    assert meta["published"] == "2022-01-10 09:00"
    assert report_text[body_start:].startswith("当前位置")


def test_read_document_html(tmp_path: Path) -> None:
    f = tmp_path / "r.html"
    f.write_text("<html><body><nav>首页</nav><p>一、总体情况</p><script>x=1</script>"
                 "<p>我局主动公开政府信息。</p></body></html>", encoding="utf-8")
    doc = read_document(f)
    assert doc.format == "html"
    assert "一、总体情况\n" in doc.text and "x=1" not in doc.text


def test_read_document_docx(tmp_path: Path) -> None:
    from docx import Document as Docx

    d = Docx()
    d.add_paragraph("一、总体情况")
    d.add_paragraph("我局主动公开政府信息35条。")
    d.save(tmp_path / "r.docx")
    doc = read_document(tmp_path / "r.docx")
    assert doc.text.splitlines() == ["一、总体情况", "我局主动公开政府信息35条。"]


def test_read_document_size_limit(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_bytes(("公开" * 400_000).encode("utf-8"))
    with pytest.raises(InputError, match="too large"):
        read_document(f, max_mb=1)


def test_manifest_relative_and_absolute_paths(tmp_path: Path, report_text: str) -> None:
    (tmp_path / "sub").mkdir()
    a = tmp_path / "sub" / "a.txt"
    b = tmp_path / "b.txt"
    for f in (a, b):
        f.write_text(report_text, encoding="utf-8")
    m = tmp_path / "m.tsv"
    m.write_text(f"doc_id\tpath\tseries\nA\tsub/a.txt\tsx\nB\t{b}\t\n", encoding="utf-8")
    entries = read_manifest(m)
    assert [(e.doc_id, e.path.resolve()) for e in entries] == [("A", a.resolve()), ("B", b.resolve())]
    assert entries[0].meta == {"series": "sx"}


def test_manifest_needs_path_column(tmp_path: Path) -> None:
    m = tmp_path / "m.csv"
    m.write_text("doc_id,file\nA,a.txt\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="path"):
        read_manifest(m)


def test_collect_corpus_unions_folder_and_manifest(tmp_path: Path, report_text: str) -> None:
    for name in ("a.txt", "b.txt", "README.md"):
        (tmp_path / name).write_text(report_text, encoding="utf-8")
    m = tmp_path / "manifest.tsv"
    m.write_text("doc_id\tpath\nDOC-A\ta.txt\n", encoding="utf-8")
    entries = collect_corpus([tmp_path], m)
    assert sorted(e.doc_id for e in entries) == ["DOC-A", "b"]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_write_records_formats_round_trip(tmp_path: Path, suffix: str) -> None:
    import pandas as pd

    recs = [{"doc_id": "a", "section": ["一、总体情况"], "start": 0}]
    out = tmp_path / f"out{suffix}"
    write_records(recs, out)
    frame = pd.read_json(out, lines=True) if suffix == ".jsonl" else (
        pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out))
    assert frame.loc[0, "doc_id"] == "a"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temp file left behind


def test_write_records_failure_leaves_old_file(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(TypeError):
        write_records([{"x": object()}], out)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
