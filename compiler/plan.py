"""Checked Analysis → Plan: stages, schedule, merged form, merged materials, department views.

Built once per scenario; every emitter reads it, so the form, the routing table and the notice
cannot disagree. Call only on a bundle whose checks found no errors: every name it looks up
is then defined, and the item graph has no cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial

from compiler import ir, vocabulary
from compiler.analysis import Analysis, AnswerSpace
from compiler.conditions.ast import Node, references
from compiler.conditions.combine import both, deciding, either
from compiler.conditions.describe import describe
from compiler.conditions.satisfiable import Budget
from compiler.conditions.sites import parse_cached, parse_optional
from compiler.conditions.types import TypeInfo
from compiler.delivery import PledgeTerms, ServiceTerms, pledge_terms, service_terms
from compiler.graph import Schedule
from compiler.merge import item_fields
from compiler.submission import decide

SITUATION_SECTION = "办理情形"
FORM_REASON = "由申请表自动生成，申请人核对后签名（电子签名）确认，无需另行准备和提交"


@dataclass(frozen=True, slots=True)
class FormField:
    definition: ir.FieldDef
    asked: bool  # False when shared data or an earlier result fills it
    source: str  # 申请人填写 / 共享数据：… / 办件结果：…
    items: tuple[str, ...]  # items that need it
    when: Node | None  # shown when this holds; None = always
    mandatory: bool  # must be filled (when shown and `mandatory_when` holds)
    mandatory_when: Node | None  # None = whenever shown
    data_source: ir.DataSource | None = None  # what fills it when `from_data` names one


@dataclass(frozen=True, slots=True)
class PlannedMaterial:
    material: ir.Material
    submit: bool  # False = 免提交
    reason: str  # why it need not be submitted ("" when it must)
    items: tuple[str, ...]
    when: Node | None  # needed when this holds; None = always
    license: ir.LicenseType | None
    exempt_when: Node | None = None  # with submit: exempt (for `reason`) when this holds
    pledge: PledgeTerms | None = None  # 告知承诺 with its 事后核查, when the spec states one
    # With submit: handed in exactly when this holds (None = always); it is `when` narrowed to
    # the answers under which no producer is handled (compiler/submission.py).
    submit_when: Node | None = None
    decided: bool = True  # False: the remainder names a form field or is past the bounds

    def submitted(self, holds: Callable[[Node], bool]) -> bool:
        """Whether the applicant hands it in under the answers `holds` judges."""
        return self.submit and (self.submit_when is None or holds(self.submit_when))


@dataclass(frozen=True, slots=True)
class PlannedItem:
    item: ir.Item
    department: ir.Department
    level: vocabulary.Level
    stage: int  # 1-based
    when: Node | None  # handled when this holds; None = always
    needs: tuple[str, ...]  # items it waits for: for their results, or written `after` them
    start_day: int
    end_day: int
    fields: tuple[str, ...]
    materials: tuple[str, ...]
    service: ServiceTerms  # effective: the item's overrides over the bundle's defaults
    pledge: PledgeTerms | None  # item-level 告知承诺
    after: tuple[ir.After, ...] = ()  # its `after` entries that name an item of the bundle

    @property
    def proactive(self) -> bool:
        """免申即享: granted from shared data, nothing asked of the applicant."""
        return self.item.application is vocabulary.Application.PROACTIVE


@dataclass(frozen=True, slots=True)
class PlannedRule:
    rule: ir.Rule
    check: Node
    when: Node | None


@dataclass(frozen=True, slots=True)
class Stage:
    """Items that run in parallel once every earlier result they need exists."""

    number: int  # 1-based
    items: tuple[str, ...]
    start_day: int
    end_day: int


@dataclass(frozen=True, slots=True)
class DepartmentView:
    """What one department receives: only what its own items need (data minimisation).

    A department that accepts items for others (a hospital taking the 出生登记 for the police)
    receives what those items need too: it must see an application to accept it.
    """

    department: ir.Department
    items: tuple[str, ...]
    fields: tuple[str, ...]
    materials: tuple[str, ...]
    accepts: tuple[str, ...] = ()  # items it accepts (受理) that another department handles


@dataclass(frozen=True, slots=True)
class Plan:
    scenario: ir.Scenario
    items: tuple[PlannedItem, ...]  # stage order, spec order within a stage
    stages: tuple[Stage, ...]
    critical_path: tuple[str, ...]
    total_days: int
    form: tuple[FormField, ...]
    sections: tuple[str, ...]
    materials: tuple[PlannedMaterial, ...]
    departments: tuple[DepartmentView, ...]
    lead: ir.Department
    rules: tuple[PlannedRule, ...]
    env: Mapping[str, TypeInfo]  # types of what conditions name (JsonLogic needs region kinds)


def build_plan(analysis: Analysis) -> Plan:
    bundle = analysis.bundle
    spec = bundle.scenario
    timing = analysis.schedule
    if timing is None:
        raise ValueError("build_plan needs an acyclic item graph: E401 stops the build first")
    conditions = _Conditions(analysis.answers)
    lead = bundle.scope.departments[spec.lead].value
    items = _planned_items(analysis, timing, lead)
    form = _form(analysis, conditions)
    sections = tuple(dict.fromkeys(f.definition.section for f in form))
    return Plan(
        scenario=spec,
        items=items,
        stages=tuple(
            Stage(n, tuple(ids), min(timing.start[i] for i in ids), max(timing.end[i] for i in ids))
            for n, ids in enumerate(timing.stages, start=1)
        ),
        critical_path=tuple(timing.critical_path),
        total_days=timing.total_days,
        form=form,
        sections=((SITUATION_SECTION,) if spec.situations else ()) + sections,
        materials=_materials(analysis, conditions),
        departments=_departments(items),
        lead=lead,
        rules=tuple(
            PlannedRule(rule, parse_cached(rule.check), parse_optional(rule.when))
            for rule in spec.rules
        ),
        env=analysis.answers.env,
    )


class _Conditions:
    """Combines conditions, dropping any that holds for every answer (`t == 'A' or t == 'B'`
    over choices [A, B]), so artefacts never say "only when" about something always true."""

    def __init__(self, answers: AnswerSpace) -> None:
        self.answers = answers
        self.budget = Budget()  # past it a condition is kept as written: true, if not tidy

    def simplified(self, node: Node | None) -> Node | None:
        return None if node is not None and self.answers.always(node, self.budget) else node

    def any_item(self, items: Iterable[ir.Item]) -> Node | None:
        """When at least one of `items` is handled."""
        return self.simplified(either(parse_optional(item.when) for item in items))

    def both(self, first: Node | None, second: Node | None) -> Node | None:
        return self.simplified(both(first, second))


def _planned_items(
    analysis: Analysis, timing: Schedule, lead: ir.Department
) -> tuple[PlannedItem, ...]:
    bundle, graph = analysis.bundle, analysis.graph
    by_id = {item.id: item for item in bundle.items}
    departments = {d: defined.value for d, defined in bundle.scope.departments.items()}
    out = []
    for number, stage in enumerate(timing.stages, start=1):
        for item_id in stage:
            item = by_id[item_id]
            department = bundle.scope.departments[item.department].value
            out.append(
                PlannedItem(
                    item=item,
                    department=department,
                    level=item.level or department.level,
                    stage=number,
                    when=parse_optional(item.when),
                    needs=tuple(sorted(graph.predecessors(item_id))),
                    start_day=timing.start[item_id],
                    end_day=timing.end[item_id],
                    fields=tuple(dict.fromkeys(item_fields(item))),
                    materials=tuple(dict.fromkeys(item.materials)),
                    service=service_terms(bundle.scenario, item, departments, lead),
                    pledge=pledge_terms(item.pledge, [department], departments),
                    after=tuple(
                        graph.edges[first, item_id]["after"]
                        for first in map(ir.after_id, item.after)
                        if graph.has_edge(first, item_id)
                    ),
                )
            )
    return tuple(out)


def _form(analysis: Analysis, conditions: _Conditions) -> tuple[FormField, ...]:
    scope = analysis.bundle.scope
    users: dict[str, list[ir.Item]] = {}
    for item in analysis.bundle.items:
        for fid in dict.fromkeys(item_fields(item)):
            users.setdefault(fid, []).append(item)
    deciders = {
        name
        for item in analysis.bundle.items
        if (when := parse_optional(item.when)) is not None
        for name in references(when)
        if name in analysis.fields
    }
    out = []
    for fid, items in users.items():
        definition = analysis.fields[fid]
        data = None
        if definition.from_data:
            data = scope.data_sources[definition.from_data].value
            source, asked = f"共享数据：{data.name}", False
        elif definition.from_result:
            material = scope.materials[definition.from_result].value
            source, asked = f"办件结果：{material.name}", False
        else:
            source, asked = "申请人填写", True
        needed = conditions.both(conditions.any_item(items), parse_optional(definition.when))
        # A field some item's condition reads is asked while it (or a field deciding with it)
        # can still decide; any other field once the answers have decided it is needed.
        shown = conditions.simplified(deciding(needed, deciders)) if fid in deciders else needed
        out.append(
            FormField(
                definition,
                asked,
                source,
                tuple(i.id for i in items),
                shown,
                mandatory=definition.required or definition.required_when is not None,
                mandatory_when=conditions.both(shown, parse_optional(definition.required_when)),
                data_source=data,
            )
        )
    return tuple(out)


def _materials(analysis: Analysis, conditions: _Conditions) -> tuple[PlannedMaterial, ...]:
    scope, made = analysis.bundle.scope, analysis.producers
    departments = {d: defined.value for d, defined in scope.departments.items()}
    users: dict[str, list[ir.Item]] = {}
    for item in analysis.bundle.items:
        for mid in dict.fromkeys(item.materials):
            users.setdefault(mid, []).append(item)
    out = []
    for mid, items in users.items():
        material = scope.materials[mid].value
        license_type = scope.licenses[material.license].value if material.license else None
        needed = conditions.both(conditions.any_item(items), parse_optional(material.when))
        exempt_when, submit_when, decided = None, needed, True
        if mid in made:
            names = "、".join(f"“{p.name}”" for p in made[mid])
            submit, reason = False, f"由本一件事的{names}办理后产生，部门间共享，无需提交"
            produced_when = conditions.any_item(made[mid])
            if produced_when is not None and license_type is not None:
                reason += f"；未办理时可调取{license_type.name}电子证照"
            elif produced_when is not None:  # only produced when its producer is handled
                verdict = decide(needed, produced_when, analysis.answers, conditions.budget)
                submit, exempt_when, decided = verdict.submit, verdict.exempt_when, verdict.decided
                submit_when = conditions.simplified(verdict.submit_when)
        elif license_type is not None:
            submit, reason = False, f"可调取{license_type.name}电子证照，无需提交"
        elif material.source is vocabulary.MaterialSource.FORM:
            submit, reason = False, FORM_REASON
        else:
            submit, reason = True, ""
        out.append(
            PlannedMaterial(
                material,
                submit,
                reason,
                tuple(i.id for i in items),
                needed,
                license_type,
                exempt_when,
                pledge_terms(
                    material.pledge, (departments[i.department] for i in items), departments
                ),
                submit_when if submit else None,
                decided,
            )
        )
    return tuple(out)


def _departments(items: tuple[PlannedItem, ...]) -> tuple[DepartmentView, ...]:
    """Handling departments in plan order, then departments that only accept for others."""
    handled: dict[str, list[PlannedItem]] = {}
    accepted: dict[str, list[PlannedItem]] = {}
    found: dict[str, ir.Department] = {}
    for planned in items:
        found.setdefault(planned.department.id, planned.department)
        handled.setdefault(planned.department.id, []).append(planned)
    for planned in items:
        point = planned.service.accept
        if point is None or point.department is None or point.department == planned.department:
            continue
        found.setdefault(point.department.id, point.department)
        accepted.setdefault(point.department.id, []).append(planned)
    views = []
    for did, department in found.items():
        group = handled.get(did, []) + accepted.get(did, [])
        views.append(
            DepartmentView(
                department=department,
                items=tuple(p.item.id for p in handled.get(did, [])),
                fields=tuple(dict.fromkeys(f for p in group for f in p.fields)),
                materials=tuple(dict.fromkeys(m for p in group for m in p.materials)),
                accepts=tuple(p.item.id for p in accepted.get(did, [])),
            )
        )
    return tuple(views)


def condition_words(plan: Plan) -> Callable[[Node], str]:
    """Conditions in the applicant's words: situations by their question, fields by label.

    The one wording every view uses (notice, form error messages, provenance, diagram), so a
    condition reads the same wherever an applicant or a clerk meets it.
    """
    situations = plan.scenario.situations
    questions = {s.id: s.question for s in situations if s.type is vocabulary.FieldType.BOOLEAN}
    labels = {f.definition.id: f.definition.label for f in plan.form}
    labels |= {s.id: s.question for s in situations}
    return partial(describe, labels=labels, questions=questions)
