"""An independent, pure-Python reading of the policy tables.

It evaluates each row's `when` directly in Python (no durable-rules, no compiled
conditions) and walks the rows in the documented order. The tests use it as the engine's
oracle (a disagreement points at the compiler or the engine); the linter uses it to
explore inputs quickly.
"""

from __future__ import annotations

from typing import Any

from pakn.policies.decision import RoutingInput
from pakn.policies.tables import Policies


def matches(when: dict[str, Any], r: RoutingInput) -> bool:
    """Whether input `r` meets every condition of `when`."""
    def as_list(v: Any) -> list[Any]:
        return v if isinstance(v, list) else [v]

    for name, value in when.items():
        ok = {
            "kind": lambda v: r.kind in as_list(v),
            "sector": lambda v: r.sector in as_list(v),
            "issues_any": lambda v: any(i in r.issues for i in as_list(v)),
            "province": lambda v: r.province == v,
            "channel": lambda v: r.channel in as_list(v),
            "amount_at_least": lambda v: r.amount_vnd is not None and r.amount_vnd >= v,
            "amount_below": lambda v: r.amount_vnd is not None and r.amount_vnd < v,
            "amount_known": lambda v: (r.amount_vnd is not None) == v,
            "repeat_at_least": lambda v: r.repeat_count >= v,
            "accused_head": lambda v: r.accused_head == v,
            "previously_disciplined": lambda v: r.previously_disciplined == v,
            "confidential": lambda v: r.confidential == v,
        }[name](value)
        if not ok:
            return False
    return True


def ordered_rows(policies: Policies) -> list[tuple[Any, str | None]]:
    """(row, province of its pack or None) in the documented order."""
    return list(policies.ordered())


def applies(row: Any, province: str | None, r: RoutingInput) -> bool:
    return (province is None or r.province == province) and row.in_force(r.received) and matches(row.when, r)


def fired_rows(policies: Policies, r: RoutingInput) -> list[str]:
    """Ids of the rows that apply to `r`, in the engine's documented order."""
    return [row.id for row, province in ordered_rows(policies) if applies(row, province, r)]


def agency_of(policies: Policies, r: RoutingInput) -> str | None:
    by_id = {row.id: row for row in policies.routing}
    for _, (routing, _) in policies.provinces.items():
        by_id.update({row.id: row for row in routing})
    for row_id in fired_rows(policies, r):
        row = by_id.get(row_id)
        if row is not None and row.agency:
            return None if row.agency == "none" else row.agency
    return None
