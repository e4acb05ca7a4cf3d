"""Shared fixtures: a small model trained once per test session from the real corpus."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PAKN_CORPUS_DIR", REPO / "corpus"))


def _rows(name: str, limit: int) -> list[dict]:
    lines = (CORPUS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    originals = [r for r in rows if r["source"] == "original"]
    return originals[:limit]


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A slice of the real corpus (originals only), small enough to train in seconds."""
    directory = tmp_path_factory.mktemp("corpus")
    for name, limit in (("train", 700), ("dev", 200), ("test", 150)):
        with (directory / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for row in _rows(name, limit):
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return directory


@pytest.fixture(scope="session")
def trained_model_dir(small_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from rich.console import Console

    from pakn.service.training import train_and_save

    models = tmp_path_factory.mktemp("models")
    train_and_save(small_corpus, models, Console(quiet=True))
    return models
