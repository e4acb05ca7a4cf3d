"""Policy tables: validated at load with file and line, every label covered, engine contract."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from pakn.classifier.taxonomy import ISSUES, KINDS, SECTORS
from pakn.policies.calendar import add_calendar_days, add_working_days, is_working_day
from pakn.policies.decision import RoutingInput
from pakn.policies.engine import PolicyEngine
from pakn.policies.places import province_from_mentions, provinces, resolve_district, resolve_province
from pakn.policies.tables import default_directory, load_policies
from pakn.service.errors import PolicyInvalid


@pytest.fixture()
def tables(tmp_path: Path) -> Path:
    copy = tmp_path / "policies"
    shutil.copytree(default_directory(), copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return copy


def test_packaged_tables_load() -> None:
    policies = load_policies()
    assert policies.routing and policies.escalation and policies.version


def test_every_issue_has_an_escalation_row_and_every_kind_and_sector_a_route() -> None:
    policies = load_policies()
    issues = {i for row in policies.escalation for i in row.when.get("issues_any", [])}
    assert set(ISSUES) <= issues
    kinds = {row.when.get("kind") for row in policies.routing}
    assert set(KINDS) <= kinds
    sectors = {row.when.get("sector") for row in policies.routing if "agency" in row.model_fields_set}
    assert set(SECTORS) <= sectors


def test_a_broken_table_names_file_line_and_field(tables: Path) -> None:
    path = tables / "escalation.yaml"
    text = path.read_text("utf-8")
    text = text.replace("when: {kind: denunciation}\n  trigger: Mọi đơn tố cáo",
                        "when: {kind: denunciaton}\n  trigger: Mọi đơn tố cáo", 1)
    text = text.replace("  severity: critical\n", "  severity: extreme\n", 1)
    path.write_text(text, "utf-8")
    with pytest.raises(PolicyInvalid) as caught:
        load_policies(tables)
    problems = caught.value.context["problems"]
    assert any(p.startswith("escalation.yaml:") and "kind 'denunciaton' is not a kind id" in p for p in problems)
    assert any("severity" in p for p in problems)  # every problem, not just the first


def test_unknown_agency_and_condition_are_reported(tables: Path) -> None:
    path = tables / "routing.yaml"
    path.write_text(path.read_text("utf-8").replace("agency: so_y_te", "agency: so_yte")
                    .replace("when: {sector: other}", "when: {sectr: other}"), "utf-8")
    with pytest.raises(PolicyInvalid) as caught:
        load_policies(tables)
    text = str(caught.value.detail)
    assert "agency 'so_yte' is not in agencies.yaml" in text
    assert "condition 'sectr' is unknown" in text


def test_calendar_counts_working_days_and_holidays() -> None:
    assert not is_working_day(date(2026, 11, 24))  # Ngày Văn hóa Việt Nam
    assert not is_working_day(date(2026, 2, 17))  # Tết
    assert is_working_day(date(2025, 4, 26))  # a Saturday worked for the 2 May bridge day
    assert add_working_days(date(2026, 11, 23), 7) == date(2026, 12, 3)
    assert add_calendar_days(date(2026, 12, 3), 30) == date(2027, 1, 4)  # 2/1 is a Saturday


def test_old_provinces_map_onto_the_2025_map() -> None:
    assert resolve_province("Bình Dương") == ("Hồ Chí Minh", True)
    assert resolve_province("tp hcm") == ("Hồ Chí Minh", False)
    assert resolve_province("tỉnh Bắc Giang") == ("Bắc Ninh", True)
    assert resolve_province("Thừa Thiên Huế") == ("Huế", False)
    assert resolve_province("Atlantis") == (None, False)
    assert province_from_mentions([("xã", "Hải Thọ"), ("huyện", "Hải Lăng"), ("tỉnh", "Quảng Bình")]) == ("Quảng Trị", True)
    assert province_from_mentions([("xã", "Hải Thọ"), ("huyện", "Hải Lăng")]) == ("Quảng Trị", True)
    assert province_from_mentions([("ở", "Bình Dương")]) == ("Hồ Chí Minh", True)
    assert province_from_mentions([("xã", "Quảng Trị")]) == (None, False)  # a commune, not the province


def test_the_map_comes_from_the_packages() -> None:
    from pakn.classifier.taxonomy import PROVINCES

    assert provinces() == sorted(PROVINCES)
    assert resolve_district("Yên Phong") == ("Bắc Ninh", True)
    assert resolve_district("Châu Thành") == (None, False)  # a name shared by several provinces


def test_decisions_are_deterministic_and_independent() -> None:
    engine = PolicyEngine()
    first = engine.decide(RoutingInput(kind="denunciation", sector="land", issues=("bribery",),
                                       received=date(2025, 9, 1), amount_vnd=3_000_000))
    engine.decide(RoutingInput(kind="request", sector="health", received=date(2025, 9, 1)))
    again = engine.decide(RoutingInput(kind="denunciation", sector="land", issues=("bribery",),
                                       received=date(2025, 9, 1), amount_vnd=3_000_000))
    assert first == again


def test_readme_lists_every_uncertain_row() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    policies = load_policies()
    rows = [*policies.routing, *policies.escalation, *policies.agencies.values(),
            *(c for p in policies.procedures.values() for c in p.clocks),
            *(r for a, b in policies.provinces.values() for r in a + b)]
    for row in rows:
        if row.confidence == "U":
            assert f"`{row.id}`" in readme, f"README's policy section does not list uncertain row {row.id}"


def test_lint_passes_on_the_packaged_tables() -> None:
    from pakn.policies.lint import lint

    assert lint(load_policies()) == []


def test_lint_finds_overlap_gap_chain_break_unreachable_and_uncovered(tables: Path) -> None:
    from pakn.policies.lint import lint

    routing = tables / "routing.yaml"
    text = routing.read_text("utf-8")
    text = text.replace("- id: health-province\n  when: {sector: health}",
                        "- id: health-province\n  when: {sector: health}\n  effective_from: 2024-01-01", 1)
    text = text.replace("  effective_to: 2025-02-28\n  legal_basis: Sở Kế hoạch", "  effective_to: 2025-02-20\n  legal_basis: Sở Kế hoạch", 1)
    text += ("- id: rogue-health\n  when: {issues_any: [conduct]}\n  agency: so_noi_vu\n"
             "  legal_basis: test\n  confidence: R\n"
             "- id: never\n  when: {amount_at_least: 5000000, amount_below: 1000000}\n  co_handlers: [so_noi_vu]\n"
             "  legal_basis: test\n  confidence: R\n")
    routing.write_text(text, "utf-8")
    problems = lint(load_policies(tables))
    joined = "\n".join(problems)
    assert "gap: no routing row gives an agency for kind=feedback, sector=health, received=2024-06-03" not in joined
    assert "overlap:" in joined and "rogue-health" in joined  # two agencies, neither more specific
    assert "gap: no routing row gives an agency for kind=feedback, sector=business, received=2025-02-28" in joined
    assert "dates: business-old" in joined
    assert "row never can never fire" in joined
    assert "coverage: routing.yaml:" in joined and " never is fired by no golden case" in joined
