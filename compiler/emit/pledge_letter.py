"""Plan → pledge_letter.md: the 告知承诺书 an applicant signs where a pledge replaces proof.

One letter per pledge in the bundle: an item decided on the applicant's pledge (涉企经营许可
告知承诺) or a material a signed pledge replaces (`acceptance: 告知承诺`). Each says what is
promised, who checks it and within which period, and what a false promise costs, then leaves
lines to sign. The consequences follow the State Council's 证明事项告知承诺制 guidance
(国办发〔2020〕42号: 承诺不实的，依法终止办理、撤销决定或予以处罚，并记入信用记录). A bundle with no
pledge gets no letter. Every `{{ … }}` is escaped as Markdown, as in notice.md.
"""

from __future__ import annotations

from typing import NamedTuple

from compiler import vocabulary
from compiler.delivery import PledgeTerms
from compiler.emit.notice import template
from compiler.emit.notice_words import checkers
from compiler.plan import Plan
from compiler.version import FORMAT_VERSIONS

LETTER = "pledge_letter.md"
CONSEQUENCE = (
    "本人（本单位）知悉：承诺不实或者未履行承诺的，行政机关将依法终止办理、责令限期整改、"
    "撤销已作出的决定或者予以行政处罚，并将不实承诺记入信用记录"
    "（《国务院办公厅关于全面推行证明事项告知承诺制的指导意见》国办发〔2020〕42号）。"
)


class Letter(NamedTuple):
    """One letter; a tuple, so the template unpacks it (the sandbox checks every attribute
    read, and a tuple unpacked in `{% for %}` is read without any)."""

    title: str  # what is pledged: the item or the material
    item_names: str  # the items the pledge is made for
    department: str  # who decides on it
    promise: str
    check: str  # who checks within which period; "" when the spec states no period
    basis: str | None


def letters(plan: Plan) -> list[Letter]:
    out = []
    for p in plan.items:
        if p.pledge is not None:
            out.append(
                Letter(
                    p.item.name,
                    p.item.name,
                    p.department.name,
                    f"本人（本单位）申请办理“{p.item.name}”，承诺已知晓办理条件和要求，"
                    "符合法定条件、标准，所提交的材料和填报的信息真实、准确、完整，"
                    "并在作出决定后按要求接受核查、履行承诺。",
                    _check(p.pledge),
                    p.pledge.basis,
                )
            )
    by_id = {p.item.id: p for p in plan.items}
    for m in plan.materials:
        if m.material.acceptance is not vocabulary.Acceptance.PLEDGE:
            continue
        items = [by_id[i] for i in m.items]
        names = "、".join(p.item.name for p in items)
        proves = f"（{m.material.requirements}）" if m.material.requirements else ""
        out.append(
            Letter(
                m.material.name,
                names,
                "、".join(dict.fromkeys(p.department.name for p in items)),
                f"本人（本单位）申请办理“{names}”，以本承诺代替提交“{m.material.name}”，"
                f"承诺符合该材料所证明的事项{proves}，"
                "如有需要，在核查时提供相应证明。",
                _check(m.pledge)
                if m.pledge is not None
                else "规格未写明核查期限，由办理部门依法核查",
                m.pledge.basis if m.pledge is not None else None,
            )
        )
    return out


def _check(pledge: PledgeTerms) -> str:
    return f"{checkers(pledge)}自作出决定之日起 {pledge.period}内核查承诺内容"


def emit_pledge_letters(plan: Plan) -> dict[str, bytes]:
    found = letters(plan)
    if not found:
        return {}
    text = template("md", "pledge_letter.md.j2").render(
        scenario=plan.scenario.scenario,
        name=plan.scenario.name,
        letters=found,
        consequence=CONSEQUENCE,
        format_version=FORMAT_VERSIONS[LETTER],
    )
    return {LETTER: text.encode("utf-8")}
