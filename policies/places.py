"""Province names onto the administrative map in force (the 2025 two-level map).

`resolve_province("Bình Dương")` → "Hồ Chí Minh"; `resolve_province("tp hcm")` → "Hồ Chí
Minh"; names are compared without diacritics, case or spacing. Place mentions read from
text (raw strings) are resolved the same way; the first that names a province wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import yaml

from pakn.classifier.vietnamese import fold


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(name))


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """(key → new province, key of an old merged province → new province)."""
    data = yaml.safe_load(resources.files("pakn.policies").joinpath("places.yaml").read_text("utf-8"))
    names: dict[str, str] = {}
    merged: dict[str, str] = {}
    for province, info in data["provinces"].items():
        names[_key(province)] = province
        for alias in info.get("aliases", []):
            names[_key(alias)] = province
        for old in info.get("merged", []):
            merged[_key(old)] = province
    return names, merged


def provinces() -> list[str]:
    return sorted(set(_table()[0].values()))


def resolve_province(name: str | None) -> tuple[str | None, bool]:
    """(province in force, whether it was an old province mapped onto a merged one)."""
    if not name:
        return None, False
    names, merged = _table()
    key = _key(re.sub(r"^(tỉnh|tinh|thành phố|thanh pho|tp\.?)\s+", "", name.strip(), flags=re.I))
    if key in names:
        return names[key], False
    if key in merged:
        return merged[key], True
    return None, False


def province_from_mentions(mentions: Iterable[str]) -> tuple[str | None, bool]:
    """The province named by raw place mentions ("tỉnh Bình Dương", "TP Hồ Chí Minh", "Huế")."""
    for mention in mentions:
        found, mapped = resolve_province(mention)
        if found:
            return found, mapped
    return None, False
