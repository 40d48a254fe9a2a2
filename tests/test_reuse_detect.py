"""nlp_gk.reuse.detect_reuse / write_reuse end to end on hand-made paragraph records."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nlp_gk.errors import ConfigError
from nlp_gk.reuse import ReuseConfig, detect_reuse, write_reuse
from nlp_gk.reuse.normalize import normalize_text


def _doc(doc_id: str, series: str, year: int | None, paras: list[str],
         labels: list[list[str]] | None = None) -> tuple[str, list[dict]]:
    text, recs = "", []
    for i, p in enumerate(paras):
        start = len(text)
        text += p + "\n"
        recs.append({"doc_id": doc_id, "report": 0, "index": i, "start": start,
                     "end": start + len(p), "text": p, "kind": "narrative", "year": year,
                     "series": series, "agency": "", "labels": (labels or [[]] * len(paras))[i]})
    recs.append({**recs[0], "index": 99, "kind": "table", "text": "表格"})
    return text, recs


@pytest.fixture()
def corpus(make_reuse_text) -> tuple[dict[str, str], list[dict]]:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(5)
    t = lambda n=5: make_reuse_text(rng, n)  # noqa: E731
    template = "根据《中华人民共和国政府信息公开条例》要求，现公布本机关2020年度报告。" + t(3)
    problem, own, shared = t(), t(), t(4)
    s = problem.split("。")
    docs: dict[str, str] = {}
    recs: list[dict] = []
    spec = [
        ("a20", "a", 2020, [template, problem, own], [[], ["存在问题"], []]),
        ("a21", "a", 2021, [template.replace("2020", "2021"), problem.replace(s[1], t(1)[:-1]), t()],
         [[], ["存在问题"], []]),
        ("a22", "a", 2022, [template, "。".join([s[3], s[0], s[2], s[1], s[4]]) + "。", t()],
         [[], ["存在问题"], ["改进措施"]]),
        ("b21", "b", 2021, [template, t(1) + own[:70], t(4) + own[75:]], None),
        ("c21", "c", 2021, [template, shared, t(), shared], None),
        ("d21", "d", 2021, [template, t()], None),
        ("e21", "e", None, [template, t()], None),
    ]
    for doc_id, series, year, paras, labels in spec:
        docs[doc_id], r = _doc(doc_id, series, year, paras, labels)
        recs.extend(r)
    return docs, recs


def _para(result, doc_id: str, index: int) -> dict:  # type: ignore[no-untyped-def]
    return next(p for p in result.paragraphs if p["doc_id"] == doc_id and p["index"] == index)


def test_classes(corpus: tuple[dict[str, str], list[dict]]) -> None:
    _, recs = corpus
    res = detect_reuse(recs)
    assert len(res.paragraphs) == len([r for r in recs if r["kind"] == "narrative"])
    assert _para(res, "a20", 1)["reuse"] is None  # the original
    edited, reordered = _para(res, "a21", 1), _para(res, "a22", 1)
    assert edited["reuse"] == "self_copy" and 0.6 < edited["copied_share"] < 1.0
    assert edited["sources"][0]["doc_id"] == "a20"
    assert reordered["reuse"] == "self_copy" and reordered["copied_share"] > 0.95
    assert {s["doc_id"] for s in reordered["sources"]} >= {"a20", "a21"}
    assert all(_para(res, d, 0)["reuse"] == "template" for d in ("a20", "b21", "c21", "d21"))
    assert _para(res, "b21", 1)["reuse"] == "cross_agency"
    assert 0.5 < _para(res, "b21", 1)["copied_share"] < 0.95
    mixed = _para(res, "b21", 2)  # under half of it copied: novel, but the share and source stay
    assert mixed["reuse"] is None and 0.1 < mixed["copied_share"] < 0.5
    assert mixed["sources"][0]["doc_id"] == "a20"
    assert _para(res, "c21", 1)["reuse"] == "internal"
    assert _para(res, "d21", 1)["reuse"] is None
    assert _para(res, "e21", 0)["flags"] == ["no_year"]
    assert any("e21" == w["file"] and "no year" in w["reason"] for w in res.warnings)


def test_pair_spans_point_at_copied_text(corpus: tuple[dict[str, str], list[dict]]) -> None:
    docs, recs = corpus
    res = detect_reuse(recs)
    assert res.pairs
    for pair in res.pairs:
        for sp in pair["spans"]:
            a = docs[pair["doc_id"]][sp["start"] : sp["end"]]
            b = docs[pair["source_doc_id"]][sp["source_start"] : sp["source_end"]]
            if sp["similarity"] == 1.0:
                assert normalize_text(a)[0] == normalize_text(b)[0]
            assert 0.0 <= sp["similarity"] <= 1.0


def test_reports_and_series_tables(corpus: tuple[dict[str, str], list[dict]]) -> None:
    _, recs = corpus
    res = detect_reuse(recs)
    rep = res.reports.set_index("doc_id")
    shares = ["self_copy_share", "template_share", "cross_agency_share", "internal_share",
              "novel_share"]
    assert np.allclose(rep[shares].sum(axis=1), 1.0, atol=1e-3)
    assert rep.loc["a20", "self_copy_share"] == 0.0 and rep.loc["a22", "self_copy_share"] > 0.3
    assert rep.loc["a22", "self_copy_share_存在问题"] > 0.95
    assert rep.loc["e21", "flags"] == "no_year"
    ser = res.series
    a = ser[ser.series == "a"].set_index(["year_a", "year_b"])["share"]
    assert a.loc[(2022, 2020)] > 0.3 and a.loc[(2020, 2022)] > 0.3
    assert set(res.timings) >= {"normalize", "shingle", "minhash", "lsh", "verify", "align_classify"}


def test_write_reuse(tmp_path, corpus: tuple[dict[str, str], list[dict]]) -> None:  # type: ignore[no-untyped-def]
    res = detect_reuse(corpus[1])
    paths = write_reuse(res, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "pairs.jsonl", "paragraphs.jsonl", "reports.csv", "series.csv"]
    first = json.loads(open(paths["paragraphs.jsonl"], encoding="utf-8").readline())
    assert {"doc_id", "start", "end", "series", "year", "reuse", "copied_share", "sources",
            "labels"} <= set(first)


def test_no_paragraphs_and_bad_config() -> None:
    res = detect_reuse([])
    assert res.paragraphs == [] and res.pairs == [] and len(res.reports) == 0
    with pytest.raises(ConfigError, match="threshold"):
        ReuseConfig().with_overrides(threshold=1.5)
    with pytest.raises(ConfigError, match="unknown"):
        ReuseConfig().with_overrides(nope=1)


def test_template_beats_self_copy_and_short_copy_inside_long(make_reuse_text) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(11)
    t = lambda n=5: make_reuse_text(rng, n)  # noqa: E731
    standard, long_old = t(2), t(8)
    recs: list[dict] = []
    for doc_id, series, year, paras in [
        ("x20", "x", 2020, [standard, long_old]),
        ("x21", "x", 2021, [standard, t(1) + long_old[60:130]]),
        *[(f"o{k}", f"o{k}", 2021, [standard, t()]) for k in range(3)],
    ]:
        recs.extend(_doc(doc_id, series, year, paras)[1])
    res = detect_reuse(recs)
    carried = _para(res, "x21", 0)  # repeats its own 2020 paragraph, but 3 other series have it too
    assert carried["reuse"] == "template" and carried["rule_shares"]["self_copy"] > 0.9
    inside = _para(res, "x21", 1)  # a short paragraph, most of it inside the long 2020 one
    assert inside["reuse"] == "self_copy" and inside["sources"][0]["doc_id"] == "x20"


def test_own_earlier_source_found_through_wording_common_elsewhere(make_reuse_text) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(8)
    t = lambda n=5: make_reuse_text(rng, n)  # noqa: E731
    carried = t(3)  # the agency's own sentences, also in two other series (not template)
    recs: list[dict] = []
    for doc_id, series, year, paras in [
        ("x20", "x", 2020, [carried + t(10)]),
        ("x21", "x", 2021, [carried + t(1)]),
        ("y21", "y", 2021, [t(6) + carried]),
        ("z21", "z", 2021, [t(6) + carried]),
    ]:
        recs.extend(_doc(doc_id, series, year, paras)[1])
    # max_df=3: the carried sentences' fingerprints (4 paragraphs) are too common to index;
    # few LSH bands: the low-Jaccard pair is not an LSH candidate either
    cfg = ReuseConfig(max_df=3, lsh_bands=8, lsh_rows=8)
    found = _para(detect_reuse(recs, cfg), "x21", 0)
    assert found["reuse"] == "self_copy" and found["rule_shares"]["self_copy"] > 0.5
    assert found["rule_shares"]["template"] == 0.0
    assert any(s["doc_id"] == "x20" for s in found["sources"])
    missed = _para(detect_reuse(recs, cfg.with_overrides(own_containment=False)), "x21", 0)
    assert missed["rule_shares"]["self_copy"] == 0.0


def test_own_gram_counts_shorter_stretches_within_an_agency_only(make_reuse_text) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(3)
    _cjk = lambda n: make_reuse_text(rng, 1, (n, n + 1))[:-1]  # noqa: E731  n chars, no 。
    chunks = [_cjk(11) for _ in range(8)]  # 11-char runs: under stretch_gram, over own_gram
    old = "".join(c + _cjk(6) for c in chunks)
    new = "".join(c + _cjk(4) for c in chunks)  # 4 changed chars between runs: no 12-char run
    recs: list[dict] = []
    for doc_id, series, year, text in [("x20", "x", 2020, old), ("x21", "x", 2021, new),
                                       ("y19", "y", 2019, old)]:
        recs.extend(_doc(doc_id, series, year, [text])[1])
    cfg = ReuseConfig(rename_gap=0)  # no joining across the changed chars: runs stay 11 long
    found = _para(detect_reuse(recs, cfg), "x21", 0)
    assert found["reuse"] == "self_copy" and found["rule_shares"]["self_copy"] > 0.7
    assert found["rule_shares"]["cross_agency"] == 0.0  # y holds the same runs: too short across agencies
    strict = _para(detect_reuse(recs, cfg.with_overrides(own_gram=12)), "x21", 0)
    assert strict["reuse"] is None and strict["rule_shares"]["self_copy"] == 0.0
