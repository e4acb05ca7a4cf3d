"""Fixed train / dev / test splits, stratified, with near-duplicates kept together.

Assignment is deterministic and stable: a petition already in a split stays there;
new petitions join the split of any near-duplicate already placed, and the others are
placed, in an order fixed by a hash of their id, where their stratum (kind, sector,
register) is furthest below its 70 / 15 / 15 target.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict

from .corpus import SPLITS, Petition
from .neardup import THRESHOLD, clusters, near_duplicate_pairs

TARGET = {"train": 0.70, "dev": 0.15, "test": 0.15}


def _order(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def assign_splits(originals: list[Petition], placed: dict[str, str]) -> dict[str, str]:
    """Split name per original id; `placed` (id → split) is kept as it is."""
    pairs = near_duplicate_pairs([p.text for p in originals], THRESHOLD)
    cluster_of = clusters(len(originals), pairs)
    members: dict[int, list[Petition]] = defaultdict(list)
    for petition, cluster in zip(originals, cluster_of, strict=True):
        members[cluster].append(petition)

    result = dict(placed)
    # counts per split for every value of kind, sector and register, and overall
    counts: dict[str, Counter[str]] = defaultdict(Counter)

    def keys(p: Petition) -> tuple[str, ...]:
        return (f"kind={p.kind}", f"sector={p.sector}", f"register={p.register}", "all")

    def place(p: Petition, split: str) -> None:
        result[p.id] = split
        for key in keys(p):
            counts[key][split] += 1

    for p in originals:
        if p.id in placed:
            for key in keys(p):
                counts[key][placed[p.id]] += 1
    pending = []
    for group in members.values():
        known = {result[p.id] for p in group if p.id in result}
        if known:
            split = sorted(known, key=SPLITS.index)[0]  # a cluster never straddles splits
            for p in group:
                if p.id not in result:
                    place(p, split)
        else:
            pending.append(group)
    for group in sorted(pending, key=lambda g: _order(min(p.id for p in g))):
        group_keys = keys(group[0])

        def need(split: str) -> float:
            # how far below target this split is, summed over the group's strata
            return sum(
                TARGET[split] - counts[key][split] / max(1, sum(counts[key].values()))
                for key in group_keys
            )

        split = max(SPLITS, key=need)
        for p in group:
            place(p, split)
    return result
