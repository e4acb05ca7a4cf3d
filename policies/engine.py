"""Policy tables compiled into one durable-rules ruleset; one decision per petition.

"All rules that match, in a stated order": each petition is asserted as a *fact*
(durable-rules fires every rule whose condition a fact meets, once; an *event* would be
consumed by the first rule), every rule carries `pri` = its position (province routing
rows first so they can override, then national routing, national escalation, province
escalation), and each action only records its row. The decision is then assembled from
the recorded rows in that order. The fact is retracted and its state deleted afterwards.

durable-rules keeps its state in one native host, so decisions are serialised by a lock:
never two decisions at once in one process.

Which rows fire depends on a fact only through tests against the constants written in the
tables: equality (a sector, a province), membership (an issue) and comparison (an amount
threshold, an effective date). Two facts that agree on every such test fire the same rows,
so the rows fired are remembered per *equivalence key* (`_Compiled.key`): a backlog asks
the engine once per distinct situation, not once per row. The decision itself
(agencies in force, deadlines from the received date) is still assembled per petition.
"""

from __future__ import annotations

import bisect
import itertools
import re
import threading
from datetime import date
from typing import Any

from durable import engine as durable

from .calendar import add_days
from .decision import (
    AgencyRef, ClockStep, Decision, EscalationStep, FiredRule, ProcedureRef, RoutingInput,
)
from .tables import Agency, EscalationRule, Policies, RoutingRule, load_policies
from .vocabulary import compile_conditions

_SEVERITY = ("info", "low", "medium", "high", "critical")
_CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}  # centrally-run cities
_PROVINCE_SLOT = re.compile(r"(?:tỉnh/thành phố|tỉnh) \{province\}")


def place_name(template: str, province: str | None) -> str:
    """"Sở Y tế tỉnh/thành phố {province}" → "Sở Y tế thành phố Huế" (or "… tỉnh/thành phố nơi phát sinh")."""
    if province is None:
        title = "tỉnh/thành phố nơi phát sinh vụ việc"
    else:
        title = f"{'thành phố' if province in _CITIES else 'tỉnh'} {province}"
    return _PROVINCE_SLOT.sub(title, template).replace("{province}", province or "")
_ruleset_numbers = itertools.count()
_COMPARISONS = ("$gte", "$gt", "$lte", "$lt", "$neq")
_STRUCTURE = ("$and", "$or", "$iany", "$i")  # walked through; `$iany` tests a list field exactly
_OTHER = ("other",)  # in a key: a value no equality test in the tables names
MEMO_SIZE = 65_536  # distinct situations remembered; the memo starts afresh when full


class _Compiled:
    """One durable-rules host holding one ruleset built from a set of checked tables."""

    def __init__(self, policies: Policies, recorder: Any) -> None:
        self.policies = policies
        self.rules: list[RoutingRule | EscalationRule] = []
        self.name = f"pakn_routing_{next(_ruleset_numbers)}"
        self.host = durable.Host()
        ruleset = self._ruleset(recorder)
        self.host.set_rulesets({self.name: ruleset})
        self.cuts, self.named = _constants([rule["all"] for rule in ruleset.values()])
        self.memo: dict[tuple[Any, ...], tuple[int, ...]] = {}

    def key(self, fact: dict[str, Any]) -> tuple[Any, ...]:
        """The fact as the tables see it: a compared field by where it lies among their
        constants, an equality field by its value if some table names it (else "other"), a
        list field as its set. Facts with the same key fire the same rows."""
        parts = []
        for name in sorted(fact):
            value = fact[name]
            if name in self.cuts:
                cuts = self.cuts[name]
                value = (bisect.bisect_left(cuts, value), bisect.bisect_right(cuts, value))
            elif isinstance(value, list):
                value = tuple(sorted(set(value)))
            elif value not in self.named.get(name, ()):
                value = _OTHER
            parts.append((name, value))
        return tuple(parts)

    def _ruleset(self, recorder: Any) -> dict[str, Any]:
        ruleset: dict[str, Any] = {}
        for order, (rule, province) in enumerate(self.policies.ordered()):
            self.rules.append(rule)
            terms = compile_conditions(rule.when)
            if province is not None:
                terms.append({"province": province})
            if rule.effective_from:
                terms.append({"$gte": {"received": _day_number(rule.effective_from)}})
            if rule.effective_to:
                terms.append({"$lte": {"received": _day_number(rule.effective_to)}})
            ruleset[f"r{order:04d}"] = {"all": [{"m": {"$and": terms}}], "pri": order, "run": recorder(order)}
        return ruleset


class PolicyEngine:
    def __init__(self, policies: Policies | None = None, *, memo: bool = True) -> None:
        self.memo = memo  # False: ask durable-rules for every decision (tests compare both)
        self._lock = threading.Lock()
        self._fired: list[int] = []
        self._sids = itertools.count()
        self._compiled = _Compiled(policies or load_policies(), self._recorder)

    @property
    def policies(self) -> Policies:
        return self._compiled.policies

    def reload(self, policies: Policies) -> None:
        """Swap in new, already checked tables (`load_policies` raised on any problem).

        A decision runs wholly on the old tables or wholly on the new ones, never half. The
        new ruleset is also built under the lock: durable-rules' native state is global.
        """
        with self._lock:
            self._compiled = _Compiled(policies, self._recorder)

    @property
    def version(self) -> str:
        return self.policies.version

    def _recorder(self, order: int):  # type: ignore[no-untyped-def]
        def record(_closure: Any) -> None:
            self._fired.append(order)
        return record

    def decide(self, routing: RoutingInput) -> Decision:
        fact = {
            "kind": routing.kind, "sector": routing.sector, "issues": list(routing.issues),
            "province": routing.province or "", "channel": routing.channel,
            "amount": routing.amount_vnd if routing.amount_vnd is not None else -1,
            "amount_known": routing.amount_vnd is not None, "repeat": routing.repeat_count,
            "accused_head": routing.accused_head, "previously_disciplined": routing.previously_disciplined,
            "confidential": routing.confidential, "received": _day_number(routing.received),
        }
        with self._lock:
            compiled = self._compiled
            key = compiled.key(fact)
            fired = compiled.memo.get(key) if self.memo else None
            if fired is None:
                fired = self._fire(compiled, fact)
                if len(compiled.memo) >= MEMO_SIZE:
                    compiled.memo.clear()
                compiled.memo[key] = fired
        return self._assemble(compiled, routing, [compiled.rules[i] for i in fired])

    def _fire(self, compiled: _Compiled, fact: dict[str, Any]) -> tuple[int, ...]:
        """The rows durable-rules fires for `fact`, in table order (called under the lock)."""
        sid = f"d{next(self._sids)}"
        fact = {**fact, "sid": sid}
        self._fired = []
        compiled.host.assert_fact(compiled.name, fact)
        # a row whose `issues_any` lists several present issues is an `$or` in durable-rules,
        # which fires once per true branch: a row counts once
        fired = tuple(sorted(set(self._fired)))
        compiled.host.retract_fact(compiled.name, fact)
        compiled.host.delete_state(compiled.name, sid)
        return fired

    def _assemble(self, compiled: _Compiled, r: RoutingInput, fired: list[RoutingRule | EscalationRule]) -> Decision:
        policies = compiled.policies
        trace = tuple(FiredRule(order=k + 1, table=rule.table, row=rule.id, legal_basis=rule.legal_basis,
                                confidence=rule.confidence) for k, rule in enumerate(fired))
        routing_rows = [rule for rule in fired if isinstance(rule, RoutingRule)]
        escalation_rows = [rule for rule in fired if isinstance(rule, EscalationRule)]
        review = [f"{rule.table}:{rule.id} dựa trên căn cứ chưa chắc chắn (U)" for rule in fired if rule.confidence == "U"]

        agency_row = next((row for row in routing_rows if row.agency), None)
        agency = None
        if agency_row is not None and agency_row.agency != "none":
            agency = self._agency(policies, agency_row.agency, r.received, r.province, "giải quyết", review)
        co_ids: list[str] = []
        for row in routing_rows:
            co_ids += [a for a in row.co_handlers if a not in co_ids and (agency is None or a != agency.id)]
        co_handlers = tuple(self._agency(policies, a, r.received, r.province, "phối hợp", review) for a in co_ids)

        procedure_row = next((row for row in routing_rows if row.procedure), None)
        procedure_id = procedure_row.procedure if procedure_row else "pakn"
        procedure = policies.procedures[procedure_id or "pakn"]
        reason = "Không phải đơn phản ánh, kiến nghị, khiếu nại, tố cáo: lưu, không thụ lý." if (
            procedure.id == "khong_thu_ly") else None
        clocks = self._clocks(policies, procedure.id, r.received, review)
        acknowledge = next((c for c in clocks if c.step == "acknowledge"), None)
        resolve = next((c for c in clocks if c.step == "resolve"), None)

        escalation = tuple(EscalationStep(id=row.id, trigger=row.trigger, who=row.who, action=row.action,
                                          severity=row.severity, legal_basis=row.legal_basis,
                                          confidence=row.confidence) for row in escalation_rows)
        severity = max((s.severity for s in escalation), key=_SEVERITY.index, default="low")
        confidential = r.kind == "denunciation" or r.confidential
        return Decision(
            agency=agency, co_handlers=co_handlers,
            procedure=ProcedureRef(id=procedure.id, name=procedure.name, reason=reason),
            province=r.province, acknowledge_by=acknowledge.due if acknowledge else None,
            deadline=resolve.due if resolve else None,
            day_type=(resolve or acknowledge).day_type if (resolve or acknowledge) else None,
            clocks=tuple(clocks), escalation=escalation, confidential=confidential,
            confidential_basis="Luật Tố cáo 2018 Chương VI (bảo vệ người tố cáo)" if confidential else None,
            severity=severity, needs_review=bool(review), review_notes=tuple(dict.fromkeys(review)),
            trace=trace, policy_version=policies.version,
        )

    def _agency(self, policies: Policies, agency_id: str, day: date, province: str | None, role: str,
                review: list[str]) -> AgencyRef:
        agency = _in_force(policies, policies.agencies[agency_id], day)
        if agency.confidence == "U":
            review.append(f"agencies.yaml:{agency.id} dựa trên căn cứ chưa chắc chắn (U)")
        return AgencyRef(id=agency.id, name=place_name(agency.name, province), level=agency.level,
                         role=role, legal_basis=agency.legal_basis, confidence=agency.confidence)

    def _clocks(self, policies: Policies, procedure_id: str, received: date, review: list[str]) -> list[ClockStep]:
        steps: list[ClockStep] = []
        acknowledged: date | None = None
        for clock in policies.procedures[procedure_id].clocks:
            if not clock.in_force(received):
                continue
            start = acknowledged if clock.start == "acknowledge" and acknowledged else received
            due = add_days(start, clock.days, clock.day_type) if clock.days is not None else None
            if clock.step == "acknowledge":
                acknowledged = due
            if clock.confidence == "U":
                review.append(f"procedures.yaml:{clock.id} dựa trên căn cứ chưa chắc chắn (U)")
            steps.append(ClockStep(id=clock.id, step=clock.step, what=clock.what, due=due, days=clock.days,
                                   day_type=clock.day_type, extension=clock.extension,
                                   legal_basis=clock.legal_basis, confidence=clock.confidence))
        return steps


def _in_force(policies: Policies, agency: Agency, day: date) -> Agency:
    """The agency itself, or the one it replaced / that replaced it on `day`."""
    if agency.in_force(day):
        return agency
    for other in policies.agencies.values():
        if (agency.id in other.replaces or other.id in agency.replaces) and other.in_force(day):
            return other
    return agency


def _constants(conditions: list[Any]) -> tuple[dict[str, tuple[Any, ...]], dict[str, set[Any]]]:
    """The constants the conditions test each field against: sorted, for the fields some
    condition compares (`$gte`, `$lt`, ...), and as a set for the fields only tested for
    equality. An operator this does not know is refused: the memo would be unsafe."""
    named: dict[str, set[Any]] = {}
    compared: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        for name, value in node.items():
            if name in _COMPARISONS:
                for field_name, constant in value.items():
                    compared.add(field_name)
                    named.setdefault(field_name, set()).add(constant)
            elif name in _STRUCTURE:
                walk(value)
            elif name.startswith("$"):
                raise ValueError(f"durable-rules operator {name} is not known to the decision memo")
            elif isinstance(value, (dict, list)):
                walk(value)
            else:
                named.setdefault(name, set()).add(value)

    walk(conditions)
    return {name: tuple(sorted(named[name])) for name in compared}, named


def _day_number(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day
