"""Per-file cache of the pipeline's file stage (read -> segment -> tag).

One JSON file per input in ``DIR/cache/``, named ``<input-id>-<key>.json``:

- ``input-id`` hashes the file's path and doc_id, so each input owns one slot;
- ``key`` hashes everything the file stage's output depends on: the file's bytes, its
  manifest metadata, the read limits, the tagger model and the nlp_gk code itself.

A cache hit is therefore a file-existence check, and any change to an input, the model or the
code makes a new key. Entries are written atomically; a kill leaves either the old entry or the
new one, never half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .io import CorpusEntry, write_text_atomic

CACHE_FORMAT = 1  # bump when the layout of a cache entry changes
PACKAGE_DIR = Path(__file__).resolve().parent


def sha256_file(path: str | os.PathLike[str], chunk: int = 1 << 20) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def sha256_files(paths: Iterable[Path], root: Path) -> str:
    """One hash over several files' relative names and bytes (order-independent)."""
    digest = hashlib.sha256()
    for p in sorted(paths):
        digest.update(str(p.relative_to(root)).encode("utf-8") + b"\0")
        digest.update(sha256_file(p).encode("ascii"))
    return digest.hexdigest()


# Modules that only run after the file stage: editing them never invalidates cache entries.
# (pipeline.py is not one of them: its file_stage decides what a cache entry holds.)
# Everything else in the package (including modules added later) is part of the code hash.
DOWNSTREAM = {"reuse", "templates", "outputs.py", "stages.py", "report.py", "flags.py",
              "htmlkit.py", "charts.py", "analysis.py", "cli.py", "cache.py", "__main__.py"}


def code_hash() -> str:
    """Hash of the nlp_gk source and data the file stage runs: new code never reuses old entries."""
    files = [p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts
             and p.relative_to(PACKAGE_DIR).parts[0] not in DOWNSTREAM
             and p.suffix in {".py", ".txt", ".json", ".tsv"}]
    return sha256_files(files, PACKAGE_DIR)


def model_hash(model_dir: str | os.PathLike[str] | None) -> str:
    """Hash of a model folder's files, or ``"none"`` when tagging is off."""
    if model_dir is None:
        return "none"
    root = Path(model_dir)
    return sha256_files([p for p in root.rglob("*") if p.is_file()], root)


def input_id(entry: CorpusEntry) -> str:
    """Stable slot name of one input: its resolved path and doc_id."""
    raw = f"{entry.path.resolve()}\0{entry.doc_id}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def entry_key(entry: CorpusEntry, content: str, context: dict[str, Any]) -> str:
    """Hash of everything one file's stage output depends on."""
    payload = {"format": CACHE_FORMAT, "content": content, "doc_id": entry.doc_id,
               "path": str(entry.path), "meta": entry.meta, **context}
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]


def entry_path(cache_dir: Path, entry: CorpusEntry, key: str) -> Path:
    return cache_dir / f"{input_id(entry)}-{key}.json"


def write_entry(path: Path, data: dict[str, Any]) -> None:
    """Write one cache entry atomically and drop older entries of the same input."""
    write_text_atomic(path, json.dumps(data, ensure_ascii=False))
    slot = path.name.split("-", 1)[0]
    for old in path.parent.glob(f"{slot}-*.json"):
        if old != path:
            old.unlink(missing_ok=True)


def read_entry(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def clear(cache_dir: Path) -> int:
    """Remove every cache entry (and stray temporary files) in ``cache_dir``; return the count."""
    if not cache_dir.is_dir():
        return 0
    n = 0
    for p in cache_dir.iterdir():
        if p.is_file() and (p.suffix == ".json" or p.name.endswith(".tmp")):
            p.unlink(missing_ok=True)
            n += 1
    return n
