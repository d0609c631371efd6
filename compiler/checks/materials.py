"""Bundle → E501 for a material declared as an in-bundle result that no item produces."""

from __future__ import annotations

from collections.abc import Iterator

from compiler import ir
from compiler.diagnostics import Code, Diagnostic, Related
from compiler.merge import producers
from compiler.resolve import Bundle


def check_material_supply(bundle: Bundle) -> Iterator[Diagnostic]:
    made = producers(bundle)
    reported: set[str] = set()
    for item in bundle.items:
        for j, mid in enumerate(item.materials):
            defined = bundle.scope["materials"].get(mid)
            if defined is None or mid in made or mid in reported:
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
