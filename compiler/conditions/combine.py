"""Conditions combined by the planner: "any of these items applies", "and this field's own".

`None` stands for "always", so combining keeps the common case (no condition) free of nodes.
"""

from __future__ import annotations

from collections.abc import Iterable

from compiler.conditions.ast import BoolOp, Node


def either(conditions: Iterable[Node | None]) -> Node | None:
    """True when any holds: None if any is None (always), else an `or` of the distinct ones."""
    distinct: list[Node] = []
    for condition in conditions:
        if condition is None:
            return None
        if condition not in distinct:
            distinct.append(condition)
    if not distinct:
        return None
    result = distinct[0]
    for condition in distinct[1:]:
        result = BoolOp("or", result, condition)
    return result


def both(first: Node | None, second: Node | None) -> Node | None:
    if first is None or first == second:
        return second
    if second is None:
        return first
    return BoolOp("and", first, second)
