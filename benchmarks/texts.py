"""The texts the speed benchmarks share: test-split petitions the text layer accepts."""

from __future__ import annotations

import json
from pathlib import Path

from pakn.classifier import normalize
from pakn.service.errors import PaknError

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def accepted_test_texts(limit: int) -> list[str]:
    """Up to `limit` test-split texts, in file order, skipping those the text layer refuses
    (they never reach tokenisation or the model)."""
    texts = []
    for line in (CORPUS / "test.jsonl").read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        try:
            normalize(text)
        except PaknError:
            continue
        texts.append(text)
    return texts[:limit]
