"""Condition AST + answers → True/False, the reference semantics `to_jsonlogic` must match.

Strict rules, with no truthiness anywhere:

* A reference is *missing* when its id is absent from `values` or maps to None (an empty
  string or 0 is a value). Missing propagates through `+ - * /`, unary minus and the functions
  `age`, `days_between`, `year`; so does a malformed date or id_number, and division by zero.
* Every comparison (`== != < <= > >=`, `in`, `not in`, `in_region`) with a missing operand or
  list element is **false**. So `x != 1` and `x not in [1]` are false when x is missing,
  while `not x == 1` is true.
* `defined(x)` is true exactly when x is not missing.
* A list field's value is a list of entries; `count(x)` is its length (0 for an answered empty
  list, missing when x is missing); a list anywhere else, or `count` of a non-list, raises
  TypeError like any other value of the wrong type.
* `and`, `or`, `not` and the condition as a whole take booleans only; a *missing* reference in
  those positions counts as false (`not join_insurance` is true when it was not answered).
  Any other non-boolean there raises TypeError: run `check_condition` first.
* Numbers are ints and floats as in JsonLogic (a Decimal value or literal becomes a float).
  Dates may be `datetime.date` or ISO `YYYY-MM-DD` strings; text orders by code point, so
  ISO dates compared as strings keep their order.
* `in_region` needs to know whether a reference holds a region code, an id_number or a
  credit_code: pass `env` (as for `check_condition`); without it references count as regions.
"""

from __future__ import annotations

import datetime as dt
import operator
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
from compiler.conditions.format import format_condition
from compiler.conditions.types import TypeInfo


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


def evaluate(
    node: Node,
    values: Mapping[str, object],
    today: dt.date,
    env: Mapping[str, TypeInfo] | None = None,
) -> bool:
    """Whether the condition holds for these answers and field values on `today`.

    >>> from compiler.conditions.parse import parse_condition
    >>> evaluate(parse_condition("not x == 1 and not (x != 1)"), {}, dt.date(2024, 1, 1))
    True
    """
    return _Evaluator(values, today, env or {}).truth(node)


def region_kind(node: Node, env: Mapping[str, TypeInfo]) -> str:
    """ "region", "id_number" or "credit_code": how `in_region` reads the value of `node`."""
    info = env.get(node.name) if isinstance(node, Ref) else None
    kind = str(info.type) if info is not None else "region"
    return kind if kind in functions.REGION_KINDS else "region"


class _Evaluator:
    def __init__(
        self, values: Mapping[str, object], today: dt.date, env: Mapping[str, TypeInfo]
    ) -> None:
        self.values = values
        self.today = today
        self.env = env

    def truth(self, node: Node) -> bool:
        value = self.value(node)
        if value is MISSING:
            return False
        if not isinstance(value, bool):
            raise TypeError(f"`{format_condition(node)}` 的值不是“是/否”：{value!r}")
        return value

    def value(self, node: Node) -> object:
        match node:
            case Ref(name=name):
                return _normalise(name, self.values.get(name))
            case Str(value=value) | Bool(value=value) | Date(value=value):
                return value
            case Number(value=value):
                return float(value) if isinstance(value, Decimal) else value
            case Not(operand=operand):
                return not self.truth(operand)
            case BoolOp(op=op, left=left, right=right):
                if op == "and":
                    return self.truth(left) and self.truth(right)
                return self.truth(left) or self.truth(right)
            case Neg(operand=operand):
                return _negate(self.value(operand))
            case Arith(op=op, left=left, right=right):
                return _arith(op, self.value(left), self.value(right))
            case Compare():
                return self.compare(node)
            case Call():
                return self.call(node)
            case ListExpr():  # only the right side of `in`, which `compare` reads item by item
                raise TypeError(f"cannot evaluate {node!r}")
            case _:
                assert_never(node)

    def compare(self, node: Compare) -> bool:
        left = self.value(node.left)
        if isinstance(node.right, ListExpr):
            items = [self.value(item) for item in node.right.items]
            if left is MISSING or MISSING in items:
                return False
            found = any(_equal(left, item) for item in items)
            return found if node.op == "in" else not found
        if node.op == "in_region":
            code = node.right
            if not isinstance(code, Number | Str):
                raise TypeError("in_region 后面应直接写出 6 位区划代码")
            kind = region_kind(node.left, self.env)
            return left is not MISSING and functions.in_region(left, code.value, kind)
        right = self.value(node.right)
        if left is MISSING or right is MISSING:
            return False
        return _COMPARE[node.op](left, right)

    def call(self, node: Call) -> object:
        if node.name == "defined":
            arg = node.args[0] if len(node.args) == 1 else None
            if not isinstance(arg, Ref):
                raise TypeError("defined() 的参数应为一个情形或字段的标识")
            return self.values.get(arg.name) is not None
        if node.name == "today":
            return self.today
        args = [self.value(arg) for arg in node.args]
        if node.name == "count":
            return MISSING if MISSING in args else functions.count(*args)
        if MISSING in args:
            return MISSING
        if node.name not in _CALLS:
            raise TypeError(f"没有名为 `{node.name}` 的函数")
        result = _CALLS[node.name](self.today, *args)
        return MISSING if result is None else result


# Function name → its implementation, called with the evaluation date first; None = missing.
_CALLS: dict[str, Callable[..., int | None]] = {
    "age": lambda today, x: functions.age(x, today),
    "days_between": lambda today, a, b: functions.days_between(a, b),
    "year": lambda today, d: functions.year(d),
}


def _normalise(name: str, value: object) -> object:
    if value is None:
        return MISSING
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, bool | int | float | str | dt.date | list):
        return value
    raise TypeError(f"`{name}` 的值类型不支持：{type(value).__name__}")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _arith(op: str, left: object, right: object) -> object:
    if left is MISSING or right is MISSING:
        return MISSING
    if not (_is_number(left) and _is_number(right)):
        raise TypeError(f"只有数字可以做算术运算：{left!r} {op} {right!r}")
    if op == "/" and right == 0:
        return MISSING
    return _ARITH[op](left, right)


def _negate(value: object) -> object:
    if value is MISSING:
        return MISSING
    if not _is_number(value):
        raise TypeError(f"只有数字可以取负：{value!r}")
    return -value  # type: ignore[operator]


_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def _comparable(left: object, right: object) -> tuple[object, object]:
    """Both sides as numbers, dates, strings or booleans of one kind; TypeError otherwise."""
    if isinstance(left, dt.date) and isinstance(right, str):
        right = functions.as_date(right) or right
    if isinstance(right, dt.date) and isinstance(left, str):
        left = functions.as_date(left) or left
    if _is_number(left) and _is_number(right):
        return left, right
    if type(left) is type(right) and isinstance(left, bool | str | dt.date):
        return left, right
    raise TypeError(f"无法比较 {left!r} 与 {right!r}")


def _equal(left: object, right: object) -> bool:
    a, b = _comparable(left, right)
    return a == b


def _ordered(test: Callable[[Any, Any], bool]) -> Callable[[object, object], bool]:
    def compare(left: object, right: object) -> bool:
        a, b = _comparable(left, right)
        if isinstance(a, bool):
            raise TypeError("“是/否”不能比较大小")
        return test(a, b)

    return compare


_COMPARE: dict[str, Callable[[object, object], bool]] = {
    "==": _equal,
    "!=": lambda a, b: not _equal(a, b),
    "<": _ordered(operator.lt),
    ">": _ordered(operator.gt),
    "<=": _ordered(operator.le),
    ">=": _ordered(operator.ge),
}
