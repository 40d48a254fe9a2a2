"""Candidate pairs without comparing all pairs.

Two paths, both near-linear in the number of paragraphs:

* **Jaccard**: banded LSH over MinHash signatures. ``backend="datasketch"`` inserts the
  signatures as ``LeanMinHash`` into ``datasketch.MinHashLSH(params=(bands, rows))`` and reads
  its buckets; ``backend="numpy"`` does the same banding with sorted band keys, which needs a
  fraction of the memory (datasketch keeps a Python set per bucket: ~8 GB at 1M paragraphs).
  Both give the same candidate pairs (tested).
* **Containment**: an inverted index over sampled shingles ("fingerprints": hash % mod == 0).
  Pairs sharing at least ``min_shared`` fingerprints are candidates, so a short paragraph
  copied inside a long one (low Jaccard, high containment) is found too. Posting lists longer
  than ``max_df`` are template wording and are not expanded (they would cost quadratic time).
* **Own-series containment**: the same index with posting lists kept per series
  (``scope``). Wording common in the corpus (posting lists over ``max_df``) is often rare
  within one series, so an earlier report of the same agency that shares such a sentence
  is still found (the labelling rule pools all own-earlier sources).

Buckets with more than ``max_bucket`` members are linked as a chain plus a star on their first
member instead of all pairs, so union-find still groups them at linear cost.
"""

from __future__ import annotations

import sys

import numpy as np

from .arrays import unique_sorted
from .shingle import ShingleBatch, _mix64

_MUL = np.uint64(0x9E3779B97F4A7C15)
_LITTLE = sys.byteorder == "little"


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """``(bands, n)`` uint64 keys: one hash of each band's ``rows`` signature values."""
    keys = np.empty((bands, len(sigs)), dtype=np.uint64)
    for t in range(bands):
        k = np.full(len(sigs), t, dtype=np.uint64)
        for col in sigs[:, t * rows : (t + 1) * rows].T:
            k = _mix64(k * _MUL + col.astype(np.uint64))
        keys[t] = k
    return keys


def lsh_pairs_numpy(sigs: np.ndarray, bands: int, rows: int, max_bucket: int) -> np.ndarray:
    """Candidate pairs from banded LSH, vectorised."""
    found = []
    for keys in band_keys(sigs, bands, rows):
        order = np.argsort(keys, kind="stable")
        sk = keys[order]
        starts = np.flatnonzero(np.concatenate(([True], sk[1:] != sk[:-1])))
        found.append(pairs_from_groups(order, starts, max_bucket))
    return unique_pairs(np.concatenate(found) if found else _empty())


def lsh_pairs_datasketch(sigs: np.ndarray, bands: int, rows: int, max_bucket: int,
                         seed: int = 1) -> np.ndarray:
    """Candidate pairs from ``datasketch.MinHashLSH`` fed with ``LeanMinHash`` signatures."""
    from datasketch import MinHashLSH

    from ..stages import frozen_gc
    from .minhash import to_lean

    lsh = MinHashLSH(num_perm=sigs.shape[1], params=(bands, rows))
    with frozen_gc(), lsh.insertion_session() as session:
        for i, sig in enumerate(sigs):
            session.insert(i, to_lean(sig, seed), check_duplication=False)
    members: list[int] = []
    starts: list[int] = []
    for table in lsh.hashtables:
        for key, count in table.itemcounts().items():
            if count > 1:
                starts.append(len(members))
                members.extend(sorted(table.get(key)))
    return unique_pairs(pairs_from_groups(np.asarray(members, dtype=np.int64),
                                          np.asarray(starts, dtype=np.int64), max_bucket))


def fingerprint_pairs(sh: ShingleBatch, mod: int, max_df: int, min_shared: int,
                      scope: np.ndarray | None = None) -> np.ndarray:
    """Pairs sharing >= ``min_shared`` sampled shingles whose posting lists are <= ``max_df``.

    With ``scope`` (an integer per paragraph, e.g. its series), posting lists are kept per
    scope: only paragraphs of the same scope pair up, and a shingle common in the corpus but
    rare within the scope still counts (see :func:`fingerprints`).
    """
    packed = fingerprints(sh, mod, scope)
    if not len(packed):
        return _empty()
    words = packed.view(np.uint32).reshape(-1, 2)  # little-endian: [:, 0] paragraph, [:, 1] hash
    hi = words[:, 1] if _LITTLE else words[:, 0]
    lo = words[:, 0] if _LITTLE else words[:, 1]
    same = hi[1:] == hi[:-1]
    shared = np.zeros(len(hi), dtype=bool)  # in a posting list of two or more paragraphs
    shared[1:] |= same
    shared[:-1] |= same
    del same
    sel = np.flatnonzero(shared)
    del shared
    fp, members = hi[sel], lo[sel].astype(np.int64)
    del packed, words, hi, lo, sel
    starts = np.flatnonzero(np.concatenate(([True], fp[1:] != fp[:-1]))) if len(fp) else np.empty(0, np.int64)
    sizes = np.diff(np.append(starts, len(fp)))
    ok = np.repeat(sizes <= max_df, sizes)
    members = members[ok]
    codes = group_pair_codes(members, np.repeat(np.arange(int((sizes <= max_df).sum())), sizes[sizes <= max_df]))
    if not len(codes):
        return _empty()
    codes.sort()
    new = np.concatenate(([True], codes[1:] != codes[:-1]))
    starts = np.flatnonzero(new)
    del new
    counts = np.diff(np.append(starts, len(codes)))
    return _decode(codes[starts[counts >= min_shared]])


def group_pair_codes(members: np.ndarray, gid: np.ndarray) -> np.ndarray:
    """Every pair inside each group (``gid``: sorted group id per member) as ``lo << 32 | hi``.

    Members of a group must be distinct. One preallocated int64 per pair occurrence (the
    memory peak of the containment path).

    >>> group_pair_codes(np.array([5, 2, 7, 1]), np.array([0, 0, 0, 1])).tolist() == [
    ...     (2 << 32) | 5, (2 << 32) | 7, (5 << 32) | 7]
    True
    """
    sizes = np.bincount(gid) if len(gid) else np.zeros(0, dtype=np.int64)
    codes = np.empty(int((sizes * (sizes - 1) // 2).sum()), dtype=np.int64)
    pos = 0
    for d in range(1, len(members)):
        same = gid[:-d] == gid[d:]
        n = int(same.sum())
        if not n:
            break
        a, b = members[:-d][same], members[d:][same]
        codes[pos : pos + n] = (np.minimum(a, b) << 32) | np.maximum(a, b)
        pos += n
    return codes


def fingerprints(sh: ShingleBatch, mod: int, scope: np.ndarray | None = None) -> np.ndarray:
    """Sorted distinct ``hash << 32 | paragraph`` of the shingles with ``hash % mod == 0``.

    With ``scope``, each kept hash is first mixed with its paragraph's scope, so equal
    shingles of different scopes land in different posting lists.
    """
    keep = sh.hashes % np.uint32(mod) == 0
    starts = sh.indptr[:-1]
    counts = np.zeros(len(starts), dtype=np.int64)
    nonempty = np.flatnonzero(np.diff(sh.indptr) > 0)
    if len(nonempty):
        counts[nonempty] = np.add.reduceat(keep.view(np.uint8), starts[nonempty], dtype=np.int64)
    packed = sh.hashes[keep].astype(np.uint64)
    del keep
    if scope is not None:
        packed = _mix64(packed * _MUL + np.repeat(scope.astype(np.uint64), counts)) >> np.uint64(32)
    packed <<= np.uint64(32)
    packed |= np.repeat(np.arange(len(counts), dtype=np.uint64), counts)
    packed.sort()
    if len(packed) > 1:
        dup = packed[1:] == packed[:-1]
        if dup.any():
            packed = packed[np.concatenate(([True], ~dup))]
    return packed


def pairs_from_groups(members: np.ndarray, starts: np.ndarray, max_bucket: int) -> np.ndarray:
    """All pairs inside each group of ``members`` (groups begin at ``starts``).

    Groups larger than ``max_bucket`` contribute a chain and a star instead of all pairs.
    """
    if len(starts) == 0:
        return _empty()
    sizes = np.diff(np.append(starts, len(members)))
    gid = np.repeat(np.arange(len(sizes)), sizes)
    small = np.repeat((sizes >= 2) & (sizes <= max_bucket), sizes)
    out = [_decode(group_pair_codes(members[small], gid[small]))]
    big = np.repeat(sizes > max_bucket, sizes)
    if big.any():
        out.append(_chain_and_star(members[big], gid[big]))
    return np.concatenate(out)


def _chain_and_star(members: np.ndarray, gid: np.ndarray) -> np.ndarray:
    same = gid[:-1] == gid[1:]
    chain = np.stack([members[:-1][same], members[1:][same]], axis=1)
    first = np.concatenate(([True], gid[1:] != gid[:-1]))
    head = members[first][np.cumsum(first) - 1]
    star = np.stack([head[~first], members[~first]], axis=1)
    return np.concatenate([chain, star])


def unique_pairs(pairs: np.ndarray) -> np.ndarray:
    """Pairs as sorted ``(i, j)`` with ``i < j``, without duplicates or self-pairs."""
    if not len(pairs):
        return _empty()
    return _decode(unique_sorted(_encode(pairs)))


def _encode(pairs: np.ndarray) -> np.ndarray:
    lo = np.minimum(pairs[:, 0], pairs[:, 1]).astype(np.int64)
    hi = np.maximum(pairs[:, 0], pairs[:, 1]).astype(np.int64)
    keep = lo != hi
    return (lo[keep] << 32) | hi[keep]


def _decode(codes: np.ndarray) -> np.ndarray:
    return np.stack([codes >> 32, codes & 0xFFFFFFFF], axis=1).astype(np.int64)


def _empty() -> np.ndarray:
    return np.empty((0, 2), dtype=np.int64)
