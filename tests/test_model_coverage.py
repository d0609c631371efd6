"""Every planned item of every real scenario says how it is delivered (issue 10, point 2).

A platform reads routing.json to tell an applicant where to apply, through which channels, how
often they must go in person and how the result reaches them; an item whose `service` resolves to
nothing ("not stated") leaves that applicant without an answer. So the walk is over the plans,
i.e. the effective terms after the scenario's defaults and the item's overrides are merged, not
over the spec's keys.
"""

from __future__ import annotations

import dataclasses

from compiler import ir
from compiler.delivery import service_terms
from compiler.pipeline import CompileResult
from compiler.plan import PlannedItem
from dsl.diagnostics import Code

SCENARIOS = 33


def _gaps(planned: PlannedItem) -> list[str]:
    """What the item's effective service leaves unstated, in the user's words."""
    terms = planned.service
    gaps: list[str] = []
    if not planned.proactive:  # 免申即享 is not applied for: no 受理点, no channel (E505)
        if terms.accept is None:
            gaps.append("受理点（accept）")
        if not terms.channels:
            gaps.append("办理渠道（channels）")
        for channel, visits in terms.channels:
            if type(visits) is not int or visits < 0:
                gaps.append(f"渠道 {channel} 的跑动次数 {visits!r}")
    if not terms.result_delivery and not _states_no_result(planned.item):
        gaps.append("结果送达（result_delivery）")
    return gaps


def _states_no_result(item: ir.Item) -> bool:
    """An item that produces nothing (a 挂失) may say on itself that there is nothing to send."""
    own = item.service
    return own is not None and own.result_delivery == [] and not item.produces


def test_every_planned_item_states_its_service(real_scenarios: CompileResult) -> None:
    assert real_scenarios.ok
    assert len(real_scenarios.plans) == SCENARIOS
    missing = [
        f"{name} / {planned.item.id}（{planned.item.name}）：缺 {'、'.join(gaps)}"
        for name, plan in sorted(real_scenarios.plans.items())
        for planned in plan.items
        if (gaps := _gaps(planned))
    ]
    assert not missing, "以下事项的办理方式未写全：\n" + "\n".join(missing)


def test_the_walk_sees_an_unstated_item(real_scenarios: CompileResult) -> None:
    """The check above fails for an item without service terms, not only in theory."""
    plan = real_scenarios.plans["marriage"]
    planned = next(p for p in plan.items if p.item.id == "marriage_registration")
    bare = plan.scenario.model_copy(update={"service": None})
    terms = service_terms(bare, planned.item.model_copy(update={"service": None}), {}, plan.lead)
    stripped = dataclasses.replace(planned, service=terms)
    assert _gaps(stripped) == [
        "受理点（accept）",
        "办理渠道（channels）",
        "结果送达（result_delivery）",
    ]
    assert _gaps(planned) == []


def test_every_scenario_tests_itself_at_least_three_times(real_scenarios: CompileResult) -> None:
    """Issue 10 point 4: ≥ 3 spec tests per bundle, and every situation answered in one."""
    thin = [
        f"{name}：{len(plan.scenario.tests)} 个规格测试"
        for name, plan in sorted(real_scenarios.plans.items())
        if len(plan.scenario.tests) < 3
    ]
    unasked = [
        f"{name}：情形 {situation.id} 没有测试回答"
        for name, plan in sorted(real_scenarios.plans.items())
        for situation in plan.scenario.situations
        if not any(situation.id in test.answers for test in plan.scenario.tests)
    ]
    assert not thin, "规格测试不足 3 个：\n" + "\n".join(thin)
    assert not unasked, "\n".join(unasked)


def test_every_scenario_states_what_an_applicant_submits(real_scenarios: CompileResult) -> None:
    """Issue 10 point 4: the item list alone can hide a material the bundle should have made
    exempt (an e-licence, a result of an earlier item), so at least one test per bundle states
    the materials its applicant really hands in; the pipeline judges it (E601 if it is wrong)."""
    plans = real_scenarios.plans
    unstated = sorted(
        name
        for name, plan in plans.items()
        if not any(test.expect.submit is not None for test in plan.scenario.tests)
    )
    wrong = [d for d in real_scenarios.diagnostics if d.code is Code.E601]
    assert len(plans) == SCENARIOS
    assert not unstated, "没有测试写明要提交的材料（expect.submit）：" + "、".join(unstated)
    assert not wrong, "\n".join(d.message for d in wrong)
