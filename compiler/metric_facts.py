"""What every metrics case reads about a plan, gathered once per plan instead of once per case.

compute_metrics judges the bundle once per answer set (up to MAX_ANSWER_SETS of them). Each
case used to walk every item's fields and materials again, look each one's condition up and
evaluate it: at 4,000 synthetic items 16 cases took 0.64 s, growing 7.9 times over a 4 times
step (bench/step.py, cProfile), as every pass touched every field record again. Here each
item's fields and materials are grouped by their condition once (most have none), and a case
evaluates each distinct condition once (`memo`); the figures are the same sums, term by term.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from compiler import ir, vocabulary
from compiler.analysis import Analysis
from compiler.conditions.ast import Node
from compiler.conditions.sites import parse_optional
from compiler.plan import Plan, PlannedItem
from compiler.visits import best_visits
from compiler.workdays import schedule_days

# How a case judges a condition: (node, is_exemption) → holds. None always holds.
Judge = Callable[[Node, bool], bool]
# Conditions with the number of records each gates, None (always) included, first-seen order.
Counts = tuple[tuple[Node | None, int], ...]


@dataclass(frozen=True, slots=True)
class ItemFacts:
    planned: PlannedItem
    own_fields: Counts  # its fields but shared data, by condition
    materials: Counts  # its materials, by the material's own condition
    visits: int | None  # its best channel's visits; None when it states no channels
    procedures: tuple[str, ...]  # its special procedures the applicant takes part in
    days: int  # promised working days, as the schedule counts them
    online: bool  # it offers 全程网办


@dataclass(frozen=True, slots=True)
class PlanFacts:
    items: tuple[ItemFacts, ...]  # plan order
    made_by: dict[str, tuple[str, ...]]  # result → the names of the items producing it
    exempt_reasons: dict[str, str] = field(default_factory=dict)  # filled as cases ask


def plan_facts(
    plan: Plan, analysis: Analysis, applicant: Callable[[ir.SpecialProcedure], bool]
) -> PlanFacts:
    """Every item's facts; `applicant` says which special procedures count as the applicant's."""
    scope = analysis.bundle.scope
    items = []
    for planned in plan.items:
        own: dict[Node | None, int] = {}
        for fid in planned.fields:  # the item's fields, each once
            definition = analysis.fields[fid]
            if definition.from_data is None:
                when = parse_optional(definition.when)
                own[when] = own.get(when, 0) + 1
        materials: dict[Node | None, int] = {}
        for mid in planned.materials:
            material = scope.material(mid)
            when = parse_optional(material.when) if material is not None else None
            materials[when] = materials.get(when, 0) + 1
        items.append(
            ItemFacts(
                planned,
                tuple(own.items()),
                tuple(materials.items()),
                best_visits(planned),
                tuple(s.name for s in planned.item.special_procedures if applicant(s)),
                schedule_days(planned.item.days.promised),
                vocabulary.ServiceChannel.ONLINE in dict(planned.service.channels),
            )
        )
    made_by: dict[str, list[str]] = {}
    for planned in plan.items:
        for result in dict.fromkeys(planned.item.produces):
            made_by.setdefault(result, []).append(planned.item.name)
    return PlanFacts(tuple(items), {r: tuple(names) for r, names in made_by.items()})


def memo(judge: Judge) -> Judge:
    """`judge`, asked once per distinct (condition, exemption): a case asks about the same few
    conditions for thousands of records, and judging one is pure."""
    seen: dict[tuple[Node, bool], bool] = {}

    def judged(node: Node, exemption: bool) -> bool:
        key = (node, exemption)
        found = seen.get(key)
        if found is None:
            found = seen[key] = judge(node, exemption)
        return found

    return judged


def count(judge: Judge, counts: Counts) -> int:
    """Records whose condition holds (or that have none)."""
    return sum(n for when, n in counts if when is None or judge(when, False))
