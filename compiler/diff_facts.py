"""What `yjs diff` compares: each entity of a plan reduced to its facts.

A fact is what a spec states about an entity (a name, a department, a condition as canonical
text, a limit with its unit, a licence) or the exemption a material or field ends up with, read
off the Plan and its provenance. Facts are plain data, so two plans compare by equality and the
JSON of `yjs diff` shows them as they are; a fact holding ids of another entity (an item's
fields) is compared on the ids both sides have (compiler/plan_diff.py says why).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from compiler.conditions.ast import Node
from compiler.conditions.format import format_condition
from compiler.conditions.sites import parse_optional
from compiler.plan import Plan
from compiler.provenance import Provenance

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
        lambda p: [f"{s.name}（{s.days.text()}）" for s in p.item.special_procedures],
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
