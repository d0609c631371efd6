"""Condition AST → the Chinese phrase an applicant reads in the notice ("选择办理医保参保时").

Ids mean nothing to applicants; situations become their question, fields their label.
"""

from __future__ import annotations

from collections.abc import Mapping
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

_OPS = {
    "==": "为",
    "!=": "不为",
    "<": "小于",
    "<=": "不超过",
    ">": "大于",
    ">=": "不少于",
    "in": "为",
    "not in": "不为",
    "in_region": "属于行政区划",
}
_CALLS = {
    "age": "{0}对应的年龄",
    "year": "{0}的年份",
    "days_between": "{0}至{1}的天数",
    "count": "{0}的条数",
}


def describe(node: Node, labels: Mapping[str, str], questions: Mapping[str, str]) -> str:
    """`questions`: boolean situations (phrased as answered 是); `labels`: everything else."""
    return _Describer(labels, questions).text(node)


class _Describer:
    def __init__(self, labels: Mapping[str, str], questions: Mapping[str, str]) -> None:
        self.labels, self.questions = labels, questions

    def text(self, node: Node) -> str:
        match node:
            case Ref(name=name) if name in self.questions:
                return f"“{self.questions[name]}”选择“是”"
            case Not(operand=Ref(name=name)) if name in self.questions:
                return f"“{self.questions[name]}”选择“否”"
            case Not(operand=operand):
                return f"并非（{self.text(operand)}）"
            case BoolOp(op=op, left=left, right=right):
                word = "且" if op == "and" else "或"
                return f"{self._part(left, op)}{word}{self._part(right, op)}"
            case Compare(op=op, left=left, right=right):
                return f"{self.value(left)}{_OPS[op]}{self.value(right)}"
            case Call(name="defined", args=(arg,)):
                return f"已填写{self.value(arg)}"
            case Ref() | Str() | Number() | Bool() | Date() | ListExpr() | Neg() | Arith() | Call():
                return self.value(node)
            case _:
                assert_never(node)

    def _part(self, node: Node, op: str) -> str:
        inner = self.text(node)
        return f"（{inner}）" if isinstance(node, BoolOp) and node.op != op else inner

    def value(self, node: Node) -> str:
        match node:
            case Ref(name=name):
                return f"“{self.questions.get(name) or self.labels.get(name, name)}”"
            case Str(value=value):
                return f"“{value}”"
            case Number(value=value):
                return str(value)
            case Bool(value=value):
                return "是" if value else "否"
            case Date(value=value):
                return f"{value.year}年{value.month}月{value.day}日"
            case ListExpr(items=items):
                return "或".join(self.value(i) for i in items)
            case Neg(operand=operand):
                return f"-{self.value(operand)}"
            case Arith(op=op, left=left, right=right):
                return f"（{self.value(left)}{op}{self.value(right)}）"
            case Call(name="today"):
                return "申请当日"
            case Call(name=name, args=args) if name in _CALLS:
                return _CALLS[name].format(*(self.value(a) for a in args))
            case Not() | BoolOp() | Compare() | Call(name="defined", args=(_,)):
                return self.text(node)
            case Call():  # an unknown function or a wrong number of arguments
                raise TypeError(f"cannot describe {node!r}: check_condition reports it first")
            case _:
                assert_never(node)
