"""`pakn policies check`: what schema validation cannot see.

* overlaps: two routing rows give different agencies for the same input, and neither is
  more specific (its conditions include the other's) nor declares `overrides` for the
  other — shown with the input;
* gaps: a kind × sector × period with no agency;
* unreachable rows: a row no input can fire (contradictory conditions or period);
* dates that do not chain: rows with the same conditions, or agencies that replace one
  another, must follow each other day after day, without overlap or hole;
* coverage: every routing and escalation row fired by at least one golden case.

Inputs are explored with the pure-Python reading of the tables (`oracle`), which is fast
and independent of the engine.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from pakn.classifier.taxonomy import ISSUES, KINDS, SECTORS

from .decision import RoutingInput
from .oracle import applies, fired_rows, ordered_rows
from .tables import Policies, RoutingRule

# Dates on both sides of every change the tables know, plus ordinary days.
PROBE_DATES = (date(2024, 6, 3), date(2025, 2, 28), date(2025, 3, 3), date(2025, 6, 30),
               date(2025, 7, 1), date(2026, 6, 30), date(2026, 7, 1), date(2026, 11, 23))
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"


def _witness(row: Any, province: str | None, day: date) -> RoutingInput:
    """An input built from the row's own conditions (the first value of each)."""
    when = row.when
    first = lambda v: v[0] if isinstance(v, list) else v  # noqa: E731
    amount = when.get("amount_at_least")
    if "amount_below" in when:
        amount = when["amount_below"] - 1
    if when.get("amount_known") is True and amount is None:
        amount = 1_000_000
    return RoutingInput(
        kind=first(when.get("kind", "feedback")), sector=first(when.get("sector", "other")),
        issues=tuple(when.get("issues_any", [])[:1] if isinstance(when.get("issues_any"), list)
                     else [when["issues_any"]] if "issues_any" in when else []),
        received=day, province=province or when.get("province"), channel=first(when.get("channel", "other")),
        confidential=when.get("confidential", False), amount_vnd=None if when.get("amount_known") is False else amount,
        repeat_count=when.get("repeat_at_least", 0), accused_head=when.get("accused_head", False),
        previously_disciplined=when.get("previously_disciplined", False),
    )


def _row_dates(row: Any) -> list[date]:
    start = row.effective_from or date(2024, 6, 3)
    end = row.effective_to or date(2026, 11, 23)
    return [d for d in (start, end, *PROBE_DATES) if start <= d <= end]


def unreachable(policies: Policies) -> list[str]:
    problems = []
    for row, province in ordered_rows(policies):
        if not any(applies(row, province, _witness(row, province, day)) for day in _row_dates(row)):
            problems.append(f"{row.table}:{row.line}  row {row.id} can never fire (its conditions or period contradict)")
    return problems


def _is_more_specific(a: RoutingRule, b: RoutingRule) -> bool:
    def pairs(when: dict[str, Any]) -> set[tuple[str, str]]:
        return {(k, str(v)) for k, v in when.items()}
    return pairs(a.when) >= pairs(b.when) and a.when != b.when


def overlaps_and_gaps(policies: Policies) -> list[str]:
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    agency_rows = [(row, province) for row, province in ordered_rows(policies)
                   if isinstance(row, RoutingRule) and row.agency]
    provinces = [None, *sorted(policies.provinces)]
    issue_sets: list[tuple[str, ...]] = [(), *((i,) for i in ISSUES)]
    for kind, sector, issues, day, province in itertools.product(KINDS, SECTORS, issue_sets, PROBE_DATES, provinces):
        r = RoutingInput(kind=kind, sector=sector, issues=issues, received=day, province=province)
        matching = [row for row, prov in agency_rows if applies(row, prov, r)]
        if not matching and kind != "not_petition" and ("gap", f"{kind}/{sector}/{day}") not in seen:
            seen.add(("gap", f"{kind}/{sector}/{day}"))
            problems.append(f"gap: no routing row gives an agency for kind={kind}, sector={sector}, received={day}")
        for earlier, later in itertools.combinations(matching, 2):
            if earlier.agency == later.agency or _is_more_specific(earlier, later):
                continue
            if later.id in earlier.overrides or "*" in earlier.overrides:
                continue
            key = (earlier.id, later.id)
            if key in seen:
                continue
            seen.add(key)
            problems.append(
                f"overlap: {earlier.table}:{earlier.line} {earlier.id} (→ {earlier.agency}) and "
                f"{later.table}:{later.line} {later.id} (→ {later.agency}) both match kind={kind}, "
                f"sector={sector}, issues={list(issues)}, received={day}, province={province}; "
                f"make one more specific or list the other in `overrides`")
    return problems


def date_chains(policies: Policies) -> list[str]:
    problems = []
    groups: dict[str, list[Any]] = {}
    for row in policies.routing:
        if row.agency:
            groups.setdefault(f"routing when={sorted(row.when.items())}", []).append(row)
    for procedure in policies.procedures.values():
        for clock in procedure.clocks:
            groups.setdefault(f"{procedure.id} {clock.step}", []).append(clock)
    for agency in policies.agencies.values():
        for old in agency.replaces:
            groups.setdefault(f"agency {agency.id}", [policies.agencies[old]]).append(agency)
    for name, rows in groups.items():
        if len(rows) < 2:
            continue
        rows = sorted(rows, key=lambda r: r.effective_from or date.min)
        for a, b in zip(rows, rows[1:], strict=False):
            if a.effective_to is None or b.effective_from is None or a.effective_to + timedelta(days=1) != b.effective_from:
                problems.append(f"dates: {a.id} ({a.effective_from}–{a.effective_to}) and {b.id} "
                                f"({b.effective_from}–{b.effective_to}) do not follow each other ({name})")
    return problems


def load_golden(directory: Path = GOLDEN_DIR) -> list[dict[str, Any]]:
    return [case for path in sorted(directory.glob("*.yaml")) for case in yaml.safe_load(path.read_text("utf-8"))]


def golden_coverage(policies: Policies, cases: list[dict[str, Any]]) -> list[str]:
    fired = {row_id for case in cases for row_id in fired_rows(policies, RoutingInput(**case["input"]))}
    return [f"coverage: {row.table}:{row.line} {row.id} is fired by no golden case in policies/golden/"
            for row, _ in ordered_rows(policies) if row.id not in fired]


def lint(policies: Policies, cases: list[dict[str, Any]] | None = None) -> list[str]:
    """Every problem found; an empty list means the tables pass."""
    return [*unreachable(policies), *overlaps_and_gaps(policies), *date_chains(policies),
            *golden_coverage(policies, load_golden() if cases is None else cases)]
