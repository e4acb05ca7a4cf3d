"""`pakn train --experiments` scores its candidates on dev (here a small slice, one candidate)."""

from __future__ import annotations

from pathlib import Path

import pytest

import pakn.classifier.experiments as experiments
from pakn.classifier.corpus import load_split
from pakn.classifier.train import prepare

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_the_chosen_candidate_is_scored_on_every_head(monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = {k: v for k, v in experiments.CANDIDATES.items() if "(chosen)" in k}
    assert len(chosen) == 1
    monkeypatch.setattr(experiments, "CANDIDATES", chosen)
    train = prepare(load_split(CORPUS / "train.jsonl")[0][:300])
    dev = prepare(load_split(CORPUS / "dev.jsonl")[0][:100])
    [row] = experiments.run_experiments(train, dev)
    assert row["kind_macro_f1"] > 0.5 and row["sector_accuracy"] > 0.5
    assert 0.3 < row["issues_micro_f1_each_threshold_tuned"] <= 1.0
