"""Two Plans → their semantic differences, and what those do to the metrics.

Compares what a spec says, not its text: reordering, reformatting, comments or a switch from
YAML to .yjs change nothing here. Each entity (the bundle itself, situations, items, fields,
materials, departments) is reduced to its facts: what its spec states (names, departments,
conditions as canonical text, limits with their unit, channels, licences, acceptance) plus the
exemption a material or field ends up with. Entities are matched by id; one that exists on one
side only is added or removed, one whose facts differ is changed, with each differing fact.

Each change is reported once, where it was made: an item's list of fields or materials only
shows entries that exist on both sides, so removing a material is one change (the material),
not also one per item that listed it; what a change causes elsewhere (stages, the critical
path, the merged form's conditions) is not a change of its own but shows in the metrics,
which are compared figure by figure, worst case and best case, before and after the bundle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from compiler.conditions.ast import Node
from compiler.conditions.format import format_condition
from compiler.conditions.sites import parse_optional
from compiler.metrics import Figure, Metrics
from compiler.plan import FormField, Plan, PlannedItem, PlannedMaterial
from compiler.provenance import Provenance, Provenances, Words, trace, words_for

Value = str | int | bool | list[str] | None


class Entity(StrEnum):
    SCENARIO = "scenario"
    SITUATION = "situation"
    ITEM = "item"
    FIELD = "field"
    MATERIAL = "material"
    DEPARTMENT = "department"

    @property
    def word(self) -> str:
        return _ENTITY_WORDS[self]


_ENTITY_WORDS = {
    Entity.SCENARIO: "一件事",
    Entity.SITUATION: "办理情形",
    Entity.ITEM: "事项",
    Entity.FIELD: "字段",
    Entity.MATERIAL: "材料",
    Entity.DEPARTMENT: "部门",
}


class Action(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class Detail:
    """One fact that differs: its key, what a reader calls it, both values as data and words."""

    key: str
    label: str
    old: Value
    new: Value
    old_text: str
    new_text: str


@dataclass(frozen=True, slots=True)
class Change:
    entity: Entity
    id: str
    name: str
    action: Action
    details: tuple[Detail, ...] = ()


@dataclass(frozen=True, slots=True)
class FigureChange:
    """One metric figure on both sides: worst and best case, before and after the bundle."""

    figure: Figure
    old: Mapping[str, int | None]  # keys: after_worst, after_best, before_worst, before_best
    new: Mapping[str, int | None]


@dataclass(frozen=True, slots=True)
class BundleDiff:
    scenario: str
    name: str
    action: Action  # added / removed: the whole bundle; changed: see `changes` (maybe none)
    changes: tuple[Change, ...]
    metrics: tuple[FigureChange, ...]

    @property
    def empty(self) -> bool:
        return self.action is Action.CHANGED and not self.changes and not self.metrics


@dataclass(frozen=True, slots=True)
class Side:
    """One side of the comparison: a bundle's plan, metrics and provenance."""

    plan: Plan
    metrics: Metrics | None
    traced: Provenances

    @classmethod
    def of(cls, plan: Plan, metrics: Metrics | None) -> Side:
        return cls(plan, metrics, trace(plan))


# A fact: key, label, how it is read off the entity, and what it holds:
# "value" plain data, "condition" canonical condition text, or the entity its ids refer to.
Fact = tuple[str, str, Callable[[Any], Value], "str | Entity"]


def _cond(node: Node | None) -> str | None:
    return None if node is None else format_condition(node)


def _limit(limit: Any) -> str:
    return "即办" if limit.amount == 0 else str(limit.text())


ITEM_FACTS: tuple[Fact, ...] = (
    ("name", "名称", lambda p: p.item.name, "value"),
    ("code", "实施编码", lambda p: p.item.code, "value"),
    ("kind", "事项类型", lambda p: str(p.item.kind), "value"),
    ("department", "办理部门", lambda p: p.department.id, "value"),
    ("level", "行使层级", lambda p: str(p.level), "value"),
    ("when", "办理条件", lambda p: _cond(p.when), "condition"),
    ("days.legal", "法定时限", lambda p: _limit(p.item.days.legal), "value"),
    ("days.promised", "承诺时限", lambda p: _limit(p.item.days.promised), "value"),
    ("application", "申请方式", lambda p: str(p.item.application), "value"),
    ("after", "先后顺序", lambda p: [a.item for a in p.after], Entity.ITEM),
    ("fields", "字段", lambda p: list(p.fields), Entity.FIELD),
    ("materials", "材料", lambda p: list(p.materials), Entity.MATERIAL),
    ("produces", "办件结果", lambda p: list(p.item.produces), Entity.MATERIAL),
    (
        "special_procedures",
        "特别程序",
        lambda p: [f"{s.name}（{s.days} 个工作日）" for s in p.item.special_procedures],
        "value",
    ),
    (
        "channels",
        "办理渠道",
        lambda p: [f"{c}（跑动 {v} 次）" for c, v in p.service.channels],
        "value",
    ),
    ("pledge", "告知承诺", lambda p: p.pledge is not None, "value"),
)

FIELD_FACTS: tuple[Fact, ...] = (
    ("label", "名称", lambda t: t[0].definition.label, "value"),
    ("type", "类型", lambda t: str(t[0].definition.type), "value"),
    ("section", "表单分组", lambda t: t[0].definition.section, "value"),
    ("sensitivity", "敏感级别", lambda t: str(t[0].definition.sensitivity), "value"),
    ("required", "必填", lambda t: t[0].mandatory, "value"),
    ("when", "字段条件", lambda t: _norm(t[0].definition.when), "condition"),
    (
        "required_when",
        "必填条件",
        lambda t: _norm(t[0].definition.required_when),
        "condition",
    ),
    ("source", "来源", lambda t: t[0].source, "value"),
)

MATERIAL_FACTS: tuple[Fact, ...] = (
    ("name", "名称", lambda t: t[0].material.name, "value"),
    ("form", "形式", lambda t: str(t[0].material.form), "value"),
    ("copies", "份数", lambda t: t[0].material.copies, "value"),
    ("source", "来源渠道", lambda t: str(t[0].material.source), "value"),
    ("license", "电子证照", lambda t: t[0].material.license, "value"),
    ("acceptance", "受理要求", lambda t: str(t[0].material.acceptance), "value"),
    ("makeup_days", "补交期限（工作日）", lambda t: t[0].material.makeup_days, "value"),
    ("when", "材料条件", lambda t: _norm(t[0].material.when), "condition"),
    ("exempt", "免提交", lambda t: _exempt(t[1]), "value"),
    (
        "exempt_when",
        "免提交的条件",
        lambda t: _cond(t[1].exemption and t[1].exemption.when),
        "condition",
    ),
)

SITUATION_FACTS: tuple[Fact, ...] = (
    ("question", "问题", lambda s: s.question, "value"),
    ("type", "类型", lambda s: str(s.type), "value"),
    ("choices", "选项", lambda s: list(s.choices), "value"),
)

SCENARIO_FACTS: tuple[Fact, ...] = (
    ("id", "标识", lambda p: p.scenario.scenario, "value"),
    ("name", "名称", lambda p: p.scenario.name, "value"),
    ("subject", "办事对象", lambda p: str(p.scenario.subject), "value"),
    ("lead", "牵头部门", lambda p: p.scenario.lead, "value"),
    ("promised_days", "承诺时限（工作日）", lambda p: p.scenario.promised_days, "value"),
    ("scope", "适用范围", lambda p: str(p.scenario.scope), "value"),
    ("targets", "公开承诺的目标", lambda p: _targets(p), "value"),
)

DEPARTMENT_FACTS: tuple[Fact, ...] = (
    ("name", "名称", lambda d: d.name, "value"),
    ("level", "层级", lambda d: str(d.level), "value"),
    ("kind", "单位类型", lambda d: str(d.kind), "value"),
)


def _norm(text: str | None) -> str | None:
    """A condition as canonical text, so `a and b` and `a  and b` are the same condition."""
    return _cond(parse_optional(text))


def _exempt(traced: Provenance) -> str:
    if traced.exemption is None:
        return "否"
    return "是：" + "、".join(map(str, traced.exemption.grounds))


def _targets(plan: Plan) -> str | None:
    targets = plan.scenario.targets
    if targets is None:
        return None
    stated = targets.model_dump(exclude_defaults=True)
    return "，".join(f"{k}={v}" for k, v in sorted(stated.items())) or None


def diff_bundles(old: Side, new: Side) -> BundleDiff:
    """What changed from `old` to `new` (the same bundle, or one renamed: its id is a fact)."""
    entities = _ids(old, new)
    changes = [
        *_compare(
            Entity.SCENARIO, {"": old.plan}, {"": new.plan}, SCENARIO_FACTS, old, new, entities
        ),
        *_compare(
            Entity.SITUATION,
            {s.id: s for s in old.plan.scenario.situations},
            {s.id: s for s in new.plan.scenario.situations},
            SITUATION_FACTS,
            old,
            new,
            entities,
        ),
        *_compare(
            Entity.ITEM,
            {p.item.id: p for p in old.plan.items},
            {p.item.id: p for p in new.plan.items},
            ITEM_FACTS,
            old,
            new,
            entities,
        ),
        *_compare(Entity.FIELD, _fields(old), _fields(new), FIELD_FACTS, old, new, entities),
        *_compare(
            Entity.MATERIAL, _materials(old), _materials(new), MATERIAL_FACTS, old, new, entities
        ),
        *_compare(
            Entity.DEPARTMENT,
            {v.department.id: v.department for v in old.plan.departments},
            {v.department.id: v.department for v in new.plan.departments},
            DEPARTMENT_FACTS,
            old,
            new,
            entities,
        ),
    ]
    return BundleDiff(
        new.plan.scenario.scenario,
        new.plan.scenario.name,
        Action.CHANGED,
        tuple(changes),
        diff_metrics(old.metrics, new.metrics),
    )


def whole(plan: Plan, action: Action) -> BundleDiff:
    """A bundle only one side has."""
    return BundleDiff(plan.scenario.scenario, plan.scenario.name, action, (), ())


def _fields(side: Side) -> dict[str, tuple[FormField, Provenance]]:
    traced = side.traced.fields
    return {f.definition.id: (f, traced[f.definition.id]) for f in side.plan.form}


def _materials(side: Side) -> dict[str, tuple[PlannedMaterial, Provenance]]:
    traced = side.traced.materials
    return {m.material.id: (m, traced[m.material.id]) for m in side.plan.materials}


def _ids(old: Side, new: Side) -> dict[Entity, set[str]]:
    """Ids of each entity present on both sides: lists of references compare only these."""

    def both(get: Callable[[Plan], set[str]]) -> set[str]:
        return get(old.plan) & get(new.plan)

    return {
        Entity.ITEM: both(lambda p: {i.item.id for i in p.items}),
        Entity.FIELD: both(lambda p: {f.definition.id for f in p.form}),
        Entity.MATERIAL: both(lambda p: {m.material.id for m in p.materials}),
    }


def _name(entity: Entity, thing: Any) -> str:
    match entity:
        case Entity.SCENARIO:
            return str(thing.scenario.name)
        case Entity.SITUATION:
            return str(thing.question)
        case Entity.ITEM:
            planned: PlannedItem = thing
            return planned.item.name
        case Entity.FIELD:
            return str(thing[0].definition.label)
        case Entity.MATERIAL:
            return str(thing[0].material.name)
        case Entity.DEPARTMENT:
            return str(thing.name)
    raise AssertionError(entity)


def _compare(
    entity: Entity,
    olds: Mapping[str, Any],
    news: Mapping[str, Any],
    facts: tuple[Fact, ...],
    old: Side,
    new: Side,
    common: Mapping[Entity, set[str]],
) -> list[Change]:
    out = [Change(entity, i, _name(entity, olds[i]), Action.REMOVED) for i in olds if i not in news]
    out += [Change(entity, i, _name(entity, news[i]), Action.ADDED) for i in news if i not in olds]
    old_words, new_words = words_for(old.plan), words_for(new.plan)
    for i in (i for i in news if i in olds):
        details = []
        for key, label, read, holds in facts:
            before, after = read(olds[i]), read(news[i])
            if isinstance(holds, Entity):
                kept = common[holds]
                before = [x for x in _listed(before) if x in kept]
                after = [x for x in _listed(after) if x in kept]
            if before == after:
                continue
            details.append(
                Detail(
                    key,
                    label,
                    before,
                    after,
                    _text(before, holds, old_words),
                    _text(after, holds, new_words),
                )
            )
        if details:
            out.append(Change(entity, i, _name(entity, news[i]), Action.CHANGED, tuple(details)))
    return out


def _listed(value: Value) -> list[str]:
    return value if isinstance(value, list) else []


def _text(value: Value, holds: str | Entity, words: Words) -> str:
    """A fact's value as a reader sees it: conditions in words with their source text."""
    if value is None or value == []:
        return "总是" if holds == "condition" else "无"
    if holds == "condition" and isinstance(value, str):
        node = parse_optional(value)
        assert node is not None
        return f"{words(node)}（条件原文：{value}）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(value)
    return str(value)


FIGURE_KEYS = ("after_worst", "after_best", "before_worst", "before_best")


def _figures(metrics: Metrics, figure: Figure) -> dict[str, int | None]:
    return {
        "after_worst": metrics.bound("max", "after").get(figure),
        "after_best": metrics.bound("min", "after").get(figure),
        "before_worst": metrics.bound("max", "before").get(figure),
        "before_best": metrics.bound("min", "before").get(figure),
    }


def diff_metrics(old: Metrics | None, new: Metrics | None) -> tuple[FigureChange, ...]:
    """The figures that differ, in Figure order (none when either side has no metrics)."""
    if old is None or new is None:
        return ()
    out = []
    for figure in Figure:
        before, after = _figures(old, figure), _figures(new, figure)
        if before != after:
            out.append(FigureChange(figure, before, after))
    return tuple(out)
