"""Condition AST → a JSON Schema that an application satisfies exactly when the condition holds.

Used as the `if` of `if/then` in form.schema.json, so any JSON Schema validator enforces
conditional requirements. Only what JSON Schema can say exactly is translated: references
compared with literals (numbers ordered, anything equal or in a list), `count(x)` of a list field
compared with a whole number (as minItems / maxItems), `defined`, `and`, `or`, `not`. Anything
else (dates ordered, arithmetic, other functions) gives None, and the emitter leaves
the rule to the JsonLogic it carries alongside. Missing values behave as in `evaluate`: a
comparison with an unanswered field is false, because the schema also requires the field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, assert_never

from compiler.conditions.ast import (
    Arith,
    Bool,
    BoolOp,
    Call,
    Compare,
    CompareOp,
    Date,
    ListExpr,
    Neg,
    Node,
    Not,
    Number,
    Ref,
    Str,
)

Schema = dict[str, Any]
# `1 < x` is `x > 1`: the operator that means the same with its operands swapped.
_FLIP: dict[CompareOp, CompareOp] = {
    "<": ">",
    "<=": ">=",
    ">": "<",
    ">=": "<=",
    "==": "==",
    "!=": "!=",
}
_BOUND = {"<": "exclusiveMaximum", "<=": "maximum", ">": "exclusiveMinimum", ">=": "minimum"}


def to_schema_if(node: Node) -> Schema | None:
    match node:
        case Ref(name=name):
            return _has(name, {"const": True})
        case Bool(value=value):
            return {} if value else {"not": {}}
        case Not(operand=operand):
            inner = to_schema_if(operand)
            return None if inner is None else {"not": inner}
        case BoolOp(op=op, left=left, right=right):
            parts = [to_schema_if(left), to_schema_if(right)]
            if any(p is None for p in parts):
                return None
            return {"allOf" if op == "and" else "anyOf": parts}
        case Call(name="defined", args=(Ref(name=name),)):
            return _has(name, {"not": {"type": "null"}})
        case Compare():
            return _compare(node)
        case Str() | Number() | Date() | ListExpr() | Call() | Neg() | Arith():
            return None  # not a test JSON Schema can state: the JsonLogic alongside decides
        case _:
            assert_never(node)


def _compare(node: Compare) -> Schema | None:
    left, op, right = node.left, node.op, node.right
    swap = isinstance(right, Ref) or _counted(right) is not None
    if not isinstance(left, Ref) and _counted(left) is None and swap and op in _FLIP:
        left, right, op = right, left, _FLIP[op]
    if (counted := _counted(left)) is not None:
        return _count(counted, op, right)
    if not isinstance(left, Ref):
        return None
    if op in ("in", "not in") and isinstance(right, ListExpr):
        values = [_literal(item) for item in right.items]
        if any(v is _NOT_LITERAL for v in values):
            return None
        enum = {"enum": values}
        return _has(left.name, enum if op == "in" else {"not": enum})
    value = _literal(right)
    if value is _NOT_LITERAL:
        return None
    if op == "==":
        return _has(left.name, {"const": value})
    if op == "!=":
        return _has(left.name, {"not": {"const": value}})
    if op in _BOUND and isinstance(right, Number):
        return _has(left.name, {"type": "number", _BOUND[op]: value})
    return None  # dates ordered, in_region …: JsonLogic only


def _counted(node: Node) -> str | None:
    """The list field `count(x)` counts, or None for anything else."""
    if isinstance(node, Call) and node.name == "count" and len(node.args) == 1:
        arg = node.args[0]
        return arg.name if isinstance(arg, Ref) else None
    return None


def _count(name: str, op: CompareOp, right: Node) -> Schema | None:
    """`count(x) op n` as bounds on the array x; a missing x fails, as `evaluate` has it."""
    if not (isinstance(right, Number) and isinstance(right.value, int)):
        return None  # a fraction or a reference: JsonLogic only
    n = right.value
    bounds: dict[str, Schema] = {
        "==": {"minItems": n, "maxItems": n},
        "!=": {"not": {"minItems": n, "maxItems": n}},
        ">=": {"minItems": n},
        ">": {"minItems": n + 1},
        "<=": {"maxItems": n},
        "<": {"maxItems": n - 1} if n > 0 else {"not": {}},
    }
    if op not in bounds:
        return None  # `in [..]`: JsonLogic only
    return _has(name, {"type": "array", **bounds[op]})


_NOT_LITERAL = object()


def _literal(node: Node) -> Any:
    match node:
        case Str(value=value) | Bool(value=value):
            return value
        case Number(value=value):
            return float(value) if isinstance(value, Decimal) else value
        case Date(value=value):
            return value.isoformat()
        case Ref() | ListExpr() | Call() | Neg() | Not() | Arith() | Compare() | BoolOp():
            return _NOT_LITERAL
        case _:
            assert_never(node)


def _has(name: str, schema: Schema) -> Schema:
    return {"properties": {name: schema}, "required": [name]}
