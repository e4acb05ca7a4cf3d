"""The corpus itself passes `pakn corpus check`: schema, coverage minima, splits, duplicates, shortcuts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_pakn_corpus_check_passes_and_prints_the_coverage_table() -> None:
    result = subprocess.run([sys.executable, "-c", "from pakn.service.cli import main; main()", "corpus", "check",
                             "--dir", str(CORPUS)], capture_output=True, timeout=600)
    out = result.stdout.decode()
    assert result.returncode == 0, out[-3000:] + result.stderr.decode()
    assert "original petitions" in out and "✗" not in out
