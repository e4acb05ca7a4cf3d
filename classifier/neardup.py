"""Near-duplicate texts: character 5-gram Jaccard similarity on the folded text.

All pairs at or above a threshold are found exactly: the texts become rows of a sparse
0/1 matrix over their shingles, and one sparse product (in blocks of rows, so memory stays
bounded) counts the shingles every pair shares; |A ∪ B| = |A| + |B| − |A ∩ B|.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from .vietnamese import fold

THRESHOLD = 0.6
_SPACES = re.compile(r"\s+")


def shingles(text: str, n: int = 5) -> frozenset[str]:
    folded = _SPACES.sub(" ", fold(text)).strip()
    if len(folded) <= n:
        return frozenset([folded]) if folded else frozenset()
    return frozenset(folded[i : i + n] for i in range(len(folded) - n + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


_BLOCK = 512  # rows per sparse product


def near_duplicate_pairs(texts: Sequence[str], threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """(i, j, similarity) with i < j for every pair at or above `threshold`, sorted."""
    sets = [shingles(t) for t in texts]
    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    indptr = [0]
    for shingle_set in sets:
        indices.extend(vocabulary.setdefault(s, len(vocabulary)) for s in shingle_set)
        indptr.append(len(indices))
    matrix = sparse.csr_matrix((np.ones(len(indices), dtype=np.int32), indices, indptr),
                               shape=(len(sets), max(1, len(vocabulary))))
    sizes = np.diff(indptr)
    pairs: list[tuple[int, int, float]] = []
    for start in range(0, len(sets), _BLOCK):
        shared = (matrix[start : start + _BLOCK] @ matrix.T).tocoo()
        rows, cols = shared.row + start, shared.col
        later = cols > rows
        rows, cols, common = rows[later], cols[later], shared.data[later]
        similarity = common / (sizes[rows] + sizes[cols] - common)
        hit = similarity >= threshold
        pairs += zip(rows[hit].tolist(), cols[hit].tolist(), np.round(similarity[hit], 3).tolist())
    empty = [k for k, shingle_set in enumerate(sets) if not shingle_set]  # two empty texts are alike
    pairs += [(i, j, 1.0) for n, i in enumerate(empty) for j in empty[n + 1 :]]
    return sorted(pairs)


def clusters(count: int, pairs: Sequence[tuple[int, int, float]]) -> list[int]:
    """Cluster id per item: items linked by near-duplicate pairs share one (union-find)."""
    parent = list(range(count))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, _ in pairs:
        parent[root(i)] = root(j)
    return [root(i) for i in range(count)]
