"""Analysis → E502 (promised above legal) and E503 (critical path above the bundle's promise)."""

from __future__ import annotations

from collections.abc import Iterator

from compiler.analysis import Analysis
from dsl.diagnostics import Code, Diagnostic


def check_time_limits(analysis: Analysis) -> Iterator[Diagnostic]:
    bundle = analysis.bundle
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
    plan = analysis.schedule
    if plan is None:
        return  # E401 already explains; a schedule needs a DAG
    if plan.total_days > spec.promised_days:
        chain = " → ".join(plan.critical_path)
        yield Diagnostic.of(
            Code.E503,
            doc.span(("promised_days",)),
            days=plan.total_days,
            promised=spec.promised_days,
            hint=f"关键路径：{chain}。请压缩这些事项的承诺时限，或调整一件事的 `promised_days`",
        )
