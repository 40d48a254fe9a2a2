"""The tagger model: one scikit-learn Pipeline, per-label thresholds, predict and explain.

Pipeline = ``FeatureUnion`` (word TF-IDF + character n-gram TF-IDF on the body, and
optionally character n-grams of the heading) -> ``OneVsRestClassifier`` of a linear model
wrapped in ``CalibratedClassifierCV`` (sigmoid; ``ensemble=False`` keeps one linear model per
label, so the artefact stays small and ``--explain`` can read its coefficients).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import ConfigError
from .features import distinct
from .labels import CATEGORIES, MEASURES, OTHER, PROBLEMS

DEFAULT_CONFIG: dict[str, Any] = {
    "classifier": "logreg",  # logreg | svm | sgd | cnb: the linear model inside the calibrator
    "C": 4.0,  # inverse regularisation of logreg / svm
    "char_ngrams": [1, 2],  # character n-gram range of the body block (max 3)
    "char_max_features": 20000,  # vocabulary cap of the body character block
    "word_max_features": 10000,  # vocabulary cap of the body word block
    "min_df": 2,  # drop n-grams/words seen in fewer documents
    "use_heading": True,  # add a character n-gram block on the heading context
    "heading_max_features": 3000,  # vocabulary cap of the heading block
    "calibration": "sigmoid",  # sigmoid | isotonic
    "calibration_cv": 3,  # folds used to fit the calibrator
    "class_weight": "balanced",  # class weights of logreg / svm / sgd (None for none)
    "seed": 0,  # random_state wherever one is used
    "normalize": True,  # features on normalised text (t2s, half-width, squeezed whitespace)
    "cues": True,  # add per-category cue-word counts (nlp_gk.labels.CUES) to the word block
    "cue_scale": 0.15,  # weight of the cue columns (log1p counts times this)
    "struct": False,  # with use_heading: one-hot position-in-report and era tokens (opt-in)
    "struct_scale": 0.35,  # value of a structural token's column
    "sentences": True,  # stack sentence evidence (nlp_gk.stack.SentenceStack)
    "stack_C": 0.1,  # inverse regularisation of the stacker (chosen on dev: 0.03-0.3 within 0.004)
    "sentence_min_chars": 6,  # shorter sentences carry no evidence of their own
    "stack_cv": 4,  # series folds of the stacker's out-of-fold training inputs
}
CLASSIFIERS = ("logreg", "svm", "sgd", "cnb")


def resolve_config(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults updated with ``overrides``; unknown keys or values raise ConfigError."""
    cfg = dict(DEFAULT_CONFIG)
    for key, value in (overrides or {}).items():
        if key not in cfg:
            raise ConfigError(f"unknown tagger config key {key!r} (known: {sorted(cfg)})")
        cfg[key] = value
    if cfg["classifier"] not in CLASSIFIERS:
        raise ConfigError(f"classifier must be one of {CLASSIFIERS}, got {cfg['classifier']!r}")
    if cfg["calibration"] not in ("sigmoid", "isotonic"):
        raise ConfigError(f"calibration must be sigmoid or isotonic, got {cfg['calibration']!r}")
    return cfg


def _base_classifier(cfg: dict[str, Any]) -> Any:
    from sklearn.linear_model import LogisticRegression, SGDClassifier
    from sklearn.naive_bayes import ComplementNB
    from sklearn.svm import LinearSVC

    name, cw, seed = cfg["classifier"], cfg["class_weight"], cfg["seed"]
    if name == "logreg":
        return LogisticRegression(C=cfg["C"], class_weight=cw, solver="liblinear", max_iter=1000)
    if name == "svm":
        return LinearSVC(C=cfg["C"] / 8, class_weight=cw, random_state=seed)
    if name == "sgd":
        return SGDClassifier(loss="modified_huber", alpha=1e-5, class_weight=cw,
                             random_state=seed, max_iter=50, tol=None)
    return ComplementNB(alpha=0.3)


def build_pipeline(config: dict[str, Any] | None = None) -> Any:
    """The unfitted tagger Pipeline for ``config`` (see :data:`DEFAULT_CONFIG`)."""
    from sklearn.base import clone
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    from .features import CharTfidf, StructTokens, WordTfidf
    from .labels import CUES
    from .textnorm import TextNormalizer
    from .tokenize import Tokenizer

    cfg = resolve_config(config)
    cues = {lab: list(words) for lab, words in CUES.items()} if cfg["cues"] else None
    blocks = [
        ("words", WordTfidf(Tokenizer(), field="body", min_df=cfg["min_df"],
                            max_features=cfg["word_max_features"], cues=cues,
                            cue_scale=cfg["cue_scale"])),
        ("chars", CharTfidf(tuple(cfg["char_ngrams"]), field="body", min_df=cfg["min_df"],
                            max_features=cfg["char_max_features"])),
    ]
    if cfg["use_heading"]:
        blocks.append(("heading", CharTfidf((1, 2), field="heading", min_df=cfg["min_df"],
                                            max_features=cfg["heading_max_features"])))
        if cfg["struct"]:
            blocks.append(("struct", StructTokens(cfg["struct_scale"], min_df=cfg["min_df"])))
    calibrated = CalibratedClassifierCV(_base_classifier(cfg), method=cfg["calibration"],
                                        cv=cfg["calibration_cv"], ensemble=False)
    steps = [("norm", TextNormalizer())] if cfg["normalize"] else []
    if cfg["sentences"]:
        from .stack import SentenceStack

        ovr = OneVsRestClassifier(calibrated)
        tagger = SentenceStack(FeatureUnion(blocks), ovr, clone(ovr), cfg["stack_C"],
                               cfg["sentence_min_chars"], cfg["stack_cv"], cfg["seed"])
        return Pipeline([*steps, ("tagger", tagger)])
    return Pipeline([*steps, ("features", FeatureUnion(blocks)),
                     ("clf", OneVsRestClassifier(calibrated))])


def label_matrix(labels: Sequence[Sequence[str]], categories: Sequence[str] = CATEGORIES) -> np.ndarray:
    """0/1 indicator matrix (n, len(categories)); unknown labels raise ConfigError."""
    index = {c: i for i, c in enumerate(categories)}
    y = np.zeros((len(labels), len(categories)), dtype=np.int64)
    for row, labs in enumerate(labels):
        for lab in labs:
            if lab not in index:
                raise ConfigError(f"unknown label {lab!r} (known: {list(categories)})")
            y[row, index[lab]] = 1
    return y


def choose_thresholds(y: np.ndarray, proba: np.ndarray, labels: Sequence[str]) -> dict[str, float]:
    """Per-label threshold maximising F1 on dev predictions (0.5 when a label is absent)."""
    out = {}
    grid = np.round(np.arange(0.1, 0.91, 0.05), 2)
    for j, lab in enumerate(labels):
        if y[:, j].sum() == 0:
            out[lab] = 0.5
            continue
        f1s = [_f1(y[:, j], proba[:, j] >= t) for t in grid]
        out[lab] = float(grid[int(np.argmax(f1s))])
    return out


def _f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float(np.sum(y & pred))
    denom = float(np.sum(y) + np.sum(pred))
    return 2 * tp / denom if denom else 0.0


@dataclass
class TaggerModel:
    """A fitted pipeline with its label order, thresholds and metadata."""

    pipeline: Any
    labels: tuple[str, ...] = CATEGORIES
    thresholds: dict[str, float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def predict_proba(self, docs: Sequence[str]) -> np.ndarray:
        """Calibrated probability of every label, shape (n, len(labels))."""
        if isinstance(docs, str):
            raise TypeError("predict_proba expects a list of documents, got a str")
        if not len(docs):
            return np.zeros((0, len(self.labels)))
        unique, inverse = distinct(docs)
        proba = np.asarray(self.pipeline.predict_proba(unique), dtype=np.float64)
        return proba if inverse is None else proba[inverse]

    def decide(self, proba: np.ndarray) -> list[list[str]]:
        """Labels over their thresholds; the most probable label when none passes."""
        thr = np.array([self.thresholds.get(lab, 0.5) for lab in self.labels])
        passed = proba >= thr
        if self.meta.get("exclusive_groups"):
            passed = exclusive_groups(passed, proba, self.labels)
        none = ~passed.any(axis=1)
        passed[none, proba[none].argmax(axis=1)] = True
        # each row's label set as a bit mask, mapped through a table of all subsets
        codes = passed.astype(np.int64) @ (1 << np.arange(len(self.labels), dtype=np.int64))
        table = [[lab for j, lab in enumerate(self.labels) if code >> j & 1]
                 for code in range(1 << len(self.labels))]
        return [list(table[c]) for c in codes.tolist()]

    def predict(self, docs: Sequence[str]) -> list[list[str]]:
        return self.decide(self.predict_proba(docs))

    def _linear_parts(self) -> tuple[list[Any], Any, Any]:
        """(steps before the features, fitted feature union, paragraph one-vs-rest model)."""
        steps = list(self.pipeline.named_steps.items())
        if steps[-1][0] == "tagger":  # SentenceStack: explain its paragraph model
            tagger = steps[-1][1]
            return [s for _, s in steps[:-1]], tagger.features_, tagger.paragraph_clf_
        return [s for _, s in steps[:-2]], steps[-2][1], steps[-1][1]

    def explain(self, docs: Sequence[str], labels: Sequence[Sequence[str]], k: int = 5
                ) -> list[dict[str, list[list[Any]]]]:
        """Top ``k`` features pushing each predicted label up: ``{label: [[feature, weight]]}``."""
        prefix, features, clf = self._linear_parts()
        for step in prefix:  # the text normaliser, if any
            docs = step.transform(docs)
        x = features.transform(docs).tocsr()
        names = feature_names(features)
        coefs = label_coefficients(clf)
        index = {lab: j for j, lab in enumerate(self.labels)}
        out = []
        for i, labs in enumerate(labels):
            row = x.getrow(i)
            expl = {}
            for lab in labs:
                contrib = row.data * coefs[index[lab]][row.indices]
                top = np.argsort(-contrib)[:k]
                expl[lab] = [[names[row.indices[t]], round(float(contrib[t]), 4)]
                             for t in top if contrib[t] > 0]
            out.append(expl)
        return out


def exclusive_groups(passed: np.ndarray, proba: np.ndarray, labels: Sequence[str]) -> np.ndarray:
    """Keep one label group per row: {存在问题, 改进措施} or the rest, whichever holds the most
    probable passing label. (The gold never mixes the groups; a decision option chosen on dev.)

    >>> exclusive_groups(np.array([[True, False, True, False, False]]),
    ...                  np.array([[0.9, 0.1, 0.6, 0.1, 0.1]]), CATEGORIES).astype(int).tolist()
    [[1, 0, 0, 0, 0]]
    """
    first = np.isin(np.asarray(labels), [PROBLEMS, MEASURES])
    both = passed[:, first].any(axis=1) & passed[:, ~first].any(axis=1)
    if not both.any():
        return passed
    passed = passed.copy()
    keep_first = proba[:, first].max(axis=1) >= proba[:, ~first].max(axis=1)
    passed[both & keep_first] &= first
    passed[both & ~keep_first] &= ~first
    return passed


def feature_names(union: Any) -> list[str]:
    """``block:feature`` names of a fitted FeatureUnion of our vectorisers."""
    names: list[str] = []
    for block, vec in union.transformer_list:
        names.extend(f"{block}:{n}" for n in vec.get_feature_names_out())
    return names


def label_coefficients(ovr: Any) -> list[np.ndarray]:
    """One weight vector per label from OneVsRest(CalibratedClassifierCV(linear))."""
    out = []
    for est in ovr.estimators_:
        inner = getattr(est, "calibrated_classifiers_", None)
        base = inner[0].estimator if inner else est
        if hasattr(base, "coef_"):
            out.append(np.asarray(base.coef_).ravel())
        elif hasattr(base, "feature_log_prob_"):  # ComplementNB: class 1 vs class 0
            flp = base.feature_log_prob_
            out.append(np.asarray(flp[-1] - flp[0]).ravel())
        else:  # constant predictor for a label never seen in training
            out.append(np.zeros(ovr.n_features_in_ if hasattr(ovr, "n_features_in_") else 0))
    return out


def fit_pipeline(config: dict[str, Any] | None, docs: list[str], y: np.ndarray,
                 sample_weight: np.ndarray | None = None,
                 groups: Sequence[Any] | None = None) -> Any:
    """Build and fit the pipeline, shrinking the calibration folds for rare labels.

    A label with fewer than 2 positives (or negatives) cannot be calibrated; it is treated
    as never seen (constant probability 0) in this fit. ``sample_weight`` (e.g. low weights
    for weak labels) reaches the linear model and the calibrator. ``groups`` (series) splits
    the stacker's folds when the config stacks sentence evidence.
    """
    cfg = resolve_config(config)
    if cfg["sentences"]:
        pipe = build_pipeline(cfg)
        return pipe.fit(docs, y, tagger__sample_weight=sample_weight, tagger__groups=groups)
    y, cfg["calibration_cv"] = _trainable(y, cfg["calibration_cv"])
    pipe = build_pipeline(cfg)
    if sample_weight is None or np.all(sample_weight == 1):
        return pipe.fit(docs, y)
    return _fit_weighted(pipe, pipe.named_steps["clf"].estimator, docs, y,
                         np.asarray(sample_weight, dtype=np.float64))


def _trainable(y: np.ndarray, cv: int) -> tuple[np.ndarray, int]:
    """Label columns with < 2 positives or negatives zeroed; calibration folds that fit."""
    y = y.copy()
    pos = y.sum(axis=0)
    y[:, (pos < 2) | (len(y) - pos < 2)] = 0
    counts = [min(p, len(y) - p) for p in y.sum(axis=0) if p]
    return y, max(2, min([cv, *counts]))


def fit_ovr(ovr: Any, x: Any, y: np.ndarray, sample_weight: np.ndarray | None = None) -> Any:
    """A fitted clone of a one-vs-rest calibrated linear model (rare labels as in
    :func:`fit_pipeline`, sample weights routed to the calibrator and its linear model)."""
    import warnings

    from sklearn.base import clone

    ovr = clone(ovr)
    y, cv = _trainable(np.asarray(y), ovr.estimator.cv)
    ovr.estimator.set_params(cv=cv)
    with warnings.catch_warnings():  # a label absent from these rows: constant predictor
        warnings.filterwarnings("ignore", message="Label not", category=UserWarning)
        if sample_weight is None or np.all(sample_weight == 1):
            return ovr.fit(x, y)
        return _fit_weighted(ovr, ovr.estimator, x, y, np.asarray(sample_weight, dtype=np.float64))


def _fit_weighted(est: Any, calibrated: Any, x: Any, y: np.ndarray, weight: np.ndarray) -> Any:
    """Fit ``est`` (a pipeline or one-vs-rest model holding ``calibrated``) with sample weights
    routed to the calibrator and its linear model, then drop the routing requests again so
    the fitted artefact holds only the usual types."""
    import sklearn

    with sklearn.config_context(enable_metadata_routing=True):
        calibrated.set_fit_request(sample_weight=True)
        if "sample_weight" in _fit_args(calibrated.estimator):
            calibrated.estimator.set_fit_request(sample_weight=True)
        est.fit(x, y, sample_weight=weight)
    ovr = est.named_steps["clf"] if hasattr(est, "named_steps") else est
    for fitted in [calibrated, *ovr.estimators_]:
        _drop_requests(fitted)
    return est


def _fit_args(est: Any) -> set[str]:
    import inspect

    return set(inspect.signature(est.fit).parameters)


def _drop_requests(est: Any) -> None:
    est.__dict__.pop("_metadata_request", None)
    for attr in ("estimator",):
        if hasattr(est, attr):
            _drop_requests(getattr(est, attr))
    for inner in getattr(est, "calibrated_classifiers_", []):
        _drop_requests(inner.estimator)


def fit_model(docs: Sequence[str], labels: Sequence[Sequence[str]],
              config: dict[str, Any] | None = None,
              thresholds: dict[str, float] | None = None,
              sample_weight: Sequence[float] | None = None,
              groups: Sequence[Any] | None = None) -> TaggerModel:
    """Fit the pipeline on documents and their label lists (optionally weighted; ``groups``
    are the series, used by the sentence stacker's folds)."""
    if isinstance(docs, str) or len(docs) != len(labels):
        raise ConfigError("fit_model needs equal-length lists of documents and label lists")
    cfg = resolve_config(config)
    weight = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    pipe = fit_pipeline(cfg, list(docs), label_matrix(labels), weight, groups)
    thr = thresholds or dict.fromkeys(CATEGORIES, 0.5)
    return TaggerModel(pipe, CATEGORIES, thr, {"config": cfg})


def oof_proba(docs: Sequence[str], labels: Sequence[Sequence[str]], groups: Sequence[str],
              config: dict[str, Any] | None = None, n_splits: int = 4,
              sample_weight: Sequence[float] | None = None) -> np.ndarray:
    """Out-of-fold probabilities with folds split by ``groups`` (series): the dev predictions."""
    from sklearn.model_selection import GroupKFold

    docs_arr = np.asarray(list(docs), dtype=object)
    y = label_matrix(labels)
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    proba = np.zeros(y.shape, dtype=np.float64)
    n_groups = len(set(groups))
    if n_groups < 2:
        raise ConfigError("dev predictions need at least two series")
    for tr, te in GroupKFold(n_splits=min(n_splits, n_groups)).split(docs_arr, y, list(groups)):
        pipe = fit_pipeline(config, list(docs_arr[tr]), y[tr], w[tr],
                            [groups[i] for i in tr])
        proba[te] = pipe.predict_proba(list(docs_arr[te]))
    return proba


__all__ = ["CATEGORIES", "OTHER", "DEFAULT_CONFIG", "TaggerModel", "build_pipeline", "fit_model",
           "oof_proba", "choose_thresholds", "label_matrix", "resolve_config"]
