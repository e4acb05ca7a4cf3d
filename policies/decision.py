"""The routing decision: who, under which procedure, by when, how it escalates, and why."""

from __future__ import annotations

from datetime import date

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class RoutingInput(_Frozen):
    """What the engine decides on: labels from the classifier plus context and facts."""

    kind: str
    sector: str
    issues: tuple[str, ...] = ()
    received: date
    province: str | None = None  # the province in force on `received`
    channel: str = "other"
    confidential: bool = False
    amount_vnd: int | None = None
    repeat_count: int = 0  # earlier violations of the same unit (the case register, later)
    accused_head: bool = False
    previously_disciplined: bool = False

    @model_validator(mode="before")
    @classmethod
    def _not_petition_has_no_issues(cls, data: Any) -> Any:
        # taxonomy: a text that is not a petition carries no issue labels
        if isinstance(data, dict) and data.get("kind") == "not_petition":
            return {**data, "issues": ()}
        return data


class AgencyRef(_Frozen):
    id: str
    name: str
    level: str
    role: str  # "giải quyết" | "phối hợp" | ...
    legal_basis: str
    confidence: str


class ProcedureRef(_Frozen):
    id: str
    name: str
    reason: str | None = None  # why it is not handled, for khong_thu_ly


class ClockStep(_Frozen):
    id: str
    step: str
    what: str
    due: date | None
    days: int | None
    day_type: str
    extension: str | None
    legal_basis: str
    confidence: str


class EscalationStep(_Frozen):
    id: str
    trigger: str
    who: str
    action: str
    severity: str
    legal_basis: str
    confidence: str


class FiredRule(_Frozen):
    order: int
    table: str
    row: str
    legal_basis: str
    confidence: str


class Decision(_Frozen):
    agency: AgencyRef | None
    co_handlers: tuple[AgencyRef, ...]
    procedure: ProcedureRef
    province: str | None
    acknowledge_by: date | None
    deadline: date | None
    day_type: str | None
    clocks: tuple[ClockStep, ...]
    escalation: tuple[EscalationStep, ...]
    confidential: bool
    confidential_basis: str | None
    severity: str
    needs_review: bool
    review_notes: tuple[str, ...]
    trace: tuple[FiredRule, ...]
    policy_version: str
