"""Condition AST + the types of the situations and fields it names → type problems (E201, E3xx).

Kinds of values: 是/否 (boolean), 数字 (integer, decimal, money: mutually comparable), 日期,
文本 (text, id_number, credit_code, phone, region, choice, and text literals), 列表 (a list
field, i.e. a repeating group: only `count(x)` reads it, giving a number). Equality needs
equal kinds; `< <= > >=` only numbers or dates; `+ - * /` only numbers; `and`/`or`/`not` and
the condition as a whole only 是/否. A choice compared with a text literal must name one of its
choices. `in_region` needs a region, id_number or credit_code reference and a literal 6-digit
code. A sub-expression already reported gets the unknown kind, so one slip gives one error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import assert_never

from compiler import ir, vocabulary
from compiler.conditions import functions, type_words as words
from compiler.conditions.ast import (
    ORDERING_OPS,
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
    Span,
    Str,
)
from compiler.conditions.format import format_condition
from dsl.diagnostics import Code
from dsl.suggest import did_you_mean


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """What a condition may know about a situation or field: its type and its choices."""

    type: vocabulary.FieldType
    choices: tuple[str, ...] = ()

    @classmethod
    def of(cls, definition: ir.Situation | ir.FieldDef | ir.SubField) -> TypeInfo:
        return cls(definition.type, tuple(definition.choices))


@dataclass(frozen=True, slots=True)
class ConditionProblem:
    """One type problem; `span` is (start, end) offsets into the condition text."""

    code: Code
    message: str
    span: Span
    hint: str | None = None
    args: tuple[tuple[str, str], ...] = ()  # what `message` was formatted from (for --lang)


class Kind(StrEnum):
    BOOLEAN = "boolean"
    NUMBER = "number"
    DATE = "date"
    TEXT = "text"
    LIST = "list"
    UNKNOWN = "unknown"  # already reported, or an unknown name: compatible with everything


@dataclass(frozen=True, slots=True)
class Ty:
    kind: Kind
    info: TypeInfo | None = None  # set when the value is a reference


_FIELD_KINDS = {
    vocabulary.FieldType.BOOLEAN: Kind.BOOLEAN,
    vocabulary.FieldType.INTEGER: Kind.NUMBER,
    vocabulary.FieldType.DECIMAL: Kind.NUMBER,
    vocabulary.FieldType.MONEY: Kind.NUMBER,
    vocabulary.FieldType.DATE: Kind.DATE,
    vocabulary.FieldType.LIST: Kind.LIST,
}
_LITERAL_KINDS = {Str: Kind.TEXT, Number: Kind.NUMBER, Bool: Kind.BOOLEAN, Date: Kind.DATE}
_REGION_TYPES = (
    vocabulary.FieldType.REGION,
    vocabulary.FieldType.ID_NUMBER,
    vocabulary.FieldType.CREDIT_CODE,
)
UNKNOWN = Ty(Kind.UNKNOWN)
NAMES_SHOWN = 3  # a condition's names are often alike (mother_id, father_id): offer a few


def check_condition(node: Node, env: Mapping[str, TypeInfo]) -> list[ConditionProblem]:
    """Every type problem in `node`, left to right, inner first; [] for a well-typed condition.

    >>> from compiler.conditions.parse import parse_condition
    >>> env = {"area": TypeInfo(vocabulary.FieldType.DECIMAL)}
    >>> [p.span for p in check_condition(parse_condition('area <= "300"'), env)]
    [(0, 13)]
    """
    checker = _Checker(env)
    checker.boolean(node, "条件")
    return checker.problems


def kind_of(info: TypeInfo) -> Kind:
    return _FIELD_KINDS.get(info.type, Kind.TEXT)


def _describe(node: Node, ty: Ty) -> str:
    return words.describe(node, ty.kind, ty.info.type if ty.info else None)


class _Checker:
    def __init__(self, env: Mapping[str, TypeInfo]) -> None:
        self.env = env
        self.problems: list[ConditionProblem] = []

    def report(self, code: Code, span: Span, hint: str | None, **args: str) -> Ty:
        tidy = {k: words.tidy(k, v) for k, v in args.items()}
        message = code.template.format(**tidy)
        self.problems.append(ConditionProblem(code, message, span, hint, tuple(tidy.items())))
        return UNKNOWN

    def boolean(self, node: Node, what: str) -> None:
        ty = self.infer(node)
        if ty.kind not in (Kind.BOOLEAN, Kind.UNKNOWN):
            field = ty.info.type if ty.info else None
            hint = words.boolean_hint(node, field, ty.info.choices if ty.info else ())
            self.report(Code.E305, node.span, hint, what=what, found=_describe(node, ty))

    def infer(self, node: Node) -> Ty:
        match node:
            case Ref(name=name):
                return self.reference(node, name)
            case Str() | Number() | Bool() | Date():
                return Ty(_LITERAL_KINDS[type(node)])
            case BoolOp(op=op, left=left, right=right):
                self.boolean(left, f"`{op}` 的左边")
                self.boolean(right, f"`{op}` 的右边")
                return Ty(Kind.BOOLEAN)
            case Not(operand=operand):
                self.boolean(operand, "`not` 后面")
                return Ty(Kind.BOOLEAN)
            case Neg() | Arith():
                return self.arith(node)
            case Compare():
                return self.compare(node)
            case Call():
                return self.call(node)
            case ListExpr(items=items):
                for item in items:
                    self.infer(item)
                return Ty(Kind.LIST)
            case _:
                assert_never(node)

    def reference(self, node: Ref, name: str) -> Ty:
        info = self.env.get(name)
        if info is None:
            hint = did_you_mean(name, sorted(self.env), limit=NAMES_SHOWN)
            return self.report(Code.E201, node.span, hint, kind="情形或字段", name=name)
        return Ty(kind_of(info), info)

    def arith(self, node: Neg | Arith) -> Ty:
        result = Ty(Kind.NUMBER)
        operands = (node.operand,) if isinstance(node, Neg) else (node.left, node.right)
        for operand in operands:
            ty = self.infer(operand)
            if ty.kind is Kind.UNKNOWN:
                result = UNKNOWN
            elif ty.kind is not Kind.NUMBER:
                problem = _describe(operand, ty) + "不能做算术运算"
                result = self.report(Code.E303, operand.span, words.ARITH_HINT, problem=problem)
        return result

    def compare(self, node: Compare) -> Ty:
        left = self.infer(node.left)
        if isinstance(node.right, ListExpr):
            for item in node.right.items:
                self.equality(node.left, left, item, self.infer(item), item.span)
        elif node.op == "in_region":
            self.region(node, left)
        elif node.op in ORDERING_OPS:
            self.ordering(node, left, self.infer(node.right))
        else:
            self.equality(node.left, left, node.right, self.infer(node.right), node.span)
        return Ty(Kind.BOOLEAN)

    def equality(self, left: Node, lt: Ty, right: Node, rt: Ty, span: Span) -> None:
        if Kind.UNKNOWN in (lt.kind, rt.kind):
            return
        if lt.kind is not rt.kind:
            problem = _describe(left, lt) + "不能与" + _describe(right, rt) + "比较"
            hint = words.mismatch_hint(lt.kind, right, rt.kind)
            self.report(Code.E303, span, hint, problem=problem)
            return
        self.choice(left, lt, right)
        self.choice(right, rt, left)

    def choice(self, ref: Node, ty: Ty, other: Node) -> None:
        info = ty.info
        if (
            info is None
            or info.type is not vocabulary.FieldType.CHOICE
            or not isinstance(other, Str)
        ):
            return
        if other.value not in info.choices:
            choices = "、".join(f"“{c}”" for c in info.choices)
            hint = words.choice_hint(other.value, info.choices)
            name = format_condition(ref)
            self.report(Code.E304, other.span, hint, name=name, value=other.value, choices=choices)

    def ordering(self, node: Compare, lt: Ty, rt: Ty) -> None:
        if Kind.UNKNOWN in (lt.kind, rt.kind):
            return
        if lt.kind is not rt.kind:
            self.equality(node.left, lt, node.right, rt, node.span)
        elif lt.kind not in (Kind.NUMBER, Kind.DATE):
            problem = _describe(node.left, lt) + "不能比较大小"
            self.report(Code.E303, node.span, words.ORDERING_HINT, problem=problem)

    def region(self, node: Compare, lt: Ty) -> None:
        if lt.kind is not Kind.UNKNOWN and not (lt.info and lt.info.type in _REGION_TYPES):
            problem = "`in_region` 只能用于行政区划代码、公民身份号码或统一社会信用代码，不能用于"
            problem += _describe(node.left, lt)
            self.report(Code.E303, node.left.span, None, problem=problem)
        code = node.right
        if isinstance(code, Str) or (isinstance(code, Number) and isinstance(code.value, int)):
            text = str(code.value)
            code_problem = functions.region_code_problem(text)
        else:
            self.infer(code)
            text = format_condition(code)
            code_problem = "应直接写出 6 位数字，不能是字段或算式"
        if code_problem:
            self.report(Code.E307, code.span, words.REGION_HINT, value=text, problem=code_problem)

    def call(self, node: Call) -> Ty:
        args = [(arg, self.infer(arg)) for arg in node.args]
        signature = functions.SIGNATURES.get(node.name)
        text = format_condition(node)
        if signature is None:
            close = did_you_mean(node.name, sorted(functions.SIGNATURES), limit=NAMES_SHOWN)
            hint = close or words.FUNCTIONS_HINT
            problem = f"没有名为 `{node.name}` 的函数"
            return self.report(Code.E306, node.span, hint, call=text, problem=problem)
        usage = words.USAGE[node.name]
        if len(args) != len(signature.params):
            problem = f"`{node.name}` 需要 {len(signature.params)} 个参数，这里有 {len(args)} 个"
            self.report(Code.E306, node.span, usage, call=text, problem=problem)
        for (arg, ty), param in zip(args, signature.params, strict=False):
            if not _accepts(param, arg, ty):
                problem = f"`{node.name}` 的参数应为{words.PARAM_WORDS[param]}，这里是"
                problem += _describe(arg, ty)
                self.report(Code.E306, arg.span, usage, call=text, problem=problem)
        return Ty(Kind(signature.result))


def _accepts(param: str, arg: Node, ty: Ty) -> bool:
    if param == "reference":
        return isinstance(arg, Ref)
    if param == "list":  # a list field by its id; `count([1, 2])` counts nothing an applicant wrote
        return ty.kind is Kind.UNKNOWN or (isinstance(arg, Ref) and ty.kind is Kind.LIST)
    if ty.kind is Kind.UNKNOWN or ty.kind is Kind.DATE:
        return True
    return (
        param == "date_or_id"
        and ty.info is not None
        and ty.info.type is vocabulary.FieldType.ID_NUMBER
    )
