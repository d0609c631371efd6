"""Conditions combined by the planner: "any of these items applies", "and this field's own".

`None` stands for "always", so combining keeps the common case (no condition) free of nodes.
"""

from __future__ import annotations

from collections.abc import Iterable

from compiler.conditions.ast import BoolOp, Node

# Up to this many distinct conditions an `or` is the left chain people write and the artefacts
# print (`a or b or c`). Beyond it the chain would nest as deep as there are items, deeper than
# the recursive passes over a condition can go, so the `or` is built as a balanced tree: the
# same truth, nested only logarithmically. Real bundles combine a handful of conditions.
CHAIN_LIMIT = 32


def either(conditions: Iterable[Node | None]) -> Node | None:
    """True when any holds: None if any is None (always), else an `or` of the distinct ones."""
    distinct: dict[Node, None] = {}  # insertion-ordered set: first occurrence wins
    for condition in conditions:
        if condition is None:
            return None
        distinct.setdefault(condition)
    nodes = list(distinct)
    if not nodes:
        return None
    if len(nodes) > CHAIN_LIMIT:
        return _balanced(nodes)
    result = nodes[0]
    for condition in nodes[1:]:
        result = BoolOp("or", result, condition)
    return result


def _balanced(nodes: list[Node]) -> Node:
    while len(nodes) > 1:
        pairs = [nodes[i : i + 2] for i in range(0, len(nodes), 2)]
        nodes = [BoolOp("or", pair[0], pair[1]) if len(pair) == 2 else pair[0] for pair in pairs]
    return nodes[0]


def both(first: Node | None, second: Node | None) -> Node | None:
    if first is None or first == second:
        return second
    if second is None:
        return first
    return BoolOp("and", first, second)
