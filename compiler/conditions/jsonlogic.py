"""Condition AST → a strict subset of JsonLogic (https://jsonlogic.com) with `evaluate`'s meaning.

The data object maps situation and field ids to values: booleans, numbers, strings, and dates
as ISO `YYYY-MM-DD` strings; an unanswered id is absent or null. Only these operations appear:

=================  ===========================================================================
`{"var": "x"}`     the value of x (null when absent); ids never contain dots
`===`, `!==`       strict equality of two values of one type (`==` and `!=` in conditions)
`<` `<=` `>` `>=`  two numbers, or two ISO date strings (string order is date order)
`and`, `or`, `!`   booleans only: every operand is itself one of the boolean forms below
`in`               `{"in": [x, [v1, v2]]}`: list membership by strict equality, never substring
`+ - * /`          exactly two numbers; `{"-": [x]}` is unary minus
`yjs_age`          `[x, today]` → whole years from the birth date in x (date or 公民身份号码)
`yjs_today`        `[]` → the evaluation date; the only operation that reads the clock
`yjs_days_between` `[a, b]` → b − a in calendar days
`yjs_year`         `[d]` → the year of date d
`yjs_in_region`    `[x, code, kind]` → whether x lies in the 6-digit GB/T 2260 region `code`;
                   kind is "region", "id_number" (first 6 digits) or "credit_code" (digits 3–8)
`reduce`           only as `count(x)`, the entries of list field x (JsonLogic has no length):
                   `{"reduce": [{"var": "x"}, {"+": [{"var": "accumulator"}, 1]}, 0]}`
=================  ===========================================================================

No truthiness: JsonLogic's `and`/`or`/`!` would treat "", 0 and [] as false, so a boolean
reference is emitted as `{"===": [{"var": "x"}, true]}` (false when unanswered) and every other
operand of `and`/`or`/`!` is a comparison, `defined`, a literal or another boolean form.

Missing values: a comparison is wrapped as `{"and": [guard…, comparison]}`, one guard per value
that may be missing, innermost first: `{"!==": [{"var": "x"}, null]}` for a reference,
`{"!==": [call, null]}` for `yjs_age`/`yjs_days_between`/`yjs_year` (null on malformed input),
and `{"!==": [divisor, 0]}` for a division. So a comparison with a missing operand is false, as
in `evaluate`. `defined(x)` is `{"!==": [{"var": "x"}, null]}`. `count(x)` is guarded by x alone:
`reduce` over an answered list (empty or not) is never null.

Custom operations take plain arguments (json-logic-js `add_operation` style); `CUSTOM_OPERATIONS`
holds their Python code and `custom_operations(today)` pins `yjs_today` for tests and replays.
An engine that passes the data first (panzi-json-logic) needs `lambda data, *a: op(*a)`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, assert_never

from compiler.conditions import functions
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

JsonLogic = Any  # a JSON value: dict, list, str, int, float, bool or None
_EQUALITY = {"==": "===", "!=": "!=="}
_CALL_OPS = {"age": "yjs_age", "days_between": "yjs_days_between", "year": "yjs_year"}
TODAY: dict[str, list[Any]] = {"yjs_today": []}
# One more for each entry: standard JsonLogic, so any engine counts without a custom operation.
_COUNT_STEP: dict[str, Any] = {"+": [{"var": "accumulator"}, 1]}


def to_jsonlogic(node: Node, env: Mapping[str, TypeInfo] | None = None) -> JsonLogic:
    """The JsonLogic rule for a condition; `env` tells `in_region` how to read references.

    >>> from compiler.conditions.parse import parse_condition
    >>> to_jsonlogic(parse_condition("not x"))
    {'!': [{'===': [{'var': 'x'}, True]}]}
    """
    return _Emitter(env or {}).boolean(node)


def custom_operations(today: dt.date | None = None) -> dict[str, Callable[..., Any]]:
    """The `yjs_*` operations; `yjs_today` returns `today`, or the real date when None."""

    def yjs_today() -> str:
        return (today or dt.date.today()).isoformat()

    return {
        "yjs_today": yjs_today,
        "yjs_age": functions.age,
        "yjs_days_between": functions.days_between,
        "yjs_year": functions.year,
        "yjs_in_region": functions.in_region,
    }


CUSTOM_OPERATIONS: dict[str, Callable[..., Any]] = custom_operations()


def _var(name: str) -> JsonLogic:
    return {"var": name}


class _Emitter:
    def __init__(self, env: Mapping[str, TypeInfo]) -> None:
        self.env = env

    def boolean(self, node: Node) -> JsonLogic:
        """`node` where a strict boolean is needed (a bare reference must be `true`)."""
        if isinstance(node, Ref):
            return {"===": [_var(node.name), True]}
        return self.value(node)

    def value(self, node: Node) -> JsonLogic:
        match node:
            case Ref(name=name):
                return _var(name)
            case Str(value=value) | Bool(value=value):
                return value
            case Number(value=value):
                return float(value) if isinstance(value, Decimal) else value
            case Date(value=value):
                return value.isoformat()
            case ListExpr(items=items):
                return [self.value(item) for item in items]
            case Not(operand=operand):
                return {"!": [self.boolean(operand)]}
            case BoolOp(op=op, left=left, right=right):
                return {op: [self.boolean(left), self.boolean(right)]}
            case Neg(operand=operand):
                return {"-": [self.value(operand)]}
            case Arith(op=op, left=left, right=right):
                return {op: [self.value(left), self.value(right)]}
            case Compare():
                return self.compare(node)
            case Call():
                return self.call(node)
            case _:
                assert_never(node)

    def compare(self, node: Compare) -> JsonLogic:
        guards = _unique(self.guards(node.left) + self.guards(node.right))
        test = self.comparison(node)
        return {"and": [*guards, test]} if guards else test

    def comparison(self, node: Compare) -> JsonLogic:
        left, right = self.value(node.left), node.right
        if node.op == "in_region":
            if not isinstance(right, Number | Str):
                raise TypeError("in_region 后面应直接写出 6 位区划代码")
            return {"yjs_in_region": [left, str(right.value), region_kind(node.left, self.env)]}
        if node.op in ("in", "not in"):
            member = {"in": [left, self.value(right)]}
            return member if node.op == "in" else {"!": [member]}
        return {_EQUALITY.get(node.op, node.op): [left, self.value(right)]}

    def call(self, node: Call) -> JsonLogic:
        if node.name == "defined":
            arg = node.args[0] if len(node.args) == 1 else None
            if not isinstance(arg, Ref):
                raise TypeError("defined() 的参数应为一个情形或字段的标识")
            return {"!==": [_var(arg.name), None]}
        if node.name == "today":
            return TODAY
        args = [self.value(arg) for arg in node.args]
        if node.name == "count":
            return {"reduce": [*args, _COUNT_STEP, 0]}
        if node.name == "age":
            args.append(TODAY)
        if node.name not in _CALL_OPS:
            raise TypeError(f"没有名为 `{node.name}` 的函数")
        return {_CALL_OPS[node.name]: args}

    def guards(self, node: Node) -> list[JsonLogic]:
        """Tests that every value `node` needs is there, innermost first."""
        match node:
            case Ref(name=name):
                return [{"!==": [_var(name), None]}]
            case Call(name=name, args=args) if name in _CALL_OPS:
                inner = [g for arg in args for g in self.guards(arg)]
                return [*inner, {"!==": [self.call(node), None]}]
            case Call(name="count", args=args):
                return [g for arg in args for g in self.guards(arg)]
            case Arith(op="/", left=left, right=right):
                inner = self.guards(left) + self.guards(right)
                return [*inner, {"!==": [self.value(right), 0]}]
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


def _unique(guards: list[JsonLogic]) -> list[JsonLogic]:
    seen: set[str] = set()
    out = []
    for guard in guards:
        key = json.dumps(guard, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(guard)
    return out
