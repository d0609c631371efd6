"""Chinese words for the condition type checker: kinds, field types, function usage, hints.

Kinds are the plain strings of `types.Kind` so this module needs nothing from the checker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from compiler import vocabulary
from compiler.conditions.ast import Bool, Date, Node, Number, Ref, Str
from compiler.conditions.format import format_condition
from dsl.suggest import suggest

KIND_WORDS = {
    "boolean": "是/否",
    "number": "数字",
    "date": "日期",
    "text": "文本",
    "list": "列表",
    "unknown": "未知类型",
}
FIELD_WORDS = {
    vocabulary.FieldType.TEXT: "文本",
    vocabulary.FieldType.INTEGER: "整数",
    vocabulary.FieldType.DECIMAL: "小数",
    vocabulary.FieldType.MONEY: "金额",
    vocabulary.FieldType.BOOLEAN: "是/否",
    vocabulary.FieldType.DATE: "日期",
    vocabulary.FieldType.CHOICE: "选项",
    vocabulary.FieldType.ID_NUMBER: "公民身份号码",
    vocabulary.FieldType.CREDIT_CODE: "统一社会信用代码",
    vocabulary.FieldType.PHONE: "手机号",
    vocabulary.FieldType.REGION: "行政区划代码",
    vocabulary.FieldType.LIST: "列表",
}
PARAM_WORDS = {
    "reference": "情形或字段的标识",
    "date": "日期",
    "date_or_id": "日期或公民身份号码",
    "list": "列表字段（type: list）的标识",
}
USAGE = {
    "defined": "`defined(x)` 判断情形或字段 x 是否已填写，x 写标识",
    "age": "`age(x)` 求到办理当天的周岁，x 为日期或公民身份号码",
    "today": "`today()` 是办理当天的日期，不带参数",
    "days_between": "`days_between(a, b)` 是日期 b 减日期 a 的天数",
    "year": "`year(d)` 是日期 d 的年份",
    "count": "`count(x)` 是列表字段 x 已填写的条数，如 `count(shareholders) >= 2`",
}
FUNCTIONS_HINT = "可用的函数：defined(x)、age(x)、today()、days_between(a, b)、year(d)、count(x)"
ORDERING_HINT = "只有数字和日期可以用 < <= > >= 比较大小；判断相等用 == 或 in"
ARITH_HINT = "只有数字（整数、小数、金额）可以做 + - * /；两个日期相差的天数用 days_between(a, b)"
LIST_HINT = "列表字段（重复组）不能直接比较；按条数判断用 count(x)，如 `count(shareholders) >= 2`"
REGION_HINT = (
    "按 GB/T 2260 写 6 位代码：省级如 430000（湖南省），市级如 430100（长沙市），"
    "县级如 430102（芙蓉区）"
)


def describe(node: Node, kind: str, field: vocabulary.FieldType | None) -> str:
    """How a message names a value: `birth_date`（日期）, 文本 "内资", `a + 1`（数字）."""
    if isinstance(node, Ref) and field is not None:
        return f" `{node.name}`（{FIELD_WORDS[field]}）"
    if isinstance(node, Str | Number | Bool | Date):
        return f"{KIND_WORDS[kind]} {format_condition(node)} "
    return f" `{format_condition(node)}`（{KIND_WORDS[kind]}）"


def tidy(key: str, text: str) -> str:
    """A template argument built from `describe` pieces: no doubled spaces, none at the ends of
    the message (`problem` starts after “：”, `found` ends it)."""
    if key not in ("problem", "found"):
        return text
    text = re.sub(r" {2,}", " ", text)
    return text.strip() if key == "problem" else text.rstrip()


def choice_hint(value: str, choices: Sequence[str]) -> str:
    """A choice is text, so it is quoted as text (“…”), not as an id."""
    close = suggest(value, choices)
    return f"是否应为“{close}”？" if close else "把值改为其中之一，或在定义中增加这个选项"


def mismatch_hint(left_kind: str, right: Node, right_kind: str) -> str | None:
    if isinstance(right, Str) and left_kind == "number":
        return "数字不要加引号，如 `area <= 300`"
    if isinstance(right, Str) and left_kind == "date":
        return "日期不加引号，直接写 2023-05-31"
    if isinstance(right, Number | Date) and left_kind == "text":
        return f'文本值要加英文引号，如 "{format_condition(right)}"'
    if "boolean" in (left_kind, right_kind):
        return "“是/否”情形直接写它的标识，或与 true / false 比较"
    if "list" in (left_kind, right_kind):
        return LIST_HINT
    return None


def boolean_hint(node: Node, field: vocabulary.FieldType | None, choices: Sequence[str]) -> str:
    if isinstance(node, Ref) and field is vocabulary.FieldType.CHOICE and choices:
        return f'选择题要与选项比较，如 `{node.name} == "{choices[0]}"`'
    if isinstance(node, Ref) and field is vocabulary.FieldType.LIST:
        return f"列表字段按条数判断，如 `count({node.name}) >= 1`"
    if isinstance(node, Ref) and field is not None:
        return f"判断是否填写用 `defined({node.name})`；否则写成比较，如 `{node.name} == …`"
    return "写成比较（如 `area <= 300`），或用 and / or 连接几个条件"
