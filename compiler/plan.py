"""Checked Bundle → Plan: stages, schedule, merged form, merged materials, department views.

Built once per scenario; every emitter reads it, so the form, the routing table and the notice
cannot disagree. Call only on a bundle whose checks found no errors.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from compiler import ir
from compiler.graph import Schedule, item_graph, schedule
from compiler.merge import field_definitions, item_fields, producers
from compiler.resolve import Bundle

SITUATION_SECTION = "办理情形"


@dataclass(frozen=True, slots=True)
class FormField:
    definition: ir.FieldDef
    asked: bool  # False when shared data or an earlier result fills it
    source: str  # 申请人填写 / 共享数据：… / 办件结果：…
    items: tuple[str, ...]  # items that need it
    when: tuple[str, ...]  # situations any of which makes it needed; () = always


@dataclass(frozen=True, slots=True)
class PlannedMaterial:
    material: ir.Material
    submit: bool  # False = 免提交
    reason: str  # why it need not be submitted ("" when it must)
    items: tuple[str, ...]
    when: tuple[str, ...]
    license: ir.LicenseType | None


@dataclass(frozen=True, slots=True)
class PlannedItem:
    item: ir.Item
    department: ir.Department
    level: ir.Level
    stage: int  # 1-based
    needs: tuple[str, ...]  # items whose results it waits for
    start_day: int
    end_day: int
    fields: tuple[str, ...]
    materials: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Stage:
    """Items that run in parallel once every earlier result they need exists."""

    number: int  # 1-based
    items: tuple[str, ...]
    start_day: int
    end_day: int


@dataclass(frozen=True, slots=True)
class DepartmentView:
    """What one department receives: only what its own items need (data minimisation)."""

    department: ir.Department
    items: tuple[str, ...]
    fields: tuple[str, ...]
    materials: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    scenario: ir.Scenario
    source: str  # the spec's path relative to the project root
    items: tuple[PlannedItem, ...]  # stage order, spec order within a stage
    stages: tuple[Stage, ...]
    critical_path: tuple[str, ...]
    total_days: int
    form: tuple[FormField, ...]
    sections: tuple[str, ...]
    materials: tuple[PlannedMaterial, ...]
    departments: tuple[DepartmentView, ...]
    lead: ir.Department

    def item(self, item_id: str) -> PlannedItem:
        return next(p for p in self.items if p.item.id == item_id)


def build_plan(bundle: Bundle) -> Plan:
    spec = bundle.scenario
    graph = item_graph(bundle)
    timing = schedule(graph, {item.id: item.days.promised for item in bundle.items})
    items = _planned_items(bundle, graph, timing)
    form = _form(bundle)
    sections = tuple(dict.fromkeys(f.definition.section for f in form))
    return Plan(
        scenario=spec,
        source=bundle.unit.rel,
        items=items,
        stages=tuple(
            Stage(n, tuple(ids), min(timing.start[i] for i in ids), max(timing.end[i] for i in ids))
            for n, ids in enumerate(timing.stages, start=1)
        ),
        critical_path=tuple(timing.critical_path),
        total_days=timing.total_days,
        form=form,
        sections=((SITUATION_SECTION,) if spec.situations else ()) + sections,
        materials=_materials(bundle),
        departments=_departments(items),
        lead=bundle.scope.get("departments", spec.lead),
    )


def _planned_items(bundle: Bundle, graph: nx.DiGraph, timing: Schedule) -> tuple[PlannedItem, ...]:
    by_id = {item.id: item for item in bundle.items}
    out = []
    for number, stage in enumerate(timing.stages, start=1):
        for item_id in stage:
            item = by_id[item_id]
            department = bundle.scope.get("departments", item.department)
            out.append(
                PlannedItem(
                    item=item,
                    department=department,
                    level=item.level or department.level,
                    stage=number,
                    needs=tuple(sorted(graph.predecessors(item_id))),
                    start_day=timing.start[item_id],
                    end_day=timing.end[item_id],
                    fields=tuple(dict.fromkeys(item_fields(bundle, item))),
                    materials=tuple(dict.fromkeys(item.materials)),
                )
            )
    return tuple(out)


def _conditions(items: list[ir.Item]) -> tuple[str, ...]:
    """Situations under which something needed by `items` applies; () when always."""
    if any(item.when is None for item in items):
        return ()
    return tuple(sorted({item.when for item in items if item.when}))


def _form(bundle: Bundle) -> tuple[FormField, ...]:
    definitions = field_definitions(bundle)
    users: dict[str, list[ir.Item]] = {}
    for item in bundle.items:
        for fid in dict.fromkeys(item_fields(bundle, item)):
            users.setdefault(fid, []).append(item)
    out = []
    for fid, items in users.items():
        definition = definitions[fid]
        if definition.from_data:
            data = bundle.scope.get("data_sources", definition.from_data)
            source, asked = f"共享数据：{data.name}", False
        elif definition.from_result:
            material = bundle.scope.get("materials", definition.from_result)
            source, asked = f"办件结果：{material.name}", False
        else:
            source, asked = "申请人填写", True
        out.append(
            FormField(definition, asked, source, tuple(i.id for i in items), _conditions(items))
        )
    return tuple(out)


def _materials(bundle: Bundle) -> tuple[PlannedMaterial, ...]:
    made = producers(bundle)
    users: dict[str, list[ir.Item]] = {}
    for item in bundle.items:
        for mid in dict.fromkeys(item.materials):
            users.setdefault(mid, []).append(item)
    out = []
    for mid, items in users.items():
        material = bundle.scope.get("materials", mid)
        license_type = bundle.scope.get("licenses", material.license) if material.license else None
        if mid in made:
            names = "、".join(f"“{p.name}”" for p in made[mid])
            submit, reason = False, f"由本一件事的{names}办理后产生，部门间共享，无需提交"
        elif license_type is not None:
            submit, reason = False, f"可调取{license_type.name}电子证照，无需提交"
        else:
            submit, reason = True, ""
        out.append(
            PlannedMaterial(
                material,
                submit,
                reason,
                tuple(i.id for i in items),
                _conditions(items),
                license_type,
            )
        )
    return tuple(out)


def _departments(items: tuple[PlannedItem, ...]) -> tuple[DepartmentView, ...]:
    views: dict[str, list[PlannedItem]] = {}
    for planned in items:
        views.setdefault(planned.department.id, []).append(planned)
    return tuple(
        DepartmentView(
            department=group[0].department,
            items=tuple(p.item.id for p in group),
            fields=tuple(dict.fromkeys(f for p in group for f in p.fields)),
            materials=tuple(dict.fromkeys(m for p in group for m in p.materials)),
        )
        for group in views.values()
    )
