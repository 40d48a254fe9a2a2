"""Segmentation of the bundled sample corpus, with golden TSVs for two files.

Regenerate the golden files after an intended change with ``UPDATE_GOLDEN=1 pytest tests/test_segment_sample.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nlp_gk.segment import SegmentResult, segment_corpus

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def sample(sample_manifest: Path) -> SegmentResult:
    return segment_corpus([], sample_manifest)


def test_sample_reports_and_years(sample: SegmentResult, sample_dir: Path) -> None:
    planted = json.loads((sample_dir / "planted.json").read_text(encoding="utf-8"))
    assert sample.skipped == [] and sample.warnings == []
    assert sample.n_reports == planted["n_reports"] == 12
    page = [r["year"] for r in sample.reports if r["doc_id"] == "s-qxjtj-2020-2021"]
    assert page == [2020, 2021]


def test_sample_encodings_are_detected(sample: SegmentResult, sample_dir: Path) -> None:
    planted = json.loads((sample_dir / "planted.json").read_text(encoding="utf-8"))
    for f in planted["files"]:
        doc = sample.documents[f["doc_id"]]
        want = f["encoding"].lower().replace("_", "-")
        got = doc.encoding.replace("utf-8-sig", "utf-8")
        assert got == want.replace("utf-8-sig", "utf-8") or doc.format == "html", f["doc_id"]


def test_sample_planted_snippets_are_narrative(sample: SegmentResult, sample_dir: Path) -> None:
    planted = json.loads((sample_dir / "planted.json").read_text(encoding="utf-8"))["planted"]
    for fact in planted:
        hits = [p for p in sample.paragraphs if p.doc_id == fact["doc_id"] and fact["snippet"] in p.text]
        assert hits and all(p.kind == "narrative" for p in hits), fact["snippet"]


def test_sample_traditional_file_is_simplified(sample: SegmentResult) -> None:
    paras = [p for p in sample.paragraphs if p.doc_id == "s-qxscj-2017" and p.kind == "narrative"]
    joined = "".join(p.norm_text for p in paras)
    assert "信息公开" in joined and "資訊" not in joined and "公開" not in joined


def test_sample_flattened_platform_heading(sample: SegmentResult) -> None:
    p = next(p for p in sample.paragraphs if p.doc_id == "s-qxnyj-2021" and p.heading.startswith("（四）"))
    assert p.section_norm == ["总体情况", "平台建设"] and not p.body.startswith("情况")


@pytest.mark.parametrize("doc_id", ["s-qxnyj-2021", "s-qxjtj-2020-2021"])
def test_golden_segmentation(sample: SegmentResult, doc_id: str) -> None:
    rows = ["\t".join(map(str, (p.report, p.kind, p.start, p.end, p.heading, "/".join(p.section_norm))))
            for p in sample.paragraphs if p.doc_id == doc_id]
    path = GOLDEN / f"{doc_id}.tsv"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert rows == path.read_text(encoding="utf-8").splitlines()
