"""The classifier: verified artifacts, determinism, evidence, robustness, evaluation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pakn.classifier.artifacts import latest_version, load_model, read_manifest
from pakn.classifier.evaluate import evaluate_rows, metrics, score_rows
from pakn.classifier.predict import Classifier
from pakn.classifier.taxonomy import ISSUES, KINDS, SECTORS
from pakn.service.errors import InputError, ModelIncompatible, ModelMissing, ModelTampered


@pytest.fixture(scope="module")
def classifier(trained_model_dir: Path) -> Classifier:
    return Classifier.load(trained_model_dir)


def test_manifest_records_hashes_versions_and_figures(trained_model_dir: Path) -> None:
    manifest = read_manifest(latest_version(trained_model_dir))
    assert set(manifest["files"]) == {"vectorizer.joblib", "kind.joblib", "sector.joblib", "issues.joblib"}
    assert manifest["taxonomy_version"] == "1.1"
    assert "scikit-learn" in manifest["libraries"] and len(manifest["corpus_sha256"]) == 64
    assert manifest["test_figures"]["all"]["model"]["kind_macro_f1"] is not None


def test_a_tampered_file_is_refused(trained_model_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "models"
    shutil.copytree(trained_model_dir, copy)
    target = latest_version(copy) / "kind.joblib"
    target.write_bytes(target.read_bytes()[:-1] + b"\x00")
    with pytest.raises(ModelTampered):
        load_model(copy)


def test_another_taxonomy_version_is_refused(trained_model_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "models"
    shutil.copytree(trained_model_dir, copy)
    manifest_path = latest_version(copy) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["taxonomy_version"] = "0.9"
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(ModelIncompatible):
        load_model(copy)


def test_no_model_is_model_missing(tmp_path: Path) -> None:
    with pytest.raises(ModelMissing):
        load_model(tmp_path)


def test_training_is_deterministic(small_corpus: Path, trained_model_dir: Path, tmp_path: Path) -> None:
    from rich.console import Console

    from pakn.service.training import train_and_save

    again = train_and_save(small_corpus, tmp_path, Console(quiet=True))
    first = read_manifest(latest_version(trained_model_dir))
    second = read_manifest(again)
    assert first["files"] == second["files"]  # byte-identical joblib files
    assert first["test_figures"] == second["test_figures"]


def test_prediction_shape_and_evidence_inside_the_text(classifier: Classifier) -> None:
    text = "Kính gửi UBND xã. Cán bộ địa chính xã đòi 5tr mới ký hồ sơ cấp sổ đỏ, đã 3 tháng chưa xong."
    result = classifier.classify(text)
    assert result.kind in KINDS and result.sector in SECTORS and set(result.issues) <= set(ISSUES)
    assert 0.0 <= result.confidence["kind"] <= 1.0
    assert result.facts.amount_vnd == 5_000_000
    assert result.evidence
    for e in result.evidence:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text and e.text.strip()


def test_non_vietnamese_text_is_not_a_petition_with_a_reason(classifier: Classifier) -> None:
    result = classifier.classify("Hello, I would like to know the opening hours of the office please")
    assert result.kind == "not_petition" and result.not_petition_reason
    assert result.needs_review


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), st.binary(max_size=200)))
def test_classify_never_raises_anything_but_input_errors(classifier: Classifier, raw: str | bytes) -> None:
    try:
        result = classifier.classify(raw)
    except InputError:
        return
    assert result.kind in KINDS


def test_evaluate_scores_rows_with_and_without_labels(classifier: Classifier) -> None:
    rows = [
        {"id": "a", "text": "Tôi khiếu nại quyết định xử phạt của công an phường", "kind": "complaint"},
        {"id": "b", "text": "xin chào"},
        {"id": "c", "text": "   "},
    ]
    scored = score_rows(classifier, rows)
    assert [s.row["id"] for s in scored] == ["a", "b", "c"]
    assert scored[2].error is not None and scored[2].kind == "not_petition"
    report = metrics(scored)
    assert report["all"]["rows"] == 3
    assert "accuracy" in report["all"]["model"]["kind"]  # one labelled row is enough to score
    assert report["all"]["model"]["sector"] == {}  # nobody gave a sector


def test_evaluate_reproduces_the_manifest_figures(trained_model_dir: Path, small_corpus: Path) -> None:
    from pakn.service.render import read_jsonl_rows
    from pakn.service.training import summary

    classifier = Classifier.load(trained_model_dir)
    figures = summary(evaluate_rows(classifier, read_jsonl_rows(small_corpus / "test.jsonl"))[1])
    assert figures == read_manifest(latest_version(trained_model_dir))["test_figures"]
    assert figures["originals_diacritics_stripped"]["rows"] == figures["originals_diacritics"]["rows"] > 0
