"""The condition language: parse, print, type-check, evaluate, and JsonLogic agreeing with it."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from decimal import Decimal
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    children,
)
from compiler.conditions.evaluate import evaluate
from compiler.conditions.format import format_condition
from compiler.conditions.jsonlogic import CUSTOM_OPERATIONS, custom_operations, to_jsonlogic
from compiler.conditions.parse import ConditionError, parse_condition
from compiler.conditions.parse_errors import KEYWORDS
from compiler.conditions.types import TypeInfo, check_condition
from compiler.ir import FieldType as F
from dsl.diagnostics import Code

FAST = settings(
    derandomize=True,
    deadline=None,
    max_examples=300,
    suppress_health_check=[HealthCheck.too_slow],
)
TODAY = dt.date(2024, 6, 1)
# The JsonLogic reference engine is panzi-json-logic (import name json_logic).
needs_json_logic = pytest.mark.skipif(
    importlib.util.find_spec("json_logic") is None, reason="pip install panzi-json-logic"
)
CHOICES = ("内资企业", "外商投资企业", "个体工商户")
ENV = {
    "join_insurance": TypeInfo(F.BOOLEAN),
    "is_first_child": TypeInfo(F.BOOLEAN),
    "children": TypeInfo(F.INTEGER),
    "floor_area": TypeInfo(F.DECIMAL),
    "capital": TypeInfo(F.MONEY),
    "birth_date": TypeInfo(F.DATE),
    "apply_date": TypeInfo(F.DATE),
    "company_name": TypeInfo(F.TEXT),
    "mobile": TypeInfo(F.PHONE),
    "enterprise_type": TypeInfo(F.CHOICE, CHOICES),
    "mother_id": TypeInfo(F.ID_NUMBER),
    "credit_code": TypeInfo(F.CREDIT_CODE),
    "household_region": TypeInfo(F.REGION),
    "shareholders": TypeInfo(F.LIST),
    "family_members": TypeInfo(F.LIST),
}


def p(text: str) -> Node:
    return parse_condition(text)


def spans(node: Node) -> list[tuple[int, int]]:
    return [node.span, *(s for child in children(node) for s in spans(child))]


# --- parsing and printing -----------------------------------------------------------------------

CANONICAL = [
    "join_insurance",
    "join_insurance and household_region in_region 430100",
    'enterprise_type == "内资企业"',
    "floor_area <= 300",
    "not (a or b) and c",
    "a or b and c",
    "(a or b) and c",
    "not not a",
    "(not a) == false",
    "a - (b - c) * -d",
    "-(a + b) / 2.50",
    'x in ["甲", "乙"]',
    "x not in [1, -2, 3 + 4]",
    "x in []",
    "defined(mother_id) and age(mother_id) >= 18",
    "days_between(birth_date, today()) < 30 or year(apply_date) == 2024",
    "birth_date < 2023-05-31",
    "a == 2023 - 5 - 31",
    '"a\\"b\\\\c" == t',
    "(a < b) == (c < d)",
    "f(a and b, -1)",
    "x == 5.0",
    "count(shareholders) >= 2",
]


@pytest.mark.parametrize("text", CANONICAL)
def test_canonical_text_prints_as_written(text: str) -> None:
    assert format_condition(p(text)) == text


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("(a==1)and(b or(c))", "a == 1 and (b or c)"),
        ("  a\tand\n b ", "a and b"),
        ("x == '单引号'", 'x == "单引号"'),
        ("x == 'it\\'s'", 'x == "it\'s"'),
        ("((a))", "a"),
        ("- - a", "--a"),
        ("a\u3000and\u3000b", "a and b"),
        ("x in [ 1 ,2 ]", "x in [1, 2]"),
        ("a or (b or c)", "a or (b or c)"),
        ("(a or b) or c", "a or b or c"),
    ],
)
def test_format_gives_canonical_text(text: str, canonical: str) -> None:
    assert format_condition(p(text)) == canonical
    assert p(canonical) == p(text)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("a or b and c", BoolOp("or", Ref("a"), BoolOp("and", Ref("b"), Ref("c")))),
        ("not a and b", BoolOp("and", Not(Ref("a")), Ref("b"))),
        ("not a == 1", Not(Compare("==", Ref("a"), Number(1)))),
        ("a + b * c", Arith("+", Ref("a"), Arith("*", Ref("b"), Ref("c")))),
        ("a - b - c", Arith("-", Arith("-", Ref("a"), Ref("b")), Ref("c"))),
        ("-a * b", Arith("*", Neg(Ref("a")), Ref("b"))),
        (
            "a + 1 < b * 2",
            Compare("<", Arith("+", Ref("a"), Number(1)), Arith("*", Ref("b"), Number(2))),
        ),
        ("a == b and c", BoolOp("and", Compare("==", Ref("a"), Ref("b")), Ref("c"))),
        ("x not in [1]", Compare("not in", Ref("x"), ListExpr((Number(1),)))),
        ("2023-05-31", Date(dt.date(2023, 5, 31))),
        ("2023 - 05 - 31", Arith("-", Arith("-", Number(2023), Number(5)), Number(31))),
        ("12.5", Number(Decimal("12.5"))),
        ("true or false", BoolOp("or", Bool(True), Bool(False))),
        ("defined(x)", Call("defined", (Ref("x"),))),
        ("andy or order", BoolOp("or", Ref("andy"), Ref("order"))),
        ("r in_region 430100", Compare("in_region", Ref("r"), Number(430100))),
    ],
)
def test_precedence_and_associativity(text: str, tree: Node) -> None:
    assert p(text) == tree


def test_spans_are_offsets_into_the_text() -> None:
    text = 'join_insurance and (enterprise_type == "内资企业")'
    node = p(text)
    assert isinstance(node, BoolOp)
    assert node.span == (0, len(text))
    assert node.left.span == (0, 14)
    compare = node.right
    assert isinstance(compare, Compare)
    assert text[slice(*compare.span)] == 'enterprise_type == "内资企业"'
    assert text[slice(*compare.right.span)] == '"内资企业"'


def test_call_and_literal_spans() -> None:
    text = "age(mother_id) >= 18 and true"
    node = p(text)
    assert [text[a:b] for a, b in spans(node)] == [
        text, "age(mother_id) >= 18", "age(mother_id)", "mother_id", "18", "true",
    ]  # fmt: skip


def test_spans_are_ignored_by_equality() -> None:
    assert p("a") == Ref("a", span=(5, 6))
    assert hash(p("a and b")) == hash(p("(a)  and  (b)"))


# --- syntax errors ------------------------------------------------------------------------------

SYNTAX_ERRORS = [
    # text, start, end, words in the problem, words in the hint
    ("", 0, 0, "空", None),
    ("a < b < c", 6, 7, "比较不能连写", "a < b and b < c"),
    ("(a == 1 and b", 13, 13, "括号没有闭合", ")"),
    ("age(x", 5, 5, "括号没有闭合", None),
    ("a and b)", 7, 8, "多了一个右括号", None),
    ("a and", 5, 5, "后面缺少条件", None),
    ("a ==", 4, 4, "缺少要比较的值", None),
    ("a b", 2, 3, "缺少运算符", "and"),
    ("a == 1 and b == 2 c", 18, 19, "缺少运算符", None),
    ("x in y", 5, 6, "方括号", None),
    ("x in [1, 2", 10, 10, "右方括号", None),
    ("x in [1 2]", 8, 9, "逗号", None),
    ("a = 1", 2, 3, "`=`", "=="),
    ('a == "abc', 5, 9, "结束引号", None),
    ('a == "a\\n"', 5, 10, "转义", None),
    ("AND", 0, 3, "小写", None),
    ("Area > 1", 0, 4, "标识 `Area` 不合规", "area"),
    ("x == 2023-02-30", 5, 15, "日期 2023-02-30 不存在", None),
    ("a.b", 1, 2, "“.”", "12.5"),
    ("x,y", 1, 2, "这里不应出现 `,`", None),
    (")", 0, 1, "应为 一个值", None),
    ("f(a,", 4, 4, "条件在这里就结束了", None),
    ("x <> 1", 3, 4, "比较符号不能连着写", "!="),
    ("defined == 1", 8, 10, "`defined` 后面应是括号", "defined(标识)"),
    ("in == 1", 0, 2, "这里不应出现 `in`", "保留字"),
]


@pytest.mark.parametrize(("text", "start", "end", "problem", "hint"), SYNTAX_ERRORS)
def test_syntax_errors_say_what_is_wrong(
    text: str, start: int, end: int, problem: str, hint: str | None
) -> None:
    with pytest.raises(ConditionError) as info:
        p(text)
    err = info.value
    assert err.code is Code.E301
    assert (err.offset_start, err.offset_end) == (start, end)
    assert problem in err.problem
    assert err.message == Code.E301.template.format(condition=text.strip(), problem=err.problem)
    if hint is not None:
        assert err.hint is not None and hint in err.hint


@pytest.mark.parametrize(
    ("text", "start", "hint"),
    [
        ("a （b)", 2, "（ 改为 ("),
        ("x == “内资企业”", 5, '“ 改为 "'),
        ("a ＝＝ 1", 2, "＝ 改为 ="),
        ("x in [1，2]", 7, "， 改为 ,"),
        ("a 且 b", 2, "`and`"),
        ("a 或者 b", 2, "`or`"),
        ("非 a", 0, "`not`"),
        ("x 等于 1", 2, "`==`"),
        ("area 不超过 300", 5, "`<=`"),
    ],
)
def test_full_width_and_chinese_operators_get_a_hint(text: str, start: int, hint: str) -> None:
    with pytest.raises(ConditionError) as info:
        p(text)
    assert info.value.offset_start == start
    assert info.value.hint is not None and hint in info.value.hint


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("not " * 150 + "a", "嵌套 151 层"),
        ("- " * 150 + "a > 1", "嵌套 152 层"),
        (" and ".join(["a"] * 150), "有 150 项"),
        (" + ".join(["a"] * 100) + " > 1", "有 101 项"),
    ],
)
def test_nesting_and_terms_are_limited_with_e133(text: str, problem: str) -> None:
    with pytest.raises(ConditionError) as info:
        p(text)
    assert info.value.code is Code.E133
    assert info.value.problem.startswith(problem)


def test_parentheses_alone_are_free() -> None:
    assert p("(" * 150 + "a" + ")" * 150 + " == b") == Compare("==", Ref("a"), Ref("b"))


def test_chinese_words_outside_quotes_suggest_quotes_or_ids() -> None:
    with pytest.raises(ConditionError) as info:
        p('企业类型 == "内资企业"')
    err = info.value
    assert (err.offset_start, err.offset_end) == (0, 4)
    assert "企业类型" in err.problem and err.hint and "引号" in err.hint


LARK_WORDS = re.compile(r"Unexpected|Expected|Token\(|\$END|line \d|column")


@pytest.mark.parametrize("text", [t for t, *_ in SYNTAX_ERRORS] + ["a （b)", "(", "a in [1,]"])
def test_lark_text_never_leaks(text: str) -> None:
    with pytest.raises(ConditionError) as info:
        p(text)
    err = info.value
    assert not LARK_WORDS.search(err.message + (err.hint or ""))
    leaked = set(re.findall(r"[A-Z_$]{2,}", err.problem)) - set(re.findall(r"[A-Z_]+", text))
    assert not leaked, err.problem  # no terminal names such as NAME, RPAR, $END


# --- type errors --------------------------------------------------------------------------------

TYPE_ERRORS = [
    # text, [(code, (start, end))]
    ('floor_area <= "300"', [(Code.E303, (0, 19))]),
    ('birth_date < "2023-01-01"', [(Code.E303, (0, 25))]),
    ("company_name == 12", [(Code.E303, (0, 18))]),
    ("birth_date == company_name", [(Code.E303, (0, 26))]),
    ("join_insurance == 1", [(Code.E303, (0, 19))]),
    ('company_name < "m"', [(Code.E303, (0, 18))]),
    ("join_insurance > false", [(Code.E303, (0, 22))]),
    ('enterprise_type >= "内资企业"', [(Code.E303, (0, 25))]),
    ("company_name + 1 > 2", [(Code.E303, (0, 12))]),
    ("-birth_date < 1", [(Code.E303, (1, 11))]),
    ('children in [1, "2"]', [(Code.E303, (16, 19))]),
    ("floor_area in_region 430100", [(Code.E303, (0, 10))]),
    ('enterprise_type == "外资企业"', [(Code.E304, (19, 25))]),
    ('"外资" != enterprise_type', [(Code.E304, (0, 4))]),
    ('enterprise_type in ["内资企业", "国企"]', [(Code.E304, (28, 32))]),
    ("floor_area", [(Code.E305, (0, 10))]),
    ("enterprise_type", [(Code.E305, (0, 15))]),
    ("join_insurance and children", [(Code.E305, (19, 27))]),
    ("children + 1 or join_insurance", [(Code.E305, (0, 12))]),
    ("not company_name", [(Code.E305, (4, 16))]),
    ("age(floor_area) > 18", [(Code.E306, (4, 14))]),
    ("age(birth_date, today()) > 18", [(Code.E306, (0, 24))]),
    ("today(1) > birth_date", [(Code.E306, (0, 8))]),
    ("days_between(birth_date) > 1", [(Code.E306, (0, 24))]),
    ("year(company_name) == 2024", [(Code.E306, (5, 17))]),
    ("defined(children + 1)", [(Code.E306, (8, 20))]),
    ("agee(birth_date) > 1", [(Code.E306, (0, 16))]),
    ("count(children) > 1", [(Code.E306, (6, 14))]),
    ("count(today()) > 1", [(Code.E306, (6, 13))]),
    ("count(shareholders, family_members) > 1", [(Code.E306, (0, 35))]),
    ("shareholders", [(Code.E305, (0, 12))]),
    ("shareholders == 2", [(Code.E303, (0, 17))]),
    ("shareholders > family_members", [(Code.E303, (0, 29))]),
    ("count(shareholders) == company_name", [(Code.E303, (0, 35))]),
    ("household_region in_region 4301", [(Code.E307, (27, 31))]),
    ('household_region in_region "43010"', [(Code.E307, (27, 34))]),
    ("household_region in_region 990100", [(Code.E307, (27, 33))]),
    ("household_region in_region children", [(Code.E307, (27, 35))]),
    ("join_insurence", [(Code.E201, (0, 14))]),
    ("defined(nothing)", [(Code.E201, (8, 15))]),
    ('floor_area > "1" and company_name', [(Code.E303, (0, 16)), (Code.E305, (21, 33))]),
]


@pytest.mark.parametrize(("text", "expected"), TYPE_ERRORS)
def test_type_errors_have_codes_and_offsets(text: str, expected: list[Any]) -> None:
    problems = check_condition(p(text), ENV)
    assert [(x.code, x.span) for x in problems] == expected


def test_unknown_reference_suggests_a_close_id() -> None:
    [problem] = check_condition(p("join_insurence"), ENV)
    assert problem.message == "找不到情形或字段 `join_insurence`"
    assert problem.hint == "是否应为 `join_insurance`？"


def test_unknown_choice_lists_the_choices() -> None:
    [problem] = check_condition(p('enterprise_type == "外资企业"'), ENV)
    assert problem.message == (
        "`enterprise_type` 没有选项“外资企业”，可选的是：“内资企业”、“外商投资企业”、“个体工商户”"
    )
    assert problem.hint == "是否应为“外商投资企业”？"


def test_messages_name_the_values_and_their_types() -> None:
    [problem] = check_condition(p('floor_area <= "300"'), ENV)
    assert problem.message == '条件中的类型不匹配：`floor_area`（小数）不能与文本 "300" 比较'
    assert problem.hint == "数字不要加引号，如 `area <= 300`"
    [problem] = check_condition(p("floor_area"), ENV)
    assert problem.message == "条件应是“是/否”的判断，这里是 `floor_area`（小数）"


def test_a_list_field_is_counted_not_compared() -> None:
    [problem] = check_condition(p("shareholders"), ENV)
    assert problem.message == "条件应是“是/否”的判断，这里是 `shareholders`（列表）"
    assert problem.hint == "列表字段按条数判断，如 `count(shareholders) >= 1`"
    [problem] = check_condition(p("shareholders == 2"), ENV)
    assert problem.hint is not None and "count(" in problem.hint
    [problem] = check_condition(p("count(children) > 1"), ENV)
    assert problem.message == (
        "函数调用 `count(children)` 有误：`count` 的参数应为列表字段（type: list）的标识，"
        "这里是 `children`（整数）"
    )


def test_an_error_is_reported_once() -> None:
    problems = check_condition(p("(nothing + 1 > 2) and nothing == 1"), ENV)
    assert [x.code for x in problems] == [Code.E201, Code.E201]


@pytest.mark.parametrize(
    "text",
    [
        "join_insurance and household_region in_region 430100",
        "mother_id in_region 430000 or credit_code in_region 430102",
        "children + floor_area * 2 >= capital / 3",
        'enterprise_type in ["内资企业", "个体工商户"] and company_name != ""',
        'mobile == "13800000000" and household_region == "430102"',
        "age(mother_id) >= 18 and age(birth_date) < 3",
        "days_between(birth_date, today()) <= 30 and year(apply_date) == 2024",
        "defined(birth_date) and not defined(company_name)",
        "join_insurance == true and (is_first_child != false)",
        "birth_date < 2023-05-31 and today() > birth_date",
        "count(shareholders) >= 2 and count(family_members) + 1 <= children",
    ],
)
def test_well_typed_conditions_have_no_problems(text: str) -> None:
    assert check_condition(p(text), ENV) == []


BLOCK = re.compile(r"```yaml\n(.*?)```", re.S)


def _conditions_in_page(page: str, heading: str) -> tuple[dict[str, TypeInfo], list[str]]:
    body = page.split(f"## {heading}")[1].split("## ")[0]
    spec = yaml.safe_load(BLOCK.findall(body)[0])
    env = {
        s["id"]: TypeInfo(F(s.get("type", "boolean")), tuple(s.get("choices", ())))
        for s in spec.get("situations", [])
    }
    env |= {
        f["id"]: TypeInfo(F(f.get("type", "text")), tuple(f.get("choices", ())))
        for f in spec.get("fields", [])
    }
    return env, [item["when"] for item in spec["items"] if "when" in item]


@pytest.mark.parametrize("code", [Code.E303, Code.E304, Code.E305, Code.E306, Code.E307])
def test_explain_examples_do_what_they_say(code: Code) -> None:
    env, [wrong] = _conditions_in_page(code.explanation(), "错误示例")
    assert code in {x.code for x in check_condition(p(wrong), env)}
    env, [right] = _conditions_in_page(code.explanation(), "正确写法")
    assert check_condition(p(right), env) == []


# --- evaluation ---------------------------------------------------------------------------------

VALUES: dict[str, object] = {
    "join_insurance": True,
    "is_first_child": False,
    "children": 2,
    "floor_area": 250.5,
    "capital": Decimal("1000000.00"),
    "birth_date": dt.date(2024, 5, 20),
    "apply_date": "2024-06-01",
    "company_name": "",
    "enterprise_type": "内资企业",
    "mother_id": "43010219900601123X",
    "credit_code": "91430100MA4L16XQ8B",
    "household_region": "430102",
    "shareholders": [{"name": "甲", "id_number": "11010519491231002X"}, {"name": "乙"}],
    "family_members": [],
}


EVALUATE_CASES = [
    ("join_insurance and not is_first_child", True),
    ("household_region in_region 430000", True),
    ("household_region in_region 430100", True),
    ("household_region in_region 430102", True),
    ("household_region in_region 430103", False),
    ("household_region in_region 440000", False),
    ("mother_id in_region 430100", True),
    ("credit_code in_region 430100", True),
    ("credit_code in_region 430102", False),
    ("age(mother_id) == 34", True),
    ("age(mother_id) == 33", False),
    ("age(birth_date) == 0", True),
    ("days_between(birth_date, today()) == 12", True),
    ("days_between(today(), birth_date) == -12", True),
    ("year(apply_date) == 2024 and apply_date == today()", True),
    ("apply_date > birth_date", True),
    ("floor_area <= 300 and capital >= 1000000", True),
    ("children / 4 == 0.5", True),
    ('enterprise_type in ["内资企业", "个体工商户"]', True),
    ('enterprise_type not in ["内资企业"]', False),
    ('defined(company_name) and company_name == ""', True),
    ("count(shareholders) >= 2", True),
    ("count(shareholders) == 3", False),
    ("2 < count(shareholders)", False),
    ("count(family_members) == 0 and defined(family_members)", True),
    ("count(family_members) < 1 and count(shareholders) != 1", True),
    ("count(shareholders) * 2 + count(family_members) == 4", True),
]


@pytest.mark.parametrize(("text", "expected"), EVALUATE_CASES)
def test_evaluate(text: str, expected: bool) -> None:
    node = p(text)
    assert check_condition(node, ENV) == []
    assert evaluate(node, VALUES, TODAY, ENV) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x", False),
        ("not x", True),
        ("x == 1", False),
        ("x != 1", False),
        ("not x == 1", True),
        ("x < 1 or x >= 1", False),
        ("x in [1]", False),
        ("x not in [1]", False),
        ("1 in [x, 1]", False),
        ("defined(x)", False),
        ("not defined(x)", True),
        ("x + 1 > 0", False),
        ("-x < 0", False),
        ("age(x) >= 0", False),
        ("count(x) < 2", False),
        ("count(x) >= 0", False),
        ("year(x) > 0 or days_between(x, today()) > 0", False),
        ("x in_region 430000", False),
        ("x == x", False),
    ],
)
@needs_json_logic
def test_a_missing_value_makes_comparisons_false(text: str, expected: bool) -> None:
    for values in ({}, {"x": None}):
        assert evaluate(p(text), values, TODAY) is expected
        assert _jsonlogic(to_jsonlogic(p(text)), values, TODAY) is expected


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("x / y > 1", {"x": 1, "y": 0}, False),
        ("not (x / y > 1)", {"x": 1, "y": 0}, True),
        ("age(x) >= 0", {"x": "not-an-id"}, False),
        ("age(x) >= 0", {"x": "430102199002301234"}, False),  # 2月30日
        ("x in_region 430000", {"x": "4301"}, False),
        ("defined(x)", {"x": 0}, True),
        ("defined(x)", {"x": False}, True),
        ("x == 0.5", {"x": Decimal("0.5")}, True),
        ("x == 1", {"x": 1.0}, True),
        ("x == 2024-01-01", {"x": dt.datetime(2024, 1, 1, 8, 30)}, True),
    ],
)
def test_evaluate_edge_cases(text: str, values: dict[str, object], expected: bool) -> None:
    assert evaluate(p(text), values, TODAY) is expected


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("x", {"x": 1}),
        ("x and true", {"x": "yes"}),
        ("not x", {"x": ""}),
        ("x + 1 > 1", {"x": "1"}),
        ("x < 1", {"x": True}),
        ("x == 1", {"x": "1"}),
        ("x", {"x": [1]}),
    ],
)
def test_evaluate_has_no_truthiness(text: str, values: dict[str, object]) -> None:
    with pytest.raises(TypeError):
        evaluate(p(text), values, TODAY)


def test_age_counts_whole_years_to_the_evaluation_date() -> None:
    node = p("age(x) >= 18")
    assert evaluate(node, {"x": dt.date(2006, 6, 1)}, TODAY)
    assert not evaluate(node, {"x": dt.date(2006, 6, 2)}, TODAY)
    assert evaluate(node, {"x": "430102200606011234"}, TODAY)  # 18-digit id
    assert evaluate(node, {"x": "430102060601123"}, TODAY)  # 15-digit id: 19xx
    leap = {"x": dt.date(2024, 2, 29)}  # born on 29 February: a year older on 1 March
    assert evaluate(p("age(x) == 0"), leap, dt.date(2025, 2, 28))
    assert evaluate(p("age(x) == 1"), leap, dt.date(2025, 3, 1))


# --- JsonLogic ----------------------------------------------------------------------------------


def _jsonlogic(rule: Any, values: dict[str, object], today: dt.date) -> Any:
    from json_logic import jsonLogic
    from json_logic.builtins import BUILTINS

    ops = {name: _data_first(op) for name, op in custom_operations(today).items()}
    data = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}
    data = {k: float(v) if isinstance(v, Decimal) else v for k, v in data.items()}
    return jsonLogic(rule, data, {**BUILTINS, **ops})


def _data_first(op: Any) -> Any:
    return lambda data, *args: op(*args)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("x", {"===": [{"var": "x"}, True]}),
        ("defined(x)", {"!==": [{"var": "x"}, None]}),
        ("not x", {"!": [{"===": [{"var": "x"}, True]}]}),
        ("x != 1", {"and": [{"!==": [{"var": "x"}, None]}, {"!==": [{"var": "x"}, 1]}]}),
        ("1 <= 2.5", {"<=": [1, 2.5]}),
        ('x in ["a"]', {"and": [{"!==": [{"var": "x"}, None]}, {"in": [{"var": "x"}, ["a"]]}]}),
        (
            "x not in [1]",
            {"and": [{"!==": [{"var": "x"}, None]}, {"!": [{"in": [{"var": "x"}, [1]]}]}]},
        ),
        ("today() > 2024-01-01", {">": [{"yjs_today": []}, "2024-01-01"]}),
        (
            "a / b > 1",
            {
                "and": [
                    {"!==": [{"var": "a"}, None]},
                    {"!==": [{"var": "b"}, None]},
                    {"!==": [{"var": "b"}, 0]},
                    {">": [{"/": [{"var": "a"}, {"var": "b"}]}, 1]},
                ]
            },
        ),
        (
            "year(d) == 2024",
            {
                "and": [
                    {"!==": [{"var": "d"}, None]},
                    {"!==": [{"yjs_year": [{"var": "d"}]}, None]},
                    {"===": [{"yjs_year": [{"var": "d"}]}, 2024]},
                ]
            },
        ),
    ],
)
def test_jsonlogic_shapes(text: str, rule: Any) -> None:
    assert to_jsonlogic(p(text)) == rule


def test_in_region_carries_the_kind_of_value() -> None:
    rule = to_jsonlogic(p("mother_id in_region 430100"), ENV)
    assert rule["and"][-1] == {"yjs_in_region": [{"var": "mother_id"}, "430100", "id_number"]}
    assert to_jsonlogic(p("a in_region 430100"))["and"][-1]["yjs_in_region"][2] == "region"


def test_custom_operations_cover_every_yjs_op() -> None:
    used = set(
        re.findall(r"yjs_\w+", str(to_jsonlogic(p(CANONICAL[14] + " and " + CANONICAL[15]))))
    )
    assert used <= set(CUSTOM_OPERATIONS)
    assert set(CUSTOM_OPERATIONS) == {
        "yjs_today", "yjs_age", "yjs_days_between", "yjs_year", "yjs_in_region",
    }  # fmt: skip
    assert CUSTOM_OPERATIONS["yjs_today"]() == dt.date.today().isoformat()
    assert custom_operations(TODAY)["yjs_today"]() == "2024-06-01"
    assert CUSTOM_OPERATIONS["yjs_age"]("2006-06-01", "2024-06-01") == 18
    assert CUSTOM_OPERATIONS["yjs_in_region"]("91430100MA4L16XQ8B", "430000", "credit_code")


@needs_json_logic
@pytest.mark.parametrize(("text", "expected"), EVALUATE_CASES)
def test_jsonlogic_agrees_on_the_examples(text: str, expected: bool) -> None:
    node = p(text)
    assert _jsonlogic(to_jsonlogic(node, ENV), VALUES, TODAY) is expected


# --- properties ---------------------------------------------------------------------------------

NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(lambda s: s not in KEYWORDS)
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=8)
DECIMALS = st.tuples(st.integers(0, 10**9), st.from_regex(r"[0-9]{1,4}", fullmatch=True)).map(
    lambda t: Decimal(f"{t[0]}.{t[1]}")
)
LITERALS = st.one_of(
    TEXT.map(Str),
    st.integers(0, 10**12).map(Number),
    DECIMALS.map(Number),
    st.booleans().map(Bool),
    st.dates().map(Date),
)
ATOMS = st.one_of(LITERALS, NAMES.map(Ref))


def _extend(nodes: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    ops = st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "in_region"])
    items = st.lists(nodes, max_size=3).map(lambda xs: ListExpr(tuple(xs)))
    return st.one_of(
        nodes.map(Not),
        nodes.map(Neg),
        st.builds(BoolOp, st.sampled_from(["and", "or"]), nodes, nodes),
        st.builds(Arith, st.sampled_from(["+", "-", "*", "/"]), nodes, nodes),
        st.builds(Compare, ops, nodes, nodes),
        st.builds(Compare, st.sampled_from(["in", "not in"]), nodes, items),
        st.builds(Call, NAMES | st.just("defined"), st.lists(nodes, max_size=3).map(tuple)),
    )


TREES = st.recursive(ATOMS, _extend, max_leaves=12)


@FAST
@given(TREES)
def test_any_tree_prints_to_text_that_parses_back_to_it(tree: Node) -> None:
    text = format_condition(tree)
    assert p(text) == tree
    assert format_condition(p(text)) == text


SOUP = st.lists(
    st.sampled_from(
        ["a", "b1", "and", "or", "not", "in", "in_region", "(", ")", "[", "]", ",", "==", "<",
         ">=", "!=", "+", "-", "*", "/", "1", "2.5", "2023-05-31", '"甲"', "'乙'", "true",
         "defined", "age", "today", "且", "（", "＝", "=", '"', "\\", ".", "A", "\u3000"]
    ),
    max_size=12,
).map(" ".join)  # fmt: skip


@FAST
@given(st.one_of(st.text(max_size=30), SOUP))
def test_any_text_gives_a_node_or_a_condition_error(text: str) -> None:
    try:
        node = p(text)
    except ConditionError as err:
        assert err.code is Code.E301
        assert 0 <= err.offset_start <= err.offset_end <= len(text)
        assert not LARK_WORDS.search(err.message)
        return
    assert all(0 <= a <= b <= len(text) for a, b in spans(node))
    assert p(format_condition(node)) == node
    for problem in check_condition(node, ENV):  # never raises, whatever the tree
        assert 0 <= problem.span[0] <= problem.span[1] <= len(text)


# Well-typed conditions over a small env, and values for it.
T_ENV = {
    "b1": TypeInfo(F.BOOLEAN),
    "b2": TypeInfo(F.BOOLEAN),
    "n1": TypeInfo(F.INTEGER),
    "n2": TypeInfo(F.DECIMAL),
    "m1": TypeInfo(F.MONEY),
    "d1": TypeInfo(F.DATE),
    "d2": TypeInfo(F.DATE),
    "t1": TypeInfo(F.TEXT),
    "c1": TypeInfo(F.CHOICE, ("甲", "乙", "丙")),
    "id1": TypeInfo(F.ID_NUMBER),
    "cc1": TypeInfo(F.CREDIT_CODE),
    "r1": TypeInfo(F.REGION),
    "l1": TypeInfo(F.LIST),
}
REGIONS = ["430000", "430100", "430102", "430103", "440305", "110101"]


def _refs(*types: F) -> st.SearchStrategy[Node]:
    return st.sampled_from([Ref(n) for n, t in T_ENV.items() if t.type in types])


def _list(items: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.lists(items, max_size=3).map(lambda xs: ListExpr(tuple(xs)))


# Strategies are built once: building them inside a draw makes hypothesis re-validate each time.
DATES = st.one_of(
    _refs(F.DATE),
    st.dates(dt.date(1950, 1, 1), dt.date(2050, 1, 1)).map(Date),
    st.just(Call("today", ())),
)
NUMBER_LEAVES = st.one_of(
    _refs(F.INTEGER, F.DECIMAL, F.MONEY),
    st.integers(0, 1000).map(Number),
    st.sampled_from(["0.5", "2.25", "100.0"]).map(lambda s: Number(Decimal(s))),
    _refs(F.DATE, F.ID_NUMBER).map(lambda x: Call("age", (x,))),
    DATES.map(lambda d: Call("year", (d,))),
    st.tuples(DATES, DATES).map(lambda ds: Call("days_between", ds)),
    st.just(Call("count", (Ref("l1"),))),
)
DIVISORS = st.sampled_from([Number(0), Ref("n1")]) | NUMBER_LEAVES  # often zero: no value


@st.composite
def _numbers(draw: st.DrawFn, depth: int) -> Node:
    shape = draw(st.integers(0, 5)) if depth else 0
    if shape == 3:
        return Neg(draw(_numbers(depth - 1)))
    if shape > 3:
        op = draw(st.sampled_from(["+", "-", "*", "/"]))
        right = DIVISORS if op == "/" else _numbers(depth - 1)
        return Arith(op, draw(_numbers(depth - 1)), draw(right))
    return draw(NUMBER_LEAVES)


NUMBERS = _numbers(2)
TEXT_PAIRS = st.one_of(
    st.tuples(
        _refs(F.TEXT, F.PHONE, F.REGION, F.ID_NUMBER), st.sampled_from(["", "x", "430102"]).map(Str)
    ),
    st.tuples(_refs(F.CHOICE), st.sampled_from(["甲", "乙", "丙"]).map(Str)),
    st.just((Ref("t1"), Ref("c1"))),
)
ANY_OP = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
EQ_OP = st.sampled_from(["==", "!="])
REGION_CODES = st.sampled_from([Number(int(r)) for r in REGIONS] + [Str(r) for r in REGIONS])
COMPARISONS = st.one_of(
    st.builds(Compare, ANY_OP, NUMBERS, NUMBERS),
    st.builds(Compare, ANY_OP, DATES, DATES),
    st.builds(lambda op, pair: Compare(op, *pair), EQ_OP, TEXT_PAIRS),
    st.builds(Compare, EQ_OP, _refs(F.BOOLEAN), st.booleans().map(Bool)),
    st.builds(Compare, st.sampled_from(["in", "not in"]), NUMBERS, _list(NUMBERS)),
    st.builds(Compare, st.just("in_region"), _refs(F.REGION, F.ID_NUMBER, F.CREDIT_CODE), REGION_CODES),
)  # fmt: skip
BOOLEAN_LEAVES = st.one_of(
    _refs(F.BOOLEAN),
    st.booleans().map(Bool),
    st.sampled_from([Ref(n) for n in T_ENV]).map(lambda r: Call("defined", (r,))),
    COMPARISONS,
)


@st.composite
def _typed_conditions(draw: st.DrawFn, depth: int) -> Node:
    shape = draw(st.integers(0, 5)) if depth else 0
    if shape == 3:
        return Not(draw(_typed_conditions(depth - 1)))
    if shape > 3:
        op = draw(st.sampled_from(["and", "or"]))
        return BoolOp(op, draw(_typed_conditions(depth - 1)), draw(_typed_conditions(depth - 1)))
    return draw(BOOLEAN_LEAVES)


def _id_numbers() -> st.SearchStrategy[str]:
    born = st.dates(dt.date(1940, 1, 1), dt.date(2024, 12, 31)).map(lambda d: d.strftime("%Y%m%d"))
    valid = st.tuples(
        st.sampled_from(REGIONS), born, st.from_regex(r"[0-9]{3}[0-9X]", fullmatch=True)
    )
    return st.one_of(valid.map("".join), st.just("bad"), st.just("430102199002301234"))


def _values() -> st.SearchStrategy[dict[str, object]]:
    numbers = st.one_of(st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False), st.just(0))
    dates = st.dates(dt.date(1950, 1, 1), dt.date(2050, 1, 1))
    by_name: dict[str, st.SearchStrategy[object]] = {
        "b1": st.booleans(), "b2": st.booleans(), "n1": st.just(0) | st.integers(-1000, 1000),
        "n2": numbers, "m1": numbers, "d1": dates, "d2": dates,
        "t1": st.sampled_from(["", "x", "甲", "430102"]), "c1": st.sampled_from(["甲", "乙", "丙"]),
        "id1": _id_numbers(),
        "cc1": st.sampled_from(REGIONS).map(lambda r: f"91{r}MA4L16XQ8B"),
        "r1": st.sampled_from([*REGIONS, "4301", "abcdef"]),
        "l1": st.lists(st.fixed_dictionaries({"name": st.sampled_from(["甲", "乙"])}), max_size=4),
    }  # fmt: skip
    unanswered = st.sets(st.sampled_from(sorted(by_name)), max_size=4)
    return st.builds(_unanswer, st.fixed_dictionaries(by_name), unanswered, st.booleans())


def _unanswer(values: dict[str, object], names: set[str], as_null: bool) -> dict[str, object]:
    """Leave `names` unanswered: absent from the data, or present as null."""
    if as_null:
        return {k: None if k in names else v for k, v in values.items()}
    return {k: v for k, v in values.items() if k not in names}


@needs_json_logic
@settings(FAST, max_examples=1000)
@given(_typed_conditions(3), _values(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
def test_evaluate_agrees_with_a_third_party_jsonlogic(
    node: Node, values: dict[str, object], today: dt.date
) -> None:
    assert check_condition(node, T_ENV) == []
    expected = evaluate(node, values, today, T_ENV)
    assert isinstance(expected, bool)
    assert _jsonlogic(to_jsonlogic(node, T_ENV), values, today) is expected
    iso = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}
    assert evaluate(node, iso, today, T_ENV) is expected  # dates may travel as ISO text
    assert evaluate(p(format_condition(node)), values, today, T_ENV) is expected
