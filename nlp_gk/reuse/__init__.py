"""Copy-paste detection: year-over-year self-copying vs template text, at scale.

Stages (each a small typed function, each timed in ``ReuseResult.timings``)::

    normalize -> shingle -> minhash -> lsh + containment -> verify -> group
              -> align_classify -> tables

Public API: :func:`detect_reuse`, :func:`write_reuse`, :class:`ReuseConfig`,
:class:`ReuseResult`, :func:`tag_if_available`.
"""

from __future__ import annotations

from .config import ReuseConfig
from .detect import ReuseResult, detect_reuse
from .tables import write_reuse
from .tagging import tag_if_available

__all__ = ["ReuseConfig", "ReuseResult", "detect_reuse", "tag_if_available", "write_reuse"]
