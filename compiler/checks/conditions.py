"""Bundle → E201/E301 for item conditions (`when`).

For now a condition is the id of a yes/no situation: the item applies when the applicant
answers yes. The full condition language replaces this module's parser, not its callers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from compiler import ir
from compiler.checks.references import unknown
from compiler.diagnostics import Code, Diagnostic
from compiler.resolve import Bundle

_SITUATION_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def check_conditions(bundle: Bundle) -> Iterator[Diagnostic]:
    spec = bundle.scenario
    situations = {s.id: s for s in spec.situations}
    for item in bundle.items:
        if item.when is None:
            continue
        loc = (*bundle.item_locs[item.id], "when")
        if not _SITUATION_ID.match(item.when):
            yield Diagnostic.of(
                Code.E301,
                bundle.unit.doc.span(loc),
                condition=item.when,
                problem="条件应为一个“是/否”情形的标识",
                hint="在 `situations` 中定义一个 type: boolean 的情形，然后写 `when: 情形标识`",
            )
        elif item.when not in situations:
            yield unknown(bundle.unit, loc, "情形", item.when, situations)
        elif situations[item.when].type is not ir.FieldType.BOOLEAN:
            yield Diagnostic.of(
                Code.E301,
                bundle.unit.doc.span(loc),
                condition=item.when,
                problem="这个情形是选择题，不是“是/否”问题",
                hint="把情形改为 type: boolean，或拆成多个“是/否”情形",
            )


def applies(item: ir.Item, answers: dict[str, bool | str]) -> bool:
    """Whether `item` is handled for these intake answers (unanswered means no)."""
    return item.when is None or answers.get(item.when) is True
