"""Golden routing cases (policies/golden/*.yaml): labels and context in, decision out."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from pakn.policies.decision import RoutingInput
from pakn.policies.engine import PolicyEngine

GOLDEN = Path(__file__).resolve().parents[2] / "policies" / "golden"
CASES = [case for path in sorted(GOLDEN.glob("*.yaml")) for case in yaml.safe_load(path.read_text("utf-8"))]


@pytest.fixture(scope="module")
def engine() -> PolicyEngine:
    return PolicyEngine()


def test_cases_cover_the_five_seed_regimes() -> None:
    provinces = {c["input"].get("province") for c in CASES}
    assert {"Bắc Ninh", "Huế", "Quảng Trị", "Lâm Đồng"} <= provinces  # Bắc Giang is now Bắc Ninh
    assert len(CASES) >= 80


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_golden(engine: PolicyEngine, case: dict[str, Any]) -> None:
    decision = engine.decide(RoutingInput(**case["input"]))
    expect = case["expect"]
    co = [a.id for a in decision.co_handlers]
    escalation = [s.id for s in decision.escalation]
    if "agency" in expect:
        assert (decision.agency.id if decision.agency else None) == expect["agency"]
    if "procedure" in expect:
        assert decision.procedure.id == expect["procedure"]
    for key in ("acknowledge_by", "deadline"):
        if key in expect:
            value = expect[key]
            assert getattr(decision, key) == (value if value is None or isinstance(value, date) else date.fromisoformat(value))
    for agency in expect.get("co_handlers", []):
        assert agency in co
    for agency in expect.get("not_co_handlers", []):
        assert agency not in co
    if expect.get("escalation") == []:
        assert escalation == []
    for step in expect.get("escalation", []):
        assert step in escalation
    for step in expect.get("not_escalation", []):
        assert step not in escalation
    if "clocks" in expect:
        assert [c.id for c in decision.clocks] == expect["clocks"]
    for key in ("severity", "confidential", "needs_review"):
        if key in expect:
            assert getattr(decision, key) == expect[key]
    # every decision explains itself
    assert decision.trace and all(t.legal_basis for t in decision.trace)
    assert [t.order for t in decision.trace] == list(range(1, len(decision.trace) + 1))
