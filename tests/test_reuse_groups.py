"""nlp_gk.reuse.groups: union-find clusters."""

from __future__ import annotations

import numpy as np

from nlp_gk.reuse.groups import cluster_sizes, clusters


def test_clusters_and_sizes() -> None:
    labels = clusters(6, np.array([[0, 2], [2, 4], [5, 1]]))
    assert labels.tolist() == [0, 1, 0, 3, 0, 1]
    assert cluster_sizes(labels).tolist() == [3, 2, 3, 1, 3, 2]


def test_clusters_without_links_are_singletons() -> None:
    assert clusters(3, np.empty((0, 2), dtype=np.int64)).tolist() == [0, 1, 2]
