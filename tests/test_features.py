from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from nlp_gk.features import CharTfidf, WordTfidf, distinct, key_to_text, make_document, select_field
from nlp_gk.tokenize import Tokenizer

DOCS = ["我局主动公开政府信息35条。", "门户网站信息公开专栏运行平稳", "存在不足，下一步将加强培训。",
        "政务新媒体和门户网站", "主动公开政府信息"]


@pytest.mark.parametrize("ngrams", [(1, 1), (1, 2), (2, 3), (1, 3)], ids=str)
def test_char_counts_match_a_reference(ngrams):
    vec = CharTfidf(ngrams, min_df=1, max_features=None).fit(DOCS)
    names = list(vec.get_feature_names_out())
    counts = vec._count(DOCS).toarray()
    for row, doc in enumerate(DOCS):
        ref = Counter(doc[i : i + n] for n in range(ngrams[0], ngrams[1] + 1)
                      for i in range(len(doc) - n + 1))
        got = {names[j]: counts[row, j] for j in np.flatnonzero(counts[row])}
        assert got == {g: c for g, c in ref.items() if g in names}


def test_char_tfidf_matches_sklearn_weights():
    ours = CharTfidf((1, 2), min_df=1, max_features=None, sublinear_tf=False).fit(DOCS)
    ref = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), lowercase=False).fit(DOCS)
    order = [ref.vocabulary_[n] for n in ours.get_feature_names_out()]
    np.testing.assert_allclose(ours.transform(DOCS).toarray(), ref.transform(DOCS).toarray()[:, order])


def test_unknown_characters_and_empty_docs():
    vec = CharTfidf((1, 2), min_df=1).fit(DOCS)
    x = vec.transform(["", "𠀀外星文字", "公开"])
    assert x.shape == (3, len(vec.vocabulary_keys_))
    assert x[0].nnz == 0 and x[2].nnz == 3  # 公, 开, 公开


def test_min_df_and_max_features_cap_vocabulary():
    vec = CharTfidf((1, 1), min_df=2, max_features=3).fit(DOCS)
    assert len(vec.vocabulary_keys_) == 3
    assert all(sum(key_to_text(k) in d for d in DOCS) >= 2 for k in vec.vocabulary_keys_)


def test_word_tfidf_uses_user_dictionary():
    vec = WordTfidf(Tokenizer(), min_df=1).fit(DOCS)
    assert "政务新媒体" in set(vec.get_feature_names_out())
    x = vec.transform(["政务新媒体"])
    assert x.nnz == 1 and np.isclose(x.data[0], 1.0)


def test_fields_split_heading_and_body():
    doc = make_document("正文", "（四）平台建设")
    assert select_field([doc], "body") == ["正文"]
    assert select_field([doc], "heading") == ["（四）平台建设"]
    heading_vec = CharTfidf((1, 1), field="heading", min_df=1).fit([doc, "无标题"])
    assert heading_vec.transform(["无标题"]).nnz == 0


@pytest.mark.parametrize("vec", [CharTfidf(), WordTfidf()], ids=["chars", "words"])
def test_single_string_is_an_error(vec):
    with pytest.raises(TypeError):
        vec.fit("我局主动公开政府信息")


def test_invalid_parameters_raise_in_fit():
    with pytest.raises(ValueError, match="ngram_range"):
        CharTfidf((1, 4)).fit(DOCS)
    with pytest.raises(ValueError, match="field"):
        CharTfidf(field="title").fit(DOCS)


def test_word_block_appends_cue_counts():
    cues = {"平台建设": ["网站", "微信"], "其他": ["条"]}
    vec = WordTfidf(Tokenizer(), min_df=1, cues=cues, cue_scale=0.5).fit(DOCS)
    names = list(vec.get_feature_names_out())
    assert names[-2:] == ["cue:平台建设", "cue:其他"]
    x = vec.transform(["门户网站，门户网站", "主动公开政府信息35条"]).toarray()
    assert x.shape[1] == len(names)
    assert np.isclose(x[0, -2], 0.5 * np.log1p(2)) and x[0, -1] == 0  # 门户网站 twice
    assert x[1, -2] == 0 and np.isclose(x[1, -1], 0.5 * np.log1p(1))
    plain = WordTfidf(Tokenizer(), min_df=1).fit(DOCS)
    assert plain.transform(DOCS).shape[1] == len(names) - 2


def test_struct_field_is_separate_from_heading_and_body():
    from nlp_gk.features import StructTokens
    from nlp_gk.textnorm import normalize_many

    doc = make_document("正文", "（四）平台建设 ", "pos1 era2019")
    assert select_field([doc], "heading") == ["（四）平台建设"]
    assert select_field([doc], "struct") == ["pos1 era2019"]
    assert select_field([doc], "body") == ["正文"]
    assert select_field(normalize_many([doc]), "struct") == ["pos1 era2019"]
    vec = StructTokens(scale=0.5).fit([doc, make_document("b", "h", "pos1 era2018"), "纯文本"])
    assert list(vec.get_feature_names_out()) == ["pos1"]  # min_df=2 drops the rare eras
    x = vec.transform([doc, "纯文本"]).toarray()
    assert x.tolist() == [[0.5], [0.0]]


@pytest.fixture(scope="module")
def word_vec():
    return WordTfidf(Tokenizer(), min_df=1).fit(DOCS)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("政务新媒体公开网站。， \n\r\tab12")),
                        max_size=15), max_size=8))
def test_word_counts_of_joined_texts_equal_one_text_at_a_time(word_vec, texts):
    index = {w: i for i, w in enumerate(word_vec.vocabulary_.tolist())}
    one_by_one = np.zeros((len(texts), len(index)))
    for i, text in enumerate(texts):  # reference: the tokenizer on each text alone
        for tok in Tokenizer()(text):
            if tok in index:
                one_by_one[i, index[tok]] += 1
    np.testing.assert_array_equal(word_vec.count(texts).toarray(), one_by_one)


@given(st.lists(st.sampled_from(["a", "b", "c", ""]), max_size=10))
def test_distinct_rebuilds_the_input(docs):
    unique, inverse = distinct(docs)
    assert len(set(unique)) == len(unique) and set(unique) == set(docs)
    rebuilt = unique if inverse is None else [unique[i] for i in inverse]
    assert rebuilt == docs
