"""Items → the item dependency DAG (the only module that builds networkx graphs).

Item B depends on item A when B needs a result A produces, as a material or as the source of
a field's value, or when B is written `after` A (an order the law sets although no result
passes: 注销登记 waits for 清税). Stages are the DAG's topological generations: items in one
stage run in parallel. Day numbers follow promised working days along the dependencies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from compiler import ir
from compiler.merge import needed_results


def item_graph(
    items: Sequence[ir.Item],
    made_by: Mapping[str, Sequence[ir.Item]],
    fields: Mapping[str, ir.FieldDef],
) -> nx.DiGraph[str]:
    """Nodes are item ids (in spec order); an edge A → B carries the results B takes from A
    (`results`, maybe none) and, when B is written `after` A, that entry (`after`, else None).

    `made_by` and `fields` are the bundle's producers and merged fields (see merge.py). An
    `after` naming an item the bundle does not handle orders nothing (a library item may name
    one its bundles leave out; in a scenario it is E201).
    """
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(item.id for item in items)
    for item in items:
        for result in needed_results(item, fields):
            for producer in made_by.get(result, []):
                if graph.has_edge(producer.id, item.id):
                    graph.edges[producer.id, item.id]["results"].append(result)
                else:
                    graph.add_edge(producer.id, item.id, results=[result], after=None)
        for entry in item.after:
            first = ir.after_id(entry)
            if first not in graph:
                continue
            sequenced = entry if isinstance(entry, ir.After) else ir.After(item=first)
            if graph.has_edge(first, item.id):
                graph.edges[first, item.id]["after"] = sequenced
            else:
                graph.add_edge(first, item.id, results=[], after=sequenced)
    return graph


@dataclass(frozen=True, slots=True)
class CycleGroup:
    """Items that all wait on each other (a strongly connected component of the item graph)."""

    items: list[str]  # sorted
    example: list[str]  # a shortest cycle through the smallest id, starting there


def find_cycles(graph: nx.DiGraph[str]) -> list[CycleGroup]:
    """Each group of items that wait on each other once, with one short cycle as its example.

    Listing every elementary cycle instead is exponential: twelve items that each need all the
    others have hundreds of millions. The components take linear time, and the example is one
    breadth-first search inside its component.
    """
    groups = []
    for component in nx.strongly_connected_components(graph):
        start = min(component)
        if len(component) > 1 or graph.has_edge(start, start):
            example = _shortest_cycle(graph.subgraph(component), start)
            groups.append(CycleGroup(sorted(component), example))
    return sorted(groups, key=lambda group: group.example)


def _shortest_cycle(component: nx.DiGraph[str], start: str) -> list[str]:
    """A shortest cycle through `start`: the shortest path to whichever item feeds `start`."""
    paths = nx.single_source_shortest_path(component, start)
    return min(
        (paths[feeder] for feeder in component.predecessors(start)), key=lambda p: (len(p), p)
    )


@dataclass(frozen=True, slots=True)
class Schedule:
    stages: list[list[str]]  # item ids per stage, in spec order within a stage
    start: dict[str, int]  # item id → working day it can start (0-based)
    end: dict[str, int]  # item id → working day it is done at the latest
    critical_path: list[str]  # the longest chain by promised days
    total_days: int


def schedule(graph: nx.DiGraph[str], promised: Mapping[str, int]) -> Schedule:
    """Stages and day numbers of an acyclic item graph; `promised` in working days (for a limit
    in another unit, the most it can take: `workdays.schedule_days`).

    A bundle whose every `use:` names an unknown item has no items (E201 says why); its
    schedule is empty rather than an internal error.
    """
    if not graph:
        return Schedule([], {}, {}, [], 0)
    order = {node: i for i, node in enumerate(graph.nodes)}
    stages = [sorted(gen, key=order.__getitem__) for gen in nx.topological_generations(graph)]
    start: dict[str, int] = {}
    end: dict[str, int] = {}
    via: dict[str, str | None] = {}
    for stage in stages:
        for node in stage:
            preds = sorted(graph.predecessors(node), key=lambda p: (-end[p], order[p]))
            via[node] = preds[0] if preds else None
            start[node] = end[preds[0]] if preds else 0
            end[node] = start[node] + promised[node]
    last = max(graph.nodes, key=lambda n: (end[n], -order[n]))
    path = [last]
    while (prev := via[path[-1]]) is not None:
        path.append(prev)
    return Schedule(stages, start, end, path[::-1], end[last])
