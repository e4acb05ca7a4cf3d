"""Settings: one declared table, read once from the environment, else the default.

Every setting is documented in the README's settings table (a test keeps them in step).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

REPO_ROOT = Path(__file__).resolve().parent.parent


class Setting(NamedTuple):
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("PAKN_DATA_DIR", str(REPO_ROOT / "data"), "Folder for the API-key database, batch state and logs"),
    Setting("PAKN_MODEL_DIR", str(REPO_ROOT / "models"), "Folder holding trained models (models/<version>/)"),
    Setting("PAKN_CORPUS_DIR", str(REPO_ROOT / "corpus"), "Folder holding the labelled corpus (JSONL)"),
    Setting("PAKN_MAX_TEXT_CHARS", "20000", "Longest petition text accepted, in characters"),
    Setting("PAKN_MAX_BODY_BYTES", str(8 * 1024 * 1024), "Largest HTTP request body accepted, in bytes"),
    Setting("PAKN_RATE_LIMIT", "120/minute", "Requests allowed per API key (or per address) and period"),
    Setting("PAKN_LOG_TEXT", "0", "1 logs petition texts for debugging (never those asking for confidentiality)"),
)


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    model_dir: Path
    corpus_dir: Path
    max_text_chars: int
    max_body_bytes: int = 8 * 1024 * 1024
    rate_limit: str = "120/minute"
    log_text: bool = False

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        source = os.environ if env is None else env
        value = {s.name: source.get(s.name, s.default) for s in SETTINGS}
        return cls(
            data_dir=Path(value["PAKN_DATA_DIR"]),
            model_dir=Path(value["PAKN_MODEL_DIR"]),
            corpus_dir=Path(value["PAKN_CORPUS_DIR"]),
            max_text_chars=int(value["PAKN_MAX_TEXT_CHARS"]),
            max_body_bytes=int(value["PAKN_MAX_BODY_BYTES"]),
            rate_limit=value["PAKN_RATE_LIMIT"],
            log_text=value["PAKN_LOG_TEXT"] == "1",
        )


def get_settings() -> Settings:
    return Settings.from_env()
