"""Bundle → E502 (promised above legal) and E503 (critical path above the bundle's promise)."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from compiler.graph import item_graph, schedule
from compiler.resolve import Bundle
from dsl.diagnostics import Code, Diagnostic


def check_time_limits(bundle: Bundle) -> Iterator[Diagnostic]:
    spec = bundle.scenario
    doc = bundle.unit.doc
    for item in bundle.items:
        if item.days.promised > item.days.legal:
            yield Diagnostic.of(
                Code.E502,
                doc.span((*bundle.item_locs[item.id], "days", "promised")),
                item=item.id,
                promised=item.days.promised,
                legal=item.days.legal,
                hint="承诺时限只能等于或短于法定时限；请核对实施清单",
            )
    graph = item_graph(bundle)
    if not nx.is_directed_acyclic_graph(graph):
        return  # E401 already explains; a schedule needs a DAG
    plan = schedule(graph, {item.id: item.days.promised for item in bundle.items})
    if plan.total_days > spec.promised_days:
        chain = " → ".join(plan.critical_path)
        yield Diagnostic.of(
            Code.E503,
            doc.span(("promised_days",)),
            days=plan.total_days,
            promised=spec.promised_days,
            hint=f"关键路径：{chain}。请压缩这些事项的承诺时限，或调整一件事的 `promised_days`",
        )
