"""Per-file cache: keys, one slot per input, atomic entries."""

from __future__ import annotations

import json
from pathlib import Path

from nlp_gk import cache as kache
from nlp_gk.io import CorpusEntry


def test_key_depends_on_content_meta_model_and_code(tmp_path: Path) -> None:
    entry = CorpusEntry(tmp_path / "a.txt", "a", {"year": "2020"})
    ctx = {"model": "m1", "code": "c1", "max_mb": 20.0}
    key = kache.entry_key(entry, "h1", ctx)
    assert key == kache.entry_key(CorpusEntry(tmp_path / "a.txt", "a", {"year": "2020"}), "h1",
                                  dict(ctx))
    variants = [kache.entry_key(entry, "h2", ctx),
                kache.entry_key(CorpusEntry(entry.path, "a", {"year": "2021"}), "h1", ctx),
                kache.entry_key(CorpusEntry(entry.path, "b", {"year": "2020"}), "h1", ctx),
                kache.entry_key(entry, "h1", {**ctx, "model": "m2"}),
                kache.entry_key(entry, "h1", {**ctx, "code": "c2"}),
                kache.entry_key(entry, "h1", {**ctx, "max_mb": 5.0})]
    assert key not in variants and len(set(variants)) == len(variants)


def test_new_entry_replaces_the_old_one_of_the_same_input(tmp_path: Path) -> None:
    a = CorpusEntry(tmp_path / "a.txt", "a")
    b = CorpusEntry(tmp_path / "b.txt", "b")
    kache.write_entry(kache.entry_path(tmp_path, a, "k1"), {"v": 1})
    kache.write_entry(kache.entry_path(tmp_path, b, "k1"), {"v": 2})
    new = kache.entry_path(tmp_path, a, "k2")
    kache.write_entry(new, {"v": 3})
    assert sorted(p.name for p in tmp_path.glob("*.json")) == sorted(
        [new.name, kache.entry_path(tmp_path, b, "k1").name])
    assert kache.read_entry(new) == {"v": 3}
    assert not list(tmp_path.glob(".*.tmp"))


def test_model_hash_follows_the_model_files(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text(json.dumps({"v": 1}), encoding="utf-8")
    (tmp_path / "model.skops").write_bytes(b"abc")
    first = kache.model_hash(tmp_path)
    (tmp_path / "model.skops").write_bytes(b"abd")
    assert kache.model_hash(tmp_path) != first
    assert kache.model_hash(None) == "none"


def test_code_hash_is_stable_and_clear_empties_the_cache(tmp_path: Path) -> None:
    assert kache.code_hash() == kache.code_hash()
    kache.write_entry(tmp_path / "x-1.json", {})
    (tmp_path / ".x-2.json.abc.tmp").write_text("half", encoding="utf-8")
    assert kache.clear(tmp_path) == 2 and not list(tmp_path.iterdir())
    assert kache.clear(tmp_path / "missing") == 0
