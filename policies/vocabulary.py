"""The only condition names a policy table may use in `when`, and their engine form.

Each condition checks its value when tables load and compiles to durable-rules' dict
form; `pakn policies check --vocabulary` prints this list for officers who edit tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pakn.classifier.taxonomy import ISSUES, KINDS, SECTORS

CHANNELS = ("in_person", "post", "hotline", "email", "national_portal", "provincial_portal", "other")


@dataclass(frozen=True, slots=True)
class Condition:
    name: str
    help: str
    check: Callable[[Any], str | None]  # a problem, or None
    compile: Callable[[Any], dict[str, Any]]  # durable-rules expression on the fact `m`


def _one_of(allowed: tuple[str, ...] | dict[str, str], what: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        values = value if isinstance(value, list) else [value]
        bad = [v for v in values if v not in allowed]
        return f"{what} {bad[0]!r} is not a {what} id; expected one of: {', '.join(allowed)}" if bad else None
    return check


def _is(kind: type, what: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        return None if ok else f"expected {what}; got {value!r}"
    return check


def _equals(field: str) -> Callable[[Any], dict[str, Any]]:
    def compile_(value: Any) -> dict[str, Any]:
        if isinstance(value, list):
            return {"$or": [{field: v} for v in value]}
        return {field: value}
    return compile_


def _any_issue(value: list[str] | str) -> dict[str, Any]:
    values = value if isinstance(value, list) else [value]
    return {"$or": [{"$iany": {"issues": {"$i": v}}} for v in values]}


def _province_check(value: Any) -> str | None:
    from .places import provinces

    return None if value in provinces() else f"province {value!r} is not one of: {', '.join(provinces())}"


CONDITIONS: dict[str, Condition] = {
    c.name: c
    for c in (
        Condition("kind", "loại đơn (một hoặc danh sách)", _one_of(KINDS, "kind"), _equals("kind")),
        Condition("sector", "lĩnh vực (một hoặc danh sách)", _one_of(SECTORS, "sector"), _equals("sector")),
        Condition("issues_any", "có ít nhất một trong các vấn đề", _one_of(ISSUES, "issue"), _any_issue),
        Condition("province", "tỉnh/thành phố (sau 1/7/2025)", _province_check, _equals("province")),
        Condition("channel", "kênh tiếp nhận", _one_of(CHANNELS, "channel"), _equals("channel")),
        Condition("amount_at_least", "số tiền nêu trong đơn ≥ (đồng)", _is(int, "an amount in đồng"),
                  lambda v: {"$gte": {"amount": v}}),
        Condition("amount_below", "số tiền nêu trong đơn < (đồng), khi đã biết số tiền", _is(int, "an amount in đồng"),
                  lambda v: {"$and": [{"amount_known": True}, {"$lt": {"amount": v}}]}),
        Condition("amount_known", "đơn có nêu số tiền", _is(bool, "true or false"), _equals("amount_known")),
        Condition("repeat_at_least", "số lần vi phạm trước đó của đơn vị ≥", _is(int, "a count"),
                  lambda v: {"$gte": {"repeat": v}}),
        Condition("accused_head", "người bị phản ánh là người đứng đầu", _is(bool, "true or false"),
                  _equals("accused_head")),
        Condition("previously_disciplined", "người bị phản ánh đã bị kỷ luật về hành vi này",
                  _is(bool, "true or false"), _equals("previously_disciplined")),
        Condition("confidential", "người gửi đề nghị giữ bí mật", _is(bool, "true or false"), _equals("confidential")),
    )
}


def check_conditions(when: dict[str, Any]) -> list[str]:
    problems = []
    if not isinstance(when, dict) or not when:
        return ["`when` must be a mapping with at least one condition"]
    for name, value in when.items():
        condition = CONDITIONS.get(name)
        if condition is None:
            problems.append(f"condition {name!r} is unknown; expected one of: {', '.join(CONDITIONS)}")
            continue
        if (problem := condition.check(value)) is not None:
            problems.append(f"{name}: {problem}")
    return problems


def compile_conditions(when: dict[str, Any]) -> list[dict[str, Any]]:
    return [CONDITIONS[name].compile(value) for name, value in when.items()]
