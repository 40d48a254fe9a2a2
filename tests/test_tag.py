import json

import pytest
from click.testing import CliRunner

from nlp_gk.cli import cli
from nlp_gk.errors import ConfigError
from nlp_gk.tag import output_record, read_paragraph_jsonl, tag_records


def test_narrative_records_get_labels_and_scores(tiny_model):
    recs = [{"id": "a", "text": "门户网站信息公开专栏运行平稳"},
            {"id": "b", "text": "第二十条 123", "kind": "table"}]
    out = tag_records(recs, tiny_model)
    assert out[0]["labels"] == ["平台建设"]
    assert set(out[0]["scores"]) == set(tiny_model.labels)
    assert out[1]["labels"] == [] and out[1]["scores"] == {}
    assert "labels" not in recs[0]  # inputs are not modified


def test_ids_default_to_doc_id_and_index(tiny_model):
    out = tag_records([{"doc_id": "d1", "index": 7, "text": "受理依申请公开五件"}], tiny_model)
    assert out[0]["id"] == "d1:7"


def test_body_excludes_the_opening_heading(tiny_model):
    rec = {"id": "h", "text": "（四）平台建设调整工作领导小组，纳入绩效考核", "start": 100,
           "body_start": 106, "heading": "（四）平台建设"}
    assert tag_records([rec], tiny_model)[0]["labels"] == ["监督保障"]


def test_sentence_level_splits_with_offsets(tiny_model):
    text = "存在一些不足，公开意识有待提高。下一步我局将进一步加强，认真抓好整改落实。"
    out = tag_records([{"id": "p", "doc_id": "d", "start": 10, "text": text}], tiny_model,
                      level="sentence")
    assert [o["id"] for o in out] == ["p:s0", "p:s1"]
    assert out[0]["labels"] == ["存在问题"] and out[1]["labels"] == ["改进措施"]
    assert text[out[1]["start"] - 10 : out[1]["end"] - 10] == out[1]["text"]


def test_explain_adds_features(tiny_model):
    out = tag_records([{"id": "x", "text": "政府公报按期刊发"}], tiny_model, explain=True)
    assert out[0]["explain"]["平台建设"]
    assert "explain" in output_record(out[0])


def test_bad_level_and_bare_inputs_are_errors(tiny_model):
    with pytest.raises(ConfigError):
        tag_records([], tiny_model, level="word")
    with pytest.raises(TypeError):
        tag_records("text", tiny_model)


def write_jsonl(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


BAD_LINES = ['{"id": "ok1", "text": "门户网站信息公开专栏"}', "not json", '{"id": "m"}',
             '{"id": "e", "text": "  "}', '["list"]', '{"id": "ok2", "text": "受理依申请公开五件"}']


def test_read_jsonl_reports_each_bad_line(tmp_path):
    recs, problems = read_paragraph_jsonl(write_jsonl(tmp_path / "in.jsonl", BAD_LINES))
    assert [r["id"] for r in recs] == ["ok1", "ok2"]
    assert [p["file"].rsplit(":", 1)[1] for p in problems] == ["2", "3", "4", "5"]
    reasons = " ".join(p["reason"] for p in problems)
    assert "not JSON" in reasons and "missing 'text'" in reasons and "empty" in reasons


def test_read_jsonl_bad_bytes_and_bom_are_per_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "a", "text": "\xe5\x85\xac\xe5\xbc\x80"}\n'
                     b'{"id": "b", "text": "\xff\xfe"}\n\n{"text": "\xe9\x80\x8f"}\n')
    recs, problems = read_paragraph_jsonl(path)
    assert [(r["id"], r["text"]) for r in recs] == [("a", "公开"), ("in.jsonl:4", "透")]
    assert [p["file"] for p in problems] == [f"{path}:2"]
    assert "not JSON" in problems[0]["reason"] and "UTF-8" in problems[0]["reason"]


def test_cli_tag_jsonl_partial_failure(tmp_path, tiny_model_dir):
    inp = write_jsonl(tmp_path / "in.jsonl", BAD_LINES)
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(cli, ["tag", str(inp), "--out", str(out), "--model",
                                   str(tiny_model_dir)])
    assert res.exit_code == 3, res.output
    assert "in.jsonl:2: not JSON" in res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["ok1", "ok2"] and rows[0]["labels"] == ["平台建设"]


def test_cli_tag_reports_with_default_model(tmp_path, sample_dir):
    out = tmp_path / "tags.jsonl"
    res = CliRunner().invoke(cli, ["tag", str(sample_dir), "--out", str(out)])
    assert res.exit_code in (0, 3), res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    narrative = [r for r in rows if r["kind"] == "narrative"]
    assert narrative and all(r["labels"] for r in narrative)
    assert all(r["labels"] == [] for r in rows if r["kind"] != "narrative")
    assert {"doc_id", "start", "end", "section"} <= set(rows[0])


def test_traditional_and_full_width_text_is_normalised_before_tagging(tiny_model):
    recs = [{"id": "s", "text": "门户网站信息公开专栏,政务新媒体运行平稳"},
            {"id": "t", "text": "門戶網站信息公開專欄，政務新媒體運行平穩"}]
    simp, trad = tag_records(recs, tiny_model)
    assert simp["scores"] == trad["scores"] and trad["labels"] == ["平台建设"]


@pytest.mark.filterwarnings("ignore:Label not")
def test_report_position_reaches_a_structure_aware_model():
    from nlp_gk.features import make_document
    from nlp_gk.model import fit_model

    docs = [make_document(f"本年度开展工作{i}项", "标题", s) for i in range(20) for s in ("pos0", "pos4")]
    labels = [["其他"], ["改进措施"]] * 20
    model = fit_model(docs, labels, {"min_df": 1, "struct": True, "struct_scale": 3.0})
    recs = [{"doc_id": "d", "index": i, "text": "本年度开展工作3项", "heading": "标题"} for i in range(5)]
    out = tag_records(recs, model)
    assert out[0]["labels"] == ["其他"] and out[4]["labels"] == ["改进措施"]
    assert all("_struct" not in o for o in out)
    plain = tag_records([{"id": "x", "text": "本年度开展工作3项"}], model)[0]
    assert plain["labels"]  # no structure: still tagged, from the text alone
