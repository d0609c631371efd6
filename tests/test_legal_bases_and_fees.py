"""Every real bundle states its legal bases as data and every item's fee (issue 10, point 2).

The rules, and why they are the ones to hold a bundle to:

- A legal basis is a structured entry (`title`, `number`, `article`, dates), never one line of
  text: `yjs check --as-of` can only warn about a repealed or not-yet-valid basis it can date,
  and the notice can only print 文号 and 施行日期 it has as data.
- A basis without `valid_from` is one whose date the author could not find; the bundle's
  `notes` must then name it, so the gap is visible to a reviewer instead of silent.
- Every planned item states its fee, on the item (or the shared item it uses) or through the
  bundle's `fee` default: the 实施清单 records 是否收费 for every item, and an unstated fee
  reads in routing.json as if the item were free. 不收费 is a statement too.

Two more parts of the same point are checked on the bundles that carry them: a 公示期 keeps
the unit of its rule, and 员工录用 lists its workers as a repeating group.
"""

from __future__ import annotations

import json

from compiler import ir
from compiler.emit.form_schema import emit_form_schema
from compiler.emit.notice import emit_notice
from compiler.emit.published_lists import build_lists
from compiler.emit.routing import emit_routing
from compiler.emit.supervision_json import emit_supervision
from compiler.pipeline import CompileResult
from compiler.plan import PlannedItem

SCENARIOS = 33


def _basis_gaps(scenario: ir.Scenario) -> list[str]:
    """What is wrong with the bundle's legal bases, one line each."""
    notes = scenario.notes or ""
    gaps: list[str] = []
    for entry in scenario.legal_basis:
        if not isinstance(entry, ir.LegalBasis):
            gaps.append(f"仍是一行文字：{entry}")
        elif entry.valid_from is None and entry.title not in notes:
            gaps.append(f"{entry.title} 没有 valid_from，notes 中也没有说明")
    return gaps


def _fee_unstated(scenario: ir.Scenario, planned: PlannedItem) -> bool:
    return planned.item.fee is None and scenario.fee is None


def test_every_legal_basis_is_structured_and_dated(real_scenarios: CompileResult) -> None:
    assert len(real_scenarios.plans) == SCENARIOS
    gaps = [
        f"{name}：{gap}"
        for name, plan in sorted(real_scenarios.plans.items())
        for gap in _basis_gaps(plan.scenario)
    ]
    assert not gaps, "\n".join(gaps)


def test_every_planned_item_states_its_fee(real_scenarios: CompileResult) -> None:
    unstated = [
        f"{name} / {planned.item.id}（{planned.item.name}）"
        for name, plan in sorted(real_scenarios.plans.items())
        for planned in plan.items
        if _fee_unstated(plan.scenario, planned)
    ]
    assert not unstated, "以下事项没有写明收费（fee，含“不收费”）：\n" + "\n".join(unstated)


def test_the_walks_see_a_plain_basis_an_undated_one_and_an_unstated_fee(
    real_scenarios: CompileResult,
) -> None:
    """Both walks above fail on the defects they look for, not only in theory."""
    plan = real_scenarios.plans["newborn"]
    scenario = plan.scenario
    dated = next(e for e in scenario.legal_basis if isinstance(e, ir.LegalBasis) and e.valid_from)
    undated = dated.model_copy(update={"valid_from": None, "title": "《未说明的依据》"})
    bad = scenario.model_copy(
        update={"legal_basis": ["《中华人民共和国母婴保健法》", undated], "fee": None}
    )
    assert _basis_gaps(bad) == [
        "仍是一行文字：《中华人民共和国母婴保健法》",
        "《未说明的依据》 没有 valid_from，notes 中也没有说明",
    ]
    assert _basis_gaps(scenario) == []
    free = next(p for p in plan.items if p.item.fee is None)
    assert _fee_unstated(bad, free)
    assert not _fee_unstated(scenario, free)


def test_a_charged_item_keeps_its_own_fee_under_the_free_default(
    real_scenarios: CompileResult,
) -> None:
    """`fee: 不收费` on the bundle is a default: the 不动产登记费 on the transfer stays."""
    plan = real_scenarios.plans["second_hand_housing"]
    transfer = next(p for p in plan.items if p.item.id == "real_estate_transfer_registration")
    assert plan.scenario.fee == "不收费"
    assert transfer.service.fee.charged
    assert transfer.service.fee.amount == 80
    others = [p for p in plan.items if p.item.fee is None]
    assert others
    assert all(not p.service.fee.charged for p in others)


def test_a_publicity_period_keeps_the_unit_of_its_rule(real_scenarios: CompileResult) -> None:
    """债权人公告 45 日 and 简易注销公示 20 日 are natural days: routing.json and the notice
    carry them as the law writes them, not converted to working days by 5/7."""
    plan = real_scenarios.plans["company_deregistration"]
    routing = json.loads(emit_routing(plan)["routing.json"])
    periods = {
        sp["name"]: sp["days"] for item in routing["items"] for sp in item["special_procedures"]
    }
    assert periods["债权人公告（公告期 45 日）"] == {"amount": 45, "unit": "自然日"}
    assert periods["简易注销公示（公示期 20 日）"] == {"amount": 20, "unit": "自然日"}
    notice = emit_notice(plan)["notice.md"].decode("utf-8")
    assert "| 债权人公告（公告期 45 日） | 45 个自然日 | 不计入 |" in notice
    supervision = json.loads(emit_supervision(plan)["supervision.json"])
    stops = {
        sp["name"]: sp["max"] for item in supervision["items"] for sp in item["special_procedures"]
    }
    assert stops["债权人公告（公告期 45 日）"] == {"amount": 45, "unit": "自然日"}


def test_special_procedure_basis_in_every_view(real_scenarios: CompileResult) -> None:
    """A special procedure's `basis` (W510) reaches routing.json, supervision.json, the notice
    and the published 特别程序 list as one line; one without a basis is null there and "—"."""
    plan = real_scenarios.plans["joint_drawing_review"]
    law = (
        "《中华人民共和国行政许可法》（中华人民共和国主席令第七号）第四十五条，自2004年7月1日起施行"
    )
    routing = json.loads(emit_routing(plan)["routing.json"])
    bases = {sp["name"]: sp["basis"] for i in routing["items"] for sp in i["special_procedures"]}
    assert bases["特殊消防设计专家评审"] == law
    assert bases["现场踏勘"] is None  # suppressed W510: no rule leaves it out of the limit
    supervision = json.loads(emit_supervision(plan)["supervision.json"])
    stops = {
        sp["name"]: sp["basis"] for i in supervision["items"] for sp in i["special_procedures"]
    }
    assert stops == bases
    notice = emit_notice(plan)["notice.md"].decode("utf-8")
    assert f"| 特殊消防设计专家评审 | 20 个工作日 | 不计入 | {law} |" in notice
    assert "| 现场踏勘 | 3 个工作日 | 不计入 | — |" in notice
    [listed] = [x for x in build_lists([plan]) if x.name == "special_procedures"]
    column = listed.head.index("依据")
    rows = {row[3]: row[column] for row in listed.rows}
    assert (rows["特殊消防设计专家评审"], rows["现场踏勘"]) == (law, "—")


def test_employee_hiring_lists_every_hired_worker(real_scenarios: CompileResult) -> None:
    """录用人员 is a repeating group: one application for several workers, each with the
    公民身份号码 checked on its own, not one worker's fields repeated by the platform."""
    plan = real_scenarios.plans["employee_hiring"]
    form = json.loads(emit_form_schema(plan)["form.schema.json"])
    workers = form["properties"]["hired_workers"]
    assert (workers["type"], workers["minItems"], workers["maxItems"]) == ("array", 1, 100)
    assert workers["items"]["properties"]["id_number"]["x-yjs-sensitivity"] == "敏感个人信息"
    assert not any(name.startswith("worker_") for name in form["properties"])
