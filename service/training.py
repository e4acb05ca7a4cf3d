"""`pakn train`: build the model from corpus/ train + dev, score it on test, save it."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from pakn.classifier.artifacts import corpus_hash, save_model
from pakn.classifier.corpus import load_corpus
from pakn.classifier.evaluate import evaluate_rows
from pakn.classifier.predict import Classifier
from pakn.classifier.train import fit_model, prepare

from .errors import CorpusInvalid


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """The headline figures of a metrics report (what the manifest and the README quote)."""
    out: dict[str, Any] = {}
    for subset, entry in report.items():
        row: dict[str, Any] = {"rows": entry["rows"]}
        for who in ("model", "baseline"):
            heads = entry[who]
            row[who] = {
                "kind_macro_f1": heads["kind"].get("macro_f1"),
                "sector_accuracy": heads["sector"].get("accuracy"),
                "sector_macro_f1": heads["sector"].get("macro_f1"),
                "issues_micro_f1": heads["issues"].get("micro_f1"),
                "issues_macro_f1": heads["issues"].get("macro_f1"),
            }
        out[subset] = row
    return out


def train_and_save(corpus_dir: Path, model_dir: Path, console: Console) -> Path:
    splits, problems = load_corpus(corpus_dir)
    if problems:
        raise CorpusInvalid(f"{len(problems)} problem(s) in {corpus_dir}; first: {problems[0]}")
    started = time.perf_counter()
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task("Chuẩn bị văn bản (tách từ)", total=len(splits["train"]) + len(splits["dev"]))
        train = prepare(splits["train"])
        progress.advance(task, len(splits["train"]))
        dev = prepare(splits["dev"])
        progress.advance(task, len(splits["dev"]))
        step = progress.add_task("Huấn luyện", total=None)
        model, choices = fit_model(train, dev, lambda what: progress.update(step, description=f"Huấn luyện: {what}"))
    hash_ = corpus_hash(corpus_dir)
    version = f"{datetime.now(UTC):%Y%m%d}-{hash_[:10]}"
    # Test figures are computed once, after every choice was made on dev.
    classifier = Classifier(model, {"version": version})
    test_rows = [p.to_json() for p in splits["test"]]
    dev_rows = [p.to_json() for p in splits["dev"]]
    manifest = {
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "training_seconds": round(time.perf_counter() - started, 1),
        "corpus_sha256": hash_,
        "rows": {"train": len(train), "dev": len(dev), "test": len(test_rows)},
        "choices": choices,
        "dev_figures_after_refit": summary(evaluate_rows(classifier, dev_rows)[1]),
        "test_figures": summary(evaluate_rows(classifier, test_rows)[1]),
    }
    return save_model(model, model_dir, version, manifest)
