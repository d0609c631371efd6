"""Analysis → E401 once for every group of items that wait on each other (results or `after`).

A group is a strongly connected component of the item graph; the diagnostic spells out one
shortest cycle in it and points at every item of the group, so a dense file gets one
diagnostic per group rather than one per cycle (of which there can be exponentially many).
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.analysis import Analysis
from compiler.graph import find_cycles
from dsl.diagnostics import Code, Diagnostic, Related


def check_cycles(analysis: Analysis) -> Iterator[Diagnostic]:
    bundle, graph = analysis.bundle, analysis.graph
    doc = bundle.unit.doc
    for group in find_cycles(graph):
        cycle = group.example
        steps, ordered = [], False
        for a, b in zip(cycle, [*cycle[1:], cycle[0]], strict=True):
            edge = graph.edges[a, b]
            why = [f"需要 `{a}` 产出的 {'、'.join(edge['results'])}"] if edge["results"] else []
            if edge["after"] is not None:
                why.append(f"写在 `{a}` 之后（after）")
                ordered = True
            steps.append(f"`{b}` " + "，且".join(why))
        in_cycle = set(cycle)
        others = [n for n in group.items if n not in in_cycle]
        related = [
            Related(doc.span((*bundle.item_locs[n], "id")), f"事项 `{n}` 在循环中")
            for n in cycle[1:]
        ] + [
            Related(doc.span((*bundle.item_locs[n], "id")), f"事项 `{n}` 也在这组相互依赖的事项中")
            for n in others
        ]
        shown = " → ".join([*cycle, cycle[0]])
        more = f"；共 {len(group.items)} 个事项相互依赖" if others else ""
        rest = "；这组事项之间还有别的循环，改完后请再检查一次" if others else ""
        yield Diagnostic.of(
            Code.E401,
            doc.span((*bundle.item_locs[cycle[0]], "id")),
            cycle=shown + more,
            label="循环从这里开始",
            related=related,
            hint="；".join(steps) + f"。{_fix(ordered)}" + rest,
        )


def _fix(ordered: bool) -> str:
    if ordered:
        return "请去掉其中一个依赖：删去一处 `after`，或把结果改为申请人自备"
    return "请去掉其中一个依赖，或把结果改为申请人自备"
