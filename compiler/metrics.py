"""Plan + Analysis → Metrics: 减材料、减环节、减时限、减跑动, before and after the bundle.

A government promises these four numbers in public, so they are computed once here and read
by metrics.json, `yjs stats`, the `targets:` check and the spec tests: none of them counts
for itself, so no two can disagree.

Before = each item handled on its own, summed over the items handled: every field it asks
(shared data apart), every material it lists, the visits of its best channel, its own steps
(ITEM_STEPS plus its special procedures the applicant takes part in) and its promised time.
After = the bundle: the merged form's fields the applicant fills in, the materials they
submit net of 免提交, the trips (`Trip`: the items' best channels, one trip per place where the
applicant must appear, so one 综合窗口 visit serves every item it accepts), the bundle's steps
(delivery_terms.BUNDLE_STEPS plus the applicant's special procedures, each named once) and the
critical path in working days. Special procedures' own days are
counted apart from the promised time, as the notice says, so they are not in `days`.

Which items, materials and fields apply depends on the applicant's answers. When every
condition names situations only and the situations have at most MAX_ANSWER_SETS combinations
(and the Analysis answer-space Budget can pay for trying them), every answer set is computed
and the worst case is the largest figure over them. Otherwise two bounds stand in: everything
conditional applies and no conditional exemption does (the worst case), and the reverse.
Visits are None (not stated) when an item handled states no channels: a guess would be read
as a promise.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from enum import Enum

from compiler import delivery_terms, ir, vocabulary
from compiler.analysis import Analysis
from compiler.conditions.ast import Node
from compiler.conditions.evaluate import evaluate
from compiler.conditions.satisfiable import Budget
from compiler.conditions.sites import parse_optional
from compiler.metric_facts import ItemFacts, Judge, PlanFacts, count, plan_facts
from compiler.plan import Plan
from compiler.visits import Trip, trips_from

# At most this many answer sets are listed one by one (2^6: six yes/no situations).
MAX_ANSWER_SETS = 64
# The steps an item handled on its own takes, as an applicant sees them.
ITEM_STEPS: tuple[str, ...] = ("申请", "受理审查", "出件")
# A special procedure whose name has one of these words needs the applicant (to be there, to
# be heard, or to wait out a public notice); 专家评审 or 制卡 happen without them.
APPLICANT_PROCEDURE_WORDS: tuple[str, ...] = (
    "现场",
    "实地",
    "入户",
    "踏勘",
    "勘验",
    "勘查",
    "听证",
    "鉴定",
    "评定",
    "公示",
    "公告",
)


class Figure(Enum):
    """The five figures, each with what a message calls it and its unit."""

    FIELDS = ("fields", "填写字段", "项")
    MATERIALS = ("materials", "提交材料", "份")
    VISITS = ("visits", "跑动次数", "次")
    STEPS = ("steps", "办理环节", "个")
    DAYS = ("days", "办理时限", "个工作日")

    @property
    def key(self) -> str:
        return self.value[0]

    @property
    def label(self) -> str:
        return self.value[1]

    @property
    def unit(self) -> str:
        return self.value[2]


@dataclass(frozen=True, slots=True)
class Figures:
    fields: int
    materials: int
    visits: int | None  # None: an item handled states no channels
    steps: int
    days: int

    def get(self, figure: Figure) -> int | None:
        value: int | None = getattr(self, figure.key)
        return value

    def data(self) -> dict[str, int | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class Exempt:
    material: str
    reason: str  # as the notice words it
    kind: vocabulary.ExemptReason  # an item of the bundle produced it, or it is an e-licence


@dataclass(frozen=True, slots=True)
class Case:
    """The figures for one answer set (or one bound) and what drives the bundle's."""

    answers: Mapping[str, object] | None  # None for a bound
    label: str  # 所有条件都成立 / 条件都不成立 / the answers in words
    before: Figures
    after: Figures
    items: tuple[str, ...]  # items handled
    fields: tuple[str, ...]  # fields the applicant fills in
    shown: tuple[str, ...]  # fields the form shows (filled in or filled from data/results)
    materials: tuple[str, ...]  # materials to submit
    exempt: tuple[Exempt, ...]  # materials needed but not submitted, with the reason
    steps: tuple[str, ...]  # the bundle's steps, then the applicant's special procedures
    procedures: tuple[tuple[str, str], ...]  # (item, procedure) behind each added step
    critical_path: tuple[str, ...]
    trips: tuple[Trip, ...]  # in the order items are handled; empty when visits are None
    visits_by: tuple[str, ...]  # items needing a visit, or those stating no channels
    no_channels: bool  # visits are None because `visits_by` state no channels
    online: tuple[str, ...]  # items handled that offer no 全程网办 (proactive ones apart)


@dataclass(frozen=True, slots=True)
class Metrics:
    scenario: str
    exhaustive: bool  # True: `cases` are every answer set; False: the two bounds
    cases: tuple[Case, ...]

    def worst(self, figure: Figure) -> Case:
        """The case with the largest bundle figure; an unstated visit count is the largest."""
        return max(self.cases, key=lambda c: _order(c.after.get(figure)))

    def least(self, figure: Figure) -> Case:
        return min(self.cases, key=lambda c: _order(c.after.get(figure)))

    def bound(self, side: str, when: str) -> Figures:
        """Figure by figure the max (or min) over the cases, `when` before or after."""
        pick = max if side == "max" else min
        values = {
            f.key: pick((getattr(c, when).get(f) for c in self.cases), key=_order) for f in Figure
        }
        return Figures(**values)


def _order(value: int | None) -> float:
    return float("inf") if value is None else value


def reduction(before: int | None, after: int | None) -> float | None:
    """(before − after) / before in percent, one decimal; None when it cannot be said."""
    if before is None or after is None or before == 0:
        return None
    return round((before - after) * 100 / before, 1)


def applicant_procedure(procedure: ir.SpecialProcedure) -> bool:
    return any(word in procedure.name for word in APPLICANT_PROCEDURE_WORDS)


def compute_metrics(analysis: Analysis, plan: Plan) -> Metrics:
    spec = plan.scenario
    facts = plan_facts(plan, analysis, applicant_procedure)
    answer_sets = _answer_sets(analysis, plan)
    if answer_sets is not None:
        cases = tuple(
            _case(plan, facts, _answered(values, spec.batch, plan), values, _words(values, spec))
            for values in answer_sets
        )
        return Metrics(spec.scenario, True, cases)
    worst = _case(plan, facts, _bound(applies=True), None, "所有条件都成立")
    least = _case(plan, facts, _bound(applies=False), None, "所有条件都不成立")
    return Metrics(spec.scenario, False, (worst, least))


def answered_case(
    analysis: Analysis, plan: Plan, answers: Mapping[str, object], today: dt.date
) -> Case:
    """The figures for one applicant's answers (a spec test's), whatever the answer space."""
    facts = plan_facts(plan, analysis, applicant_procedure)
    judge = _answered(answers, today, plan)
    return _case(plan, facts, judge, answers, "规格测试的回答", eager=False)


def _answered(values: Mapping[str, object], today: dt.date, plan: Plan) -> Judge:
    def judge(node: Node, exemption: bool) -> bool:
        return evaluate(node, values, today, plan.env)

    return judge


def _bound(*, applies: bool) -> Judge:
    """Worst case: every condition for applying holds and no conditional exemption does."""

    def judge(node: Node, exemption: bool) -> bool:
        return applies != exemption

    return judge


def _conditions(plan: Plan, analysis: Analysis) -> list[Node]:
    nodes = [p.when for p in plan.items] + [m.when for m in plan.materials]
    nodes += [m.exempt_when for m in plan.materials] + [f.when for f in plan.form]
    nodes += [m.submit_when for m in plan.materials]
    nodes += [_material_when(analysis, m) for p in plan.items for m in p.materials]
    nodes += [_field_when(analysis, f) for p in plan.items for f in p.fields]
    return [n for n in nodes if n is not None]


def _answer_sets(analysis: Analysis, plan: Plan) -> list[dict[str, object]] | None:
    """Every combination of situation answers, when few enough and every condition is
    decided by situations alone; None otherwise."""
    space = analysis.answers
    situations = [s for s in plan.scenario.situations]
    count = 1
    for situation in situations:
        count *= max(1, len(situation.choices) if situation.choices else 2)
        if count > MAX_ANSWER_SETS:
            return None
    nodes = _conditions(plan, analysis)
    if any(space.size(node) is None for node in nodes):
        return None  # a condition names a form field: answers cannot be listed
    budget = Budget()
    if not all(budget.spend(node, count) for node in nodes):
        return None
    domains = [list(s.choices) if s.choices else [True, False] for s in situations]
    ids = [s.id for s in situations]
    return [dict(zip(ids, combo, strict=True)) for combo in itertools.product(*domains)]


def _words(values: Mapping[str, object], spec: ir.Scenario) -> str:
    if not values:
        return "无办理情形"
    out = []
    for situation in spec.situations:
        value = values[situation.id]
        answer = ("是" if value else "否") if isinstance(value, bool) else str(value)
        out.append(f"{situation.question}{answer}")
    return "；".join(out)


def _material_when(analysis: Analysis, mid: str) -> Node | None:
    material = analysis.bundle.scope.material(mid)
    return parse_optional(material.when) if material is not None else None


def _field_when(analysis: Analysis, fid: str) -> Node | None:
    return parse_optional(analysis.fields[fid].when)


def _case(
    plan: Plan,
    facts: PlanFacts,
    judge: Judge,
    answers: Mapping[str, object] | None,
    label: str,
    *,
    eager: bool = True,
) -> Case:
    held = facts.held(judge, eager=eager)
    handled = [f for f in facts.items if held[f.when]]
    applied = [f for f in handled if not f.proactive]
    before = Figures(
        fields=sum(count(held, f.own_fields) for f in applied),
        materials=sum(count(held, f.materials) for f in applied),
        visits=_sum_or_none(f.stop.visits for f in applied),
        steps=sum(len(ITEM_STEPS) + len(f.procedures) for f in applied),
        days=sum(f.days for f in handled),
    )
    shown_fields = [f for f in facts.form if held[f.when]]
    shown = tuple(f.fid for f in shown_fields)
    asked = tuple(f.fid for f in shown_fields if f.asked)
    applied_ids = {f.iid for f in applied}
    made_here = {r for f in handled for r in f.produces}
    submitted: list[str] = []
    exempt: list[Exempt] = []
    for m in facts.materials:
        if not held[m.when] or applied_ids.isdisjoint(m.items):
            continue
        if m.submit and held[m.submit_when]:
            submitted.append(m.mid)  # PlannedMaterial.submitted, on the copied fields
        else:
            made = m.mid in made_here
            kind = vocabulary.ExemptReason.RESULT if made else vocabulary.ExemptReason.E_LICENSE
            if m.from_form:
                kind = vocabulary.ExemptReason.FORM
            reason = m.reason or _exempt_reason(facts, m.mid)
            exempt.append(Exempt(m.mid, reason, kind))
    procedures = tuple((f.iid, name) for f in applied for name in f.procedures)
    extra = tuple(dict.fromkeys(name for _, name in procedures))
    steps = delivery_terms.BUNDLE_STEPS + extra
    unstated = tuple(f.iid for f in applied if f.stop.visits is None)
    trips = () if unstated else trips_from(f.stop for f in applied)
    path, days = _critical_path(handled)
    after = Figures(
        fields=len(asked),
        materials=len(submitted),
        visits=None if unstated else sum(t.visits for t in trips),
        steps=len(steps),
        days=days,
    )
    return Case(
        answers=answers,
        label=label,
        before=before,
        after=after,
        items=tuple(f.iid for f in handled),
        fields=asked,
        shown=shown,
        materials=tuple(submitted),
        exempt=tuple(exempt),
        steps=steps,
        procedures=procedures,
        critical_path=path,
        trips=trips,
        visits_by=unstated or tuple(i for t in trips for i in t.items),
        no_channels=bool(unstated),
        online=tuple(f.iid for f in applied if not f.online),
    )


def _exempt_reason(facts: PlanFacts, mid: str) -> str:
    if (reason := facts.exempt_reasons.get(mid)) is None:
        names = "、".join(f"“{name}”" for name in facts.made_by.get(mid, ()))
        reason = facts.exempt_reasons[mid] = f"由本一件事的{names}办理后产生，部门间共享，无需提交"
    return reason


def _sum_or_none(values: Iterable[int | None]) -> int | None:
    total = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


def _critical_path(handled: list[ItemFacts]) -> tuple[tuple[str, ...], int]:
    """Longest chain of handled items by promised working days (items in plan order, which
    is stage order, so every item's predecessors come first)."""
    finish: dict[str, int] = {}
    via: dict[str, str | None] = {}
    for f in handled:
        iid = f.iid
        first, latest = None, 0
        for need in f.needs:  # the first of the latest-finishing handled predecessors
            if (done := finish.get(need)) is not None and (first is None or done > latest):
                first, latest = need, done
        finish[iid] = latest + f.days
        via[iid] = first
    if not finish:
        return (), 0
    end: str | None = max(finish, key=lambda i: finish[i])
    total = finish[end] if end else 0
    path: list[str] = []
    while end is not None:
        path.append(end)
        end = via[end]
    return tuple(reversed(path)), total
