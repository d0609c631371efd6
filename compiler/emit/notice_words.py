"""How the notice words the plan's facts: limits, days, dates, service terms, fees, validity.

Plain text in, plain text out; each output format escapes what these return. Kept apart from
the document builder (notice_doc.py) so the words can be tested and reused (published lists,
commitment letters) without building a notice.
"""

from __future__ import annotations

import datetime as dt

from compiler import delivery_terms, durations, ir, vocabulary
from compiler.delivery import FeeTerms, PledgeTerms
from compiler.plan import PlannedItem, PlannedMaterial

NOT_STATED = "—"


# The words of each (amount, unit) seen: every item has two limits, a handful of values among
# them, and formatting the unit (a StrEnum) is most of `Limit.text`'s time.
_LIMIT_WORDS: dict[tuple[int, durations.TimeUnit], str] = {}


def limit_text(limit: durations.Limit) -> str:
    """A limit as the applicant reads it: 即办 for 0, else in its own unit (`60 个自然日`)."""
    key = (limit.amount, limit.unit)
    if (words := _LIMIT_WORDS.get(key)) is None:
        words = _LIMIT_WORDS[key] = "即办" if limit.amount == 0 else limit.text()
    return words


def day_span(start: int, end: int) -> str:
    """Working days an item occupies, counted from acceptance: `第 2–4 个工作日`, `受理当日`.

    `start` is the day it can begin (0 = acceptance), `end` the day it is done by; an item with
    no time of its own (即办) is done on the day it begins.
    """
    if end <= start:
        return "受理当日" if start == 0 else f"第 {start} 个工作日"
    if end == start + 1:
        return f"第 {end} 个工作日"
    return f"第 {start + 1}–{end} 个工作日"


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


def procedure_basis(procedure: ir.SpecialProcedure) -> str | None:
    """Why a special procedure's time is left out of the limit, as one line; None unstated."""
    return None if procedure.basis is None else basis_text(procedure.basis)


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


def money(amount: float) -> str:
    """`80 元`, `12.5 元`: no trailing `.0` on whole amounts."""
    return f"{int(amount) if amount.is_integer() else amount} 元"


def fee_text(fee: FeeTerms) -> str:
    if not fee.charged:
        return "不收费"
    words = [money(fee.amount) if fee.amount is not None else fee.standard or ""]
    if fee.basis:
        words.append(f"收费依据：{fee.basis}")
    if fee.exemptions:
        words.append(f"减免：{fee.exemptions}")
    if fee.note:
        words.append(fee.note)
    return "；".join(w for w in words if w) or "收费"


def checkers(pledge: PledgeTerms) -> str:
    return "、".join(d.name for d in pledge.checked_by)


def accept_text(planned: PlannedItem) -> str:
    point = planned.service.accept
    if planned.proactive:
        return "无需申请"
    if point is None:
        return NOT_STATED
    if point.department is None:
        return f"{delivery_terms.ONE_WINDOW}（一窗受理）"
    return point.department.name


def channels_text(planned: PlannedItem) -> str:
    if planned.proactive:
        return "无需申请"
    terms = planned.service.channels
    return "、".join(f"{c}（{v} 次）" for c, v in terms) if terms else NOT_STATED


def least_visits(planned: PlannedItem) -> int | None:
    """Visits on the item's best channel; 0 for 免申即享; None when no channel is stated."""
    if planned.proactive:
        return 0
    terms = planned.service.channels
    return min(v for _, v in terms) if terms else None


def visits_text(visits: int | None) -> str:
    """零跑动 / 最多跑一次 / 最多跑 n 次, the words of the 最多跑一次 reform."""
    if visits is None:
        return NOT_STATED
    if visits == 0:
        return "零跑动"
    return "最多跑一次" if visits == 1 else f"最多跑 {visits} 次"


def delivery_text(planned: PlannedItem) -> str:
    service = planned.service
    words = [
        f"{d}（{service.unified_at.name}）"
        if d is vocabulary.ResultDelivery.UNIFIED and service.unified_at is not None
        else str(d)
        for d in service.result_delivery
    ]
    return "、".join(words) if words else NOT_STATED


def nearby_text(planned: PlannedItem) -> str:
    places = planned.service.nearby
    return "、".join(str(n) for n in places) + "受理" if places else NOT_STATED


def offered(value: bool | None) -> str:
    return NOT_STATED if value is None else "提供" if value else "不提供"


def answer_text(value: object) -> str:
    """An applicant's answer after its question: `：是`, `：否`, `：2024-05-31`."""
    if isinstance(value, bool):
        return "：是" if value else "：否"
    return f"：{value}"


def validity_note(m: PlannedMaterial) -> str:
    """`（自 … 起需要）` for a material with a validity period, else nothing."""
    valid = period(m.material, "需要", "不再需要")
    return f"（{valid}）" if valid else ""


def acceptance_text(m: PlannedMaterial) -> str:
    """How a material is accepted: 必需, 容缺 with its makeup days, or 告知承诺 with its check."""
    material = m.material
    if material.acceptance is vocabulary.Acceptance.DEFERRED:
        return f"容缺受理，{material.makeup_days} 个工作日内补交"
    if material.acceptance is vocabulary.Acceptance.PLEDGE:
        check = (
            f"，{checkers(m.pledge)}自作出决定之日起 {m.pledge.period}内核查"
            if m.pledge is not None
            else ""
        )
        return "可签署告知承诺书代替" + check
    return "必需"
