import numpy as np
import pytest
from conftest import tagger_examples

from nlp_gk.errors import ConfigError
from nlp_gk.labels import CATEGORIES
from nlp_gk.model import (
    TaggerModel,
    build_pipeline,
    choose_thresholds,
    label_matrix,
    resolve_config,
)


def test_learns_generated_labels(tiny_model):
    docs, labs = tagger_examples(100, seed=1)
    pred = tiny_model.predict(docs)
    assert np.mean([set(p) == set(g) for p, g in zip(pred, labs, strict=True)]) > 0.9


def test_probabilities_are_calibrated_shape(tiny_model):
    proba = tiny_model.predict_proba(["门户网站信息公开专栏", "受理依申请公开五件"])
    assert proba.shape == (2, len(CATEGORIES))
    assert ((proba >= 0) & (proba <= 1)).all()
    assert proba[0].argmax() == CATEGORIES.index("平台建设")


def test_repeated_documents_are_scored_like_distinct_ones(tiny_model):
    docs, _ = tagger_examples(30, seed=2)
    once = tiny_model.predict_proba(docs)
    again = tiny_model.predict_proba([docs[2], *docs, docs[0]])
    np.testing.assert_allclose(again, np.vstack([once[2], once, once[0]]), atol=1e-12)


def test_decide_uses_thresholds_and_falls_back_to_argmax():
    model = TaggerModel(None, CATEGORIES, dict.fromkeys(CATEGORIES, 0.5))
    proba = np.array([[0.9, 0.6, 0.1, 0.1, 0.1], [0.1, 0.2, 0.3, 0.4, 0.1]])
    assert model.decide(proba) == [["存在问题", "改进措施"], ["监督保障"]]


def test_explain_lists_positive_features(tiny_model):
    docs = ["调整工作领导小组，纳入绩效考核"]
    expl = tiny_model.explain(docs, tiny_model.predict(docs), k=3)[0]
    assert list(expl) == ["监督保障"]
    feats = expl["监督保障"]
    assert 0 < len(feats) <= 3 and all(w > 0 for _, w in feats)
    assert all(f.split(":", 1)[0] in {"words", "chars"} for f, _ in feats)


def test_choose_thresholds_maximises_f1():
    y = np.array([[1], [1], [0], [0]])
    proba = np.array([[0.8], [0.35], [0.3], [0.1]])
    assert choose_thresholds(y, proba, ["x"]) == {"x": 0.35}


def test_label_matrix_rejects_unknown_labels():
    with pytest.raises(ConfigError, match="unknown label"):
        label_matrix([["无此标签"]])


@pytest.mark.parametrize("override", [{"classifier": "tree"}, {"nope": 1}], ids=["value", "key"])
def test_config_is_validated(override):
    with pytest.raises(ConfigError):
        resolve_config(override)


@pytest.mark.parametrize("clf", ["logreg", "svm", "sgd", "cnb"])
def test_every_variant_builds_and_fits(clf):
    docs, labs = tagger_examples(150)
    pipe = build_pipeline({"classifier": clf, "min_df": 1}).fit(docs, label_matrix(labs))
    assert pipe.predict_proba(docs[:3]).shape == (3, len(CATEGORIES))


def test_features_use_normalised_text(tiny_model):
    simp, trad = "调整工作领导小组，纳入绩效考核", "調整工作領導小組，納入績效考核"
    np.testing.assert_allclose(*tiny_model.predict_proba([simp, trad]))
    assert "norm" in tiny_model.pipeline.named_steps


@pytest.mark.parametrize("sentences", [False, True], ids=["plain", "stacked"])
def test_sample_weights_reach_the_model_and_leave_no_routing_state(sentences):
    from nlp_gk.model import fit_model

    docs, labs = tagger_examples(150)
    weights = [0.2 if i % 2 else 1.0 for i in range(len(docs))]
    cfg = {"min_df": 1, "sentences": sentences}
    weighted = fit_model(docs, labs, cfg, sample_weight=weights)
    plain = fit_model(docs, labs, cfg)
    assert not np.allclose(weighted.predict_proba(docs[:5]), plain.predict_proba(docs[:5]))
    steps = weighted.pipeline.named_steps
    ovrs = [steps["tagger"].paragraph_clf_, steps["tagger"].sentence_clf_] if sentences else [steps["clf"]]
    ests = [e for ovr in ovrs for e in [ovr.estimator, *ovr.estimators_]]
    assert all("_metadata_request" not in vars(e) for e in ests)


def test_exclusive_groups_keep_the_stronger_group_only_when_enabled():
    proba = np.array([[0.7, 0.2, 0.9, 0.1, 0.6], [0.8, 0.7, 0.1, 0.1, 0.1]])
    model = TaggerModel(None, CATEGORIES, dict.fromkeys(CATEGORIES, 0.5))
    assert model.decide(proba) == [["存在问题", "平台建设", "其他"], ["存在问题", "改进措施"]]
    model.meta["exclusive_groups"] = True
    assert model.decide(proba) == [["平台建设", "其他"], ["存在问题", "改进措施"]]


def test_struct_block_only_with_headings():
    def names(cfg):
        steps = build_pipeline(cfg).named_steps
        union = steps["tagger"].features if "tagger" in steps else steps["features"]
        return [n for n, _ in union.transformer_list]

    assert names({"use_heading": True, "struct": True}) == ["words", "chars", "heading", "struct"]
    assert names({"use_heading": False, "struct": True}) == ["words", "chars"]
    assert "struct" not in names({"use_heading": True})  # opt-in
