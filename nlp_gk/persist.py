"""A model is a folder: ``model.skops`` (the Pipeline) plus ``meta.json``.

``meta.json`` holds the format version, labels, thresholds, config, training-data hash, dev
and test scores, library versions and the sha256 of the artefact. Loading is safe twice over:
the artefact's sha256 must match ``meta.json`` (else :class:`ModelError`), and skops loads it
with an explicit list of trusted types, so no code from the file is executed.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .errors import ModelError
from .io import atomic_path, write_text_atomic
from .model import TaggerModel

FORMAT_VERSION = 1
ARTEFACT = "model.skops"
META = "meta.json"
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "default"
# Types beyond skops' defaults that a tagger artefact may contain; nothing else loads.
TRUSTED_TYPES = [
    "nlp_gk.features.CharTfidf",
    "nlp_gk.stack.SentenceStack",
    "nlp_gk.features.StructTokens",
    "nlp_gk.features.WordTfidf",
    "nlp_gk.tokenize.Tokenizer",
    "nlp_gk.textnorm.TextNormalizer",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.isotonic.IsotonicRegression",
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.multiclass._ConstantPredictor",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.linear_model._stochastic_gradient.SGDClassifier",
    "sklearn.svm._classes.LinearSVC",
    "sklearn.naive_bayes.ComplementNB",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._label.LabelBinarizer",
    "sklearn.utils._bunch.Bunch",
    "builtins.slice",
    "numpy.dtypes.StrDType",
    "numpy.dtypes.Int64DType",
    "numpy.dtypes.Float64DType",
    "numpy.dtypes.UInt64DType",
]


def file_sha256(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    from importlib import metadata

    out = {}
    for lib in ("nlp_gk", "scikit-learn", "numpy", "scipy", "skops", "rjieba"):
        try:
            out[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            out[lib] = "missing"
    return out


def save_model(model: TaggerModel, out_dir: str | os.PathLike[str]) -> Path:
    """Write ``model.skops`` and ``meta.json`` into ``out_dir`` (each atomically)."""
    import skops.io as sio

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with atomic_path(out / ARTEFACT) as tmp:
        sio.dump(model.pipeline, tmp)
        digest = file_sha256(tmp)
    meta = dict(model.meta)
    versions = library_versions()
    meta.update({
        "version": f"{versions['nlp_gk']}+{digest[:12]}",  # package version + artefact hash
        "format_version": FORMAT_VERSION,
        "labels": list(model.labels),
        "thresholds": model.thresholds,
        "artefact": ARTEFACT,
        "sha256": digest,
        "size_bytes": (out / ARTEFACT).stat().st_size,
        "libraries": versions,
    })
    write_text_atomic(out / META, json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
    return out


def read_meta(model_dir: str | os.PathLike[str]) -> dict[str, Any]:
    path = Path(model_dir) / META
    if not path.is_file():
        raise ModelError(f"{model_dir}: not a model folder (no {META})")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path}: unreadable meta.json ({exc})") from None
    for key in ("labels", "thresholds", "sha256", "format_version"):
        if key not in meta:
            raise ModelError(f"{path}: meta.json lacks {key!r}")
    if meta["format_version"] != FORMAT_VERSION:
        raise ModelError(f"{path}: model format {meta['format_version']} (expected {FORMAT_VERSION})")
    return meta


def load_model(path: str | os.PathLike[str] | None = None) -> TaggerModel:
    """Load a model folder (the bundled default when ``path`` is None), safely.

    Raises :class:`ModelError` when the folder is incomplete, the artefact's sha256 differs
    from ``meta.json``, or the artefact holds a type outside :data:`TRUSTED_TYPES`.
    """
    model_dir = Path(path) if path is not None else DEFAULT_MODEL_DIR
    meta = read_meta(model_dir)
    artefact = model_dir / meta.get("artefact", ARTEFACT)
    if not artefact.is_file():
        raise ModelError(f"{model_dir}: artefact {artefact.name} missing")
    data = artefact.read_bytes()
    if hashlib.sha256(data).hexdigest() != meta["sha256"]:
        raise ModelError(f"{artefact}: sha256 does not match meta.json; refusing to load "
                         "a modified or corrupted model")
    pipeline = _skops_load(data, artefact)
    return TaggerModel(pipeline, tuple(meta["labels"]), dict(meta["thresholds"]), meta)


def _skops_load(data: bytes, artefact: Path) -> Any:
    import skops.io as sio

    try:
        untrusted = sio.get_untrusted_types(data=data)
    except Exception as exc:  # skops raises assorted errors on a damaged zip
        raise ModelError(f"{artefact}: not a readable skops artefact ({exc})") from None
    extra = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if extra:
        raise ModelError(f"{artefact}: refusing untrusted types {extra}")
    try:
        return sio.loads(data, trusted=TRUSTED_TYPES)
    except Exception as exc:
        raise ModelError(f"{artefact}: failed to load ({type(exc).__name__}: {exc})") from None
