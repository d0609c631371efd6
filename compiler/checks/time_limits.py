"""Analysis → E502 (promised above legal), E503 (critical path above the bundle's promise),
W510 (a special procedure counted apart without a legal basis) and W511 (即办, a promised time
of 0, on an item with special procedures counted apart).

Limits in different units are compared as `workdays.exceeds` defines: working days and hours in
working hours, a natural-day limit by due dates on the real calendar for every application day.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import durations, ir
from compiler.analysis import Analysis
from compiler.workdays import HOURS_PER_DAY, Overrun, exceeds
from dsl.diagnostics import Code, Diagnostic


def check_time_limits(analysis: Analysis) -> Iterator[Diagnostic]:
    bundle = analysis.bundle
    spec = bundle.scenario
    doc = bundle.unit.doc
    for item in bundle.items:
        promised, legal = item.days.promised, item.days.legal
        yield from _without_basis(analysis, item)
        yield from _immediate(analysis, item)
        overrun = exceeds(promised, legal)
        if overrun is None:
            continue
        yield Diagnostic.of(
            Code.E502,
            doc.span((*bundle.item_locs[item.id], "days", "promised")),
            item=item.id,
            promised=promised.text(),
            legal=legal.text(),
            hint=_how_compared(promised, legal, overrun)
            + "承诺时限只能等于或短于法定时限；请核对实施清单",
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


def _without_basis(analysis: Analysis, item: ir.Item) -> Iterator[Diagnostic]:
    """W510: a special procedure whose time is excluded from the limit with no `basis`.

    Leaving time out of the promised limit is lawful only where a law or rule says so (for a
    行政许可, 行政许可法 第四十五条 lists the kinds); without one the promise is open-ended.
    """
    doc, loc = analysis.bundle.written_at(item.id, "special_procedures")
    for j, procedure in enumerate(item.special_procedures):
        if procedure.basis is not None:
            continue
        yield Diagnostic.of(
            Code.W510,
            doc.span((*loc, "special_procedures", j, "name")),
            item=item.id,
            procedure=procedure.name,
            hint="在 `basis` 中写明所需时间不计入时限的依据：行政许可的听证、招标、拍卖、检验、检测、"
            "检疫、鉴定和专家评审，通常依据《中华人民共和国行政许可法》第四十五条；其他的写事项"
            "自己的规定（名称、文号、条款）。没有依据的，把这段时间计入承诺时限",
        )


def _immediate(analysis: Analysis, item: ir.Item) -> Iterator[Diagnostic]:
    """W511: 即办 (promised 0) and special procedures whose time is counted apart.

    An item decided on the spot has no procedure taking days, unless that procedure applies
    only in some cases (an appraisal when the declared price is too low) or comes after the
    decision (a creditors' announcement after the filing). The spec says which in the
    procedure's `note`; a procedure without one contradicts the promise.
    """
    if item.days.promised.amount != 0:
        return
    doc, loc = analysis.bundle.written_at(item.id, "special_procedures")
    for j, procedure in enumerate(item.special_procedures):
        if procedure.note:
            continue
        yield Diagnostic.of(
            Code.W511,
            doc.span((*loc, "special_procedures", j, "name")),
            item=item.id,
            procedure=procedure.name,
            hint="即办是当场办结，容不下另计时间的特别程序：核对承诺时限；特别程序只在部分情况下"
            "需要或在办结后进行的，在它的 `note` 中写明",
        )


def _how_compared(promised: durations.Limit, legal: durations.Limit, overrun: Overrun) -> str:
    """Why two limits in different units compare as they do (nothing when the units agree)."""
    if overrun.start is not None:
        return (
            f"例如本事项 {overrun.start} 开始办理时，承诺时限 {overrun.promised_due} 届满，"
            f"法定时限 {overrun.legal_due} 就已届满（自然日次日起算，末日遇节假日顺延）。"
        )
    if promised.unit is not legal.unit:
        return f"按每个工作日 {HOURS_PER_DAY} 个工作小时比较。"
    return ""
