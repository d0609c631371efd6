"""Plan (+ one applicant's answers) → NoticeDoc: what the 一次告知单 says, before any format.

The notice is written in three formats (Markdown, HTML, plain text) and in two kinds: the full
notice of a bundle, with every condition in words, and the tailored notice of one applicant
(`yjs notice --answer`), with only what applies and no conditional wording. Deciding *what* it
says happens here, once, as plain text in sections of paragraphs, lists and tables; the
templates only format and escape. Nothing here decides a fact: which materials are submitted
under which answers is the plan's verdict (compiler/submission.py), the days are the plan's
schedule, the dates `dated_plan.py`'s.

Every section in ELEMENTS is always present, saying so when it has nothing to list: the
elements a 一次性告知 must cover (legal basis, limits, process, fees, places, contacts, the full
material list with form, quantity and issuer, refusal and remedies, co-departments and order).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from compiler.conditions.ast import Node
from compiler.conditions.evaluate import evaluate
from compiler.dated_plan import DatedPlan
from compiler.emit import notice_words as words
from compiler.emit.notice_blocks import Block, Para
from compiler.emit.notice_sections import SectionWriter
from compiler.plan import Plan, PlannedItem, condition_words
from compiler.workdays import schedule_days


@dataclass(frozen=True, slots=True)
class Section:
    key: str  # stable English name (ELEMENTS); tests and the element check use it
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class NoticeDoc:
    scenario: str
    title: str
    intro: tuple[Para, ...]
    sections: tuple[Section, ...]
    tailored: bool


# The sections of every notice, in order: key → heading.
ELEMENTS: dict[str, str] = {
    "items": "办理事项",
    "conditions": "申请条件与办理情形",
    "materials": "申请材料",
    "form": "一张表单",
    "departments": "联办部门",
    "process": "办理流程与时限",
    "special": "特别程序",
    "service": "办理方式与跑动次数",
    "pledge": "告知承诺与免申即享",
    "fees": "收费",
    "places": "办理地点与渠道",
    "contact": "咨询与监督投诉",
    "refusal": "不予受理与救济",
    "basis": "设定依据",
}


@dataclass(frozen=True, slots=True)
class Tailoring:
    """One applicant: their answers (situations, and fields conditions name), the day the
    conditions are judged on, and with `--start` the dated schedule of their items."""

    answers: Mapping[str, object]
    today: dt.date
    dated: DatedPlan | None = None


class Reader:
    """What the notice says about one condition, for the full notice or for one applicant."""

    def __init__(self, plan: Plan, tailoring: Tailoring | None) -> None:
        self.describe = condition_words(plan)
        self.plan, self.tailoring = plan, tailoring

    def holds(self, node: Node | None) -> bool:
        """For a tailored notice, whether `node` holds for the applicant; always True else."""
        if node is None or self.tailoring is None:
            return True
        return evaluate(node, self.tailoring.answers, self.tailoring.today, self.plan.env)

    def only(self, node: Node | None, what: str) -> str:
        """`仅在…时{what}` in the full notice, "" when it always holds or the notice is tailored."""
        if node is None or self.tailoring is not None:
            return ""
        return f"仅在{self.describe(node)}时{what}"


def build_notice(plan: Plan, tailoring: Tailoring | None = None) -> NoticeDoc:
    reader = Reader(plan, tailoring)
    items = tuple(p for p in plan.items if reader.holds(p.when))
    days = _days(plan, items) if tailoring is not None else None
    writer = SectionWriter(plan, reader, items, days)
    sections = tuple(
        Section(key, title, tuple(getattr(writer, key)())) for key, title in ELEMENTS.items()
    )
    spec = plan.scenario
    title = f"{spec.name} 一次告知单" + ("（个人版）" if tailoring is not None else "")
    return NoticeDoc(
        spec.scenario, title, _intro(plan, items, tailoring), sections, bool(tailoring)
    )


def _intro(
    plan: Plan, items: tuple[PlannedItem, ...], tailoring: Tailoring | None
) -> tuple[Para, ...]:
    spec = plan.scenario
    joined = f"本一件事由{plan.lead.name}牵头，将 {len(plan.items)} 个事项合并办理："
    joined += "一次告知、一次表单、一次联办、一次送达。"
    promise = f"承诺办结时限：{spec.promised_days} 个工作日"
    promise += f"；通办范围：{spec.scope}。" if spec.scope else "。"
    out = [Para(joined), Para(promise)]
    if tailoring is not None:
        out.append(
            Para(
                f"本告知单按您的回答生成：您需要办理其中 {len(items)} 个事项，"
                "下文只列出适用于您的事项、材料和表单内容。"
            )
        )
        if (dated := tailoring.dated) is not None:
            text = f"您于{words.chinese_date(dated.applied)}申请"
            if dated.accepted != dated.applied:
                text += f"（非工作日），{words.chinese_date(dated.accepted)}受理"
            text += f"；全部事项最迟{words.chinese_date(dated.done)}办结"
            text += f"（一件事承诺最迟{words.chinese_date(dated.promised_due)}办结），"
            text += "日期按国务院公布的法定节假日和调休安排计算。"
            out.append(Para(text))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Days:
    """One applicant's schedule in working days: only their items, each waiting only for the
    items of theirs it needs (an item they skip delays nothing)."""

    start: dict[str, int]
    end: dict[str, int]
    critical_path: tuple[str, ...]
    total: int


def _days(plan: Plan, items: tuple[PlannedItem, ...]) -> Days:
    start: dict[str, int] = {}
    end: dict[str, int] = {}
    via: dict[str, str | None] = {}
    for p in items:  # plan order is a topological order
        waits = sorted((n for n in p.needs if n in end), key=lambda n: -end[n])
        via[p.item.id] = waits[0] if waits else None
        start[p.item.id] = end[waits[0]] if waits else 0
        end[p.item.id] = start[p.item.id] + schedule_days(p.item.days.promised)
    if not items:
        return Days({}, {}, (), 0)
    last = max(items, key=lambda p: end[p.item.id]).item.id
    path = [last]
    while (prev := via[path[-1]]) is not None:
        path.append(prev)
    return Days(start, end, tuple(path[::-1]), end[last])
