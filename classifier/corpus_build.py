"""`pakn corpus build`: merge writers' draft files into the fixed splits, add augmented copies.

Re-running it is safe: petitions already in a split keep their split; a draft row whose
id exists replaces that row's text and labels (how a relabelling pass lands); augmented
copies are regenerated from the originals.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pakn.service.errors import CorpusInvalid

from .augment import choose_augmentations
from .corpus import SPLITS, Petition, load_split, write_jsonl
from .splits import assign_splits


def build_corpus(directory: Path, drafts: list[Path]) -> Counter[str]:
    """Write `directory`/{train,dev,test}.jsonl; returns row counts per split."""
    originals: dict[str, Petition] = {}
    placed: dict[str, str] = {}
    problems: list[str] = []
    for split in SPLITS:
        path = directory / f"{split}.jsonl"
        if path.exists():
            rows, found = load_split(path)
            problems += found
            for p in rows:
                if p.is_original:
                    originals[p.id] = p
                    placed[p.id] = split
    for draft in drafts:
        rows, found = load_split(draft)
        problems += found
        for p in rows:
            if not p.is_original:
                problems.append(f"{p.where}  drafts hold original petitions only")
            originals[p.id] = p
    if problems:
        raise CorpusInvalid("; ".join(problems[:20]) + (f" (+{len(problems) - 20} more)" if len(problems) > 20 else ""))
    ordered = sorted(originals.values(), key=lambda p: p.id)
    split_of = assign_splits(ordered, placed)
    copies = choose_augmentations(ordered)
    counts: Counter[str] = Counter()
    for split in SPLITS:
        rows = [p for p in ordered if split_of[p.id] == split]
        rows += [c for c in copies if split_of[c.parent_id or ""] == split]
        write_jsonl(directory / f"{split}.jsonl", rows)
        counts[split] = len(rows)
    return counts
