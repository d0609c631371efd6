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
from typing import Any

from compiler.conditions.sites import parse_optional
from compiler.diff_facts import (
    DEPARTMENT_FACTS,
    FIELD_FACTS,
    ITEM_FACTS,
    MATERIAL_FACTS,
    SCENARIO_FACTS,
    SITUATION_FACTS,
    Action,
    Entity,
    Fact,
    Value,
)
from compiler.metrics import Figure, Metrics
from compiler.plan import FormField, Plan, PlannedItem, PlannedMaterial, condition_words
from compiler.provenance import Provenance, Provenances, Words, trace

__all__ = ["Action", "BundleDiff", "Change", "Detail", "Entity", "FigureChange", "Side"]


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
    old_words, new_words = condition_words(old.plan), condition_words(new.plan)
    for i in (i for i in news if i in olds):
        details = []
        for key, label, read, holds in facts:
            before, after = read(olds[i]), read(news[i])
            if isinstance(holds, Entity):
                kept = common[holds]
                before = [x for x in _listed(before) if x in kept]
                after = [x for x in _listed(after) if x in kept]
                if sorted(before) == sorted(after):  # the same ids listed in another order
                    continue
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
