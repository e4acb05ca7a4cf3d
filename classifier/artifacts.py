"""Model artifacts: joblib files verified against a manifest before anything is unpickled.

    models/
      LATEST                 name of the version to load
      <version>/
        vectorizer.joblib  kind.joblib  sector.joblib  issues.joblib
        manifest.json        sha256 per file, corpus hash, taxonomy version, library
                             versions, training date, settings chosen, dev and test figures

joblib (pickle) runs code while loading, so a file whose SHA-256 differs from the
manifest is refused (`MODEL_TAMPERED`) before it is opened.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Any

import joblib

from pakn.service.errors import ModelIncompatible, ModelMissing, ModelTampered

from .model import PetitionModel
from .taxonomy import TAXONOMY_VERSION

PARTS = ("vectorizer", "kind", "sector", "issues")
LIBRARIES = ("scikit-learn", "underthesea", "numpy", "scipy", "joblib")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def corpus_hash(corpus_dir: Path) -> str:
    digest = hashlib.sha256()
    for name in ("train.jsonl", "dev.jsonl", "test.jsonl"):
        digest.update(name.encode())
        digest.update((corpus_dir / name).read_bytes())
    return digest.hexdigest()


def save_model(model: PetitionModel, root: Path, version: str, manifest: dict[str, Any]) -> Path:
    directory = root / version
    directory.mkdir(parents=True, exist_ok=True)
    parts = {
        "vectorizer": {"vectorizer": model.vectorizer, "feature_names": model.feature_names},
        "kind": {"classifier": model.kind, "review_below": model.review_below.get("kind")},
        "sector": {"classifier": model.sector, "review_below": model.review_below.get("sector")},
        "issues": {"classifiers": model.issues, "thresholds": model.issue_thresholds},
    }
    files = {}
    for name, value in parts.items():
        path = directory / f"{name}.joblib"
        joblib.dump(value, path, compress=3)
        files[path.name] = sha256_file(path)
    full = {
        "version": version,
        "taxonomy_version": TAXONOMY_VERSION,
        "files": files,
        "libraries": {lib: metadata.version(lib) for lib in LIBRARIES},
        **manifest,
    }
    (directory / "manifest.json").write_text(json.dumps(full, ensure_ascii=False, indent=2), encoding="utf-8")
    (root / "LATEST").write_text(version + "\n", encoding="utf-8")
    return directory


def latest_version(root: Path) -> Path:
    pointer = root / "LATEST"
    if not pointer.exists():
        raise ModelMissing(f"no {pointer}: no model has been trained into {root}")
    directory = root / pointer.read_text(encoding="utf-8").strip()
    if not (directory / "manifest.json").exists():
        raise ModelMissing(f"{directory}/manifest.json is missing")
    return directory


def read_manifest(directory: Path) -> dict[str, Any]:
    return dict(json.loads((directory / "manifest.json").read_text(encoding="utf-8")))


def load_model(root: Path) -> tuple[PetitionModel, dict[str, Any]]:
    """The latest model under `root`, after checking every file against its manifest."""
    directory = latest_version(root)
    manifest = read_manifest(directory)
    if manifest.get("taxonomy_version") != TAXONOMY_VERSION:
        raise ModelIncompatible(
            f"model {manifest.get('version')} was trained for taxonomy {manifest.get('taxonomy_version')}, "
            f"this code uses {TAXONOMY_VERSION}")
    for name in PARTS:
        path = directory / f"{name}.joblib"
        expected = manifest.get("files", {}).get(path.name)
        if not path.exists():
            raise ModelMissing(f"{path} is missing")
        actual = sha256_file(path)
        if actual != expected:
            raise ModelTampered(f"{path}: sha256 {actual[:16]}… differs from the manifest's {str(expected)[:16]}…")
    parts = {name: joblib.load(directory / f"{name}.joblib") for name in PARTS}
    model = PetitionModel(
        vectorizer=parts["vectorizer"]["vectorizer"],
        kind=parts["kind"]["classifier"],
        sector=parts["sector"]["classifier"],
        issues=parts["issues"]["classifiers"],
        issue_thresholds=parts["issues"]["thresholds"],
        review_below={"kind": parts["kind"]["review_below"], "sector": parts["sector"]["review_below"]},
        feature_names=parts["vectorizer"]["feature_names"],
    )
    return model, manifest
