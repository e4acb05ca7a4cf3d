"""The benchmark scripts run end to end on a few rows (their figures are not judged here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("module, args", [
    ("benchmarks.bench_stages", ["--limit", "30"]),
    ("benchmarks.bench_batch", ["--rows", "60"]),
])
def test_benchmark_prints_one_json_line(module: str, args: list[str], trained_model_dir: Path,
                                        tmp_path: Path) -> None:
    if module.endswith("bench_batch"):
        args = [*args, "--dir", str(tmp_path)]
    env = {**os.environ, "PAKN_MODEL_DIR": str(trained_model_dir)}
    done = subprocess.run([sys.executable, "-m", module, *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["rows"] > 0 and all(v is not None for v in report.values())
