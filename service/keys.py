"""API keys for portals: created once and shown once; only a SHA-256 hash is stored.

The store is a small SQLite file under the data directory (`PAKN_DATA_DIR/keys.sqlite3`).
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .errors import BadRequest

_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    name TEXT PRIMARY KEY,
    key_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
)
"""


@dataclass(frozen=True, slots=True)
class KeyInfo:
    name: str
    created_at: str
    revoked_at: str | None


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class KeyStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:
                yield db
        finally:
            db.close()

    def create(self, name: str) -> str:
        """A new key for `name`; the only time the key itself is ever returned."""
        if not name.strip():
            raise BadRequest("empty key name", message="Tên khóa không được để trống.")
        key = "pakn_" + secrets.token_urlsafe(32)
        try:
            with self._connect() as db:
                db.execute("INSERT INTO api_keys (name, key_hash, created_at) VALUES (?, ?, ?)",
                           (name, _hash(key), datetime.now(UTC).isoformat(timespec="seconds")))
        except sqlite3.IntegrityError:
            raise BadRequest(f"a key named {name!r} exists", message=f"Đã có khóa tên “{name}”.") from None
        return key

    def revoke(self, name: str) -> bool:
        with self._connect() as db:
            cursor = db.execute("UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                                (datetime.now(UTC).isoformat(timespec="seconds"), name))
            return cursor.rowcount > 0

    def verify(self, key: str | None) -> str | None:
        """The key's name when it is valid and not revoked, else None."""
        if not key:
            return None
        with self._connect() as db:
            row = db.execute("SELECT name FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL",
                             (_hash(key),)).fetchone()
        return row[0] if row else None

    def active_count(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL").fetchone()[0])

    def list(self) -> list[KeyInfo]:
        with self._connect() as db:
            return [KeyInfo(*row) for row in db.execute("SELECT name, created_at, revoked_at FROM api_keys ORDER BY name")]
