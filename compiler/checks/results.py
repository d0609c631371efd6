"""Analysis → W401 (a result nobody uses or receives) and W402 (an `after` the data implies).

A result an item produces is for another item of the bundle (a material it needs, or the source
of a field), or for the applicant: delivered as an electronic licence (`license`), or by the
item's result delivery (`service.result_delivery`, the bundle's unless the item overrides it).
A result that is neither is work no one receives. Only items written in the scenario are judged:
a shared item (`use:`) lists every result it makes, for all the bundles that use it.

An `after` orders two items that exchange no result. When the graph already orders them (the
later item takes a result of the earlier one, or waits for an item that does), the `after`
changes nothing; it only makes a reader look for a reason that is not there. An `after` that
gives its `reason` is kept: the notice shows the reason to the applicant. Each `after` is
one reachability search in the item graph without that edge: polynomial in the bundle's size.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from compiler import ir
from compiler.analysis import Analysis
from compiler.merge import needed_results
from dsl.diagnostics import Code, Diagnostic


def check_unused_results(analysis: Analysis) -> Iterator[Diagnostic]:
    bundle = analysis.bundle
    spec = bundle.scenario
    needed = {r for item in bundle.items for r in needed_results(item, analysis.fields)}
    for item in bundle.items:
        if bundle.written_at(item.id, "produces")[0] is not bundle.unit.doc:
            continue  # a shared item's results serve many bundles; this one may need fewer
        own = item.service.result_delivery if item.service is not None else None
        default = spec.service.result_delivery if spec.service is not None else None
        delivery = own if own is not None else default  # as delivery.py merges them
        for j, result in enumerate(item.produces):
            material = bundle.scope.material(result)
            if result in needed or delivery or (material is not None and material.license):
                continue
            doc, loc = bundle.written_at(item.id, "produces")
            yield Diagnostic.of(
                Code.W401,
                doc.span((*loc, "produces", j)),
                item=item.id,
                result=result,
                hint="让需要它的事项列出它，给材料写 `license`（发电子证照），或在 `service` 中写 "
                "`result_delivery` 说明如何交给申请人；都不需要时从 `produces` 中删去它",
            )


def check_implied_after(analysis: Analysis) -> Iterator[Diagnostic]:
    bundle, graph = analysis.bundle, analysis.graph
    for item in bundle.items:
        for j, entry in enumerate(item.after):
            first = ir.after_id(entry)
            if isinstance(entry, ir.After) and entry.reason is not None:
                continue  # the reason is shown in the notice's 办理顺序: it still says something
            if not graph.has_edge(first, item.id):
                continue  # an item the bundle does not handle (E201 in a scenario)
            why = _implied(graph, first, item.id)
            if why is None:
                continue
            doc, loc = bundle.written_at(item.id, "after")
            yield Diagnostic.of(
                Code.W402,
                doc.span((*loc, "after", j)),
                item=item.id,
                first=first,
                hint=f"{why}。删去这条 `after`；原因值得告诉申请人的，写进事项或一件事的说明",
            )


def _implied(graph: nx.DiGraph[str], first: str, item: str) -> str | None:
    """Why `item` already waits for `first` without its `after` edge; None when it does not."""
    results = graph.edges[first, item]["results"]
    if results:
        return f"`{item}` 需要 `{first}` 产出的 {'、'.join(dict.fromkeys(results))}"
    rest = nx.restricted_view(graph, [], [(first, item)])
    if not nx.has_path(rest, first, item):
        return None
    path = nx.shortest_path(rest, first, item)
    return "已有依赖链 " + " → ".join(path)
