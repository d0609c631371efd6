"""Type-checking conditions: codes and offsets of type errors, messages and hints, and the
explain pages' examples doing what they say."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from condition_helpers import (
    ENV,
    p,
)

from compiler.conditions.types import TypeInfo, check_condition
from compiler.vocabulary import FieldType as F
from dsl.diagnostics import Code

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
