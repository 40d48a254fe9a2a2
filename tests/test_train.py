import json

import pytest
from click.testing import CliRunner

from nlp_gk.cli import cli
from nlp_gk.errors import ConfigError
from nlp_gk.labels import body_of
from nlp_gk.train import build_training_set, context_of, split_series, train_tagger


def ex(doc_id, start, end, series, labels, source="weak"):
    return {"doc_id": doc_id, "start": start, "end": end, "series": series, "labels": labels,
            "body": "正文", "context": "", "source": source}


def test_body_and_context():
    rec = {"text": "（四）平台建设门户网站", "start": 10, "body_start": 17,
           "heading": "（四）平台建设", "section": ["一、总体情况", "（四）平台建设"]}
    assert body_of(rec) == "门户网站"
    assert context_of(rec) == "一、总体情况 （四）平台建设"
    assert body_of({"text": "无偏移"}) == "无偏移"


def test_split_series_is_deterministic_and_by_series():
    series = [f"s{i}" for i in range(10)] * 3
    test = split_series(series, 0.3)
    assert len(test) == 3 and test == split_series(list(reversed(series)), 0.3)
    with pytest.raises(ConfigError):
        split_series(series, 1.5)


def test_training_set_excludes_test_series_and_prefers_gold():
    weak = [ex("a", 0, 10, "s1", ["其他"]), ex("a", 10, 20, "s1", ["存在问题"]),
            ex("b", 0, 10, "s2", ["其他"]), ex("a", 20, 30, "s1", None)]
    gold = [ex("a", 0, 10, "s1", ["平台建设"], "gold"), ex("b", 0, 10, "s2", ["其他"], "gold")]
    train = build_training_set(weak, gold, {"s2"})
    assert [(e["doc_id"], e["start"], e["labels"]) for e in train] == [
        ("a", 0, ["平台建设"]), ("a", 10, ["存在问题"])]
    assert [e["start"] for e in build_training_set(weak, gold, {"s2"}, "none")] == [0]
    assert build_training_set(weak, [], set(), "no_other") == [dict(weak[1], source="weak", weight=0.3)]
    assert {e["source"]: e["weight"] for e in train} == {"gold": 1.0, "weak": 0.3}


def test_filtered_mode_keeps_only_weak_labels_the_text_supports():
    weak = [dict(ex("a", 0, 10, "s1", ["平台建设"]), body="門戶網站改版，新增政務微博。"),
            dict(ex("a", 10, 20, "s1", ["平台建设"]), body="全年主动公开信息40条。"),
            dict(ex("a", 20, 30, "s1", ["其他"]), body="受理依申请公开5件。"),
            dict(ex("a", 30, 40, "s1", ["其他"]), body="组织培训两次。")]
    kept = build_training_set(weak, [], set(), "filtered", weak_weight=0.5)
    assert [(e["start"], e["weight"]) for e in kept] == [(0, 0.5), (20, 0.5)]
    with pytest.raises(ConfigError):
        build_training_set(weak, [], set(), "some")


def test_train_tagger_on_sample_reports_scores(sample_manifest):
    model, report = train_tagger(manifest=sample_manifest, variants=("cnb",))
    assert report["test_on"] == "weak" and report["n_train"] > 0
    assert set(report["variants"]) == {"cnb+heading", "cnb/body"}
    assert not set(report["test_series"]) & set(model.meta["train_series"])
    assert 0.0 <= report["lf_stats"]["overall"]["coverage"] <= 1.0


def test_cli_train_writes_a_loadable_model(tmp_path, sample_manifest):
    out = tmp_path / "model"
    res = CliRunner().invoke(cli, ["train", "--manifest", str(sample_manifest), "--out", str(out)])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.output)
    assert summary["chosen"] and "logreg/body" in summary["variants"]
    from nlp_gk.persist import load_model

    assert load_model(out).meta["data_hash"] == json.loads((out / "meta.json").read_text())["data_hash"]


def test_structure_tokens_come_from_report_position_and_year():
    from nlp_gk.train import document, report_positions, structure_of

    recs = [{"doc_id": "d", "report": 0, "index": i, "year": 2018} for i in (3, 0, 1, 2, 4)]
    recs.append({"id": "plain", "text": "无结构"})
    pos = report_positions(recs)
    assert pos == [0.6, 0.0, 0.2, 0.4, 0.8, None]
    assert structure_of(recs[4], pos[4]) == "pos4 era2018"
    assert structure_of(recs[5], pos[5]) == ""
    e = {"body": "正文", "context": "一、总体情况", "struct": "pos0 era2019"}
    assert document(e, True).endswith("pos0 era2019\x1e正文")
    assert document(e, False) == "正文"
