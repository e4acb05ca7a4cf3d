"""The labelled corpus: rows read from `corpus/{train,dev,test}.jsonl`, each validated.

A row remembers its file and line, so every problem is reported as "file:line  message".
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .taxonomy import DIACRITICS, ISSUES, KINDS, PROVINCES, REGISTERS, SECTORS

SPLITS = ("train", "dev", "test")
AUGMENT_METHODS = ("strip_diacritics", "teencode", "tcvn3", "vni", "typos", "upper")
_REQUIRED = ("id", "text", "kind", "sector", "issues", "register", "diacritics", "source")
_OPTIONAL = ("province", "amount_vnd", "confidential", "hard", "split")


@dataclass(frozen=True, slots=True)
class Petition:
    id: str
    text: str
    kind: str
    sector: str
    issues: tuple[str, ...]
    register: str
    diacritics: str
    source: str
    province: str | None = None
    amount_vnd: int | None = None
    confidential: bool | None = None
    hard: str | None = None
    file: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    @property
    def is_original(self) -> bool:
        return self.source == "original"

    @property
    def parent_id(self) -> str | None:
        """For `augmented:<method>:<parent id>` rows, the parent's id."""
        return self.source.split(":", 2)[2] if self.source.startswith("augmented:") else None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def to_json(self) -> dict[str, Any]:
        row: dict[str, Any] = {
            "id": self.id, "text": self.text, "kind": self.kind, "sector": self.sector,
            "issues": list(self.issues), "register": self.register,
            "diacritics": self.diacritics, "source": self.source,
        }
        for key in ("province", "amount_vnd", "confidential", "hard"):
            if getattr(self, key) is not None:
                row[key] = getattr(self, key)
        return row


def row_problems(row: dict[str, Any]) -> list[str]:
    """Every schema problem of one raw row (empty when the row is valid)."""
    problems = [f"missing field '{k}'" for k in _REQUIRED if k not in row]
    unknown = sorted(set(row) - set(_REQUIRED) - set(_OPTIONAL))
    problems += [f"unknown field '{k}'; expected one of: {', '.join(_REQUIRED + _OPTIONAL)}" for k in unknown]
    if problems:
        return problems

    def check(name: str, value: Any, allowed: Iterable[str]) -> None:
        if value not in allowed:
            problems.append(f"{name} {value!r} is not a {name} id; expected one of: {', '.join(allowed)}")

    if not isinstance(row["text"], str) or not row["text"].strip():
        problems.append("text must be a non-empty string")
    elif not unicodedata.is_normalized("NFC", row["text"]):
        problems.append("text is not in Unicode NFC")
    check("kind", row["kind"], KINDS)
    check("sector", row["sector"], SECTORS)
    check("register", row["register"], REGISTERS)
    check("diacritics", row["diacritics"], DIACRITICS)
    if not isinstance(row["issues"], list):
        problems.append("issues must be a list")
    else:
        for issue in row["issues"]:
            check("issue", issue, ISSUES)
        if len(set(row["issues"])) != len(row["issues"]):
            problems.append("issues repeats a label")
    source = row["source"]
    if source != "original":
        parts = str(source).split(":")
        if len(parts) != 3 or parts[0] != "augmented" or parts[1] not in AUGMENT_METHODS or not parts[2]:
            problems.append(f"source {source!r} must be 'original' or 'augmented:<method>:<parent id>' "
                            f"with a method in {', '.join(AUGMENT_METHODS)}")
    if row.get("province") is not None:
        check("province", row["province"], PROVINCES)
    amount = row.get("amount_vnd")
    if amount is not None and (not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0):
        problems.append(f"amount_vnd must be a positive integer; got {amount!r}")
    if row.get("confidential") is not None and not isinstance(row["confidential"], bool):
        problems.append("confidential must be true or false")
    if row["kind"] == "not_petition" and (row["sector"] != "other" or row["issues"]):
        problems.append("a not_petition row has sector 'other' and no issues")
    return problems


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """(line number, parsed row or None, error) for every non-blank line of a JSONL file."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, None, f"not JSON: {exc.msg} at column {exc.colno}"
                continue
            if not isinstance(value, dict):
                yield number, None, "a line must hold one JSON object"
                continue
            yield number, value, ""


def to_petition(row: dict[str, Any], file: str, line: int) -> Petition:
    return Petition(
        id=row["id"], text=row["text"], kind=row["kind"], sector=row["sector"],
        issues=tuple(row["issues"]), register=row["register"], diacritics=row["diacritics"],
        source=row["source"], province=row.get("province"), amount_vnd=row.get("amount_vnd"),
        confidential=row.get("confidential"), hard=row.get("hard"), file=file, line=line,
    )


def load_split(path: Path) -> tuple[list[Petition], list[str]]:
    """Valid petitions of one file, and "file:line  problem" for every invalid line."""
    petitions: list[Petition] = []
    problems: list[str] = []
    for line, row, error in read_rows(path):
        if row is None:
            problems.append(f"{path.name}:{line}  {error}")
            continue
        found = row_problems(row)
        if found:
            problems += [f"{path.name}:{line}  {p}" for p in found]
            continue
        petitions.append(to_petition(row, path.name, line))
    return petitions, problems


def load_corpus(directory: Path) -> tuple[dict[str, list[Petition]], list[str]]:
    """The three splits of `directory`, and every problem found while reading them."""
    splits: dict[str, list[Petition]] = {}
    problems: list[str] = []
    for name in SPLITS:
        path = directory / f"{name}.jsonl"
        if not path.exists():
            problems.append(f"{path.name}  missing: expected {', '.join(s + '.jsonl' for s in SPLITS)}")
            splits[name] = []
            continue
        splits[name], found = load_split(path)
        problems += found
    return splits, problems


def write_jsonl(path: Path, petitions: Iterable[Petition]) -> None:
    tmp = path.with_suffix(".jsonl.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for petition in petitions:
            handle.write(json.dumps(petition.to_json(), ensure_ascii=False) + "\n")
    tmp.replace(path)
