"""The keyword baseline: the Ctrl+F a desk officer would do, from `data/keywords.yaml`."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from .vietnamese import fold


@lru_cache(maxsize=1)
def _keywords() -> dict[str, Any]:
    text = resources.files("pakn.classifier").joinpath("data/keywords.yaml").read_text("utf-8")
    return dict(yaml.safe_load(text))


def _pattern(phrases: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?<![a-z0-9]){re.escape(fold(p))}(?![a-z0-9])" for p in phrases))


@lru_cache(maxsize=64)
def _compiled(key: str) -> re.Pattern[str]:
    head, _, label = key.partition("/")
    table = _keywords()[head]
    phrases = table["phrases"][label] if head == "kind" and label != "not_petition" else (
        table[label] if head != "kind" else table["not_petition"])
    return _pattern(phrases)


def baseline_predict(text: str) -> tuple[str, str, tuple[str, ...]]:
    """(kind, sector, issues) from keywords alone."""
    folded = fold(text)
    table = _keywords()
    kind = next((k for k in table["kind"]["order"] if _compiled(f"kind/{k}").search(folded)), None)
    if kind is None:
        kind = "not_petition" if _compiled("kind/not_petition").search(folded) else table["kind"]["default"]
    counts = {s: len(_compiled(f"sector/{s}").findall(folded)) for s in table["sector"]}
    sector = max(counts, key=lambda s: counts[s]) if any(counts.values()) else "other"
    issues = tuple(i for i in table["issues"] if _compiled(f"issues/{i}").search(folded))
    if kind == "not_petition":
        return kind, "other", ()
    return kind, sector, issues
