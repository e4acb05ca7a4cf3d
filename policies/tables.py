"""Policy tables: YAML files read, validated (pydantic) and checked all at once.

Every row remembers its file and line; `load_policies` reports every problem as
"file:line  field: message" in one `PolicyInvalid` error, never stopping at the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from pakn.service.errors import PolicyInvalid

from .vocabulary import check_conditions

Confidence = Literal["V", "R", "U"]
Severity = Literal["info", "low", "medium", "high", "critical"]


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    legal_basis: str
    confidence: Confidence
    effective_from: date | None = None
    effective_to: date | None = None
    line: int = 0
    table: str = ""

    def in_force(self, day: date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to)

    @model_validator(mode="after")
    def _period(self) -> Row:
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        return self


class Agency(Row):
    name: str
    level: Literal["xa", "huyen", "tinh", "trung_uong", "any"]
    replaces: tuple[str, ...] = ()


class Clock(Row):
    step: Literal["acknowledge", "resolve"]
    what: str
    days: int | None
    day_type: Literal["working", "calendar"]
    start: Literal["receipt", "acknowledge"]
    extension: str | None = None


class Procedure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    name: str
    clocks: tuple[Clock, ...]
    line: int = 0


class Rule(Row):
    when: dict[str, Any]

    @field_validator("when")
    @classmethod
    def _known_conditions(cls, value: dict[str, Any]) -> dict[str, Any]:
        problems = check_conditions(value)
        if problems:
            raise ValueError("; ".join(problems))
        return value


class RoutingRule(Rule):
    agency: str | None = None
    procedure: str | None = None
    co_handlers: tuple[str, ...] = ()
    overrides: tuple[str, ...] = ()  # later rows whose agency this row may shadow ("*": all)


class EscalationRule(Rule):
    trigger: str
    who: str
    action: str
    severity: Severity


@dataclass
class Policies:
    agencies: dict[str, Agency] = field(default_factory=dict)
    procedures: dict[str, Procedure] = field(default_factory=dict)
    routing: list[RoutingRule] = field(default_factory=list)
    escalation: list[EscalationRule] = field(default_factory=list)
    provinces: dict[str, tuple[list[RoutingRule], list[EscalationRule]]] = field(default_factory=dict)
    version: str = ""

    def ordered(self) -> list[tuple[RoutingRule | EscalationRule, str | None]]:
        """(row, province of its pack or None) in the stated order rules fire: province
        routing (so a pack can override), national routing, national escalation, province
        escalation."""
        ordered: list[tuple[RoutingRule | EscalationRule, str | None]] = []
        for province, (routing, _) in sorted(self.provinces.items()):
            ordered += [(r, province) for r in routing]
        ordered += [(r, None) for r in self.routing]
        ordered += [(r, None) for r in self.escalation]
        for province, (_, escalation) in sorted(self.provinces.items()):
            ordered += [(r, province) for r in escalation]
        return ordered


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line of every mapping as `line` (1-based)."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping.setdefault("line", node.start_mark.line + 1)
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def default_directory() -> Path:
    return Path(str(resources.files("pakn.policies")))


def _read(path: Path, problems: list[str]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 (SafeLoader subclass)
    except (OSError, yaml.YAMLError) as exc:
        problems.append(f"{path.name}  cannot be read: {exc}")
        return None


def _rows(path: Path, raw: Any, model: type[BaseModel], problems: list[str]) -> list[Any]:
    if not isinstance(raw, list):
        problems.append(f"{path.name}  expected a list of rows")
        return []
    rows = []
    for item in raw:
        line = item.get("line", 0) if isinstance(item, dict) else 0
        try:
            rows.append(model.model_validate({**item, "table": path.name} if "table" in model.model_fields else item))
        except ValidationError as exc:
            for error in exc.errors():
                where = ".".join(str(p) for p in error["loc"]) or "row"
                problems.append(f"{path.name}:{line}  {where}: {error['msg']}")
        except TypeError:
            problems.append(f"{path.name}:{line}  a row must be a mapping")
    return rows


def _strip_nested_lines(value: Any) -> Any:
    """`when` mappings are conditions: drop the loader's line bookkeeping inside them."""
    if isinstance(value, dict):
        return {k: _strip_nested_lines(v) for k, v in value.items() if k != "line"}
    return value


def _clean_rules(raw: Any) -> Any:
    if isinstance(raw, list):
        return [{**r, "when": _strip_nested_lines(r.get("when", {}))} if isinstance(r, dict) else r for r in raw]
    return raw


def load_policies(directory: Path | None = None) -> Policies:
    """Every table of `directory` (default: the packaged tables), checked; or `PolicyInvalid`."""
    directory = directory or default_directory()
    problems: list[str] = []
    policies = Policies()
    for agency in _rows(directory / "agencies.yaml", _read(directory / "agencies.yaml", problems), Agency, problems):
        policies.agencies[agency.id] = agency
    raw_procedures = _read(directory / "procedures.yaml", problems)
    for procedure in _rows(directory / "procedures.yaml", raw_procedures, Procedure, problems):
        policies.procedures[procedure.id] = procedure
    routing_raw = _clean_rules(_read(directory / "routing.yaml", problems))
    policies.routing = _rows(directory / "routing.yaml", routing_raw, RoutingRule, problems)
    escalation_raw = _clean_rules(_read(directory / "escalation.yaml", problems))
    policies.escalation = _rows(directory / "escalation.yaml", escalation_raw, EscalationRule, problems)
    for path in sorted((directory / "provinces").glob("*.yaml")):
        pack = _read(path, problems)
        if not isinstance(pack, dict) or "province" not in pack:
            problems.append(f"{path.name}  a province pack is a mapping with a `province` key")
            continue
        for agency in _rows(path, pack.get("agencies", []), Agency, problems):
            policies.agencies[agency.id] = agency
        routing = _rows(path, _clean_rules(pack.get("routing", [])), RoutingRule, problems)
        escalation = _rows(path, _clean_rules(pack.get("escalation", [])), EscalationRule, problems)
        policies.provinces[pack["province"]] = (routing, escalation)
    problems += _cross_check(policies)
    if problems:
        raise PolicyInvalid("\n".join(problems), message=f"Bảng chính sách có {len(problems)} lỗi.",
                            problems=problems)
    policies.version = _version(directory)
    return policies


def _cross_check(p: Policies) -> list[str]:
    """References between tables: agencies, procedures, unique ids, provinces."""
    from .places import provinces as known_provinces

    problems = []
    all_routing = p.routing + [r for routing, _ in p.provinces.values() for r in routing]
    all_escalation = p.escalation + [r for _, esc in p.provinces.values() for r in esc]
    seen: dict[str, str] = {}
    for row in [*all_routing, *all_escalation]:
        key = f"{row.table}:{row.id}"
        if row.id in seen and seen[row.id] != key:
            problems.append(f"{row.table}:{row.line}  id {row.id!r} is already used in {seen[row.id]}")
        seen[row.id] = key
    for row in all_routing:
        for agency in ([row.agency] if row.agency not in (None, "none") else []) + list(row.co_handlers):
            if agency not in p.agencies:
                problems.append(f"{row.table}:{row.line}  agency {agency!r} is not in agencies.yaml; "
                                f"expected one of: {', '.join(sorted(p.agencies))}")
        if row.procedure and row.procedure not in p.procedures:
            problems.append(f"{row.table}:{row.line}  procedure {row.procedure!r} is not in procedures.yaml; "
                            f"expected one of: {', '.join(sorted(p.procedures))}")
    for agency in p.agencies.values():
        for old in agency.replaces:
            if old not in p.agencies:
                problems.append(f"agencies.yaml:{agency.line}  replaces unknown agency {old!r}")
    for province in p.provinces:
        if province not in known_provinces():
            problems.append(f"provinces/  province {province!r} is not one of the 34 provinces in places.yaml")
    return problems


def _version(directory: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*.yaml")):
        if "golden" in path.parts:
            continue
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
