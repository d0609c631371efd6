"""Conditions combined by the planner: "any of these items applies", "and this field's own".

`None` stands for "always", so combining keeps the common case (no condition) free of nodes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import assert_never

from compiler.conditions.ast import (
    Arith,
    Bool,
    BoolOp,
    Call,
    Compare,
    Date,
    ListExpr,
    Neg,
    Node,
    Not,
    Number,
    Ref,
    Str,
    references,
)

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


def deciding(node: Node | None, names: Collection[str]) -> Node | None:
    """`node` with every part that reads one of `names` taken as whatever lets the whole hold.

    A form field that decides whether an item applies (`premises_area` in `shop_kind == "餐馆"
    and premises_area > 50`) must be shown while the rest of the condition leaves the item
    open, not only once its own value, or another deciding field's, has decided it: a form
    cannot ask for a value after it is given, and two fields each shown only once the other
    is filled are never shown. Each part reading one of `names` becomes true where it stands
    under an even number of `not`s and false under an odd number, so the result holds
    whenever some values of `names` could make `node` hold. None when that is always.
    """
    if node is None:
        return None
    relaxed = _relax(node, frozenset(names), positive=True)
    if relaxed is True:
        return None
    return Bool(False) if relaxed is False else relaxed


def _relax(node: Node, names: frozenset[str], *, positive: bool) -> Node | bool:
    match node:
        case BoolOp(op=op, left=left, right=right):
            a = _relax(left, names, positive=positive)
            b = _relax(right, names, positive=positive)
            if op == "and":
                if a is False or b is False:
                    return False
                if a is True:
                    return b
                return a if b is True else BoolOp("and", a, b)
            if a is True or b is True:
                return True
            if a is False:
                return b
            return a if b is False else BoolOp("or", a, b)
        case Not(operand=operand):
            inner = _relax(operand, names, positive=not positive)
            return (not inner) if isinstance(inner, bool) else Not(inner)
        case Compare() | Ref() | Call() | Bool() | Str() | Number() | Date() | ListExpr():
            return positive if not names.isdisjoint(references(node)) else node
        case Neg() | Arith():  # numbers, never a truth value of their own
            return node
        case _:
            assert_never(node)
