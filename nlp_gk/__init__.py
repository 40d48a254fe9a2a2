"""nlp_gk: read, segment, tag and compare Chinese government information-disclosure reports.

The public API is importable from here; heavy libraries (scikit-learn, datasketch, jieba)
are imported only when a function that needs them is first used, so ``import nlp_gk`` and
``nlp-gk --help`` stay fast.

>>> from nlp_gk import segment_corpus, tag_records, detect_reuse, run_pipeline  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module, metadata
from typing import Any

try:
    __version__ = metadata.version("nlp_gk")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

_API = {
    "read_document": "io",
    "collect_corpus": "io",
    "write_records": "io",
    "normalize": "clean",
    "segment_corpus": "segment",
    "segment_document": "segment",
    "split_sentences": "segment",
    "Paragraph": "segment",
    "CATEGORIES": "labels",
    "load_model": "persist",
    "tag_records": "tag",
    "evaluate_model": "evaluate",
    "detect_reuse": "reuse",
    "write_reuse": "reuse",
    "ReuseConfig": "reuse",
    "run_pipeline": "pipeline",
    "build_report": "report",
    "NlpGkError": "errors",
    "InputError": "errors",
    "ModelError": "errors",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'nlp_gk' has no attribute {name!r}")
