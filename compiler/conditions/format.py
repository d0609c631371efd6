"""AST → canonical condition text: single spaces, double quotes, the fewest parentheses.

`parse_condition(format_condition(node)) == node` for every AST (spans are not compared), and
for parsed text `format_condition` is idempotent, so `yjs fmt` can rewrite conditions safely.
"""

from __future__ import annotations

from decimal import Decimal
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
)

# Binding strength, loosest first; mirrors the rule nesting in dsl/condition.lark.
OR, AND, NOT, COMPARE, SUM, PRODUCT, UNARY, ATOM = range(1, 9)
_ARITH_LEVEL = {"+": SUM, "-": SUM, "*": PRODUCT, "/": PRODUCT}


def format_condition(node: Node) -> str:
    """Canonical text of `node`.

    >>> from compiler.conditions.parse import parse_condition
    >>> format_condition(parse_condition("(a==1)and(b or(c))"))
    'a == 1 and (b or c)'
    """
    return _text(node)


def level(node: Node) -> int:
    """How tightly `node` binds; a child that binds less tightly than needed gets parentheses."""
    match node:
        case BoolOp(op=op):
            return OR if op == "or" else AND
        case Not():
            return NOT
        case Compare():
            return COMPARE
        case Arith(op=op):
            return _ARITH_LEVEL[op]
        case Neg():
            return UNARY
        case Str() | Number() | Bool() | Date() | Ref() | ListExpr() | Call():
            return ATOM
        case _:
            assert_never(node)


def _wrap(node: Node, minimum: int) -> str:
    text = _text(node)
    return f"({text})" if level(node) < minimum else text


def _text(node: Node) -> str:
    match node:
        case Str(value=value):
            return quote(value)
        case Number(value=value):
            return number_text(value)
        case Bool(value=value):
            return "true" if value else "false"
        case Date(value=value):
            return value.isoformat()
        case Ref(name=name):
            return name
        case ListExpr(items=items):
            return "[" + ", ".join(_wrap(item, SUM) for item in items) + "]"
        case Call(name=name, args=args):
            return f"{name}(" + ", ".join(_text(arg) for arg in args) + ")"
        case Neg(operand=operand):
            return "-" + _wrap(operand, UNARY)
        case Not(operand=operand):
            return "not " + _wrap(operand, NOT)
        case BoolOp(op=op, left=left, right=right) | Arith(op=op, left=left, right=right):
            lvl = level(node)  # left-associative: a right operand of the same level is wrapped
            return f"{_wrap(left, lvl)} {op} {_wrap(right, lvl + 1)}"
        case Compare(op=op, left=left, right=right):
            return f"{_wrap(left, SUM)} {op} {_wrap(right, SUM)}"
        case _:
            assert_never(node)


def quote(value: str) -> str:
    """A double-quoted literal: only `\\` and `"` are escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def number_text(value: int | Decimal) -> str:
    """Digits as the grammar reads them: a Decimal keeps its point (`5.0`), never an exponent."""
    if isinstance(value, int):
        return str(value)
    text = format(value, "f")
    return text if "." in text else text + ".0"
