"""Corrections from the review of the 29 bundles (issue 10 point 1), held against the specs.

Each test pins one correction to what the law now says, so that a later edit that brings back
the old rule (the 户口簿 at a marriage, a 20-day food licence, a made-up 清税证明) fails here
rather than in front of a lead department.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from compiler import durations, ir, vocabulary
from compiler.pipeline import CompileResult
from compiler.plan import Plan, PlannedItem

ROOT = Path(__file__).resolve().parents[1]
AFTER_REVISION = dt.date(2025, 6, 1)  # 《婚姻登记条例》（国务院令第804号）施行于 2025-05-10
HOUSEHOLD_BOOK = "household_register"  # the 居民户口簿 e-license, whoever's book it is


def item(plan: Plan, item_id: str) -> PlannedItem:
    return next(p for p in plan.items if p.item.id == item_id)


def holds_on(dated: ir.Material | ir.Item, day: dt.date) -> bool:
    return (dated.valid_from is None or dated.valid_from <= day) and (
        dated.valid_until is None or day < dated.valid_until
    )


def test_marriage_after_the_revision_asks_no_household_book_and_is_nationwide(
    real_scenarios: CompileResult,
) -> None:
    plan = real_scenarios.plans["marriage"]
    assert plan.scenario.scope is vocabulary.ServiceArea.NATION
    by_id = {m.material.id: m.material for m in plan.materials}
    registration = item(plan, "marriage_registration")
    asked = [by_id[mid] for mid in registration.materials if holds_on(by_id[mid], AFTER_REVISION)]
    assert asked and not [m for m in asked if m.license == HOUSEHOLD_BOOK or "户口簿" in m.name]
    # Net of 免提交, nothing the couple hands in anywhere in the bundle is a 户口簿.
    submitted = [m.material for m in plan.materials if m.submit]
    assert not [m.id for m in submitted if "户口簿" in m.name]


def test_marriage_bases_date_the_revision_and_check_clean_either_side() -> None:
    spec = str(ROOT / "scenarios" / "marriage.yjs")

    def check(as_of: str) -> list[dict[str, object]]:
        result = CliRunner().invoke(app, ["check", spec, "--format", "json", "--as-of", as_of])
        assert result.exit_code == 0, result.output
        found: list[dict[str, object]] = json.loads(result.stdout)
        return found

    assert check(AFTER_REVISION.isoformat()) == []
    [before] = check("2025-05-09")  # the new 条例 is not yet in force; the old one holds
    assert before["code"] == "W702" and "2025-05-10" in str(before["message"])


def test_company_deregistration_orders_registration_after_tax_clearance(
    real_scenarios: CompileResult,
) -> None:
    plan = real_scenarios.plans["company_deregistration"]
    registration = item(plan, "enterprise_deregistration_registration")
    assert [a.item for a in registration.after] == ["tax_deregistration"]
    assert "tax_deregistration" in registration.needs
    tax = item(plan, "tax_deregistration")
    produced = set(tax.item.produces)
    assert not produced & set(registration.materials)
    assert not produced & {f for f in registration.fields}
    assert registration.start_day == tax.end_day
    assert plan.critical_path[:2] == (
        "tax_deregistration",
        "enterprise_deregistration_registration",
    )
    assert plan.total_days == plan.scenario.promised_days == 12


def test_financing_queries_credit_and_tax_rating_before_the_loan(
    real_scenarios: CompileResult,
) -> None:
    plan = real_scenarios.plans["financing"]
    names = {p.item.id: p.item.name for p in plan.items}
    assert names["credit_information_query"].startswith("征信信息查询")
    assert names["tax_credit_rating_authorized_query"] == "纳税信用级别依授权查询"
    loan = item(plan, "guarantee_loan_disbursement")
    assert {a.item for a in loan.after} == {
        "credit_information_query",
        "tax_credit_rating_authorized_query",
    }
    assert plan.total_days == plan.scenario.promised_days


def test_land_approval_reports_farmland_conversion_and_expropriation_as_items(
    real_scenarios: CompileResult,
) -> None:
    plan = real_scenarios.plans["land_approval"]
    conversion = item(plan, "farmland_conversion_approval")
    expropriation = item(plan, "land_expropriation_approval")
    assert conversion.item.kind is vocabulary.ItemKind.LICENSING
    assert expropriation.item.kind is vocabulary.ItemKind.LEVY
    for approval in (conversion, expropriation):
        assert any("批准" in p.name for p in approval.item.special_procedures)
        assert "site_selection_pre_review" in approval.needs
        assert approval.item.id in item(plan, "land_allocation_decision_issuance").needs
    assert plan.total_days <= plan.scenario.promised_days


def test_business_permit_follows_the_2023_food_and_2024_drug_rules(
    real_scenarios: CompileResult,
) -> None:
    plan = real_scenarios.plans["business_permit"]
    food = item(plan, "food_business_license_issue").item
    assert (food.days.legal.amount, food.days.legal.unit) == (10, durations.TimeUnit.WORKING_DAY)
    assert item(plan, "medical_device_business_filing").level is vocabulary.Level.CITY
    bases = {b.title: b for b in plan.scenario.legal_basis if isinstance(b, ir.LegalBasis)}
    assert bases["《食品经营许可和备案管理办法》"].valid_from == dt.date(2023, 12, 1)
    assert bases["《药品经营和使用质量监督管理办法》"].valid_from == dt.date(2024, 1, 1)
    assert bases["《食品经营许可管理办法》"].valid_until == dt.date(2023, 12, 1)
    assert bases["《药品经营许可证管理办法》"].valid_until == dt.date(2024, 1, 1)


# (bundle, item, days): limits the law writes in 日 outside the 行政许可法, kept in 自然日.
NATURAL_DAY_LIMITS = [
    ("employee_benefits", "work_injury_recognition", 60),  # 工伤保险条例第二十条
    ("employee_benefits", "labor_capacity_appraisal", 60),  # 工伤保险条例第二十五条
    ("bidding", "winning_candidate_publicity", 3),  # 招标投标法实施条例第五十四条
    ("bidding", "bid_deposit_refund", 5),  # 招标投标法实施条例第五十七条
    ("construction_permit", "project_work_injury_insurance", 15),  # 社会保险法第五十七条
    ("company_startup", "employer_social_insurance_registration", 15),  # 同上
    ("company_startup", "housing_fund_employer_registration", 5),  # 住房公积金管理条例第十四条
    ("second_hand_housing", "housing_fund_purchase_withdrawal", 3),  # 同上第二十五条
    ("joint_acceptance", "completion_filing", 15),  # 竣工验收备案管理办法第八条
]


@pytest.mark.parametrize(("sid", "item_id", "amount"), NATURAL_DAY_LIMITS)
def test_natural_day_limits_stay_in_natural_days(
    real_scenarios: CompileResult, sid: str, item_id: str, amount: int
) -> None:
    legal = item(real_scenarios.plans[sid], item_id).item.days.legal
    assert (legal.amount, legal.unit) == (amount, durations.TimeUnit.NATURAL_DAY)


def test_school_enrollment_reads_owned_housing_from_shared_property_data(
    real_scenarios: CompileResult,
) -> None:
    plan = real_scenarios.plans["school_enrollment"]
    housing = next(m for m in plan.materials if m.material.id == "family_housing_proof")
    assert not housing.submit and housing.license is not None
