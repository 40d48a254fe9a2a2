"""Clusters of paragraphs linked by verified matches (union-find over the match graph)."""

from __future__ import annotations

import numpy as np


def clusters(n: int, pairs: np.ndarray) -> np.ndarray:
    """Cluster id of each of ``n`` items; ``pairs`` are the links. Singletons keep their own id.

    Union-find with path halving; ids are the smallest member of each cluster.

    >>> clusters(5, np.array([[3, 1], [4, 3]])).tolist()
    [0, 1, 2, 1, 1]
    """
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs.tolist():
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.fromiter((find(i) for i in range(n)), dtype=np.int64, count=n)


def cluster_sizes(labels: np.ndarray) -> np.ndarray:
    """Size of each item's cluster."""
    return np.bincount(labels, minlength=len(labels))[labels] if len(labels) else labels
