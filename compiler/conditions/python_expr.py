"""Condition AST → a Python expression with `evaluate`'s meaning, for BPMN gateway conditions.

SpiffWorkflow (and any engine whose script language is Python) evaluates a sequence flow's
`conditionExpression` as a Python expression over the task data. The applicant's answers are
one entry of that data, `answers`: a dict from situation and field id to its value, the same
data object the JsonLogic rules in routing.json read (dates as ISO `YYYY-MM-DD` text, an
unanswered id absent or None). Reading every id as the text key `answers.get('id')` keeps any
id safe: one that is a Python keyword (`class`, `from`) or a builtin's name (`type`, `id`) is
only ever a string literal, never a name the expression resolves.

The same rules as to_jsonlogic, in Python:

* no truthiness: a boolean reference is `(answers.get('x') is True)`, false when unanswered;
* a comparison is guarded, innermost first, by `is not None` for each value that may be
  missing (a reference, or a function that returns None on malformed input) and by
  `!= 0` for a divisor, so a comparison with a missing operand is false;
* `defined(x)` is `(answers.get('x') is not None)`; `count(x)` is `len(...)`, guarded by x;
* the functions are the JsonLogic custom operations under the same names (`yjs_age`,
  `yjs_today`, `yjs_days_between`, `yjs_year`, `yjs_in_region`): the engine's script globals
  must hold `custom_operations(today)` from compiler/conditions/jsonlogic.py. A condition that
  names no function needs nothing but `answers`.
"""

from __future__ import annotations

from collections.abc import Mapping
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
from compiler.conditions.evaluate import region_kind
from compiler.conditions.types import TypeInfo

ANSWERS = "answers"  # the task-data entry that holds the applicant's answers
_CALLS = {"age": "yjs_age", "days_between": "yjs_days_between", "year": "yjs_year"}
_TODAY = "yjs_today()"


def to_python(node: Node, env: Mapping[str, TypeInfo] | None = None) -> str:
    """The Python expression for a condition; `env` tells `in_region` how to read references.

    >>> from compiler.conditions.parse import parse_condition
    >>> to_python(parse_condition("not class"))
    "(not (answers.get('class') is True))"
    >>> to_python(parse_condition("area > 300"))
    "(answers.get('area') is not None and answers.get('area') > 300)"
    """
    return _Emitter(env or {}).boolean(node)


def functions_used(expression: str) -> list[str]:
    """The custom operations an emitted expression calls, sorted (for documentation)."""
    names = [*_CALLS.values(), "yjs_today", "yjs_in_region"]
    return sorted(name for name in names if f"{name}(" in expression)


def _get(name: str) -> str:
    return f"{ANSWERS}.get({name!r})"


class _Emitter:
    def __init__(self, env: Mapping[str, TypeInfo]) -> None:
        self.env = env

    def boolean(self, node: Node) -> str:
        """`node` where a strict boolean is needed (a bare reference must be `True`)."""
        if isinstance(node, Ref):
            return f"({_get(node.name)} is True)"
        return self.value(node)

    def value(self, node: Node) -> str:
        match node:
            case Ref(name=name):
                return _get(name)
            case Str(value=value):
                return repr(value)
            case Bool(value=value):
                return repr(value)
            case Number(value=value):
                return repr(float(value)) if isinstance(value, Decimal) else repr(value)
            case Date(value=value):
                return repr(value.isoformat())
            case ListExpr(items=items):
                return "(" + "".join(f"{self.value(item)}, " for item in items) + ")"
            case Not(operand=operand):
                return f"(not {self.boolean(operand)})"
            case BoolOp(op=op, left=left, right=right):
                return f"({self.boolean(left)} {op} {self.boolean(right)})"
            case Neg(operand=operand):
                return f"(-{self.value(operand)})"
            case Arith(op=op, left=left, right=right):
                return f"({self.value(left)} {op} {self.value(right)})"
            case Compare():
                return self.compare(node)
            case Call():
                return self.call(node)
            case _:
                assert_never(node)

    def compare(self, node: Compare) -> str:
        guards = list(dict.fromkeys(self.guards(node.left) + self.guards(node.right)))
        return "(" + " and ".join([*guards, self.comparison(node)]) + ")"

    def comparison(self, node: Compare) -> str:
        left, right = self.value(node.left), node.right
        if node.op == "in_region":
            if not isinstance(right, Number | Str):
                raise TypeError("in_region 后面应直接写出 6 位区划代码")
            kind = region_kind(node.left, self.env)
            return f"yjs_in_region({left}, {str(right.value)!r}, {kind!r})"
        return f"{left} {node.op} {self.value(right)}"

    def call(self, node: Call) -> str:
        if node.name == "defined":
            arg = node.args[0] if len(node.args) == 1 else None
            if not isinstance(arg, Ref):
                raise TypeError("defined() 的参数应为一个情形或字段的标识")
            return f"({_get(arg.name)} is not None)"
        if node.name == "today":
            return _TODAY
        args = [self.value(arg) for arg in node.args]
        if node.name == "count":
            return f"len({', '.join(args)})"
        if node.name == "age":
            args.append(_TODAY)
        if node.name not in _CALLS:
            raise TypeError(f"没有名为 `{node.name}` 的函数")
        return f"{_CALLS[node.name]}({', '.join(args)})"

    def guards(self, node: Node) -> list[str]:
        """Tests that every value `node` needs is there, innermost first (as in JsonLogic)."""
        match node:
            case Ref(name=name):
                return [f"{_get(name)} is not None"]
            case Call(name=name, args=args) if name in _CALLS:
                inner = [g for arg in args for g in self.guards(arg)]
                return [*inner, f"{self.call(node)} is not None"]
            case Call(name="count", args=args):
                return [g for arg in args for g in self.guards(arg)]
            case Arith(op="/", left=left, right=right):
                inner = self.guards(left) + self.guards(right)
                return [*inner, f"{self.value(right)} != 0"]
            case Arith(left=left, right=right):
                return self.guards(left) + self.guards(right)
            case Neg(operand=operand):
                return self.guards(operand)
            case ListExpr(items=items):
                return [g for item in items for g in self.guards(item)]
            case Str() | Number() | Bool() | Date() | Call() | Not() | BoolOp() | Compare():
                return []  # literals, today(), defined() and boolean forms are never missing
            case _:
                assert_never(node)
