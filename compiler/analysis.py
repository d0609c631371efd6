"""Resolved Bundle → Analysis: every fact about a bundle that more than one stage reads.

Computed once per bundle, right after resolution. The checks and the planner take the Analysis
instead of the bundle, so the item graph, the producers, the merged fields and the condition
environment are built once each, and every consumer reads the same ones. A new check is one
function `check_x(analysis) -> Iterable[Diagnostic]` added to CHECKS in pipeline.py.

Nothing here reports problems: an Analysis exists for any bundle, the broken ones included
(unknown names are left out, a cycle leaves no schedule), and the checks say what is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from compiler import ir
from compiler.conditions.ast import Node, Not
from compiler.conditions.satisfiable import (
    MAX_COMBINATIONS,
    Budget,
    answer_space,
    satisfiable,
)
from compiler.conditions.sites import condition_env
from compiler.conditions.space import Space, enumerate_space
from compiler.conditions.types import TypeInfo
from compiler.graph import Schedule, item_graph, schedule
from compiler.merge import FieldUse, field_definitions, field_uses, producers
from compiler.program import Bundle
from compiler.workdays import schedule_days


@dataclass(frozen=True, slots=True)
class AnswerSpace:
    """What an applicant can answer: the type of every name a condition may use.

    Situations have few answers each (yes/no, or a short list of choices), so a condition over
    situations alone is decided exactly by trying them all; one naming a form field is not.
    """

    env: Mapping[str, TypeInfo]  # situation or field id → its type (and choices)
    situations: frozenset[str]  # the ids in `env` that are situations
    # Every combination of situation answers, enumerated once for the bundle (space.py);
    # None when there are more than MAX_SPACE of them (`space_size` is then above it).
    space: Space | None
    space_size: int

    def size(self, node: Node) -> int | None:
        """Combinations of answers deciding `node` takes (cut off past MAX_COMBINATIONS);
        None when it names a field."""
        return answer_space(node, self.env, self.situations)

    def satisfiable(self, node: Node, budget: Budget | None = None) -> bool | None:
        """Whether some answer makes `node` hold; None when it names a field, or when trying
        the answers costs more than allowed (undecided).

        Read off the bundle's enumerated space when there is one (the same exact answer,
        without trying the combinations again); the budget is charged by the caller's rules.
        """
        size = self.size(node)
        if self.space is None or size is None or size > MAX_COMBINATIONS:
            return satisfiable(node, self.env, self.situations, budget)
        if budget is not None and not budget.spend(node, size):
            return None
        mask = self.space.mask(node)
        return None if mask is None else mask != 0

    def always(self, node: Node, budget: Budget | None = None) -> bool:
        """Whether every answer makes `node` hold; False when that cannot be decided."""
        return self.satisfiable(Not(node), budget) is False


@dataclass(frozen=True, slots=True)
class Analysis:
    """A bundle and what its checks, planner and spec tests derive from it, each built once."""

    bundle: Bundle
    field_uses: tuple[FieldUse, ...]  # every mention of a field by an item, in spec order
    fields: Mapping[str, ir.FieldDef]  # field id → its definition in the merged form
    producers: Mapping[str, tuple[ir.Item, ...]]  # result (material id) → its producers
    graph: nx.DiGraph[str]  # item id → items taking its results or written `after` it (graph.py)
    schedule: Schedule | None  # stages and working days; None when `graph` has a cycle (E401)
    answers: AnswerSpace


def analyse_bundle(bundle: Bundle) -> Analysis:
    uses = tuple(field_uses(bundle))
    fields = field_definitions(bundle, uses)
    made_by = producers(bundle)
    graph = item_graph(bundle.items, made_by, fields)
    timing = None
    if nx.is_directed_acyclic_graph(graph):
        days = {item.id: schedule_days(item.days.promised) for item in bundle.items}
        timing = schedule(graph, days)
    situations = bundle.scenario.situations
    env = condition_env(fields, situations)
    space, size = enumerate_space([s.id for s in situations], env)
    answers = AnswerSpace(env, frozenset(s.id for s in situations), space, size)
    return Analysis(bundle, uses, fields, made_by, graph, timing, answers)
