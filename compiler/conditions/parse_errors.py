"""Words for condition syntax errors: malformed examples for lark's `match_examples`, and the
hints for the usual slips (full-width punctuation, Chinese words used as operators).

Pure data and string functions; `parse.py` decides where an error is, this module what to say.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from lark import Token

from dsl.fullwidth import CONDITION_FULLWIDTH

Label = tuple[str, str | None]  # (problem, hint)

_OPERATORS_HINT = "两个条件之间用 `and` 或 `or` 连接；比较用 `==`、`!=`、`<`、`>=` 等"
_CHAIN_HINT = "比较不能连写：把 `a < b < c` 写成 `a < b and b < c`"

# (problem, hint) → malformed conditions; the parser state and token they fail on pick the label.
# fmt: off
EXAMPLES: list[tuple[Label, list[str]]] = [
    (("比较不能连写", _CHAIN_HINT), [
        "a < b < c", "a == 1 == b", "a in [1] == b", "1 < 2 in [1]", "(a < b < c)",
        "f(a < b < c)",
    ]),
    (("括号没有闭合", "在条件的末尾补上右括号 `)`"), [
        "(a", "(a and b", "(a == 1", "(1 + 2", "(a in [1]", "(not a", "age(a", "f(a, b",
    ]),
    (("多了一个右括号 `)`", "删去多余的 `)`，或在前面补上 `(`"), ["a)", "a == 1)", "a and b)"]),
    (("条件没有写完：`and` / `or` / `not` 后面缺少条件", "在它后面写上一个条件"), [
        "a and", "a or", "not", "a and or b", "not and b", "a or and",
    ]),
    (("比较符号后面缺少要比较的值", "在比较符号后写上一个值，如 `area <= 300`"), [
        "a ==", "a <", "a in_region", "a >= and b",
    ]),
    (("运算符后面缺少数字", "在 + - * / 后面写上一个数字或字段"), ["a +", "a *", "a -", "-"]),
    (("两个值之间缺少运算符", _OPERATORS_HINT), [
        "a b", "a == 1 b", "1 2", 'a "x"', "a == 2023-01-01 b", "(a) b", "true b",
        "a and b c", "not a b", "a == b c", "a + b c", "f(a) b", "x in [1] b", "a or b c",
        "a or b == c d", "a (b)", "a and (b) c", "a == -b c", "a == f(x) b", "(a b)",
        "f(a b)", "(a == 1 b)", "f(a == 1 b)",
    ]),
    (("比较符号不能连着写", "不等于写作 `!=`，大于等于写作 `>=`，小于等于写作 `<=`"), [
        "a <> 1", "a > > 1", "a == == 1",
    ]),
    (("`defined` 后面应是括号", "`defined` 是函数名，写作 `defined(标识)`，不能用作标识"), [
        "defined == 1", "defined and a", "defined", "defined a", "defined in [1]", "defined)",
    ]),
    (("`in` 后面应是方括号里的列表", '写成 `x in ["甲", "乙"]`'), ["a in b", "a in 1", "a not in b"]),
    (("列表缺少右方括号 `]`", '列表写作 `["甲", "乙"]`'), ["a in [1, 2", "a in [1", "a in ["]),
    (("列表的值之间缺少逗号", '列表写作 `["甲", "乙"]`，值之间用英文逗号分开'), ["a in [1 2]"]),
    (("`not` 后面应是 `in`，或把 `not` 写在条件的前面", "写成 `x not in [..]` 或 `not x == 1`"), [
        "a not b",
    ]),
]
# fmt: on

# Chinese words an analyst might write for an operator, longest first when matching.
CHINESE_OPERATORS = {
    "并且": "and", "而且": "and", "且": "and", "和": "and", "与": "and",
    "或者": "or", "或": "or", "非": "not",
    "不等于": "!=", "大于等于": ">=", "小于等于": "<=", "等于": "==",
    "不小于": ">=", "不大于": "<=", "不超过": "<=", "不低于": ">=", "大于": ">", "小于": "<",
    "超过": ">", "低于": "<", "属于": "in", "不属于": "not in",
}  # fmt: skip

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "defined", "in_region"})

_EXPECTED_WORDS = [
    ({"AND", "OR"}, "`and` 或 `or`"),
    ({"COMP"}, "比较符号（== != < <= > >=）"),
    ({"IN", "IN_REGION"}, "`in` / `in_region`"),
    ({"PLUS", "STAR", "SLASH"}, "运算符 + - * /"),
    ({"RPAR"}, "右括号 `)`"),
    ({"RSQB"}, "右方括号 `]`"),
    ({"LSQB"}, "左方括号 `[`"),
    ({"COMMA"}, "逗号 `,`"),
    ({"LPAR"}, "左括号 `(`"),
    ({"$END"}, "条件结束"),
]
_VALUE_STARTERS = {"NAME", "NUMBER", "STRING", "DATE"}
_TOKEN_KINDS = {"NAME": "标识", "NUMBER": "数字", "STRING": "文本", "DATE": "日期"}


def unescape(body: str) -> str:
    """The value of a quoted literal's body: `\\"`, `\\'` and `\\\\` stand for the character."""
    return re.sub(r"\\(.)", r"\1", body)


def unexpected(token: Token | None, expected: Collection[str]) -> Label:
    """`这里不应出现 …，应为 …` in words from lark's terminal names, and a hint for keywords."""
    if token is None or token.type == "$END":
        found = "条件在这里就结束了"
    elif token.type in _TOKEN_KINDS:
        found = f"这里不应出现{_TOKEN_KINDS[token.type]} `{token.value}`"
    else:
        found = f"这里不应出现 `{token.value}`"
    wanted = describe_expected(expected)
    problem = f"{found}，应为 {wanted}" if wanted else found
    return problem, _keyword_hint(token)


def _keyword_hint(token: Token | None) -> str | None:
    if token is None or token.value not in KEYWORDS:
        return None
    if token.value == "defined":
        return "`defined` 是函数，写作 `defined(标识)`"
    return f"`{token.value}` 是保留字，不能用作情形或字段的标识"


def describe_expected(expected: Collection[str]) -> str:
    words = []
    if _VALUE_STARTERS & set(expected):
        words.append("一个值（标识、数字、文本或日期）或左括号 `(`")
        expected = set(expected) - {"LPAR"}  # already said
    words += [text for names, text in _EXPECTED_WORDS if names & set(expected)]
    return "、".join(words)


def bad_character(text: str, pos: int) -> tuple[str, str | None, int]:
    """(problem, hint, end offset) for a character no token can start with."""
    char = text[pos]
    if char in CONDITION_FULLWIDTH:
        return f"全角标点 {char} 不能作条件的符号", fullwidth_hint(text), pos + 1
    if word := _chinese_operator_at(text, pos):
        hint = f"“{word}”请写作 `{CHINESE_OPERATORS[word]}`"
        return f"条件里不能用中文“{word}”表示运算", hint, pos + len(word)
    if char in "\"'":
        return _bad_string(text, pos)
    if name := re.match(r"[A-Za-z_][A-Za-z0-9_]*", text[pos:]):
        return _bad_name(name.group(), pos)
    if _is_cjk(char):
        word = re.match(r"\w+", text[pos:]).group()  # type: ignore[union-attr]
        hint = (
            '文本值要加英文引号，如 "内资企业"；引用情形或字段请写它的英文标识，如 `join_insurance`'
        )
        return f"“{word}”既没有加引号，也不是情形或字段的标识", hint, pos + len(word)
    return _bad_symbol(char), _SYMBOL_HINTS.get(char), pos + 1


_SYMBOL_HINTS = {
    "=": "判断相等请写 `==`，大于等于写 `>=`，小于等于写 `<=`",
    "!": "不等请写 `!=`，“不是”请写 `not`",
    "&": "“并且”请写 `and`",
    "|": "“或者”请写 `or`",
    ".": "小数写作 12.5，小数点前后都要有数字",
}


def _bad_symbol(char: str) -> str:
    if char == "=":
        return "`=` 不是比较符号"
    if char.isspace() or not char.isprintable():
        return f"这里有不可见字符 U+{ord(char):04X}"
    return f"这里不能出现“{char}”"


def fullwidth_hint(text: str) -> str:
    used = sorted({c for c in text if c in CONDITION_FULLWIDTH}, key=text.index)
    fixes = "；".join(f"{c} 改为 {CONDITION_FULLWIDTH[c]}" for c in used)
    return f"条件中的括号、引号、逗号和比较符号要用半角（英文）字符：{fixes}"


def _chinese_operator_at(text: str, pos: int) -> str | None:
    for word in sorted(CHINESE_OPERATORS, key=len, reverse=True):
        if text.startswith(word, pos):
            return word
    return None


def _bad_string(text: str, pos: int) -> tuple[str, str | None, int]:
    quote = text[pos]
    body = text[pos + 1 :]
    if re.match(rf"(?:[^{quote}\\\n\r]|\\.)*\\[^\"'\\]", body):
        hint = "引号内只有 \\\" \\' \\\\ 三种转义；要写反斜杠本身请写 \\\\"
        return "文本里有无法识别的转义", hint, len(text)
    hint = f"文本要写在一对英文引号之间，如 {quote}内资企业{quote}"
    return "文本缺少结束引号", hint, len(text)


def _bad_name(word: str, pos: int) -> tuple[str, str | None, int]:
    end = pos + len(word)
    if word.lower() in KEYWORDS:
        return f"`{word}` 应写成小写 `{word.lower()}`", "关键字和标识都用小写英文字母", end
    problem = f"标识 `{word}` 不合规：只能用小写英文字母、数字和下划线，且以字母开头"
    return problem, f"是否应为 `{word.lower().lstrip('_')}`？", end


def _is_cjk(char: str) -> bool:
    return unicodedata.category(char) == "Lo"
