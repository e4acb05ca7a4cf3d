"""Apply a review pass's `issues` labels to the corpus, originals and their augmented copies.

A review file has one JSON line per reviewed original: `{"id", "issues", "rules", "note"}`.
An augmented row (`augmented:<method>:<parent>`) takes its parent's labels, as it did when
it was made. Only `issues` changes: splits, texts and the other labels stay as they are.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

from pakn.service.errors import CorpusInvalid

from .agreement import read_labels
from .corpus import SPLITS, load_corpus, write_jsonl
from .taxonomy import ISSUES


def apply_issue_labels(directory: Path, review_files: list[Path]) -> Counter[str]:
    """Rewrite the split files with the reviewed issues; counts of rows changed and labels
    added (`+label`) or removed (`-label`)."""
    reviewed = {row_id: row["issues"] for row_id, row in read_labels(review_files).items()}
    unknown = sorted({i for issues in reviewed.values() for i in issues} - set(ISSUES))
    if unknown:
        raise CorpusInvalid(f"unknown issue ids in the review: {', '.join(unknown)}")
    splits, problems = load_corpus(directory)
    if problems:
        raise CorpusInvalid(f"{len(problems)} problem(s) in the corpus; first: {problems[0]}")
    known = {p.id for rows in splits.values() for p in rows if p.is_original}
    missing = sorted(set(reviewed) - known)
    if missing:
        raise CorpusInvalid(f"{len(missing)} reviewed id(s) are not originals of the corpus: {missing[:5]}")
    counts: Counter[str] = Counter()
    for name in SPLITS:
        rows = []
        for p in splits[name]:
            new = reviewed.get(p.id if p.is_original else p.parent_id or "")
            issues = tuple(label for label in ISSUES if new is not None and label in new)
            if new is None or set(issues) == set(p.issues):
                rows.append(p)
                continue
            counts["rows changed"] += 1
            if p.is_original:
                counts.update(f"+{x}" for x in set(issues) - set(p.issues))
                counts.update(f"-{x}" for x in set(p.issues) - set(issues))
            rows.append(dataclasses.replace(p, issues=issues))
        write_jsonl(directory / f"{name}.jsonl", rows)
    return counts
