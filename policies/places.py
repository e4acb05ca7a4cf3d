"""Place names onto the administrative map in force (the 2025 two-level map).

The map comes from maintained packages, not from us: `vietnam-provinces` (the 34
provinces and 3,321 communes in force from 2025-07-01, General Statistics Office codes)
and `vietnam-address-converter` (the official old→new mapping table, 10/2025: the 63 old
provinces, their districts and wards, each mapped to a new province and commune). We
chose the first for the list in force (small, typed, dated data version) and the second
for old addresses, the only one of the candidates that carries the old→new mapping
(`underthesea` has no address module in 9.5). From the mapping we derive, once, old
province → new province (each of the 63 maps to exactly one) and district → old province
for district names that are unique. `places.yaml` adds spoken forms ("Sài Gòn", "TP HCM").

    resolve_province("Bình Dương")    → ("Hồ Chí Minh", True)   # old province, merged
    resolve_province("tp hcm")        → ("Hồ Chí Minh", False)
    resolve_district("Hải Lăng")      → ("Quảng Trị", True)     # a district, now abolished
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import yaml

from pakn.classifier.vietnamese import fold

_PREFIX = re.compile(r"^(?:tỉnh|tinh|thành phố|thanh pho|tp\.?|t\.p\.?)\s+", re.IGNORECASE)


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(_PREFIX.sub("", name.strip())))


@lru_cache(maxsize=1)
def _maps() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(key → province in force, key of an old province → new, key of a district → new)."""
    from vietnam_address_converter.data import DEFAULT_DATA
    from vietnam_provinces import Province

    current = {_key(p.name): p.name.removeprefix("Thành phố ").removeprefix("Tỉnh ") for p in Province.iter_all()}
    new_name = {code: info["name"] for code, info in DEFAULT_DATA["newProvinces"].items()}
    old_to_new: dict[str, str] = {}
    for row in DEFAULT_DATA["mapping"]["rows"]:
        old_to_new[row["old"]["province_code"]] = new_name[row["new"]["province_code"]]
    old = {_key(info["name"]): old_to_new[code] for code, info in DEFAULT_DATA["oldProvinces"].items()}
    districts: dict[str, set[str]] = defaultdict(set)
    for info in DEFAULT_DATA["oldDistricts"].values():
        districts[_key(info["name"])].add(old_to_new[info["parent_code"]])
    unique_districts = {k: next(iter(v)) for k, v in districts.items() if len(v) == 1 and not k.isdigit()}
    aliases = yaml.safe_load(resources.files("pakn.policies").joinpath("places.yaml").read_text("utf-8"))["aliases"]
    for province, spoken in aliases.items():
        target = province.removesuffix(" (old)")
        table = old if province.endswith("(old)") else current
        for alias in spoken:
            table[_key(alias)] = target
    return current, old, unique_districts


def provinces() -> list[str]:
    return sorted(set(_maps()[0].values()))


def resolve_province(name: str | None) -> tuple[str | None, bool]:
    """(province in force, whether `name` was an old province now merged into it)."""
    if not name:
        return None, False
    current, old, _ = _maps()
    key = _key(name)
    if key in current:
        return current[key], False
    if key in old:
        return old[key], True
    return None, False


def resolve_district(name: str) -> tuple[str | None, bool]:
    """Province in force for an old district name, when the name is unique in the country."""
    found = _maps()[2].get(_key(name))
    return (found, True) if found else (None, False)


def province_from_mentions(mentions: Iterable[tuple[str, str]]) -> tuple[str | None, bool]:
    """The province named by place mentions (unit, name): provinces first, then districts."""
    mentions = list(mentions)
    for unit, name in mentions:
        if _key(unit) not in ("xa", "phuong", "thon", "ap", "ban", "xom", "to", "huyen", "quan", "thixa", "thitran"):
            found, mapped = resolve_province(name)
            if found:
                return found, mapped
    for unit, name in mentions:
        if _key(unit) in ("huyen", "quan", "thixa"):
            found, mapped = resolve_district(name)
            if found:
                return found, mapped
    return None, False
