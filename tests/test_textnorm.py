import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_gk.clean import normalize
from nlp_gk.features import FIELD_SEP, make_document
from nlp_gk.textnorm import TextNormalizer, normalize_document, normalize_many

CASES = [
    "我局主动公开政府信息35条。",
    "（四）平臺建設　門戶網站運行平穩",  # traditional + full-width + ideographic space
    "  前后空白\t\n中间　　多个  ",
    "ＡＢＣ１２３，全角字母",
    "",
    "   ",
    make_document("正文 内容 ", " （一）标题 "),
    make_document("", "只有标题"),
    "乾隆年間的報告",  # phrase-level OpenCC conversion
]


def per_field(doc: str) -> str:
    return FIELD_SEP.join(normalize(part) for part in doc.split(FIELD_SEP))


@pytest.mark.parametrize("doc", CASES, ids=range(len(CASES)))
def test_batch_equals_clean_normalize_per_field(doc):
    assert normalize_many([doc]) == [per_field(doc)]
    assert normalize_document(doc) == per_field(doc)


def test_batch_keeps_order_and_count():
    assert normalize_many(CASES) == [per_field(d) for d in CASES]
    assert normalize_many([]) == []


def test_text_holding_the_batch_separator_falls_back():
    docs = ["甲\x00乙", "總體"]
    assert normalize_many(docs) == [normalize("甲\x00乙"), "总体"]


def test_single_string_is_an_error():
    with pytest.raises(TypeError):
        normalize_many("一段文字")
    with pytest.raises(TypeError):
        TextNormalizer().fit("一段文字")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("公開开報报總总　 \t\nＡ１，,（)\x1e台臺乾隆")),
                        max_size=30), max_size=6))
def test_property_matches_normalize(docs):
    assert normalize_many(docs) == [per_field(d) for d in docs]


def test_pipeline_step_is_stateless():
    step = TextNormalizer().fit(["x"])
    assert step.transform(["門戶網站"]) == ["门户网站"]
