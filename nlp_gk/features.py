"""Fast TF-IDF vectorisers for Chinese paragraphs (scikit-learn compatible).

scikit-learn's vectorisers count n-grams in a per-token Python loop (about 5-8k docs/s).
These count in bulk instead:

* :class:`CharTfidf` concatenates all texts' code points into one numpy array, builds
  integer n-gram keys (``c1 * 0x110000 + c2`` ...), looks them up in a sorted vocabulary
  with ``np.searchsorted`` and builds the CSR matrix directly.
* :class:`WordTfidf` tokenizes with :class:`nlp_gk.tokenize.Tokenizer` (rjieba) and maps all
  tokens through one dict in a single C-level ``map``.

Both weight counts as TF-IDF (optional sublinear tf, smooth idf, l2 rows) like
``TfidfVectorizer``. A document is a ``str``; a heading may be prefixed to the body with
:data:`FIELD_SEP` (see :func:`make_document`), and ``field`` picks which part a vectoriser sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .tokenize import Tokenizer

FIELD_SEP = "\x1e"  # separates an optional heading from the body inside one document
STRUCT_SEP = "\x1a"  # inside the heading part: heading text, then structural tokens
BASE = 0x110000  # number of Unicode code points: the radix of n-gram keys
FIELDS = ("all", "body", "heading", "struct")
MISSING, BREAK = -1, -2  # word look-up results: not in the vocabulary, the text separator


def make_document(body: str, heading: str = "", struct: str = "") -> str:
    """One model input string: ``heading [+ STRUCT_SEP + struct] + FIELD_SEP + body``.

    ``struct`` holds space-separated structural tokens (see :class:`StructTokens`).
    ``STRUCT_SEP`` is not whitespace, so text normalisation leaves it in place.

    >>> make_document("正文", "（四）平台建设")
    '（四）平台建设\\x1e正文'
    >>> make_document("正文", "标题", "pos1 era2019")
    '标题\\x1apos1 era2019\\x1e正文'
    >>> make_document("正文")
    '正文'
    """
    if struct:
        return f"{heading.rstrip()}{STRUCT_SEP}{struct}{FIELD_SEP}{body}"
    return f"{heading}{FIELD_SEP}{body}" if heading else body


def select_field(docs: Sequence[str], field: str) -> list[str]:
    """The body, heading, structural tokens or whole of each document.

    >>> select_field(["标题\\x1apos0\\x1e正文", "正文"], "heading")
    ['标题', '']
    >>> select_field(["标题\\x1apos0\\x1e正文", "正文"], "struct")
    ['pos0', '']
    """
    if field != "all" and FIELD_SEP not in "".join(docs):  # e.g. sentences: all body
        return list(docs) if field == "body" else [""] * len(docs)
    if field == "body":
        return [d.rpartition(FIELD_SEP)[2] for d in docs]
    if field == "heading":
        return [d.rpartition(FIELD_SEP)[0].partition(STRUCT_SEP)[0] for d in docs]
    if field == "struct":
        return [d.rpartition(FIELD_SEP)[0].partition(STRUCT_SEP)[2] for d in docs]
    return list(docs)


def distinct(docs: Sequence[str]) -> tuple[list[str], np.ndarray | None]:
    """The distinct documents in first-seen order and, if any repeat, each document's index
    among them (``None`` when all are distinct). A model's output depends on the document
    string only, so a repeated document (template paragraphs, a report published twice) is
    scored once.

    >>> distinct(["a", "b", "a"])
    (['a', 'b'], array([0, 1, 0]))
    >>> distinct(["a", "b"])
    (['a', 'b'], None)
    """
    unique = list(dict.fromkeys(docs))
    if len(unique) == len(docs):
        return unique, None
    index = {d: i for i, d in enumerate(unique)}
    return unique, np.fromiter(map(index.__getitem__, docs), np.int64, len(docs))


def _check_docs(docs: Any) -> Sequence[str]:
    if isinstance(docs, str):
        raise TypeError("expected a list of documents, got a single str")
    return docs


class _Tfidf(TransformerMixin, BaseEstimator):
    """Shared vocabulary selection and TF-IDF weighting; subclasses count features."""

    def __getstate__(self) -> dict[str, Any]:
        """Lazily built look-up caches (``_*_cache``) are rebuilt after loading, never saved."""
        state = dict(super().__getstate__())
        return {k: v for k, v in state.items() if not (k.startswith("_") and k.endswith("_cache"))}

    def _validate(self) -> None:
        if self.field not in FIELDS:
            raise ValueError(f"field must be one of {FIELDS}, got {self.field!r}")
        if self.min_df < 1:
            raise ValueError(f"min_df must be >= 1, got {self.min_df}")
        if not 0.0 < self.max_df <= 1.0:
            raise ValueError(f"max_df must be in (0.0, 1.0], got {self.max_df}")

    def _select_vocab(self, keys: np.ndarray, df: np.ndarray, n_docs: int) -> np.ndarray:
        """Indices into ``keys`` to keep: min_df/max_df, then the most frequent max_features."""
        keep = (df >= self.min_df) & (df <= self.max_df * n_docs)
        idx = np.flatnonzero(keep)
        if self.max_features is not None and len(idx) > self.max_features:
            order = np.lexsort((keys[idx], -df[idx]))  # frequent first, ties by key
            idx = np.sort(idx[order[: self.max_features]])
        return idx

    def _set_idf(self, df: np.ndarray, n_docs: int) -> None:
        self.idf_ = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float64)

    def _weight(self, counts: sparse.csr_matrix, copy: bool = True) -> sparse.csr_matrix:
        from sklearn.preprocessing import normalize

        counts = counts.astype(np.float64, copy=copy)
        if counts.shape[1] == 0:  # e.g. a heading block fitted on documents without headings
            return counts
        if self.sublinear_tf:
            np.log(counts.data, out=counts.data)
            counts.data += 1.0
        counts.data *= self.idf_[counts.indices]
        return normalize(counts, norm="l2", copy=False)

    def transform(self, docs: Sequence[str]) -> sparse.csr_matrix:
        check_is_fitted(self, "idf_")
        texts = select_field(_check_docs(docs), self.field)
        return self.finish(self._count(texts), copy=False)

    def count(self, docs: Sequence[str]) -> sparse.csr_matrix:
        """Raw counts of the fitted vocabulary: ``transform == finish(count(docs))``. Counts
        add up, so the counts of a paragraph are the sum of its sentences' counts."""
        check_is_fitted(self, "idf_")
        return self._count(select_field(_check_docs(docs), self.field))

    def finish(self, counts: sparse.csr_matrix, copy: bool = True) -> sparse.csr_matrix:
        """Feature rows from raw counts (TF-IDF weighting, l2 rows). With ``copy=False`` the
        weighting may reuse ``counts`` itself, which the caller must not use afterwards."""
        return self._weight(counts, copy)

    def fit(self, docs: Sequence[str], y: Any = None) -> _Tfidf:
        self._validate()
        texts = select_field(_check_docs(docs), self.field)
        if not texts:
            raise ValueError("cannot fit on zero documents")
        self._fit_vocab(texts)
        return self


# --------------------------------------------------------------------------- characters


def _char_keys(texts: Sequence[str], n_min: int, n_max: int) -> tuple[np.ndarray, np.ndarray]:
    """``(doc_index, key)`` of every character n-gram; n-grams never cross documents."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    cp = np.frombuffer("\x00".join(texts).encode("utf-32-le"), dtype=np.uint32)
    valid = np.ones(len(cp), dtype=bool)
    valid[np.cumsum(lengths + 1)[:-1] - 1] = False  # the separators
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), lengths + 1)[: len(cp)]
    cp64 = cp.astype(np.uint64)
    docs_out, keys_out = [], []
    for n in range(n_min, n_max + 1):
        m = len(cp) - n + 1
        if m <= 0:
            continue
        key = cp64[:m].copy()
        ok = valid[:m].copy()
        for i in range(1, n):
            key = key * np.uint64(BASE) + cp64[i : i + m]
            ok &= valid[i : i + m]
        docs_out.append(doc[:m][ok])
        keys_out.append(key[ok])
    if not keys_out:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    return np.concatenate(docs_out), np.concatenate(keys_out)


def _key_dtype(n_docs: int, n_cols: int) -> type:
    """int32 cell keys (``doc * n_cols + col``) when they fit: sorting them is twice as fast."""
    return np.int32 if n_docs * max(n_cols, 1) < 2**31 else np.int64


def _csr_from_keys(keys: np.ndarray, n_docs: int, n_cols: int) -> sparse.csr_matrix:
    """Count matrix from cell keys ``doc * n_cols + col`` in any order (one in-place sort)."""
    keys.sort()
    counts = np.zeros(0, dtype=np.float64)
    if len(keys):
        first = np.empty(len(keys), dtype=bool)
        first[0] = True
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        counts = np.empty(len(starts), dtype=np.float64)
        np.subtract(starts[1:], starts[:-1], out=counts[:-1])
        counts[-1] = len(keys) - starts[-1]
        keys = keys[starts]
    indptr = np.searchsorted(keys, np.arange(n_docs + 1, dtype=np.int64) * n_cols)
    indices = (keys % max(n_cols, 1)).astype(np.int32)
    mat = sparse.csr_matrix((counts, indices, indptr), shape=(n_docs, n_cols))
    mat.has_sorted_indices = True
    return mat


def _csr_from_hits(doc: np.ndarray, cols: np.ndarray, n_docs: int, n_cols: int) -> sparse.csr_matrix:
    """Count matrix from (doc, column) hits in any order."""
    dtype = _key_dtype(n_docs, n_cols)
    return _csr_from_keys(doc.astype(dtype) * dtype(n_cols) + cols.astype(dtype), n_docs, n_cols)


def key_to_text(key: int) -> str:
    """Decode a character n-gram key back to its text.

    >>> key_to_text(ord("公") * BASE + ord("开"))
    '公开'
    """
    chars = []
    key = int(key)
    while True:
        key, c = divmod(key, BASE)
        chars.append(chr(c))
        if key == 0:
            return "".join(reversed(chars))


class CharTfidf(_Tfidf):
    """TF-IDF over character n-grams (``ngram_range`` up to 3), counted in numpy.

    Whitespace-only n-grams are kept out of the vocabulary.
    """

    def __init__(self, ngram_range: tuple[int, int] = (1, 2), field: str = "all",
                 min_df: int = 2, max_df: float = 1.0, max_features: int | None = 20000,
                 sublinear_tf: bool = True) -> None:
        self.ngram_range = ngram_range
        self.field = field
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf

    def _fit_vocab(self, texts: list[str]) -> None:
        lo, hi = self.ngram_range
        if not 1 <= lo <= hi <= 3:
            raise ValueError(f"ngram_range must satisfy 1 <= min <= max <= 3, got {self.ngram_range}")
        doc, key = _char_keys(texts, lo, hi)
        pairs = np.unique(np.stack([key, doc.astype(np.uint64)]), axis=1)  # distinct (key, doc)
        keys, df = np.unique(pairs[0], return_counts=True)
        keys, df = _drop_blank(keys, df)
        idx = self._select_vocab(keys, df, len(texts))
        self.vocabulary_keys_ = keys[idx]
        self._set_idf(df[idx], len(texts))

    def _count(self, texts: list[str]) -> sparse.csr_matrix:
        lookup = getattr(self, "_lookup_cache", None)
        if lookup is None:
            lookup = self._lookup_cache = _CharLookup(self.vocabulary_keys_)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        cp = np.frombuffer("\x00".join(texts).encode("utf-32-le"), dtype=np.uint32)
        ids = lookup.char_ids(cp)
        n_cols = len(self.vocabulary_keys_)
        dtype = _key_dtype(len(texts), n_cols)
        base = np.repeat(np.arange(len(texts), dtype=dtype) * dtype(n_cols), lengths + 1)
        keys = []
        for n in range(self.ngram_range[0], self.ngram_range[1] + 1):
            col = lookup.columns(ids, n)
            hit = col >= 0
            keys.append(base[: len(col)][hit] + col[hit].astype(dtype))
        return _csr_from_keys(np.concatenate(keys), len(texts), n_cols)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        check_is_fitted(self, "idf_")
        return np.array([key_to_text(k) for k in self.vocabulary_keys_], dtype=object)


class _CharLookup:
    """Dense lookup tables from code points to vocabulary columns, built once per model.

    Code points are first mapped to dense ids of the characters the vocabulary uses (others,
    and the document separator, become the id ``k`` meaning "unknown", which matches nothing).
    Unigrams and bigrams are then one numpy gather each; trigrams use ``searchsorted``.
    """

    def __init__(self, vocab_keys: np.ndarray) -> None:
        grams = [_split_key(int(k)) for k in vocab_keys]
        self.chars = np.array(sorted({c for g in grams for c in g} - {0}), dtype=np.int64)
        k = self.k = len(self.chars)
        self.table = np.full(BASE, k, dtype=np.int32)
        self.table[self.chars] = np.arange(k, dtype=np.int32)
        self.by_n: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for n in (1, 2, 3):
            sel = [(i, g) for i, g in enumerate(grams) if len(g) == n]
            dense = np.array([self._dense(g) for _, g in sel], dtype=np.int64)
            cols = np.array([i for i, _ in sel], dtype=np.int32)
            order = np.argsort(dense)
            self.by_n[n] = (dense[order], cols[order])
        self.gather = {n: self._gather_table(n) for n in (1, 2)}

    def _dense(self, gram: tuple[int, ...]) -> int:
        key = 0
        for c in gram:
            key = key * (self.k + 1) + int(self.table[c])
        return key

    def _gather_table(self, n: int) -> np.ndarray:
        dense, cols = self.by_n[n]
        table = np.full((self.k + 1) ** n, -1, dtype=np.int32)
        table[dense] = cols
        return table

    def char_ids(self, cp: np.ndarray) -> np.ndarray:
        return self.table[cp]

    def columns(self, ids: np.ndarray, n: int) -> np.ndarray:
        """Vocabulary column of the n-gram starting at each position (-1 if none)."""
        m = len(ids) - n + 1
        if m <= 0:
            return np.zeros(0, dtype=np.int32)
        dense = ids[:m].astype(np.int64)
        for i in range(1, n):
            dense = dense * (self.k + 1) + ids[i : i + m]
        if n in self.gather:
            return self.gather[n][dense]
        keys, cols = self.by_n[n]
        if not len(keys):
            return np.full(m, -1, dtype=np.int32)
        pos = np.minimum(np.searchsorted(keys, dense), len(keys) - 1)
        return np.where(keys[pos] == dense, cols[pos], -1).astype(np.int32)


def _split_key(key: int) -> tuple[int, ...]:
    return tuple(ord(c) for c in key_to_text(key))


def _drop_blank(keys: np.ndarray, df: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    blank = np.array([key_to_text(k).isspace() for k in keys], dtype=bool) if len(keys) else []
    keep = ~np.asarray(blank, dtype=bool)
    return keys[keep], df[keep]


# --------------------------------------------------------------------------- words


class WordTfidf(_Tfidf):
    """TF-IDF over jieba words (rjieba with the 政务公开 user dictionary)."""

    def __init__(self, tokenizer: Tokenizer | None = None, field: str = "all", min_df: int = 2,
                 max_df: float = 1.0, max_features: int | None = 20000,
                 sublinear_tf: bool = True, cues: dict[str, list[str]] | None = None,
                 cue_scale: float = 0.15) -> None:
        self.tokenizer = tokenizer
        self.field = field
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf
        self.cues = cues
        self.cue_scale = cue_scale

    def _tok(self) -> Tokenizer:
        """The fitted tokenizer (models saved before ``tokenizer_`` existed use ``tokenizer``)."""
        tok = getattr(self, "tokenizer_", None)
        return tok if tok is not None else self.tokenizer

    def _fit_vocab(self, texts: list[str]) -> None:
        self.tokenizer_ = self.tokenizer if self.tokenizer is not None else Tokenizer()
        df: dict[str, int] = {}
        for toks in self._tok().cut_many(texts):
            for t in set(toks):
                if not t.isspace():
                    df[t] = df.get(t, 0) + 1
        words = np.array(sorted(df), dtype=object)
        counts = np.array([df[w] for w in words], dtype=np.int64)
        keys = np.arange(len(words))
        idx = self._select_vocab(keys, counts, len(texts))
        self.vocabulary_ = np.array([str(w) for w in words[idx]], dtype=str)
        self._set_idf(counts[idx], len(texts))
        self.cue_words_, self.cue_groups_ = _cue_columns(self.vocabulary_, self.cues or {})

    def finish(self, counts: sparse.csr_matrix, copy: bool = True) -> sparse.csr_matrix:
        """TF-IDF of the words, then one column per cue group: ``log1p(hits) * cue_scale``."""
        if not getattr(self, "cues", None):  # also artefacts saved before cue columns existed
            return self._weight(counts, copy)
        groups = sparse.csr_matrix((np.ones(len(self.cue_words_)), (self.cue_words_, self.cue_groups_)),
                                   shape=(counts.shape[1], len(self.cues)))
        hits = (counts @ groups).tocsr()  # from the raw counts, before they are weighted
        tfidf = self._weight(counts, copy)
        np.log1p(hits.data, out=hits.data)
        hits.data *= self.cue_scale
        return sparse.hstack([tfidf, hits], format="csr")

    def _index(self) -> dict[str, int]:
        """Word -> column; the line break (never in the vocabulary) maps to ``BREAK``."""
        index = getattr(self, "_index_cache", None)
        if index is None:
            index = {w: i for i, w in enumerate(self.vocabulary_.tolist())}
            index["\n"] = BREAK
            self._index_cache = index
        return index

    def _count(self, texts: list[str]) -> sparse.csr_matrix:
        """Word counts: the texts are joined by line breaks and cut in one rjieba call (about
        12% faster than a call per text). jieba cuts at every whitespace character, so the
        break is a token of its own and no token crosses two texts; line breaks and carriage
        returns inside a text become spaces first (whitespace tokens are never in the
        vocabulary, so its counts do not change)."""
        joined = "\n".join(texts)
        if "\r" in joined or joined.count("\n") != max(len(texts) - 1, 0):
            joined = "\n".join(t.replace("\r", " ").replace("\n", " ") for t in texts)
        index = self._index()
        toks = self._tok().cut_function()(joined)
        col = np.fromiter(map(index.get, toks, repeat(MISSING)), np.int64, len(toks))
        doc = np.cumsum(col == BREAK)
        hit = col >= 0
        return _csr_from_hits(doc[hit], col[hit], len(texts), len(self.vocabulary_))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        check_is_fitted(self, "idf_")
        cue_names = [f"cue:{name}" for name in getattr(self, "cues", None) or {}]
        return np.asarray([*self.vocabulary_.tolist(), *cue_names], dtype=object)


def _cue_columns(vocabulary: np.ndarray, cues: dict[str, list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """``(word column, cue group)`` pairs: a one-character cue matches a whole token, a longer
    one any vocabulary word containing it.

    >>> _cue_columns(np.array(["网站", "门户网站", "将", "将军"]), {"p": ["网站"], "m": ["将"]})
    (array([0, 1, 2]), array([0, 0, 1]))
    """
    rows, groups = [], []
    for j, words in enumerate(cues.values()):
        short = {w for w in words if len(w) == 1}
        long_ = [w for w in words if len(w) > 1]
        for i, token in enumerate(vocabulary.tolist()):
            if token in short or any(w in token for w in long_):
                rows.append(i)
                groups.append(j)
    return np.array(rows, dtype=np.int64), np.array(groups, dtype=np.int64)


# --------------------------------------------------------------------------- structure


class StructTokens(TransformerMixin, BaseEstimator):
    """One-hot columns of the structural tokens of each document (``field="struct"``),
    e.g. ``pos2`` (relative position in the report) and ``era2019``, each worth ``scale``.

    Tokens seen in fewer than ``min_df`` training documents are dropped; documents without
    structure (plain text input) get an all-zero row.
    """

    def __init__(self, scale: float = 0.35, min_df: int = 2) -> None:
        self.scale = scale
        self.min_df = min_df

    def fit(self, docs: Sequence[str], y: Any = None) -> StructTokens:
        df: dict[str, int] = {}
        for text in select_field(_check_docs(docs), "struct"):
            for tok in set(text.split()):
                df[tok] = df.get(tok, 0) + 1
        self.vocabulary_ = np.array(sorted(t for t, n in df.items() if n >= self.min_df), dtype=str)
        return self

    def transform(self, docs: Sequence[str]) -> sparse.csr_matrix:
        check_is_fitted(self, "vocabulary_")
        index = {t: i for i, t in enumerate(self.vocabulary_.tolist())}
        rows, cols = [], []
        for row, text in enumerate(select_field(_check_docs(docs), "struct")):
            if text:
                hits = {index[t] for t in text.split() if t in index}
                rows.extend([row] * len(hits))
                cols.extend(sorted(hits))
        data = np.full(len(rows), float(self.scale))
        return sparse.csr_matrix((data, (rows, cols)), shape=(len(docs), len(self.vocabulary_)))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        check_is_fitted(self, "vocabulary_")
        return np.asarray(self.vocabulary_.tolist(), dtype=object)
