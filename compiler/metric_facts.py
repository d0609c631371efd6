"""What every metrics case reads about a plan, gathered once per plan instead of once per case.

compute_metrics judges the bundle once per answer set (up to MAX_ANSWER_SETS of them). Each
case used to walk every item's fields and materials again, look each one's condition up and
evaluate it: at 4,000 synthetic items 16 cases took 0.64 s, growing 7.9 times over a 4 times
step (bench/step.py, cProfile), as every pass touched every field record again. Here each
item's fields and materials are grouped by their condition once (most have none), every
distinct condition gets a number, and a case judges each number once (`Case.held`); its passes
then read small records and index a list. The figures are the same sums, term by term.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import overload

from compiler import ir, vocabulary
from compiler.analysis import Analysis
from compiler.conditions.ast import Node
from compiler.conditions.sites import parse_optional
from compiler.plan import Plan
from compiler.visits import Stop, stop
from compiler.workdays import schedule_days

# How a case judges a condition: (node, is_exemption) → holds. None always holds.
Judge = Callable[[Node, bool], bool]
# A condition by its number in PlanFacts.conditions; ALWAYS (0) stands for none.
Cond = int
ALWAYS: Cond = 0
# Conditions with the number of records each gates, first-seen order.
Counts = tuple[tuple[Cond, int], ...]


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """One item as the cases read it, copied out of the models so that a case's pass over
    every item reads one small record each: at 16,000 items the pydantic models a pass reached
    through (`planned.item.id`, `.produces`, `.application`) cost twice per access what they
    cost at 4,000 (cache misses; 16 cases took 2.4 s)."""

    iid: str
    when: Cond  # handled when this holds
    proactive: bool  # 免申即享: handled, nothing asked
    produces: tuple[str, ...]
    needs: tuple[str, ...]
    stop: Stop  # where the applicant must appear for it (visits.py)
    own_fields: Counts  # its fields but shared data, by condition
    materials: Counts  # its materials, by the material's own condition
    procedures: tuple[str, ...]  # its special procedures the applicant takes part in
    days: int  # promised working days, as the schedule counts them
    online: bool  # it offers 全程网办


@dataclass(frozen=True, slots=True)
class FieldFacts:
    fid: str
    when: Cond  # shown when this holds
    asked: bool


@dataclass(frozen=True, slots=True)
class MaterialFacts:
    mid: str
    when: Cond  # needed when this holds
    items: frozenset[str]  # the items needing it
    submit: bool
    submit_when: Cond
    reason: str
    from_form: bool  # its source is the application form itself


@dataclass(frozen=True, slots=True)
class PlanFacts:
    conditions: tuple[Node | None, ...]  # by number; None at ALWAYS
    items: tuple[ItemFacts, ...]  # plan order
    form: tuple[FieldFacts, ...]  # form order
    materials: tuple[MaterialFacts, ...]  # plan order
    made_by: dict[str, tuple[str, ...]]  # result → the names of the items producing it
    exempt_reasons: dict[str, str] = field(default_factory=dict)  # filled as cases ask

    def held(self, judge: Judge, *, eager: bool) -> Sequence[bool]:
        """Whether each condition holds under `judge`, by number, each judged once: all at
        once when every condition is known to evaluate (situations only, answers from their
        domains), else as a case first asks, so a spec test's answers are judged only where
        the bundle reads them."""
        if eager:
            return [node is None or judge(node, False) for node in self.conditions]
        return _Held(self.conditions, judge)


class _Held(Sequence[bool]):
    __slots__ = ("_conditions", "_judge", "_known")

    def __init__(self, conditions: tuple[Node | None, ...], judge: Judge) -> None:
        self._conditions, self._judge = conditions, judge
        self._known: list[bool | None] = [None] * len(conditions)

    def __len__(self) -> int:
        return len(self._conditions)

    @overload
    def __getitem__(self, number: int) -> bool: ...
    @overload
    def __getitem__(self, number: slice) -> Sequence[bool]: ...
    def __getitem__(self, number: int | slice) -> bool | Sequence[bool]:
        if isinstance(number, slice):
            return [self[i] for i in range(len(self))[number]]
        known = self._known[number]
        if known is None:
            node = self._conditions[number]
            known = self._known[number] = node is None or self._judge(node, False)
        return known


def plan_facts(
    plan: Plan, analysis: Analysis, applicant: Callable[[ir.SpecialProcedure], bool]
) -> PlanFacts:
    """Every item's facts; `applicant` says which special procedures count as the applicant's."""
    scope = analysis.bundle.scope
    numbers: dict[Node | None, Cond] = {None: ALWAYS}

    def number(node: Node | None) -> Cond:
        return numbers.setdefault(node, len(numbers))

    items = []
    for planned in plan.items:
        own: dict[Cond, int] = {}
        for fid in planned.fields:  # the item's fields, each once
            definition = analysis.fields[fid]
            if definition.from_data is None:
                when = number(parse_optional(definition.when))
                own[when] = own.get(when, 0) + 1
        materials: dict[Cond, int] = {}
        for mid in planned.materials:
            material = scope.material(mid)
            when = number(parse_optional(material.when) if material is not None else None)
            materials[when] = materials.get(when, 0) + 1
        item = planned.item
        items.append(
            ItemFacts(
                item.id,
                number(planned.when),
                planned.proactive,
                tuple(item.produces),
                planned.needs,
                stop(planned),
                tuple(own.items()),
                tuple(materials.items()),
                tuple(s.name for s in item.special_procedures if applicant(s)),
                schedule_days(item.days.promised),
                vocabulary.ServiceChannel.ONLINE in dict(planned.service.channels),
            )
        )
    made_by: dict[str, list[str]] = {}
    for planned in plan.items:
        for result in dict.fromkeys(planned.item.produces):
            made_by.setdefault(result, []).append(planned.item.name)
    form = tuple(FieldFacts(f.definition.id, number(f.when), f.asked) for f in plan.form)
    planned_materials = tuple(
        MaterialFacts(
            m.material.id,
            number(m.when),
            frozenset(m.items),
            m.submit,
            number(m.submit_when),
            m.reason,
            m.material.source is vocabulary.MaterialSource.FORM,
        )
        for m in plan.materials
    )
    return PlanFacts(
        tuple(numbers),
        tuple(items),
        form,
        planned_materials,
        {r: tuple(names) for r, names in made_by.items()},
    )


def count(held: Sequence[bool], counts: Counts) -> int:
    """Records whose condition holds."""
    return sum(n for when, n in counts if held[when])
