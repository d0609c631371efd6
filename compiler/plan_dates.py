"""`yjs plan ID --start DATE`: one bundle's schedule on the real calendar.

For an application on DATE, each item starts when the case reaches its office (acceptance,
or the day the last item it waits for falls due) and falls due by its promised limit, counted
in its own unit (compiler/workdays.py says how). The static schedule in routing.json counts
working days from acceptance; these are the dates they fall on, with the 国庆 or 春节 break
and the 调休 Saturdays of that year. A year the calendar package has no 放假安排 for is
counted with weekends only and named in a W505 warning, never guessed silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from compiler.dated_plan import DatedItem, DatedPlan, date_plan
from compiler.pipeline import compile_paths
from compiler.workdays import WorkCalendar, data_years
from dsl.diagnostics import Code, Diagnostic, has_errors
from dsl.source import SourceFile, cells
from dsl.suggest import did_you_mean

__all__ = ["DatedItem", "DatedPlan", "PlanDates", "date_plan", "plan_dates", "render_dates"]


@dataclass(slots=True)
class PlanDates:
    """What `yjs plan` reports: the dated plan, or the diagnostics that stopped it."""

    diagnostics: list[Diagnostic]
    sources: dict[str, SourceFile]
    dated: DatedPlan | None = None
    unknown: list[str] = field(default_factory=list)  # scenario ids there are, when ID is not

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def parse_start(text: str) -> dt.date:
    """`--start` as a date; ValueError in words a user reads.

    Years up to 2999 keep every due date far from `date`'s year 9999: a clean bundle's critical
    path is at most `promised_days` ≤ 3650 working days (E503), about 14 years.
    """
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"--start 应是日期，写作 YYYY-MM-DD，例如 2026-09-28；这里是 “{text}”"
        ) from None
    if not 1900 <= day.year <= 2999:
        raise ValueError(f"--start 的年份应在 1900–2999 之间；这里是 {day.year}")
    return day


def plan_dates(paths: Iterable[Path], scenario: str, applied: dt.date) -> PlanDates:
    """Compile `paths` (checks included) and date the schedule of bundle `scenario`."""
    result = compile_paths(paths, emit=False)
    out = PlanDates(result.diagnostics, result.sources)
    if not result.ok:
        return out
    plan = result.plans.get(scenario)
    if plan is None:
        out.unknown = sorted(result.plans)
        return out
    calendar = WorkCalendar()
    out.dated = date_plan(plan, applied, calendar)
    out.diagnostics += [unannounced(year) for year in sorted(calendar.unannounced)]
    return out


def unknown_hint(scenario: str, known: list[str]) -> str:
    """The usage message for an ID no bundle has."""
    close = did_you_mean(scenario, known)
    listed = close or (f"已有：{'、'.join(known)}" if known else "没有找到任何一件事")
    return f"找不到一件事 `{scenario}`；{listed}"


def unannounced(year: int) -> Diagnostic:
    years = data_years()
    version = metadata.version("chinese-calendar")
    return Diagnostic.of(
        Code.W505,
        None,
        year=year,
        hint=f"日历数据（chinese-calendar {version}）收录 {years.start}–{years.stop - 1} 年的国务院放假安排；"
        f"{year} 年的日期只跳过周末，未计节假日和调休，可能偏早。"
        f"国务院公布该年安排、chinese-calendar 收录后，升级它再运行",
    )


def render_dates(dated: DatedPlan) -> str:
    """The dated plan as a text table (CJK columns aligned by terminal cells)."""
    spec = dated.plan.scenario
    head = f"{spec.name}（{spec.scenario}）：{dated.applied} 申请"
    if dated.accepted != dated.applied:
        head += f"，{dated.accepted} 受理（申请日不是工作日）"
    rows = [["阶段", "事项", "办理部门", "开始", "承诺办结", "承诺时限", "法定时限届满"]]
    for d in dated.items:
        item = d.planned.item
        rows.append(
            [
                str(d.planned.stage),
                item.name + ("（选办）" if item.when else ""),
                d.planned.department.name,
                d.start.isoformat(),
                d.due.isoformat(),
                "即办" if item.days.promised.amount == 0 else item.days.promised.text(),
                d.legal_due.isoformat(),
            ]
        )
    widths = [max(cells(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [head, ""]
    for row in rows:
        lines.append("  ".join(c + " " * (w - cells(c)) for c, w in zip(row, widths, strict=True)))
    lines += [
        "",
        f"全部办结：{dated.done}（关键路径 {dated.plan.total_days} 个工作日）；"
        f"一件事承诺 {spec.promised_days} 个工作日，最迟 {dated.promised_due} 办结",
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"
