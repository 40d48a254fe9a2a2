"""Checks on the real reports in ../shared/corpus (skipped when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp_gk.segment import SegmentResult, segment_corpus

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def shared(shared_corpus: Path) -> SegmentResult:
    return segment_corpus([], shared_corpus / "manifest.tsv")


def test_every_file_read_and_offsets_round_trip(shared: SegmentResult) -> None:
    assert shared.skipped == []
    bad = [(p.doc_id, p.index) for p in shared.paragraphs
           if shared.documents[p.doc_id].text[p.start : p.end] != p.text]
    assert bad == []


def test_lossless_on_every_body(shared: SegmentResult) -> None:
    by_doc: dict[str, list] = {}
    for p in shared.paragraphs:
        by_doc.setdefault(p.doc_id, []).append(p)
    for doc_id, paras in by_doc.items():
        doc = shared.documents[doc_id]
        covered = bytearray(len(doc.text))
        prev = doc.body_start
        for p in paras:
            assert p.start >= prev, (doc_id, p.index)
            prev = p.end
            covered[p.start : p.end] = b"\1" * (p.end - p.start)
        lost = [i for i in range(doc.body_start, len(doc.text))
                if not covered[i] and not doc.text[i].isspace()]
        assert lost == [], doc_id


def test_seed_002_splits_into_eight_years(shared: SegmentResult) -> None:
    years = [r["year"] for r in shared.reports if r["doc_id"] == "seed-002"]
    assert sorted(years) == list(range(2016, 2024))


def test_seed_003_traditional_is_simplified(shared: SegmentResult) -> None:
    paras = [p for p in shared.paragraphs if p.doc_id == "seed-003" and p.kind == "narrative"]
    assert paras and "公開" not in "".join(p.norm_text for p in paras)
    assert any("公開" in p.text for p in shared.paragraphs if p.doc_id == "seed-003")


def test_manifest_metadata_carries_through(shared: SegmentResult) -> None:
    czj = {p.year for p in shared.paragraphs if p.series == "ptzhsyqczj"}
    assert set(range(2009, 2026)) <= czj
