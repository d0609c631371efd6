"""Analysis → E501/E504: a result material no item produces, or one produced only sometimes.

W504 when the conditions involved name so many situations that trying every combination of
answers would be too costly: E504 is then neither claimed nor silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler import ir, vocabulary
from compiler.analysis import Analysis
from compiler.conditions.ast import Node, Not, references
from compiler.conditions.combine import both, either
from compiler.conditions.satisfiable import MAX_COMBINATIONS, MAX_EVALUATIONS, Budget
from compiler.conditions.sites import parse_optional, well_typed
from dsl.diagnostics import Code, Diagnostic, Related


def check_material_supply(analysis: Analysis) -> Iterator[Diagnostic]:
    bundle = analysis.bundle
    reported: set[str] = set()
    for item in bundle.items:
        for j, mid in enumerate(item.materials):
            defined = bundle.scope.materials.get(mid)
            if defined is None or mid in analysis.producers or mid in reported:
                continue
            if defined.value.source is vocabulary.MaterialSource.RESULT:
                reported.add(mid)
                yield Diagnostic.of(
                    Code.E501,
                    bundle.unit.doc.span((*bundle.item_locs[item.id], "materials", j)),
                    name=mid,
                    label="这里需要它",
                    related=[
                        Related(defined.unit.doc.span((*defined.loc, "source")), "声明为办件结果")
                    ],
                    hint="在产出它的事项的 `produces` 中列出它；若由申请人提供，把材料的 "
                    "`source` 改为 自备 或 部门核发",
                )


def check_conditional_results(analysis: Analysis) -> Iterator[Diagnostic]:
    """A result made only by conditional items, needed by an item that may run without them.

    Only a result (`source: 办件结果`) has no other supplier; anything else the applicant can
    still bring, and the plan lists it as "免提交 when the producer is handled".
    """
    bundle, made = analysis.bundle, analysis.producers
    budget = Budget()
    for item in bundle.items:
        for j, mid in enumerate(item.materials):
            defined = bundle.scope.materials.get(mid)
            if defined is None or defined.value.source is not vocabulary.MaterialSource.RESULT:
                continue
            others = [p.when for p in made.get(mid, []) if p.id != item.id]
            conditions = [item.when, defined.value.when, *others]
            if not all(well_typed(c, analysis.answers.env) for c in conditions):
                continue  # check_conditions reports the wrong condition; this check can't judge
            produced = either(parse_optional(when) for when in others)
            if produced is None or mid not in made:
                continue
            own = parse_optional(defined.value.when)
            gap = both(both(parse_optional(item.when), own), Not(produced))
            if gap is None:
                continue
            size = analysis.answers.size(gap)
            if size is None:
                continue  # it names a form field: undecidable, the spec has the benefit of doubt
            if size > MAX_COMBINATIONS:
                named = len(set(references(gap)))
                reason = f"条件涉及 {named} 个情形，答案组合超过 {MAX_COMBINATIONS} 种"
                yield _undecided(analysis, item, j, mid, reason, gap)
                continue
            if not budget.spend(gap, size):
                reason = f"本一件事中这类检查的计算量超过上限（{MAX_EVALUATIONS} 次条件求值）"
                yield _undecided(analysis, item, j, mid, reason, gap)
                continue
            if analysis.answers.satisfiable(gap):
                yield Diagnostic.of(
                    Code.E504,
                    bundle.unit.doc.span((*bundle.item_locs[item.id], "materials", j)),
                    name=mid,
                    producer="、".join(p.name for p in made[mid]),
                    item=item.id,
                    hint="让本事项的条件包含产出事项的条件（如 `when: 产出事项的情形 and …`），"
                    "或把材料的 source 改为 自备/部门核发，由申请人在未办理产出事项时提交",
                )


def _undecided(
    analysis: Analysis, item: ir.Item, j: int, mid: str, reason: str, gap: Node
) -> Diagnostic:
    """W504: deciding E504 here would cost more than allowed; nothing is claimed either way."""
    bundle = analysis.bundle
    named = sorted(set(references(gap)))
    return Diagnostic.of(
        Code.W504,
        bundle.unit.doc.span((*bundle.item_locs[item.id], "materials", j)),
        what=f"材料 `{mid}` 是否总有来源",
        reason=reason,
        hint="涉及的情形："
        + "、".join(named[:10])
        + ("等" if len(named) > 10 else "")
        + "。请让需要这份材料的事项与产出它的事项使用同一个情形作条件，"
        "或把材料的 source 改为 自备/部门核发",
    )


def check_deferred_materials(analysis: Analysis) -> Iterator[Diagnostic]:
    """W506: a 容缺后补 material that a later stage needs before it is due.

    容缺受理 accepts the case with the material missing and gives the applicant `makeup_days`
    from acceptance to hand it in; the items of the earliest stage that lists it are the ones
    that accept it so, and wait for it by design. An item of a later stage that needs the same
    material starts on the schedule's day: when that day comes before the makeup deadline, it
    receives an incomplete case file, and the stages after it slip with it.
    """
    bundle, timing = analysis.bundle, analysis.schedule
    if timing is None:
        return  # E401: no schedule
    users: dict[str, list[tuple[ir.Item, int]]] = {}
    for item in bundle.items:
        for j, mid in enumerate(item.materials):
            users.setdefault(mid, []).append((item, j))
    for mid, needing in users.items():
        material = bundle.scope.material(mid)
        if material is None or material.acceptance is not vocabulary.Acceptance.DEFERRED:
            continue
        makeup = material.makeup_days
        first = min(timing.start.get(item.id, 0) for item, _ in needing)
        for item, j in needing:
            start = timing.start.get(item.id, 0)
            if makeup is None or not first < start < makeup:
                continue
            doc, loc = bundle.written_at(item.id, "materials")
            yield Diagnostic.of(
                Code.W506,
                doc.span((*loc, "materials", j)),
                name=mid,
                makeup=makeup,
                item=item.id,
                start=start,
                hint=f"把补交期限缩短到 {start} 个工作日以内，或把这份材料的 `acceptance` 改为 必需",
            )
