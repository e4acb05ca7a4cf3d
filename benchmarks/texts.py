"""The texts the speed benchmarks share: test-split petitions the text layer accepts."""

from __future__ import annotations

import json
from pathlib import Path

from pakn.classifier import normalize
from pakn.service.errors import PaknError

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def accepted_texts(split: str, *, originals_only: bool = False) -> list[str]:
    """The split's texts, in file order, skipping those the text layer refuses (they never
    reach tokenisation or the model), and augmented copies when `originals_only`."""
    texts = []
    for line in (CORPUS / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if originals_only and row["source"] != "original":
            continue
        try:
            normalize(row["text"])
        except PaknError:
            continue
        texts.append(row["text"])
    return texts


def accepted_test_texts(limit: int) -> list[str]:
    """Up to `limit` test-split texts the text layer accepts, in file order."""
    return accepted_texts("test")[:limit]
