"""Sentence evidence for the paragraph tagger: a stacked estimator (scikit-learn conventions).

The gold rule is a sentence rule: a paragraph carries a label when one full sentence is
mainly about it. A paragraph model alone dilutes one platform sentence among five about
counts. :class:`SentenceStack` therefore holds

* ``features``: the vectoriser blocks (a ``FeatureUnion`` of our TF-IDF vectorisers), fitted
  on paragraphs. Body n-grams are counted **once**, per sentence; a paragraph's counts are
  the sum of its sentences' counts, so the sentence view costs little extra;
* ``paragraph_clf``: the calibrated one-vs-rest linear model on paragraph rows;
* ``sentence_clf``: the same model trained on the sentences of single-label paragraphs
  (each sentence inherits its paragraph's label and heading);
* a stacker: per label, a logistic regression on the logits of the paragraph probability
  and of the max and mean sentence probability of all five labels (15 inputs), trained on
  out-of-fold predictions (folds by ``groups``, i.e. series) of the full-weight rows.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted

from .features import FIELD_SEP, distinct

EPS = 1e-4  # probabilities are clipped to [EPS, 1 - EPS] before taking logits


def sentence_view(docs: Sequence[str], min_chars: int = 6
                  ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The sentences of each document's body (:func:`nlp_gk.segment.split_sentences`).

    Returns ``(sentences, owner, kept)``: ``owner[i]`` is the document of sentence ``i``
    (non-decreasing; every document has at least one sentence, possibly empty) and ``kept``
    marks the sentences of at least ``min_chars`` characters that carry evidence (all of a
    document's sentences when none is that long).

    >>> s, owner, kept = sentence_view(["标题\x1e一是不足。二是差。", "短", ""], min_chars=3)
    >>> s, owner.tolist(), kept.tolist()
    (['一是不足。', '二是差。', '短', ''], [0, 0, 1, 2], [True, True, True, True])
    """
    from .segment import SENTENCE_RE

    findall = SENTENCE_RE.findall
    per_doc = [[t for s in findall(d.rpartition(FIELD_SEP)[2]) if (t := s.strip())] or [""]
               for d in docs]
    counts = np.fromiter(map(len, per_doc), np.int64, len(per_doc))
    sentences = [s for found in per_doc for s in found]
    owner = np.repeat(np.arange(len(docs), dtype=np.int64), counts)
    long_ = np.fromiter(map(len, sentences), np.int64, len(sentences)) >= min_chars
    first = np.cumsum(counts) - counts
    any_long = np.maximum.reduceat(long_, first) if len(docs) else np.zeros(0, bool)
    return sentences, owner, long_ | ~any_long[owner]


def block_features(union: Any, docs: Sequence[str], sent_docs: Sequence[str],
                   owner: np.ndarray, rows: np.ndarray | None = None
                   ) -> tuple[list[Any], list[Any]]:
    """Per vectoriser block, the paragraph rows and the sentence rows (all sentences, or the
    sentences ``rows`` selects), from one count of the body n-grams.

    Body blocks (``field == "body"``) count each distinct sentence once (template sentences
    repeat) and sum sentences into paragraphs. Other blocks (heading, structure) are computed
    per paragraph; their sentence entry is ``None``, meaning "the paragraph's row, repeated for
    each of its sentences".
    """
    unique, inverse = distinct(sent_docs)
    if inverse is None:
        inverse = np.arange(len(sent_docs))
    # paragraph x distinct sentence: how often each distinct sentence occurs in the paragraph
    agg = sparse.csr_matrix((np.ones(len(owner)), (owner, inverse)), shape=(len(docs), len(unique)))
    pick = inverse if rows is None else inverse[rows]
    para, sent = [], []
    for _, vec in union.transformer_list:
        if getattr(vec, "field", None) == "body":
            counts = vec.count(unique)
            para.append(vec.finish((agg @ counts).tocsr(), copy=False))
            sent.append(vec.finish(counts, copy=False)[pick])  # the last use of counts
        else:
            para.append(sparse.csr_matrix(vec.transform(docs)))
            sent.append(None)
    return para, sent


def blocks_proba(ovr: Any, blocks: Sequence[Any], base: Sequence[Any] | None = None,
                 rows: np.ndarray | None = None) -> np.ndarray:
    """``ovr.predict_proba`` of the column-wise stack of ``blocks``, without building it.

    A ``None`` block stands for ``base[k][rows]`` (a paragraph block repeated per sentence).
    The score of a linear model is a sum over blocks, so each block is multiplied once by
    the weights of all labels; the per-label calibrators then map the summed scores.
    Models that are not plain calibrated linear ones fall back to ``ovr.predict_proba``.
    """
    linear = _linear_calibrated(ovr)
    if linear is None:
        parts = [b if b is not None else base[k][rows] for k, b in enumerate(blocks)]
        return ovr.predict_proba(sparse.hstack(parts, format="csr"))
    weights, intercepts, calibrators = linear
    n_rows = len(rows) if rows is not None else blocks[0].shape[0]
    score = np.tile(intercepts, (n_rows, 1))
    offset = 0
    for k, block in enumerate(blocks):
        width = (block if block is not None else base[k]).shape[1]
        w = weights[offset:offset + width]
        score += block @ w if block is not None else (base[k] @ w)[rows]
        offset += width
    return np.column_stack([cal(score[:, j]) for j, cal in enumerate(calibrators)])


def _linear_calibrated(ovr: Any) -> tuple[np.ndarray, np.ndarray, list[Any]] | None:
    """Weights (features x labels), intercepts and calibration functions of a one-vs-rest
    model of single calibrated linear classifiers; None for any other model."""
    cols, icpts, cals = [], [], []
    for est in ovr.estimators_:
        inner = getattr(est, "calibrated_classifiers_", None)
        if not inner or len(inner) != 1 or not hasattr(inner[0].estimator, "coef_"):
            return None
        cal = inner[0]
        cols.append(np.asarray(cal.estimator.coef_, dtype=np.float64).ravel())
        icpts.append(float(np.ravel(cal.estimator.intercept_)[0]))
        cals.append(cal.calibrators[0].predict)
    return np.column_stack(cols), np.asarray(icpts), cals


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, EPS, 1 - EPS)
    return np.log(p / (1 - p))


def evidence(sent_proba: np.ndarray, owner: np.ndarray, n_docs: int) -> np.ndarray:
    """Per document: the max and the mean of its sentences' probabilities, ``(n, 2k)``.

    ``owner`` must be non-decreasing and cover every document.

    >>> evidence(np.array([[0.2], [0.8], [0.5]]), np.array([0, 0, 1]), 2).tolist()
    [[0.8, 0.5], [0.5, 0.5]]
    """
    starts = np.searchsorted(owner, np.arange(n_docs))
    sizes = np.diff(np.append(starts, len(owner)))
    if len(owner) == 0 or np.any(sizes == 0):
        raise ValueError("every document needs at least one sentence")
    top = np.maximum.reduceat(sent_proba, starts, axis=0)
    mean = np.add.reduceat(sent_proba, starts, axis=0) / sizes[:, None]
    return np.hstack([top, mean])


class SentenceStack(ClassifierMixin, BaseEstimator):
    """Paragraph model + sentence model + stacker (see the module docstring).

    ``fit(docs, Y, sample_weight=None, groups=None)`` takes normalised documents and a 0/1
    label matrix; ``predict_proba`` returns the stacked probabilities, one column per label.
    """

    def __init__(self, features: Any = None, paragraph_clf: Any = None,
                 sentence_clf: Any = None, stack_C: float = 0.1, min_chars: int = 6,
                 cv: int = 4, seed: int = 0) -> None:
        self.features = features
        self.paragraph_clf = paragraph_clf
        self.sentence_clf = sentence_clf
        self.stack_C = stack_C
        self.min_chars = min_chars
        self.cv = cv
        self.seed = seed

    def fit(self, docs: Sequence[str], y: Any, sample_weight: Any = None,
            groups: Sequence[Any] | None = None) -> SentenceStack:
        y = np.asarray(y)
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
        self.features_ = clone(self.features).fit(list(docs))
        sent_docs, owner, kept = sentence_view(docs, self.min_chars)
        bp, bs = block_features(self.features_, docs, sent_docs, owner)
        xp = sparse.hstack(bp, format="csr")
        xs = sparse.hstack([b if b is not None else bp[k][owner] for k, b in enumerate(bs)],
                           format="csr")
        z = np.zeros((len(y), 3 * y.shape[1]))
        for tr, va in self._folds(len(y), groups):
            va = np.sort(va)
            para, sent = self._fit_pair(xp, xs, owner, kept, y, w, tr)
            pick = kept & np.isin(owner, va)
            z[va] = self._stack_inputs(para, sent, [xp[va]], [xs[pick]], None, owner[pick])
        full = w >= w.max() - 1e-9  # the stacker learns from full-weight (hand-labelled) rows
        self.stacker_ = _fit_stacker(z[full], y[full], self.stack_C)
        self.paragraph_clf_, self.sentence_clf_ = self._fit_pair(xp, xs, owner, kept, y, w,
                                                                 np.arange(len(y)))
        return self

    def predict_proba(self, docs: Sequence[str]) -> np.ndarray:
        check_is_fitted(self, "stacker_")
        sent_docs, owner, kept = sentence_view(docs, self.min_chars)
        bp, bs = block_features(self.features_, docs, sent_docs, owner, np.flatnonzero(kept))
        z = self._stack_inputs(self.paragraph_clf_, self.sentence_clf_, bp, bs, bp, owner[kept])
        return self.stacker_.predict_proba(z)

    def _folds(self, n: int, groups: Sequence[Any] | None) -> list[tuple[np.ndarray, np.ndarray]]:
        from sklearn.model_selection import GroupKFold, KFold

        if groups is not None and len(set(groups)) >= 2:
            k = min(self.cv, len(set(groups)))
            return list(GroupKFold(n_splits=k).split(np.zeros(n), groups=list(groups)))
        return list(KFold(n_splits=min(self.cv, n), shuffle=True, random_state=self.seed)
                    .split(np.zeros(n)))

    def _fit_pair(self, xp: Any, xs: Any, owner: np.ndarray, kept: np.ndarray, y: np.ndarray,
                  w: np.ndarray, rows: np.ndarray) -> tuple[Any, Any]:
        """Paragraph model on ``rows``; sentence model on kept sentences of its single-label rows."""
        from .model import fit_ovr

        para = fit_ovr(self.paragraph_clf, xp[rows], y[rows], w[rows])
        single = np.zeros(len(y), dtype=bool)
        single[rows] = y[rows].sum(axis=1) == 1
        pick = kept & single[owner]
        if not pick.any():  # no single-label paragraph: sentences of all rows
            pick = kept & np.isin(owner, rows)
        sent = fit_ovr(self.sentence_clf, xs[pick], y[owner[pick]], w[owner[pick]])
        return para, sent

    def _stack_inputs(self, para: Any, sent: Any, para_blocks: list[Any], sent_blocks: list[Any],
                      base: list[Any] | None, owner_kept: np.ndarray) -> np.ndarray:
        """Logits of [paragraph probabilities, max and mean sentence probabilities]."""
        _, local = np.unique(owner_kept, return_inverse=True)
        n = para_blocks[0].shape[0]
        sent_p = blocks_proba(sent, sent_blocks, base, owner_kept)
        ev = evidence(sent_p, local.ravel(), n)
        return _logit(np.hstack([blocks_proba(para, para_blocks), ev]))


def _fit_stacker(z: np.ndarray, y: np.ndarray, c: float) -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    with warnings.catch_warnings():  # a label absent from the rows gets a constant predictor
        warnings.filterwarnings("ignore", message="Label not", category=UserWarning)
        return OneVsRestClassifier(LogisticRegression(C=c, max_iter=2000)).fit(z, y)
