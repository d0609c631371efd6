"""Plans of every bundle → the lists the Changsha plan requires each office to publish.

容缺受理清单, 告知承诺事项清单, 限时办结清单 and the list of 特别程序 (现场勘验, 技术审查, 听证论证 …, whose
time is counted apart from the limits), each in Markdown for people and CSV for spreadsheets,
under `_lists/` in the output folder. They are views of the same plans the notices render, so a
material 容缺 in a notice is 容缺 in the list. Markdown cells go through `escape_markdown`, CSV
cells through `csv_text` (formula injection neutralised).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from compiler import vocabulary
from compiler.emit.csv_cells import csv_text
from compiler.emit.markdown import escape_markdown
from compiler.emit.notice_words import checkers, limit_text, procedure_basis
from compiler.plan import Plan
from compiler.version import FORMAT_VERSIONS

FOLDER = "_lists"
# 特别程序 by kind, from the words their names use; the first kind whose word appears wins.
PROCEDURE_KINDS = (
    ("现场勘验", ("现场", "勘验", "勘查", "踏勘", "实地", "入户")),
    ("技术审查", ("审查", "评审", "检验", "检测", "鉴定", "评估", "测绘", "审图")),
    ("听证论证", ("听证", "论证", "公示", "公告")),
)


@dataclass(frozen=True, slots=True)
class PublishedList:
    name: str  # file stem under FOLDER
    title: str
    head: tuple[str, ...]
    rows: list[tuple[str, ...]]


def procedure_kind(name: str) -> str:
    for kind, words in PROCEDURE_KINDS:
        if any(w in name for w in words):
            return kind
    return "其他"


def build_lists(plans: Sequence[Plan]) -> list[PublishedList]:
    deferred = PublishedList(
        "deferred_acceptance",
        "容缺受理清单",
        ("一件事", "标识", "事项", "材料", "补交期限"),
        [],
    )
    pledged = PublishedList(
        "pledge_items",
        "告知承诺事项清单",
        ("一件事", "标识", "承诺对象", "事项", "材料", "核查部门", "核查期限", "依据"),
        [],
    )
    limits = PublishedList(
        "limited_completion",
        "限时办结清单",
        ("一件事", "标识", "一件事承诺时限", "事项", "办理部门", "法定时限", "承诺时限"),
        [],
    )
    procedures = PublishedList(
        "special_procedures",
        "特别程序清单",
        (
            "一件事",
            "标识",
            "事项",
            "特别程序",
            "类别",
            "所需时间",
            "是否计入办结时限",
            "依据",
            "说明",
        ),
        [],
    )
    for plan in plans:
        spec = plan.scenario
        names = {p.item.id: p.item.name for p in plan.items}
        where = (spec.name, spec.scenario)
        for m in plan.materials:
            items = "、".join(names[i] for i in m.items)
            if m.material.acceptance is vocabulary.Acceptance.DEFERRED:
                deferred.rows.append(
                    (*where, items, m.material.name, f"{m.material.makeup_days} 个工作日")
                )
            elif m.material.acceptance is vocabulary.Acceptance.PLEDGE:
                terms = m.pledge
                check = (
                    (checkers(terms), terms.period, terms.basis or "—")
                    if terms is not None
                    else ("受理部门", "—", "—")
                )
                pledged.rows.append((*where, "材料", items, m.material.name, *check))
        for p in plan.items:
            if p.pledge is not None:
                pledged.rows.append(
                    (
                        *where,
                        "事项",
                        p.item.name,
                        "—",
                        checkers(p.pledge),
                        p.pledge.period,
                        p.pledge.basis or "—",
                    )
                )
            limits.rows.append(
                (
                    *where,
                    f"{spec.promised_days} 个工作日",
                    p.item.name,
                    p.department.name,
                    limit_text(p.item.days.legal),
                    limit_text(p.item.days.promised),
                )
            )
            for sp in p.item.special_procedures:
                procedures.rows.append(
                    (
                        *where,
                        p.item.name,
                        sp.name,
                        procedure_kind(sp.name),
                        sp.days.text(),
                        "不计入",
                        procedure_basis(sp) or "—",
                        sp.note or "—",
                    )
                )
    return [deferred, pledged, limits, procedures]


def emit_lists(plans: Sequence[Plan]) -> dict[str, bytes]:
    return render_lists(build_lists(plans))


def render_lists(lists: Iterable[PublishedList]) -> dict[str, bytes]:
    """The files of built lists. Apart from `emit_lists` for `yjs build -j`, whose workers each
    build the rows of their own plans (plans cost more to send back than to plan)."""
    out: dict[str, bytes] = {}
    version = FORMAT_VERSIONS[f"{FOLDER}/*.md"]
    for listed in lists:
        out[f"{FOLDER}/{listed.name}.md"] = _markdown(listed, version).encode("utf-8")
        out[f"{FOLDER}/{listed.name}.csv"] = csv_text([listed.head, *listed.rows]).encode("utf-8")
    return out


def _markdown(listed: PublishedList, version: str) -> str:
    lines = [
        f"<!-- 由 yjs 根据 scenarios/ 中全部一件事生成（清单格式版本 {version}），请勿手工修改。 -->",
        f"# {listed.title}",
        "",
        f"共 {len(listed.rows)} 条。",
        "",
    ]
    if listed.rows:
        escaped: dict[str, str] = {}  # names, ids and limits repeat row after row
        lines += [_row(listed.head, escaped), "|" + "---|" * len(listed.head)]
        lines += [_row(row, escaped) for row in listed.rows]
    return "\n".join(lines) + "\n"


def _row(cells: Iterable[str], escaped: dict[str, str]) -> str:
    out = []
    for cell in cells:
        if (text := escaped.get(cell)) is None:
            text = escaped[cell] = escape_markdown(cell)
        out.append(f" {text} |")
    return "|" + "".join(out)
