"""Plan → notice.md: the 一次告知单 an applicant reads before applying.

The template only formats; what it says and in which order comes from the plan. Spec text is
data: every `{{ … }}` is escaped as Markdown (`markdown.finalize`), and the environment is
sandboxed, so nothing a spec says is ever run or rendered as markup.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, partial

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from compiler import delivery_terms, durations, ir, vocabulary
from compiler.conditions.describe import describe
from compiler.delivery import FeeTerms, PledgeTerms
from compiler.emit.markdown import finalize
from compiler.plan import Plan, PlannedItem
from compiler.version import FORMAT_VERSIONS

NOT_STATED = "—"


@cache
def environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=jinja2.PackageLoader("compiler.emit", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown, not HTML: `finalize` escapes instead
        finalize=finalize,
    )


def emit_notice(plan: Plan) -> dict[str, bytes]:
    situations = plan.scenario.situations
    questions = {s.id: s.question for s in situations if s.type is vocabulary.FieldType.BOOLEAN}
    labels = {f.definition.id: f.definition.label for f in plan.form}
    labels |= {s.id: s.question for s in situations}
    template = environment().get_template("notice.md.j2")
    text = template.render(
        plan=plan,
        spec=plan.scenario,
        describe=partial(describe, labels=labels, questions=questions),
        items={p.item.id: p for p in plan.items},
        service=ServiceWords(),
        limit=_limit,
        format_version=FORMAT_VERSIONS["notice.md"],
        period=period,
        basis_text=basis_text,
        entries_text=entries_text,
    )
    return {"notice.md": text.encode("utf-8")}


class ServiceWords:
    """How the notice words an item's delivery terms; "—" where the spec states nothing.

    Plain text in, plain text out: the template escapes whatever these return.
    """

    def rows(self, planned: list[PlannedItem]) -> list[list[str]]:
        """One row per distinct set of terms, naming every item that has it: a bundle whose
        items all follow its defaults gets one row, not the same row once per item."""
        groups: dict[tuple[str, ...], list[str]] = {}
        for p in planned:
            cells = (
                self.accept(p),
                self.channels(p),
                self.delivery(p),
                self.nearby(p),
                self.assistance(p),
            )
            groups.setdefault(cells, []).append(p.item.name)
        if len(groups) == 1 and len(planned) > 1:
            return [["各事项", *next(iter(groups))]]
        return [["、".join(names), *cells] for cells, names in groups.items()]

    def accept(self, planned: PlannedItem) -> str:
        point = planned.service.accept
        if planned.proactive:
            return "无需申请"
        if point is None:
            return NOT_STATED
        if point.department is None:
            return f"{delivery_terms.ONE_WINDOW}（一窗受理）"
        return point.department.name

    def channels(self, planned: PlannedItem) -> str:
        if planned.proactive:
            return "无需申请"
        terms = planned.service.channels
        return "、".join(f"{c}（{v} 次）" for c, v in terms) if terms else NOT_STATED

    def delivery(self, planned: PlannedItem) -> str:
        service = planned.service
        words = [
            f"{d}（{service.unified_at.name}）"
            if d is vocabulary.ResultDelivery.UNIFIED and service.unified_at is not None
            else str(d)
            for d in service.result_delivery
        ]
        return "、".join(words) if words else NOT_STATED

    def nearby(self, planned: PlannedItem) -> str:
        places = planned.service.nearby
        return "、".join(str(n) for n in places) + "受理" if places else NOT_STATED

    def assistance(self, planned: PlannedItem) -> str:
        service = planned.service
        named = [("帮办代办", service.assisted), ("上门办理", service.home_visit)]
        if all(value is None for _, value in named):
            return NOT_STATED
        return "；".join(
            f"{'提供' if value else '不提供'}{what}" for what, value in named if value is not None
        )

    def checkers(self, pledge: PledgeTerms) -> str:
        return "、".join(d.name for d in pledge.checked_by)

    def fee(self, fee: FeeTerms) -> str:
        words = [money(fee.amount) if fee.amount is not None else fee.standard or ""]
        if fee.basis:
            words.append(f"收费依据：{fee.basis}")
        if fee.exemptions:
            words.append(f"减免：{fee.exemptions}")
        if fee.note:
            words.append(fee.note)
        return "；".join(w for w in words if w)


def money(amount: float) -> str:
    """`80 元`, `12.5 元`: no trailing `.0` on whole amounts."""
    return f"{int(amount) if amount.is_integer() else amount} 元"


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def period(dated: ir.Item | ir.Material | ir.LegalBasis, begins: str, ends: str) -> str:
    """When something holds, in words: `自2024年7月1日起施行，2026年1月1日起废止`; "" if always.

    `valid_until` is the first day it no longer holds, so it is named as that day.
    """
    parts = []
    if dated.valid_from is not None:
        parts.append(f"自{chinese_date(dated.valid_from)}起{begins}")
    if dated.valid_until is not None:
        parts.append(f"{chinese_date(dated.valid_until)}起{ends}")
    return "，".join(parts)


def basis_text(basis: str | ir.LegalBasis) -> str:
    """A legal basis as one line: the text as written, or title（文号）条款，施行和废止日期."""
    if isinstance(basis, str):
        return basis
    text = basis.title + (f"（{basis.number}）" if basis.number else "") + (basis.article or "")
    when = period(basis, "施行", "废止")
    return f"{text}，{when}" if when else text


def entries_text(definition: ir.FieldDef) -> str:
    """What each entry of a list field asks, and how many entries: "" for other fields."""
    if definition.type is not vocabulary.FieldType.LIST:
        return ""
    labels = "、".join(sub.label for sub in definition.fields)
    least, most = definition.least_count, definition.max_count
    if most is None:
        count = f"至少 {least} 条" if least else "条数不限"
    else:
        count = f"{least}–{most} 条" if least != most else f"{least} 条"
    return f"（逐条填写{labels}；{count}）"


def _limit(limit: durations.Limit) -> str:
    """A limit as the applicant reads it: 即办 for 0, else in its own unit (`60 个自然日`)."""
    return "即办" if limit.amount == 0 else limit.text()
