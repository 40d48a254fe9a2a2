"""nlp_gk: read, segment, tag and compare Chinese government information-disclosure reports.

Heavy libraries (scikit-learn, datasketch, jieba) are imported lazily by the modules that
need them, so ``import nlp_gk`` and ``nlp-gk --help`` stay fast.
"""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("nlp_gk")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = ["__version__"]
