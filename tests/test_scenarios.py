"""The 29 Changsha bundles: each exists, checks clean and meets the minimum shape of a real bundle."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from compiler import ir
from compiler.pipeline import CompileResult, compile_paths
from compiler.workdays import exceeds

ROOT = Path(__file__).resolve().parents[1]
BATCHES = {
    "2023-05-31": [
        "newborn",
        "second_hand_housing",
        "special_groups",
        "retirement",
        "veteran_discharge",
        "school_enrollment",
        "social_insurance",
        "company_startup",
        "business_permit",
        "company_deregistration",
        "employee_hiring",
        "company_real_estate",
        "company_change",
        "tax_filing",
        "joint_drawing_review",
        "construction_permit",
        "joint_acceptance",
    ],
    "2023-12-31": [
        "certificates",
        "employment",
        "marriage",
        "after_death",
        "employee_benefits",
        "policy_benefits",
        "financing",
        "bidding",
        "land_approval",
        "utility_connection",
    ],
    "2024-12-31": ["medical_care", "business_opening_acceptance"],
}
IDS = [sid for ids in BATCHES.values() for sid in ids]
# Bundles that are genuinely small may have 3 items, if their notes say why.
SMALL_OK = 3


@cache
def compiled() -> CompileResult:
    return compile_paths([ROOT / "scenarios"])


def test_there_are_29_distinct_scenarios() -> None:
    assert len(set(IDS)) == 29


def test_all_scenarios_check_with_no_errors_and_no_warnings() -> None:
    result = compiled()
    assert [
        f"{d.code.name} {d.span and d.span.file}:{d.span and d.span.line} {d.message}"
        for d in result.diagnostics
    ] == []


@pytest.mark.parametrize("sid", IDS)
def test_scenario_exists_with_its_batch_and_file_name(sid: str) -> None:
    files = [p for p in (ROOT / "scenarios").iterdir() if p.stem == sid]
    assert len(files) == 1, f"scenarios/{sid}.(yaml|yjs) missing or duplicated"
    plan = compiled().plans[sid]
    batch = next(b for b, ids in BATCHES.items() if sid in ids)
    assert plan.scenario.batch.isoformat() == batch


@pytest.mark.parametrize("sid", IDS)
def test_scenario_has_the_shape_of_a_real_bundle(sid: str) -> None:
    plan = compiled().plans[sid]
    spec = plan.scenario
    minimum = SMALL_OK if spec.notes and "事项" in spec.notes else 4
    assert len(plan.items) >= minimum
    assert len(plan.departments) >= 2
    assert spec.situations, "at least one situation"
    depends = any(p.needs for p in plan.items)
    prefilled = any(not f.asked and f.definition.from_data for f in plan.form)
    assert depends or prefilled, "a result dependency or a shared-data prefill"
    assert any(p.department.id == spec.lead for p in plan.items), "the lead handles an item"
    for p in plan.items:
        assert exceeds(p.item.days.promised, p.item.days.legal) is None


def test_no_two_scenarios_share_more_than_half_their_own_item_definitions() -> None:
    """Items written in a scenario file (not `use:`d from stdlib) compared by name."""
    own: dict[str, set[str]] = {}
    for path in sorted((ROOT / "scenarios").glob("*.y*ml")):
        result = compile_paths([path])
        for sid, plan in result.plans.items():
            entries = [e for e in plan.scenario.items if isinstance(e, ir.Item)]
            own[sid] = {e.name for e in entries}
    pairs: Counter[tuple[str, str]] = Counter()
    for a in own:
        for b in own:
            if a < b and own[a] and own[b]:
                shared = own[a] & own[b]
                if len(shared) * 2 > min(len(own[a]), len(own[b])):
                    pairs[(a, b)] = len(shared)
    assert not pairs, f"move shared items to stdlib and `use:` them: {dict(pairs)}"


@pytest.mark.parametrize("sid", IDS)
def test_spec_tests_exercise_every_answer_of_every_situation(sid: str) -> None:
    spec = compiled().plans[sid].scenario
    for situation in spec.situations:
        given = {test.answers.get(situation.id) for test in spec.tests}
        wanted = set(situation.choices) if situation.choices else {True, False}
        assert wanted <= given, f"{situation.id}: no spec test answers {wanted - given}"
