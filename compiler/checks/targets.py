"""Plan metrics → E507 for each published target (`targets:`) the bundle's worst case misses.

Run after planning, because the figures are the planner's: the materials the applicant really
submits (net of 免提交), the steps they see, the critical path and the visits. A target met
exactly is met. The message gives the computed figure; the hint names what drives it (which
materials and for which items, which steps, which chain of items), so the author sees what to
change, and a bundle whose figure depends on the answers names the answers that reach it.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.metrics import Case, Figure, Metrics
from compiler.plan import Plan
from dsl.diagnostics import Code, Diagnostic
from dsl.document import Document

_TARGETS: tuple[tuple[str, Figure], ...] = (
    ("materials", Figure.MATERIALS),
    ("steps", Figure.STEPS),
    ("days", Figure.DAYS),
    ("visits", Figure.VISITS),
)


def check_targets(doc: Document, plan: Plan, metrics: Metrics) -> Iterator[Diagnostic]:
    targets = plan.scenario.targets
    if targets is None:
        return
    for key, figure in _TARGETS:
        limit = getattr(targets, key)
        if limit is None:
            continue
        case = metrics.worst(figure)
        value = case.after.get(figure)
        if value is not None and value <= limit:
            continue
        if value is None:
            problem = (
                f"目标{figure.label}不超过 {limit} {figure.unit}，但无法计算：有事项未写明办理渠道"
            )
        else:
            problem = f"{figure.label} {value} {figure.unit}，超过目标 {limit} {figure.unit}"
        yield Diagnostic.of(
            Code.E507,
            doc.span(("targets", key)),
            problem=problem,
            hint=_drivers(plan, figure, case) + _when(metrics, case),
        )
    if targets.online:
        case = max(metrics.cases, key=lambda c: len(c.online))
        if case.online:
            yield Diagnostic.of(
                Code.E507,
                doc.span(("targets", "online")),
                problem=f"要求全程网办，但有 {len(case.online)} 个事项不能全程网办",
                hint="不能全程网办的事项："
                + _items(plan, case.online)
                + "；在其 service.channels 中写明 全程网办: 0，或去掉目标"
                + _when(metrics, case),
            )


def _drivers(plan: Plan, figure: Figure, case: Case) -> str:
    if figure is Figure.MATERIALS:
        names = {m.material.id: m for m in plan.materials}
        parts = [
            f"{names[mid].material.name}（`{mid}`，{_items(plan, names[mid].items)}需要）"
            for mid in case.materials
        ]
        return "需要提交的材料：" + "；".join(parts) + "。可改为调取电子证照或由事项结果共享"
    if figure is Figure.STEPS:
        added = "；".join(f"{_items(plan, (i,))}的{name}" for i, name in case.procedures)
        steps = "环节：" + " → ".join(case.steps)
        return steps + (f"（特别程序：{added}）" if added else "")
    if figure is Figure.DAYS:
        days = {p.item.id: p.item.days.promised.text() for p in plan.items}
        chain = " → ".join(f"{_items(plan, (i,))}（{days[i]}）" for i in case.critical_path)
        return "关键路径：" + chain
    if case.no_channels:
        return (
            "未写明办理渠道的事项：" + _items(plan, case.visits_by) + "；在 service.channels 中写明"
        )
    trips = "；".join(f"到{t.name}{t.visits}次（{_items(plan, t.items)}）" for t in case.trips)
    return "需要到现场：" + trips + "。同一受理点的事项共用一次跑动，可改由综合窗口一并受理"


def _items(plan: Plan, ids: tuple[str, ...]) -> str:
    names = {p.item.id: p.item.name for p in plan.items}
    return "、".join(f"“{names[i]}”" for i in ids)


def _when(metrics: Metrics, case: Case) -> str:
    if case.answers is None or len(metrics.cases) == 1:
        return ""
    return f"（申请人回答：{case.label}）"
