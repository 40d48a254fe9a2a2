"""The sentence-evidence stack: sentence view, block-wise scoring, fitting and folds."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import TAGGER_POOLS, tagger_examples
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from nlp_gk.features import FIELD_SEP, CharTfidf, WordTfidf, make_document
from nlp_gk.labels import CATEGORIES
from nlp_gk.model import build_pipeline, fit_model, label_matrix
from nlp_gk.segment import split_sentences
from nlp_gk.stack import SentenceStack, block_features, blocks_proba, evidence, sentence_view

TEXT = st.text(alphabet=st.sampled_from(list("政务公开网站。；！？\n 　，”")), max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT), max_size=6), st.integers(0, 8))
def test_sentence_view_equals_split_sentences_per_body(pairs, min_chars):
    docs = [make_document(body, head) for head, body in pairs]
    sentences, owner, kept = sentence_view(docs, min_chars)
    expected = []
    for i, (_, body) in enumerate(pairs):
        spans = [body[s:e] for s, e in split_sentences(body)] or [""]
        expected += [(i, text) for text in spans]
    assert list(zip(owner.tolist(), sentences, strict=True)) == expected
    for i in range(len(docs)):  # long sentences carry evidence; short ones only as a fallback
        mine = owner == i
        lengths = np.array([len(t) for t, o in zip(sentences, owner, strict=True) if o == i])
        expected_kept = lengths >= min_chars if (lengths >= min_chars).any() else lengths >= 0
        np.testing.assert_array_equal(kept[mine], expected_kept)


def test_evidence_is_max_and_mean_per_document():
    p = np.array([[0.1, 0.9], [0.5, 0.1], [0.3, 0.3]])
    ev = evidence(p, np.array([0, 0, 1]), 2)
    np.testing.assert_allclose(ev, [[0.5, 0.9, 0.3, 0.5], [0.3, 0.3, 0.3, 0.3]])
    with pytest.raises(ValueError):
        evidence(p, np.array([0, 0, 0]), 2)  # document 1 has no sentence


@pytest.mark.parametrize("vec", [CharTfidf((1, 2), min_df=1), WordTfidf(min_df=1)],
                         ids=["chars", "words"])
def test_counts_add_up_and_finish_to_transform(vec):
    docs = [s for pool in TAGGER_POOLS.values() for s in pool]
    vec.fit(docs)
    np.testing.assert_allclose(vec.transform(docs).toarray(), vec.finish(vec.count(docs)).toarray())
    pair = vec.count([docs[0] + docs[1]]).toarray()
    np.testing.assert_array_equal(pair, vec.count(docs[:2]).toarray().sum(axis=0, keepdims=True))


@pytest.fixture(scope="module")
def stacked():
    docs, labs = tagger_examples(200)
    docs = [make_document(d, "（四）平台建设" if "平台建设" in lab else "（一）概述")
            for d, lab in zip(docs, labs, strict=True)]
    groups = [f"s{i % 7}" for i in range(len(docs))]  # every group holds every label
    model = fit_model(docs, labs, {"min_df": 1, "sentences": True}, groups=groups)
    return model, docs, labs


def test_block_scores_equal_scoring_the_stacked_matrix(stacked):
    model, docs, _ = stacked
    tagger = model.pipeline.named_steps["tagger"]
    norm = model.pipeline.named_steps["norm"].transform(docs)
    sentences, owner, _ = sentence_view(norm, tagger.min_chars)
    para, sent = block_features(tagger.features_, norm, sentences, owner)
    assert sent[-1] is None  # the heading block is per paragraph
    full = sparse.hstack([b if b is not None else para[k][owner] for k, b in enumerate(sent)])
    np.testing.assert_allclose(blocks_proba(tagger.sentence_clf_, sent, para, owner),
                               tagger.sentence_clf_.predict_proba(full.tocsr()), atol=1e-12)
    np.testing.assert_allclose(blocks_proba(tagger.paragraph_clf_, para),
                               tagger.paragraph_clf_.predict_proba(sparse.hstack(para).tocsr()),
                               atol=1e-12)


def test_sentence_rows_can_be_selected_and_repeats_are_counted_once(stacked):
    model, docs, _ = stacked
    tagger = model.pipeline.named_steps["tagger"]
    norm = model.pipeline.named_steps["norm"].transform(docs[:5] + docs[:5])  # repeats
    sentences, owner, _ = sentence_view(norm, tagger.min_chars)
    para, sent = block_features(tagger.features_, norm, sentences, owner)
    rows = np.arange(0, len(sentences), 2)
    _, picked = block_features(tagger.features_, norm, sentences, owner, rows)
    for full, part, (_, vec) in zip(sent, picked, tagger.features_.transformer_list, strict=True):
        if vec.field == "body":
            np.testing.assert_allclose(part.toarray(), full[rows].toarray())
            np.testing.assert_allclose(full.toarray(), vec.transform(sentences).toarray())
    np.testing.assert_allclose(para[0][:5].toarray(), para[0][5:].toarray())


def test_stacked_model_learns_and_scores_in_range(stacked):
    model, docs, labs = stacked
    proba = model.predict_proba(docs)
    assert proba.shape == (len(docs), len(CATEGORIES))
    assert ((proba >= 0) & (proba <= 1)).all()
    y = label_matrix(labs)
    assert ((proba >= 0.5) == y).mean() > 0.9


def test_stacker_reads_paragraph_and_sentence_evidence(stacked):
    model, *_ = stacked
    stacker = model.pipeline.named_steps["tagger"].stacker_
    assert stacker.estimators_[0].coef_.shape == (1, 3 * len(CATEGORIES))


def test_folds_keep_groups_apart():
    stack = SentenceStack(cv=3)
    groups = ["a", "a", "b", "b", "c", "c", "d"]
    for tr, va in stack._folds(len(groups), groups):
        assert not {groups[i] for i in tr} & {groups[i] for i in va}
    assert len(stack._folds(6, None)) == 3  # no groups: shuffled plain folds


def test_non_linear_model_falls_back_to_the_stacked_matrix():
    docs, labs = tagger_examples(150)
    pipe = build_pipeline({"classifier": "cnb", "min_df": 1, "sentences": True})
    pipe.fit(docs, label_matrix(labs))
    assert pipe.predict_proba(docs[:4]).shape == (4, len(CATEGORIES))
    assert FIELD_SEP not in docs[0]
