import json

import numpy as np
import pytest
from click.testing import CliRunner

from nlp_gk.cli import cli
from nlp_gk.evaluate import ece, evaluate_model, format_scores, keyword_baseline, score


def test_perfect_predictions_score_one():
    gold = [["存在问题", "改进措施"], ["其他"], ["平台建设"], ["监督保障"]]
    s = score(gold, gold)
    assert s["macro_f1"] == 1.0 and s["exact_match"] == 1.0
    assert s["per_label"]["改进措施"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}


def test_per_label_counts_and_confusion():
    gold = [["存在问题"], ["存在问题"], ["其他"]]
    pred = [["存在问题"], ["改进措施"], ["其他"]]
    s = score(gold, pred)
    assert s["per_label"]["存在问题"]["recall"] == 0.5
    assert s["per_label"]["改进措施"]["precision"] == 0.0
    assert s["confusion"]["存在问题"]["改进措施"] == 1 and s["confusion"]["其他"]["其他"] == 1


def test_ece_is_zero_when_calibrated_and_large_when_not():
    y = np.array([1, 0] * 50)
    assert ece(y, np.full(100, 0.5)) == pytest.approx(0.0)
    assert ece(y, y * 0.0 + 0.95) == pytest.approx(0.45)


def test_score_with_probabilities_reports_ece():
    s = score([["其他"]], [["其他"]], np.array([[0.0, 0.0, 0.0, 0.0, 1.0]]))
    assert s["ece"] == 0.0 and set(s["ece_per_label"]) == {"存在问题", "改进措施", "平台建设", "监督保障", "其他"}


def test_keyword_baseline_scores():
    s = keyword_baseline(["门户网站和微信公众号", "受理申请"], [["平台建设"], ["其他"]])
    assert s["macro_f1"] > 0 and s["n"] == 2


@pytest.fixture()
def sample_gold(tmp_path, sample_manifest):
    """Weak labels of the sample corpus written as a gold file (offsets only)."""
    from nlp_gk.segment import segment_corpus
    from nlp_gk.train import weak_examples

    paras = [p.to_dict() for p in segment_corpus([], sample_manifest).paragraphs]
    rows = [{k: e[k] for k in ("doc_id", "start", "end", "labels", "series")}
            for e in weak_examples(paras) if e["labels"]]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def test_evaluate_model_returns_data(tiny_model_dir, sample_gold, sample_manifest):
    result = evaluate_model(tiny_model_dir, sample_gold, sample_manifest, all_series=True)
    assert result["n"] > 10 and 0.0 <= result["scores"]["macro_f1"] <= 1.0
    assert "ece" in result["scores"] and "macro_f1" in result["keyword_baseline"]
    assert "macro-F1" in format_scores(result)


def test_cli_evaluate_json(tiny_model_dir, sample_gold, sample_manifest):
    res = CliRunner().invoke(cli, ["evaluate", "--model", str(tiny_model_dir), "--gold",
                                   str(sample_gold), "--manifest", str(sample_manifest), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert set(data["scores"]["per_label"]) == {"存在问题", "改进措施", "平台建设", "监督保障", "其他"}


def test_cli_evaluate_bad_gold_is_a_clear_error(tmp_path, tiny_model_dir, sample_manifest):
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"doc_id": "x", "start": 0, "end": 5, "labels": ["无"]}\n', "utf-8")
    res = CliRunner().invoke(cli, ["evaluate", "--model", str(tiny_model_dir), "--gold", str(bad),
                                   "--manifest", str(sample_manifest)])
    assert res.exit_code == 1 and "line 1" in res.output


@pytest.mark.slow
def test_default_model_on_held_out_gold_series(shared_corpus):
    from pathlib import Path

    gold = Path(__file__).resolve().parents[1] / "corpus" / "gold" / "tags.jsonl"
    if not gold.is_file():
        pytest.skip("no gold tags")
    result = evaluate_model(None, gold, shared_corpus / "manifest.tsv")
    assert result["n"] >= 100
    assert result["scores"]["macro_f1"] > result["keyword_baseline"]["macro_f1"] + 0.2
    assert result["scores"]["ece"] <= 0.05
