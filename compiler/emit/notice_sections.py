"""The sections of the 一次告知单, one method each, in plain-text blocks (notice_doc.ELEMENTS).

The full notice words each condition (`仅在…时提交`); a tailored one has already judged them, so
it lists only what applies and says no "if". Both read the same plan facts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from compiler import durations, vocabulary
from compiler.emit import notice_words as words
from compiler.emit.notice_blocks import Block, Bullets, Para, Table
from compiler.plan import FormField, Plan, PlannedItem, PlannedMaterial

if TYPE_CHECKING:
    from compiler.emit.notice_doc import Days, Reader

# Departments and laws the notice names itself, not taken from a spec (sources in the text).
HOTLINE = (
    "监督投诉：12345 政务服务便民热线（《国务院办公厅关于进一步优化地方政务服务便民热线的"
    "指导意见》国办发〔2020〕53号），或向牵头部门反映"
)
REFUSAL = (
    "申请材料不齐全或者不符合法定形式的，受理窗口当场或者在五日内一次告知需要补正的全部内容"
    "（《中华人民共和国行政许可法》第三十二条）；容缺受理的材料按上文期限补交。",
    "申请事项依法不属于受理部门职权范围的，即时作出不予受理的决定，并告知向有关部门申请。",
    "决定不予受理的，出具加盖本部门专用印章和注明日期的书面凭证，说明理由。",
    "对不予受理决定或者办理结果不服的，可以依法申请行政复议或者提起行政诉讼"
    "（《中华人民共和国行政复议法》《中华人民共和国行政诉讼法》）。",
)
_SOURCE = {
    vocabulary.MaterialSource.APPLICANT: "申请人自备",
    vocabulary.MaterialSource.DEPARTMENT: "政府部门核发",
    vocabulary.MaterialSource.INTERMEDIARY: "中介机构出具",
    vocabulary.MaterialSource.RESULT: "本一件事的办件结果",
    vocabulary.MaterialSource.FORM: "由申请表生成",
}


class SectionWriter:
    def __init__(
        self, plan: Plan, reader: Reader, items: tuple[PlannedItem, ...], days: Days | None
    ) -> None:
        self.plan, self.read, self.handled, self.days = plan, reader, items, days
        self.ids = {p.item.id for p in items}
        self.by_id = {p.item.id: p for p in plan.items}
        self.tailored = days is not None

    # --- what is handled ----------------------------------------------------------------

    def items(self) -> list[Block]:
        head: tuple[str, ...] = ("序号", "事项", "办理部门", "层级", "事项类型")
        rows = []
        for n, p in enumerate(self.handled, start=1):
            valid = words.period(p.item, "办理", "停止办理")
            row: tuple[str, ...] = (str(n), p.item.name + (f"（{valid}）" if valid else ""))
            row += (p.department.name, str(p.level), str(p.item.kind))
            if not self.tailored:
                when = "均办理" if p.when is None else self.read.describe(p.when) + "时"
                row += ("无需申请（免申即享）" if p.proactive else when,)
            rows.append(row)
        if not self.tailored:
            head += ("何时办理",)
        if not rows:
            return [Para("按您的回答，没有需要办理的事项。")]
        return [Table(head, tuple(rows))]

    def conditions(self) -> list[Block]:
        spec = self.plan.scenario
        out: list[Block] = []
        if self.read.tailoring is not None:
            answers = self.read.tailoring.answers
            given = [s for s in spec.situations if s.id in answers]
            if given:
                out.append(Para("您的回答："))
                out.append(
                    Bullets(tuple(f"{s.question}{words.answer_text(answers[s.id])}" for s in given))
                )
        elif spec.situations:
            out.append(Para("申请时请先回答以下问题，系统据此确定需要办理的事项和需要提交的材料："))
            out.append(
                Bullets(
                    tuple(
                        s.question + (f"（{'／'.join(s.choices)}）" if s.choices else "（是／否）")
                        for s in spec.situations
                    )
                )
            )
        rules = [r for r in self.plan.rules if self.read.holds(r.when)]
        if rules:
            out.append(Para("申请须符合以下条件，表单提交时逐项校验："))
            checks = [(r.rule.message, self.read.only(r.when, "适用")) for r in rules]
            out.append(Bullets(tuple(m + (f"（{w}）" if w else "") for m, w in checks)))
        if not out:
            out.append(Para("本一件事不设办理情形，所列事项均需办理。"))
        return out

    # --- materials and form -----------------------------------------------------------------

    def materials(self) -> list[Block]:
        applied = {p.item.id for p in self.handled if not p.proactive}
        needed = [
            m
            for m in self.plan.materials
            if not applied.isdisjoint(m.items) and self.read.holds(m.when)
        ]
        submit: list[PlannedMaterial] = []
        exempt: list[PlannedMaterial] = []
        for m in needed:  # one pass: `m not in submit` compared whole materials, n² of them
            (submit if self._submitted(m) else exempt).append(m)
        out: list[Block] = []
        if submit:
            head = ("序号", "材料", "形式", "份数", "出具单位", "受理方式", "说明")
            rows = [
                (
                    str(n),
                    m.material.name + words.validity_note(m),
                    str(m.material.form),
                    str(m.material.copies),
                    m.material.issuer or _SOURCE[m.material.source],
                    words.acceptance_text(m),
                    "；".join(self._material_notes(m)),
                )
                for n, m in enumerate(submit, start=1)
            ]
            out += [Para("需要提交的材料："), Table(head, tuple(rows))]
        else:
            out.append(Para("无需提交材料。"))
        if exempt:
            out.append(Para(f"免于提交的材料（{len(exempt)} 项）："))
            out.append(Bullets(tuple(f"{m.material.name}：{m.reason}" for m in exempt)))
        return out

    def _submitted(self, m: PlannedMaterial) -> bool:
        return m.submitted(self.read.holds) if self.tailored else m.submit

    def _material_notes(self, m: PlannedMaterial) -> list[str]:
        notes = [m.material.requirements] if m.material.requirements else []
        if self.tailored:
            return notes
        if m.submit_when is not None:
            notes.append(self.read.only(m.submit_when, "提交"))
        if m.exempt_when is not None:
            notes.append(f"{self.read.describe(m.exempt_when)}时{m.reason}")
        return notes

    def form(self) -> list[Block]:
        shown = [
            f
            for f in self.plan.form
            if self.read.holds(f.when) and not self.ids.isdisjoint(f.items)
        ]
        out: list[Block] = [Para("所有事项共用一张申请表，每项信息只填一次。")]
        by_section: dict[str, list[FormField]] = {}
        for f in shown:  # grouped once: filtering every field per section was n × sections
            if f.asked:
                by_section.setdefault(f.definition.section, []).append(f)
        lines = []
        for section in self.plan.sections:
            if asked := by_section.get(section):
                labels = "、".join(
                    f.definition.label
                    + words.entries_text(f.definition)
                    + ("（选填）" if not f.definition.required else "")
                    for f in asked
                )
                lines.append(f"{section}：{labels}")
        if lines:
            out.append(Bullets(tuple(lines)))
        filled = [f for f in shown if not f.asked]
        if filled:
            listed = "、".join(f"{f.definition.label}（{f.source}）" for f in filled)
            out.append(Para(f"以下信息由系统自动获取，无需填写：{listed}。"))
        return out

    # --- who and in which order -----------------------------------------------------------

    def departments(self) -> list[Block]:
        rows = []
        for view in self.plan.departments:
            handled = [self.by_id[i].item.name for i in view.items if i in self.ids]
            accepts = [self.by_id[i].item.name for i in view.accepts if i in self.ids]
            if handled or accepts:
                lead = "（牵头）" if view.department.id == self.plan.lead.id else ""
                rows.append(
                    (
                        view.department.name + lead,
                        "、".join(handled) or "—",
                        "、".join(accepts) or "—",
                    )
                )
        return [
            Para(f"牵头部门：{self.plan.lead.name}。各部门只收到自己办理的事项需要的信息和材料。"),
            Table(("部门", "办理的事项", "代为受理的事项"), tuple(rows)),
        ]

    def process(self) -> list[Block]:
        dated = self.read.tailoring.dated if self.read.tailoring is not None else None
        head: tuple[str, ...] = ("序号", "事项", "办理部门", "何时开始", "办理时间", "法定时限")
        head += ("承诺时限",)
        if dated is not None:
            head += ("开始日期", "承诺办结日期", "法定时限届满日期")
        on_date = {d.planned.item.id: d for d in dated.items} if dated is not None else {}
        rows = []
        for n, p in enumerate(self.handled, start=1):
            start, end = self._span(p)
            waits = [self.by_id[i].item.name for i in p.needs if i in self.ids]
            begins = "、".join(f"“{w}”" for w in waits) + "办结后" if waits else "受理后即开始"
            row: tuple[str, ...] = (str(n), p.item.name, p.department.name, begins)
            row += (words.day_span(start, end),)
            row += (words.limit_text(p.item.days.legal), words.limit_text(p.item.days.promised))
            if (d := on_date.get(p.item.id)) is not None:
                row += (d.start.isoformat(), d.due.isoformat(), d.legal_due.isoformat())
            rows.append(row)
        out: list[Block] = [
            Para(
                "受理后各事项按下表办理：不需要其他事项结果的同时开始、并联办理；"
                "需要其他事项结果的，在那些事项办结后开始。办理时间从受理次日起按工作日计。"
            )
        ]
        if rows:
            out.append(Table(head, tuple(rows)))
        ordered = [(p, a) for p in self.handled for a in p.after if a.item in self.ids]
        if ordered:
            out.append(Para("办理顺序："))
            out.append(
                Bullets(
                    tuple(
                        f"{p.item.name}在{self.by_id[a.item].item.name}办结后办理"
                        + (f"：{a.reason}" if a.reason else "")
                        for p, a in ordered
                    )
                )
            )
        path, total = self._path()
        if path:
            chain = " → ".join(self.by_id[i].item.name for i in path)
            promised = self.plan.scenario.promised_days
            out.append(
                Para(
                    f"全流程按最长办理链条计算需 {total} 个工作日（{chain}），"
                    f"承诺 {promised} 个工作日内办结。"
                )
            )
        if any(
            p.item.days.promised.unit is not durations.TimeUnit.WORKING_DAY for p in self.handled
        ):
            out.append(Para("以自然日或小时计的承诺时限，按它最多可能占用的工作日数计入。"))
        return out

    def _span(self, p: PlannedItem) -> tuple[int, int]:
        if self.days is not None:
            return self.days.start[p.item.id], self.days.end[p.item.id]
        return p.start_day, p.end_day

    def _path(self) -> tuple[tuple[str, ...], int]:
        if self.days is not None:
            return self.days.critical_path, self.days.total
        return self.plan.critical_path, self.plan.total_days

    def special(self) -> list[Block]:
        rows = [
            (
                p.item.name,
                sp.name,
                sp.days.text(),
                "不计入",
                words.procedure_basis(sp) or "—",
                sp.note or "—",
            )
            for p in self.handled
            for sp in p.item.special_procedures
        ]
        if not rows:
            return [Para("本一件事的事项没有现场勘验、技术审查、听证论证等特别程序。")]
        return [
            Para("以下特别程序所需时间单列，不计入办结时限："),
            Table(
                ("事项", "特别程序", "所需时间", "是否计入办结时限", "依据", "说明"), tuple(rows)
            ),
        ]

    # --- how ----------------------------------------------------------------------------------

    def service(self) -> list[Block]:
        groups: dict[tuple[str, ...], list[str]] = {}
        for p in self.handled:
            cells = (
                words.accept_text(p),
                words.channels_text(p),
                words.visits_text(words.least_visits(p)),
                words.delivery_text(p),
                words.nearby_text(p),
                words.offered(p.service.assisted),
                words.offered(p.service.home_visit),
            )
            groups.setdefault(cells, []).append(p.item.name)
        if len(groups) == 1 and len(self.handled) > 1:
            rows = [("各事项", *next(iter(groups)))]
        else:
            rows = [("、".join(names), *cells) for cells, names in groups.items()]
        visits = [words.least_visits(p) for p in self.handled]
        if any(v is None for v in visits) or not visits:
            summary = "部分事项未写明办理渠道和到现场次数，请向受理窗口确认。"
        else:
            most = max(v for v in visits if v is not None)
            summary = f"综合窗口一次受理全部事项，全程{words.visits_text(most)}。"
        head: tuple[str, ...] = ("事项", "受理", "办理渠道（到现场次数）", "跑动", "结果送达")
        head += ("就近办", "帮办代办", "上门办理")
        return [Para(summary), Table(head, tuple(rows))]

    def pledge(self) -> list[Block]:
        lines = []
        for p in self.handled:
            if p.pledge is not None:
                lines.append(
                    f"{p.item.name}：实行告知承诺，申请人书面承诺符合条件并提交规定材料后，凭承诺作出决定；"
                    f"{words.checkers(p.pledge)}自作出决定之日起 {p.pledge.period}内核查承诺内容"
                    + (f"（依据：{p.pledge.basis}）" if p.pledge.basis else "")
                    + "。"
                )
        applied = {p.item.id for p in self.handled if not p.proactive}
        for m in self.plan.materials:
            if m.material.acceptance is not vocabulary.Acceptance.PLEDGE:
                continue
            if applied.isdisjoint(m.items) or not self.read.holds(m.when):
                continue
            check = (
                f"，{words.checkers(m.pledge)}自作出决定之日起 {m.pledge.period}内核查"
                if m.pledge is not None
                else ""
            )
            lines.append(f"{m.material.name}：可签署告知承诺书代替{check}。")
        for p in self.handled:
            if p.proactive:
                when = f"在{self.read.describe(p.when)}时" if p.when and not self.tailored else ""
                lines.append(
                    f"{p.item.name}：免申即享，无需申请，不需填写表单或提交材料；"
                    f"{p.department.name}依据共享数据{when}主动办理。"
                )
        if not lines:
            return [Para("本一件事没有实行告知承诺或免申即享的事项和材料。")]
        out: list[Block] = [Bullets(tuple(lines))]
        if any("告知承诺" in line for line in lines):
            out.append(
                Para(
                    "承诺书范本见同目录的 pledge_letter.md；承诺不实的，依法撤销相关决定，"
                    "并记入信用记录。"
                )
            )
        return out

    def fees(self) -> list[Block]:
        charged = [p for p in self.handled if p.service.fee.charged]
        if not charged:
            return [Para("不收费。")]
        lines = tuple(f"{p.item.name}：{words.fee_text(p.service.fee)}" for p in charged)
        rest = [Para("其余事项不收费。")] if len(charged) < len(self.handled) else []
        return [Bullets(lines), *rest]

    def places(self) -> list[Block]:
        spec = self.plan.scenario
        lines = [
            f"{c.kind}：{c.name}" + (f"（{c.address}）" if c.address else "") for c in spec.channels
        ]
        out: list[Block] = []
        if lines:
            out.append(Bullets(tuple(lines)))
        else:
            out.append(Para(f"本一件事未写明办理渠道，请向牵头部门{self.plan.lead.name}咨询。"))
        if spec.delivery:
            out += [Para("结果送达："), Bullets(tuple(spec.delivery))]
        if spec.special_services:
            out += [Para("特殊群体服务："), Bullets(tuple(spec.special_services))]
        return out

    def contact(self) -> list[Block]:
        consult = self.plan.scenario.consult
        ask = f"咨询电话：{consult}" if consult else f"咨询：{self.plan.lead.name}"
        return [Bullets((ask, HOTLINE))]

    def refusal(self) -> list[Block]:
        return [Bullets(REFUSAL)]

    def basis(self) -> list[Block]:
        bases = self.plan.scenario.legal_basis
        if not bases:
            return [Para("规格未列出设定依据，请向牵头部门咨询。")]
        return [Bullets(tuple(words.basis_text(b) for b in bases))]
