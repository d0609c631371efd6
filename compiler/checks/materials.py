"""Analysis → E501/E504: a result material no item produces, or one produced only sometimes."""

from __future__ import annotations

from collections.abc import Iterator

from compiler import ir
from compiler.analysis import Analysis
from compiler.conditions.ast import Not
from compiler.conditions.combine import both, either
from compiler.conditions.sites import parse_optional
from dsl.diagnostics import Code, Diagnostic, Related


def check_material_supply(analysis: Analysis) -> Iterator[Diagnostic]:
    bundle = analysis.bundle
    reported: set[str] = set()
    for item in bundle.items:
        for j, mid in enumerate(item.materials):
            defined = bundle.scope.materials.get(mid)
            if defined is None or mid in analysis.producers or mid in reported:
                continue
            if defined.value.source is ir.MaterialSource.RESULT:
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
    for item in bundle.items:
        for j, mid in enumerate(item.materials):
            defined = bundle.scope.materials.get(mid)
            if defined is None or defined.value.source is not ir.MaterialSource.RESULT:
                continue
            produced = either(parse_optional(p.when) for p in made.get(mid, []) if p.id != item.id)
            if produced is None or mid not in made:
                continue
            own = parse_optional(defined.value.when)
            gap = both(both(parse_optional(item.when), own), Not(produced))
            if gap is not None and analysis.answers.satisfiable(gap):
                yield Diagnostic.of(
                    Code.E504,
                    bundle.unit.doc.span((*bundle.item_locs[item.id], "materials", j)),
                    name=mid,
                    producer="、".join(p.name for p in made[mid]),
                    item=item.id,
                    hint="让本事项的条件包含产出事项的条件（如 `when: 产出事项的情形 and …`），"
                    "或把材料的 source 改为 自备/部门核发，由申请人在未办理产出事项时提交",
                )
