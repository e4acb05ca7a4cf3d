"""Near-duplicate texts: character 5-gram Jaccard similarity on the folded text.

All pairs at or above a threshold are found without comparing every pair, by prefix
filtering: order shingles from rarest to most common; two sets with Jaccard ≥ t must
share one of the first ⌊(1 − t)·|A|⌋ + 1 shingles of each set.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

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


def near_duplicate_pairs(texts: Sequence[str], threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """(i, j, similarity) with i < j for every pair at or above `threshold`."""
    sets = [shingles(t) for t in texts]
    frequency = Counter(s for shingle_set in sets for s in shingle_set)
    index: dict[str, list[int]] = defaultdict(list)
    pairs: list[tuple[int, int, float]] = []
    for j, current in enumerate(sets):
        ordered = sorted(current, key=lambda s: (frequency[s], s))
        prefix = ordered[: math.floor((1 - threshold) * len(ordered)) + 1]
        candidates = {i for s in prefix for i in index[s]}
        for i in sorted(candidates):
            other = sets[i]
            # size filter: Jaccard ≤ min/max of the sizes
            if min(len(other), len(current)) < threshold * max(len(other), len(current)):
                continue
            similarity = jaccard(other, current)
            if similarity >= threshold:
                pairs.append((i, j, round(similarity, 3)))
        for s in prefix:
            index[s].append(j)
    return pairs


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
