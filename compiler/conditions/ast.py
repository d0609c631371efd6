"""The condition AST: frozen dataclasses, one per construct of `dsl/condition.lark`.

Every node has `span = (start, end)`, character offsets into the condition text (end
exclusive), keyword-only and excluded from `==`/`hash`: two nodes are equal when they have the
same structure, wherever they were written. Parentheses leave no node; `a < b < c` cannot be
built by the parser (a comparison has one operator) and the printer parenthesises it.

A pass over the AST dispatches with one `match` that names every class in `Node` and ends in
`case _: assert_never(node)`: mypy then reports each pass a new class is missing from, and
tests/test_condition_passes.py checks that every such `match` has a handler for every class.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, assert_never

Span = tuple[int, int]
CompareOp = Literal["==", "!=", "<", "<=", ">", ">=", "in", "not in", "in_region"]
ArithOp = Literal["+", "-", "*", "/"]
BoolOpName = Literal["and", "or"]

ORDERING_OPS: frozenset[str] = frozenset({"<", "<=", ">", ">="})
EQUALITY_OPS: frozenset[str] = frozenset({"==", "!="})
LIST_OPS: frozenset[str] = frozenset({"in", "not in"})


@dataclass(frozen=True, slots=True)
class _Base:
    span: Span = field(default=(0, 0), compare=False, kw_only=True)


@dataclass(frozen=True, slots=True)
class Str(_Base):
    """A text literal, already unescaped."""

    value: str


@dataclass(frozen=True, slots=True)
class Number(_Base):
    """A non-negative number literal: `int` for `12`, `Decimal` for `12.5` (as written)."""

    value: int | Decimal


@dataclass(frozen=True, slots=True)
class Bool(_Base):
    value: bool


@dataclass(frozen=True, slots=True)
class Date(_Base):
    """A bare ISO date such as `2023-05-31`."""

    value: dt.date


@dataclass(frozen=True, slots=True)
class Ref(_Base):
    """A situation answer or form field, by its ASCII id."""

    name: str


@dataclass(frozen=True, slots=True)
class ListExpr(_Base):
    """`[a, b, c]`: only the right-hand side of `in` / `not in`."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Call(_Base):
    """`defined(x)`, `age(x)`, `today()`, `days_between(a, b)`, `year(d)`, or an unknown name."""

    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Neg(_Base):
    operand: Node


@dataclass(frozen=True, slots=True)
class Not(_Base):
    operand: Node


@dataclass(frozen=True, slots=True)
class Arith(_Base):
    op: ArithOp
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Compare(_Base):
    """One comparison; for `in`/`not in` the right side is a ListExpr."""

    op: CompareOp
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class BoolOp(_Base):
    op: BoolOpName
    left: Node
    right: Node


Node = Str | Number | Bool | Date | Ref | ListExpr | Call | Neg | Not | Arith | Compare | BoolOp


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-nodes of `node`, left to right."""
    match node:
        case Str() | Number() | Bool() | Date() | Ref():
            return ()
        case ListExpr(items=items):
            return items
        case Call(args=args):
            return args
        case Neg(operand=operand) | Not(operand=operand):
            return (operand,)
        case Arith(left=left, right=right) | Compare(left=left, right=right):
            return (left, right)
        case BoolOp(left=left, right=right):
            return (left, right)
        case _:
            assert_never(node)


def references(node: Node) -> list[str]:
    """Every reference name in `node`, in order of appearance, repeats included."""
    if isinstance(node, Ref):
        return [node.name]
    return [name for child in children(node) for name in references(child)]
