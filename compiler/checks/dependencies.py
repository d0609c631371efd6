"""Analysis → E401 for every cycle between items' results, naming each item in it."""

from __future__ import annotations

from collections.abc import Iterator

from compiler.analysis import Analysis
from compiler.graph import find_cycles
from dsl.diagnostics import Code, Diagnostic, Related


def check_cycles(analysis: Analysis) -> Iterator[Diagnostic]:
    bundle, graph = analysis.bundle, analysis.graph
    doc = bundle.unit.doc
    for cycle in find_cycles(graph):
        steps = []
        for a, b in zip(cycle, [*cycle[1:], cycle[0]], strict=True):
            results = "、".join(graph.edges[a, b]["results"])
            steps.append(f"`{b}` 需要 `{a}` 产出的 {results}")
        related = [
            Related(doc.span((*bundle.item_locs[n], "id")), f"事项 `{n}` 在循环中")
            for n in cycle[1:]
        ]
        yield Diagnostic.of(
            Code.E401,
            doc.span((*bundle.item_locs[cycle[0]], "id")),
            cycle=" → ".join([*cycle, cycle[0]]),
            label="循环从这里开始",
            related=related,
            hint="；".join(steps) + "。请去掉其中一个依赖，或把结果改为申请人自备",
        )
