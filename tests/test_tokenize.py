import pickle

import pytest

from nlp_gk.errors import ConfigError
from nlp_gk.tokenize import DEFAULT_USERDICT, Tokenizer, load_userdict


def test_user_dictionary_keeps_domain_terms_whole():
    text = "政务新媒体和依申请公开"
    assert Tokenizer(words=())(text) != Tokenizer()(text)
    assert Tokenizer()(text) == ["政务新媒体", "和", "依申请公开"]


def test_tokens_cover_the_text():
    text = "我局通过门户网站主动公开政府信息35条。"
    assert "".join(Tokenizer()(text)) == text


def test_pickle_round_trip_keeps_behaviour():
    tok = Tokenizer(words=["依申请公开"])
    tok("预热")  # builds the Rust tokenizer, which must not be pickled
    clone = pickle.loads(pickle.dumps(tok))
    assert clone == tok
    assert clone("依申请公开") == ["依申请公开"]


def test_cut_many_matches_call():
    tok = Tokenizer()
    texts = ["政府公报按期刊发", "开展保密审查"]
    assert tok.cut_many(texts) == [tok(t) for t in texts]


def test_bare_non_str_is_rejected():
    with pytest.raises(TypeError):
        Tokenizer()(["not", "a", "str"])


def test_bundled_dictionary_loads():
    words = load_userdict(DEFAULT_USERDICT)
    assert "政务新媒体" in words and all(w.strip() == w for w in words)


@pytest.mark.parametrize("line", ["政务公开 abc", "a 1 n extra"], ids=["bad-freq", "too-many"])
def test_bad_dictionary_line_names_file_and_line(tmp_path, line):
    path = tmp_path / "dict.txt"
    path.write_text(f"# comment\n信息公开 10 n\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"dict.txt at line 3"):
        load_userdict(path)
